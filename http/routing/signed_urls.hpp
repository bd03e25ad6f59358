#pragma once

// Signed URLs: short-lived links to one image's bytes for clients that
// cannot send an Authorization header (an <img> in a browser). A client
// with a key asks for a signature (GET /v1/images/{id}/signature); adding
// "?exp=<unix seconds>&sig=<hex>" to that image's content URLs then stands
// in for the key until `exp`. The key itself never appears in a URL.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actors/model/problem.hpp"
#include "http/http_message.hpp"

namespace http_api {

/// Lifetimes a signature may be asked for, in seconds, and the default.
constexpr std::int64_t min_signature_seconds = 1;
constexpr std::int64_t max_signature_seconds = 3600;
constexpr std::int64_t default_signature_seconds = 300;

/// The query parameters of a signed URL.
inline constexpr std::string_view signature_expiry_param = "exp";
inline constexpr std::string_view signature_param = "sig";

struct url_signature {
  std::int64_t expires_s = 0; // Unix time
  std::string sig;            // HMAC-SHA256 hex
};

/// HMAC-SHA256 with a secret drawn at the process's start: signatures die
/// with the process, as short-lived links may, and no secret needs
/// configuring or sharing. Thread-safe.
class url_signer {
public:
  /// The signer of this process.
  static const url_signer& of_process();

  explicit url_signer(std::string secret);

  /// The signature of image `id` (canonical) until `expires_s`.
  url_signature sign(std::string_view id, std::int64_t expires_s) const;

  /// Checks the exp and sig parameters of `request` for image `id` at
  /// `now_s`: nullopt when they grant access, else why not. A signature is
  /// valid for its image only, until its expiry, which may lie at most
  /// max_signature_seconds ahead.
  std::optional<std::string> refusal(const http_request& request, std::string_view id,
                                     std::int64_t now_s) const;

private:
  std::string secret_;
};

/// Whether `method` `route` serves an image's bytes, which a signed URL may
/// fetch without a key: the original, the newest content, a version's
/// content.
bool accepts_signature(std::string_view method, std::string_view route) noexcept;

} // namespace http_api
