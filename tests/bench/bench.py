#!/usr/bin/env python3
"""Benchmark of caf-node against `gm batch` and ipx on the same photos.

Starts the real service (build/nodes/caf-node) on free ports with storage in
a work directory, drives it over HTTP and, in the same run, runs the same
pipelines through `gm batch` (2 processes, 1 thread each, without and with
the JPEG size hint) and through ipx (sharp/libvips, installed from npm into
the work directory) when Node.js is available. Prints images/s, latency
percentiles, memory and the ratios. Needs python3, GraphicsMagick's `gm`,
a built caf-node and, for the http section, wrk and nginx; see the README's
Performance section.

The http section measures the HTTP front door alone with wrk (-t2 -c16,
10 s runs): GET /v1/images/{id} (the JSON record) and GET
/v1/images/{id}/versions/{n}/content of a version of about 250 kB, and, in
the same run, nginx (2 workers, sendfile, its own config in the work
directory) serving the very same bytes from disk. The servers take turns,
3 runs each after a warm-up, and the medians are compared: caf-node/nginx
on the content GET, aimed at 0.5 or more. Without wrk or nginx the script
stops before any section runs and names the packages (Debian: wrk,
nginx-light).

    tests/bench/bench.py                      # everything, about 12 minutes
    tests/bench/bench.py --sections normalize --sets hd,12mp --count 24
    tests/bench/bench.py --sections http --wrk-duration 20
    tests/bench/bench.py --help
"""

import argparse
import builtins
import concurrent.futures
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The pipelines, as the profiles in config/profiles spell them.
PIPELINES = {
    "normalize": {
        "ops": "autoorient\nresize 1024 1024\ngrayscale\nnormalize\nstrip\nformat jpeg\nquality 85\n",
        "gm": "-auto-orient -resize 1024x1024 -type Grayscale -normalize -strip -quality 85",
        "hint": "1024x1024",
        "ipx": "s_1024x1024,fit_inside,grayscale,normalize,q_85,f_jpeg",
    },
    "thumbnail": {
        "ops": "autoorient\nthumbnail 256 256\nstrip\nformat jpeg\nquality 80\n",
        "gm": "-auto-orient -thumbnail 256x256 -strip -quality 80",
        "hint": "256x256",
        "ipx": "s_256x256,fit_inside,q_80,f_jpeg",
    },
}

# Photo sets: (name, [(width, height, EXIF orientation or 0), ...]). The
# benchmark cycles through a set's files; each upload is a new image.
SETS = {
    "hd": [(1920, 1080, 0), (1920, 1080, 6), (1920, 1080, 0), (1920, 1080, 3)],
    "12mp": [(4000, 3000, 0), (4000, 3000, 6), (4000, 3000, 0), (4000, 3000, 8)],
    "photos": [(3264, 2448, 0), (4032, 3024, 6), (4608, 3456, 0), (5472, 3648, 6)],
    "small": [(640, 480, 0), (640, 480, 6)],  # for the smoke run
    # Real photographs from Debian's lomiri-wallpapers-20.04: as shipped
    # (9-24 MP) and cut to 1920x1080 and 4000x3000 (JPEG q90) like a camera's.
    "real-hd": [(1920, 1080, name) for name in range(4)],
    "real-12mp": [(4000, 3000, name) for name in range(4)],
    "real": [(0, 0, name) for name in range(4)],
}
SET_LABELS = {"hd": "1920x1080", "12mp": "4000x3000", "photos": "8-20 MP", "small": "640x480",
              "real-hd": "real 1920x1080", "real-12mp": "real 4000x3000", "real": "real 9-24 MP"}

# The photographs of the real-* sets (CC-BY-SA-3.0, see
# /usr/share/doc/lomiri-wallpapers-20.04/copyright); read where the package
# installs them, never copied into the repository.
REAL_PHOTOS_PACKAGE = "lomiri-wallpapers-20.04"
REAL_PHOTOS = ["/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg",
               "/usr/share/backgrounds/Infinite-Sea_by_Aury88.jpg",
               "/usr/share/backgrounds/Fossa_by_Jasper_Roks.jpg",
               "/usr/share/backgrounds/Painting-Colors_by__herobrine7gamer.jpg"]

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def log(message):
    print(message, file=sys.stderr, flush=True)


# -- photos --------------------------------------------------------------------


def exif_orientation_segment(orientation):
    """An APP1 EXIF segment holding only the orientation (big-endian TIFF)."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)
    tiff += struct.pack(">H", 1)  # one IFD entry
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff += struct.pack(">I", 0)  # no next IFD
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def make_photo(path, width, height, orientation, seed):
    """A camera-like JPEG (q90): a gradient, shapes, text and fine grain."""
    if os.path.exists(path):
        return
    tmp = path + ".tmp"
    colors = [("#2a4d7a", "#d9b48f"), ("#5a6e3a", "#e8e0c8"), ("#3b3b4f", "#c0d0e0"),
              ("#7a2a2a", "#f0d8a0")][seed % 4]
    s = min(width, height)
    cx, cy, r = width * (0.3 + 0.1 * (seed % 3)), height * 0.4, s * 0.22
    draw = [
        "-fill", "#803020", "-draw", f"circle {cx:.0f},{cy:.0f} {cx + r:.0f},{cy:.0f}",
        "-fill", "#205030", "-draw",
        f"rectangle {width * 0.62:.0f},{height * 0.12:.0f} {width * 0.9:.0f},{height * 0.6:.0f}",
        "-stroke", "#101010", "-strokewidth", str(max(2, s // 300)), "-draw",
        f"line 0,{height * 0.75:.0f} {width},{height * 0.7:.0f}", "-stroke", "none",
        "-fill", "white", "-pointsize", str(max(12, s // 18)), "-draw",
        f"text {width * 0.05:.0f},{height * 0.9:.0f} 'LOT {seed} PART {1000 + seed * 37} QA'",
    ]
    if os.path.exists(FONT):
        draw = ["-font", FONT] + draw
    base, noisy = tmp + ".base.miff", tmp + ".noisy.miff"
    try:
        subprocess.run(["gm", "convert", "-size", f"{width}x{height}",
                        f"gradient:{colors[0]}-{colors[1]}"] + draw + [base], check=True)
        subprocess.run(["gm", "convert", base, "+noise", "Gaussian", noisy], check=True)
        # 20% of the noise: grain like a camera's, about 0.5 bytes a pixel.
        subprocess.run(["gm", "composite", "-dissolve", "20", noisy, base, "-quality", "90",
                        "jpeg:" + tmp], check=True)
        data = open(tmp, "rb").read()
        if orientation:
            data = data[:2] + exif_orientation_segment(orientation) + data[2:]
        with open(path, "wb") as out:
            out.write(data)
    finally:
        for leftover in (tmp, base, noisy):
            if os.path.exists(leftover):
                os.remove(leftover)


def cut_real_photo(path, source, width, height):
    """A real photograph scaled to cover width x height, centred, JPEG q90."""
    if os.path.exists(path):
        return
    tmp = path + ".tmp"
    subprocess.run(["gm", "convert", source, "-resize", f"{width}x{height}^", "-gravity",
                    "center", "-extent", f"{width}x{height}", "-quality", "90", "jpeg:" + tmp],
                   check=True)
    os.rename(tmp, path)


def make_photos(work, set_name):
    folder = os.path.join(work, "photos")
    os.makedirs(folder, exist_ok=True)
    paths = []
    if set_name.startswith("real"):
        missing = [p for p in REAL_PHOTOS if not os.path.exists(p)]
        if missing:
            raise SystemExit(f"set {set_name} needs {missing[0]}: "
                             f"apt-get install {REAL_PHOTOS_PACKAGE}")
        for width, height, index in SETS[set_name]:
            source = REAL_PHOTOS[index]
            if not width:
                # A link in the photo folder, which ipx serves.
                path = os.path.join(folder, f"{set_name}-{index}-{os.path.basename(source)}")
                if not os.path.lexists(path):
                    os.symlink(source, path)
            else:
                path = os.path.join(folder, f"{set_name}-{index}-{width}x{height}.jpg")
                if not os.path.exists(path):
                    log(f"  cutting {os.path.basename(path)} from {os.path.basename(source)}")
                cut_real_photo(path, source, width, height)
            paths.append(path)
        return paths
    for index, (width, height, orientation) in enumerate(SETS[set_name]):
        path = os.path.join(folder, f"{set_name}-{index}-{width}x{height}-o{orientation}.jpg")
        if not os.path.exists(path):
            log(f"  drawing {os.path.basename(path)}")
        make_photo(path, width, height, orientation, index)
        paths.append(path)
    return paths


def make_small_jpegs(work, count, size):
    folder = os.path.join(work, "small")
    os.makedirs(folder, exist_ok=True)
    paths = []
    for index in range(count):
        path = os.path.join(folder, f"small-{size}-{index}.jpg")
        if not os.path.exists(path):
            subprocess.run(["gm", "convert", "-size", f"{size}x{size}",
                            f"gradient:#{(index * 37) % 256:02x}3050-#e0{(index * 91) % 256:02x}80",
                            "+noise", "Gaussian", "-quality", "85", path], check=True)
        paths.append(path)
    return paths


# -- processes -----------------------------------------------------------------


def proc_status(pid):
    """VmRSS and VmHWM of a process in bytes, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return {key: int(fields[key].split()[0]) * 1024 for key in ("VmRSS", "VmHWM")}
    except (OSError, KeyError, ValueError):
        return None


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def children(pid):
    result = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                result += [int(child) for child in listing.read().split()]
    except OSError:
        pass
    return result


