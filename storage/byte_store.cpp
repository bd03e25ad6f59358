#include "storage/byte_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>

#include <openssl/evp.h>
#include <xxhash.h>

#include "actors/model/digest.hpp"

namespace storage {

namespace {

namespace fs = std::filesystem;

model::problem failure(const std::string& what, int error = errno) {
  auto code = error == ENOSPC || error == EDQUOT ? model::error_code::insufficient_storage
                                                 : model::error_code::unavailable;
  return model::make_problem(code, what + ": " + std::strerror(error));
}

bool is_blob_name(std::string_view name) {
  if (name.size() != 64)
    return false;
  for (char c : name)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

model::status sync_folder(const std::string& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return failure("open " + folder);
  int synced = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (synced != 0)
    return failure("sync " + folder, error);
  return model::ok_status();
}

// Passes the file's bytes from its start to `consume` in pieces, through
// one buffer per thread: the bytes stay in the page cache for sendfile, and
// no mapping is made and torn down for each read (unmapping costs every
// core a TLB flush). Stops at `limit` bytes or the end of the file; returns
// how many bytes were read.
template<class Consume>
model::outcome<std::uint64_t> read_in_pieces(int fd, std::uint64_t limit, const std::string& what,
                                             Consume consume) {
  constexpr std::size_t piece = 128 << 10;
  thread_local std::unique_ptr<char[]> buffer(new char[piece]);
  std::uint64_t done = 0;
  while (done < limit) {
    auto got = ::pread(fd, buffer.get(),
                       static_cast<std::size_t>(std::min<std::uint64_t>(piece, limit - done)),
                       static_cast<off_t>(done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return failure("read " + what);
    if (got == 0)
      break;
    consume(std::string_view(buffer.get(), static_cast<std::size_t>(got)));
    done += static_cast<std::uint64_t>(got);
  }
  return done;
}

// XXH3 of the file's first `size` bytes.
model::outcome<std::uint64_t> checksum_of(int fd, std::uint64_t size, const std::string& what) {
  thread_local std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                              &XXH3_freeState);
  XXH3_64bits_reset(state.get());
  auto read = read_in_pieces(fd, size, what, [&](std::string_view bytes) {
    XXH3_64bits_update(state.get(), bytes.data(), bytes.size());
  });
  if (!read)
    return read.error();
  return XXH3_64bits_digest(state.get());
}

// The names of bytes given in pieces: SHA-256 (unless the caller knows it)
// and XXH3-64.
class blob_hasher {
public:
  /// With `known_sha256` empty the SHA-256 is computed, else taken as is.
  static model::outcome<blob_hasher> start(std::string known_sha256 = {}) {
    blob_hasher hasher;
    hasher.known_sha256_ = std::move(known_sha256);
    hasher.xxh_.reset(XXH3_createState());
    if (!hasher.xxh_ || XXH3_64bits_reset(hasher.xxh_.get()) != XXH_OK)
      return cannot_start();
    if (hasher.known_sha256_.empty()) {
      hasher.sha_.reset(EVP_MD_CTX_new());
      if (!hasher.sha_ || EVP_DigestInit_ex(hasher.sha_.get(), EVP_sha256(), nullptr) != 1)
        return cannot_start();
    }
    return hasher;
  }

  void update(std::string_view bytes) {
    if (sha_)
      EVP_DigestUpdate(sha_.get(), bytes.data(), bytes.size());
    XXH3_64bits_update(xxh_.get(), bytes.data(), bytes.size());
  }

  /// The names of the `size` bytes given; the hasher is spent.
  blob_ref finish(std::uint64_t size) {
    auto name = std::move(known_sha256_);
    if (sha_) {
      unsigned char digest[EVP_MAX_MD_SIZE];
      unsigned int length = 0;
      EVP_DigestFinal_ex(sha_.get(), digest, &length);
      name = model::to_hex(digest, length);
    }
    return blob_ref{std::move(name), size, XXH3_64bits_digest(xxh_.get())};
  }

private:
  static model::problem cannot_start() {
    return model::make_problem(model::error_code::internal_error, "cannot start hashing");
  }

  std::string known_sha256_;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> sha_{nullptr, &EVP_MD_CTX_free};
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> xxh_{nullptr, &XXH3_freeState};
};

// The names of the whole file: SHA-256, size and XXH3.
model::outcome<blob_ref> hash_file(int fd, const std::string& what) {
  auto hasher = blob_hasher::start();
  if (!hasher)
    return hasher.error();
  auto size =
      read_in_pieces(fd, UINT64_MAX, what, [&](std::string_view bytes) { hasher->update(bytes); });
  if (!size)
    return size.error();
  return hasher->finish(*size);
}

// create_at() names temporaries "<number>-<number>".
bool is_temporary_name(std::string_view name) {
  if (name.empty() || name.size() > 48 || name.front() == '-')
    return false;
  for (char c : name)
    if (!((c >= '0' && c <= '9') || c == '-'))
      return false;
  return true;
}

constexpr const char* identity_file = "STORE-ID";

model::outcome<std::string> make_identity(const std::string& root) {
  unsigned char random[16];
  std::random_device source;
  for (auto& byte : random)
    byte = static_cast<unsigned char>(source());
  auto identity = model::to_hex(random, sizeof(random));
  auto path = root + "/" + identity_file;
  auto temporary = root + "/tmp/" + identity_file;
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return failure("create " + temporary);
  auto line = identity + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                 ::fdatasync(fd) == 0;
  int error = errno;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0)
    return failure("write " + path, written ? errno : error);
  return identity;
}

model::problem corrupt(const std::string& what) {
  return model::make_problem(model::error_code::corrupt_image,
                             "the stored bytes of " + what + " are damaged (checksum mismatch)");
}

// Opens the file of blob `ref` for reading; not_found when it is missing.
model::outcome<int> open_blob_file(const std::string& path, const blob_ref& ref) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    return fd;
  if (errno == ENOENT)
    return model::make_problem(model::error_code::not_found,
                               "the bytes of blob " + ref.sha256 + " are missing");
  return failure("open blob " + ref.sha256);
}

} // namespace

// -- writer ---------------------------------------------------------------------

struct byte_store::writer::state {
  std::string path;
  int fd = -1;
  std::uint64_t size = 0;
  std::optional<blob_hasher> hasher; // until finished
  std::string unwritten;             // appended, not yet written
  std::optional<blob_ref> finished;

