#pragma once

// The one place that knows Pistache 0.0.5's server internals: a
// Pistache::Http::Handler whose onConnection/onInput/onDisconnection
// (private virtuals) are replaced, so that Pistache only accepts
// connections and reads their bytes, and everything HTTP happens in
// connection.hpp. See http_transport.hpp for the list of what we take from
// Pistache and the tests that pin it.
//
// Includes Pistache: only for http_transport.cpp.

#include <memory>

#include <pistache/http.h>

#include "http/transport/connection.hpp"

namespace http_api {

/// Pistache clones the handler for each event-loop thread; clones share the
/// connection context.
class pistache_glue : public Pistache::Http::Handler {
public:
  HTTP_PROTOTYPE(pistache_glue)

  explicit pistache_glue(connection::context shared) : shared_(std::move(shared)) {}

private:
  // Required by Http::Handler; never called, since onInput() is replaced.
  void onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter) override {}

  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* data, std::size_t size,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  connection::context shared_;
};

} // namespace http_api
