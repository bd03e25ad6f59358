#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/imaging/probe/format_probes.hpp"
#include "actors/imaging/probe/iso_boxes.hpp"

namespace imaging::probe {

namespace {

// The decoder opens the container boxes below wherever they appear, so a
// hostile file could nest them as deep as it likes; real files nest four
// deep (meta, iprp, ipco, a property).
constexpr unsigned max_depth = 8;
constexpr std::size_t max_boxes = 16384; // in the whole file
// Items, references, property associations and data extents, each: phones
// store large photos as grids of a few hundred tiles with a few properties
// each.
constexpr std::uint64_t max_entries = 16384;
constexpr std::uint64_t full_box_header = 4; // version, flags

// Reference types whose chains the decoder follows between items: derived
// images (grids, overlays), thumbnails, auxiliary images (alpha, depth),
// metadata.
constexpr std::string_view followed_references[] = {"dimg", "thmb", "auxl", "cdsc"};

struct box_tree {
  iso_box box;
  std::vector<box_tree> children; // of the container types only
};

struct reference {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
};

std::uint8_t version_of(const iso_box& box) {
  return byte_reader(box.payload).u8(0);
}

std::uint32_t flags_of(const iso_box& box) {
  return byte_reader(box.payload).u24(1, byte_order::big);
}

// Where the child boxes start in the payload of a container box; nullopt
// for the other boxes.
std::optional<std::uint64_t> children_offset(const iso_box& box) {
  if (box.type == "meta" || box.type == "iref")
    return full_box_header;
  if (box.type == "iinf") // then an entry count of 16 bits (version 0) or 32
    return full_box_header + (version_of(box) == 0 ? 2 : 4);
  if (box.type == "dref") // then a 32-bit entry count
    return full_box_header + 4;
  if (box.type == "iprp" || box.type == "ipco" || box.type == "dinf" || box.type == "grpl")
    return 0;
  return std::nullopt;
}

// The boxes of a HEIF file as a tree, every size checked, within the bounds
// above.
class tree_reader {
public:
  explicit tree_reader(image_format format) : format_(format) {}

  /// The boxes that fill `data`, which is the file (`parent` null) or the
  /// children of `parent` at `depth` (the file's boxes are at depth 1).
  model::outcome<std::vector<box_tree>> read(std::string_view data, std::uint64_t offset,
                                             const iso_box* parent, unsigned depth) {
    std::string container = parent == nullptr ? "" : box_name(*parent);
    auto boxes = read_boxes(data, offset, container, format_, max_boxes);
    if (!boxes)
      return boxes.error();
    if (boxes->size() > boxes_left_)
      return corrupt(format_, "more than " + std::to_string(max_boxes) + " boxes");
    boxes_left_ -= boxes->size();
    std::vector<box_tree> trees;
    for (const auto& box : *boxes) {
      box_tree tree{box, {}};
      // References are plain records, whatever their type is called.
      bool is_reference = parent != nullptr && parent->type == "iref";
      auto children = is_reference ? std::nullopt : children_offset(box);
      if (children) {
        if (depth == max_depth)
          return corrupt(format_, box_name(box) + " is nested deeper than " +
                                      std::to_string(max_depth) + " boxes");
        if (box.payload.size() < *children)
          return corrupt(format_, box_name(box) + " is too short for its header");
        auto nested =
            read(box.payload.substr(*children), box.payload_offset + *children, &box, depth + 1);
        if (!nested)
          return nested.error();
        tree.children = std::move(*nested);
      }
      trees.push_back(std::move(tree));
    }
    return trees;
  }

private:
  image_format format_;
  std::size_t boxes_left_ = max_boxes;
};

const box_tree* child(const std::vector<box_tree>& trees, std::string_view type) {
  auto found = std::find_if(trees.begin(), trees.end(),
                            [type](const box_tree& tree) { return tree.box.type == type; });
  return found == trees.end() ? nullptr : &*found;
}

// Reads the fields of one box, each bounds-checked; a read past the payload
// marks the box truncated and yields 0.
class field_reader {
public:
  explicit field_reader(const iso_box& box) : reader_(box.payload) {}

  /// The next big-endian number of 0, 1, 2, 4 or 8 bytes.
  std::uint64_t number(std::uint64_t bytes) {
    if (!reader_.contains(pos_, bytes)) {
      truncated_ = true;
      return 0;
    }
    std::uint64_t value = 0;
    for (std::uint64_t i = 0; i < bytes; ++i)
      value = (value << 8) | reader_.u8(pos_ + i);
    pos_ += bytes;
    return value;
  }

  void skip(std::uint64_t bytes) {
    pos_ += bytes;
  }

  bool truncated() const {
    return truncated_;
  }

private:
  byte_reader reader_;
  std::uint64_t pos_ = 0;
  bool truncated_ = false;
};

class heif_parser {
public:
  explicit heif_parser(image_format format) : format_(format) {}

  model::problem damaged(const std::string& detail) const {
    return corrupt(format_, detail);
  }

