#!/usr/bin/env python3
"""The web console in a real browser: a caf-node with an admin and a device
API key, fed the sample images (some labelled, some with the `thumbnail`
and `qa-measure` profiles), then console_test.mjs drives headless Chromium
through the console with puppeteer-core. Run by CTest (console_browser):

    console_browser_test.py --caf-node build/nodes/caf-node --work build/tests/browser/work \\
        --screenshots build/screenshots

Fails, naming what to install, when Chromium, Node.js or
tests/browser/node_modules (.ci/install-npm-tools) is missing.
"""

import argparse
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "system", "harness"))
import caf_node  # noqa: E402

SAMPLES = os.path.join(HERE, "..", "..", "docker", "samples")
LABEL = "station:7"
# One sample many times, then every sample once; the query gives profile and labels.
# More than a page of the gallery: copies first, so that the newest page
# (and the gallery's screenshot) shows every sample.
UPLOADS = [("calibration.bmp", "?label=batch:1")] * 20 + [
    ("part-0042.jpg", f"?profile=qa-measure&label={LABEL}&label=line:3"),
    ("camera-0117-rotated.jpg", f"?label={LABEL}"),
    ("station-b.webp", "?profile=thumbnail&label=station:9"),
    ("calibration.bmp", "?profile=thumbnail"),
    ("defect-map.gif", f"?label={LABEL}&label=line:4"),
    ("overlay-mask.png", "?label=line:3"),
    ("surface-scan.tif", "?label=line:4"),
    ("camera-12mp.jpg", "?profile=qa-measure&label=station:8"),
]


def make_key_file(folder):
    """An admin and a device key; the file holds only their SHA-256."""
    keys = {"console-admin": ("admin", secrets.token_hex(32)),
            "camera-7": ("device", secrets.token_hex(32))}
    path = os.path.join(folder, "api-keys")
    with open(path, "w") as file:
        for name, (scope, key) in keys.items():
            file.write(f"{name} {scope} {hashlib.sha256(key.encode()).hexdigest()}\n")
    return path, keys["console-admin"][1], keys["camera-7"][1]


def upload_samples(node, key):
    ids = []
    for name, query in UPLOADS:
        with open(os.path.join(SAMPLES, name), "rb") as file:
            body = file.read()
        status, answer, _ = node.request("POST", "/v1/images" + query, body,
                                         {"Authorization": f"Bearer {key}",
                                          "Content-Type": "application/octet-stream"})
        if status != 201:
            raise AssertionError(f"upload of {name} answered {status}: {answer[:300]!r}")
        ids.append(json.loads(answer)["id"])
    return ids


def profiles_done(node, key, ids):
    """True once no version of the uploads is queued or running."""
    for image_id in ids:
        status, answer, _ = node.request("GET", f"/v1/images/{image_id}", None,
                                         {"Authorization": f"Bearer {key}"})
        if status != 200:
            raise AssertionError(f"GET /v1/images/{image_id} answered {status}")
        if any(v["status"] in ("queued", "running") for v in json.loads(answer)["versions"]):
            return False
    return True


def missing_tools(chromium):
    if not shutil.which("node"):
        return "Node.js (node) is not installed"
    if not os.path.exists(chromium):
        return f"{chromium} is not installed"
    if not os.path.isdir(os.path.join(HERE, "node_modules", "puppeteer-core")):
        return "puppeteer-core is not installed: run .ci/install-npm-tools"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caf-node", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    reason = missing_tools(args.chromium)
    if reason:
        print(f"console_browser_test: cannot run, {reason}")
        return 1

    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.screenshots, exist_ok=True)
    key_file, admin_key, device_key = make_key_file(args.work)
    node = caf_node.Node(os.path.abspath(args.caf_node), args.work, f"--api.keys-file={key_file}",
                         "--worker.count=2")
    try:
        node.start()
        started = time.monotonic()
        ids = upload_samples(node, admin_key)
        caf_node.poll("the profiles' versions done", lambda: profiles_done(node, admin_key, ids),
                      timeout=60)
        print(f"console_browser_test: {len(ids)} samples uploaded and processed in "
              f"{time.monotonic() - started:.1f} s")
        env = dict(caf_node.local_env(),
                   CONSOLE_URL=f"http://{caf_node.HOST}:{node.port}",
                   CONSOLE_ADMIN_KEY=admin_key, CONSOLE_DEVICE_KEY=device_key,
                   CONSOLE_LABEL=LABEL, CONSOLE_SCREENSHOTS=os.path.abspath(args.screenshots),
                   CHROMIUM=args.chromium)
        started = time.monotonic()
        result = subprocess.run(["node", os.path.join(HERE, "console_test.mjs")], env=env,
                                cwd=HERE, timeout=180, check=False)
        print(f"console_browser_test: browser checks took {time.monotonic() - started:.1f} s, "
              f"exit status {result.returncode}; screenshots in {args.screenshots}")
        if result.returncode != 0:
            print("--- node log ---\n" + node.log_tail())
        return 0 if result.returncode == 0 else 1
    finally:
        node.remove()


if __name__ == "__main__":
    sys.exit(main())
