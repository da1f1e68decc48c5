"""A real HTTP receiver in a thread: records every request and answers as it is told."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # status codes to give, in order; then 200
    delay: float = 0.0  # seconds to wait before answering

    def kinds(self) -> list[str]:
        return [request.json["type"] for request in self.received]


class Handler(BaseHTTPRequestHandler):
    server: ReceiverServer

    def do_POST(self) -> None:
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers["Content-Length"]))
        receiver.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
        time.sleep(receiver.delay)
        code = receiver.answers.pop(0) if receiver.answers else 200
        try:
            self.send_response(code)
            self.end_headers()
            self.wfile.write(b"ok" if code < 300 else b"receiver is down")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, *args: object) -> None:
        pass


class ReceiverServer(ThreadingHTTPServer):
    daemon_threads = True
    receiver: Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ReceiverServer(("127.0.0.1", 0), Handler)
    server.receiver = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks/fusee")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.receiver
    server.shutdown()
    server.server_close()
