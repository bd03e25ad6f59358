#include "nodes/shutdown_signal.hpp"

#include <csignal>

#include <pthread.h>

namespace nodes {

namespace {

sigset_t shutdown_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

} // namespace

void block_shutdown_signals() {
  auto signals = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that disconnects must not kill the process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
}

int wait_for_shutdown_signal() {
  auto signals = shutdown_signals();
  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  return received;
}

} // namespace nodes