def reset_peak(pid):
    """Resets VmHWM to the current RSS (Linux 4.0+), so peaks are per section."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_note():
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


class Node:
    """A caf-node started for the benchmark, on free ports, in its own folder."""

    def __init__(self, binary, work, name, extra_args):
        self.folder = os.path.join(work, name)
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)
        self.log_path = os.path.join(self.folder, "node.log")
        args = [binary, f"--storage.path={os.path.join(self.folder, 'data')}",
                f"--profiles.path={os.path.join(REPO, 'config', 'profiles')}",
                "--http.port=0", "--cluster.port=0", f"--node.id=bench-{name}"] + extra_args
        args += NODE_ARGS
        self.log_file = open(self.log_path, "w")
        # The folder holds no caf-node.ini: only built-in defaults and args.
        self.process = subprocess.Popen(args, cwd=self.folder, stdout=self.log_file,
                                        stderr=subprocess.STDOUT,
                                        env=dict(os.environ, **NODE_ENV))
        self.pid = self.process.pid
        self.port = None
        deadline = time.time() + 60
        while self.port is None:
            if self.process.poll() is not None:
                raise RuntimeError(f"caf-node exited ({self.process.returncode}); see "
                                   f"{self.log_path}:\n" + open(self.log_path).read()[-2000:])
            if time.time() > deadline:
                raise RuntimeError(f"caf-node did not start; see {self.log_path}")
            match = re.search(r"serving http://[^:]+:(\d+)", open(self.log_path).read())
            if match:
                self.port = int(match.group(1))
            else:
                time.sleep(0.05)

    def wait_for_workers(self, count, timeout=60):
        deadline = time.time() + timeout
        client = Client(self.port)
        while time.time() < deadline:
            status, body, _ = client.request("GET", "/v1/cluster")
            if status == 200:
                nodes = json.loads(body)["nodes"]
                if sum(n["workers"] for n in nodes if n["state"] == "up") >= count:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"caf-node has not {count} workers after {timeout} s")

    def processes(self):
        return [self.pid] + children(self.pid)

    def memory(self):
        """(head status, [worker process status...]) with VmRSS and VmHWM."""
        return proc_status(self.pid), [s for s in map(proc_status, children(self.pid)) if s]

    def cpu(self):
        return cpu_seconds(self.pid), sum(cpu_seconds(c) for c in children(self.pid))

    def head_cpu(self):
        """The head's CPU seconds alone: it serves HTTP, the workers idle then."""
        return cpu_seconds(self.pid)

    def reset_peaks(self):
        for pid in self.processes():
            reset_peak(pid)

    def job_lines(self):
        return [line for line in open(self.log_path) if " job image=" in line]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        # The photos stay for the next run; the stored images do not (GBs).
        shutil.rmtree(os.path.join(self.folder, "data"), ignore_errors=True)


# -- HTTP ------------------------------------------------------------------------


class Client:
    """One keep-alive connection; reconnects when the server closed it."""

    def __init__(self, port, host="127.0.0.1", timeout=120):
        self.host, self.port, self.timeout = host, port, timeout
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port,
                                                             timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status, data, response
            except (ConnectionError, http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def run_parallel(concurrency, tasks, work):
    """Runs work(client, task) for every task on `concurrency` connections.
    Returns (wall seconds, [result...])."""
    clients = threading.local()
    port_holder = {}

    def call(task):
        if not hasattr(clients, "client"):
            clients.client = Client(port_holder["port"])
        return work(clients.client, task)

    def runner(port):
        port_holder["port"] = port
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(call, tasks))
        return time.perf_counter() - start, results

    return runner


def service_job(ops):
    """Upload, command with ?wait, fetch the result; returns the timings."""

    def job(client, path):
        data = PHOTO_CACHE[path]
        start = time.perf_counter()
        status, body, _ = client.request("POST", "/v1/images", data,
                                         {"Content-Type": "image/jpeg"})
        if status != 201:
            raise RuntimeError(f"upload of {path}: {status} {body[:200]!r}")
        image = json.loads(body)["id"]
        uploaded = time.perf_counter()
        # Photos repeat: without reuse=false, equal commands would reuse the
        # first result instead of running.
        status, body, _ = client.request("POST", f"/v1/images/{image}/commands?wait=60&reuse=false",
                                         ops, {"Content-Type": "text/plain"})
        version = json.loads(body)
        if status != 200 or version.get("status") != "done":
            raise RuntimeError(f"command on {path}: {status} {body[:300]!r}")
        commanded = time.perf_counter()
        status, body, _ = client.request("GET", f"/v1/images/{image}/versions/1/content")
        if status != 200 or body[:2] != b"\xff\xd8":
            raise RuntimeError(f"result of {path}: {status}")
        done = time.perf_counter()
        return {"total": done - start, "upload": uploaded - start,
                "command": commanded - uploaded, "fetch": done - commanded,
                "took_ms": version.get("took_ms", 0), "width": version.get("width"),
                "height": version.get("height"), "bytes": len(body)}

    return job


PHOTO_CACHE = {}
NODE_ARGS = []  # --node-arg
NODE_ENV = {}  # --node-env


def summarize_latencies(results, key="total"):
    values = [r[key] for r in results]
    return {"p50_ms": 1000 * percentile(values, 0.5), "p99_ms": 1000 * percentile(values, 0.99),
            "mean_ms": 1000 * statistics.mean(values)}


def parse_metrics(text):
    """Sums and counts of caf_node_operation_duration_seconds by step."""
    steps = {}
    pattern = re.compile(r'^caf_node_operation_duration_seconds_(sum|count)\{[^}]*operation="([^"]+)"'
                         r'[^}]*\}\s+([0-9.eE+-]+)')
    for line in text.splitlines():
        match = pattern.match(line)
        if match:
            kind, step, value = match.groups()
            steps.setdefault(step, {"sum": 0.0, "count": 0.0})[kind] += float(value)
    return steps


def step_means(before, after):
    result = {}
    for step, totals in after.items():
        base = before.get(step, {"sum": 0.0, "count": 0.0})
        count = totals["count"] - base["count"]
        if count > 0:
            result[step] = 1000 * (totals["sum"] - base["sum"]) / count
    return result


def measure_service(node, pipeline, photos, count, concurrency, warmup):
    client = Client(node.port)
    ops = PIPELINES[pipeline]["ops"].encode()
    job = service_job(ops)
    for path in photos:
        PHOTO_CACHE.setdefault(path, open(path, "rb").read())
    # Warm-up: every file once (caches, allocator, connections), untimed.
    run_parallel(concurrency, [photos[i % len(photos)] for i in range(warmup)], job)(node.port)
    metrics_before = parse_metrics(client.request("GET", "/metrics")[1].decode())
    node.reset_peaks()
    cpu_before = node.cpu()
    client_cpu_before = time.process_time()
    tasks = [photos[i % len(photos)] for i in range(count)]
    uploaded_mb = sum(len(PHOTO_CACHE[path]) for path in tasks) / 2**20
    seconds, results = run_parallel(concurrency, tasks, job)(node.port)
    cpu_after = node.cpu()
    client_cpu = time.process_time() - client_cpu_before
    head, workers = node.memory()
    metrics_after = parse_metrics(client.request("GET", "/metrics")[1].decode())
    figures = {
        "images": count, "seconds": seconds, "images_per_s": count / seconds,
        **summarize_latencies(results),
        "upload_p50_ms": 1000 * percentile([r["upload"] for r in results], 0.5),
        "command_p50_ms": 1000 * percentile([r["command"] for r in results], 0.5),
        "fetch_p50_ms": 1000 * percentile([r["fetch"] for r in results], 0.5),
        "job_took_ms_p50": percentile([r["took_ms"] for r in results], 0.5),
        "head_cpu_ms_per_image": 1000 * (cpu_after[0] - cpu_before[0]) / count,
        "head_cpu_ms_per_mb": 1000 * (cpu_after[0] - cpu_before[0]) / uploaded_mb,
        "worker_cpu_ms_per_image": 1000 * (cpu_after[1] - cpu_before[1]) / count,
        "client_cpu_ms_per_image": 1000 * client_cpu / count,
        "cpu_ms_per_image": 1000 * (sum(cpu_after) - sum(cpu_before)) / count,
        "head_peak_rss_mb": head["VmHWM"] / 2**20 if head else None,
        "worker_peak_rss_mb": max((w["VmHWM"] for w in workers), default=0) / 2**20,
        "steps_ms": step_means(metrics_before, metrics_after),
        "output": f"{results[0]['width']}x{results[0]['height']}",
    }
    return figures


