#pragma once

// Bounds-checked reads of bit fields packed least significant bit first, as
// in JPEG XL headers. Reading past the data yields zero bits and marks the
// reader exhausted, so a parser checks once after a group of fields instead
// of after every read.

#include <cstdint>
#include <string_view>

namespace imaging::probe {

class bit_reader {
public:
  explicit bit_reader(std::string_view bytes) noexcept : bytes_(bytes) {}

  /// The next `count` bits (at most 32) as a number whose lowest bit is the
  /// first bit read.
  std::uint32_t bits(unsigned count) noexcept {
    std::uint32_t value = 0;
    for (unsigned i = 0; i < count; ++i)
      value |= static_cast<std::uint32_t>(next_bit()) << i;
    return value;
  }

  bool flag() noexcept {
    return bits(1) != 0;
  }

  /// True once a read went past the end of the data.
  bool exhausted() const noexcept {
    return exhausted_;
  }

private:
  unsigned next_bit() noexcept {
    std::uint64_t byte = position_ / 8;
    if (byte >= bytes_.size()) {
      exhausted_ = true;
      return 0;
    }
    unsigned bit = (static_cast<unsigned char>(bytes_[byte]) >> (position_ % 8)) & 1u;
    ++position_;
    return bit;
  }

  std::string_view bytes_;
  std::uint64_t position_ = 0;
  bool exhausted_ = false;
};

} // namespace imaging::probe
