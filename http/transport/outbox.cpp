#include "http/transport/outbox.hpp"

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

namespace http_api {

namespace {

// Chunks handed to one sendmsg(); an answer is a head and a body.
constexpr std::size_t max_chunks_per_write = 16;
// Linux sends at most this much with one sendfile().
constexpr std::uint64_t max_sendfile_bytes = 0x7ffff000;

} // namespace

outbox::state outbox::send(std::vector<std::string> chunks, bool then_close,
                           std::shared_ptr<const file_body> file) {
  std::lock_guard lock(mutex_);
  if (failed_)
    return state::failed;
  if (queue_.empty())
    last_progress_ = std::chrono::steady_clock::now();
  for (auto& chunk : chunks)
    if (!chunk.empty())
      queue_.push_back({std::move(chunk), nullptr, 0});
  if (file && file->length() > 0)
    queue_.push_back({std::string(), std::move(file), 0});
  close_after_ = close_after_ || then_close;
  return flush();
}

outbox::state outbox::resume() {
  std::lock_guard lock(mutex_);
  return failed_ ? state::failed : flush();
}

std::uint64_t outbox::queued_bytes() {
  std::lock_guard lock(mutex_);
  std::uint64_t queued = 0;
  for (const auto& piece : queue_)
    queued += piece.size() - piece.sent;
  return queued;
}

std::optional<std::chrono::steady_clock::time_point> outbox::stalled_since() {
  std::lock_guard lock(mutex_);
  if (queue_.empty() || failed_)
    return std::nullopt;
  return last_progress_;
}

outbox::state outbox::flush() {
  while (!queue_.empty()) {
    state outcome = state::drained;
    if (!write_some(outcome))
      return outcome;
  }
  if (close_after_) {
    close_after_ = false;
    ::shutdown(fd_, SHUT_WR);
  }
  return state::drained;
}

bool outbox::write_some(state& outcome) {
  ssize_t written = 0;
  auto& front = queue_.front();
  if (front.file) {
    auto offset = static_cast<off_t>(front.file->offset() + front.sent);
    auto count = std::min(front.size() - front.sent, max_sendfile_bytes);
    written = ::sendfile(fd_, front.file->fd(), &offset, count);
  } else {
    iovec parts[max_chunks_per_write];
    std::size_t count = 0;
    bool file_follows = false;
    for (auto piece = queue_.begin(); piece != queue_.end() && count < max_chunks_per_write;
         ++piece) {
      if (piece->file) {
        file_follows = true;
        break;
      }
      parts[count].iov_base = piece->bytes.data() + piece->sent;
      parts[count].iov_len = piece->bytes.size() - piece->sent;
      ++count;
    }
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = count;
    // A head followed by a file body leaves in the same segments as the
    // body's start.
    written = ::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT | (file_follows ? MSG_MORE : 0));
  }
  if (written < 0) {
    if (errno == EINTR)
      return true;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      outcome = state::blocked;
      return false;
    }
    failed_ = true;
    queue_.clear();
    outcome = state::failed;
    return false;
  }
  last_progress_ = std::chrono::steady_clock::now();
  auto left = static_cast<std::uint64_t>(written);
  while (left > 0 && !queue_.empty()) {
    auto& piece = queue_.front();
    auto in_piece = piece.size() - piece.sent;
    if (left < in_piece) {
      piece.sent += left;
      break;
    }
    left -= in_piece;
    queue_.pop_front();
  }
  // A file shorter than announced (truncated meanwhile) would never drain.
  if (written == 0 && !queue_.empty() && queue_.front().file) {
    failed_ = true;
    queue_.clear();
    outcome = state::failed;
    return false;
  }
  return true;
}

} // namespace http_api
