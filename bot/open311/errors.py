"""Open311 errors, answered as the GeoReport v2 specification says.

A list of ``{"code": <HTTP status>, "description": "…"}`` in JSON, or
``<errors><error><code>…</code><description>…</description></error></errors>`` in XML, with
the HTTP status itself: 400 for bad or missing input, 403 for a missing or invalid
``api_key``, 404 for an unknown service, request or token. The format follows the path's
suffix (``.xml`` gives XML, anything else JSON).

Exception tree::

    Open311Error        status + description
     ├── BadRequest     400
     ├── ForbiddenKey   403
     └── NotFound       404
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from bot.open311.formats import render

PREFIX = "/open311"


class Open311Error(Exception):
    status = 400

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class BadRequest(Open311Error):
    status = 400


class ForbiddenKey(Open311Error):
    status = 403


class NotFound(Open311Error):
    status = 404


def error_response(request: Request, status: int, description: str) -> Response:
    """The Open311 error document for ``status``, in the format the path asks for."""
    fmt = "xml" if request.url.path.endswith(".xml") else "json"
    document = [{"code": status, "description": description}]
    return render(document, fmt, root="errors", item="error", status=status)


def install(app: FastAPI) -> None:
    """Answer :class:`Open311Error` as an Open311 error document."""

    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Open311Error)  # registered for it only
        return error_response(request, exc.status, exc.description)

    app.add_exception_handler(Open311Error, handle)
