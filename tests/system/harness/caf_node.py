"""A real caf-node for the Python system tests: started on free ports with
its storage in a fresh folder, and the small tools every such test needs
(free ports, polling with a deadline, an environment without proxies)."""

import ctypes
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

HOST = "127.0.0.1"
SAMPLE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "docker",
                                      "samples", "part-0042.jpg"))
PROFILES = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "config",
                                        "profiles"))

_PRCTL = ctypes.CDLL(None).prctl


def die_with_parent():
    """Nodes get SIGKILL when this driver dies, so none outlives its run."""
    _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def local_env():
    """The environment without proxies: every request goes to 127.0.0.1."""
    return {key: value for key, value in os.environ.items()
            if not key.lower().endswith("_proxy")}


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


EXCHANGE_LOG = "CAF_NODE_EXCHANGE_LOG"


def record_exchange(method, path, headers, status, response_headers, body):
    """Appends the exchange to the file named by CAF_NODE_EXCHANGE_LOG, when
    set, for the check of answers against the OpenAPI document
    (tests/openapi/check_answers.py): one JSON line, in one write."""
    log = os.environ.get(EXCHANGE_LOG)
    if not log:
        return
    request_type = next((value for name, value in (headers or {}).items()
                         if name.lower() == "content-type"), "")
    answer_headers = {name.lower(): value for name, value in response_headers}
    recorded_body = {"length": len(body)}
    if answer_headers.get("content-type", "").lower().startswith("application/json"):
        try:
            recorded_body = {"json": json.loads(body)}
        except ValueError:
            pass
    line = json.dumps({"method": method, "target": path, "request_content_type": request_type,
                       "status": status, "headers": answer_headers, "body": recorded_body,
                       "client": "caf_node.py"})
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request to the node at `port` on its own connection: status,
    body and the response. Recorded when CAF_NODE_EXCHANGE_LOG is set."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        answer = response.read()
        record_exchange(method, path, headers, response.status, response.getheaders(), answer)
        return response.status, answer, response
    finally:
        connection.close()


def poll(what, check, timeout=20.0):
    """Calls check() until it returns something true, or fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.02)


class Node:
    """A standalone caf-node with its storage in a fresh folder under `work`;
    restarts keep the folder and the port."""

    def __init__(self, caf_node, work, *args, profiles=PROFILES):
        self.caf_node = caf_node
        self.profiles = profiles
        self.folder = tempfile.mkdtemp(prefix="node-", dir=work)
        self.log_path = os.path.join(self.folder, "node.log")
        self.args = list(args)
        self.port = free_port()
        self.process = None

    def start(self):
        command = [self.caf_node, f"--http.port={self.port}", "--cluster.port=0",
                   f"--storage.path={os.path.join(self.folder, 'data')}",
                   f"--profiles.path={self.profiles}", "--worker.count=1"] + self.args
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(command, cwd=self.folder, stdout=log,
                                            stderr=subprocess.STDOUT, env=local_env(),
                                            preexec_fn=die_with_parent)
        poll("the node answers /ready", lambda: self.ready(), timeout=60)
        return self

    def ready(self):
        if self.process.poll() is not None:
            raise AssertionError("caf-node exited:\n" + self.log_tail())
        try:
            return self.request("GET", "/ready")[0] == 200
        except OSError:
            return False

    def request(self, method, path, body=None, headers=None):
        return request(self.port, method, path, body, headers)

    def json(self, method, path, body=None, status=200):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        got, answer, _ = self.request(method, path,
                                      json.dumps(body) if body is not None else None, headers)
        if got != status:
            raise AssertionError(f"{method} {path}: {got} {answer[:300]!r}, expected {status}")
        return json.loads(answer) if answer else None

    def upload(self, query="", body=None, content_type="image/jpeg"):
        if body is None:
            with open(SAMPLE, "rb") as sample:
                body = sample.read()
        status, body, _ = self.request("POST", "/v1/images" + query, body,
                                       {"Content-Type": content_type})
        if status != 201:
            raise AssertionError(f"upload answered {status}: {body[:300]!r}")
        return json.loads(body)

    def kill_hard(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=40)

    def log_tail(self):
        with open(self.log_path, errors="replace") as log:
            return log.read()[-3000:]

    def remove(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
