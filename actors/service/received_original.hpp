#pragma once

// A byte_sink into a file of the byte store: the original of an image
// to be, written as it arrives, hashed on the way (its SHA-256 names it),
// and recognised from its first bytes. Dropped before the image is stored
// (refused, connection lost), the file goes with it: nothing is left behind.

#include <optional>
#include <string>

#include "actors/imaging/image_limits.hpp"
#include "actors/imaging/image_probe.hpp"
#include "actors/model/byte_sink.hpp"
#include "storage/byte_store.hpp"

namespace actors {

class received_original final : public model::byte_sink {
public:
  explicit received_original(storage::byte_store::writer file) : file_(std::move(file)) {}

  model::status append(std::string_view bytes) override;

  /// Ends the upload: the name and size of its bytes.
  model::outcome<model::blob_ref> finish();

  /// The header of the finished bytes, read from the file as probe_image()
  /// reads a buffer.
  model::outcome<imaging::image_header> probe(const imaging::image_limits& limits);

  /// Hands the file over to the store; internal_error when it was already.
  model::outcome<storage::byte_store::writer> take();

private:
  std::optional<storage::byte_store::writer> file_;
  std::string signature_; // the first bytes, until they name a format
  bool recognised_ = false;
};

} // namespace actors
