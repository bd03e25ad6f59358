#!/usr/bin/env python3
"""Real HTTP clients against a real caf-node, every answer checked.

Starts one standalone caf-node on free ports with its storage in the work
directory and drives it with the clients that devices and dashboards use:
curl, Python's http.client, urllib.request and requests, Node's fetch,
ApacheBench, wrk and headless Chromium. Each client kind sends at least
--requests requests (uploads, commands with ?wait and downloads, where the
client can send them) and every answer is checked: its status, the echo of
the request's unique X-Request-Id and facts of the body that belong to that
request alone (hashes, ids, version numbers, sizes, byte ranges). Prints one
summary line per kind and exits 0 only when no answer was lost or mismatched.

    tests/system/clients/run_clients.py --caf-node build/nodes/caf-node --work /tmp/clients
    tests/system/clients/run_clients.py --caf-node build/nodes/caf-node --work /tmp/clients \\
        --only curl,ab --requests 500
"""

import argparse
import concurrent.futures
import dataclasses
import functools
import hashlib
import html
import http.client
import http.server
import importlib.util
import json
import math
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import caf_node  # noqa: E402
from caf_node import HOST, die_with_parent, free_port, local_env  # noqa: E402

KINDS = ["curl", "httpclient", "urllib", "requests", "fetch", "ab", "wrk", "chromium"]
# A command's ?wait, and the client-side deadline of one request on top of it.
WAIT_SECONDS = 30
REQUEST_TIMEOUT = WAIT_SECONDS + 30
THREADS = 8
ID_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
# Sorts of failures printed per kind; the counts always cover every failure.
MAX_DETAILS = 25


def log(message):
    print(message, file=sys.stderr, flush=True)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# -- images ----------------------------------------------------------------------


@dataclasses.dataclass
class Image:
    name: str
    path: str
    data: bytes
    sha256: str
    width: int
    height: int
    format: str
    mime: str


# Distinct sizes, formats and contents, so that an answer about another image
# differs in its hash, its size and its dimensions. "clouds" are seeded noise
# scaled up by gm: textured like a photo, yet the same bytes on every run.
IMAGE_SPECS = [
    ("gradient-320x240.jpg", 320, 240, "gradient:red-blue", ["-quality", "90"]),
    ("gradient-300x200.png", 300, 200, "gradient:green-yellow", []),
    ("clouds-256x192.png", 256, 192, 1, []),
    ("clouds-240x180.jpg", 240, 180, 2, ["-quality", "85"]),
    ("gradient-400x100.jpg", 400, 100, "gradient:navy-orange", ["-quality", "95"]),
    ("clouds-96x128.png", 96, 128, 3, []),
    ("clouds-180x240.gif", 180, 240, 4, []),
    ("gradient-200x300.png", 200, 300, "gradient:purple-white", ["-swirl", "120"]),
]
FORMATS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png"), "gif": ("GIF", "image/gif")}


