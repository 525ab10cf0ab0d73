"""The one web app: channels hand it their routes; it never belongs to a channel."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute

from storage import Store, StoreUnavailable


def build_app(store: Store, routes: Sequence[BaseRoute], channels_on: Sequence[str]) -> FastAPI:
    app = FastAPI(title="信访 intake bot", version="0.1.0", docs_url=None, redoc_url=None)

    @app.get("/healthz", include_in_schema=False)
    async def health(_request: Request) -> JSONResponse:
        try:
            await store.read(lambda session: session.execute(text("SELECT 1")).scalar())
        except StoreUnavailable:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok", "channels": list(channels_on)})

    app.router.routes.extend(routes)
    return app
