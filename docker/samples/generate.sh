#!/usr/bin/env bash
# Regenerates the sample images of this folder with GraphicsMagick, the same
# bytes on every run (no random input, no timestamps, no metadata but the
# EXIF orientation of camera-0117-rotated.jpg).
#
# Usage: generate.sh            rewrite the images in this folder
#        generate.sh --check    regenerate into a temporary folder and compare
#                               with the images here; exit 1 when any differs
# Exits 2 when GraphicsMagick or the font is missing, so nothing was drawn.
#
# Made with GraphicsMagick 1.3.40 (Debian 12: graphicsmagick) and the DejaVu
# Sans Bold font (Debian 12: fonts-dejavu-core). Other versions of either may
# draw slightly different pixels.
set -euo pipefail

samples_dir="$(cd "$(dirname "$0")" && pwd)"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
images=(part-0042.jpg camera-0117-rotated.jpg camera-12mp.jpg overlay-mask.png defect-map.gif
  surface-scan.tif station-b.webp calibration.bmp)

fail() {
  echo "generate.sh: $*" >&2
  exit 1
}

cannot_draw() {
  echo "generate.sh: $*" >&2
  exit 2
}

command -v gm >/dev/null || cannot_draw "gm not found; install graphicsmagick"
[ -r "$font" ] || cannot_draw "font $font not found; install fonts-dejavu-core"

# A JPEG's bytes with an EXIF segment saying orientation 6 (stored rotated
# 90 degrees counter-clockwise: turn clockwise to view), placed after the
# JFIF header. GraphicsMagick writes the orientation only into existing EXIF
# data, so the segment is written here: big-endian TIFF header, one IFD with
# the single entry 0x0112 Orientation = SHORT 6.
add_exif_orientation_6() {
  local jpeg="$1" out="$2"
  [ "$(head -c 4 "$jpeg" | od -An -tx1 | tr -d ' \n')" = "ffd8ffe0" ] ||
    fail "$jpeg does not start with a JFIF header"
  {
    head -c 20 "$jpeg"
    printf '\xff\xe1\x00\x22Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08'
    printf '\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00'
    tail -c +21 "$jpeg"
  } >"$out"
}

# A grey-level grid of WIDTH x HEIGHT pseudo-random values as an ASCII PGM,
# from a fixed linear congruential generator, so that the noise is the same
# on every machine (gm's own noise and plasma cannot be seeded).
noise_pgm() {
  local width="$1" height="$2" state="$3" count
  echo "P2 $width $height 255"
  for ((count = 0; count < width * height; count++)); do
    state=$(((state * 1103515245 + 12345) % 2147483648))
    echo $((60 + (state >> 16) % 140))
  done
}

