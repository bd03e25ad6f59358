#!/usr/bin/env bash
# Writes the hostile and odd upload corpus of this folder: files a hostile
# or broken client could send (decompression bombs, truncations, wrong magic
# numbers, script formats such as SVG, MVG, MSL and PostScript, polyglots,
# metadata abuse) next to valid images with unusual traits. MANIFEST says
# what the node must answer to each. The same bytes on every run: no random
# input, no timestamps, no metadata but what a file is about.
#
# Usage: generate.sh            rewrite the files in this folder
#        generate.sh --check    regenerate into a temporary folder and compare
#                               with the files here; exit 1 when any differs
# Exits 2 when GraphicsMagick or a reference encoder is missing, so nothing
# was made.
#
# Made with GraphicsMagick 1.3.40 (Debian 12: graphicsmagick), the reference
# encoders heif-enc 1.15 (libheif-examples), avifenc 0.11 (libavif-bin) and
# cjxl 0.7 (libjxl-tools), gzip (for CRC-32) and coreutils.
set -euo pipefail

corpus_dir="$(cd "$(dirname "$0")" && pwd)"

fail() {
  echo "generate.sh: $*" >&2
  exit 1
}

for tool in gm:graphicsmagick heif-enc:libheif-examples avifenc:libavif-bin cjxl:libjxl-tools; do
  command -v "${tool%%:*}" >/dev/null || {
    echo "generate.sh: ${tool%%:*} not found; install ${tool#*:}" >&2
    exit 2
  }
done