def gm_batch(work, pipeline, photos, count, processes, hint, tag):
    """The pipeline through `gm batch`: `processes` processes, 1 thread each."""
    spec = PIPELINES[pipeline]
    out = os.path.join(work, "gm-out", tag)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    lines = [[] for _ in range(processes)]
    for i in range(count):
        source = photos[i % len(photos)]
        size = f"-size {spec['hint']} " if hint else ""
        lines[i % processes].append(f"convert {size}\"{source}\" {spec['gm']} "
                                    f"\"{os.path.join(out, f'{i}.jpg')}\"")
    scripts = []
    for index, commands in enumerate(lines):
        script = os.path.join(out, f"batch-{index}.txt")
        with open(script, "w") as handle:
            handle.write("\n".join(commands) + "\n")
        scripts.append(script)
    env = dict(os.environ, OMP_NUM_THREADS="1")
    # Untimed warm-up: page cache and the dynamic loader.
    subprocess.run(["gm", "batch", "-echo", "off", "-feedback", "off", scripts[0]], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    peak = 0
    start = time.perf_counter()
    running = [subprocess.Popen(["gm", "batch", "-echo", "off", "-feedback", "off", s], env=env,
                                stdout=subprocess.DEVNULL) for s in scripts]
    pending = {p.pid for p in running}
    cpu = 0.0
    failed = False
    while pending:
        for pid in list(pending):
            status = proc_status(pid)
            if status:
                peak = max(peak, status["VmHWM"])
            done, code, usage = os.wait4(pid, os.WNOHANG)
            if done:
                pending.discard(pid)
                cpu += usage.ru_utime + usage.ru_stime
                failed = failed or code != 0
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    for p in running:
        p.returncode = 0  # reaped above
    if failed:
        raise RuntimeError(f"gm batch failed ({tag})")
    produced = subprocess.run(["gm", "identify", "-format", "%wx%h",
                               os.path.join(out, "0.jpg")], capture_output=True, text=True)
    return {"images": count, "seconds": seconds, "images_per_s": count / seconds,
            "cpu_ms_per_image": 1000 * cpu / count, "peak_rss_mb": peak / 2**20,
            "output": produced.stdout.strip()}


# -- ipx -------------------------------------------------------------------------


class Ipx:
    def __init__(self, work, photos_dir):
        self.process = None
        self.note = None
        node = shutil.which("node")
        npm = shutil.which("npm")
        if not node or not npm:
            self.note = "ipx skipped: node or npm not found"
            return
        folder = os.path.join(work, "ipx")
        entry = os.path.join(folder, "node_modules", "ipx", "bin", "ipx.mjs")
        if not os.path.exists(entry):
            os.makedirs(folder, exist_ok=True)
            log("  npm install ipx (once per work directory)")
            with open(os.path.join(folder, "package.json"), "w") as package:
                package.write('{"name":"caf-node-bench-ipx","private":true}\n')
            installed = subprocess.run([npm, "install", "--no-audit", "--no-fund", "ipx"],
                                       cwd=folder, capture_output=True, text=True)
            if installed.returncode != 0 or not os.path.exists(entry):
                self.note = ("ipx skipped: npm install ipx failed: " +
                             (installed.stderr.strip().splitlines() or ["?"])[-1])
                return
        try:
            version = json.load(open(os.path.join(folder, "node_modules", "ipx", "package.json")))
            sharp = json.load(open(os.path.join(folder, "node_modules", "sharp", "package.json")))
            self.version = f"ipx {version['version']}, sharp {sharp['version']}"
        except (OSError, ValueError, KeyError):
            self.version = "ipx"
        self.port = free_port()
        self.log_file = open(os.path.join(folder, "ipx.log"), "w")
        self.process = subprocess.Popen(
            [node, entry, "serve", "--dir", photos_dir, "--port", str(self.port),
             "--hostname", "127.0.0.1"], cwd=folder, stdout=self.log_file,
            stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        self.note = "ipx skipped: the server did not start (see ipx/ipx.log)"

    @property
    def available(self):
        return self.process is not None

    def measure(self, pipeline, photos, count, concurrency):
        modifiers = PIPELINES[pipeline]["ipx"]

        def job(client, path):
            start = time.perf_counter()
            status, body, _ = client.request("GET", f"/{modifiers}/{os.path.basename(path)}")
            if status != 200 or body[:2] != b"\xff\xd8":
                raise RuntimeError(f"ipx {path}: {status} {body[:200]!r}")
            return {"total": time.perf_counter() - start}

        run_parallel(concurrency, photos, job)(self.port)  # warm-up
        peak_before = proc_status(self.process.pid)
        reset_peak(self.process.pid)
        tasks = [photos[i % len(photos)] for i in range(count)]
        cpu_before = cpu_seconds(self.process.pid)
        seconds, results = run_parallel(concurrency, tasks, job)(self.port)
        cpu = cpu_seconds(self.process.pid) - cpu_before
        status = proc_status(self.process.pid) or peak_before or {"VmHWM": 0}
        return {"images": count, "seconds": seconds, "images_per_s": count / seconds,
                "cpu_ms_per_image": 1000 * cpu / count,
                **summarize_latencies(results), "peak_rss_mb": status["VmHWM"] / 2**20}

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


# -- sections --------------------------------------------------------------------


def section_throughput(args, results, binary, pipelines):
    log(f"== throughput ({', '.join(pipelines)}) on sets {', '.join(args.sets)}")
    photos_by_set = {s: make_photos(args.work, s) for s in args.sets}
    ipx = None
    if not args.no_ipx:
        ipx = Ipx(args.work, os.path.join(args.work, "photos"))
        if not ipx.available:
            log(f"  note: {ipx.note}")
            results["notes"].append(ipx.note)
            ipx = None
        else:
            results["ipx_version"] = ipx.version
    node = Node(binary, args.work, "throughput",
                [f"--worker.isolation={args.isolation}"] +
                ([f"--worker.count={args.workers}"] if args.workers else []))
    try:
        node.wait_for_workers(args.workers or os.cpu_count())
        for pipeline in pipelines:
            for set_name in args.sets:
                photos = photos_by_set[set_name]
                count = args.count if pipeline == "normalize" else args.count * args.thumb_factor
                row = {"load_before": os.getloadavg()[0]}
                log(f"  {pipeline} {SET_LABELS[set_name]}: caf-node, {count} images, "
                    f"concurrency {args.concurrency} ({load_note()})")
                row["ours"] = measure_service(node, pipeline, photos, count, args.concurrency,
                                              warmup=max(len(photos), args.concurrency))
                log(f"  {pipeline} {SET_LABELS[set_name]}: gm batch")
                row["gm"] = gm_batch(args.work, pipeline, photos, count, args.gm_processes,
                                     False, f"{pipeline}-{set_name}")
                row["gm_hint"] = gm_batch(args.work, pipeline, photos, count,
                                          args.gm_processes, True,
                                          f"{pipeline}-{set_name}-hint")
                if ipx:
                    log(f"  {pipeline} {SET_LABELS[set_name]}: ipx")
                    row["ipx"] = ipx.measure(pipeline, photos, count, args.ipx_connections)
                row["load_after"] = os.getloadavg()[0]
                results[pipeline][set_name] = row
                print_row(pipeline, set_name, row)
    finally:
        node.stop()
        if ipx:
            ipx.stop()
    results["throughput_node_log"] = node.log_path


def fsync_latency(folder, count=200):
    """p50 and p99 of fsync after a 4 KiB write in `folder`, in ms: the floor
    of every acknowledged write (uploads, commands, results)."""
    path = os.path.join(folder, "fsync-probe")
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for _ in range(count):
            os.write(fd, b"x" * 4096)
            start = time.perf_counter()
            os.fsync(fd)
            times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        os.remove(path)
    return 1000 * percentile(times, 0.5), 1000 * percentile(times, 0.99)


def section_tiny(args, results, binary):
    log(f"== tiny jobs: {args.tiny_count} sequential commands on 16x16 images")
    smalls = make_small_jpegs(args.work, 4, 16)
    node = Node(binary, args.work, "tiny", [f"--worker.isolation={args.isolation}"] +
                ([f"--worker.count={args.workers}"] if args.workers else []))
    try:
        node.wait_for_workers(args.workers or os.cpu_count())
        client = Client(node.port)
        images = []
        upload_times = []
        for i in range(20):
            data = open(smalls[i % len(smalls)], "rb").read()
            start = time.perf_counter()
            status, body, _ = client.request("POST", "/v1/images", data,
                                             {"Content-Type": "image/jpeg"})
            upload_times.append(time.perf_counter() - start)
            if status != 201:
                raise RuntimeError(f"tiny upload: {status} {body[:200]!r}")
            images.append(json.loads(body)["id"])
        def timed_command(image, query, ops):
            start = time.perf_counter()
            status, body, _ = client.request("POST", f"/v1/images/{image}/commands?wait=10&{query}",
                                             ops, {"Content-Type": "text/plain"})
            elapsed = time.perf_counter() - start
            version = json.loads(body)
            if status != 200 or version.get("status") != "done":
                raise RuntimeError(f"tiny command: {status} {body[:200]!r}")
            return elapsed, version

        latencies, took = [], []
        total = args.tiny_count + 50
        for i in range(total):  # the first 50 warm up
            elapsed, version = timed_command(images[i % len(images)], "reuse=false", b"negate\n")
            if i >= 50:
                latencies.append(elapsed)
                took.append(version.get("took_ms", 0))
        # Equal commands on equal bytes: the first per distinct image runs, the
        # others take its result over.
        reused = []
        for i in range(200):
            elapsed, version = timed_command(images[i % len(images)], "base=original", b"flip\n")
            if "reused_from" in version:
                reused.append(elapsed)
        gets = []
        for i in range(200):
            start = time.perf_counter()
            status, _, _ = client.request("GET", f"/v1/images/{images[i % len(images)]}")
            gets.append(time.perf_counter() - start)
        results["tiny"] = {
            "commands": len(latencies),
            "p50_ms": 1000 * percentile(latencies, 0.5),
            "p99_ms": 1000 * percentile(latencies, 0.99),
            "max_ms": 1000 * max(latencies),
            "worker_took_ms_p50": percentile(took, 0.5),
            "upload_p50_ms": 1000 * percentile(upload_times, 0.5),
            "get_p50_ms": 1000 * percentile(gets, 0.5),
            "get_p99_ms": 1000 * percentile(gets, 0.99),
            "reused": len(reused),
            "reuse_p50_ms": 1000 * percentile(reused, 0.5),
            "reuse_p99_ms": 1000 * percentile(reused, 0.99),
            "load": os.getloadavg()[0],
        }
        results["tiny"]["fsync_p50_ms"], results["tiny"]["fsync_p99_ms"] = \
            fsync_latency(node.folder)
    finally:
        node.stop()
    t = results["tiny"]
    print(f"tiny job (negate on 16x16, {t['commands']} sequential commands ?wait): "
          f"p50 {t['p50_ms']:.2f} ms, p99 {t['p99_ms']:.2f} ms, max {t['max_ms']:.1f} ms; "
          f"GET image p50 {t['get_p50_ms']:.2f} ms; worker time p50 {t['worker_took_ms_p50']} ms; "
          f"fsync on this disk p50 {t['fsync_p50_ms']:.2f} ms, p99 {t['fsync_p99_ms']:.2f} ms; "
          f"reused command p50 {t['reuse_p50_ms']:.2f} ms", flush=True)


def bench_binary(given, name, section, args, results):
    """The bench program `name`: `given`, else beside caf-node's build; None,
    with a note that `section` was skipped, when it is not built."""
    binary = given or os.path.join(os.path.dirname(args.caf_node), "..", "tests", "bench", name)
    if os.path.exists(binary):
        return binary
    note = f"{section} skipped: {binary} not built (cmake --build BUILD --target {name})"
    log(f"  note: {note}")
    results["notes"].append(note)
    return None


def section_dispatch(args, results):
    binary = bench_binary(args.dispatch_bench, "dispatch_bench", "dispatch", args, results)
    if not binary:
        return
    log("== dispatcher routing rate (in-process echo workers)")
    rows = []
    for extra in ([], ["--log"]):
        command = [binary, f"--jobs={args.dispatch_jobs}", f"--workers={args.dispatch_workers}",
                   f"--nodes={max(1, args.dispatch_workers // 8)}"] + extra
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        fields = dict(re.findall(r"(\w+)=(\S+)", output))
        rows.append({"log": fields["log"], "jobs_per_s": float(fields["jobs_per_s"]),
                     "workers": int(fields["workers"]), "jobs": int(fields["jobs"])})
        print(f"dispatcher: {fields['jobs_per_s']} jobs/s ({fields['workers']} workers, "
              f"{fields['jobs']} jobs, logging {fields['log']})", flush=True)
    results["dispatch"] = rows


# Output formats compared on the thumbnail pipeline: its operations with
# each format in place of JPEG, run by the worker's pipeline alone.
OUTPUT_FORMATS = ["jpeg", "webp", "avif", "jxl"]


def section_formats(args, results):
    binary = bench_binary(args.pipeline_bench, "pipeline_bench", "formats", args, results)
    if not binary:
        return
    log(f"== output formats of the thumbnail pipeline on sets {', '.join(args.sets)}")
    rounds = 1 if args.smoke else 3
    for set_name in args.sets:
        photos = make_photos(args.work, set_name)
        rows = {}
        for output in OUTPUT_FORMATS:
            ops = PIPELINES["thumbnail"]["ops"].replace("format jpeg", f"format {output}")
            ops_file = os.path.join(args.work, f"thumbnail-{output}.ops")
            with open(ops_file, "w") as out:
                out.write(ops)
            text = subprocess.run([binary, ops_file, str(rounds)] + photos, capture_output=True,
                                  text=True, check=True).stdout
            fields = dict(re.findall(r"(\w+)=([0-9.]+)", text))
            rows[output] = {"encode_ms": float(fields["encode"]), "job_ms": float(fields["wall_ms"]),
                            "bytes": float(fields["output_bytes"])}
        results["formats"][set_name] = rows


def section_memory(args, results, binary):
    log(f"== memory: {args.memory_images} small images stored, "
        f"images.idle-timeout={args.idle_timeout}s")
    smalls = make_small_jpegs(args.work, 16, 64)
    datas = [open(p, "rb").read() for p in smalls]
    node = Node(binary, args.work, "memory",
                [f"--worker.isolation={args.isolation}", "--worker.count=1",
                 f"--images.idle-timeout={args.idle_timeout}s"])
    try:
        node.wait_for_workers(1)
        time.sleep(1)
        start_mem, _ = node.memory()

        def upload(client, index):
            status, body, _ = client.request("POST", "/v1/images", datas[index % len(datas)],
                                             {"Content-Type": "image/jpeg"})
            if status != 201:
                raise RuntimeError(f"upload: {status} {body[:200]!r}")
            return 1

        seconds, _ = run_parallel(8, list(range(args.memory_images)), upload)(node.port)
        client = Client(node.port)
        after_mem, _ = node.memory()
        actors_live = image_actor_gauge(client)
        time.sleep(args.idle_timeout * 2 + 3)
        idle_mem, workers = node.memory()
        actors_idle = image_actor_gauge(client)
        status, body, _ = client.request("GET", "/v1/images?limit=100")
        results["memory"] = {
            "images": args.memory_images, "upload_seconds": seconds,
            "uploads_per_s": args.memory_images / seconds,
            "rss_start_mb": start_mem["VmRSS"] / 2**20,
            "rss_after_uploads_mb": after_mem["VmRSS"] / 2**20,
            "rss_after_idle_mb": idle_mem["VmRSS"] / 2**20,
            "peak_rss_mb": idle_mem["VmHWM"] / 2**20,
            "image_actors_after_uploads": actors_live,
            "image_actors_after_idle": actors_idle,
            "worker_rss_mb": max((w["VmRSS"] for w in workers), default=0) / 2**20,
        }
    finally:
        node.stop()
    m = results["memory"]
    print(f"memory with {m['images']} images stored: head RSS {m['rss_start_mb']:.0f} MB at "
          f"start, {m['rss_after_uploads_mb']:.0f} MB after the uploads "
          f"({m['image_actors_after_uploads']} image actors), {m['rss_after_idle_mb']:.0f} MB "
          f"after passivation ({m['image_actors_after_idle']} actors); peak "
          f"{m['peak_rss_mb']:.0f} MB; {m['uploads_per_s']:.0f} uploads/s", flush=True)


def section_uploads(args, results, binary):
    """Head memory while large uploads arrive at once. The baseline is what
    holding each body in memory would cost: concurrency x upload size."""
    width, height = (1600, 1200) if args.smoke else (8000, 6000)
    folder = os.path.join(args.work, "large")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"large-{width}x{height}.jpg")
    log(f"== uploads: {args.upload_clients} clients at once, {args.upload_rounds} uploads each "
        f"of a {width}x{height} JPEG")
    make_photo(path, width, height, 0, 7)
    data = open(path, "rb").read()
    node = Node(binary, args.work, "uploads",
                [f"--worker.isolation={args.isolation}", "--worker.count=1"])
    try:
        node.wait_for_workers(1)
        start_mem, _ = node.memory()
        node.reset_peaks()
        head_cpu_before = node.head_cpu()

        def upload(client, _):
            status, body, _ = client.request("POST", "/v1/images", data,
                                             {"Content-Type": "image/jpeg"})
            if status != 201:
                raise RuntimeError(f"upload: {status} {body[:200]!r}")
            return 1

        count = args.upload_clients * args.upload_rounds
        seconds, _ = run_parallel(args.upload_clients, list(range(count)), upload)(node.port)
        head_cpu = node.head_cpu() - head_cpu_before
        peak_mem, _ = node.memory()
    finally:
        node.stop()
    megabytes = len(data) / 2**20
    growth = (peak_mem["VmHWM"] - start_mem["VmRSS"]) / 2**20
    held = args.upload_clients * megabytes
    results["uploads"] = {
        "clients": args.upload_clients, "uploads": count, "upload_mb": megabytes,
        "rss_start_mb": start_mem["VmRSS"] / 2**20, "peak_rss_mb": peak_mem["VmHWM"] / 2**20,
        "peak_growth_mb": growth, "bodies_held_mb": held, "growth_per_body_held": growth / held,
        "mb_per_s": count * megabytes / seconds, "head_cpu_ms_per_mb": 1000 * head_cpu /
        (count * megabytes),
    }
    u = results["uploads"]
    print(f"uploads: {u['uploads']} of {u['upload_mb']:.1f} MB, {u['clients']} at once: head "
          f"RSS {u['rss_start_mb']:.0f} MB at start, peak {u['peak_rss_mb']:.0f} MB", flush=True)


def image_actor_gauge(client):
    status, body, _ = client.request("GET", "/metrics")
    match = re.search(r"^caf_node_image_actors(?:\{[^}]*\})?\s+([0-9.eE+]+)", body.decode(),
                      re.MULTILINE)
    return int(float(match.group(1))) if match else None


# -- the HTTP front door: wrk against caf-node and nginx ------------------------


# wrk's done() hook prints every figure of a run on one line of key=value
# (latencies in microseconds), so nothing depends on the layout of wrk's
# human-readable table. "status" counts answers of 400 and above.
WRK_REPORT_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "wrk-report requests=%.0f duration_us=%.0f bytes=%.0f p50_us=%.0f p90_us=%.0f " ..
    "p99_us=%.0f max_us=%.0f connect=%.0f read=%.0f write=%.0f status=%.0f timeout=%.0f\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, e.connect, e.read, e.write,
    e.status, e.timeout))
