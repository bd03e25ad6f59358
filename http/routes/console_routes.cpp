#include <string>

#include "http/routes/console_assets.hpp"
#include "http/routes/header_value.hpp"
#include "http/routes/routes.hpp"
#include "http/views/error_response.hpp"

namespace http_api {

namespace {

// The console's pages load only their own files and talk only to this
// node; images come as blobs or from the node's content routes.
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

std::string media_type_of(std::string_view name) {
  auto dot = name.rfind('.');
  auto extension = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  if (extension == "html")
    return "text/html; charset=utf-8";
  if (extension == "css")
    return "text/css; charset=utf-8";
  if (extension == "js")
    return "text/javascript; charset=utf-8";
  if (extension == "svg")
    return "image/svg+xml";
  return "application/octet-stream";
}

const console_asset* asset_named(std::string_view name) {
  for (const auto& asset : console_assets())
    if (asset.name == name)
      return &asset;
  return nullptr;
}

// The console's files change only with the binary: caches keep them and
// revalidate on each use (a new build answers with a new ETag). Query
// parameters are ignored: they are the page's business, not the node's.
http_response asset_response(const console_asset& asset, const http_request& request) {
  std::string etag = "\"" + std::string(asset.sha256.substr(0, 32)) + "\"";
  const std::string* if_none_match = request.header("If-None-Match");
  http_response response;
  if (if_none_match && etag_matches(*if_none_match, etag)) {
    response.status = 304;
  } else {
    response.body = std::string(asset.bytes);
    response.with_header("Content-Type", media_type_of(asset.name));
  }
  response.with_header("ETag", std::move(etag));
  response.with_header("Cache-Control", "no-cache");
  response.with_header("Content-Security-Policy", std::string(content_security_policy));
  response.with_header("X-Content-Type-Options", "nosniff");
  // Image URLs may carry signatures: no other site learns them.
  response.with_header("Referrer-Policy", "no-referrer");
  return response;
}

} // namespace

void add_console_routes(router& routes) {
  routes.add("GET", "/", [](http_request& request, const responder& respond) {
    respond(asset_response(*asset_named("index.html"), request));
  });
  routes.add("GET", "/console/{file}", [](http_request& request, const responder& respond) {
    const auto* asset = asset_named(request.path_params.at(0));
    if (asset == nullptr) {
      respond(error_response(model::error_code::not_found,
                             "the console has no file \"" + request.path_params.at(0) + "\""));
      return;
    }
    respond(asset_response(*asset, request));
  });
}

} // namespace http_api
