#pragma once

// A server on 127.0.0.1 (a free port) over the fake service, with a client.

#include <string>

#include "http/server.hpp"
#include "tests/support/http_client.hpp"
#include "tests/unit/http/fake_image_service.hpp"

namespace http_test {

/// Small limits so that the size tests stay fast.
http_api::server_options test_options();

/// A small PNG made with GraphicsMagick.
const std::string& sample_png();

/// A JPEG of a few kilobytes, for bodies that must exceed 1 KiB.
const std::string& sample_jpeg();

struct server_fixture {
  explicit server_fixture(http_api::server_options options = test_options());

  /// Uploads sample_png() and returns the new image's id.
  std::string upload_sample();

  fake_image_service service;
  http_api::http_server server;
  test_support::http_client client;
};

} // namespace http_test
