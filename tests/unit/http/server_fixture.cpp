#include "tests/unit/http/server_fixture.hpp"

#include <stdexcept>

#include "tests/support/test_images.hpp"

namespace http_test {

http_api::server_options test_options() {
  http_api::server_options options;
  options.transport.port = 0;
  options.transport.limits.max_body_bytes = 1 << 20;
  return options;
}

const std::string& sample_png() {
  static const std::string png = test_images::gradient(imaging::image_format::png, 64, 48);
  return png;
}

const std::string& sample_jpeg() {
  static const std::string jpeg = test_images::gradient(imaging::image_format::jpeg, 320, 240);
  return jpeg;
}

namespace {

std::uint16_t started(http_api::http_server& server) {
  server.start();
  return server.port();
}

} // namespace

server_fixture::server_fixture(http_api::server_options options)
    : server(std::move(options), service), client(started(server)) {}

std::string server_fixture::upload_sample() {
  auto reply = client.post("/v1/images", sample_png(), "image/png");
  if (reply.status != 201)
    throw std::runtime_error("upload failed with " + std::to_string(reply.status) + ": " +
                             reply.body);
  return reply.json()["id"];
}

} // namespace http_test