  ~state() {
    if (fd >= 0)
      ::close(fd);
    if (!path.empty())
      ::unlink(path.c_str());
  }
};

byte_store::writer::writer(std::unique_ptr<state> state) : state_(std::move(state)) {}
byte_store::writer::writer(writer&&) noexcept = default;
byte_store::writer& byte_store::writer::operator=(writer&&) noexcept = default;
byte_store::writer::~writer() = default;

namespace {

// Writes all of `bytes` to `fd`.
model::status write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return failure("write the bytes of an image");
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return model::ok_status();
}

} // namespace

model::status byte_store::writer::append(std::string_view bytes) {
  auto& s = *state_;
  s.hasher->update(bytes);
  s.size += bytes.size();
  // Uploads arrive in pieces of 4 KB (Pistache's socket reads). Written one
  // by one, the file system's cost per write was a third of the head's CPU
  // for 1 MB uploads; gathered into 64 KB it was 2.5 ms per MB, into 256 KB
  // 2.3, into 1 MB 2.25 (whole bodies from memory: 2.2).
  if (s.unwritten.empty() && bytes.size() >= write_unit_bytes)
    return write_all(s.fd, bytes);
  if (s.unwritten.empty())
    s.unwritten.reserve(write_unit_bytes);
  s.unwritten.append(bytes);
  if (s.unwritten.size() < write_unit_bytes)
    return model::ok_status();
  auto written = write_all(s.fd, s.unwritten);
  s.unwritten.clear();
  return written;
}

std::uint64_t byte_store::writer::size() const noexcept {
  return state_->size;
}

model::outcome<blob_ref> byte_store::writer::finish() {
  auto& s = *state_;
  if (!s.unwritten.empty()) {
    auto written = write_all(s.fd, s.unwritten);
    s.unwritten = std::string();
    if (!written)
      return written.error();
  }
  if (!s.finished) {
    s.finished = s.hasher->finish(s.size);
    s.hasher.reset();
  }
  return *s.finished;
}

const std::string& byte_store::writer::path() const noexcept {
  return state_->path;
}

