"""A notification endpoint on loopback that records what channels send, and a channel key."""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

# A fixed Fernet key for the tests (never used anywhere else).
CHANNEL_KEY = "q1mW0vIh3hXb2k0nTb3Yc5hQm0cS9r4xJ9yq3pQ1w2E="
OTHER_KEY = "Zk3t8rZC7k2m0tqgqG9aG6u0x8mJwqvP0vR3m8d4Q2s="


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    def form(self):
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


class Endpoint:
    """An HTTP server in a thread: paths under /fail answer 500, under /hang never answer
    (until the server stops), under /slow after `delay` seconds, everything else 200."""

    def __init__(self, delay=0.0):
        self.received = []
        self.delay = delay
        self.released = threading.Event()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                endpoint.received.append(
                    Received("POST", self.path, dict(self.headers.items()), body)
                )
                if self.path.startswith("/hang"):
                    endpoint.released.wait(60)
                    return
                if self.path.startswith("/slow"):
                    endpoint.released.wait(endpoint.delay)
                status = 500 if self.path.startswith("/fail") else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}" if status == 200 else b'{"error": "broken"}')

            do_PUT = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, scheme, path="/hook"):
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def posts(self, prefix="/"):
        return [item for item in self.received if item.path.startswith(prefix)]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
