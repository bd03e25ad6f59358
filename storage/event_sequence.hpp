#pragma once

// Ids of events, given out before the write batch that holds the event
// commits. Batches of different images commit in any order, so a reader
// must not pass an id whose batch may still commit: readable() bounds what
// is safe to read, so that readers see events in id order without gaps.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>

namespace storage {

class event_sequence {
public:
  /// `boot` counts the opens of the store: ids of a later open sort after
  /// every id of an earlier one.
  explicit event_sequence(std::uint64_t boot) : boot_(boot) {}

  /// An id being written; readable() stays below it until the ticket goes
  /// (after its batch committed or failed).
  class ticket {
  public:
    ticket() = default;
    ticket(event_sequence* owner, std::uint64_t number) : owner_(owner), number_(number) {}
    ticket(ticket&& other) noexcept
        : owner_(other.owner_), number_(other.number_), id_(std::move(other.id_)) {
      other.owner_ = nullptr;
    }
    ticket& operator=(ticket&& other) noexcept;
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();

    const std::string& id() const {
      return id_;
    }

  private:
    friend class event_sequence;
    event_sequence* owner_ = nullptr;
    std::uint64_t number_ = 0;
    std::string id_;
  };

  ticket take();

  /// Ids below this one are committed or never will be: the exclusive
  /// bound of what a reader may read now.
  std::string readable();

  /// A number that changes whenever ids may have become readable.
  std::uint64_t generation();

  /// Waits until generation() differs from `seen`, or `timeout` passed.
  void wait_past(std::uint64_t seen, std::chrono::milliseconds timeout);

  /// "<boot as 10 digits>-<number as 12 digits>".
  std::string id_of(std::uint64_t number) const;

private:
  void release(std::uint64_t number);

  std::mutex mutex_;
  const std::uint64_t boot_;
  std::uint64_t next_ = 1;
  std::set<std::uint64_t> in_flight_;
  std::uint64_t generation_ = 0;
  std::condition_variable released_;
};

} // namespace storage
