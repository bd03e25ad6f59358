#pragma once

// Shared pieces of the storage tests: a temporary store directory and a store
// in it, sample records and field-by-field record comparison.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "actors/model/digest.hpp"
#include "actors/model/image_id.hpp"
#include "actors/model/record_fields.hpp"
#include "storage/image_store.hpp"
#include "tests/support/temp_directory.hpp"

namespace storage_test {

using test_support::temp_directory;

inline std::unique_ptr<storage::image_store> open_store(const storage::store_options& options) {
  auto store = storage::image_store::open(options);
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  return std::move(*store);
}

inline std::unique_ptr<storage::image_store> open_store(const std::string& path) {
  storage::store_options options;
  options.path = path;
  return open_store(options);
}

/// A store in a fresh temporary directory.
struct store_fixture {
  temp_directory directory;
  std::unique_ptr<storage::image_store> store = open_store(directory.store_path());

  void reopen() {
    store.reset();
    store = open_store(directory.store_path());
  }

  std::vector<std::string> unfinished() {
    auto ids = store->images_with_unfinished_versions();
    BOOST_REQUIRE(ids.ok());
    return *ids;
  }
};

/// `size` deterministic pseudo-random bytes, different for each `seed`.
inline std::string test_bytes(std::size_t size, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (auto& byte : bytes)
    byte = static_cast<char>(random());
  return bytes;
}

/// An image record with every field set, for bytes of size `bytes`.
inline model::image_record sample_image(const std::string& id, std::uint64_t bytes) {
  model::image_record image;
  image.id = id;
  image.format = "PNG";
  image.width = 640;
  image.height = 480;
  image.bytes = bytes;
  image.sha256 = std::string(64, 'a');
  image.created_ms = 1'700'000'000'123;
  image.profile = "thumbnail";
  image.uploaded_by = "camera-7";
  image.labels = {{"line", "3"}, {"note", "Prüfung ✓"}};
  return image;
}

/// A version with every field set; for done versions `bytes` must match the
/// bytes given to finish_version.
inline model::version_record sample_version(std::uint32_t number, model::version_status status,
                                            std::uint64_t bytes = 0) {
  model::version_record version;
  version.number = number;
  version.status = status;
  version.command.base = model::base_latest;
  version.source = number - 1;
  version.command.ops = {{"resize", {"320", "240"}}, {"grayscale", {}}, {"format", {"png"}}};
  version.created_ms = 1'700'000'001'000;
  version.started_ms = 1'700'000'001'500;
  version.finished_ms = 1'700'000'002'000;
  version.attempts = 2;
  version.submitted_by = "line-3";
  version.output.format = "PNG";
  version.output.width = 320;
  version.output.height = 240;
  version.output.bytes = bytes;
  version.output.sha256 = std::string(64, 'b');
  version.output.took_ms = 412;
  version.output.node = "worker-1";
  if (status == model::version_status::failed)
    version.error = {"operation_failed", "cannot crop outside the image"};
  return version;
}

/// create_image() of `image` with the size and SHA-256 of `original`, as an
/// upload records them (the store names bytes by their SHA-256); `image`
/// becomes what was stored.
inline model::status create(storage::image_store& store, model::image_record& image,
                            std::string_view original) {
  image.bytes = original.size();
  image.sha256 = model::sha256_hex(original);
  return store.create_image(image, original);
}

inline model::status create(storage::image_store& store, model::image_record&& image,
                            std::string_view original) {
  return create(store, image, original);
}

inline model::status create(storage::image_store& store, model::image_record& image,
                            std::string_view original, const storage::idempotency_claim& claim) {
  image.bytes = original.size();
  image.sha256 = model::sha256_hex(original);
  return store.create_image(image, original, claim);
}

inline model::status create(storage::image_store& store, model::image_record&& image,
                            std::string_view original, const storage::idempotency_claim& claim) {
  return create(store, image, original, claim);
}

/// finish_version() of `version` with the size and SHA-256 of `bytes`, as a
/// worker records them; `version` becomes what was stored.
inline model::status finish(storage::image_store& store, const std::string& id,
                            model::version_record& version, std::string_view bytes) {
  version.output.bytes = bytes.size();
  version.output.sha256 = model::sha256_hex(bytes);
  return store.finish_version(id, version, bytes);
}

inline model::status finish(storage::image_store& store, const std::string& id,
                            model::version_record&& version, std::string_view bytes) {
  return finish(store, id, version, bytes);
}

/// The query of a plain listing: `limit` images before `before`.
inline model::image_query newest_images(std::uint32_t limit, std::string before = {}) {
  model::image_query query;
  query.limit = limit;
  query.before = std::move(before);
  return query;
}

/// Ids that increase with each call, as the image registry creates them.
inline std::string next_id() {
  static model::image_id_generator ids;
  static std::int64_t clock_ms = 1'700'000'000'000;
  return ids.next(clock_ms += 1000);
}

/// Checks every field of the records' field lists, records inside included;
/// an image's versions are not compared (they are stored on their own).
template<class Record>
void check_same_fields(const Record& actual, const Record& expected);

template<class T>
void check_same_field(const model::field<T>& actual, const model::field<T>& expected) {
  using value_type = std::remove_const_t<T>;
  if constexpr (model::has_fields_v<value_type>)
    check_same_fields(actual.value, expected.value);
  else if constexpr (std::is_same_v<value_type, model::version_status>)
    BOOST_TEST(model::to_string(actual.value) == model::to_string(expected.value), actual.name);
  else if constexpr (std::is_same_v<value_type, std::vector<model::version_record>>)
    return;
  else
    BOOST_TEST((actual.value == expected.value), actual.name);
}

template<class Record>
void check_same_fields(const Record& actual, const Record& expected) {
  std::apply(
      [&](auto... actual_fields) {
        std::apply(
            [&](auto... expected_fields) {
              (check_same_field(actual_fields, expected_fields), ...);
            },
            model::fields(expected));
      },
      model::fields(actual));
}

inline void check_same_version(const model::version_record& actual,
                               const model::version_record& expected) {
  check_same_fields(actual, expected);
}

inline void check_same_image(const model::image_record& actual,
                             const model::image_record& expected) {
  check_same_fields(actual, expected);
  BOOST_REQUIRE_EQUAL(actual.versions.size(), expected.versions.size());
  for (std::size_t i = 0; i < actual.versions.size(); ++i)
    check_same_version(actual.versions[i], expected.versions[i]);
}

/// Checks that `result` failed with `code` and a message containing `text`.
template<class Outcome>
void check_problem(const Outcome& result, model::error_code code, const std::string& text = "") {
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(model::to_string(result.error().code) == model::to_string(code));
  BOOST_TEST(result.error().message.find(text) != std::string::npos, result.error().message);
}

} // namespace storage_test
