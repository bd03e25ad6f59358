#!/usr/bin/env python3
"""Formats, operations and image-quality measurements end to end: one real
caf-node, inputs made by the reference tools (heif-enc, avifenc, cjxl, gm),
results decoded by avifdec, djxl and heif-convert, requests sent with
Python's urllib and requests. Run by CTest (qa_imaging_test):

    qa_imaging_test.py --caf-node build/nodes/caf-node --work build/tests/system/imaging/work
"""

import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import caf_node  # noqa: E402
from caf_node import HOST  # noqa: E402

ARGS = None
PHOTO = "/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg"  # lomiri-wallpapers-20.04


def tool(*command):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read(path):
    with open(path, "rb") as file:
        return file.read()


def png_bit_depth(data):
    """The bit depth in a PNG's IHDR."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    return data[24]


def png_size(data):
    return struct.unpack(">II", data[16:24])


class QaImagingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = caf_node.Node(ARGS.caf_node, ARGS.work, "--worker.count=2").start()
        cls.base = f"http://{HOST}:{cls.node.port}"
        cls.files = tempfile.mkdtemp(prefix="files-", dir=ARGS.work)
        # The photograph, cut to 800x600 like a camera's frame.
        cls.frame = cls.path("frame.png")
        tool("gm", "convert", PHOTO, "-resize", "800x600^", "-gravity", "center", "-extent",
             "800x600", "+profile", "*", cls.frame)

    @classmethod
    def tearDownClass(cls):
        cls.node.remove()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.files, name)

    # -- clients ----------------------------------------------------------------

    def upload(self, data, query=""):
        """POST /v1/images with urllib; the image's JSON."""
        request = urllib.request.Request(self.base + "/v1/images" + query, data=data,
                                         method="POST",
                                         headers={"Content-Type": "application/octet-stream"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            self.assertEqual(answer.status, 201)
            return json.load(answer)

    def command(self, image_id, ops, wait=30, status=200):
        """A command in the text form with requests; the version's JSON."""
        answer = requests.post(f"{self.base}/v1/images/{image_id}/commands",
                               params={"wait": wait}, data=ops.encode(),
                               headers={"Content-Type": "text/plain; charset=utf-8"}, timeout=60)
        self.assertEqual(answer.status_code, status, answer.text)
        return answer.json()

    def done(self, image_id, ops):
        version = self.command(image_id, ops)
        self.assertEqual(version["status"], "done", version)
        return version

    def content(self, image_id, version):
        answer = requests.get(f"{self.base}/v1/images/{image_id}/versions/{version}/content",
                              timeout=30)
        self.assertEqual(answer.status_code, 200)
        return answer

    def error_of(self, method, path, **kwargs):
        answer = requests.request(method, self.base + path, timeout=30, **kwargs)
        self.assertEqual(answer.headers["Content-Type"], "application/json")
        return answer.status_code, answer.json()["error"]["code"]

    # -- inputs -----------------------------------------------------------------

    def test_heic_avif_and_jpeg_xl_uploads_made_by_the_reference_tools(self):
        heic, avif, jxl = self.path("in.heic"), self.path("in.avif"), self.path("in.jxl")
        tool("heif-enc", "-q", "80", self.frame, "-o", heic)
        tool("avifenc", "-s", "8", self.frame, avif)
        tool("cjxl", self.frame, jxl, "-d", "1")
        for path, name, mime in ((heic, "HEIC", "image/heic"), (avif, "AVIF", "image/avif"),
                                 (jxl, "JXL", "image/jxl")):
            with self.subTest(name):
                image = self.upload(read(path))
                self.assertEqual((image["format"], image["width"], image["height"]),
                                 (name, 800, 600))
                original = requests.get(f"{self.base}/v1/images/{image['id']}/original",
                                        timeout=30)
                self.assertEqual(original.headers["Content-Type"], mime)
                self.assertEqual(original.content, read(path))
                version = self.done(image["id"], "resize 400 400\nformat png")
                self.assertEqual((version["width"], version["height"]), (400, 300))

    def test_a_heic_with_exif_orientation_comes_out_as_heif_convert_shows_it(self):
        # HEIF turns images with its irot and imir boxes, which libheif
        # applies; the EXIF orientation that heif-enc copies from a JPEG is
        # informative only (HEIF, ISO/IEC 23008-12 Annex A) and turning by it
        # as well would turn twice.
        turned = self.path("turned.jpg")
        tool("gm", "convert", self.frame, "-resize", "160x120", "-orient", "RightTop", turned)
        heic = self.path("turned.heic")
        tool("heif-enc", turned, "-o", heic)
        tool("heif-convert", heic, self.path("turned-reference.png"))
        image = self.upload(read(heic))
        version = self.done(image["id"], "autoorient\nformat png")
        self.assertEqual((version["width"], version["height"]),
                         png_size(read(self.path("turned-reference.png"))))

    def test_damaged_heif_and_jpeg_xl_are_refused_and_the_node_goes_on(self):
        heic = self.path("cut.heic")
        tool("heif-enc", self.frame, "-o", heic)
        jxl = self.path("cut.jxl")
        tool("cjxl", self.frame, jxl)
        for data in (read(heic)[:300], read(jxl)[:3], b"\x00\x00\x00\x18ftypavif" + b"\x00" * 8):
            status, code = self.error_of("POST", "/v1/images", data=data)
            self.assertEqual((status, code), (422, "corrupt_image"))
        # A JPEG XL codestream has no end marker: one cut after its header is
        # stored, and fails as corrupt when a command decodes it.
        cut = self.upload(read(jxl)[:200])
        version = self.command(cut["id"], "resize 10 10")
        self.assertEqual(version["status"], "failed")
        self.assertEqual(version["error"]["code"], "corrupt_image")
        self.assertEqual(requests.get(self.base + "/health", timeout=10).status_code, 200)

    # -- outputs ----------------------------------------------------------------

    def test_avif_and_jpeg_xl_results_decode_with_the_reference_tools(self):
        image = self.upload(read(self.frame))
        avif = self.done(image["id"], "thumbnail 320 320\nformat avif\nquality 60")
        jxl = self.done(image["id"], "thumbnail 320 320\nformat jxl")
        lossless = self.done(image["id"], "thumbnail 64 64\nformat webp lossless")
        self.assertEqual((avif["format"], jxl["format"], lossless["format"]),
                         ("AVIF", "JXL", "WEBP"))
        answer = self.content(image["id"], avif["version"])
        self.assertEqual(answer.headers["Content-Type"], "image/avif")
        with open(self.path("out.avif"), "wb") as out:
            out.write(answer.content)
        tool("avifdec", self.path("out.avif"), self.path("out-avifdec.png"))
        self.assertEqual(png_size(read(self.path("out-avifdec.png"))), (320, 240))
        tool("heif-convert", self.path("out.avif"), self.path("out-heif.png"))
        self.assertEqual(png_size(read(self.path("out-heif.png"))), (320, 240))
        with open(self.path("out.jxl"), "wb") as out:
            out.write(self.content(image["id"], jxl["version"]).content)
        tool("djxl", self.path("out.jxl"), self.path("out-djxl.png"))
        self.assertEqual(png_size(read(self.path("out-djxl.png"))), (320, 240))

    def test_sixteen_bit_frames_stay_sixteen_bit(self):
        deep = self.path("deep.png")
        tool("gm", "convert", "-size", "200x150", "gradient:#102030-#f0e0d0", "-depth", "16",
             deep)
        self.assertEqual(png_bit_depth(read(deep)), 16)
        image = self.upload(read(deep))
        kept = self.done(image["id"], "crop 50% 50% center\nextend 120 90\nformat png")
        self.assertEqual(png_bit_depth(self.content(image["id"], kept["version"]).content), 16)
        reduced = self.done(image["id"], "format jpeg")
        self.assertEqual(reduced["format"], "JPEG")

    # -- operations ---------------------------------------------------------------

    def test_crops_extend_trim_in_json_with_requests(self):
        image = self.upload(read(self.frame))
        ops = [{"op": "crop", "width": "50%", "height": 300, "gravity": "south"},
               {"op": "extend", "width": 500, "height": 400, "color": "#00ff00"},
               {"op": "trim", "fuzz": 5}, {"op": "format", "format": "png"}]
        answer = requests.post(f"{self.base}/v1/images/{image['id']}/commands?wait=30",
                               json={"ops": ops}, timeout=60)
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual((answer.json()["width"], answer.json()["height"]), (400, 300))
        for bad in ({"op": "crop", "width": "101%", "height": 10, "gravity": "north"},
                    {"op": "crop", "width": 10, "height": 10, "x": 1, "gravity": "north"},
                    {"op": "extend", "width": 10, "height": 10, "color": "chartreuse"}):
            status, code = self.error_of("POST", f"/v1/images/{image['id']}/commands",
                                         json={"ops": [bad]})
            self.assertEqual((status, code), (400, "invalid_operation"), bad)

    def test_annotate_stamps_the_frame_with_its_labels(self):
        image = self.upload(read(self.frame), "?label=station:7")
        plain = self.done(image["id"], "format png")
        stamped = self.done(image["id"],
                            'annotate "station {label:station} {id}" southwest 20\nformat png')
        self.assertNotEqual(plain["sha256"], stamped["sha256"])
        status, code = self.error_of("POST", f"/v1/images/{image['id']}/commands",
                                     data=b'annotate "{camera}"',
                                     headers={"Content-Type": "text/plain"})
        self.assertEqual((status, code), (400, "invalid_operation"))

    def test_watermark_draws_another_stored_image(self):
        logo_path = self.path("logo.png")
        tool("gm", "convert", "-size", "120x40", "xc:none", "-fill", "red", "-draw",
             "rectangle 10,10 110,30", logo_path)
        logo = self.upload(read(logo_path))
        frame = self.upload(read(self.frame))
        plain = self.done(frame["id"], "format png")
        marked = self.done(frame["id"], f"watermark {logo['id'].lower()} southeast 80\nformat png")
        self.assertEqual((marked["width"], marked["height"]), (800, 600))
        self.assertNotEqual(marked["sha256"], plain["sha256"])
        missing = "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"
        status, code = self.error_of("POST", f"/v1/images/{frame['id']}/commands",
                                     data=f"watermark {missing}".encode(),
                                     headers={"Content-Type": "text/plain"})
        self.assertEqual((status, code), (400, "invalid_operation"))

    # -- measurements -------------------------------------------------------------

    def test_profile_measures_every_frame_and_focus_below_finds_the_blurred(self):
        station = "qa-" + hashlib.sha256(os.urandom(8)).hexdigest()[:8]
        sharp_path, blurred_path = self.path("sharp.jpg"), self.path("blurred.jpg")
        tool("gm", "convert", self.frame, "-quality", "92", sharp_path)
        tool("gm", "convert", self.frame, "-blur", "0x4", "-quality", "92", blurred_path)
        ids = {}
        for name, path in (("sharp", sharp_path), ("blurred", blurred_path)):
            image = self.upload(read(path), f"?profile=qa-measure&label=station:{station}")
            ids[name] = image["id"]
            caf_node.poll(f"the {name} frame's profile is done", lambda: requests.get(
                f"{self.base}/v1/images/{image['id']}/versions/1", timeout=10).json()["status"]
                == "done", timeout=60)
        stats = {name: requests.get(f"{self.base}/v1/images/{i}/stats", timeout=10).json()
                 for name, i in ids.items()}
        for name, measured in stats.items():
            self.assertEqual((measured["width"], measured["height"]), (800, 600), name)
            self.assertEqual(len(measured["luminance_histogram"]), 256)
            self.assertEqual(sum(measured["luminance_histogram"]), 800 * 600)
            self.assertEqual(measured["after"], [])
        self.assertGreater(stats["sharp"]["focus"], 4 * stats["blurred"]["focus"])
        bound = (stats["sharp"]["focus"] + stats["blurred"]["focus"]) / 2
        query = urllib.parse.urlencode({"label": f"station:{station}", "focus_below": bound})
        with urllib.request.urlopen(f"{self.base}/v1/images?{query}", timeout=10) as answer:
            found = [image["id"] for image in json.load(answer)["images"]]
        self.assertEqual(found, [ids["blurred"]])
        thumbnail = self.content(ids["sharp"], 1)
        self.assertEqual(thumbnail.headers["Content-Type"], "image/jpeg")
        version_stats = requests.get(f"{self.base}/v1/images/{ids['sharp']}/versions/1/stats",
                                     timeout=10).json()
        self.assertEqual(version_stats["focus"], stats["sharp"]["focus"])

    def test_clipping_rises_with_over_exposure(self):
        clipped = []
        for gamma in ("1.0", "2.0", "4.0"):
            path = self.path(f"exposed-{gamma}.png")
            tool("gm", "convert", self.frame, "-gamma", gamma, path)
            image = self.upload(read(path))
            self.done(image["id"], "stats")
            clipped.append(requests.get(f"{self.base}/v1/images/{image['id']}/stats",
                                        timeout=10).json()["clipped_highlights"])
        self.assertLess(clipped[0], clipped[1])
        self.assertLess(clipped[1], clipped[2])

    def test_a_command_of_only_stats_keeps_the_bytes_and_unmeasured_is_404(self):
        image = self.upload(read(self.frame))
        status, code = self.error_of("GET", f"/v1/images/{image['id']}/stats")
        self.assertEqual((status, code), (404, "not_found"))
        version = self.done(image["id"], "stats")
        self.assertEqual(version["sha256"], image["sha256"])
        other = self.done(image["id"], "flip")
        status, code = self.error_of("GET",
                                     f"/v1/images/{image['id']}/versions/{other['version']}/stats")
        self.assertEqual((status, code), (404, "not_found"))
        status, code = self.error_of("GET", "/v1/images?focus_below=-3")
        self.assertEqual((status, code), (400, "invalid_request"))


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--caf-node", required=True)
    parser.add_argument("--work", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.caf_node = os.path.abspath(ARGS.caf_node)
    os.makedirs(ARGS.work, exist_ok=True)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