model::outcome<byte_store::sealed> byte_store::writer::seal() {
  auto ref = finish();
  if (!ref)
    return ref.error();
  auto& s = *state_;
  if (::fdatasync(s.fd) != 0)
    return failure("sync the bytes of an image");
  ::close(s.fd);
  s.fd = -1;
  sealed result(std::exchange(s.path, std::string()), std::move(*ref));
  state_.reset();
  return result;
}

// -- sealed ---------------------------------------------------------------------

byte_store::sealed::sealed(sealed&& other) noexcept
    : path_(std::exchange(other.path_, std::string())), ref_(std::move(other.ref_)) {}

byte_store::sealed& byte_store::sealed::operator=(sealed&& other) noexcept {
  if (this != &other) {
    if (!path_.empty())
      ::unlink(path_.c_str());
    path_ = std::exchange(other.path_, std::string());
    ref_ = std::move(other.ref_);
  }
  return *this;
}

byte_store::sealed::~sealed() {
  if (!path_.empty())
    ::unlink(path_.c_str());
}

std::string byte_store::sealed::release() {
  auto path = std::exchange(path_, std::string());
  return fs::path(path).filename().string();
}

// -- byte_store -----------------------------------------------------------------

model::outcome<std::unique_ptr<byte_store>> byte_store::open(const std::string& root) {
  std::error_code error;
  fs::create_directories(fs::path(root) / "tmp", error);
  if (error)
    return model::make_problem(model::error_code::unavailable,
                               "cannot create " + root + ": " + error.message());
  for (int folder = 0; folder < 256; ++folder) {
    char name[3];
    std::snprintf(name, sizeof(name), "%02x", folder);
    fs::create_directory(fs::path(root) / name, error);
    if (error)
      return model::make_problem(model::error_code::unavailable,
                                 "cannot create " + (fs::path(root) / name).string() + ": " +
                                     error.message());
  }
  // What a crash left half written.
  for (const auto& entry : fs::directory_iterator(fs::path(root) / "tmp", error))
    fs::remove(entry.path(), error);
  auto identity = read_store_identity(root);
  if (!identity && identity.error().code == model::error_code::not_found)
    identity = make_identity(root);
  if (!identity)
    return identity.error();
  if (auto synced = sync_folder(root); !synced)
    return synced.error();
  return std::unique_ptr<byte_store>(new byte_store(root, std::move(*identity)));
}

model::outcome<byte_store::writer> byte_store::create(std::string known_sha256) {
  return create_at(root_, std::move(known_sha256));
}

