#pragma once

// Two network namespaces linked by a veth pair, so that a head and a worker
// node talk over a real network link with their own addresses instead of
// the loopback:
//
//   [head namespace]  veth 10.77.0.1/24 <----> veth 10.77.0.2/24  [worker namespace]
//
// Each namespace has its own loopback (up), invisible from the other. The
// names carry the test process's id, so that parallel runs do not clash.
// Needs root (CAP_NET_ADMIN).

#include <string>

namespace cluster_tests {

class namespace_pair {
public:
  static constexpr const char* head_address = "10.77.0.1";
  static constexpr const char* worker_address = "10.77.0.2";

  /// Creates both namespaces and the link. Throws std::runtime_error, saying
  /// that root or CAP_NET_ADMIN is needed and quoting `ip`, when they cannot
  /// be created (whatever was created is removed again).
  namespace_pair();
  /// Removes both namespaces (and with them the link).
  ~namespace_pair();
  namespace_pair(const namespace_pair&) = delete;
  namespace_pair& operator=(const namespace_pair&) = delete;

  const std::string& head_namespace() const {
    return head_;
  }
  const std::string& worker_namespace() const {
    return worker_;
  }

private:
  void remove() noexcept;

  std::string head_;
  std::string worker_;
};

/// Moves the calling thread into a network namespace for the lifetime of
/// this object, and back into the one it was in. Processes the thread
/// starts meanwhile are born in that namespace; sockets it opens are in it.
class inside_namespace {
public:
  /// Throws std::runtime_error when the namespace cannot be entered.
  explicit inside_namespace(const std::string& name);
  ~inside_namespace();
  inside_namespace(const inside_namespace&) = delete;
  inside_namespace& operator=(const inside_namespace&) = delete;

private:
  int original_ = -1; // the thread's namespace before, as an open file
};

} // namespace cluster_tests
