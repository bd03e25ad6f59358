#include "tests/system/reliability/acknowledgements.hpp"

#include "actors/model/digest.hpp"

namespace reliability {

void acknowledgements::add_image(const std::string& id, const std::string& original,
                                 std::vector<std::uint32_t> versions) {
  acknowledged_image image{model::sha256_hex(original), original.size(), std::move(versions)};
  std::lock_guard guard{mutex_};
  count_ += 1 + image.versions.size();
  images_[id] = std::move(image);
}

void acknowledgements::add_version(const std::string& id, std::uint32_t number) {
  std::lock_guard guard{mutex_};
  ++count_;
  images_[id].versions.push_back(number);
}

std::size_t acknowledgements::count() const {
  std::lock_guard guard{mutex_};
  return count_;
}

std::map<std::string, acknowledged_image> acknowledgements::images() const {
  std::lock_guard guard{mutex_};
  return images_;
}

} // namespace reliability
