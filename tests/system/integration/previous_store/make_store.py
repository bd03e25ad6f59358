#!/usr/bin/env python3
"""Makes a data folder with an earlier caf-node, for the test that a newer
build keeps serving it (migration_test.cpp).

    make_store.py CAF_NODE_OF_THE_EARLIER_BUILD OUTPUT.tar.gz

Starts that caf-node (standalone, thread workers) on a fresh folder, uploads
drawn images (gm), runs commands (one fails), stops it with SIGTERM, and packs
the storage folder with manifest.json: every image's id and SHA-256, and each
version's status and SHA-256, as the earlier build answered them.
"""

import json
import os
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(base, method, path, body=None, content_type=None):
    headers = {"Content-Type": content_type} if content_type else {}
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def drawn(folder, name, spec):
    path = os.path.join(folder, name)
    subprocess.run(["gm", "convert"] + spec + [path], check=True)
    with open(path, "rb") as image:
        return image.read()


def main(executable, output):
    work = tempfile.mkdtemp(prefix="previous-store-")
    storage = os.path.join(work, "storage")
    port = free_port()
    node = subprocess.Popen(
        [executable, "--config-file=/dev/null", "--http.port=%d" % port,
         "--cluster.port=%d" % free_port(), "--storage.path=" + storage,
         "--worker.isolation=thread", "--worker.count=1", "--node.id=previous"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 30
    while True:
        try:
            if request(base, "GET", "/health")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit("the node did not start")
        time.sleep(0.1)

    images = [
        ("gradient.png", ["-size", "320x240", "gradient:red-blue"], "image/png",
         ["resize 160 120", "grayscale\nformat jpeg", "crop 5000 5000 6000 6000"]),
        ("pattern.jpg", ["-size", "400x300", "pattern:checkerboard"], "image/jpeg",
         ["rotate 90", "flip"]),
        ("plain.png", ["-size", "64x64", "xc:green"], "image/png", []),
    ]
    manifest = []
    for name, spec, media_type, commands in images:
        status, body = request(base, "POST", "/v1/images", drawn(work, name, spec), media_type)
        assert status == 201, body
        image_id = json.loads(body)["id"]
        for ops in commands:
            status, body = request(base, "POST", "/v1/images/%s/commands?wait=30" % image_id,
                                   ops.encode(), "text/plain")
            assert status == 200, body
        status, body = request(base, "GET", "/v1/images/" + image_id)
        record = json.loads(body)
        manifest.append({
            "id": image_id,
            "sha256": record["sha256"],
            "versions": [{"version": v["version"], "status": v["status"],
                          "sha256": v.get("sha256")} for v in record["versions"]],
        })
    node.terminate()
    assert node.wait(timeout=60) == 0
    with open(os.path.join(storage, "manifest.json"), "w") as out:
        json.dump({"images": manifest}, out, indent=1)
    with tarfile.open(output, "w:gz") as packed:
        packed.add(storage, arcname="storage")
    print("wrote", output, "with", len(manifest), "images")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
