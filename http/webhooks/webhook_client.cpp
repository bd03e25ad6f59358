#include "http/webhooks/webhook_client.hpp"

#include <algorithm>
#include <memory>
#include <mutex>

#include <curl/curl.h>

#include "http/ascii.hpp"

namespace webhooks {

namespace {

// Answers are read and dropped; a receiver has nothing to say but its status.
std::size_t drop_answer(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

int abort_when_stopping(void* stopping, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(stopping)->load() ? 1 : 0;
}

void initialize_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct url_deleter {
  void operator()(CURLU* url) const {
    curl_url_cleanup(url);
  }
};

struct list_deleter {
  void operator()(curl_slist* list) const {
    curl_slist_free_all(list);
  }
};

model::problem bad_url(const std::string& why) {
  return model::make_problem(model::error_code::invalid_request, "url " + why);
}

} // namespace

std::string normal_host(std::string host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::transform(host.begin(), host.end(), host.begin(), http_api::lower_ascii);
  return host;
}

model::outcome<std::string> allowed_host_of(const std::string& url,
                                            const std::vector<std::string>& allowed) {
  std::unique_ptr<CURLU, url_deleter> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return bad_url("must be an absolute URL such as http://receiver.example:8080/hooks");
  char* scheme = nullptr;
  char* host = nullptr;
  curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0);
  std::string scheme_text = scheme ? scheme : "";
  std::string host_text = host ? host : "";
  curl_free(scheme);
  curl_free(host);
  if (scheme_text != "http" && scheme_text != "https")
    return bad_url("must start with http:// or https://");
  if (host_text.empty())
    return bad_url("has no host");
  host_text = normal_host(std::move(host_text));
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), host_text) == allowed.end())
    return bad_url("names the host " + host_text + ", which is not in webhooks.allowed-hosts");
  return host_text;
}

webhook_client::webhook_client() {
  initialize_curl();
  handle_ = curl_easy_init();
}

webhook_client::~webhook_client() {
  curl_easy_cleanup(handle_);
}

post_result webhook_client::post(const std::string& url, const std::string& body,
                                 const std::vector<std::string>& headers,
                                 std::chrono::milliseconds timeout,
                                 const std::atomic<bool>& stopping) {
  if (handle_ == nullptr)
    return {0, "the HTTP client could not be set up"};
  std::unique_ptr<curl_slist, list_deleter> list;
  curl_slist* raw = nullptr;
  raw = curl_slist_append(raw, "Content-Type: application/json");
  // A receiver answers at once; "Expect: 100-continue" would wait a second
  // for bodies over 1 KiB.
  raw = curl_slist_append(raw, "Expect:");
  for (const auto& header : headers)
    raw = curl_slist_append(raw, header.c_str());
  list.reset(raw);

  // Options are set on every call: the handle keeps its connections, but
  // no option of an earlier call leaks into this one.
  curl_easy_reset(handle_);
  curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle_, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle_, CURLOPT_POST, 1L);
  curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(handle_, CURLOPT_USERAGENT, "caf-node-webhooks");
  curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, drop_answer);
  curl_easy_setopt(handle_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle_, CURLOPT_XFERINFOFUNCTION, abort_when_stopping);
  curl_easy_setopt(handle_, CURLOPT_XFERINFODATA, &stopping);

  auto code = curl_easy_perform(handle_);
  if (code != CURLE_OK)
    return {0, curl_easy_strerror(code)};
  long status = 0;
  curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
  post_result result{static_cast<int>(status), {}};
  if (!result.delivered())
    result.error = "the receiver answered " + std::to_string(status);
  return result;
}

} // namespace webhooks
