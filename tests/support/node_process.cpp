#include "tests/support/node_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <curl/curl.h>

namespace test_support {

namespace {

std::string system_error(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words)
    text += (text.empty() ? "" : " ") + word;
  return text;
}

int exit_status_of(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

// Writes "<what>: errno <number>\n" to stderr with async-signal-safe calls
// only (strerror is not one of them).
void write_failure(const std::string& what, int number) {
  char text[16];
  std::size_t start = sizeof text;
  text[--start] = '\n';
  do
    text[--start] = static_cast<char>('0' + number % 10);
  while ((number /= 10) > 0 && start > 0);
  auto written = ::write(STDERR_FILENO, what.data(), what.size()) +
                 ::write(STDERR_FILENO, ": errno ", 8) +
                 ::write(STDERR_FILENO, text + start, sizeof text - start);
  (void)written;
}

// What the child does between fork and exec: only async-signal-safe calls,
// on data prepared before the fork.
[[noreturn]] void become_node(pid_t parent, int log, const char* home, char* const* argv,
                              const std::string& exec_failure) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent)
    ::_exit(126);
  ::dup2(log, STDOUT_FILENO);
  ::dup2(log, STDERR_FILENO);
  ::close_range(3, ~0u, 0);
  if (::chdir(home) == 0) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int signal : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT})
      ::sigaction(signal, &default_action, nullptr);
    ::execvp(argv[0], argv);
  }
  write_failure(exec_failure, errno);
  ::_exit(127);
}

} // namespace

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::runtime_error(system_error("socket"));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
               ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  auto failure = system_error("binding 127.0.0.1:0");
  ::close(fd);
  if (!bound)
    throw std::runtime_error(failure);
  return ntohs(address.sin_port);
}

std::filesystem::path node_options::default_executable() {
  return CAF_NODE_PATH;
}

node_process::node_process(std::filesystem::path home, node_options options)
    : home_(std::move(home)), options_(std::move(options)) {
  if (options_.http_port == 0)
    options_.http_port = free_port();
  // The kernel may hand out a port again once its socket is closed.
  while (options_.cluster_port == 0 || options_.cluster_port == options_.http_port)
    options_.cluster_port = free_port();
}

node_process::~node_process() {
  kill_hard();
}

std::filesystem::path node_process::storage_dir() const {
  return home_ / "storage";
}

std::filesystem::path node_process::log_path() const {
  return home_ / "node.log";
}

std::string node_process::base_url() const {
  return "http://" + options_.http_host + ":" + std::to_string(options_.http_port);
}

std::string node_process::start_marker(int start) const {
  return "=== start " + std::to_string(start) + ": ";
}

std::vector<std::string> node_process::command_line() const {
  std::vector<std::string> words = options_.command_prefix;
  words.push_back(options_.executable.string());
  words.push_back("--node.id=" + options_.name);
  words.push_back("--http.host=" + options_.http_host);
  words.push_back("--http.port=" + std::to_string(options_.http_port));
  words.push_back("--cluster.port=" + std::to_string(options_.cluster_port));
  words.push_back("--storage.path=" + storage_dir().string());
  words.push_back(std::string("--profiles.path=") + CAF_NODE_PROFILES_DIR);
  words.insert(words.end(), options_.args.begin(), options_.args.end());
  return words;
}

void node_process::start() {
  if (pid_ >= 0)
    throw std::logic_error(options_.name + " is already running");
  std::filesystem::create_directories(home_);
  auto words = command_line();
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  const std::string home = home_.string();
  const std::string exec_failure = "cannot start " + words.front() + " in " + home;

  int log = ::open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0)
    throw std::runtime_error(system_error("opening " + log_path().string()));
  std::string marker = start_marker(++starts_) + joined(words) + " ===\n";
  auto written = ::write(log, marker.data(), marker.size());
  (void)written;
  pid_t parent = ::getpid();
  pid_t child = ::fork();
  if (child == 0)
    become_node(parent, log, home.c_str(), argv.data(), exec_failure);
  auto fork_failure = system_error("fork");
  ::close(log);
  if (child < 0)
    throw std::runtime_error(fork_failure);
  // Also done by the child; whichever runs first makes the group exist
  // before any signal is sent to it.
  ::setpgid(child, child);
  pid_ = child;
  exit_status_.reset();
}

bool node_process::health_answers(deadline until) const {
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready)
    throw std::runtime_error("curl_global_init failed");
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl)
    throw std::runtime_error("curl_easy_init failed");
  auto url = base_url() + "/health";
  // At most a second per try, so that a node that accepts but never answers
  // is asked again (and the deadline is kept).
  long timeout_ms = std::clamp<long>(until.remaining().count(), 1, 1000);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard);
  long status = 0;
  return curl_easy_perform(curl.get()) == CURLE_OK &&
         curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
         status == 200;
}

void node_process::wait_until_healthy(deadline until) {
  bool healthy = false;
  poll_until([&] { return !running() || (healthy = health_answers(until)); }, until);
  if (pid_ < 0)
    throw std::runtime_error(options_.name + " exited with status " +
                             std::to_string(exit_status_.value_or(-1)) +
                             " before serving; end of its log:\n" + log_tail(20));
  if (!healthy)
    throw std::runtime_error(options_.name + " did not answer GET " + base_url() +
                             "/health in time; end of its log:\n" + log_tail(20));
}

void node_process::reaped(int wait_status) {
  exit_status_ = exit_status_of(wait_status);
  pid_ = -1;
}

bool node_process::running() {
  if (pid_ < 0)
    return false;
  int wait_status = 0;
  if (::waitpid(pid_, &wait_status, WNOHANG) == pid_)
    reaped(wait_status);
  return pid_ >= 0;
}

void node_process::kill_hard() {
  if (pid_ < 0)
    return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  int wait_status = 0;
  while (::waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
  }
  reaped(wait_status);
}

int node_process::terminate(deadline until) {
  if (pid_ < 0)
    throw std::logic_error(options_.name + " is not running");
  ::kill(pid_, SIGTERM);
  if (auto status = wait_for_exit(until))
    return *status;
  kill_hard();
  throw std::runtime_error(options_.name +
                           " did not exit in time after SIGTERM; end of its log:\n" + log_tail(20));
}

std::optional<int> node_process::wait_for_exit(deadline until) {
  if (starts_ == 0)
    throw std::logic_error(options_.name + " was never started");
  if (!poll_until([this] { return !running(); }, until, std::chrono::milliseconds(5)))
    return std::nullopt;
  return exit_status_;
}

std::string node_process::log() const {
  std::ifstream file(log_path(), std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string node_process::log_tail(std::size_t lines) const {
  auto text = log();
  auto start = text.size();
  // A final newline ends the last line; it does not start another one.
  for (std::size_t seen = 0; start > 0; --start)
    if (text[start - 1] == '\n' && start != text.size() && ++seen == lines)
      break;
  return text.substr(start);
}

std::string node_process::output_of_latest_start() const {
  auto text = log();
  auto marker = text.rfind(start_marker(starts_));
  if (marker == std::string::npos)
    return {};
  auto end_of_marker = text.find('\n', marker);
  return end_of_marker == std::string::npos ? std::string() : text.substr(end_of_marker + 1);
}

} // namespace test_support
