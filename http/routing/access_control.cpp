#include "http/routing/access_control.hpp"

#include <algorithm>
#include <array>
#include <variant>

#include <spdlog/spdlog.h>

#include "actors/model/clock.hpp"
#include "actors/model/image_id.hpp"
#include "http/ascii.hpp"
#include "http/routing/signed_urls.hpp"
#include "http/views/error_response.hpp"

namespace http_api {

namespace {

struct access_rule {
  std::string_view method;
  std::string_view route;
  access_level level;
};

constexpr std::array<access_rule, 15> access_rules{{
    // The console's own files carry no data; its pages ask for a key.
    {"GET", "/", access_level::open},
    {"GET", "/console/{file}", access_level::open},
    {"GET", "/health", access_level::open},
    {"GET", "/ready", access_level::open},
    // Answers who the caller is, also to a caller without a valid key.
    {"GET", "/v1/access", access_level::open},
    {"GET", "/metrics", access_level::open},
    // The API's description holds no data, and tools fetch it without keys.
    {"GET", "/v1/openapi.json", access_level::open},
    {"DELETE", "/v1/images/{id}", access_level::admin},
    {"GET", "/v1/cluster", access_level::admin},
    {"POST", "/v1/cluster/nodes/{node}/drain", access_level::admin},
    {"POST", "/v1/cluster/nodes/{node}/undrain", access_level::admin},
    // Webhooks send events, labels included, to any URL: operators only.
    {"POST", "/v1/webhooks", access_level::admin},
    {"GET", "/v1/webhooks", access_level::admin},
    {"GET", "/v1/webhooks/{id}", access_level::admin},
    {"DELETE", "/v1/webhooks/{id}", access_level::admin},
}};

constexpr std::string_view bearer_challenge = "Bearer realm=\"caf-node\"";
constexpr std::size_t max_key_bytes = 512;

bool is_visible_ascii(char c) noexcept {
  return c > ' ' && c < 0x7F;
}

struct refusal {
  std::string message;
  bool invalid_token = false; // a key was presented, but not a valid one
};

// The key in an "Authorization: Bearer <key>" header, or why there is none.
std::variant<std::string_view, refusal> presented_key(const http_request& request) {
  const std::string* header = request.header("Authorization");
  if (!header)
    return refusal{"an API key is required: send the header \"Authorization: Bearer <key>\"",
                   false};
  std::string_view value = trim_spaces(*header);
  constexpr std::string_view scheme = "bearer";
  if (value.size() <= scheme.size() ||
      !equals_ignoring_case(value.substr(0, scheme.size()), scheme) ||
      (value[scheme.size()] != ' ' && value[scheme.size()] != '\t'))
    return refusal{"the Authorization header must be \"Bearer <key>\"", true};
  std::string_view key = trim_spaces(value.substr(scheme.size()));
  if (key.empty() || key.size() > max_key_bytes ||
      !std::all_of(key.begin(), key.end(), is_visible_ascii))
    return refusal{"the API key must be 1 to " + std::to_string(max_key_bytes) +
                       " visible ASCII characters",
                   true};
  return key;
}

void log_refusal(const http_request& request, const std::string& why) {
  spdlog::warn("refused {} {} from {}: {}", request.method, request.path,
               request.peer.empty() ? "an unknown peer" : request.peer, why);
}

http_response unauthorized(const http_request& request, const refusal& why) {
  log_refusal(request, why.message);
  std::string challenge(bearer_challenge);
  if (why.invalid_token)
    challenge += ", error=\"invalid_token\"";
  auto response = error_response(model::error_code::unauthorized, why.message);
  return std::move(response.with_header("WWW-Authenticate", std::move(challenge)));
}

http_response forbidden(const http_request& request, const api_key& key) {
  std::string message = "the API key \"" + key.name + "\" has the scope " + to_string(key.scope) +
                        "; " + request.method + " " + request.route + " needs the scope admin";
  log_refusal(request, message);
  return error_response(model::error_code::forbidden, std::move(message));
}

// A request that stands on a signed URL instead of a key: no Authorization,
// a signature parameter, a route that serves an image's bytes.
bool is_signed(const http_request& request) {
  if (request.header("Authorization") || !accepts_signature(request.method, request.route))
    return false;
  for (const auto& [name, value] : request.query)
    if (name == signature_param || name == signature_expiry_param)
      return true;
  return false;
}

std::optional<http_response> signature_refusal(const http_request& request) {
  auto id = model::canonical_image_id(request.path_params.at(0));
  auto why = url_signer::of_process().refusal(request, id, model::now_ms() / 1000);
  if (!why)
    return std::nullopt;
  return unauthorized(request, {*why, true});
}

// Who made the request, for the routes and the request log.
void name_caller(http_request& request, const api_key& key) {
  request.key_name = key.name;
  request.key_scope = to_string(key.scope);
}

// Open routes need no key, but may say whose a presented one is.
void name_known_key(http_request& request, const key_ring& keys) {
  auto presented = presented_key(request);
  const auto* text = std::get_if<std::string_view>(&presented);
  if (!text)
    return;
  if (auto key = keys.find(*text))
    name_caller(request, *key);
}

} // namespace

access_level required_access(std::string_view method, std::string_view route) {
  // OPTIONS answers only which methods exist, and CORS preflights carry no
  // credentials.
  if (method == "OPTIONS")
    return access_level::open;
  for (const auto& rule : access_rules)
    if (rule.method == route_method(method) && rule.route == route)
      return rule.level;
  return access_level::device;
}

head_check require_api_keys(std::shared_ptr<const key_ring> keys) {
  return [keys = std::move(keys)](http_request& request) -> std::optional<http_response> {
    auto needed = required_access(request.method, request.route);
    if (keys->empty())
      return std::nullopt;
    request.keys_required = true;
    if (needed == access_level::open) {
      name_known_key(request, *keys);
      return std::nullopt;
    }
    if (is_signed(request))
      return signature_refusal(request);
    auto presented = presented_key(request);
    if (auto* why = std::get_if<refusal>(&presented))
      return unauthorized(request, *why);
    auto key = keys->find(std::get<std::string_view>(presented));
    if (!key)
      return unauthorized(request, {"the API key is not known", true});
    if (needed == access_level::admin && key->scope != key_scope::admin)
      return forbidden(request, *key);
    name_caller(request, *key);
    return std::nullopt;
  };
}

} // namespace http_api
