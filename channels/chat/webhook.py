"""``POST /telegram/webhook``: authenticate, store, and only then answer ``200``.

python-telegram-bot's own webhook server answers Telegram before the update is handled and
compares the secret with ``==``; this route replaces it. Answers:

=====  ====================================================================
200    the update is durably stored (or was before: a duplicate delivery)
400    the body is not a Telegram update; Telegram will not fix it by retrying
403    ``X-Telegram-Bot-Api-Secret-Token`` missing or wrong; nothing stored
413    the body is larger than any update can be
503    the store could not take it: Telegram retries later
=====  ====================================================================
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .errors import BadUpdate

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

#: Stores one update given its exact body; raises :class:`BadUpdate` or a storage error.
BodyHandler = Callable[[bytes], Awaitable[None]]


class _TooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        parts.append(chunk)
    return b"".join(parts)


def webhook_route(secret: str, accept: BodyHandler, *, max_body_bytes: int = 1 << 20) -> Route:
    """The webhook route; ``accept`` must store the update durably before it returns."""
    if not secret:
        raise ValueError("a webhook without a secret would take updates from anyone")
    expected = secret.encode("utf-8")

    async def telegram_webhook(request: Request) -> Response:
        supplied = request.headers.get(SECRET_HEADER)
        # Constant-time comparison; the submitted value is never logged or echoed.
        if supplied is None or not hmac.compare_digest(supplied.encode("latin-1"), expected):
            logger.warning("telegram webhook: request without the right secret token refused")
            return Response(status_code=403)
        try:
            body = await _read_body(request, max_body_bytes)
        except _TooLarge:
            logger.warning("telegram webhook: body over %d bytes refused", max_body_bytes)
            return Response(status_code=413)
        try:
            await accept(body)
        except BadUpdate as exc:
            logger.warning("telegram webhook: not an update (%s), %d bytes", exc, len(body))
            return Response(status_code=400)
        except Exception as exc:  # noqa: BLE001 - whatever failed, the update is not safe
            logger.warning("telegram webhook: update not stored (%s)", type(exc).__name__)
            return Response("try again later", status_code=503, headers={"Retry-After": "5"})
        return Response(status_code=200)

    return Route(WEBHOOK_PATH, telegram_webhook, methods=["POST"], name="telegram_webhook")