end
"""

HTTP_TARGET_RATIO = 0.5  # caf-node / nginx on the content GET, the team's aim


def run_wrk(args, url, seconds, output_path):
    """One wrk run; returns its figures and the CPU seconds wrk itself used
    (it shares the cores with the server, so a busy client shows here)."""
    script = os.path.join(os.path.dirname(output_path), "report.lua")
    with open(script, "w") as handle:
        handle.write(WRK_REPORT_LUA)
    # --timeout 10s: wrk leaves requests slower than its timeout (2 s by
    # default) out of the latencies, which would hide the tail p99 is for.
    command = [args.wrk, f"-t{args.wrk_threads}", f"-c{args.wrk_connections}", f"-d{seconds}s",
               "--timeout", "10s", "-s", script, url]
    with open(output_path, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped above
    output = open(output_path).read()
    match = re.search(r"^wrk-report (.*)$", output, re.MULTILINE)
    if process.returncode != 0 or not match:
        raise RuntimeError(f"wrk {url} failed ({process.returncode}); see {output_path}:\n"
                           + output[-1500:])
    fields = {key: float(value) for key, value in re.findall(r"(\w+)=(\S+)", match.group(1))}
    requests = fields["requests"]
    return {"requests": int(requests), "requests_per_s": requests / (fields["duration_us"] / 1e6),
            "p50_ms": fields["p50_us"] / 1000, "p90_ms": fields["p90_us"] / 1000,
            "p99_ms": fields["p99_us"] / 1000, "max_ms": fields["max_us"] / 1000,
            "bytes_per_response": fields["bytes"] / requests if requests else 0.0,
            "errors_status": int(fields["status"]),
            "errors_socket": {k: int(fields[k]) for k in ("connect", "read", "write", "timeout")},
            "wrk_cpu_s": usage.ru_utime + usage.ru_stime}


def wrk_pair(args, folder, name, targets):
    """wrk against each target, one untimed warm-up each, then round after
    round in turn (A, B, A, B, ...): on a noisy machine a burst of the
    neighbours then slows both rather than whichever ran during it. Each
    target is (label, url, cpu) where cpu() is the CPU seconds its server
    processes used so far. Returns {label: figures}, medians over the rounds."""
    runs = {label: [] for label, _, _ in targets}
    cpu = {label: 0.0 for label, _, _ in targets}
    for label, url, _ in targets:
        run_wrk(args, url, args.wrk_warmup, os.path.join(folder, f"wrk-{name}-{label}-warmup.txt"))
    for round_index in range(args.http_rounds):
        for label, url, server_cpu in targets:
            before = server_cpu()
            run = run_wrk(args, url, args.wrk_duration,
                          os.path.join(folder, f"wrk-{name}-{label}-{round_index + 1}.txt"))
            cpu_used = server_cpu() - before
            cpu[label] += cpu_used
            runs[label].append(run)
            errors = " ".join(f"{k} {v}" for k, v in run["errors_socket"].items() if v)
            log(f"  {name} {label} round {round_index + 1}: {run['requests_per_s']:.0f} req/s, "
                f"p50 {run['p50_ms']:.2f} ms, p99 {run['p99_ms']:.2f} ms, "
                f"{run['bytes_per_response']:.0f} bytes/answer, {run['errors_status']} "
                f"answers >= 400, socket errors: {errors or 'none'}; server CPU "
                f"{cpu_used:.2f} s, wrk CPU {run['wrk_cpu_s']:.2f} s ({load_note()})")
    figures = {}
    for label, target_runs in runs.items():
        requests = sum(r["requests"] for r in target_runs)
        rates = [r["requests_per_s"] for r in target_runs]
        figures[label] = {
            "requests_per_s": statistics.median(rates), "requests_per_s_min": min(rates),
            "requests_per_s_max": max(rates),
            "p50_ms": statistics.median(r["p50_ms"] for r in target_runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in target_runs),
            "max_ms": max(r["max_ms"] for r in target_runs),
            "requests": requests,
            "bytes_per_response": statistics.mean(r["bytes_per_response"] for r in target_runs),
            "errors_status": sum(r["errors_status"] for r in target_runs),
            "errors_socket": {k: sum(r["errors_socket"][k] for r in target_runs)
                              for k in ("connect", "read", "write", "timeout")},
            "server_cpu_s": cpu[label],
            "server_cpu_ms_per_1000": 1e6 * cpu[label] / requests if requests else float("nan"),
            "wrk_cpu_s": sum(r["wrk_cpu_s"] for r in target_runs),
            "rounds": target_runs,
        }
    return figures


class Nginx:
    """nginx serving one folder of static files: a non-daemon master with
    `workers` worker processes on a free port of 127.0.0.1, its config, pid,
    error log and temp folders in `folder`, so the system's nginx
    configuration is neither read nor touched."""

    def __init__(self, binary, folder, root, workers):
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(os.path.join(folder, "temp"))
        info = subprocess.run([binary, "-V"], capture_output=True, text=True).stderr
        match = re.search(r"nginx/([0-9.]+)", info)
        self.version = f"nginx {match.group(1)}" if match else "nginx"
        # Every temp path is set, else nginx creates the compiled-in ones
        # (/var/lib/nginx/...) at start; modules built without have no
        # directive for it.
        temp = "\n".join(f'    {module}_temp_path "{os.path.join(folder, "temp", module)}";'
                         for module in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
                         if f"--without-http_{module}_module" not in info)
        # As root, nginx would switch its workers to "nobody", who may not
        # read the work folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.port = free_port()
        self.error_log = os.path.join(folder, "error.log")
        config = os.path.join(folder, "nginx.conf")
        with open(config, "w") as handle:
            handle.write(
                f"daemon off;\nmaster_process on;\nworker_processes {workers};\n{user}"
                f'pid "{os.path.join(folder, "nginx.pid")}";\n'
                f'error_log "{self.error_log}" warn;\n'
                "events {\n    worker_connections 1024;\n}\n"
                "http {\n    access_log off;\n    sendfile on;\n    tcp_nopush on;\n"
                # As long-lived as caf-node's connections: nginx closes one
                # after 1000 requests by default.
                "    keepalive_timeout 120s;\n    keepalive_requests 1000000;\n"
                "    types {\n        image/jpeg jpg;\n        application/json json;\n    }\n"
                "    default_type application/octet-stream;\n"
                f"{temp}\n"
                f"    server {{\n        listen 127.0.0.1:{self.port};\n"
                f'        root "{root}";\n    }}\n}}\n')
        command = [binary, "-p", folder + "/", "-c", config]
        if match and tuple(map(int, match.group(1).split("."))) >= (1, 19, 5):
            command += ["-e", self.error_log]  # else the start-up log goes to /var/log/nginx
        self.log_file = open(os.path.join(folder, "nginx.out"), "w")
        self.process = subprocess.Popen(command, cwd=folder, stdout=self.log_file,
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.time() > deadline:
                    self.stop()
                    errors = open(self.error_log).read() if os.path.exists(self.error_log) else ""
                    raise RuntimeError(f"nginx did not start; see {folder}:\n"
                                       + (errors + open(self.log_file.name).read())[-2000:])
                time.sleep(0.05)

    def cpu(self):
        return cpu_seconds(self.process.pid) + sum(map(cpu_seconds, children(self.process.pid)))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def content_version(node, photo, target_bytes):
    """Uploads `photo` and makes a JPEG version of about `target_bytes`: the
    size of a JPEG after a resize is hard to foresee (the grain blurs away),
    so a scratch image tries widths from the original until one lands within
    10%, and a fresh image gets that one command, so its record holds one
    version. Returns (image id, version record)."""
    client = Client(node.port)
    data = open(photo, "rb").read()

    def upload():
        status, body, _ = client.request("POST", "/v1/images", data,
                                         {"Content-Type": "image/jpeg"})
        if status != 201:
            raise RuntimeError(f"http upload: {status} {body[:200]!r}")
        return json.loads(body)["id"]

    def command(image, side):
        ops = f"resize {side} {side}\nstrip\nformat jpeg\nquality 90\n".encode()
        status, body, _ = client.request(
            "POST", f"/v1/images/{image}/commands?wait=60&base=original", ops,
            {"Content-Type": "text/plain"})
        version = json.loads(body)
        if status != 200 or version.get("status") != "done":
            raise RuntimeError(f"http command: {status} {body[:300]!r}")
        return version

    scratch = upload()
    side = 1000
    for _ in range(8):
        version = command(scratch, side)
        if abs(version["bytes"] - target_bytes) <= 0.1 * target_bytes:
            break
        side = max(64, min(4000, round(side * (target_bytes / version["bytes"]) ** 0.4)))
    image = upload()
    return image, command(image, side)


def get_checked(port, path, sha256=None):
    """GET with Python's client, before wrk (which reads no body): 200 and,
    when given, the expected SHA-256, so both servers serve the same bytes."""
    status, body, response = Client(port).request("GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path} on port {port}: {status} {body[:200]!r}")
    if sha256 and hashlib.sha256(body).hexdigest() != sha256:
        raise RuntimeError(f"GET {path} on port {port}: not the stored bytes")
    return body, response


def http_threads():
    """The node's HTTP threads: 2 by default, or a --node-arg=--http.threads."""
    threads = 2
    for arg in NODE_ARGS:
        if arg.startswith("--http.threads="):
            threads = int(arg.split("=", 1)[1])
    return threads


