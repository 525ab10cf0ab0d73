"""Reading an HTTP request's body from the ASGI ``receive`` with a size limit: the webhooks
read it themselves (not through ``Request.body()``) so that an oversized body is refused
without being held in memory whole."""

from __future__ import annotations

from starlette.requests import ClientDisconnect
from starlette.types import Receive


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None once it grows past ``limit`` (the rest is not read).

    Raises ``ClientDisconnect`` when the client goes away before the body is complete.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
