#include "http/routing/signed_urls.hpp"

#include <array>
#include <charconv>

#include <openssl/crypto.h>

#include "actors/model/digest.hpp"
#include "http/routes/query.hpp"
#include "http/routing/router.hpp"

namespace http_api {

namespace {

constexpr std::size_t secret_bytes = 32;

constexpr std::array<std::string_view, 3> signed_routes{
    "/v1/images/{id}/original", "/v1/images/{id}/content", "/v1/images/{id}/versions/{n}/content"};

// What is signed: the image and the expiry, so that a signature opens one
// image's bytes for a while and nothing else.
std::string signed_text(std::string_view id, std::int64_t expires_s) {
  return "image " + std::string(id) + " until " + std::to_string(expires_s);
}

std::optional<std::int64_t> parse_seconds(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

} // namespace

const url_signer& url_signer::of_process() {
  static const url_signer signer(model::random_hex(secret_bytes));
  return signer;
}

url_signer::url_signer(std::string secret) : secret_(std::move(secret)) {}

url_signature url_signer::sign(std::string_view id, std::int64_t expires_s) const {
  return {expires_s, model::hmac_sha256_hex(secret_, signed_text(id, expires_s))};
}

std::optional<std::string> url_signer::refusal(const http_request& request, std::string_view id,
                                               std::int64_t now_s) const {
  auto exp = query_param(request, signature_expiry_param);
  auto sig = query_param(request, signature_param);
  if (!exp || !sig || !*exp || !*sig)
    return "a signed URL needs both exp and sig, once each";
  auto expires_s = parse_seconds(**exp);
  if (!expires_s)
    return "exp must be a Unix time in seconds";
  if (*expires_s <= now_s)
    return "the signed URL has expired";
  if (*expires_s > now_s + max_signature_seconds)
    return "the signed URL's exp lies too far ahead";
  auto expected = sign(id, *expires_s).sig;
  const std::string& given = **sig;
  if (given.size() != expected.size() ||
      CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0)
    return "the signature is not valid for this image";
  return std::nullopt;
}

bool accepts_signature(std::string_view method, std::string_view route) noexcept {
  if (route_method(method) != "GET")
    return false;
  for (auto signed_route : signed_routes)
    if (route == signed_route)
      return true;
  return false;
}

} // namespace http_api
