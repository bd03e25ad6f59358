#!/usr/bin/env python3
"""Webhooks against real receivers: a real caf-node on free ports, and
receivers that are Python's own http.server, checking signatures with
Python's hmac. Run by CTest (events_test):

    events_test.py --caf-node build/nodes/caf-node --work build/tests/system/events
"""

import argparse
import hashlib
import hmac
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from caf_node import HOST, die_with_parent, free_port, local_env, poll  # noqa: E402
import caf_node  # noqa: E402

ARGS = None


def Node(*args):
    """A node of this run's caf-node binary and work folder."""
    return caf_node.Node(ARGS.caf_node, ARGS.work, *args, profiles=ARGS.profiles)


class Receiver:
    """A webhook receiver: http.server on its own port, recording every POST.
    It can answer slowly or with another status, and go down and come back
    on the same port."""

    def __init__(self, delay=0.0, status=204):
        self.port = free_port()
        self.delay, self.status = delay, status
        self.received = []  # (arrival time, headers, body), in arrival order
        self.lock = threading.Lock()
        self.server = None
        self.up()

    def up(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.received.append((time.monotonic(), dict(self.headers), body))
                self.send_response(receiver.status)
                if 300 <= receiver.status < 400:
                    self.send_header("Location", f"http://{HOST}:{receiver.port}/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((HOST, self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://{HOST}:{self.port}/hooks/caf"

    def events(self):
        """The events received, decoded, with their headers."""
        with self.lock:
            return [(headers, json.loads(body), body) for _, headers, body in self.received]

    def times(self):
        with self.lock:
            return [arrival for arrival, _, _ in self.received]


class EventStream:
    """A client of GET /v1/events reading Server-Sent Events as the WHATWG
    HTML standard parses them, on a thread of its own."""

    def __init__(self, node, query="", last_event_id=None):
        self.connection = http.client.HTTPConnection(HOST, node.port, timeout=30)
        headers = {"Accept": "text/event-stream"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.connection.request("GET", "/v1/events" + query, headers=headers)
        # The answer closes the connection: http.client hands its socket over
        # to the response.
        self.socket = self.connection.sock
        self.response = self.connection.getresponse()
        self.messages = []  # {"id", "event", "data"} in arrival order
        self.comments = 0
        self.lock = threading.Lock()
        if self.response.status == 200:
            threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        fields = {}
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if not line:
                    if "data" in fields:
                        with self.lock:
                            self.messages.append(dict(fields))
                    fields = {}
                elif line.startswith(":"):
                    with self.lock:
                        self.comments += 1
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "data" and "data" in fields:
                        value = fields["data"] + "\n" + value
                    fields[name] = value
        except (OSError, ValueError):
            pass

    def events(self):
        """The image events received (the event JSON of each)."""
        with self.lock:
            return [json.loads(m["data"]) for m in self.messages if m.get("event") != "missed"]

    def close(self):
        """Hangs up; the reader sees the end of the stream and stops."""
        self.socket.shutdown(socket.SHUT_RDWR)


def verify(secret, headers, body):
    """What a receiver does: the signature is the HMAC-SHA256 of the body."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers.get("X-Caf-Signature", ""), expected)


SECRET = "line-3-receiver-secret"


class Webhooks(unittest.TestCase):

    def setUp(self):
        self.nodes, self.receivers = [], []
        self.problems_before = self.problems()

    def tearDown(self):
        for receiver in self.receivers:
            try:
                receiver.down()
            except OSError:
                pass
        for node in self.nodes:
            if self.failed():
                print(f"--- end of {node.log_path}:\n{node.log_tail()}", file=sys.stderr)
            node.remove()

    def problems(self):
        """Failures and errors of the whole run so far."""
        result = self._outcome.result
        return len(result.failures) + len(result.errors)

    def failed(self):
        return self.problems() > self.problems_before

    def node(self, *args):
        node = Node("--webhooks.retry-delay=100ms", "--webhooks.retry-delay-max=400ms",
                    *args).start()
        self.nodes.append(node)
        return node

    def receiver(self, **options):
        receiver = Receiver(**options)
        self.receivers.append(receiver)
        return receiver

    def subscribe(self, node, receiver, **fields):
        body = {"url": receiver.url, "secret": SECRET}
        body.update(fields)
        return node.json("POST", "/v1/webhooks", body, status=201)

    def test_a_profile_upload_delivers_a_signed_version_done(self):
        node, receiver = self.node(), self.receiver()
        hook = self.subscribe(node, receiver, events=["version.done"],
                              filter={"label": ["line:3"]})
        self.assertEqual(hook["secret"], SECRET)
        self.assertEqual(hook["events"], ["version.done"])
        node.upload("?profile=thumbnail")  # not on line 3: filtered out
        image = node.upload("?profile=thumbnail&label=line:3&label=station:7")
        headers, event, body = poll("version.done arrives", lambda: receiver.events())[0]
        self.assertTrue(verify(SECRET, headers, body), headers)
        self.assertFalse(verify("another secret", headers, body))
        self.assertEqual(headers["X-Caf-Event"], "version.done")
        self.assertEqual(headers["X-Caf-Delivery"], event["id"])
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(event["type"], "version.done")
        self.assertEqual(event["image"], image["id"])
        self.assertEqual(event["labels"], {"line": "3", "station": "7"})
        self.assertEqual(event["version"], 1)
        self.assertEqual(event["data"]["status"], "done")
        self.assertEqual(event["data"]["version"], 1)
        self.assertRegex(event["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        # Nothing else comes: the other upload is not on line 3.
        shown = poll("the delivery is recorded", lambda: [
            h for h in node.json("GET", "/v1/webhooks")["webhooks"]
            if h["deliveries"]["delivered"] == 1])
        self.assertNotIn("secret", shown[0])
        self.assertEqual(len(receiver.events()), 1)
        details = node.json("GET", f"/v1/webhooks/{hook['id']}")
        self.assertEqual(details["deliveries"]["recent"][0]["outcome"], "delivered")
        self.assertEqual(details["deliveries"]["recent"][0]["status"], 204)
        self.assertNotIn("secret", details)

    def test_a_receiver_that_was_down_gets_every_event_in_order_across_a_kill_9(self):
        node, receiver = self.node(), self.receiver()
        hook = self.subscribe(node, receiver, events=["image.created", "image.deleted"])
        receiver.down()
        uploaded = [node.upload(f"?label=frame:{i}")["id"] for i in range(4)]
        poll("failed attempts are recorded", lambda: node.json(
            "GET", f"/v1/webhooks/{hook['id']}")["deliveries"]["attempts"] >= 2)
        details = node.json("GET", f"/v1/webhooks/{hook['id']}")["deliveries"]
        self.assertEqual(details["recent"][0]["outcome"], "retrying")
        self.assertIsNone(details["recent"][0]["status"])
        self.assertTrue(details["recent"][0]["error"])
        self.assertIsNotNone(details["next_retry"])
        metrics = node.request("GET", "/metrics")[1].decode()
        self.assertIn("caf_node_webhook_retries_pending 1", metrics)
        self.assertIn('caf_node_webhook_deliveries_total{outcome="failed"}', metrics)

        node.kill_hard()
        node.start()
        status, _, _ = node.request("DELETE", f"/v1/images/{uploaded[0]}")
        self.assertEqual(status, 204)
        receiver.up()

        def delivered():
            ids = [event["id"] for _, event, _ in receiver.events()]
            unique = list(dict.fromkeys(ids))  # at least once: drop repeats
            return unique if len(unique) == 5 else None

        unique = poll("every event arrives once the receiver is back", delivered)
        firsts = {}
        for _, event, _ in receiver.events():
            firsts.setdefault(event["id"], event)
        events = [firsts[event_id] for event_id in unique]
        self.assertEqual([e["type"] for e in events], ["image.created"] * 4 + ["image.deleted"])
        self.assertEqual([e["image"] for e in events], uploaded + [uploaded[0]])
        self.assertEqual(unique, sorted(unique))  # in the order they happened
        for headers, event, body in receiver.events():
            self.assertTrue(verify(SECRET, headers, body))

    def test_a_slow_receiver_does_not_delay_another(self):
        node = self.node()
        slow, fast = self.receiver(delay=3.0), self.receiver()
        self.subscribe(node, slow, events=["image.created"])
        self.subscribe(node, fast, events=["image.created"])
        started = time.monotonic()
        for i in range(3):
            node.upload()
        poll("the fast receiver has every event", lambda: len(fast.events()) == 3)
        fast_done = time.monotonic() - started
        self.assertLess(fast_done, 2.5, "the fast receiver waited for the slow one")
        self.assertLessEqual(len(slow.events()), 1)
        poll("the slow receiver catches up", lambda: len(slow.events()) == 3, timeout=30)

    def test_redirects_are_not_followed_and_count_as_failures(self):
        node, receiver = self.node(), self.receiver(status=307)
        hook = self.subscribe(node, receiver, events=["image.created"])
        node.upload()
        recent = poll("a failed attempt is recorded", lambda: node.json(
            "GET", f"/v1/webhooks/{hook['id']}")["deliveries"]["recent"])
        self.assertEqual(recent[0]["status"], 307)
        self.assertEqual(recent[0]["outcome"], "retrying")
        self.assertTrue(all(h.get("X-Caf-Event") for h, _, _ in receiver.events()))

    def test_a_deleted_webhook_delivers_nothing_more(self):
        node, receiver = self.node(), self.receiver()
        hook = self.subscribe(node, receiver, events=["image.created"])
        node.upload()
        poll("the first event arrives", lambda: len(receiver.events()) == 1)
        self.assertEqual(node.request("DELETE", f"/v1/webhooks/{hook['id']}")[0], 204)
        self.assertEqual(node.request("DELETE", f"/v1/webhooks/{hook['id']}")[0], 404)
        self.assertEqual(node.request("GET", f"/v1/webhooks/{hook['id']}")[0], 404)
        node.upload()
        marker = self.receiver()
        self.subscribe(node, marker, events=["image.created"])
        node.upload()
        poll("a later webhook gets the next event", lambda: len(marker.events()) == 1)
        self.assertEqual(len(receiver.events()), 1)

    def test_bad_webhooks_are_refused_with_400(self):
        node = self.node("--webhooks.allowed-hosts=[\"LocalHost\"]")
        cases = [
            {"events": ["image.created"]},
            {"url": "ftp://127.0.0.1/x"},
            {"url": "not a url"},
            {"url": "http://localhost:9/x", "events": ["image.renamed"]},
            {"url": "http://localhost:9/x", "events": []},
            {"url": "http://localhost:9/x", "colour": "red"},
            {"url": "http://localhost:9/x", "secret": "short"},
            {"url": "http://localhost:9/x", "filter": {"label": ["Line:3"]}},
            {"url": "http://localhost:9/x", "filter": {"station": "7"}},
            {"url": f"http://{HOST}:9/x"},  # not an allowed host
        ]
        for body in cases:
            with self.subTest(body=body):
                answer = node.json("POST", "/v1/webhooks", body, status=400)
                self.assertEqual(answer["error"]["code"], "invalid_request")
        status, _, _ = node.request("POST", "/v1/webhooks", b"{]",
                                    {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        status, _, _ = node.request("POST", "/v1/webhooks", b"url=x",
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 415)
        # Allowed, in any case; without a secret one is drawn and shown once.
        created = node.json("POST", "/v1/webhooks", {"url": "http://LOCALHOST:9/x"}, status=201)
        self.assertEqual(len(created["secret"]), 64)
        self.assertEqual(created["events"], ["image.created", "version.done", "version.failed",
                                             "image.deleted"])
        self.assertEqual(node.json("GET", "/v1/webhooks")["webhooks"][0]["id"], created["id"])


class EventStreams(unittest.TestCase):

    def setUp(self):
        self.node = Node("--events.heartbeat=300ms").start()
        self.streams = []

    def tearDown(self):
        for stream in self.streams:
            try:
                stream.close()
            except OSError:
                pass
        self.node.remove()

    def stream(self, query="", last_event_id=None):
        stream = EventStream(self.node, query, last_event_id)
        self.streams.append(stream)
        return stream

    def listening(self, count):
        """Waits until the node counts `count` streams open."""
        pattern = f"caf_node_event_stream_listeners {count}"
        poll(f"{count} streams open",
             lambda: pattern in self.node.request("GET", "/metrics")[1].decode().splitlines())

    def test_events_arrive_live_filtered_by_type_and_label(self):
        stream = self.stream("?type=image.created&type=version.done&label=line:3")
        self.assertEqual(stream.response.status, 200)
        self.assertEqual(stream.response.getheader("Content-Type"),
                         "text/event-stream; charset=utf-8")
        self.assertIsNone(stream.response.getheader("Content-Length"))
        self.assertEqual(stream.response.getheader("Cache-Control"), "no-store")
        self.listening(1)
        self.node.upload("?profile=thumbnail")  # not on line 3
        image = self.node.upload("?profile=thumbnail&label=line:3")
        events = poll("two events arrive", lambda: stream.events()
                      if len(stream.events()) >= 2 else None)
        self.assertEqual([e["type"] for e in events], ["image.created", "version.done"])
        self.assertTrue(all(e["image"] == image["id"] for e in events))
        with stream.lock:
            ids = [m["id"] for m in stream.messages]
            names = [m["event"] for m in stream.messages]
        self.assertEqual(ids, [e["id"] for e in events])
        self.assertEqual(names, ["image.created", "version.done"])
        # Idle, the stream gets heartbeats (comments), every 300 ms here.
        seen = stream.comments
        poll("heartbeats arrive", lambda: stream.comments >= seen + 2)

    def test_a_reconnect_with_last_event_id_misses_nothing_across_a_kill_9(self):
        first = self.stream("?type=image.created")
        self.listening(1)
        uploaded = [self.node.upload()["id"]]
        poll("the first event arrives", lambda: len(first.events()) == 1)
        last_id = first.events()[-1]["id"]
        first.close()
        self.listening(0)
        uploaded += [self.node.upload()["id"] for _ in range(3)]
        self.node.kill_hard()
        self.node.start()
        uploaded.append(self.node.upload()["id"])
        again = self.stream("?type=image.created", last_event_id=last_id)
        events = poll("the missed events arrive", lambda: again.events()
                      if len(again.events()) >= 4 else None)
        self.assertEqual([e["image"] for e in events], uploaded[1:])
        ids = [e["id"] for e in events]
        self.assertEqual(ids, sorted(ids))
        self.assertTrue(ids[0] > last_id)
        uploaded.append(self.node.upload()["id"])
        poll("live events follow", lambda: len(again.events()) == 5)
        self.assertEqual([e["image"] for e in again.events()], uploaded[1:])

    def test_curl_reads_the_stream_as_it_comes(self):
        curl = shutil.which("curl")
        self.assertIsNotNone(curl, "curl is missing: install package curl")
        process = subprocess.Popen(
            [curl, "--silent", "--no-buffer", "--max-time", "30",
             f"http://{HOST}:{self.node.port}/v1/events?type=image.created"],
            stdout=subprocess.PIPE, env=local_env(), preexec_fn=die_with_parent)
        try:
            self.listening(1)
            image = self.node.upload("?label=line:3")
            lines = []
            for raw in process.stdout:
                lines.append(raw.decode().rstrip("\n"))
                if lines[-1].startswith("data: "):
                    break
            self.assertIn("event: image.created", lines)
            event = json.loads(lines[-1][len("data: "):])
            self.assertEqual(event["image"], image["id"])
            self.assertIn(f"id: {event['id']}", lines)
        finally:
            process.kill()
            process.wait()

    def test_an_unknown_last_event_id_is_said_to_have_missed_events(self):
        stream = self.stream(last_event_id="9999999999-000000000001")
        poll("the missed notice arrives", lambda: stream.messages)
        self.assertEqual(stream.messages[0]["event"], "missed")
        self.assertEqual(json.loads(stream.messages[0]["data"])["last_event_id"],
                         "9999999999-000000000001")
        self.listening(1)
        image = self.node.upload()
        poll("the stream goes on", lambda: [e for e in stream.events()
                                            if e["image"] == image["id"]])

    def test_many_listeners_get_every_event_and_the_node_keeps_answering(self):
        streams = [self.stream("?type=image.created") for _ in range(200)]
        self.listening(200)
        image = self.node.upload()
        started = time.monotonic()
        self.assertEqual(self.node.request("GET", "/health")[0], 200)
        self.assertLess(time.monotonic() - started, 1.0)
        poll("every listener has the event",
             lambda: all(any(e["image"] == image["id"] for e in s.events()) for s in streams))
        for stream in streams:
            stream.close()
        self.listening(0)

    def test_bad_parameters_are_refused_with_400(self):
        for query, headers in [("?type=image.renamed", {}), ("?label=line", {}),
                               ("?since=2026-01-01T00:00:00Z", {}),
                               ("", {"Last-Event-ID": "yesterday"})]:
            with self.subTest(query=query, headers=headers):
                status, body, _ = self.node.request("GET", "/v1/events" + query, headers=headers)
                self.assertEqual(status, 400)
                self.assertEqual(json.loads(body)["error"]["code"], "invalid_request")


class BrowserEventSource(unittest.TestCase):
    """Headless Chromium's EventSource on a page of another origin, in real
    time: the page reports what it sees by requesting /log on its own
    server."""

    def setUp(self):
        self.reports = []
        self.lock = threading.Lock()
        test = self

        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith("/log?"):
                    with test.lock:
                        test.reports.append(urllib.parse.unquote(self.path[len("/log?"):]))
                    body = b""
                else:
                    body = test.page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.page_server = http.server.ThreadingHTTPServer((HOST, 0), Page)
        self.page_server.daemon_threads = True
        threading.Thread(target=self.page_server.serve_forever, daemon=True).start()
        origin = f"http://{HOST}:{self.page_server.server_address[1]}"
        self.node = Node(f"--http.cors-origin={origin}").start()
        self.page = PAGE.replace("NODE", f"http://{HOST}:{self.node.port}")
        self.profile = tempfile.mkdtemp(prefix="chromium-", dir=ARGS.work)
        self.browser = None

    def tearDown(self):
        if self.browser:
            os.killpg(self.browser.pid, signal.SIGKILL)
            self.browser.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
        self.page_server.shutdown()
        self.node.remove()

    def reported(self, text):
        with self.lock:
            return self.reports.count(text)

    def test_an_event_source_gets_events_live_and_again_after_a_restart(self):
        binary = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
        self.assertIsNotNone(binary, "Chromium is missing: install package chromium")
        # No virtual time: it stops while a request is pending, and a stream
        # always is. Remote debugging only keeps the browser running.
        self.browser = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-proxy-server",
             "--no-first-run", "--disable-background-networking", "--disable-extensions",
             "--disable-dev-shm-usage", f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", f"http://{HOST}:{self.page_server.server_address[1]}/"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=local_env(),
            start_new_session=True, preexec_fn=die_with_parent)
        poll("the page's EventSource opens", lambda: self.reported("open") == 1, timeout=30)
        first = self.node.upload("?label=line:3")
        poll("the event arrives", lambda: self.reported("image.created " + first["id"]))
        self.node.upload("?label=line:4")  # filtered out by the page

        # The stream breaks; EventSource reconnects by itself with the last
        # id it saw, and gets what happened since.
        self.node.kill_hard()
        self.node.start()
        second = self.node.upload("?label=line:3")
        poll("the event after the restart arrives",
             lambda: self.reported("image.created " + second["id"]), timeout=30)
        self.assertGreaterEqual(self.reported("open"), 2)
        self.assertEqual(self.reported("image.created " + first["id"]), 1)
        with self.lock:
            self.assertEqual([r for r in self.reports if r.startswith("image.created")],
                             ["image.created " + first["id"], "image.created " + second["id"]])
            self.assertEqual([r for r in self.reports if r.startswith("mismatch")], [])


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>caf-node events</title></head><body><script>
const say = text => fetch('/log?' + encodeURIComponent(text));
const source = new EventSource('NODE/v1/events?type=image.created&label=line:3');
source.onopen = () => say('open');
source.addEventListener('image.created', message => {
  const event = JSON.parse(message.data);
  if (message.lastEventId !== event.id) say('mismatch ' + message.lastEventId);
  say('image.created ' + event.image);
});
</script></body></html>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--caf-node", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--profiles", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                           "..", "config", "profiles"))
    global ARGS
    ARGS, rest = parser.parse_known_args()
    # Nodes run in folders of their own.
    ARGS.caf_node = os.path.abspath(ARGS.caf_node)
    ARGS.profiles = os.path.abspath(ARGS.profiles)
    os.makedirs(ARGS.work, exist_ok=True)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
