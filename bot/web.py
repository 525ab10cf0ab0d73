"""The one web app: channels hand it their routes; it never belongs to a channel.

Given the bot's :class:`~bot.core.Core`, it also serves the staff REST API (``/api``, described
at ``/openapi.json`` and ``/api/openapi.json``, for people at ``/docs``), Open311 GeoReport v2
(``/open311/v2``), with every error in one shape, the staff console (``/console``) and the
citizen page (``/``, ``bot.citizen``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi import FastAPI
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import BaseRoute

from storage import Store, StoreUnavailable

if TYPE_CHECKING:
    from bot.core import Core


def build_app(store: Store, routes: Sequence[BaseRoute], channels_on: Sequence[str],
              *, core: Core | None = None, attachment_max_bytes: int | None = None) -> FastAPI:
    """``attachment_max_bytes`` caps each file a citizen uploads on the web page (the page's
    own cap, 10 MB, applies when it is larger)."""
    app = FastAPI(title="信访 intake bot", version="0.1.0", docs_url=None, redoc_url=None)
    if core is not None:
        _mount_interfaces(app, core)

    @app.get("/healthz", include_in_schema=False)
    async def health(_request: Request) -> JSONResponse:
        try:
            await store.read(lambda session: session.execute(text("SELECT 1")).scalar())
        except StoreUnavailable:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok", "channels": list(channels_on)})

    @app.get("/api/openapi.json", include_in_schema=False)
    async def openapi_document(_request: Request) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    async def api_docs(_request: Request) -> HTMLResponse:
        from bot import apidocs

        return HTMLResponse(apidocs.render(app.openapi()))

    app.router.routes.extend(routes)
    if core is not None:
        from bot import citizen

        # Last: the channels' webhooks and the interfaces above come first.
        app.include_router(citizen.build_router(core) if attachment_max_bytes is None else
                           citizen.build_router(core, max_file_bytes=attachment_max_bytes))
    return app


def _mount_interfaces(app: FastAPI, core: Core) -> None:
    from bot import api, console, open311

    api.install_error_handlers(app, foreign={open311.PREFIX: open311.error_response})
    open311.install(app)
    app.include_router(api.build_router(core))
    app.include_router(open311.build_router(core))
    app.include_router(console.build_router(core))