generate() {
  local out="$1" work
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: `work` is local
  trap "rm -rf '$work'" RETURN

  # A labelled part on a light backdrop, as a QA line camera frames it.
  gm convert -size 1280x960 gradient:'#dfe3e8-#7d8792' \
    -fill '#3a4048' -draw 'roundrectangle 240,300 1040,660 24,24' \
    -fill '#f2f2f2' -draw 'roundrectangle 256,316 1024,644 16,16' \
    -font "$font" -fill '#1b1f24' -gravity center -pointsize 64 \
    -draw "text 0,-50 'QA line 3 / part 0042'" \
    -pointsize 32 -draw "text 0,50 'lot 2024-11  station B  cam 2'" \
    -strip -quality 88 "$out/part-0042.jpg"

  # A portrait frame from a camera mounted sideways: the pixels are stored
  # turned counter-clockwise and EXIF orientation 6 says how to turn them.
  gm convert -size 1200x1600 gradient:'#9fb7c9-#38495a' \
    -fill '#e8e2d0' -draw 'rectangle 200,500 1000,1100' \
    -font "$font" -fill '#20262c' -gravity center -pointsize 56 \
    -draw "text 0,-60 'camera 2 / frame 0117'" \
    -pointsize 36 -draw "text 0,40 'this side up'" \
    -fill '#c0392b' -draw 'polygon 600,160 520,320 680,320' \
    -rotate -90 -strip -quality 85 "$work/rotated.jpg"
  add_exif_orientation_6 "$work/rotated.jpg" "$out/camera-0117-rotated.jpg"

  # A full 12-megapixel frame that stays small on disk: smooth content
  # compresses well at a usual camera quality.
  gm convert -size 4000x3000 gradient:'#2f4a6b-#c9b48a' \
    -fill '#1d2a38' -draw 'circle 2000,1500 2000,2300' \
    -fill '#d7dde3' -draw 'circle 2000,1500 2000,2100' \
    -strip -quality 80 "$out/camera-12mp.jpg"

  # An annotation overlay: transparent except for a half-opaque band and
  # fully opaque markers.
  gm convert -size 800x600 xc:none \
    -fill '#2e86c180' -draw 'rectangle 0,220 799,380' \
    -fill '#e74c3c' -draw 'circle 90,300 90,340' -draw 'circle 710,300 710,340' \
    -font "$font" -fill '#ffffff' -gravity center -pointsize 40 \
    -draw "text 0,0 'overlay / fixture 7'" \
    -depth 8 -strip "$out/overlay-mask.png"

  # A defect map with few colours, as inspection stations export them.
  gm convert -size 640x480 xc:'#ffffff' \
    -stroke '#b0b0b0' -draw 'path "M 0,80 H 640 M 0,160 H 640 M 0,240 H 640 M 0,320 H 640 M 0,400 H 640"' \
    -draw 'path "M 80,0 V 480 M 160,0 V 480 M 240,0 V 480 M 320,0 V 480 M 400,0 V 480 M 480,0 V 480 M 560,0 V 480"' \
    -stroke none -fill '#d62728' -draw 'circle 130,110 130,126' -draw 'circle 455,350 455,370' \
    -fill '#ff7f0e' -draw 'rectangle 250,180 310,230' \
    -font "$font" -fill '#000000' -pointsize 20 -draw "text 12,468 'defects: 3'" \
    -colors 8 -strip "$out/defect-map.gif"

  # A surface scan: smooth pseudo-random texture from an upscaled noise grid.
  # TIFF stores the output path as DocumentName: write it from inside $out.
  noise_pgm 64 48 20241117 >"$work/noise.pgm"
  (cd "$out" && gm convert "$work/noise.pgm" -filter Cubic -resize 1024x768! \
    -strip -compress LZW surface-scan.tif)

  # A station overview in WebP.
  gm convert -size 960x720 gradient:'#f5efe0-#6b705c' \
    -fill '#3d405b' -draw 'rectangle 120,420 840,640' \
    -fill '#e07a5f' -draw 'rectangle 300,260 660,420' \
    -font "$font" -fill '#f4f1de' -gravity center -pointsize 44 \
    -draw "text 0,170 'station B / cam 4'" \
    -strip -quality 80 "$out/station-b.webp"

  # A small calibration target in BMP, as older controllers save it.
  gm convert -size 320x240 xc:'#ffffff' -fill none -stroke '#000000' -strokewidth 6 \
    -draw 'circle 160,120 160,30' -draw 'circle 160,120 160,60' -draw 'circle 160,120 160,90' \
    -strokewidth 2 -draw 'line 0,120 319,120' -draw 'line 160,0 160,239' \
    -type Palette -strip "$out/calibration.bmp"
}

if [ "${1:-}" = "--check" ]; then
  fresh="$(mktemp -d)"
  trap 'rm -rf "$fresh"' EXIT
  generate "$fresh"
  differing=0
  for image in "${images[@]}"; do
    if ! cmp -s "$fresh/$image" "$samples_dir/$image"; then
      echo "generate.sh: $image differs from what this script produces" >&2
      differing=1
    fi
  done
  [ "$differing" -eq 0 ] && echo "generate.sh: all ${#images[@]} images match"
  exit "$differing"
elif [ "$#" -ne 0 ]; then
  fail "unexpected argument '$1' (usage: generate.sh [--check])"
fi

generate "$samples_dir"
echo "generate.sh: wrote ${#images[@]} images to $samples_dir"