def section_http(args, results, binary):
    """The HTTP front door alone: the head answering GETs of a stored record
    and of a stored version's bytes, no image work, against nginx serving
    the same bytes from disk with sendfile on as many processes as the node
    has HTTP threads, the practical ceiling on these cores."""
    log(f"== http: wrk -t{args.wrk_threads} -c{args.wrk_connections} -d{args.wrk_duration}s, "
        f"{args.http_rounds} round(s), caf-node against nginx serving the same bytes from disk")
    photo = os.path.join(args.work, "photos", "http-1600x1200.jpg")
    os.makedirs(os.path.dirname(photo), exist_ok=True)
    make_photo(photo, 1600, 1200, 0, 5)
    node = Node(binary, args.work, "http", [f"--worker.isolation={args.isolation}"] +
                ([f"--worker.count={args.workers}"] if args.workers else []))
    nginx = None
    try:
        node.wait_for_workers(args.workers or os.cpu_count())
        image, version = content_version(node, photo, args.content_kb * 1000)
        record_path = f"/v1/images/{image}"
        content_path = f"/v1/images/{image}/versions/{version['version']}/content"
        record, _ = get_checked(node.port, record_path)
        content, response = get_checked(node.port, content_path, version["sha256"])
        root = os.path.join(args.work, "nginx-root")
        os.makedirs(root, exist_ok=True)
        for name, body in (("content.jpg", content), ("record.json", record)):
            with open(os.path.join(root, name), "wb") as out:
                out.write(body)
        nginx = Nginx(args.nginx, os.path.join(args.work, "nginx"), root, args.nginx_workers)
        get_checked(nginx.port, "/content.jpg", version["sha256"])
        content_figures = wrk_pair(args, node.folder, "content", [
            ("caf-node", f"http://127.0.0.1:{node.port}{content_path}", node.head_cpu),
            ("nginx", f"http://127.0.0.1:{nginx.port}/content.jpg", nginx.cpu)])
        record_figures = wrk_pair(args, node.folder, "record", [
            ("caf-node", f"http://127.0.0.1:{node.port}{record_path}", node.head_cpu),
            ("nginx", f"http://127.0.0.1:{nginx.port}/record.json", nginx.cpu)])
        head, _ = node.memory()
    finally:
        node.stop()
        if nginx:
            nginx.stop()
    results["http"] = front = {
        "wrk": f"-t{args.wrk_threads} -c{args.wrk_connections} -d{args.wrk_duration}s "
               f"--timeout 10s, {args.wrk_warmup} s warm-up, {args.http_rounds} round(s)",
        "nginx_version": nginx.version, "nginx_workers": args.nginx_workers,
        "node_http_threads": http_threads(),
        "content_bytes": len(content), "content_size": f"{version['width']}x{version['height']}",
        "content_type": response.getheader("Content-Type"), "record_bytes": len(record),
        "content": content_figures, "record": record_figures,
        "head_rss_mb": head["VmRSS"] / 2**20 if head else None, "load": os.getloadavg()[0],
    }
    for kind in ("content", "record"):
        figures = front[kind]
        front[f"{kind}_ratio"] = (figures["caf-node"]["requests_per_s"] /
                                 figures["nginx"]["requests_per_s"])
        for label, row in figures.items():
            errors = {k: v for k, v in row["errors_socket"].items() if v}
            if row["errors_status"] or errors:
                note = (f"http {kind} GET, {label}: {row['errors_status']} answers >= 400, "
                        f"socket errors {errors or 'none'} (see {node.folder}/wrk-{kind}-*.txt)")
                log(f"  note: {note}")
                results["notes"].append(note)
    for line in http_lines(front):
        print(line, flush=True)


