#pragma once

// model::image_query answered by walking every image: what storage's
// indexes answer, written out plainly for the test doubles of the store and
// the service.

#include <algorithm>
#include <string>

#include "actors/model/image_query.hpp"
#include "actors/model/measurements.hpp"
#include "actors/model/records.hpp"

namespace test_support {

/// Whether `image` meets every condition of `query` (not its paging).
inline bool meets(const model::image_query& query, const model::image_record& image) {
  for (const auto& [key, value] : query.labels) {
    auto found = image.labels.find(key);
    if (found == image.labels.end() || found->second != value)
      return false;
  }
  if (!query.uploaded_by.empty() && image.uploaded_by != query.uploaded_by)
    return false;
  if (!query.profile.empty() && image.profile != query.profile)
    return false;
  if (query.status != model::image_outcome::any) {
    const model::version_record* newest = nullptr;
    for (const auto& version : image.versions)
      if (newest == nullptr || version.number > newest->number)
        newest = &version;
    if (newest == nullptr || model::outcome_of(newest->status) != query.status)
      return false;
  }
  if (query.focus_below) {
    const model::version_record* measured = nullptr;
    for (const auto& version : image.versions)
      if (version.status == model::version_status::done &&
          model::measured_focus(version.output.stats) &&
          (measured == nullptr || version.number > measured->number))
        measured = &version;
    if (measured == nullptr ||
        !(*model::measured_focus(measured->output.stats) < *query.focus_below))
      return false;
  }
  return image.id >= query.since && (query.until.empty() || image.id < query.until);
}

/// The page `query` asks for, of `images`: a map from id to what
/// `record_of` turns into the image's record.
template<class Images, class RecordOf>
model::image_page query_page(const Images& images, const model::image_query& query,
                             RecordOf record_of) {
  model::image_page page;
  for (auto it = images.rbegin(); it != images.rend(); ++it) {
    const model::image_record& image = record_of(it->second);
    if ((!query.before.empty() && image.id >= query.before) || !meets(query, image))
      continue;
    if (page.images.size() == query.limit) {
      page.next = page.images.back().id;
      break;
    }
    page.images.push_back(image);
  }
  return page;
}

} // namespace test_support
