#pragma once

// Bounds-checked reads from untrusted bytes. A read outside the data yields
// 0 instead of touching memory it does not own; parsers call contains()
// before they trust what they read, so a missing check costs a wrong value,
// never undefined behaviour.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace imaging::probe {

enum class byte_order { little, big };

class byte_reader {
public:
  explicit byte_reader(std::string_view bytes) noexcept : bytes_(bytes) {}

  std::size_t size() const noexcept {
    return bytes_.size();
  }

  /// True when [offset, offset + count) lies inside the data; immune to
  /// overflow for any 64-bit inputs.
  bool contains(std::uint64_t offset, std::uint64_t count) const noexcept {
    return offset <= bytes_.size() && count <= bytes_.size() - offset;
  }

  /// The bytes [offset, offset + count), or an empty view when outside.
  std::string_view view(std::uint64_t offset, std::uint64_t count) const noexcept {
    if (!contains(offset, count))
      return {};
    return bytes_.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(count));
  }

  std::uint8_t u8(std::uint64_t offset) const noexcept {
    if (!contains(offset, 1))
      return 0;
    return static_cast<std::uint8_t>(bytes_[static_cast<std::size_t>(offset)]);
  }

  std::uint16_t u16(std::uint64_t offset, byte_order order) const noexcept {
    return static_cast<std::uint16_t>(unsigned_value(offset, 2, order));
  }

  std::uint32_t u24(std::uint64_t offset, byte_order order) const noexcept {
    return static_cast<std::uint32_t>(unsigned_value(offset, 3, order));
  }

  std::uint32_t u32(std::uint64_t offset, byte_order order) const noexcept {
    return static_cast<std::uint32_t>(unsigned_value(offset, 4, order));
  }

private:
  std::uint64_t unsigned_value(std::uint64_t offset, unsigned count,
                               byte_order order) const noexcept {
    if (!contains(offset, count))
      return 0;
    std::uint64_t value = 0;
    for (unsigned i = 0; i < count; ++i) {
      unsigned index = order == byte_order::big ? i : count - 1 - i;
      value = (value << 8) | u8(offset + index);
    }
    return value;
  }

  std::string_view bytes_;
};

} // namespace imaging::probe