def http_lines(front):
    """The section's figures, for its own output and the summary."""
    lines = []
    for kind, what in (("content", f"{front['content_bytes'] / 1000:.1f} kB JPEG "
                                   f"{front['content_size']}"),
                       ("record", f"{front['record_bytes']} B JSON")):
        ours, theirs = front[kind]["caf-node"], front[kind]["nginx"]
        line = (f"http {kind} GET ({what}): caf-node {ours['requests_per_s']:.0f} req/s, "
                f"p99 {ours['p99_ms']:.2f} ms; nginx {theirs['requests_per_s']:.0f} req/s, "
                f"p99 {theirs['p99_ms']:.2f} ms; caf-node/nginx {front[f'{kind}_ratio']:.2f}")
        if kind == "content":
            line += (f" (target >= {HTTP_TARGET_RATIO}: "
                     f"{'yes' if front['content_ratio'] >= HTTP_TARGET_RATIO else 'no'})")
        lines.append(line)
        lines.append(f"{'':5} {kind} CPU ms per 1000 requests: caf-node head "
                     f"{ours['server_cpu_ms_per_1000']:.0f} ({ours['server_cpu_s']:.1f} s in "
                     f"its runs), nginx {theirs['server_cpu_ms_per_1000']:.0f} "
                     f"({theirs['server_cpu_s']:.1f} s); req/s range caf-node "
                     f"{ours['requests_per_s_min']:.0f}-{ours['requests_per_s_max']:.0f}, nginx "
                     f"{theirs['requests_per_s_min']:.0f}-{theirs['requests_per_s_max']:.0f}; "
                     f"answers >= 400: {ours['errors_status']} / {theirs['errors_status']}")
    return lines