  model::problem truncated(const iso_box& box) const {
    return damaged(box_name(box) + " is truncated");
  }

  model::outcome<std::uint32_t> primary_item(const iso_box& pitm) const {
    field_reader fields(pitm);
    fields.skip(full_box_header);
    std::uint32_t item = fields.number(version_of(pitm) == 0 ? 2 : 4);
    if (fields.truncated())
      return truncated(pitm);
    return item;
  }

  // The IDs of the item information entries (infe), sorted.
  model::outcome<std::vector<std::uint32_t>> items(const box_tree& iinf) const {
    std::vector<std::uint32_t> ids;
    for (const auto& entry : iinf.children) {
      if (entry.box.type != "infe")
        continue;
      field_reader fields(entry.box);
      fields.skip(full_box_header);
      ids.push_back(fields.number(version_of(entry.box) >= 3 ? 4 : 2));
      if (fields.truncated())
        return truncated(entry.box);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  model::outcome<std::vector<reference>> references(const box_tree& iref) const {
    std::uint64_t id_bytes = version_of(iref.box) == 0 ? 2 : 4;
    std::vector<reference> found;
    for (const auto& list : iref.children) {
      const auto& box = list.box;
      if (std::find(std::begin(followed_references), std::end(followed_references), box.type) ==
          std::end(followed_references))
        continue;
      field_reader fields(box);
      std::uint32_t from = fields.number(id_bytes);
      std::uint32_t count = fields.number(2);
      if (found.size() + count > max_entries)
        return damaged("more than " + std::to_string(max_entries) + " item references");
      for (std::uint32_t i = 0; i < count && !fields.truncated(); ++i)
        found.push_back({from, static_cast<std::uint32_t>(fields.number(id_bytes))});
      if (fields.truncated())
        return truncated(box);
    }
    return found;
  }

  // The property indexes (1-based, into `property_count` properties)
  // associated with `item` by the ipma boxes among `boxes`; every index of
  // every item is checked.
  model::outcome<std::vector<std::uint32_t>> properties_of(std::uint32_t item,
                                                           const std::vector<box_tree>& boxes,
                                                           std::size_t property_count) const {
    std::vector<std::uint32_t> indexes;
    std::uint64_t associations = 0;
    for (const auto& tree : boxes) {
      const auto& ipma = tree.box;
      if (ipma.type != "ipma")
        continue;
      std::uint64_t id_bytes = version_of(ipma) == 0 ? 2 : 4;
      bool wide_index = (flags_of(ipma) & 1) != 0;
      field_reader fields(ipma);
      fields.skip(full_box_header);
      std::uint32_t entries = fields.number(4);
      for (std::uint32_t entry = 0; entry < entries && !fields.truncated(); ++entry) {
        std::uint32_t id = fields.number(id_bytes);
        std::uint32_t count = fields.number(1);
        associations += count;
        if (associations > max_entries)
          return damaged("more than " + std::to_string(max_entries) + " property associations");
        for (std::uint32_t i = 0; i < count && !fields.truncated(); ++i) {
          // The top bit marks the property essential.
          auto index = static_cast<std::uint32_t>(wide_index ? fields.number(2) & 0x7FFF
                                                             : fields.number(1) & 0x7F);
          if (index > property_count)
            return damaged("item " + std::to_string(id) + " refers to property " +
                           std::to_string(index) + " of " + std::to_string(property_count));
          if (id == item && index != 0) // 0: no property
            indexes.push_back(index);
        }
      }
      if (fields.truncated())
        return truncated(ipma);
    }
    return indexes;
  }

  // Whether the data of every item (ISO/IEC 14496-12 section 8.11.3) lies
  // inside the file or the idat box: a file cut at the end of a box passes
  // the size checks of the boxes but misses the data of its items.
  model::status check_item_data(const iso_box& iloc, std::string_view file,
                                const box_tree* idat) const {
    std::uint8_t version = version_of(iloc);
    field_reader fields(iloc);
    fields.skip(full_box_header);
    std::uint64_t sizes = fields.number(2);
    std::uint64_t offset_size = sizes >> 12;
    std::uint64_t length_size = (sizes >> 8) & 0xF;
    std::uint64_t base_offset_size = (sizes >> 4) & 0xF;
    std::uint64_t index_size = version == 0 ? 0 : sizes & 0xF;
    for (auto size : {offset_size, length_size, base_offset_size, index_size})
      if (size != 0 && size != 4 && size != 8)
        return damaged(box_name(iloc) + " has a field size of " + std::to_string(size) + " bytes");
    std::uint64_t items = fields.number(version < 2 ? 2 : 4);
    std::uint64_t all_extents = 0; // bounded apart: an extent may take no bytes
    for (std::uint64_t i = 0; i < items && !fields.truncated(); ++i) {
      std::uint64_t item = fields.number(version < 2 ? 2 : 4);
      std::uint64_t method = version == 0 ? 0 : fields.number(2) & 0xF;
      std::uint64_t data_reference = fields.number(2);
      std::uint64_t base = fields.number(base_offset_size);
      std::uint64_t extents = fields.number(2);
      all_extents += extents;
      if (all_extents > max_entries)
        return damaged("more than " + std::to_string(max_entries) + " item data extents");
      // 0: offsets into the file, 1: into idat, 2: into another item.
      std::string_view container = method == 0 ? file : idat ? idat->box.payload : "";
      for (std::uint64_t e = 0; e < extents && !fields.truncated(); ++e) {
        fields.skip(index_size);
        std::uint64_t start = base + fields.number(offset_size);
        std::uint64_t length = fields.number(length_size);
        bool inside = start >= base && byte_reader(container).contains(start, length);
        if (!fields.truncated() && data_reference == 0 && method < 2 && !inside)
          return damaged("the data of item " + std::to_string(item) + " lies outside " +
                         (method == 0 ? "the file (truncated?)" : "the idat box"));
      }
    }
    if (fields.truncated())
      return truncated(iloc);
    return model::ok_status();
  }

private:
  image_format format_;
};

// Whether following the references from some item leads back to it. Items
// without incoming references are taken away one by one (a topological
// sort); any left over lie on a loop or behind one.
bool has_reference_loop(const std::vector<reference>& references) {
  std::multimap<std::uint32_t, std::uint32_t> targets;
  std::map<std::uint32_t, std::size_t> incoming;
  for (const auto& ref : references) {
    targets.emplace(ref.from, ref.to);
    incoming[ref.from];
    ++incoming[ref.to];
  }
  std::vector<std::uint32_t> free_items;
  for (const auto& [item, count] : incoming)
    if (count == 0)
      free_items.push_back(item);
  std::size_t removed = 0;
  while (!free_items.empty()) {
    std::uint32_t item = free_items.back();
    free_items.pop_back();
    ++removed;
    auto [first, last] = targets.equal_range(item);
    for (auto target = first; target != last; ++target)
      if (--incoming[target->second] == 0)
        free_items.push_back(target->second);
  }
  return removed != incoming.size();
}

} // namespace

// Checks every box size, the nesting and number of boxes, that the primary
// item exists, that item references form no loop, that every item's data
// lies inside the file, and that property associations name existing
// properties; the size is the primary item's ispe, turned by its irot.
model::outcome<image_header> probe_heif(std::string_view bytes, image_format format) {
  heif_parser parser(format);
  auto file = tree_reader(format).read(bytes, 0, nullptr, 1);
  if (!file)
    return file.error();
  const box_tree* meta = child(*file, "meta");
  if (meta == nullptr)
    return parser.damaged("no meta box");
  const box_tree* pitm = child(meta->children, "pitm");
  if (pitm == nullptr)
    return parser.damaged("no primary item (pitm box)");
  auto primary = parser.primary_item(pitm->box);
  if (!primary)
    return primary.error();
  std::string primary_name = "primary item " + std::to_string(*primary);

  const box_tree* iinf = child(meta->children, "iinf");
  if (iinf == nullptr)
    return parser.damaged("no item list (iinf box)");
  auto items = parser.items(*iinf);
  if (!items)
    return items.error();
  if (!std::binary_search(items->begin(), items->end(), *primary))
    return parser.damaged(primary_name + " is not in the item list");

  if (const box_tree* iref = child(meta->children, "iref")) {
    auto references = parser.references(*iref);
    if (!references)
      return references.error();
    if (has_reference_loop(*references))
      return parser.damaged("item references form a loop");
  }

  const box_tree* iloc = child(meta->children, "iloc");
  if (iloc == nullptr)
    return parser.damaged("no item locations (iloc box)");
  if (auto located = parser.check_item_data(iloc->box, bytes, child(meta->children, "idat"));
      !located)
    return located.error();

  const box_tree* iprp = child(meta->children, "iprp");
  const box_tree* ipco = iprp == nullptr ? nullptr : child(iprp->children, "ipco");
  if (ipco == nullptr)
    return parser.damaged("no item properties (iprp and ipco boxes)");
  auto indexes = parser.properties_of(*primary, iprp->children, ipco->children.size());
  if (!indexes)
    return indexes.error();
  const iso_box* extent = nullptr;
  std::uint8_t rotation = 0; // quarter turns anticlockwise
  for (auto index : *indexes) {
    const iso_box& property = ipco->children[index - 1].box;
    if (property.type == "ispe" && extent == nullptr)
      extent = &property;
    if (property.type == "irot") {
      if (property.payload.empty())
        return parser.truncated(property);
      rotation = byte_reader(property.payload).u8(0) & 3;
    }
  }
  if (extent == nullptr)
    return parser.damaged(primary_name + " has no size (ispe property)");
  field_reader fields(*extent);
  fields.skip(full_box_header);
  std::uint32_t width = fields.number(4);
  std::uint32_t height = fields.number(4);
  if (fields.truncated())
    return parser.truncated(*extent);
  if (rotation % 2 == 1)
    std::swap(width, height);
  return header_of(format, width, height);
}

} // namespace imaging::probe
