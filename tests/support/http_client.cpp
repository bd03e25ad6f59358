#include "tests/support/http_client.hpp"

#include "tests/support/exchange_log.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <curl/curl.h>

namespace test_support {

namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void ensure_curl_initialised() {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised)
    throw std::runtime_error("curl_global_init failed");
}

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* reply) {
  static_cast<http_reply*>(reply)->body.append(data, size * count);
  return size * count;
}

// Every status line starts a response; the ones before the last are 1xx.
std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* reply = static_cast<http_reply*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    if (reply->status >= 100 && reply->status < 200)
      reply->interim_statuses.push_back(reply->status);
    reply->headers.clear();
    reply->status = status_of(line);
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    reply->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * count;
}

struct upload_source {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t feed_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* source = static_cast<upload_source*>(user);
  auto n = std::min(size * count, source->data->size() - source->offset);
  std::memcpy(buffer, source->data->data() + source->offset, n);
  source->offset += n;
  return n;
}

// The Content-Type among "Name: value" request headers; empty when none.
std::string content_type_of(const std::vector<std::string>& headers) {
  constexpr std::string_view name = "content-type:";
  for (const auto& header : headers)
    if (header.size() > name.size() && same_ignoring_case(header.substr(0, name.size()), name)) {
      auto value = header.substr(name.size());
      return value.substr(std::min(value.find_first_not_of(' '), value.size()));
    }
  return {};
}

using easy_handle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using header_list = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

easy_handle new_handle(const std::string& url, http_reply& reply) {
  ensure_curl_initialised();
  easy_handle curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl)
    throw std::runtime_error("curl_easy_init failed");
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &reply);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  return curl;
}

void perform(CURL* curl, http_reply& reply) {
  auto result = curl_easy_perform(curl);
  if (result != CURLE_OK)
    throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(result));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
}

} // namespace

std::string http_reply::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (same_ignoring_case(key, name))
      return value;
  return {};
}

bool http_reply::has_header(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& field) { return same_ignoring_case(field.first, name); });
}

nlohmann::json http_reply::json() const {
  return nlohmann::json::parse(body);
}

http_client::http_client(std::uint16_t port)
    : base_url_("http://127.0.0.1:" + std::to_string(port)) {}

http_reply http_client::get(const std::string& path,
                            const std::vector<std::string>& headers) const {
  request_options options;
  options.headers = headers;
  return send("GET", path, "", options);
}

http_reply http_client::post(const std::string& path, const std::string& body,
                             const std::string& content_type, request_options options) const {
  options.headers.push_back("Content-Type: " + content_type);
  return send("POST", path, body, options);
}

http_reply http_client::del(const std::string& path) const {
  return send("DELETE", path, "", {});
}

http_reply http_client::send(const std::string& method, const std::string& path,
                             const std::string& body, const request_options& options) const {
  http_reply reply;
  auto curl = new_handle(base_url_ + path, reply);
  header_list headers(nullptr, &curl_slist_free_all);
  for (const auto& header : options.headers)
    headers.reset(curl_slist_append(headers.release(), header.c_str()));
  upload_source source{&body};
  if (options.chunked) {
    headers.reset(curl_slist_append(headers.release(), "Transfer-Encoding: chunked"));
    curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, feed_upload);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &source);
  } else if (!body.empty() || method == "POST") {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  if (method == "HEAD")
    curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);
  else if (method != "GET" && method != "POST")
    curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_EXPECT_100_TIMEOUT_MS,
                   static_cast<long>(options.expect_continue_timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  perform(curl.get(), reply);
  record_exchange(
      {method, path, content_type_of(options.headers), reply.status, &reply.headers, &reply.body});
  return reply;
}

http_reply http_client::post_file_field(const std::string& path, const std::string& field,
                                        const std::string& bytes) const {
  http_reply reply;
  auto curl = new_handle(base_url_ + path, reply);
  std::unique_ptr<curl_mime, decltype(&curl_mime_free)> form(curl_mime_init(curl.get()),
                                                             &curl_mime_free);
  curl_mimepart* part = curl_mime_addpart(form.get());
  curl_mime_name(part, field.c_str());
  curl_mime_data(part, bytes.data(), bytes.size());
  curl_mime_filename(part, "upload.bin");
  curl_mime_type(part, "application/octet-stream");
  curl_easy_setopt(curl.get(), CURLOPT_MIMEPOST, form.get());
  perform(curl.get(), reply);
  record_exchange({"POST", path, "multipart/form-data", reply.status, &reply.headers, &reply.body});
  return reply;
}

int connect_to_loopback(std::uint16_t port, std::chrono::milliseconds timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    throw std::runtime_error("socket failed");
  timeval limit{};
  limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  limit.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    auto why = std::string(std::strerror(errno));
    ::close(fd);
    throw std::runtime_error("cannot connect to port " + std::to_string(port) + ": " + why);
  }
  return fd;
}

raw_connection::raw_connection(std::uint16_t port, std::chrono::milliseconds timeout)
    : fd_(connect_to_loopback(port, timeout)) {}

raw_connection::~raw_connection() {
  close();
}

void raw_connection::close() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

void raw_connection::finish_sending() {
  ::shutdown(fd_, SHUT_WR);
}

void raw_connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0)
      throw std::runtime_error("send failed: " + std::string(std::strerror(errno)));
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

std::size_t raw_connection::receive_more() {
  char buffer[65536];
  auto received = ::recv(fd_, buffer, sizeof buffer, 0);
  if (received < 0)
    throw std::runtime_error("recv failed or timed out: " + std::string(std::strerror(errno)));
  pending_.append(buffer, static_cast<std::size_t>(received));
  return static_cast<std::size_t>(received);
}

std::string raw_connection::read_until(std::string_view terminator) {
  std::size_t found;
  while ((found = pending_.find(terminator)) == std::string::npos)
    if (receive_more() == 0)
      throw std::runtime_error("connection closed before \"" + std::string(terminator) + "\"");
  auto end = found + terminator.size();
  std::string head = pending_.substr(0, end);
  pending_.erase(0, end);
  return head;
}

std::string raw_connection::read_response() {
  std::string response = read_until("\r\n\r\n");
  std::size_t length = 0;
  std::string_view rest = response;
  while (!rest.empty()) {
    auto end = rest.find("\r\n");
    auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
    auto colon = line.find(':');
    if (colon != std::string_view::npos &&
        same_ignoring_case(line.substr(0, colon), "content-length"))
      length = std::stoul(std::string(line.substr(colon + 1)));
  }
  while (pending_.size() < length)
    if (receive_more() == 0)
      throw std::runtime_error("connection closed inside a response body");
  response += pending_.substr(0, length);
  pending_.erase(0, length);
  return response;
}

std::string raw_connection::read_to_end() {
  while (receive_more() > 0) {
  }
  return std::exchange(pending_, std::string());
}

int status_of(std::string_view raw_response) {
  auto space = raw_response.find(' ');
  if (space == std::string_view::npos || raw_response.size() < space + 4)
    return 0;
  return std::stoi(std::string(raw_response.substr(space + 1, 3)));
}

} // namespace test_support