# -- output ----------------------------------------------------------------------


def fmt_rate(row, key):
    return f"{row[key]['images_per_s']:.1f}" if key in row else "-"


def print_row(pipeline, set_name, row):
    ours = row["ours"]
    parts = [f"{pipeline} {SET_LABELS[set_name]}: caf-node {ours['images_per_s']:.1f} img/s "
             f"(p50 {ours['p50_ms']:.0f} ms, p99 {ours['p99_ms']:.0f} ms, head peak "
             f"{ours['head_peak_rss_mb']:.0f} MB, worker peak {ours['worker_peak_rss_mb']:.0f} MB)",
             f"gm batch {fmt_rate(row, 'gm')}", f"gm batch + size hint {fmt_rate(row, 'gm_hint')}"]
    if "ipx" in row:
        parts.append(f"ipx {fmt_rate(row, 'ipx')}")
    print("; ".join(parts), flush=True)


def ratio(row, key):
    if key not in row or not row[key]["images_per_s"]:
        return "-"
    return f"{row['ours']['images_per_s'] / row[key]['images_per_s']:.2f}"


def print_summary(results, args):
    lines = []

    def print(text=""):  # noqa: A001 - collects what it prints, for --smoke
        lines.append(text)
        builtins.print(text, flush=True)

    print()
    print(f"# caf-node benchmark: {results['machine']}")
    print(f"# {results['started']}; concurrency {args.concurrency}, isolation {args.isolation}; "
          f"gm batch: {args.gm_processes} processes x 1 thread"
          + (f"; {results['ipx_version']} over HTTP, {args.ipx_connections} connections"
             if "ipx_version" in results else ""))
    for pipeline in ("normalize", "thumbnail"):
        rows = results[pipeline]
        if not rows:
            continue
        print()
        print(f"{pipeline:9} {'set':10} {'caf-node':>9} {'p50 ms':>7} {'p99 ms':>7} "
              f"{'gm':>7} {'gm+hint':>8} {'ipx':>7} {'our/gm':>7} {'our/gm+h':>8} "
              f"{'our/ipx':>7} {'head MB':>8} {'wrk MB':>7} {'load':>5}")
        for set_name, row in rows.items():
            ours = row["ours"]
            print(f"{pipeline:9} {SET_LABELS[set_name]:10} {ours['images_per_s']:9.1f} "
                  f"{ours['p50_ms']:7.0f} {ours['p99_ms']:7.0f} {fmt_rate(row, 'gm'):>7} "
                  f"{fmt_rate(row, 'gm_hint'):>8} {fmt_rate(row, 'ipx'):>7} "
                  f"{ratio(row, 'gm'):>7} {ratio(row, 'gm_hint'):>8} {ratio(row, 'ipx'):>7} "
                  f"{ours['head_peak_rss_mb']:8.0f} {ours['worker_peak_rss_mb']:7.0f} "
                  f"{row['load_before']:5.2f}")
        print(f"{'':9} CPU ms per image (robust to a busy machine; caf-node: head + workers, "
              f"without the client):")
        for set_name, row in rows.items():
            cpu = {k: row[k]["cpu_ms_per_image"] for k in ("ours", "gm", "gm_hint", "ipx")
                   if k in row}
            text = ", ".join(f"{ {'ours': 'caf-node', 'gm_hint': 'gm+hint'}.get(k, k)} {v:.0f}"
                             for k, v in cpu.items())
            ratios = ", ".join(f"gm/our {cpu[k] / cpu['ours']:.2f}" if k == "gm" else
                               f"{ {'gm_hint': 'gm+hint', 'ipx': 'ipx'}[k]}/our "
                               f"{cpu[k] / cpu['ours']:.2f}" for k in cpu if k != "ours")
            print(f"{'':9} {SET_LABELS[set_name]:10} {text} ({ratios}: above 1, we use less)")
        print(f"{'':9} where the time goes, ms per image (CPU of the head, the workers and "
              f"this client; mean worker step times):")
        for set_name, row in rows.items():
            ours = row["ours"]
            steps = " ".join(f"{k}={v:.1f}" for k, v in ours["steps_ms"].items())
            print(f"{'':9} {SET_LABELS[set_name]:10} head {ours['head_cpu_ms_per_image']:.1f} "
                  f"({ours['head_cpu_ms_per_mb']:.1f} per uploaded MB, target <= 3), "
                  f"workers {ours['worker_cpu_ms_per_image']:.1f}, client "
                  f"{ours['client_cpu_ms_per_image']:.1f}; job p50 {ours['job_took_ms_p50']:.0f}"
                  f"; upload p50 {ours['upload_p50_ms']:.0f}, command p50 "
                  f"{ours['command_p50_ms']:.0f}, fetch p50 {ours['fetch_p50_ms']:.1f}; "
                  f"steps {steps}")
    if "tiny" in results:
        t = results["tiny"]
        print()
        print(f"tiny job p50 {t['p50_ms']:.2f} ms (target <= 3), p99 {t['p99_ms']:.2f} ms "
              f"(target <= 20); one fsync here: p50 {t['fsync_p50_ms']:.2f} ms")
        print(f"reused command p50 {t['reuse_p50_ms']:.2f} ms (target <= 5), p99 "
              f"{t['reuse_p99_ms']:.2f} ms, over {t['reused']} commands")
    if "http" in results:
        print()
        print(f"# http: wrk {results['http']['wrk']}; {results['http']['nginx_version']}, "
              f"{results['http']['nginx_workers']} workers, sendfile; caf-node "
              f"{results['http']['node_http_threads']} HTTP threads; medians")
        for line in http_lines(results["http"]):
            print(line)
    for row in results.get("dispatch", []):
        print(f"dispatcher {row['jobs_per_s']:.0f} jobs/s with logging {row['log']} "
              f"(target >= 20000)")
    if "memory" in results:
        m = results["memory"]
        print(f"head RSS with {m['images']} images: {m['rss_after_uploads_mb']:.0f} MB after "
              f"uploading, {m['rss_after_idle_mb']:.0f} MB after passivation, peak "
              f"{m['peak_rss_mb']:.0f} MB (target <= 200)")
    if "uploads" in results:
        u = results["uploads"]
        print(f"head RSS during {u['uploads']} uploads of {u['upload_mb']:.1f} MB, {u['clients']} "
              f"at once: peak {u['peak_rss_mb']:.0f} MB, {u['peak_growth_mb']:.1f} MB over the "
              f"start; bodies held in memory would be {u['bodies_held_mb']:.0f} MB; ratio "
              f"{u['growth_per_body_held']:.3f} (target <= 120 MB peak); "
              f"{u['mb_per_s']:.0f} MB/s, head CPU {u['head_cpu_ms_per_mb']:.1f} ms/MB")
    if results["formats"]:
        print()
        print(f"{'thumbnail':9} {'set':14} {'format':6} {'encode ms':>9} {'job ms':>7} "
              f"{'bytes':>7} {'encode/jpeg':>11} {'bytes/jpeg':>10}")
        for set_name, rows in results["formats"].items():
            jpeg = rows["jpeg"]
            for output, row in rows.items():
                print(f"{'thumbnail':9} {SET_LABELS[set_name]:14} {output:6} "
                      f"{row['encode_ms']:9.2f} {row['job_ms']:7.1f} {row['bytes']:7.0f} "
                      f"{row['encode_ms'] / jpeg['encode_ms']:11.2f} "
                      f"{row['bytes'] / jpeg['bytes']:10.2f}")
    for note in results["notes"]:
        print(f"note: {note}")
    return lines


# What the summary must hold, by section (checked by --smoke).
SUMMARY_FORMAT = {
    "normalize": r"^normalize +\S+ +[0-9.]+ +[0-9]+ +[0-9]+ +[0-9.]+ +[0-9.]+ +(-|[0-9.]+) +[0-9.]+ ",
    "thumbnail": r"^thumbnail +\S+ +[0-9.]+ +[0-9]+ +[0-9]+ +[0-9.]+ +[0-9.]+ +(-|[0-9.]+) +[0-9.]+ ",
    "tiny": r"^tiny job p50 [0-9.]+ ms \(target <= 3\), p99 [0-9.]+ ms",
    "http": (r"^http content GET \([0-9.]+ kB JPEG [0-9]+x[0-9]+\): caf-node [0-9]+ req/s, "
             r"p99 [0-9.]+ ms; nginx [0-9]+ req/s, p99 [0-9.]+ ms; caf-node/nginx [0-9.]+ "
             r"\(target >= 0.5: (yes|no)\)",
             r"^http record GET \([0-9]+ B JSON\): caf-node [0-9]+ req/s, p99 [0-9.]+ ms; "
             r"nginx [0-9]+ req/s, p99 [0-9.]+ ms; caf-node/nginx [0-9.]+"),
    "dispatch": r"^dispatcher [0-9]+ jobs/s with logging (off|info)",
    "formats": tuple(rf"^thumbnail +.+ {name} +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9.]+ +[0-9.]+$"
                     for name in OUTPUT_FORMATS),
    "memory": r"^head RSS with [0-9]+ images: [0-9]+ MB after uploading, [0-9]+ MB after passivation",
    "uploads": (r"^head RSS during [0-9]+ uploads of [0-9.]+ MB, [0-9]+ at once: peak [0-9]+ MB, "
                r"[0-9.]+ MB over the start; bodies held in memory would be [0-9]+ MB; ratio "
                r"[0-9.]+ \(target <= 120 MB peak\)"),
}


