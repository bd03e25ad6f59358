#pragma once

// Bytes that copies share instead of duplicating: a job's input stays one
// buffer across the job's attempts and the messages that carry it. Between
// nodes they travel as plain bytes (actors/protocol.hpp).

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace model {

class shared_bytes {
public:
  shared_bytes() = default;

  explicit shared_bytes(std::string bytes)
      : bytes_(std::make_shared<const std::string>(std::move(bytes))) {}

  /// The bytes; empty when none were given.
  const std::string& str() const noexcept {
    static const std::string none;
    return bytes_ ? *bytes_ : none;
  }

  std::string_view view() const noexcept {
    return str();
  }

  std::size_t size() const noexcept {
    return str().size();
  }

private:
  std::shared_ptr<const std::string> bytes_;
};

} // namespace model
