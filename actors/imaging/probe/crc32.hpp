#pragma once

#include <cstdint>
#include <string_view>

namespace imaging::probe {

/// CRC-32 as used by PNG (ISO 3309, polynomial 0xEDB88320).
std::uint32_t crc32(std::string_view bytes) noexcept;

} // namespace imaging::probe
