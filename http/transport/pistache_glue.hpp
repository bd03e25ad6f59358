#pragma once

// The one place that knows Pistache 0.0.5's server internals: a
// Pistache::Http::Handler whose onConnection/onInput/onDisconnection
// (private virtuals) are replaced, so that Pistache only accepts
// connections and reads their bytes, and everything HTTP happens in
// connection.hpp. See http_transport.hpp for the list of what we take from
// Pistache and the tests that pin it.
//
// Includes Pistache: only for http_transport.cpp.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <pistache/http.h>

#include "http/transport/connection.hpp"

namespace http_api {

class pistache_glue;

/// Every handler Pistache made of ours: one per event loop.
struct glue_family {
  std::mutex mutex;
  std::vector<std::weak_ptr<const pistache_glue>> members;
};

/// Pistache clones the handler for each event-loop thread; clones share the
/// connection context and the family.
class pistache_glue : public Pistache::Http::Handler,
                      public std::enable_shared_from_this<pistache_glue> {
public:
  pistache_glue(connection::context shared, std::shared_ptr<glue_family> family)
      : shared_(std::move(shared)), family_(std::move(family)) {}

  pistache_glue(const pistache_glue& other)
      : Pistache::Http::Handler(other), std::enable_shared_from_this<pistache_glue>(),
        shared_(other.shared_), family_(other.family_) {}

  /// A copy for another event loop, registered in the family.
  std::shared_ptr<Pistache::Tcp::Handler> clone() const override;

  /// Makes the event loop of this handler's transport look at its queue of
  /// new connections. Pistache 0.0.5's queue can lose the wake-up of a
  /// connection pushed while the loop empties it (fixed upstream in 2024):
  /// that connection then waits for the next one to arrive. Nothing when the
  /// handler has no running transport.
  void wake_for_new_connections() const;

private:
  // Required by Http::Handler; never called, since onInput() is replaced.
  void onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter) override {}

  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* data, std::size_t size,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  connection::context shared_;
  std::shared_ptr<glue_family> family_;
};

/// Wakes every event loop of a family for its new connections, every
/// `interval`, from a thread of its own: a connection whose wake-up was
/// lost waits at most that long. Stop it before the transports go.
class new_connection_sweeper {
public:
  new_connection_sweeper(std::shared_ptr<glue_family> family, std::chrono::milliseconds interval);
  ~new_connection_sweeper();

  new_connection_sweeper(const new_connection_sweeper&) = delete;
  new_connection_sweeper& operator=(const new_connection_sweeper&) = delete;

private:
  std::shared_ptr<glue_family> family_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace http_api
