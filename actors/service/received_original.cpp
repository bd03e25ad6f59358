#include "actors/service/received_original.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "actors/imaging/image_format.hpp"

namespace actors {

namespace {

model::problem spent() {
  return model::make_problem(model::error_code::internal_error,
                             "the upload's file was handed to the store already");
}

// The file at `path` mapped read-only for as long as it lives: the probe
// reads an upload as it reads a buffer, and the pages stay the kernel's
// page cache instead of a copy of the upload in this process.
class mapped_file {
public:
  static model::outcome<mapped_file> open(const std::string& path, std::size_t size) {
    if (size == 0)
      return mapped_file(nullptr, 0);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return model::make_problem(model::error_code::unavailable, "cannot read an upload back");
    void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (address == MAP_FAILED)
      return model::make_problem(model::error_code::unavailable, "cannot map an upload");
    ::madvise(address, size, MADV_SEQUENTIAL);
    return mapped_file(address, size);
  }
  mapped_file(mapped_file&& other) noexcept
      : address_(std::exchange(other.address_, nullptr)), size_(other.size_) {}
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  mapped_file& operator=(mapped_file&&) = delete;
  ~mapped_file() {
    if (address_ != nullptr)
      ::munmap(address_, size_);
  }
  std::string_view bytes() const noexcept {
    return {static_cast<const char*>(address_), size_};
  }

private:
  mapped_file(void* address, std::size_t size) : address_(address), size_(size) {}
  void* address_;
  std::size_t size_;
};

} // namespace

model::status received_original::append(std::string_view bytes) {
  if (!file_)
    return spent();
  if (!recognised_) {
    auto wanted = imaging::format_signature_bytes - signature_.size();
    signature_.append(bytes.substr(0, std::min(wanted, bytes.size())));
    if (signature_.size() == imaging::format_signature_bytes) {
      if (!imaging::detect_format(signature_))
        return imaging::unrecognised_format();
      recognised_ = true;
      signature_.clear();
    }
  }
  return file_->append(bytes);
}

model::outcome<model::blob_ref> received_original::finish() {
  if (!file_)
    return spent();
  return file_->finish();
}

model::outcome<imaging::image_header>
received_original::probe(const imaging::image_limits& limits) {
  auto ref = finish();
  if (!ref)
    return ref.error();
  auto mapped = mapped_file::open(file_->path(), static_cast<std::size_t>(ref->size));
  if (!mapped)
    return mapped.error();
  return imaging::probe_image(mapped->bytes(), limits);
}

model::outcome<storage::byte_store::writer> received_original::take() {
  if (!file_)
    return spent();
  auto file = std::move(*file_);
  file_.reset();
  return file;
}

} // namespace actors
