#include "actors/imaging/decode_hint.hpp"

#include <utility>

#include "actors/imaging/operations/binding.hpp"

namespace imaging {

namespace {

/// `ops` bound to their catalog entries, when `header` is a JPEG's and
/// every call is valid.
std::optional<std::vector<operations::bound_operation>>
bound_jpeg_operations(const image_header& header, const std::vector<model::op_call>& ops) {
  if (header.format != image_format::jpeg)
    return std::nullopt;
  auto bound = operations::bind_operations(ops);
  if (!bound)
    return std::nullopt;
  return std::move(bound).value();
}

} // namespace

std::optional<decode_size> jpeg_decode_hint(const image_header& header,
                                            const std::vector<model::op_call>& ops) {
  auto bound = bound_jpeg_operations(header, ops);
  if (!bound)
    return std::nullopt;
  const operations::geometry stored{header.width, header.height, header.orientation};
  operations::geometry current = stored;
  for (const auto& op : *bound) {
    auto next = op.entry->output(current, op.args);
    if (!next || op.entry->role == operations::shrink_role::barrier)
      return std::nullopt;
    if (op.entry->role == operations::shrink_role::transparent) {
      current = *next;
      continue;
    }
    // The fit's result in the stored frame: transparent operations before
    // it may only have turned the image by 90 degrees.
    bool turned = current.width != stored.width;
    std::uint64_t width = turned ? next->height : next->width;
    std::uint64_t height = turned ? next->width : next->height;
    if (width >= stored.width || height >= stored.height)
      return std::nullopt;
    return decode_size{static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
  }
  return std::nullopt;
}

std::optional<direct_jpeg_plan> direct_jpeg_decode(const image_header& header,
                                                   const std::vector<model::op_call>& ops) {
  auto bound = bound_jpeg_operations(header, ops);
  if (!bound)
    return std::nullopt;
  bool drops_metadata = false;
  bool gray = false;
  bool before_barrier = true;
  for (const auto& op : *bound) {
    const auto& name = op.entry->spec.name;
    drops_metadata = drops_metadata || name == "strip" || name == "thumbnail";
    before_barrier = before_barrier && op.entry->role != operations::shrink_role::barrier;
    gray = gray || (before_barrier && name == "grayscale");
  }
  direct_jpeg_plan plan{jpeg_decode_hint(header, ops), gray};
  if (!drops_metadata || (!plan.at_least && !plan.gray))
    return std::nullopt;
  return plan;
}

} // namespace imaging
