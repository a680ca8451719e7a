"""A small SMTP server on loopback for tests: it records every message it accepts, and can
answer each command only after a delay, never answer at all (a tarpit), or be down.

Hand-written rather than a library: the tests need exactly these misbehaviours, and the
protocol a client speaks to a relay without TLS or authentication is a dozen lines.
"""

import contextlib
import select
import socket
import socketserver
import threading
import time
from email import message_from_bytes


class Handler(socketserver.BaseRequestHandler):
    """One client's session. Reads wait in short select() rounds, so that a stopping server
    cuts its sessions at once, while a client may stay idle on a connection for as long as it
    likes, as with a real server."""

    def setup(self):
        self.buffer = b""

    def handle(self):
        server = self.server.owner
        if server.tarpit:
            # Take the connection and never say a word, until the server stops.
            while self.read_line() is not None:
                pass
            return
        self.reply("220 localhost test server ready")
        while not server.stopping.is_set():
            line = self.read_line()
            if line is None:
                return
            verb = line.split(b" ", 1)[0].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250-localhost", "250 8BITMIME")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = self.read_data()
                if data is None or not self.pause():
                    return
                server.accept(data)
                self.send(b"250 OK queued\r\n")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def pause(self):
        """Wait the server's delay before an answer; False if the server stopped meanwhile."""
        return not self.server.owner.stopping.wait(self.server.owner.delay)

    def reply(self, *lines):
        if self.pause():
            self.send("".join(f"{line}\r\n" for line in lines).encode())

    def send(self, data):
        with contextlib.suppress(OSError):
            self.request.sendall(data)

    def read_line(self):
        """The next line without its line end, or None once the client or the server is gone."""
        stopping = self.server.owner.stopping
        while b"\n" not in self.buffer:
            if stopping.is_set():
                return None
            readable, _, _ = select.select([self.request], [], [], 0.1)
            if not readable:
                continue
            try:
                chunk = self.request.recv(65536)
            except OSError:
                return None
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.rstrip(b"\r")

    def read_data(self):
        lines = []
        while True:
            line = self.read_line()
            if line is None:
                return None
            if line == b".":
                return b"\r\n".join(lines) + b"\r\n"
            lines.append(line[1:] if line.startswith(b"..") else line)


class ThreadedServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    block_on_close = False


class SMTPServer:
    """`with SMTPServer(delay=0.2) as server:` — answers on 127.0.0.1:`server.port`.

    `delay` seconds before each answer; `tarpit` takes connections and never answers.
    `stop()` makes it down (connections refused, open ones cut); `start()` brings it back
    on the same port. `messages` holds every message accepted, parsed, in order.
    """

    def __init__(self, delay=0.0, tarpit=False):
        self.delay, self.tarpit = delay, tarpit
        self.port = 0
        self.messages = []
        self.accepted_at = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.server = None

    def start(self):
        self.stopping.clear()
        self.server = ThreadedServer(("127.0.0.1", self.port), Handler)
        self.server.owner = self
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self):
        if self.server is None:
            return
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    def accept(self, data):
        with self.lock:
            self.messages.append(message_from_bytes(data))
            self.accepted_at.append(time.monotonic())

    def message_ids(self):
        with self.lock:
            return [message["Message-ID"] for message in self.messages]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def refused_port():
    """A loopback port nothing listens on (handed out by the kernel and given back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def invitations_in(message):
    """The primary keys of the invitations an accepted reminder e-mail links to, in order."""
    text = message.get_payload()[0].get_payload(decode=True).decode()
    return [
        int(line.rsplit("/invitations/", 1)[1].split("/")[0])
        for line in text.splitlines()
        if line.startswith("Open it: ") and "/invitations/" in line
    ]
