#pragma once

// HEIC and AVIF decoding with libheif directly. GraphicsMagick 1.3.40's
// HEIF reader copies the decoded pixels by the size the file declares (its
// ispe property), not by the size libheif decoded: a file that declares
// more than its coded image holds makes it read past libheif's buffer,
// which crashes the process or copies other heap bytes into the image.

#include <string_view>

#include <Magick++.h>

#include "actors/imaging/image_format.hpp"
#include "actors/model/problem.hpp"

namespace imaging {

/// The primary image of a HEIF file (`format` is HEIC or AVIF), turned and
/// mirrored as its irot and imir properties say and cropped as its clap
/// property says, 8 bits per channel, with its alpha channel and ICC
/// profile. Its orientation is left undefined, as GraphicsMagick's reader
/// leaves it, and EXIF and XMP are not kept: viewers would apply the EXIF
/// orientation to the already turned pixels once more. Errors:
/// corrupt_image ("<FORMAT> decoder: <libheif's reason>"), image_too_large
/// over GraphicsMagick's resource limits (initialize_imaging()). `input`
/// must have passed probe_image(). Thread-safe.
model::outcome<Magick::Image> read_heif(std::string_view input, image_format format);

} // namespace imaging
