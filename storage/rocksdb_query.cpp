// Answering a query (model::image_query) from the index family: each
// condition is one index prefix, read newest first, and the images on every
// prefix are found by leapfrogging: each prefix in turn seeks to the newest
// entry not newer than the best candidate so far, until all agree. The
// reads grow with the images returned and the entries of the rarest prefix
// passed on the way, never with the images stored.

#include "storage/rocksdb_image_store.hpp"
#include "storage/storage_errors.hpp"

namespace storage {

namespace {

// Sorts after every image id: the start of a scan without an upper bound.
const std::string after_every_id = "~";

// A condition: an index prefix, and for the focus index a bound on the
// entries' values.
struct condition {
  std::string prefix;
  std::optional<double> focus_below;

  bool accepts(const rocksdb::Slice& value) const {
    if (!focus_below)
      return true;
    auto measure = keys::parse_focus_entry(value.ToStringView());
    return measure && measure->focus < *focus_below;
  }
};

// One condition, read newest first.
class posting {
public:
  posting(condition wanted, std::unique_ptr<rocksdb::Iterator> entries)
      : wanted_(std::move(wanted)), entries_(std::move(entries)) {}

  // The id of the newest entry with an id not after `bound` (before it
  // when `inclusive` is false); empty when there is none.
  std::string newest_up_to(const std::string& bound, bool inclusive) {
    const auto& prefix = wanted_.prefix;
    auto target = prefix + bound;
    entries_->SeekForPrev(target);
    if (!inclusive && entries_->Valid() && entries_->key() == target)
      entries_->Prev();
    for (; entries_->Valid() && entries_->key().starts_with(prefix); entries_->Prev()) {
      auto id = keys::indexed_id(entries_->key().ToStringView(), prefix);
      if (!id.empty() && wanted_.accepts(entries_->value()))
        return std::string(id);
    }
    return {};
  }

  rocksdb::Status status() const {
    return entries_->status();
  }

private:
  condition wanted_;
  std::unique_ptr<rocksdb::Iterator> entries_;
};

std::vector<condition> conditions_of(const model::image_query& query) {
  std::vector<condition> conditions;
  for (auto& prefix : keys::index_prefixes(query.labels, query.uploaded_by, query.profile))
    conditions.push_back({std::move(prefix), std::nullopt});
  if (query.status != model::image_outcome::any)
    conditions.push_back({keys::outcome_index_prefix(query.status), std::nullopt});
  if (query.focus_below)
    conditions.push_back({keys::focus_index_prefix(), query.focus_below});
  return conditions;
}

// The smaller of two exclusive upper bounds, empty ones meaning none.
std::string lower_of(const std::string& a, const std::string& b) {
  if (a.empty())
    return b;
  if (b.empty())
    return a;
  return std::min(a, b);
}

} // namespace

model::outcome<model::image_page>
rocksdb_image_store::list_images(const model::image_query& query) {
  if (query.limit == 0)
    return model::make_problem(model::error_code::invalid_request, "limit must be at least 1");
  for (const auto* bound : {&query.before, &query.since, &query.until})
    if (!bound->empty())
      if (auto valid = check_image_id(*bound); !valid)
        return valid.error();
  auto scan = scan_images();
  // Newest first, from just below the upper bound down to `since`.
  auto upper = lower_of(query.before, query.until);
  auto in_range = [&](const std::string& id) { return !id.empty() && id >= query.since; };

  std::vector<posting> postings;
  rocksdb::ReadOptions read;
  read.snapshot = scan.snapshot.snapshot();
  for (auto& wanted : conditions_of(query))
    postings.emplace_back(std::move(wanted), std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(
                                                 read, family(keys::index_family))));

  // The newest matching id before `bound` (not after it when `inclusive`).
  auto next_match = [&](const std::string& bound, bool inclusive) -> std::string {
    if (postings.empty()) {
      auto& images = *scan.images;
      images.SeekForPrev(bound);
      if (!inclusive && images.Valid() && images.key() == bound)
        images.Prev();
      return images.Valid() && in_range(images.key().ToString()) ? images.key().ToString()
                                                                 : std::string();
    }
    auto candidate = postings[0].newest_up_to(bound, inclusive);
    std::size_t agreeing = 1;
    for (std::size_t turn = 1; in_range(candidate) && agreeing < postings.size(); ++turn) {
      auto found = postings[turn % postings.size()].newest_up_to(candidate, true);
      if (found == candidate) {
        ++agreeing;
      } else {
        candidate = std::move(found);
        agreeing = 1;
      }
    }
    return in_range(candidate) ? candidate : std::string();
  };

  model::image_page page;
  auto id = next_match(upper.empty() ? after_every_id : upper, upper.empty());
  for (; !id.empty(); id = next_match(id, false)) {
    if (page.images.size() == query.limit) {
      page.next = page.images.back().id;
      break;
    }
    auto image = read_image(id, read);
    if (!image)
      return image.error();
    auto versions = read_versions(*scan.versions, id);
    if (!versions)
      return versions.error();
    image->versions = std::move(*versions);
    page.images.push_back(std::move(*image));
  }
  for (const auto& each : postings)
    if (!each.status().ok())
      return storage_failure("list images", each.status());
  if (!scan.images->status().ok())
    return storage_failure("list images", scan.images->status());
  return page;
}

} // namespace storage