def make_images(folder):
    os.makedirs(folder, exist_ok=True)
    images = []
    for name, width, height, source, options in IMAGE_SPECS:
        path = os.path.join(folder, name)
        if isinstance(source, int):
            noise = os.path.join(folder, f"noise-{source}.ppm")
            rng = random.Random(source)
            small = (max(1, width // 4), max(1, height // 4))
            pixels = bytes(rng.randrange(256) for _ in range(small[0] * small[1] * 3))
            with open(noise, "wb") as out:
                out.write(b"P6 %d %d 255\n" % small + pixels)
            subprocess.run(["gm", "convert", noise, "-resize", f"{width}x{height}!"]
                           + options + [path], check=True, timeout=60)
            os.remove(noise)
        else:
            subprocess.run(["gm", "convert", "-size", f"{width}x{height}", source]
                           + options + [path], check=True, timeout=60)
        data = open(path, "rb").read()
        image_format, mime = FORMATS[name.rsplit(".", 1)[1]]
        if image_size(data) != (width, height):
            raise RuntimeError(f"gm drew {name} as {image_size(data)}, not {width}x{height}")
        images.append(Image(name, path, data, sha256_hex(data), width, height, image_format,
                            mime))
    return images


def image_size(data):
    """(width, height) from a PNG, GIF or JPEG header, else None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:4] == b"GIF8" and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"\xff\xd8":
        position = 2
        while position + 9 < len(data):
            if data[position] != 0xFF:
                return None
            marker = data[position + 1]
            if marker == 0xFF:
                position += 1
                continue
            length = struct.unpack(">H", data[position + 2:position + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[position + 5:position + 9])
                return width, height
            position += 2 + length
    return None


# -- the node --------------------------------------------------------------------


class Node:
    """One standalone caf-node on a free port, storage in a fresh folder."""

    def __init__(self, binary, work, cors_origin=None):
        self.binary, self.work, self.cors_origin = binary, work, cors_origin
        self.folder = tempfile.mkdtemp(prefix="node-", dir=work)
        self.log_path = os.path.join(self.folder, "node.log")
        self.process = None
        self.port = None

    def start(self):
        profiles = os.path.join(self.folder, "no-profiles")
        os.makedirs(profiles)
        # Between closing the probe socket and the node's bind another process
        # may take the port: the node then exits, and a new port is tried.
        for attempt in range(3):
            self.port = free_port()
            # Checked in /v1/cluster: a node that lost the port race exits,
            # but another server that took the port might answer /ready.
            self.node_id = f"clients-{os.getpid()}-{attempt}"
            args = [self.binary, f"--http.port={self.port}", "--cluster.port=0",
                    f"--storage.path={os.path.join(self.folder, 'data')}", "--log.level=warn",
                    f"--profiles.path={profiles}", f"--node.id={self.node_id}"]
            if self.cors_origin:
                args.append(f"--http.cors-origin={self.cors_origin}")
            with open(self.log_path, "a") as log_file:
                # The folder holds no caf-node.ini: only built-in defaults and args.
                self.process = subprocess.Popen(args, cwd=self.folder, stdout=log_file,
                                                stderr=subprocess.STDOUT, env=local_env(),
                                                preexec_fn=die_with_parent)
            if self.wait_ready(60):
                return
            if self.process.poll() is None or attempt == 2:
                break
        self.kill()
        raise RuntimeError(f"caf-node did not become ready; the end of {self.log_path}:\n"
                           + self.log_tail())

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                status, _, _ = plain_request(self.port, "GET", "/ready", timeout=5)
                if status == 200:
                    status, body, _ = plain_request(self.port, "GET", "/v1/cluster", timeout=5)
                    nodes = json.loads(body)["nodes"] if status == 200 else []
                    return any(node.get("id") == self.node_id for node in nodes)
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.05)
        return False

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def log_tail(self, characters=3000):
        try:
            return open(self.log_path, errors="replace").read()[-characters:]
        except OSError:
            return ""

    def answered(self):
        """Requests the node has answered, by method, from /metrics (its own
        scrapes left out)."""
        status, body, _ = plain_request(self.port, "GET", "/metrics")
        if status != 200:
            raise RuntimeError(f"GET /metrics answered {status}")
        counts = {}
        pattern = re.compile(r'^caf_node_http_requests_total\{(.*)\}\s+([0-9.eE+]+)$')
        for line in body.decode().splitlines():
            match = pattern.match(line)
            if not match:
                continue
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            if labels.get("route") == "/metrics":
                continue
            method = labels.get("method", "?")
            counts[method] = counts.get(method, 0) + int(float(match.group(2)))
        return counts

    def answered_since(self, before, expected, timeout=5):
        """Requests answered since `before` (by method). The counter may be
        bumped just after the answer is written, so it is read again until it
        reaches `expected` or the deadline passes."""
        deadline = time.monotonic() + timeout
        while True:
            now = self.answered()
            delta = {m: now.get(m, 0) - before.get(m, 0) for m in set(now) | set(before)}
            if sum(delta.values()) >= expected or time.monotonic() > deadline:
                return delta
            time.sleep(0.05)

    def image_count(self):
        status, body, _ = plain_request(self.port, "GET", "/metrics")
        match = re.search(r"^caf_node_storage_images\s+([0-9.eE+]+)$", body.decode(), re.M)
        return int(float(match.group(1))) if match else None

    def stop(self):
        """SIGTERM, then the exit status, which must be 0."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.kill()
            return "still running 40 s after SIGTERM"

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def remove(self):
        shutil.rmtree(self.folder, ignore_errors=True)


# One request on its own connection, for setup and bookkeeping.
plain_request = functools.partial(caf_node.request, timeout=REQUEST_TIMEOUT)


# -- requests, answers and what was found ---------------------------------------


@dataclasses.dataclass
class Request:
    method: str
    path: str
    request_id: str
    body: bytes = b""
    headers: dict = dataclasses.field(default_factory=dict)
    form_file: Image = None  # sent as the multipart field "image" instead of body

    def describe(self):
        byte_range = f" Range: {self.headers['Range']}" if "Range" in self.headers else ""
        return f"{self.method} {self.path}{byte_range} [X-Request-Id {self.request_id}]"


@dataclasses.dataclass
class Answer:
    status: int
    headers: dict  # lower-case names
    body: bytes

    def header(self, name):
        return self.headers.get(name.lower())


def failure_signature(what, reason):
    """What failures of one sort have in common: the route (ids and request
    ids left out) and the first problem without the values that differ."""
    route = re.sub(r"\b[0-9A-HJKMNP-TV-Z]{26}\b", "{id}", what)
    route = re.sub(r" \[X-Request-Id [^]]*\]", "", route)
    route = re.sub(r"bytes=\d+-\d+", "bytes=a-b", route)
    status = re.match(r"status \d+ \(expected \d+\)", reason)
    if status:
        return f"{route}: {status.group(0)}"
    problem = re.sub(r"[0-9a-f]{64}|\d+", "N", reason.split(" is ")[0])
    return f"{route}: {problem[:120]}"


class Tally:
    """What one client kind sent, and every answer it lost or got wrong,
    grouped by sort with the first example of each."""

    def __init__(self, kind):
        self.kind = kind
        self.lock = threading.Lock()
        self.requests = 0
        self.lost = 0
        self.mismatched = 0
        self.groups = {}  # "lost: signature" or "mismatched: ..." -> [count, first example]
        self.problems = []  # findings about the kind as a whole
        self.image_ids = set()
        self.started = time.monotonic()
        self.seconds = 0.0

    def count(self, requests=1):
        with self.lock:
            self.requests += requests

    def lose(self, what, reason, count=1):
        with self.lock:
            self.lost += count
            self.group("lost", failure_signature(what, reason), f"{what}: {reason}", count)

    def mismatch(self, what, problems, count=1):
        with self.lock:
            self.mismatched += count
            self.group("mismatched", failure_signature(what, problems[0]),
                       f"{what}: {'; '.join(problems)}", count)

    def group(self, sort, signature, example, count):
        entry = self.groups.setdefault(f"{sort}: {signature}", [0, example])
        entry[0] += count

    def problem(self, message):
        with self.lock:
            self.problems.append(message)

    def claim_image_id(self, image_id):
        """False when an earlier upload was already answered with this id."""
        with self.lock:
            if image_id in self.image_ids:
                return False
            self.image_ids.add(image_id)
            return True

    def merge_script(self, result, label):
        """Adds what a JavaScript client counted (http_cycle.mjs's Tally)."""
        with self.lock:
            self.requests += result["requests"]
            self.lost += result["lost"]
            self.mismatched += result["mismatched"]
            for group in result["groups"]:
                self.group(group["sort"], f"{label} {group['signature']}", group["example"],
                           group["count"])

    def passed(self, minimum):
        return (not self.lost and not self.mismatched and not self.problems
                and self.requests >= minimum)

    def summary(self, minimum):
        verdict = "ok" if self.passed(minimum) else "FAILED"
        return (f"{self.kind:10} requests {self.requests:5d}  lost {self.lost}  "
                f"mismatched {self.mismatched}  {self.seconds:5.1f} s  {verdict}")

    def report(self, minimum):
        lines = [self.summary(minimum)]
        if self.requests < minimum and (self.requests or not self.problems):
            lines.append(f"    too few requests: {self.requests} of at least {minimum}"
                         + (" (a cycle stops when an answer it builds on is lost or wrong)"
                            if self.lost or self.mismatched else ""))
        lines += [f"    {problem}" for problem in self.problems]
        ordered = sorted(self.groups.items(), key=lambda item: -item[1][0])
        for signature, (count, example) in ordered[:MAX_DETAILS]:
            lines.append(f"    {count} {signature}")
            lines.append(f"        first: {example[:600]}")
        if len(ordered) > MAX_DETAILS:
            lines.append(f"    ... and {len(ordered) - MAX_DETAILS} more sorts of failures")
        return "\n".join(lines)


def excerpt(answer):
    """The start of a text body (an error's JSON); only the size of an image."""
    content_type = answer.header("Content-Type") or "no Content-Type"
    if content_type.startswith(("application/json", "text/")):
        return answer.body[:300].decode(errors="replace")
    return f"{len(answer.body)} bytes of {content_type}"


def judge(tally, request, answer, status, check):
    """Checks one answer; True when it is the right answer to `request`."""
    problems = []
    if answer.status != status:
        problems.append(f"status {answer.status} (expected {status}): {excerpt(answer)}")
    echoed = answer.header("X-Request-Id")
    if echoed != request.request_id:
        problems.append(f"X-Request-Id echoed as {echoed!r}")
    if not problems:
        try:
            check(answer, problems)
        except Exception as error:  # a malformed body is a wrong answer, not a crash
            problems.append(f"{type(error).__name__}: {error}")
    if problems:
        tally.mismatch(request.describe(), problems)
        return False
    return True


def exchange(tally, send, request, status, check):
    tally.count()
    try:
        answer = send(request)
    except Exception as error:  # every transport failure is a lost answer
        tally.lose(request.describe(), f"{type(error).__name__}: {error}")
        return False
    return judge(tally, request, answer, status, check)


def json_of(answer):
    return json.loads(answer.body)


def expect_equal(what, got, expected, problems):
    if got != expected:
        problems.append(f"{what} is {got!r}, expected {expected!r}")


def fits_box(width, height, box_width, box_height):
    """resize scales to fit the box keeping the aspect ratio, so one side
    touches the box and the other stays inside it."""
    return ((width == box_width and height <= box_height)
            or (height == box_height and width <= box_width))


# -- the cycle: eleven exchanges per uploaded image -----------------------------
# http_cycle.mjs runs the same cycle for the JavaScript clients.


class CycleState:
    def __init__(self, tally, prefix, index, image):
        self.tally, self.prefix, self.index, self.image = tally, prefix, index, image
        self.image_id = None
        self.created = ""
        self.versions = {}  # number -> the version record the command answered
        self.content = {}  # number -> the downloaded bytes
        # Set when a prerequisite's answer was lost or wrong: the cycle's
        # later steps have nothing to work on (no image id, no version).
        self.failed = False

    def request_id(self, step):
        return f"{self.prefix}-{self.index:05d}-{step:02d}"

    def boxes(self):
        """The resize boxes of versions 1 and 2, different from cycle to cycle."""
        i = self.index
        return (40 + (i * 7) % 60, 30 + (i * 11) % 50), (20 + (i * 5) % 40, 20 + (i * 3) % 40)

    def byte_range(self, length):
        first = (self.index * 13) % max(1, length // 2)
        return first, min(length - 1, first + 99 + (self.index % 7) * 10)

    def image_path(self, suffix=""):
        return f"/v1/images/{self.image_id}{suffix}"

    def label(self):
        """The label only this cycle's image has."""
        return f"cycle:{self.prefix}-{self.index}"


def step_upload(state, step):
    image = state.image
    request = Request("POST", f"/v1/images?label={state.label()}", state.request_id(step))
    if state.index % 3 == 2:
        request.form_file = image
    else:
        request.body = image.data
        request.headers["Content-Type"] = image.mime

    def check(answer, problems):
        record = json_of(answer)
        image_id = record.get("id")
        if not ID_PATTERN.match(str(image_id)):
            problems.append(f"id {image_id!r} is not an image id")
            return
        for field, expected in (("sha256", image.sha256), ("bytes", len(image.data)),
                                ("width", image.width), ("height", image.height),
                                ("format", image.format), ("versions", [])):
            expect_equal(field, record.get(field), expected, problems)
        expect_equal("Location", answer.header("Location"), f"/v1/images/{image_id}", problems)
        expect_equal("labels", record.get("labels"), dict([state.label().split(":", 1)]),
                     problems)
        if not problems and not state.tally.claim_image_id(image_id):
            problems.append(f"id {image_id} was already the answer to another upload")
        state.image_id = image_id
        state.created = record.get("created", "")

    return request, 201, check


def step_find(state, step):
    """The image found by its label, its outcome and its upload time: the
    time with a '+' offset, sent unescaped as people type it."""
    since = state.created.replace("Z", "+00:00")
    request = Request("GET", f"/v1/images?label={state.label()}&status=done&since={since}",
                      state.request_id(step))

    def check(answer, problems):
        found = [image.get("id") for image in json_of(answer).get("images", [])]
        expect_equal("images found", found, [state.image_id], problems)

    return request, 200, check


def step_record(state, step):
    """The image record, with exactly the versions made so far."""
    request = Request("GET", state.image_path(), state.request_id(step))

    def check(answer, problems):
        record = json_of(answer)
        expect_equal("id", record.get("id"), state.image_id, problems)
        expect_equal("sha256", record.get("sha256"), state.image.sha256, problems)
        versions = record.get("versions", [])
        expect_equal("versions", [(v.get("version"), v.get("status"), v.get("sha256"))
                                  for v in versions],
                     [(n, "done", v["sha256"]) for n, v in sorted(state.versions.items())],
                     problems)

    return request, 200, check


def step_original(state, step):
    request = Request("GET", state.image_path("/original"), state.request_id(step))

    def check(answer, problems):
        expect_equal("sha256 of the body", sha256_hex(answer.body), state.image.sha256,
                     problems)
        expect_equal("ETag", answer.header("ETag"), f'"{state.image.sha256}"', problems)
        expect_equal("Content-Type", answer.header("Content-Type"), state.image.mime, problems)

    return request, 200, check


def range_request(state, step, data, rest, what):
    """A GET of a random byte range of the image's `rest`, whose bytes are
    `data` (`what`, for messages)."""
    first, last = state.byte_range(len(data))
    request = Request("GET", state.image_path(rest), state.request_id(step),
                      headers={"Range": f"bytes={first}-{last}"})

    def check(answer, problems):
        expect_equal("Content-Range", answer.header("Content-Range"),
                     f"bytes {first}-{last}/{len(data)}", problems)
        if answer.body != data[first:last + 1]:
            problems.append(f"the body ({len(answer.body)} bytes) is not bytes {first}-{last} "
                            f"of {what}")

    return request, 206, check


def step_original_range(state, step):
    return range_request(state, step, state.image.data, "/original", "the original")


def command_step(number, ops_text, expected_ops, box, expected_format=None):
    def step(state, step_index):
        request = Request("POST", state.image_path(f"/commands?wait={WAIT_SECONDS}"),
                          state.request_id(step_index), body=ops_text(state).encode(),
                          headers={"Content-Type": "text/plain"})

        def check(answer, problems):
            version = json_of(answer)
            expect_equal("version", version.get("version"), number, problems)
            expect_equal("status", version.get("status"), "done", problems)
            expect_equal("ops", version.get("ops"), expected_ops(state), problems)
            expect_equal("Location", answer.header("Location"),
                         state.image_path(f"/versions/{number}"), problems)
            box_width, box_height = box(state)
            if not fits_box(version.get("width"), version.get("height"), box_width, box_height):
                problems.append(f"{version.get('width')}x{version.get('height')} does not fit "
                                f"the box {box_width}x{box_height}")
            if expected_format:
                expect_equal("format", version.get("format"), expected_format, problems)
            if not re.match(r"^[0-9a-f]{64}$", str(version.get("sha256"))):
                problems.append(f"sha256 {version.get('sha256')!r}")
            state.versions[number] = version

        return request, 200, check

    return step


step_command_1 = command_step(
    1, lambda s: "resize %d %d\n" % s.boxes()[0],
    lambda s: [{"op": "resize", "width": s.boxes()[0][0], "height": s.boxes()[0][1]}],
    lambda s: s.boxes()[0])
step_command_2 = command_step(
    2, lambda s: "flop\nresize %d %d\nformat png\n" % s.boxes()[1],
    lambda s: [{"op": "flop"}, {"op": "resize", "width": s.boxes()[1][0],
                                "height": s.boxes()[1][1]}, {"op": "format", "format": "png"}],
    lambda s: s.boxes()[1], "PNG")


def content_step(number):
    def step(state, step_index):
        request = Request("GET", state.image_path(f"/versions/{number}/content"),
                          state.request_id(step_index))

        def check(answer, problems):
            version = state.versions[number]
            expect_equal("sha256 of the body", sha256_hex(answer.body), version["sha256"],
                         problems)
            expect_equal("ETag", answer.header("ETag"), f'"{version["sha256"]}"', problems)
            expect_equal("size in the body", image_size(answer.body),
                         (version["width"], version["height"]), problems)
            state.content[number] = answer.body

        return request, 200, check

    return step


def step_content_1_range(state, step):
    return range_request(state, step, state.content[1], "/versions/1/content", "version 1")


def step_version_2(state, step):
    request = Request("GET", state.image_path("/versions/2"), state.request_id(step))

    def check(answer, problems):
        version = json_of(answer)
        expected = state.versions[2]
        for field in ("version", "status", "sha256", "width", "height", "format", "ops"):
            expect_equal(field, version.get(field), expected.get(field), problems)

    return request, 200, check


step_content_1 = content_step(1)
STEPS = [step_upload, step_record, step_original, step_original_range, step_command_1,
         step_content_1, step_content_1_range, step_command_2, step_version_2,
         content_step(2), step_record, step_find]
# The steps whose answers later steps build on (the image id, the versions,
# version 1's bytes): a cycle stops when one of them fails; after any other
# failure it goes on, so that one missing feature does not hide the rest.
PREREQUISITES = {step_upload, step_command_1, step_content_1, step_command_2}


def cycles_for(requests):
    return math.ceil(requests / len(STEPS))


def make_states(tally, prefix, images, count, first=0):
    return [CycleState(tally, prefix, index, images[index % len(images)])
            for index in range(first, first + count)]


def run_cycle(tally, send, state):
    for step_index, step in enumerate(STEPS):
        request, status, check = step(state, step_index)
        if not exchange(tally, send, request, status, check) and step in PREREQUISITES:
            return


def run_on_threads(tally, states, threads, make_transport):
    """Runs the cycles on `threads` threads, each with its own transport."""

    def worker(share):
        transport = make_transport()
        try:
            for state in share:
                run_cycle(tally, transport.send, state)
        finally:
            transport.close()

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(worker, states[i::threads]) for i in range(threads)]
        for future in futures:
            error = future.exception()
            if error is not None:
                tally.problem(f"a client thread failed: {type(error).__name__}: {error}")


def multipart(image, boundary):
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; "
            f"filename=\"{image.name}\"\r\nContent-Type: {image.mime}\r\n\r\n").encode()
    body = head + image.data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def encoded(request):
    """Body and headers as sent, with the multipart form encoded here."""
    headers = dict(request.headers, **{"X-Request-Id": request.request_id})
    if request.form_file is None:
        return request.body or None, headers
    body, content_type = multipart(request.form_file, "caf-clients-" + request.request_id)
    headers["Content-Type"] = content_type
    return body, headers


def answer_headers(pairs):
    return {name.lower(): value for name, value in pairs}


# -- Python's http.client --------------------------------------------------------


class Counters:
    """Connections opened and closed by the node, over all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.connections = 0
        self.closed_by_node = 0

    def add(self, name):
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


class HttpClientTransport:
    """One keep-alive connection, opened again only after the node announced
    Connection: close. No retries: a request that fails is an answer lost."""

    def __init__(self, port, counters):
        self.port, self.counters = port, counters
        self.connection = None

    def send(self, request):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port,
                                                         timeout=REQUEST_TIMEOUT)
            self.counters.add("connections")
        body, headers = encoded(request)
        try:
            self.connection.request(request.method, request.path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except Exception:
            self.close()
            raise
        if response.will_close:
            self.counters.add("closed_by_node")
            self.close()
        return Answer(response.status, answer_headers(response.getheaders()), data)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def kind_httpclient(args, node, images, tally):
    states = make_states(tally, "httpclient", images, cycles_for(args.requests))
    counters = Counters()
    before = node.answered()
    run_on_threads(tally, states, THREADS, lambda: HttpClientTransport(node.port, counters))
    check_answered(tally, node, before)
    if counters.closed_by_node:
        tally.problem(f"the node answered Connection: close {counters.closed_by_node} times "
                      f"on keep-alive connections")
    if counters.connections > THREADS:
        tally.problem(f"{counters.connections} connections for {THREADS} keep-alive threads")


def check_answered(tally, node, before, exact=True):
    """The node answered as many requests as the client sent: no more (answers
    the client never saw, or requests a client repeated on its own) and no
    fewer (answers that did not come from this node's request handling)."""
    expected = tally.requests
    answered = sum(node.answered_since(before, expected).values())
    if (answered != expected) if exact else (answered < expected):
        tally.problem(f"the node counts {answered} answered requests in /metrics, the client "
                      f"sent {expected}")


# -- Python's urllib.request -----------------------------------------------------


class UrllibTransport:
    """urllib.request sends Connection: close with every request."""

    def __init__(self, port):
        self.base = f"http://{HOST}:{port}"
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def send(self, request):
        body, headers = encoded(request)
        prepared = urllib.request.Request(self.base + request.path, data=body, headers=headers,
                                          method=request.method)
        try:
            with self.opener.open(prepared, timeout=REQUEST_TIMEOUT) as response:
                return Answer(response.status, answer_headers(response.getheaders()),
                              response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, answer_headers(error.headers.items()), error.read())

    def close(self):
        pass


def kind_urllib(args, node, images, tally):
    cycles = cycles_for(args.requests)
    sequential = make_states(tally, "urllib-seq", images, cycles // 2)
    threaded = make_states(tally, "urllib-thr", images, cycles - cycles // 2, first=cycles)
    before = node.answered()
    run_on_threads(tally, sequential, 1, lambda: UrllibTransport(node.port))
    run_on_threads(tally, threaded, THREADS, lambda: UrllibTransport(node.port))
    check_answered(tally, node, before)


# -- requests --------------------------------------------------------------------


class RequestsTransport:
    def __init__(self, requests_module, port, close):
        self.base = f"http://{HOST}:{port}"
        self.session = requests_module.Session()
        self.session.trust_env = False  # no proxies from the environment
        if close:
            self.session.headers["Connection"] = "close"

    def send(self, request):
        headers = dict(request.headers, **{"X-Request-Id": request.request_id})
        if request.form_file is not None:
            image = request.form_file
            response = self.session.request(request.method, self.base + request.path,
                                            headers=headers, timeout=REQUEST_TIMEOUT,
                                            files={"image": (image.name, image.data,
                                                             image.mime)})
        else:
            response = self.session.request(request.method, self.base + request.path,
                                            headers=headers, data=request.body or None,
                                            timeout=REQUEST_TIMEOUT)
        return Answer(response.status_code, answer_headers(response.headers.items()),
                      response.content)

    def close(self):
        self.session.close()


def kind_requests(args, node, images, tally):
    try:
        import requests
    except ImportError:
        tally.problem("Python's requests module is missing: install package python3-requests")
        return
    cycles = cycles_for(args.requests)
    keep_alive = make_states(tally, "requests-session", images, cycles // 2)
    closing = make_states(tally, "requests-close", images, cycles - cycles // 2, first=cycles)
    before = node.answered()
    run_on_threads(tally, keep_alive, THREADS,
                   lambda: RequestsTransport(requests, node.port, close=False))
    run_on_threads(tally, closing, THREADS,
                   lambda: RequestsTransport(requests, node.port, close=True))
    check_answered(tally, node, before)


# -- curl ------------------------------------------------------------------------

# How each curl process sends its transfers. Every phase (one step of the
# cycle for every image) runs one process per mode, all at once.
CURL_MODES = {
    "keepalive": [],  # one connection, reused for the whole phase
    "parallel": ["--parallel", "--parallel-max", str(THREADS)],
    "close": ["--parallel", "--parallel-max", str(THREADS)],
    "http1.0": [],
}
CURL_WRITE_OUT = "%{http_code} %{exitcode} %{num_connects} %{errormsg}"


def curl_quote(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_header_dump(path):
    """Status and headers of the last answer in a -D file (after any 100)."""
    text = open(path, "rb").read().decode("latin-1")
    blocks = [b for b in re.split(r"\r?\n\r?\n", text) if b.strip()]
    if not blocks:
        return None, {}
    lines = blocks[-1].splitlines()
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


def kind_curl(args, node, images, tally):
    folder = tempfile.mkdtemp(prefix="curl-", dir=args.work)
    states = make_states(tally, "curl", images, cycles_for(args.requests))
    modes = list(CURL_MODES)
    expect_sent = 0
    continues_seen = 0
    before = node.answered()
    for step_index, step in enumerate(STEPS):
        by_mode = {mode: [] for mode in modes}
        for state in states:
            if state.failed:
                continue
            request, status, check = step(state, step_index)
            mode = modes[(state.index + step_index) % len(modes)]
            # curl asks for 100-continue only above 1 MiB by itself: the
            # header makes it ask for these small uploads too (not in HTTP/1.0,
            # where the node must ignore the expectation).
            expect = (step is step_upload and mode != "http1.0" and state.index % 2 == 0
                      and len(state.image.data) > 1024)
            expect_sent += expect
            by_mode[mode].append((state, request, status, check, expect))
        processes = {}
        for mode, transfers in by_mode.items():
            if transfers:
                processes[mode] = start_curl(folder, node, step_index, mode, transfers)
        for mode, (process, transfers, stderr_path) in processes.items():
            try:
                stdout, _ = process.communicate(timeout=REQUEST_TIMEOUT + 30)
            except subprocess.TimeoutExpired:
                process.kill()
                stdout, _ = process.communicate()
                tally.problem(f"curl ({mode}, step {step_index}) did not finish in time")
            stderr = open(stderr_path, errors="replace").read()
            continues_seen += len(re.findall(r"^< HTTP/1\.1 100 Continue", stderr, re.M))
            judge_curl(tally, folder, step, mode, step_index, process.returncode, stdout,
                       transfers, stderr)
    check_answered(tally, node, before)
    if continues_seen != expect_sent:
        tally.problem(f"curl sent {expect_sent} uploads with Expect: 100-continue and saw "
                      f"{continues_seen} '100 Continue' answers")
    if tally.passed(0):
        shutil.rmtree(folder, ignore_errors=True)


def start_curl(folder, node, step_index, mode, transfers):
    config = os.path.join(folder, f"step{step_index:02d}-{mode}.config")
    blocks = []
    for state, request, status, check, expect in transfers:
        rid = request.request_id
        lines = [f"url = {curl_quote(node.base + request.path)}",
                 f"output = {curl_quote(os.path.join(folder, rid + '.body'))}",
                 f"dump-header = {curl_quote(os.path.join(folder, rid + '.head'))}",
                 f"write-out = {curl_quote(rid + ' ' + CURL_WRITE_OUT + chr(92) + 'n')}",
                 f"header = {curl_quote('X-Request-Id: ' + rid)}"]
        for name, value in request.headers.items():
            lines.append(f"header = {curl_quote(f'{name}: {value}')}")
        if request.form_file is not None:
            image = request.form_file
            lines.append(f"form = {curl_quote(f'image=@{image.path};type={image.mime}')}")
        elif request.body == state.image.data:
            lines.append(f"data-binary = {curl_quote('@' + state.image.path)}")
        elif request.method == "POST":
            body_path = os.path.join(folder, rid + ".sent")
            with open(body_path, "wb") as out:
                out.write(request.body)
            lines.append(f"data-binary = {curl_quote('@' + body_path)}")
        if expect:
            lines.append(f"header = {curl_quote('Expect: 100-continue')}")
        if mode == "close":
            lines.append(f"header = {curl_quote('Connection: close')}")
        if mode == "http1.0":
            lines.append("http1.0")
        lines += ["noproxy = \"*\"", f"max-time = {REQUEST_TIMEOUT}"]
        blocks.append("\n".join(lines))
    with open(config, "w") as out:
        out.write("\nnext\n".join(blocks) + "\n")
    stderr_path = config + ".stderr"
    command = ["curl", "--silent", "--show-error", "--verbose", "--stderr", stderr_path,
               *CURL_MODES[mode], "--config", config]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=local_env(), preexec_fn=die_with_parent, text=True)
    return process, transfers, stderr_path


def judge_curl(tally, folder, step, mode, step_index, returncode, stdout, transfers, stderr):
    results = {}
    for line in stdout.splitlines():
        parts = line.split(" ", 4)
        if len(parts) >= 4:
            results[parts[0]] = (parts[1], int(parts[2]), int(parts[3]),
                                 parts[4] if len(parts) > 4 else "")
    connects = 0
    failed = False
    for state, request, status, check, _ in transfers:
        tally.count()
        rid = request.request_id
        what = f"curl {mode}: {request.describe()}"
        result = results.get(rid)
        if result is None:
            tally.lose(what, "curl reported no result for this transfer")
        elif result[0] == "000" or result[1] != 0:
            tally.lose(what, f"curl exit status {result[1]}, HTTP code {result[0]}: {result[3]}")
        else:
            connects += result[2]
            status_seen, headers = parse_header_dump(os.path.join(folder, rid + ".head"))
            body_path = os.path.join(folder, rid + ".body")
            # curl writes no file for an empty body.
            body = open(body_path, "rb").read() if os.path.exists(body_path) else b""
            if status_seen != int(result[0]):
                tally.mismatch(what, [f"the header dump says {status_seen}, curl's write-out "
                                      f"{result[0]}"])
            elif judge(tally, request, Answer(status_seen, headers, body), status, check):
                continue
        state.failed = state.failed or step in PREREQUISITES
        failed = True
    if returncode != 0 and not failed:
        tally.problem(f"curl ({mode}, step {step_index}) exited {returncode} although every "
                      f"transfer succeeded: {stderr[-500:]}")
    elif returncode != 0:
        tally.problem(f"curl ({mode}, step {step_index}) exited {returncode}")
    if mode == "keepalive" and connects > 1:
        tally.problem(f"curl (keep-alive, step {step_index}) opened {connects} connections for "
                      f"{len(transfers)} sequential transfers")
    if mode in ("close", "http1.0") and connects != len(transfers) and not failed:
        tally.problem(f"curl ({mode}, step {step_index}) reused connections: {connects} "
                      f"connects for {len(transfers)} transfers")


# -- Node's fetch -----------------------------------------------------------------


def node_major(binary):
    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                 timeout=30).stdout.strip()
        return int(version.lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return 0


def script_plan(images, cycles, prefix, base, image_url):
    return {"base": base, "cycles": cycles, "concurrency": THREADS, "prefix": prefix,
            "waitSeconds": WAIT_SECONDS,
            "images": [{"name": i.name, "path": i.path, "url": image_url(i), "sha256": i.sha256,
                        "width": i.width, "height": i.height, "format": i.format,
                        "mime": i.mime, "bytes": len(i.data)} for i in images]}


def kind_fetch(args, node, images, tally):
    binary = shutil.which("node") or shutil.which("nodejs")
    if binary is None or node_major(binary) < 18:
        tally.problem("Node.js 18 or newer (built-in fetch) is missing: install package nodejs")
        return
    plan_path = os.path.join(args.work, "fetch-plan.json")
    with open(plan_path, "w") as out:
        plan = script_plan(images, cycles_for(args.requests), "fetch", node.base,
                           lambda image: None)
        json.dump(dict(plan, requestTimeoutMs=REQUEST_TIMEOUT * 1000), out)
    before = node.answered()
    try:
        finished = subprocess.run([binary, os.path.join(HERE, "fetch_client.mjs"), plan_path],
                                  capture_output=True, text=True, timeout=120, env=local_env(),
                                  preexec_fn=die_with_parent)
    except subprocess.TimeoutExpired:
        tally.problem("node fetch_client.mjs did not finish within 120 s")
        return
    try:
        result = json.loads(finished.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        tally.problem(f"node fetch_client.mjs exited {finished.returncode} without a result: "
                      f"{finished.stderr[-1500:]}")
        return
    tally.merge_script(result, "fetch")
    check_answered(tally, node, before)


# -- fixtures for the GET-only tools ------------------------------------------------


@dataclasses.dataclass
class Fixture:
    image: Image
    image_id: str
    record_length: int
    content: bytes
    content_sha256: str


def make_fixture(node, image):
    """An uploaded image with one done version, for tools that only GET."""
    status, body, _ = plain_request(node.port, "POST", "/v1/images", image.data,
                                    {"Content-Type": image.mime})
    if status != 201:
        raise RuntimeError(f"fixture upload answered {status}: {body[:200]!r}")
    image_id = json.loads(body)["id"]
    status, body, _ = plain_request(node.port, "POST",
                                    f"/v1/images/{image_id}/commands?wait={WAIT_SECONDS}",
                                    b"resize 100 100\n", {"Content-Type": "text/plain"})
    if status != 200:
        raise RuntimeError(f"fixture command answered {status}: {body[:200]!r}")
    version = json.loads(body)
    status, record, _ = plain_request(node.port, "GET", f"/v1/images/{image_id}")
    if status != 200:
        raise RuntimeError(f"fixture record answered {status}: {record[:200]!r}")
    status, content, _ = plain_request(node.port, "GET",
                                       f"/v1/images/{image_id}/versions/1/content")
    if status != 200 or sha256_hex(content) != version["sha256"]:
        raise RuntimeError(f"fixture content answered {status} with other bytes than the "
                           f"version's")
    return Fixture(image, image_id, len(record), content, version["sha256"])


def newest_image_id(node):
    status, body, _ = plain_request(node.port, "GET", "/v1/images?limit=1")
    images = json.loads(body)["images"]
    return images[0]["id"] if images else None


def images_after(node, marker):
    """The images uploaded after `marker`, newest first, paging GET /v1/images."""
    found = []
    path = "/v1/images?limit=100"
    while True:
        status, body, _ = plain_request(node.port, "GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        page = json.loads(body)
        for record in page["images"]:
            if record["id"] == marker:
                return found
            found.append(record)
        if not page.get("next"):
            return found
        path = f"/v1/images?limit=100&before={page['next']}"


# -- ApacheBench -------------------------------------------------------------------


def ab_figure(output, label):
    match = re.search(rf"^{re.escape(label)}:\s+(\d+)", output, re.M)
    return int(match.group(1)) if match else None


def kind_ab(args, node, images, tally):
    if shutil.which("ab") is None:
        tally.problem("ApacheBench is missing: install package apache2-utils")
        return
    fixture = make_fixture(node, images[2])
    record_path = f"/v1/images/{fixture.image_id}"
    content_path = f"/v1/images/{fixture.image_id}/versions/1/content"
    jpeg = next(i for i in images if i.format == "JPEG")
    png = next(i for i in images if i.format == "PNG")
    n = args.requests
    uploads = max(1, n // 20)
    gets = (n - 2 * uploads) // 4 + 1
    runs = [  # what, ab options, requests, expected document length, upload
        ("GET record", [], gets, fixture.record_length, None),
        ("GET record, keep-alive", ["-k"], gets, fixture.record_length, None),
        ("GET content", [], gets, len(fixture.content), None),
        ("GET content, keep-alive", ["-k"], gets, len(fixture.content), None),
        ("POST upload", [], uploads, None, jpeg),
        ("POST upload, keep-alive", ["-k"], uploads, None, png),
    ]
    marker = newest_image_id(node)
    count_before = node.image_count()
    before = node.answered()
    uploaded = []
    for what, options, requests, length, upload in runs:
        command = ["ab", "-q", "-r", "-s", str(REQUEST_TIMEOUT), "-n", str(requests), "-c",
                   str(THREADS), *options]
        if upload is not None:
            command += ["-p", upload.path, "-T", upload.mime, f"{node.base}/v1/images"]
        else:
            command.append(node.base + (record_path if "record" in what else content_path))
        try:
            finished = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                      env=local_env(), preexec_fn=die_with_parent)
        except subprocess.TimeoutExpired:
            tally.problem(f"ab ({what}) did not finish within 120 s")
            continue
        output = finished.stdout
        complete = ab_figure(output, "Complete requests") or 0
        failed = ab_figure(output, "Failed requests")
        non_2xx = ab_figure(output, "Non-2xx responses")
        keep_alive = ab_figure(output, "Keep-Alive requests")
        document = ab_figure(output, "Document Length")
        tally.count(requests)
        if finished.returncode != 0:
            tally.problem(f"ab ({what}) exited {finished.returncode}: "
                          f"{(finished.stderr or output)[-500:]}")
        if complete != requests:
            tally.lose(f"ab {what}", f"{complete} of {requests} requests completed",
                       requests - complete)
        if failed:
            breakdown = re.search(r"\(Connect: .*?\)", output)
            tally.lose(f"ab {what}", f"failed requests {breakdown.group(0) if breakdown else ''}",
                       failed)
        if non_2xx:
            tally.mismatch(f"ab {what}", ["non-2xx responses"], non_2xx)
        if length is not None and document != length:
            tally.problem(f"ab ({what}): document length {document}, expected {length}")
        if "-k" in options and keep_alive != complete:
            tally.problem(f"ab ({what}): {keep_alive} of {complete} answers kept the HTTP/1.0 "
                          f"connection alive")
        if upload is not None:
            uploaded += [upload] * complete
    check_answered(tally, node, before)
    created = images_after(node, marker)
    if len(created) != len(uploaded):
        tally.problem(f"ab completed {len(uploaded)} uploads, the node lists {len(created)} new "
                      f"images")
    expected_hashes = sorted(i.sha256 for i in uploaded)
    if sorted(r["sha256"] for r in created) != expected_hashes:
        tally.problem("the new images' sha256 differ from the files ab uploaded")
    count_after = node.image_count()
    if None not in (count_before, count_after) and count_after - count_before != len(uploaded):
        tally.problem(f"caf_node_storage_images grew by {count_after - count_before}, ab "
                      f"completed {len(uploaded)} uploads")


# -- wrk ------------------------------------------------------------------------------


def kind_wrk(args, node, images, tally):
    if shutil.which("wrk") is None:
        tally.problem("wrk is missing: install package wrk")
        return
    fixture = make_fixture(node, images[3])
    runs = [  # what, path, expected length, ETag or "-", text the body holds or "-"
        ("record", f"/v1/images/{fixture.image_id}", fixture.record_length, "-",
         f'"id":"{fixture.image_id}"'),
        ("content", f"/v1/images/{fixture.image_id}/versions/1/content", len(fixture.content),
         f'"{fixture.content_sha256}"', "-"),
    ]
    minimum = math.ceil(args.requests / len(runs))
    before = node.answered()
    for what, path, length, etag, text in runs:
        command = ["wrk", "-t", "2", "-c", str(THREADS), "-d", f"{args.wrk_seconds}s",
                   "--timeout", "10s", "-s", os.path.join(HERE, "wrk_checks.lua"),
                   node.base + path, "--", str(length), etag, text]
        try:
            finished = subprocess.run(command, capture_output=True, text=True,
                                      timeout=args.wrk_seconds + 60, env=local_env(),
                                      preexec_fn=die_with_parent)
        except subprocess.TimeoutExpired:
            tally.problem(f"wrk ({what}) did not finish in time")
            continue
        output = finished.stdout
        total = re.search(r"^\s*(\d+) requests in ", output, re.M)
        checked = re.search(r"^checked responses=(\d+) non2xx=(\d+) mismatched=(\d+)$", output,
                            re.M)
        if finished.returncode != 0 or not total or not checked:
            tally.problem(f"wrk ({what}) exited {finished.returncode}: "
                          f"{(finished.stderr + output)[-800:]}")
            continue
        requests = int(total.group(1))
        responses, non_2xx, mismatched = map(int, checked.groups())
        tally.count(requests)
        if requests < minimum:
            tally.problem(f"wrk ({what}) completed {requests} requests in {args.wrk_seconds} s, "
                          f"fewer than {minimum}")
        if responses != requests:
            tally.problem(f"wrk ({what}) counts {requests} requests, its script saw "
                          f"{responses} answers")
        errors = re.search(r"Socket errors: (.*)", output)
        socket_errors = sum(int(n) for n in re.findall(r"\d+", errors.group(1))) if errors else 0
        if socket_errors:
            tally.lose(f"wrk GET {path}", f"socket errors: {errors.group(1)}", socket_errors)
        if non_2xx:
            tally.mismatch(f"wrk GET {path}", ["answers not 2xx"], non_2xx)
        if mismatched:
            tally.mismatch(f"wrk GET {path}", [f"bodies not {length} bytes with the expected "
                                               f"ETag or id"], mismatched)
    # wrk stops with requests in flight: the node may have answered a few
    # more than wrk counted, never fewer.
    check_answered(tally, node, before, exact=False)


# -- Chromium ----------------------------------------------------------------------


class PageServer:
    """Serves the browser page, its scripts, the plan and the test images from
    a second origin on a free port."""

    FILES = {"/page.html": ("browser_page.html", "text/html"),
             "/http_cycle.mjs": ("http_cycle.mjs", "text/javascript"),
             "/browser_client.mjs": ("browser_client.mjs", "text/javascript")}

    def __init__(self, images):
        self.images = {f"/images/{i.name}": i for i in images}
        self.plan = b"{}"
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path in PageServer.FILES:
                    name, mime = PageServer.FILES[self.path]
                    body = open(os.path.join(HERE, name), "rb").read()
                elif self.path == "/plan.json":
                    body, mime = server.plan, "application/json"
                elif self.path in server.images:
                    image = server.images[self.path]
                    body, mime = image.data, image.mime
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", mime)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self):
        return f"http://{HOST}:{self.port}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def header_list(value):
    return {item.strip().lower() for item in (value or "").split(",") if item.strip()}


def check_cors(tally, node, origin, fixture):
    """The CORS answers a browser relies on, checked one by one so that a
    failure says which header is missing."""
    path = f"/v1/images/{fixture.image_id}"
    checks = [
        ("preflight of an upload", "OPTIONS", "/v1/images",
         {"Origin": origin, "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type,x-request-id"},
         {"methods": {"post"}, "headers": {"content-type", "x-request-id"}}),
        ("preflight of a range download", "OPTIONS", path + "/versions/1/content",
         {"Origin": origin, "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "range,x-request-id"},
         {"methods": {"get"}, "headers": {"range", "x-request-id"}}),
        ("GET from the allowed origin", "GET", path, {"Origin": origin},
         {"expose": {"location", "etag", "x-request-id", "content-range"}}),
        ("GET from another origin", "GET", path, {"Origin": "http://127.0.0.1:9"},
         {"refused": True}),
    ]
    for index, (what, method, target, headers, expected) in enumerate(checks):
        request = Request(method, target, f"cors-{index:02d}", headers=headers)
        tally.count()
        try:
            status, body, response = plain_request(node.port, method, target,
                                                   headers=dict(headers, **{
                                                       "X-Request-Id": request.request_id}))
        except OSError as error:
            tally.lose(f"CORS {what}", str(error))
            continue
        problems = []
        allow_origin = response.getheader("Access-Control-Allow-Origin")
        if expected.get("refused"):
            if status != 200:
                problems.append(f"status {status}")
            if allow_origin is not None:
                problems.append(f"Access-Control-Allow-Origin {allow_origin!r} for an origin "
                                f"that is not allowed")
        else:
            if not 200 <= status < 300:
                problems.append(f"status {status}: {body[:200]!r}")
            if allow_origin != origin:
                problems.append(f"Access-Control-Allow-Origin is {allow_origin!r}, expected "
                                f"{origin!r}")
            methods = header_list(response.getheader("Access-Control-Allow-Methods"))
            if not expected.get("methods", set()) <= methods:
                problems.append(f"Access-Control-Allow-Methods {sorted(methods)} lacks "
                                f"{sorted(expected['methods'] - methods)}")
            allowed = header_list(response.getheader("Access-Control-Allow-Headers"))
            if not expected.get("headers", set()) <= allowed:
                problems.append(f"Access-Control-Allow-Headers {sorted(allowed)} lacks "
                                f"{sorted(expected['headers'] - allowed)}")
            exposed = header_list(response.getheader("Access-Control-Expose-Headers"))
            if not expected.get("expose", set()) <= exposed:
                problems.append(f"Access-Control-Expose-Headers {sorted(exposed)} lacks "
                                f"{sorted(expected['expose'] - exposed)}")
        if response.getheader("X-Request-Id") != request.request_id:
            problems.append(f"X-Request-Id echoed as {response.getheader('X-Request-Id')!r}")
        if problems:
            tally.mismatch(f"CORS {what}: {method} {target}", problems)


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def kind_chromium(args, node, images, tally, page_server):
    binary = chromium_binary()
    if binary is None:
        tally.problem("Chromium is missing: install package chromium")
        return
    if page_server is None or node.cors_origin != page_server.origin:
        tally.problem("the node was started without --http.cors-origin for the page")
        return
    fixture = make_fixture(node, images[0])
    before_cors = node.answered()
    check_cors(tally, node, page_server.origin, fixture)
    check_answered(tally, node, before_cors)
    # <img> loads add three requests to each cycle of the page.
    cycles = math.ceil(args.requests / (len(STEPS) + 3))
    page_server.plan = json.dumps(script_plan(
        images, cycles, "chromium", node.base, lambda image: f"/images/{image.name}")).encode()
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=args.work)
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-proxy-server",
               "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
               # Virtual time stands still while requests are pending, so the
               # budget only bounds timers: the DOM is dumped once the page is
               # idle, that is when it has written its result.
               "--virtual-time-budget=600000", "--dump-dom", f"{page_server.origin}/page.html"]
    before = node.answered()
    requests_before = tally.requests
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=local_env(), start_new_session=True,
                               preexec_fn=die_with_parent)
    try:
        stdout, stderr = process.communicate(timeout=args.chromium_timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        tally.problem(f"Chromium did not finish within {args.chromium_timeout} s")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    dom = stdout.decode(errors="replace")
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    try:
        result = json.loads(html.unescape(match.group(1)))
    except (AttributeError, ValueError):
        noise = ("dbus", "unexpected operator", "Fontconfig")
        errors = "\n".join(line for line in stderr.decode(errors="replace").splitlines()
                           if not any(n in line for n in noise))
        tally.problem(f"the page wrote no result (Chromium exited {process.returncode}); "
                      f"DOM: {dom[-600:]!r}; stderr: {errors[-1500:]}")
        return
    if "error" in result:
        tally.problem(f"the page failed: {result['error']}")
    if "requests" in result:
        tally.merge_script(result, "chromium")
    page_requests = tally.requests - requests_before
    delta = node.answered_since(before, page_requests)
    answered = sum(count for method, count in delta.items() if method != "OPTIONS")
    # A browser may send a request again on a fresh connection when a reused
    # one fails, so the node may count more, never fewer.
    if answered < page_requests:
        tally.problem(f"the node counts {answered} answered requests (preflights left out), "
                      f"the page sent {page_requests}")
    if not delta.get("OPTIONS"):
        tally.problem("the node answered no preflight (OPTIONS): the page's requests were not "
                      "cross-origin as intended")


# -- main ---------------------------------------------------------------------------


def tool_missing(kind):
    """The package a kind needs when it is not installed (checked before the
    node starts, so that the message is the first thing printed)."""
    needs = {"curl": (["curl"], "curl"), "ab": (["ab"], "apache2-utils"),
             "wrk": (["wrk"], "wrk"), "fetch": (["node", "nodejs"], "nodejs"),
             "chromium": (["chromium", "chromium-browser", "google-chrome"], "chromium")}
    if kind in needs:
        programs, package = needs[kind]
        if not any(shutil.which(p) for p in programs):
            return package
    if kind == "requests" and importlib.util.find_spec("requests") is None:
        return "python3-requests"
    return None


def start_node(node, chromium_tally):
    """Starts the node; a binary that does not know --http.cors-origin yet
    fails the browser kind only, and the other kinds run on a node without it."""
    try:
        node.start()
        return node
    except RuntimeError:
        if not node.cors_origin or "cors-origin" not in node.log_tail():
            raise
    refusal = [line for line in node.log_tail().splitlines() if "cors-origin" in line]
    chromium_tally.problem(f"caf-node refused --http.cors-origin={node.cors_origin}: "
                           f"{refusal[0] if refusal else node.log_tail(500)}")
    node.remove()
    plain = Node(node.binary, node.work)
    plain.start()
    return plain


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--caf-node", required=True, help="the caf-node binary")
    parser.add_argument("--work", required=True,
                        help="work directory: images, node storage, client files")
    parser.add_argument("--only", default=",".join(KINDS),
                        help="comma-separated client kinds: " + ", ".join(KINDS))
    parser.add_argument("--requests", type=int, default=2000,
                        help="requests per client kind, at least")
    parser.add_argument("--wrk-seconds", type=int, default=2,
                        help="duration of each of the two wrk runs")
    parser.add_argument("--chromium-timeout", type=int, default=90,
                        help="seconds the browser page may take")
    args = parser.parse_args()
    kinds = [k for k in args.only.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        parser.error(f"unknown client kinds {unknown}; known: {', '.join(KINDS)}")
    if args.requests < len(STEPS):
        parser.error(f"--requests must be at least {len(STEPS)}")
    args.caf_node = os.path.abspath(args.caf_node)
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)

    tallies = {kind: Tally(kind) for kind in kinds}
    for kind in kinds:
        package = tool_missing(kind)
        if package:
            tallies[kind].problem(f"the client for '{kind}' is missing: install package "
                                  f"{package}")
    runnable = [kind for kind in kinds if not tallies[kind].problems]
    for kind in kinds:
        if tallies[kind].problems:
            log(tallies[kind].summary(args.requests))
    node, run_problems = run_kinds(args, runnable, tallies) if runnable else (None, [])

    print()
    for kind in kinds:
        print(tallies[kind].report(args.requests))
    for problem in run_problems:
        print(f"run: {problem}")
    failed = [k for k in kinds if not tallies[k].passed(args.requests)]
    if failed or run_problems:
        if node is not None:
            print(f"caf-node's log: {node.log_path}; its end:\n{node.log_tail(1500)}")
        print(f"FAILED: {', '.join(failed) or 'the run'}")
        return 1
    node.remove()
    print(f"all {len(kinds)} client kinds passed")
    return 0


def run_kinds(args, kinds, tallies):
    """Runs the kinds one after another against one node. Returns the node
    and what went wrong outside any kind."""
    if shutil.which("gm") is None:
        return None, ["GraphicsMagick's gm draws the test images: install package "
                      "graphicsmagick"]
    deadline = time.monotonic() + 60
    while not os.access(args.caf_node, os.X_OK):
        # The binary may be relinked while this runs: wait for it briefly.
        if time.monotonic() > deadline:
            return None, [f"no caf-node binary at {args.caf_node}"]
        time.sleep(0.5)

    images = make_images(os.path.join(args.work, "images"))
    page_server = PageServer(images) if "chromium" in kinds else None
    node = Node(args.caf_node, args.work, page_server.origin if page_server else None)
    runners = {"curl": kind_curl, "httpclient": kind_httpclient, "urllib": kind_urllib,
               "requests": kind_requests, "fetch": kind_fetch, "ab": kind_ab, "wrk": kind_wrk,
               "chromium": lambda *a: kind_chromium(*a, page_server)}
    problems = []
    try:
        node = start_node(node, tallies.get("chromium"))
        log(f"caf-node {args.caf_node} serving {node.base}; work in {args.work}")
        for kind in kinds:
            tally = tallies[kind]
            if tally.problems:  # the node refused the option this kind needs
                log(tally.summary(args.requests))
                continue
            tally.started = time.monotonic()
            try:
                runners[kind](args, node, images, tally)
            except Exception as error:  # one kind's crash must not hide the others
                tally.problem(f"the driver failed: {type(error).__name__}: {error}")
            tally.seconds = time.monotonic() - tally.started
            log(tally.summary(args.requests))
            if node.process.poll() is not None:
                problems.append(f"caf-node exited ({node.process.returncode}) during "
                                f"'{kind}'")
                break
    except Exception as error:
        problems.append(f"{type(error).__name__}: {error}")
    finally:
        if not problems and all(tallies[k].passed(args.requests) for k in kinds):
            status = node.stop()
            if status != 0:
                problems.append(f"caf-node exited {status} after SIGTERM")
        else:
            node.kill()
        if page_server:
            page_server.close()
    return node, problems


if __name__ == "__main__":
    sys.exit(main())
