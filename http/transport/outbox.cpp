#include "http/transport/outbox.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

namespace http_api {

namespace {

// Chunks handed to one sendmsg(); an answer is a head and a body.
constexpr std::size_t max_chunks_per_write = 16;

} // namespace

outbox::state outbox::send(std::vector<std::string> chunks, bool then_close) {
  std::lock_guard lock(mutex_);
  if (failed_)
    return state::failed;
  if (queue_.empty())
    last_progress_ = std::chrono::steady_clock::now();
  for (auto& chunk : chunks)
    if (!chunk.empty())
      queue_.push_back(std::move(chunk));
  close_after_ = close_after_ || then_close;
  return flush();
}

outbox::state outbox::resume() {
  std::lock_guard lock(mutex_);
  return failed_ ? state::failed : flush();
}

std::optional<std::chrono::steady_clock::time_point> outbox::stalled_since() {
  std::lock_guard lock(mutex_);
  if (queue_.empty() || failed_)
    return std::nullopt;
  return last_progress_;
}

outbox::state outbox::flush() {
  while (!queue_.empty()) {
    iovec parts[max_chunks_per_write];
    std::size_t count = 0;
    for (auto chunk = queue_.begin(); chunk != queue_.end() && count < max_chunks_per_write;
         ++chunk, ++count) {
      std::size_t skip = count == 0 ? written_of_front_ : 0;
      parts[count].iov_base = chunk->data() + skip;
      parts[count].iov_len = chunk->size() - skip;
    }
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = count;
    ssize_t written = ::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return state::blocked;
      failed_ = true;
      queue_.clear();
      return state::failed;
    }
    last_progress_ = std::chrono::steady_clock::now();
    auto left = static_cast<std::size_t>(written);
    while (left > 0) {
      auto in_front = queue_.front().size() - written_of_front_;
      if (left < in_front) {
        written_of_front_ += left;
        break;
      }
      left -= in_front;
      queue_.pop_front();
      written_of_front_ = 0;
    }
  }
  if (close_after_) {
    close_after_ = false;
    ::shutdown(fd_, SHUT_WR);
  }
  return state::drained;
}

} // namespace http_api