model::outcome<byte_store::writer> byte_store::create_at(const std::string& root,
                                                         std::string known_sha256) {
  static std::atomic<std::uint64_t> counter{0};
  static const auto prefix = std::random_device{}();
  auto state = std::make_unique<writer::state>();
  state->path = root + "/tmp/" + std::to_string(prefix) + "-" + std::to_string(++counter);
  state->fd = ::open(state->path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (state->fd < 0) {
    state->path.clear();
    return failure("create a file for the bytes of an image");
  }
  auto hasher = blob_hasher::start(std::move(known_sha256));
  if (!hasher)
    return hasher.error();
  state->hasher.emplace(std::move(*hasher));
  return writer(std::move(state));
}

model::outcome<byte_store::sealed> byte_store::seal_bytes(std::string_view bytes,
                                                          std::string known_sha256) {
  return seal_bytes_at(root_, bytes, std::move(known_sha256));
}

model::outcome<byte_store::sealed> byte_store::seal_bytes_at(const std::string& root,
                                                             std::string_view bytes,
                                                             std::string known_sha256) {
  auto blob = create_at(root, std::move(known_sha256));
  if (!blob)
    return blob.error();
  if (auto written = blob->append(bytes); !written)
    return written.error();
  return blob->seal();
}

std::string byte_store::path_of(std::string_view sha256) const {
  return blob_path(root_, sha256);
}

model::status byte_store::publish(sealed blob) {
  auto target = path_of(blob.ref().sha256);
  if (::rename(blob.path_.c_str(), target.c_str()) != 0)
    return failure("name the bytes of blob " + blob.ref().sha256);
  blob.path_.clear();
  return sync_folder(root_ + "/" + blob.ref().sha256.substr(0, 2));
}

model::outcome<byte_store::sealed> byte_store::adopt(std::string_view name) {
  if (!is_temporary_name(name))
    return model::make_problem(model::error_code::invalid_request,
                               "\"" + std::string(name) +
                                   "\" names no temporary of the byte store");
  auto path = root_ + "/tmp/" + std::string(name);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? model::make_problem(model::error_code::not_found,
                                                 "the temporary " + path + " is missing")
                           : failure("open " + path);
  auto ref = hash_file(fd, path);
  ::close(fd);
  if (!ref) {
    ::unlink(path.c_str());
    return ref.error();
  }
  return sealed(std::move(path), std::move(*ref));
}

model::outcome<std::size_t> byte_store::sweep_temporaries(std::chrono::seconds age) {
  std::size_t removed = 0;
  std::error_code listing;
  auto before = fs::file_time_type::clock::now() - age;
  fs::directory_iterator entries(fs::path(root_) / "tmp", listing);
  for (; !listing && entries != fs::directory_iterator(); entries.increment(listing)) {
    // A temporary adopted or removed meanwhile is simply gone.
    std::error_code gone;
    auto written = entries->last_write_time(gone);
    if (!gone && written < before && fs::remove(entries->path(), gone))
      ++removed;
  }
  if (listing)
    return model::make_problem(model::error_code::unavailable,
                               "cannot sweep " + root_ + "/tmp: " + listing.message());
  return removed;
}

model::outcome<std::string> byte_store::read(const blob_ref& ref) const {
  return read_checked_file(path_of(ref.sha256), ref);
}

model::status byte_store::remove(std::string_view sha256) {
  if (::unlink(path_of(sha256).c_str()) != 0 && errno != ENOENT)
    return failure("remove blob " + std::string(sha256));
  return model::ok_status();
}

model::outcome<std::size_t>
byte_store::sweep(const std::function<bool(std::string_view)>& referenced) {
  std::size_t removed = 0;
  std::error_code error;
  for (int folder = 0; folder < 256; ++folder) {
    char name[3];
    std::snprintf(name, sizeof(name), "%02x", folder);
    for (const auto& entry : fs::directory_iterator(fs::path(root_) / name, error)) {
      auto file = entry.path().filename().string();
      if (!is_blob_name(file) || referenced(file))
        continue;
      if (fs::remove(entry.path(), error))
        ++removed;
    }
    if (error)
      return model::make_problem(model::error_code::unavailable,
                                 "cannot list the bytes under " + root_ + ": " + error.message());
  }
  return removed;
}

model::outcome<std::string> read_checked_file(const std::string& path, const blob_ref& ref) {
  auto opened = open_blob_file(path, ref);
  if (!opened)
    return opened.error();
  int fd = *opened;
  // One more byte than expected is asked for, to tell a longer file.
  std::string bytes(ref.size + 1, '\0');
  std::size_t done = 0;
  for (;;) {
    auto got = ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      auto problem = failure("read blob " + ref.sha256);
      ::close(fd);
      return problem;
    }
    done += static_cast<std::size_t>(got);
    if (got == 0 || done == bytes.size())
      break;
  }
  ::close(fd);
  if (done != ref.size || XXH3_64bits(bytes.data(), done) != ref.xxh3)
    return corrupt("blob " + ref.sha256);
  bytes.resize(done);
  return bytes;
}

model::status check_file(const std::string& path, const blob_ref& ref) {
  auto opened = open_blob_file(path, ref);
  if (!opened)
    return opened.error();
  int fd = *opened;
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    auto problem = failure("stat blob " + ref.sha256);
    ::close(fd);
    return problem;
  }
  if (static_cast<std::uint64_t>(info.st_size) != ref.size) {
    ::close(fd);
    return corrupt("blob " + ref.sha256);
  }
  auto sum = checksum_of(fd, ref.size, "blob " + ref.sha256);
  ::close(fd);
  if (!sum)
    return sum.error();
  if (*sum != ref.xxh3)
    return corrupt("blob " + ref.sha256);
  return model::ok_status();
}

std::string blob_path(const std::string& root, std::string_view sha256) {
  return root + "/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256);
}

model::outcome<std::string> read_store_identity(const std::string& root) {
  auto path = root + "/" + identity_file;
  std::ifstream file(path);
  if (!file)
    return model::make_problem(model::error_code::not_found, "no byte store at " + root);
  std::string identity;
  std::getline(file, identity);
  if (identity.size() != 32)
    return model::make_problem(model::error_code::unavailable, path + " is damaged");
  return identity;
}

} // namespace storage
