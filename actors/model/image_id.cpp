#include "actors/model/image_id.hpp"

#include <algorithm>
#include <array>

namespace model {

namespace {

constexpr char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

bool is_crockford(char c) {
  for (const char* p = crockford; *p != '\0'; ++p)
    if (*p == c)
      return true;
  return false;
}

// The id of time `epoch_ms` (0 to 2^48 - 1) and the 80 random bits
// `high` (16) and `low` (64).
std::string encode_id(std::int64_t epoch_ms, std::uint64_t high, std::uint64_t low) {
  // 128 bits: 48 time, 80 random; 26 base32 digits carry 130 bits, so the
  // first digit holds only the top 3 bits (0-7).
  std::array<std::uint8_t, 16> bits{};
  auto time = static_cast<std::uint64_t>(epoch_ms);
  for (int i = 5; i >= 0; --i) {
    bits[i] = static_cast<std::uint8_t>(time & 0xFF);
    time >>= 8;
  }
  bits[6] = static_cast<std::uint8_t>(high >> 8);
  bits[7] = static_cast<std::uint8_t>(high & 0xFF);
  for (int i = 15; i >= 8; --i) {
    bits[i] = static_cast<std::uint8_t>(low & 0xFF);
    low >>= 8;
  }
  std::string id(26, '0');
  // Read 5 bits at a time from a 130-bit big-endian number whose top two
  // bits are zero.
  for (int digit = 0; digit < 26; ++digit) {
    int bit_index = digit * 5 - 2; // position in the 128-bit array
    unsigned value = 0;
    for (int b = 0; b < 5; ++b) {
      int position = bit_index + b;
      value <<= 1;
      if (position >= 0)
        value |= (bits[position / 8] >> (7 - position % 8)) & 1u;
    }
    id[digit] = crockford[value];
  }
  return id;
}

} // namespace

image_id_generator::image_id_generator() : random_(std::random_device{}()) {}

std::string image_id_generator::next(std::int64_t epoch_ms) {
  if (epoch_ms <= last_ms_) {
    // Same (or earlier, after a clock step) millisecond: keep the previous
    // time and increment the random part so that ids still increase.
    epoch_ms = last_ms_;
    if (++last_low_ == 0)
      last_high_ = (last_high_ + 1) & 0xFFFF;
  } else {
    last_ms_ = epoch_ms;
    last_high_ = random_() & 0xFFFF;
    last_low_ = random_();
  }
  return encode_id(epoch_ms, last_high_, last_low_);
}

std::string first_image_id_at(std::int64_t epoch_ms) {
  constexpr std::int64_t latest_ms = (std::int64_t{1} << 48) - 1;
  return encode_id(std::clamp<std::int64_t>(epoch_ms, 0, latest_ms), 0, 0);
}

bool is_valid_image_id(std::string_view text) noexcept {
  if (text.size() != 26 || text[0] < '0' || text[0] > '7')
    return false;
  for (char c : text)
    if (!is_crockford(c))
      return false;
  return true;
}

std::string canonical_image_id(std::string_view text) {
  std::string id(text);
  std::transform(id.begin(), id.end(), id.begin(), [](char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  return id;
}

} // namespace model
