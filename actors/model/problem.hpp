#pragma once

// The one error vocabulary of the service. Every layer reports expected
// failures as a `problem`; the HTTP adapter maps its code to a status and the
// actors carry it as a CAF error of the category `problem_category`.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace model {

/// Stable, client-visible error codes. The snake_case spelling returned by
/// to_string() is part of the public API: never rename, only add.
enum class error_code : std::uint8_t {
  invalid_request = 1,    // malformed request (query, body, header)
  invalid_operation,      // an operation or one of its parameters is wrong
  invalid_id,             // an image id or version number is malformed
  not_found,              // no such image, version or route
  method_not_allowed,     // route exists, method does not
  payload_too_large,      // body over the configured limit
  unsupported_media_type, // content is not an accepted image format
  corrupt_image,          // accepted format, but the data is damaged
  image_too_large,        // over the width, height or pixel limit
  version_not_ready,      // version queued or running
  version_failed,         // version ended in failure
  unknown_profile,        // ?profile= names no configured profile
  overloaded,             // queues full; retry later
  unauthorized,           // missing or unknown API key
  forbidden,              // key lacks the scope for this request
  timeout,                // an internal deadline passed
  unavailable,            // no worker or storage to serve the request
  operation_failed,       // the image library failed on valid input
  conflict,               // request conflicts with current state
  internal_error,         // a bug or an unexpected failure
  request_timeout,        // the client took too long to send its request
  uri_too_long,           // the request target is over the limit
  range_not_satisfiable,  // Range names no byte of the content
  expectation_failed,     // Expect names something other than 100-continue
  not_implemented,        // a method or transfer coding the server does not implement
  version_not_supported,  // an HTTP major version other than 1
  insufficient_storage,   // the disk is full: nothing was stored
};

/// Returns the stable snake_case name of `code`.
const char* to_string(error_code code) noexcept;

/// Writes the snake_case name.
std::ostream& operator<<(std::ostream& out, error_code code);

/// Parses a name produced by to_string(); nullopt for unknown names.
std::optional<error_code> error_code_from_string(const std::string& name);

/// An expected failure: a stable code plus a message that is safe to show to
/// clients (it never contains secrets, keys or internal paths).
struct problem {
  error_code code = error_code::internal_error;
  std::string message;
};

/// Either a value or a problem. Deliberately tiny: no exceptions cross
/// actor or thread boundaries.
template<class T>
class outcome {
public:
  outcome(T value) : state_(std::move(value)) {}
  outcome(problem failure) : state_(std::move(failure)) {}

  bool ok() const noexcept {
    return state_.index() == 0;
  }
  explicit operator bool() const noexcept {
    return ok();
  }

  T& value() & {
    return std::get<0>(state_);
  }
  const T& value() const& {
    return std::get<0>(state_);
  }
  T&& value() && {
    return std::get<0>(std::move(state_));
  }
  T& operator*() & {
    return value();
  }
  const T& operator*() const& {
    return value();
  }
  T* operator->() {
    return &value();
  }
  const T* operator->() const {
    return &value();
  }

  const problem& error() const& {
    return std::get<1>(state_);
  }
  problem&& error() && {
    return std::get<1>(std::move(state_));
  }

private:
  std::variant<T, problem> state_;
};

/// outcome<void>: success or a problem.
struct success {};
using status = outcome<success>;

inline status ok_status() {
  return success{};
}

inline problem make_problem(error_code code, std::string message) {
  return problem{code, std::move(message)};
}

} // namespace model
