#pragma once

// Image bytes beside RocksDB (which keeps every image's state, and which
// blob each record points to): one file per distinct content, named by its
// SHA-256, in 256 folders by its first two hex digits, under
// <storage.path>/bytes/. Identical bytes are stored once.
//
// Writing is two steps, so that a record is committed only after the bytes
// it points to are on disk:
//   create() -> append()... -> seal(): the bytes are in a temporary file,
//     synced, hashed (SHA-256 names them, XXH3 checks them when read);
//   publish(sealed): the file takes its name, and its folder is synced.
// A sealed blob that is not published is removed when it goes away. A crash
// leaves temporary files and blobs no record points to: sweep() removes
// them at start.
//
// Reads check every byte against the blob's XXH3 (a mismatch is
// corrupt_image, never served). Thread-safe; the caller serializes
// publish() and remove() of one name (the record store does, under a lock
// striped by name), so that a blob is never removed while being published.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "actors/model/problem.hpp"

namespace storage {

/// What a record needs to find and check a blob.
struct blob_ref {
  std::string sha256; // lowercase hex: the file's name
  std::uint64_t size = 0;
  std::uint64_t xxh3 = 0; // XXH3-64 of the bytes, checked on every read
};

/// An open, checked blob: a descriptor to send from (sendfile) and its size.
/// Closes the descriptor when the last copy goes.
class open_blob {
public:
  open_blob(int fd, std::uint64_t size);
  int fd() const noexcept {
    return *fd_;
  }
  std::uint64_t size() const noexcept {
    return size_;
  }

private:
  std::shared_ptr<const int> fd_;
  std::uint64_t size_;
};

class byte_store {
public:
  /// Bytes synced in a temporary file, named but not yet published.
  class sealed;

  /// A blob being written.
  class writer {
  public:
    writer(writer&&) noexcept;
    writer& operator=(writer&&) noexcept;
    ~writer();

    /// Appends bytes; unavailable when the disk refuses them (full).
    model::status append(std::string_view bytes);
    std::uint64_t size() const noexcept;

    /// Syncs the bytes to the disk and computes their names; the writer is
    /// spent.
    model::outcome<sealed> seal();

  private:
    friend class byte_store;
    struct state;
    explicit writer(std::unique_ptr<state> state);
    std::unique_ptr<state> state_;
  };

  class sealed {
  public:
    sealed(sealed&&) noexcept;
    sealed& operator=(sealed&&) noexcept;
    /// Removes the temporary file unless it was published.
    ~sealed();
    const blob_ref& ref() const noexcept {
      return ref_;
    }
    /// The temporary file, e.g. to probe or copy from before publishing.
    const std::string& path() const noexcept {
      return path_;
    }

  private:
    friend class byte_store;
    sealed(std::string path, blob_ref ref) : path_(std::move(path)), ref_(std::move(ref)) {}
    std::string path_; // empty once published
    blob_ref ref_;
  };

  /// Opens (creating) the byte store under `root` and removes temporary
  /// files a crash left. unavailable when the folder cannot be used.
  static model::outcome<std::unique_ptr<byte_store>> open(const std::string& root);

  /// A new blob to write.
  model::outcome<writer> create();

  /// create(), append(bytes), seal().
  model::outcome<sealed> seal_bytes(std::string_view bytes);

  /// Gives the sealed bytes their name and makes that durable. Bytes of the
  /// same name published before are the same bytes: either file serves.
  model::status publish(sealed blob);

  /// The blob's bytes, checked; corrupt_image when they do not match `ref`,
  /// not_found when the file is missing.
  model::outcome<std::string> read(const blob_ref& ref) const;

  /// The blob opened for sending, checked as read() does.
  model::outcome<open_blob> open_checked(const blob_ref& ref) const;

  /// Removes the blob of `sha256` (its last record went). Not synced: a
  /// removal lost in a crash is redone by sweep().
  model::status remove(std::string_view sha256);

  /// Removes every blob for which `referenced(sha256)` is false. Returns how
  /// many. For the start, before anything is published.
  model::outcome<std::size_t> sweep(const std::function<bool(std::string_view)>& referenced);

  /// Where the blob of `sha256` lives (for workers on this machine).
  std::string path_of(std::string_view sha256) const;

  const std::string& root() const noexcept {
    return root_;
  }

private:
  explicit byte_store(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

/// The blob of `ref` read from `path` and checked (for workers on this
/// machine, which have the path but not the store).
model::outcome<std::string> read_checked_file(const std::string& path, const blob_ref& ref);

/// Checks the file at `path` against `ref` without reading it into memory
/// (before it is sent as it is). Errors as byte_store::read().
model::status check_file(const std::string& path, const blob_ref& ref);

} // namespace storage
