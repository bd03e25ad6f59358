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
// Processes that share the disk (the head's worker processes) write their
// results as temporaries (create_at()) that the store's owner adopt()s.
//
// Reads check every byte against the blob's XXH3 (a mismatch is
// corrupt_image, never served). Thread-safe; the caller serializes
// publish() and remove() of one name (the record store does, under a lock
// striped by name), so that a blob is never removed while being published.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "actors/model/blob_ref.hpp"
#include "actors/model/problem.hpp"

namespace storage {

using model::blob_ref;

class byte_store {
public:
  /// Bytes synced in a temporary file, named but not yet published.
  class sealed;

  /// Appended bytes are gathered into writes of this many: few enough
  /// system calls, and bounded memory with every connection uploading.
  static constexpr std::size_t write_unit_bytes = 256 * 1024;

  /// A blob being written.
  class writer {
  public:
    writer(writer&&) noexcept;
    writer& operator=(writer&&) noexcept;
    ~writer();

    /// Appends bytes; unavailable when the disk refuses them (full).
    /// Not after finish().
    model::status append(std::string_view bytes);
    std::uint64_t size() const noexcept;

    /// Writes what append() gathered, ends the bytes and names them
    /// (SHA-256, size, XXH3) without waiting for the disk: what an upload's
    /// record needs before it is stored. Errors as append().
    model::outcome<blob_ref> finish();

    /// The temporary file being written, e.g. to probe once finished.
    const std::string& path() const noexcept;

    /// Syncs the bytes to the disk (finishing them first); the writer is
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
    /// Keeps the temporary file beyond this object and returns its name
    /// among the store's temporaries, for the store's owner to adopt().
    std::string release();

  private:
    friend class byte_store;
    sealed(std::string path, blob_ref ref) : path_(std::move(path)), ref_(std::move(ref)) {}
    std::string path_; // empty once published
    blob_ref ref_;
  };

  /// Opens (creating) the byte store under `root` and removes temporary
  /// files a crash left. unavailable when the folder cannot be used.
  static model::outcome<std::unique_ptr<byte_store>> open(const std::string& root);

  /// A new blob to write. `known_sha256`: the SHA-256 of the bytes to come,
  /// computed by the caller from those very bytes (an upload's buffer): the
  /// blob is named by it unchecked, sparing a second pass of SHA-256 over
  /// them. Empty: computed while writing.
  model::outcome<writer> create(std::string known_sha256 = {});

  /// A new blob among the temporaries of the byte store at `root`, for a
  /// process on this machine that shares the store without owning it (a
  /// worker): it seals the blob, release()s it and names it to the owner.
  static model::outcome<writer> create_at(const std::string& root, std::string known_sha256 = {});

  /// Takes over a sealed temporary that another process wrote (create_at(),
  /// release()): hashes it anew, as the bytes it names are trusted by every
  /// record that will share them. invalid_request for a name that is not one
  /// of a temporary, not_found when the file is missing. Like any sealed
  /// blob, the file goes when the result is dropped unpublished.
  model::outcome<sealed> adopt(std::string_view name);

  /// Removes temporaries last written before `age` ago: what processes that
  /// share the store left behind (a result nobody took). Returns how many.
  model::outcome<std::size_t> sweep_temporaries(std::chrono::seconds age);

  /// A random name given to the store when it was made: a process that
  /// finds the same identity under a path shares this store.
  const std::string& identity() const noexcept {
    return identity_;
  }

  /// create(known_sha256), append(bytes), seal().
  model::outcome<sealed> seal_bytes(std::string_view bytes, std::string known_sha256 = {});

  /// seal_bytes() among the temporaries of the byte store at `root`, as
  /// create_at() does.
  static model::outcome<sealed> seal_bytes_at(const std::string& root, std::string_view bytes,
                                              std::string known_sha256 = {});

  /// Gives the sealed bytes their name and makes that durable. Bytes of the
  /// same name published before are the same bytes: either file serves.
  model::status publish(sealed blob);

  /// The blob's bytes, checked; corrupt_image when they do not match `ref`,
  /// not_found when the file is missing.
  model::outcome<std::string> read(const blob_ref& ref) const;

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
  byte_store(std::string root, std::string identity)
      : root_(std::move(root)), identity_(std::move(identity)) {}
  std::string root_;
  std::string identity_;
};

/// Where the byte store at `root` keeps the blob of `sha256`.
std::string blob_path(const std::string& root, std::string_view sha256);

/// The identity() of the byte store at `root`, read without opening it;
/// not_found when there is none.
model::outcome<std::string> read_store_identity(const std::string& root);

/// The blob of `ref` read from `path` and checked (for workers on this
/// machine, which have the path but not the store).
model::outcome<std::string> read_checked_file(const std::string& path, const blob_ref& ref);

/// Checks the file at `path` against `ref` without reading it into memory
/// (before it is sent as it is). Errors as byte_store::read().
model::status check_file(const std::string& path, const blob_ref& ref);

} // namespace storage
