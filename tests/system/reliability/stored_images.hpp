#pragma once

// What a node shows of its images, checked over HTTP against what clients
// sent and what the node acknowledged. Failures are Boost.Test failures:
// call these from the test's own thread only.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/deadline.hpp"
#include "tests/support/http_client.hpp"
#include "tests/system/reliability/acknowledgements.hpp"

namespace reliability {

/// Every image the node lists (GET /v1/images, page after page), newest
/// first. Fails the test unless every page answers 200.
std::vector<nlohmann::json> all_images(const test_support::http_client& client);

/// Checks that no image of `images` (as listed) is partial: versions are
/// numbered 1 to n; the original answers 200 with the listed size and
/// sha256, which is the digest of one of the images clients sent
/// (`sent_digests`); a done version's content answers 200 with its listed
/// size and sha256; a failed version has an error message.
void expect_whole(const test_support::http_client& client,
                  const std::vector<nlohmann::json>& images,
                  const std::set<std::string>& sent_digests);

/// Checks that every acknowledged image is listed in `images`, with the
/// size and digest of the bytes uploaded, and has every acknowledged
/// version.
void expect_acknowledged_kept(const std::vector<nlohmann::json>& images,
                              const std::map<std::string, acknowledged_image>& acknowledged);

/// Lists the images until every version of every image is done or failed,
/// and returns that listing; fails the test, naming a version still
/// unsettled, when `until` passes first.
std::vector<nlohmann::json> settled_images(const test_support::http_client& client,
                                           test_support::deadline until);

/// The versions of `images` that failed, as "<id> <version JSON>" lines.
std::vector<std::string> failed_versions(const std::vector<nlohmann::json>& images);

} // namespace reliability
