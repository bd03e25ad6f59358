#pragma once

// The HTTP client that delivers events: one POST at a time on a connection
// kept open to the receiver, over libcurl. Redirects are not followed; only
// http:// and https:// URLs are accepted.

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "actors/model/problem.hpp"

namespace webhooks {

struct post_result {
  int status = 0;    // the receiver's status code; 0 when it gave none
  std::string error; // why the POST failed, for people; empty on a 2xx
  bool delivered() const {
    return status >= 200 && status <= 299;
  }
};

/// `host` in the form hosts are compared in: lower case, an IPv6 address
/// without its brackets.
std::string normal_host(std::string host);

/// The host of `url` (normal_host()), when it is an absolute http:// or
/// https:// URL as libcurl reads it and its host is one of `allowed`
/// (normal_host() forms; empty: any host); invalid_request saying what is
/// wrong otherwise.
model::outcome<std::string> allowed_host_of(const std::string& url,
                                            const std::vector<std::string>& allowed);

class webhook_client {
public:
  webhook_client();
  ~webhook_client();
  webhook_client(const webhook_client&) = delete;
  webhook_client& operator=(const webhook_client&) = delete;

  /// POSTs `body` (application/json) with `headers` ("Name: value") to
  /// `url`, waiting at most `timeout` in all; gives up early once
  /// `stopping` is set.
  post_result post(const std::string& url, const std::string& body,
                   const std::vector<std::string>& headers, std::chrono::milliseconds timeout,
                   const std::atomic<bool>& stopping);

private:
  void* handle_; // a libcurl easy handle
};

} // namespace webhooks
