#include "http/http_message.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "http/ascii.hpp"

namespace http_api {

const std::string* http_request::header(std::string_view name) const noexcept {
  for (const auto& field : headers)
    if (equals_ignoring_case(field.name, name))
      return &field.value;
  return nullptr;
}

http_response& http_response::with_header(std::string name, std::string value) {
  headers.push_back({std::move(name), std::move(value)});
  return *this;
}

file_body::~file_body() {
  ::close(fd_);
}

std::shared_ptr<const file_body> file_body::open(const std::string& path, std::uint64_t offset,
                                                 std::uint64_t length) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return nullptr;
  return std::make_shared<const file_body>(fd, offset, length);
}

std::uint64_t http_response::body_size() const noexcept {
  return file ? file->length() : body.size();
}

responder::responder(send_fn send) : state_(std::make_shared<state>(std::move(send))) {}

void responder::operator()(http_response response) const {
  if (state_->answered.exchange(true))
    return;
  state_->send(std::move(response));
}

bool responder::answered() const noexcept {
  return state_->answered.load();
}

} // namespace http_api
