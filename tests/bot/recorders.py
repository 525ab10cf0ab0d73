"""Recording servers on 127.0.0.1 for staff notices: a real HTTP server standing in for a
bureau's IM webhook, which records every POST and can be told to fail."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class WebhookLog:
    """What the webhook received (parsed JSON bodies), and the statuses to answer first."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    #: The raw body and the headers of every POST taken, in order.
    raw: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def notices(self) -> list[dict[str, Any]]:
        with self.lock:
            return [notice for post in self.posts for notice in post["notices"]]


@contextmanager
def webhook_server(log: WebhookLog) -> Iterator[str]:
    """Serve on a free port; yields the URL to POST to."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with log.lock:
                status = log.failures.pop(0) if log.failures else 200
                if status == 200:
                    log.posts.append(json.loads(body))
                    log.raw.append((body, dict(self.headers.items())))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return  # the test's output stays clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/im/hook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
