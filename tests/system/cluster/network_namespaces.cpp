#include "tests/system/cluster/network_namespaces.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>

#include "tests/system/cluster/shell_command.hpp"

namespace cluster_tests {

namespace {

void ip(const std::vector<std::string>& arguments) {
  std::vector<std::string> words{"ip"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  run_command(words);
}

// Runs `ip` inside namespace `name`.
void ip_in(const std::string& name, const std::vector<std::string>& arguments) {
  std::vector<std::string> words{"netns", "exec", name, "ip"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  ip(words);
}

void enter(int namespace_file, const std::string& what) {
  if (::setns(namespace_file, CLONE_NEWNET) != 0)
    throw std::runtime_error("cannot enter network namespace " + what + ": " +
                             std::strerror(errno));
}

} // namespace

namespace_pair::namespace_pair()
    : head_("caf-head-" + std::to_string(::getpid())),
      worker_("caf-worker-" + std::to_string(::getpid())) {
  // Interface names have at most 15 characters.
  auto head_link = "cafh" + std::to_string(::getpid());
  auto worker_link = "cafw" + std::to_string(::getpid());
  try {
    ip({"netns", "add", head_});
    ip({"netns", "add", worker_});
    ip({"link", "add", head_link, "netns", head_, "type", "veth", "peer", "name", worker_link,
        "netns", worker_});
    ip_in(head_, {"address", "add", std::string(head_address) + "/24", "dev", head_link});
    ip_in(worker_, {"address", "add", std::string(worker_address) + "/24", "dev", worker_link});
    for (const auto& [name, link] :
         {std::pair{head_, head_link}, std::pair{worker_, worker_link}}) {
      ip_in(name, {"link", "set", "lo", "up"});
      ip_in(name, {"link", "set", link, "up"});
    }
  } catch (const std::exception& failure) {
    remove();
    throw std::runtime_error(
        std::string("cannot create the network namespaces of this test (it must run as root "
                    "or with CAP_NET_ADMIN): ") +
        failure.what());
  }
}

namespace_pair::~namespace_pair() {
  remove();
}

void namespace_pair::remove() noexcept {
  for (const auto& name : {head_, worker_}) {
    try {
      ip({"netns", "delete", name});
    } catch (const std::exception&) {
      // Not created, or already gone.
    }
  }
}

inside_namespace::inside_namespace(const std::string& name) {
  original_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original_ < 0)
    throw std::runtime_error(std::string("cannot open this thread's network namespace: ") +
                             std::strerror(errno));
  auto path = "/run/netns/" + name;
  int target = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    ::close(original_);
    throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  }
  try {
    enter(target, name);
  } catch (...) {
    ::close(target);
    ::close(original_);
    throw;
  }
  ::close(target);
}

inside_namespace::~inside_namespace() {
  // Failing to return would leave the rest of the test run in the wrong
  // namespace: nothing sensible can go on.
  if (::setns(original_, CLONE_NEWNET) != 0)
    std::terminate();
  ::close(original_);
}

} // namespace cluster_tests