def check_summary(lines, sections):
    """Every section's line(s) of SUMMARY_FORMAT (a pattern, or a tuple of
    patterns that must all match) appear in the summary."""

    def present(section):
        patterns = SUMMARY_FORMAT[section]
        patterns = (patterns,) if isinstance(patterns, str) else patterns
        return all(any(re.match(p, line) for line in lines) for p in patterns)

    missing = [s for s in sections if not present(s)]
    if missing:
        builtins.print(f"smoke: the summary lacks the lines of {missing}", file=sys.stderr)
        return False
    return True


def machine_description():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    gm = subprocess.run(["gm", "version"], capture_output=True, text=True).stdout.split("\n")[0]
    return f"{os.cpu_count()} x {model}, {memory:.0f} GiB; {gm.strip()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--caf-node", default=None,
                        help="caf-node binary (default: build-bench/, then build/)")
    parser.add_argument("--dispatch-bench", default=None,
                        help="dispatch_bench binary (default: beside caf-node's build)")
    parser.add_argument("--pipeline-bench", default=None,
                        help="pipeline_bench binary (default: beside caf-node's build)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "caf-node-bench"),
                        help="work directory: photos, ipx, node data (photos are reused)")
    parser.add_argument("--sections",
                        default="normalize,thumbnail,formats,tiny,http,dispatch,memory,uploads",
                        help="comma-separated: normalize, thumbnail, formats, tiny, http, "
                             "dispatch, memory, uploads")
    parser.add_argument("--sets", default="hd,12mp,photos,real-hd,real-12mp,real",
                        help="photo sets: drawn hd (1920x1080), 12mp (4000x3000), photos "
                             "(8-20 MP); real-hd, real-12mp, real (photographs of "
                             f"{REAL_PHOTOS_PACKAGE}: cut to 1920x1080, 4000x3000, as shipped)")
    parser.add_argument("--count", type=int, default=32,
                        help="images per set and tool for the normalize pipeline")
    parser.add_argument("--thumb-factor", type=int, default=2,
                        help="thumbnails run count x this many images")
    parser.add_argument("--concurrency", type=int, default=4,
                        help="HTTP requests in flight against caf-node")
    parser.add_argument("--workers", type=int, default=0,
                        help="--worker.count of the node (0: its default, one per core)")
    parser.add_argument("--isolation", default="process", choices=["process", "thread"])
    parser.add_argument("--gm-processes", type=int, default=2)
    parser.add_argument("--ipx-connections", type=int, default=4)
    parser.add_argument("--no-ipx", action="store_true", help="skip ipx")
    parser.add_argument("--tiny-count", type=int, default=500)
    parser.add_argument("--wrk-threads", type=int, default=2, help="http: wrk -t")
    parser.add_argument("--wrk-connections", type=int, default=16, help="http: wrk -c")
    parser.add_argument("--wrk-duration", type=int, default=10,
                        help="http: seconds of each wrk run")
    parser.add_argument("--wrk-warmup", type=int, default=3,
                        help="http: seconds of the untimed wrk run before each server's rounds")
    parser.add_argument("--http-rounds", type=int, default=3,
                        help="http: wrk runs per server, alternating; the median is kept")
    parser.add_argument("--content-kb", type=int, default=250,
                        help="http: size of the version served, about this many kB")
    parser.add_argument("--nginx", default=None,
                        help="http: nginx binary (default: on PATH, else /usr/sbin/nginx)")
    parser.add_argument("--nginx-workers", type=int, default=2,
                        help="http: nginx worker_processes, as caf-node's 2 HTTP threads")
    parser.add_argument("--dispatch-jobs", type=int, default=200000)
    parser.add_argument("--dispatch-workers", type=int, default=64)
    parser.add_argument("--memory-images", type=int, default=10000)
    parser.add_argument("--upload-clients", type=int, default=4,
                        help="uploads: clients uploading a large JPEG at once")
    parser.add_argument("--upload-rounds", type=int, default=3,
                        help="uploads: uploads per client")
    parser.add_argument("--idle-timeout", type=int, default=5,
                        help="images.idle-timeout in seconds for the memory section")
    parser.add_argument("--node-arg", action="append", default=[],
                        help="extra caf-node argument for every node started, repeatable "
                             "(e.g. --node-arg=--http.threads=4)")
    parser.add_argument("--node-env", action="append", default=[],
                        help="KEY=VALUE in the environment of the nodes, repeatable")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    parser.add_argument("--smoke", action="store_true",
                        help="a run of seconds on small images (CTest), checking the summary")
    args = parser.parse_args()
    if args.smoke:
        args.sets, args.count, args.thumb_factor, args.no_ipx = "small", 4, 1, True
        args.tiny_count, args.dispatch_jobs, args.dispatch_workers = 50, 20000, 16
        args.memory_images, args.idle_timeout = 200, 1
        args.upload_clients, args.upload_rounds = 2, 1
        args.wrk_duration, args.wrk_warmup, args.http_rounds = 1, 1, 1

    NODE_ARGS.extend(args.node_arg)
    for assignment in args.node_env:
        key, _, value = assignment.partition("=")
        NODE_ENV[key] = value
    sections = [s for s in args.sections.split(",") if s]
    unknown = set(sections) - {"normalize", "thumbnail", "formats", "tiny", "http", "dispatch",
                               "memory", "uploads"}
    args.sets = [s for s in args.sets.split(",") if s]
    if unknown or set(args.sets) - set(SETS):
        parser.error(f"unknown sections or sets: {sorted(unknown | (set(args.sets) - set(SETS)))}")
    if shutil.which("gm") is None:
        parser.error("GraphicsMagick's gm is needed (apt-get install graphicsmagick)")
    if "http" in sections:
        # Unlike ipx, not skipped with a note: without nginx the section has
        # no baseline and without wrk nothing to measure with, and both are
        # one apt-get away. Checked before any section runs.
        args.wrk = shutil.which("wrk")
        nginx = args.nginx or shutil.which("nginx") or "/usr/sbin/nginx"
        args.nginx = nginx if os.access(nginx, os.X_OK) else None
        missing = [package for package, found in (("wrk", args.wrk), ("nginx-light", args.nginx))
                   if not found]
        if missing:
            parser.error(f"the http section needs wrk and nginx: apt-get install "
                         f"{' '.join(missing)} (or leave it out of --sections)")
    if args.caf_node is None:
        for build in ("build-bench", "build"):
            candidate = os.path.join(REPO, build, "nodes", "caf-node")
            if os.path.exists(candidate):
                args.caf_node = candidate
                break
    if args.caf_node is None or not os.path.exists(args.caf_node):
        parser.error("no caf-node binary: build it or pass --caf-node")
    args.caf_node = os.path.abspath(args.caf_node)
    os.makedirs(args.work, exist_ok=True)

    results = {"machine": machine_description(), "notes": [], "normalize": {}, "thumbnail": {},
               "formats": {},
               "started": time.strftime("%Y-%m-%d %H:%M:%S") + ", " + load_note(),
               "caf_node": args.caf_node}
    log(f"caf-node benchmark: {results['machine']}; {load_note()}; work in {args.work}")
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(args.caf_node)))
    log(f"caf-node binary: {args.caf_node} (built {built})")
    try:
        pipelines = [p for p in ("normalize", "thumbnail") if p in sections]
        if pipelines:
            section_throughput(args, results, args.caf_node, pipelines)
        if "formats" in sections:
            section_formats(args, results)
        if "tiny" in sections:
            section_tiny(args, results, args.caf_node)
        if "http" in sections:
            section_http(args, results, args.caf_node)
        if "dispatch" in sections:
            section_dispatch(args, results)
        if "memory" in sections:
            section_memory(args, results, args.caf_node)
        if "uploads" in sections:
            section_uploads(args, results, args.caf_node)
    finally:
        if args.json:
            with open(args.json, "w") as out:
                json.dump(results, out, indent=1, default=str)
    lines = print_summary(results, args)
    if args.smoke and not check_summary(lines, sections):
        sys.exit(1)


if __name__ == "__main__":
    main()