# Bytes from hex digits: bytes "ff d8 ff".
bytes() {
  local digits="${1// /}" escaped="" i
  for ((i = 0; i < ${#digits}; i += 2)); do
    escaped+="\\x${digits:i:2}"
  done
  printf '%b' "$escaped"
}

be16() { bytes "$(printf '%04x' "$1")"; }
be32() { bytes "$(printf '%08x' "$1")"; }
le16() {
  local h
  h="$(printf '%04x' "$1")"
  bytes "${h:2:2}${h:0:2}"
}
le24() {
  local h
  h="$(printf '%06x' "$1")"
  bytes "${h:4:2}${h:2:2}${h:0:2}"
}
le32() {
  local h
  h="$(printf '%08x' "$(($1 & 0xFFFFFFFF))")"
  bytes "${h:6:2}${h:4:2}${h:2:2}${h:0:2}"
}

# The CRC-32 of stdin as 4 big-endian bytes; gzip's trailer holds it
# little-endian.
crc32_be() {
  local le
  le="$(gzip -c -n | tail -c 8 | head -c 4 | od -An -tx1 | tr -d ' \n')"
  bytes "${le:6:2}${le:4:2}${le:2:2}${le:0:2}"
}

# A PNG chunk: png_chunk TYPE DATA-FILE.
png_chunk() {
  local type="$1" data="$2"
  be32 "$(stat -c %s "$data")"
  { printf '%s' "$type"; cat "$data"; } >"$data.typed"
  cat "$data.typed"
  crc32_be <"$data.typed"
}

# Overwrites bytes of FILE at OFFSET with the bytes on stdin.
patch_at() {
  dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# Offset of the first occurrence of the hex bytes NEEDLE in FILE.
offset_of() {
  local file="$1" needle="${2// /}" hex
  hex="$(od -An -v -tx1 "$file" | tr -d ' \n')"
  local prefix="${hex%%"$needle"*}"
  [ "$prefix" != "$hex" ] || fail "bytes $needle not found in $file"
  echo $((${#prefix} / 2))
}

# COUNT pseudo-random bytes from a fixed linear congruential generator.
noise_bytes() {
  local count="$1" state="$2" escaped="" i
  for ((i = 0; i < count; i++)); do
    state=$(((state * 1103515245 + 12345) % 2147483648))
    escaped+="\\x$(printf '%02x' $(((state >> 16) & 0xFF)))"
  done
  printf '%b' "$escaped"
}

# An APP1 EXIF segment (big-endian TIFF inside) holding ORIENTATION, then
# PADDING zero bytes of maker-note-like filler.
exif_segment() {
  local orientation="$1" padding="${2:-0}"
  bytes "ff e1"
  be16 $((2 + 6 + 8 + 2 + 12 + 4 + padding))
  bytes "45 78 69 66 00 00 4d 4d 00 2a 00 00 00 08 00 01 01 12 00 03 00 00 00 01"
  be16 "$orientation"
  bytes "00 00 00 00 00 00"
  head -c "$padding" /dev/zero
}

# A JPEG's bytes with SEGMENTS (a file) inserted after its JFIF header.
jpeg_with_segments() {
  local jpeg="$1" segments="$2"
  [ "$(head -c 4 "$jpeg" | od -An -tx1 | tr -d ' \n')" = "ffd8ffe0" ] ||
    fail "$jpeg does not start with a JFIF header"
  head -c 20 "$jpeg"
  cat "$segments"
  tail -c +21 "$jpeg"
}

# A minimal 8-bit grayscale TIFF: tiff_file WIDTH HEIGHT STRIP-OFFSET
# STRIP-BYTES FIRST-IFD-OFFSET, followed by STRIP-BYTES of pixels.
tiff_file() {
  local width="$1" height="$2" strip_offset="$3" strip_bytes="$4" ifd="${5:-8}"
  bytes "49 49 2a 00"
  le32 "$ifd"
  le16 7
  tiff_entry 256 4 "$width"         # ImageWidth, LONG
  tiff_entry 257 4 "$height"        # ImageLength, LONG
  tiff_entry 258 3 8                # BitsPerSample
  tiff_entry 259 3 1                # Compression: none
  tiff_entry 262 3 1                # Photometric: min is black
  tiff_entry 273 4 "$strip_offset"  # StripOffsets
  tiff_entry 279 4 "$strip_bytes"   # StripByteCounts
  le32 0
  head -c "$strip_bytes" /dev/zero | tr '\0' '\200'
}

tiff_entry() {
  le16 "$1"
  le16 "$2"
  le32 1
  if [ "$2" -eq 3 ]; then
    le16 "$3"
    le16 0
  else
    le32 "$3"
  fi
}

# A BMP with a 40-byte info header: bmp_file WIDTH HEIGHT BITS COMPRESSION
# PIXEL-OFFSET PIXEL-BYTES.
bmp_file() {
  local width="$1" height="$2" bits="$3" compression="$4" offset="$5" pixels="$6"
  bytes "42 4d"
  le32 $((54 + pixels))
  le32 0
  le32 "$offset"
  le32 40
  le32 "$width"
  le32 "$height"
  le16 1
  le16 "$bits"
  le32 "$compression"
  le32 "$pixels"
  le32 2835
  le32 2835
  le32 0
  le32 0
  head -c "$pixels" /dev/zero | tr '\0' '\177'
}

# A box of the ISO base media file format (HEIF, AVIF, JPEG XL): box TYPE,
# its payload on stdin.
box() {
  local payload
  payload="$(od -An -v -tx1 | tr -d ' \n')"
  be32 $((8 + ${#payload} / 2))
  printf '%s' "$1"
  bytes "$payload"
}

# A HEIC file written box by box, without coded data: heif_file
# PRIMARY-ITEM, with the rest of its meta box (items, references,
# properties) on stdin. Item 1's data are 13 bytes in the idat box.
heif_file() {
  { printf 'heic'; be32 0; printf 'mif1heic'; } | box ftyp
  { be32 0
    { be32 0; be32 0; printf 'pict'; head -c 13 /dev/zero; } | box hdlr
    { be32 0; be16 "$1"; } | box pitm
    # Version 1, 4-byte offsets and lengths, item 1 in idat (method 1).
    { bytes "01 00 00 00 44 00"; be16 1; be16 1; be16 1; be16 0; be16 1; be32 0; be32 13; } |
      box iloc
    printf 'no coded data' | box idat
    cat
  } | box meta
}

# An item list (iinf) of items 1, 2, ... of the given TYPEs.
heif_items() {
  local id=0 type
  { be32 0; be16 $#
    for type in "$@"; do
      id=$((id + 1))
      { bytes "02 00 00 00"; be16 "$id"; be16 0; printf '%s' "$type"; bytes 00; } | box infe
    done
  } | box iinf
}

# Item properties (iprp): one ispe of WIDTH x HEIGHT, which items 1 to
# ITEMS each name as property INDEX (1: that ispe).
heif_properties() {
  local width="$1" height="$2" items="$3" index="${4:-1}" item
  {
    { be32 0; be32 "$width"; be32 "$height"; } | box ispe | box ipco
    { be32 0; be32 "$items"
      for ((item = 1; item <= items; item++)); do
        be16 "$item"
        bytes "01 $(printf '%02x' $((0x80 | index)))"
      done
    } | box ipma
  } | box iprp
}

# DEPTH property containers (iprp, ipco, iprp, ...) around an ispe.
heif_nested_properties() {
  local depth="$1"
  if [ "$depth" -eq 0 ]; then
    { be32 0; be32 64; be32 48; } | box ispe
  elif [ $((depth % 2)) -eq 0 ]; then
    heif_nested_properties $((depth - 1)) | box iprp
  else
    heif_nested_properties $((depth - 1)) | box ipco
  fi
}

# Overwrites the 32-bit size of the first box of TYPE in FILE.
patch_box_size() {
  local file="$1" type="$2" size="$3" at
  at="$(offset_of "$file" "$(printf '%s' "$type" | od -An -tx1)")"
  be32 "$size" | patch_at "$file" $((at - 4))
}

# Overwrites the width and height of the first ispe property in FILE.
patch_ispe() {
  local file="$1" width="$2" height="$3" at
  at="$(offset_of "$file" "69 73 70 65")"
  { be32 "$width"; be32 "$height"; } | patch_at "$file" $((at + 8))
}

generate() {
  local out="$1" work
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: `work` is local
  trap "rm -rf '$work'" RETURN

  # Valid images, one per accepted format.
  for extension in jpg png gif bmp webp; do
    gm convert -size 96x64 gradient:'#c0392b-#2e86c1' -strip "$out/valid.$extension"
  done
  # TIFF stores the output path as DocumentName: write it from inside $out.
  (cd "$out" && gm convert -size 96x64 gradient:'#c0392b-#2e86c1' -strip -compress LZW valid.tif)

  # Valid, with traits decoders handle differently.
  gm convert -size 64x48 gradient:'#c0392b-#2e86c1' -colorspace CMYK -strip "$out/cmyk.jpg"
  gm convert -size 64x48 gradient:black-white -depth 16 -strip "$out/gray16.png"
  gm convert -size 64x48 gradient:'#c0392b-#2e86c1' -depth 16 -strip "$out/rgb16.png"
  gm convert -delay 10 -size 32x32 xc:'#c0392b' xc:'#27ae60' xc:'#2e86c1' -loop 0 \
    "$out/animated.gif"
  gm convert -size 3x5 gradient:white-black -type TrueColor -strip "$out/odd-width.bmp"
  gm convert -size 48x32 gradient:'#c0392b-#2e86c1' -strip -quality 90 "$work/base.jpg"
  for orientation in 1 2 3 4 5 6 7 8; do
    exif_segment "$orientation" >"$work/exif"
    jpeg_with_segments "$work/base.jpg" "$work/exif" >"$out/orientation-$orientation.jpg"
  done
  # 16 EXIF-sized segments of nearly 64 KiB each: a megabyte of metadata.
  : >"$work/huge-exif"
  for _ in $(seq 16); do
    exif_segment 6 65000 >>"$work/huge-exif"
  done
  jpeg_with_segments "$work/base.jpg" "$work/huge-exif" >"$out/huge-exif.jpg"

  # Not images at all.
  : >"$out/empty.bin"
  noise_bytes 4096 20241128 >"$out/random.bin"
  printf 'hello, this is not an image\n' >"$out/plain.txt"
  printf 'text:/etc/passwd\n' >"$out/tragick-text.txt"
  cat >"$out/tragick.mvg" <<'MVG'
push graphic-context
viewbox 0 0 640 480
fill 'url(https://example.com/image.jpg"|ls "-la)'
pop graphic-context
MVG
  cp "$out/tragick.mvg" "$out/tragick-mvg-named.png"
  cat >"$out/tragick.msl" <<'MSL'
<?xml version="1.0" encoding="UTF-8"?>
<image>
<read filename="/etc/passwd" />
<write filename="/tmp/caf-node-msl.png" />
</image>
MSL
  cat >"$out/xxe.svg" <<'SVG'
<?xml version="1.0" standalone="no"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg width="640" height="480" xmlns="http://www.w3.org/2000/svg"
     xmlns:xlink="http://www.w3.org/1999/xlink">
<image xlink:href="https://example.com/x.jpg" width="640" height="480"/>
<text x="10" y="20">&secret;</text>
</svg>
SVG
  printf '%%!PS-Adobe-3.0\n/Courier findfont 12 scalefont setfont\n72 72 moveto (caf) show\n(/etc/passwd) (r) file\nshowpage\n' >"$out/script.ps"
  printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$out/document.pdf"

  # Wrong or misleading magic numbers.
  { head -c 1 "$out/valid.png"; printf 'X'; tail -c +3 "$out/valid.png"; } >"$out/wrong-magic.png"
  { bytes "ff d8 ff"; tail -c +4 "$out/valid.png"; } >"$out/jpeg-magic-png-body.jpg"
  { head -c 8 "$out/valid.png"; cat "$out/tragick.mvg"; } >"$out/png-magic-mvg-body.png"

  # Polyglot: a valid JPEG with a script after its end.
  # shellcheck disable=SC2016 # the PHP variable is the payload, not bash's
  { cat "$out/valid.jpg"; printf '\n<?php system($_GET["c"]); ?>\n#!/bin/sh\nrm -rf /\n'; } \
    >"$out/polyglot-script.jpg"

  # Truncations.
  head -c $(($(stat -c %s "$out/valid.jpg") / 2)) "$out/valid.jpg" >"$out/truncated.jpg"
  head -c $(($(stat -c %s "$out/valid.png") / 2)) "$out/valid.png" >"$out/truncated.png"
  head -c 18 "$out/valid.png" >"$out/truncated-header.png"
  head -c $(($(stat -c %s "$out/valid.gif") - 1)) "$out/valid.gif" >"$out/gif-no-trailer.gif"
  head -c $(($(stat -c %s "$out/valid.webp") - 10)) "$out/valid.webp" >"$out/truncated.webp"
  bytes "ff d8 ff d9" >"$out/jpeg-eoi-only.jpg"
  bytes "ff d8 ff da 00 08 01 01 00 00 3f 00 ff d9" >"$out/jpeg-scan-without-frame.jpg"

  # PNG damage with valid framing, and PNG bombs.
  cp "$out/valid.png" "$out/png-bad-crc.png"
  local idat
  idat="$(offset_of "$out/valid.png" "49 44 41 54")"
  printf '\377' | patch_at "$out/png-bad-crc.png" $((idat + 6))
  # IHDR with new dimensions (same depth and colour type), the rest of the
  # file kept: the shape of a decompression bomb.
  png_resized() {
    local width="$1" height="$2"
    { be32 "$width"; be32 "$height"; tail -c +25 "$out/valid.png" | head -c 5; } >"$work/ihdr"
    bytes "89 50 4e 47 0d 0a 1a 0a"
    png_chunk IHDR "$work/ihdr"
    tail -c +34 "$out/valid.png"
  }
  png_resized 30000 30000 >"$out/bomb.png"
  png_resized 0 64 >"$out/zero-width.png"
  png_resized 1000000 1 >"$out/bomb-wide.png"
  # Framing intact, but IDAT holds no zlib stream.
  noise_bytes 64 7 >"$work/idat"
  { head -c $((idat - 4)) "$out/valid.png"; png_chunk IDAT "$work/idat"
    tail -c 12 "$out/valid.png"; } >"$out/png-idat-garbage.png"

  # JPEG bombs and damage.
  cp "$out/valid.jpg" "$out/bomb.jpg"
  local sof
  sof="$(offset_of "$out/valid.jpg" "ff c0 00 11 08")"
  { be16 65000; be16 65000; } | patch_at "$out/bomb.jpg" $((sof + 5))
  # Noise compresses badly, so the scan is long enough to damage inside.
  { printf 'P5 96 64 255\n'; noise_bytes 6144 31; } >"$work/noise.pgm"
  gm convert "$work/noise.pgm" -strip -quality 90 "$work/noise.jpg"
  local noise_size
  noise_size="$(stat -c %s "$work/noise.jpg")"
  cp "$work/noise.jpg" "$out/jpeg-corrupt-scan.jpg"
  noise_bytes 64 99 | tr -d '\377' | patch_at "$out/jpeg-corrupt-scan.jpg" $((noise_size / 2))
  head -c $((noise_size - 100)) "$work/noise.jpg" >"$out/truncated-scan.jpg"
  # An EXIF block whose directory offset points far outside it.
  { bytes "ff e1 00 14 45 78 69 66 00 00 4d 4d 00 2a"; be32 4000000000
    bytes "00 01 01 12"; } >"$work/bad-exif"
  jpeg_with_segments "$work/base.jpg" "$work/bad-exif" >"$out/exif-ifd-outside.jpg"

  # GIF bombs: a huge logical screen, and a small screen with a huge frame.
  cp "$out/valid.gif" "$out/bomb.gif"
  { le16 65535; le16 65535; } | patch_at "$out/bomb.gif" 6
  cp "$out/valid.gif" "$out/bomb-frame.gif"
  local descriptor
  descriptor="$(offset_of "$out/valid.gif" "2c 00 00 00 00 60 00 40 00")"
  { le16 30000; le16 30000; } | patch_at "$out/bomb-frame.gif" $((descriptor + 5))
  cp "$out/valid.gif" "$out/gif-bad-block.gif"
  printf '\007' | patch_at "$out/gif-bad-block.gif" "$descriptor"

  # TIFF: a bomb and bad offsets.
  tiff_file 100000 100000 98 16 >"$out/bomb.tif"
  tiff_file 4 4 4000 16 >"$out/tiff-strip-outside.tif"
  tiff_file 4 4 98 16 4294967280 >"$out/tiff-ifd-outside.tif"
  tiff_file 4 4 98 16 >"$work/small.tif"
  head -c 40 "$work/small.tif" >"$out/tiff-truncated-ifd.tif"

  # BMP: odd sizes and a bomb.
  bmp_file 4 -4 24 0 54 48 >"$out/bmp-top-down.bmp"
  bmp_file -4 4 24 0 54 48 >"$out/bmp-negative-width.bmp"
  bmp_file 4 -2147483648 24 0 54 48 >"$out/bmp-min-height.bmp"
  bmp_file 4 4 24 0 5000 48 >"$out/bmp-offset-outside.bmp"
  bmp_file 50000 50000 24 0 54 48 >"$out/bmp-rows-missing.bmp"
  bmp_file 50000 50000 8 1 54 48 >"$out/bomb-rle.bmp"

  # HEIC, AVIF and JPEG XL of the same gradient from their reference
  # encoders (avifenc and cjxl on one thread, so that the bytes do not
  # depend on the machine's cores). libheif ignores the EXIF orientation
  # heif-enc copies into the HEIC; avifenc turns it into the irot and imir
  # properties the decoder applies; cjxl keeps it in the codestream of a
  # JPEG it recompresses.
  gm convert -size 96x64 gradient:'#c0392b-#2e86c1' -type TrueColor -depth 8 -strip \
    "$work/gradient.png"
  heif-enc -q 50 -o "$out/valid.heic" "$work/gradient.png" >/dev/null
  avifenc -s 8 -j 1 "$work/gradient.png" "$out/valid.avif" >/dev/null
  cjxl -d 0 --num_threads=0 "$work/gradient.png" "$out/valid.jxl" 2>/dev/null
  # Their orientations, on a gradient with a green top-left quarter, so that
  # every turn and mirror shows.
  gm convert -size 48x32 gradient:'#c0392b-#2e86c1' -fill '#00ff00' -draw 'rectangle 0,0 23,15' \
    -strip -quality 90 "$work/marked.jpg"
  for orientation in 5 6; do
    exif_segment "$orientation" >"$work/exif"
    jpeg_with_segments "$work/marked.jpg" "$work/exif" >"$work/marked-$orientation.jpg"
    avifenc -s 8 -j 1 "$work/marked-$orientation.jpg" "$out/orientation-$orientation.avif" \
      >/dev/null
  done
  heif-enc -q 90 -o "$out/orientation-6.heic" "$work/marked-6.jpg" >/dev/null
  cjxl --num_threads=0 "$work/marked-6.jpg" "$out/orientation-6.jxl" 2>/dev/null

  # HEIF damage: cuts, sizes that do not fit, bombs.
  head -c $(($(stat -c %s "$out/valid.heic") / 2)) "$out/valid.heic" >"$out/truncated.heic"
  head -c 100 "$out/valid.avif" >"$out/truncated.avif"
  head -c "$(offset_of "$out/valid.heic" "6d 64 61 74")" "$out/valid.heic" | head -c -4 \
    >"$out/heif-item-data-missing.heic"
  cp "$out/valid.heic" "$out/heif-box-past-end.heic"
  patch_box_size "$out/heif-box-past-end.heic" iinf 2147483647
  cp "$out/valid.heic" "$out/heif-box-too-small.heic"
  patch_box_size "$out/heif-box-too-small.heic" ispe 4
  { cat "$out/valid.heic"; be32 1; printf 'free'; be32 1073741824; be32 0; } \
    >"$out/heif-64bit-size.heic"
  cp "$out/valid.heic" "$out/bomb.heic"
  patch_ispe "$out/bomb.heic" 2147483648 2147483648
  cp "$out/valid.avif" "$out/bomb.avif"
  patch_ispe "$out/bomb.avif" 30000 30000
  # Declares more than it codes: a reader that trusts ispe reads past the
  # decoded pixels.
  cp "$out/valid.avif" "$out/avif-ispe-over-coded.avif"
  patch_ispe "$out/avif-ispe-over-coded.avif" 960 640
  # Boxes written one by one: wrong references and nesting.
  { { printf 'heic'; be32 0; printf 'mif1heic'; } | box ftyp
    printf 'no coded data' | box mdat; } >"$out/heif-no-meta.heic"
  { heif_items hvc1; heif_properties 64 48 1; } | heif_file 7 >"$out/heif-pitm-missing.heic"
  { heif_items hvc1; heif_properties 64 48 1 5; } | heif_file 1 >"$out/heif-ipma-bad-index.heic"
  { heif_items grid hvc1
    { be32 0
      { be16 1; be16 1; be16 2; } | box dimg
      { be16 2; be16 1; be16 1; } | box dimg
    } | box iref
    heif_properties 64 48 2
  } | heif_file 1 >"$out/heif-iref-loop.heic"
  { heif_items hvc1; heif_nested_properties 12; } | heif_file 1 >"$out/heif-deep-nesting.heic"
  { heif_items hvc1; heif_properties 64 48 1; } | heif_file 1 >"$out/heif-no-coded-data.heic"

  # JPEG XL damage and a bomb: a size header of height 2^30 and ratio 2:1.
  head -c 3 "$out/valid.jxl" >"$out/truncated-header.jxl"
  head -c $(($(stat -c %s "$out/valid.jxl") / 2)) "$out/valid.jxl" >"$out/truncated.jxl"
  head -c $(($(stat -c %s "$out/orientation-6.jxl") / 2)) "$out/orientation-6.jxl" \
    >"$out/truncated-container.jxl"
  bytes "ff 0a fe ff ff ff 1f 00 00 00" >"$out/bomb.jxl"
  { bytes "00 00 00 0c 4a 58 4c 20 0d 0a 87 0a"
    { printf 'jxl '; be32 0; printf 'jxl '; } | box ftyp; } >"$out/jxl-no-codestream.jxl"

  # WebP bombs: an extended canvas and a lossless bitstream claiming 16384^2.
  { printf 'RIFF'; le32 $((4 + 18 + 14)); printf 'WEBPVP8X'; le32 10
    bytes "00 00 00 00"; le24 16383; le24 16383
    printf 'VP8L'; le32 5; bytes "2f ff ff ff ff 00"; } >"$out/bomb.webp"
  { printf 'RIFF'; le32 $((4 + 18)); printf 'WEBPVP8X'; le32 10
    bytes "00 00 00 00"; le24 63; le24 63; } >"$out/webp-without-image.webp"
  { printf 'RIFF'; le32 $((4 + 14)); printf 'WEBPVP8L'; le32 5
    bytes "2f ff ff ff ff 00"; } >"$out/bomb-vp8l.webp"
}

if [ "${1:-}" = "--check" ]; then
  fresh="$(mktemp -d)"
  trap 'rm -rf "$fresh"' EXIT
  generate "$fresh"
  cp "$corpus_dir/generate.sh" "$corpus_dir/MANIFEST" "$fresh"
  if ! diff -rq "$fresh" "$corpus_dir" >&2; then
    echo "generate.sh: the files here differ from what this script makes" >&2
    exit 1
  fi
  echo "generate.sh: all $(($(find "$fresh" -type f | wc -l) - 2)) files match"
  exit 0
elif [ "$#" -ne 0 ]; then
  fail "unexpected argument '$1' (usage: generate.sh [--check])"
fi

generate "$corpus_dir"
echo "generate.sh: wrote the corpus to $corpus_dir"
