#pragma once

// JPEG shrink-on-load. libjpeg can decode at 1/2, 1/4 or 1/8 scale for a
// fraction of the cost; GraphicsMagick does so when told the wanted size
// before reading. This decides that size from the header and the command.

#include <cstdint>
#include <optional>
#include <vector>

#include "actors/imaging/image_probe.hpp"
#include "actors/model/records.hpp"

namespace imaging {

struct decode_size {
  std::uint32_t width = 0;
  std::uint32_t height = 0;

  friend bool operator==(const decode_size& a, const decode_size& b) {
    return a.width == b.width && a.height == b.height;
  }
};

/// The size hint for decoding `header`'s image before running `ops`, in the
/// stored (not yet oriented) frame, or nullopt for no hint.
///
/// A hint is given only for JPEG, when the first operation that changes the
/// geometry or needs full resolution is resize or thumbnail, and its result
/// is smaller than the image in both directions; only autoorient, strip,
/// grayscale, format and quality may come before it. The hint is that
/// result, swapped when autoorient turns the image by 90 degrees first. It
/// is never larger than the image: GraphicsMagick 1.3.40 would decode at 2x
/// then. Since the decoder picks a scale of at least the hint, the resize
/// that follows still produces exactly the size it would without the hint.
/// Unknown or invalid operations yield nullopt. Pure; thread-safe.
std::optional<decode_size> jpeg_decode_hint(const image_header& header,
                                            const std::vector<model::op_call>& ops);

/// How read_jpeg() (jpeg_reader.hpp) should decode a JPEG for `ops`.
struct direct_jpeg_plan {
  std::optional<decode_size> at_least; // jpeg_decode_hint()
  bool gray = false;
};

/// When `ops` let read_jpeg() decode `header`'s JPEG better than
/// GraphicsMagick: the image is wanted smaller (a hint) or gray (a
/// grayscale operation with only transparent and fit operations before it,
/// which commute with turning gray), and `ops` drop the metadata (strip or
/// thumbnail) that read_jpeg() does not keep. nullopt otherwise. Pure.
std::optional<direct_jpeg_plan> direct_jpeg_decode(const image_header& header,
                                                   const std::vector<model::op_call>& ops);

} // namespace imaging
