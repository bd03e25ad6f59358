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

// One index prefix, read newest first.
class posting {
public:
  posting(std::string prefix, std::unique_ptr<rocksdb::Iterator> entries)
      : prefix_(std::move(prefix)), entries_(std::move(entries)) {}

  // The id of the newest entry with an id not after `bound` (before it
  // when `inclusive` is false); empty when there is none.
  std::string newest_up_to(const std::string& bound, bool inclusive) {
    auto target = prefix_ + bound;
    entries_->SeekForPrev(target);
    if (!inclusive && entries_->Valid() && entries_->key() == target)
      entries_->Prev();
    for (; entries_->Valid() && entries_->key().starts_with(prefix_); entries_->Prev()) {
      auto id = keys::indexed_id(entries_->key().ToStringView(), prefix_);
      if (!id.empty())
        return std::string(id);
    }
    return {};
  }

  rocksdb::Status status() const {
    return entries_->status();
  }

private:
  std::string prefix_;
  std::unique_ptr<rocksdb::Iterator> entries_;
};

std::vector<std::string> condition_prefixes(const model::image_query& query) {
  auto prefixes = keys::index_prefixes(query.labels, query.uploaded_by, query.profile);
  if (query.status != model::image_outcome::any)
    prefixes.push_back(keys::outcome_index_prefix(query.status));
  return prefixes;
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
  for (auto& prefix : condition_prefixes(query))
    postings.emplace_back(std::move(prefix), std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(
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
