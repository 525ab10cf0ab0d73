"""The API's errors and the one shape every error reply takes.

Every 4xx and 5xx from ``/api`` is ``{"error": {"code": "...", "message": "..."}}``; never a
stack trace and never a petitioner's data. ``install`` puts the handlers on the app: FastAPI's
validation errors, Starlette's HTTP errors (unknown path, wrong method) and anything unexpected
all leave in this shape. Paths under ``/open311`` are answered in Open311's own error format
(see ``bot.open311.errors``).

Exception tree::

    ApiError                 status + code + message, rendered as is
     ├── Unauthorized        401: no token, or not a valid one
     ├── Forbidden           403: the role may not do this
     ├── NotFound            404: no such case (or not one this account may see)
     └── Conflict            409: the case's state refuses the action; the message says why
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from storage import StoreUnavailable

log = logging.getLogger(__name__)

#: Prefix of paths that answer errors in another protocol's format, with its renderer.
ForeignRenderer = Callable[[Request, int, str], Response]

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}


class ApiError(Exception):
    """An error the API answers as is: ``status``, a stable ``code`` and a human ``message``."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str = "", status: int = 0) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Conflict(ApiError):
    status = 409
    code = "conflict"


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def install(app: FastAPI, foreign: dict[str, ForeignRenderer] | None = None) -> None:
    """Answer every error of ``app`` in the API's shape (or a foreign protocol's, by prefix)."""
    renderers = dict(foreign or {})

    def render(request: Request, status: int, code: str, message: str) -> Response:
        for prefix, renderer in renderers.items():
            if request.url.path.startswith(prefix):
                return renderer(request, status, message)
        return error_response(status, code, message)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)  # registered for ApiError only
        return render(request, exc.status, exc.code, exc.message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)  # registered for it only
        code = _HTTP_CODES.get(exc.status_code, "error")
        # Starlette's own details ("Not Found", "Method Not Allowed") carry no input.
        message = str(exc.detail) if exc.status_code < 500 else "internal error"
        response = render(request, exc.status_code, code, message)
        for name, value in (exc.headers or {}).items():
            response.headers.setdefault(name, value)
        return response

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)  # registered for it only
        return render(request, 422, "invalid", describe_validation(exc))

    async def unavailable(request: Request, exc: Exception) -> Response:
        log.warning("store unavailable while answering %s", request.url.path)
        response = render(request, 503, "unavailable", "the case store is unavailable, "
                          "try again later")
        response.headers["Retry-After"] = "5"
        return response

    async def unexpected(request: Request, exc: Exception) -> Response:
        # The type only: an exception's text may quote a petitioner's data.
        log.error("unexpected %s answering %s", type(exc).__name__, request.url.path)
        return render(request, 500, "internal", "internal error")

    handlers: dict[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiError: api_error,
        StarletteHTTPException: http_error,
        RequestValidationError: invalid,
        StoreUnavailable: unavailable,
        Exception: unexpected,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)


def describe_validation(exc: RequestValidationError) -> str:
    """A short message naming the fields at fault, without echoing what was sent."""
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",))
        parts.append(f"{where or 'body'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"
