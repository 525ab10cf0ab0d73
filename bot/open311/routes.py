"""Open311 GeoReport v2 at ``/open311/v2``: every resource as ``….json`` or ``….xml``.

``discovery``, ``services``, ``services/{code}``, ``requests`` (GET and POST),
``requests/{id}``, ``tokens/{token}``. POST takes form fields as the specification has them;
errors come back as Open311 error documents (``bot.open311.errors``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from bot.open311.catalogue import Catalogue
from bot.open311.errors import BadRequest, ForbiddenKey, NotFound
from bot.open311.filing import file_request
from bot.open311.formats import FORMATS, render
from bot.open311.keys import key_id
from bot.open311.reading import (
    find_one,
    find_requests,
    parse_query,
    resolve_token,
    settle_pending,
)

if TYPE_CHECKING:
    from bot.core import Core

PREFIX = "/open311/v2"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-22T00:00:00Z"
#: A form larger than this is not a petition (description ≤ 4000 characters, a few fields).
MAX_FORM_BYTES = 64 * 1024


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise NotFound("format must be json or xml")
    return fmt


def build_router(core: Core) -> APIRouter:
    router = APIRouter(prefix=PREFIX, tags=["open311"])

    def catalogue() -> Catalogue:
        return Catalogue.of(core)

    async def client_of(request: Request) -> int | None:
        """The client naming itself with ``api_key`` (optional on reads; 403 when wrong)."""
        api_key = request.query_params.get("api_key", "")
        if not api_key:
            return None
        client = await core.store.read(lambda s: key_id(s, api_key))
        if client is None:
            raise ForbiddenKey("api_key is not valid")
        return client

    @router.get("/discovery.{fmt}", summary="Open311 discovery")
    async def discovery(request: Request, fmt: str) -> Response:
        url = str(request.base_url).rstrip("/") + PREFIX
        document = {
            "changeset": CHANGESET,
            "contact": "信访局 (the bureau running this service)",
            "key_service": "api_key: ask the bureau (python run.py users open311-key NAME)",
            "endpoints": [{
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }],
        }
        return render(document, _format(fmt), root="discovery", item="endpoint")

    @router.get("/services.{fmt}", summary="the service list: petition categories")
    async def services(fmt: str) -> Response:
        return render(catalogue().services(), _format(fmt), root="services", item="service")

    @router.get("/services/{code}.{fmt}", summary="a service definition")
    async def service_definition(code: str, fmt: str) -> Response:
        fmt = _format(fmt)
        if code not in catalogue():
            raise NotFound(f"no service {code[:60]}")
        return render(Catalogue.definition(code), fmt, root="service_definition", item="")

    @router.post("/requests.{fmt}", summary="file a service request (a petition)")
    async def create_request(request: Request, fmt: str) -> Response:
        fmt = _format(fmt)
        if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
            raise BadRequest("the request is too large")
        try:
            form = await request.form()
        except Exception as exc:
            raise BadRequest("send the fields as a form "
                             "(application/x-www-form-urlencoded)") from exc
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
        filed = await file_request(core, fields, catalogue())
        answer: dict[str, str] = (
            {"service_request_id": filed.case_number} if filed.case_number
            else {"token": filed.token}
        )
        if filed.notice:
            answer["service_notice"] = filed.notice
        if filed.account_id:
            answer["account_id"] = filed.account_id
        return render([answer], fmt, root="service_requests", item="request")

    @router.get("/requests.{fmt}", summary="service requests filed through Open311")
    async def list_requests(request: Request, fmt: str) -> Response:
        fmt = _format(fmt)
        now = core.clock.now()
        query = parse_query(dict(request.query_params), now)
        client = await client_of(request)

        def work(session: Session) -> list[dict[str, Any]]:
            settle_pending(session, now)
            return find_requests(session, query, client)

        views = await core.store.write(work)
        return render(views, fmt, root="service_requests", item="request")

    @router.get("/requests/{number}.{fmt}", summary="one service request")
    async def one_request(request: Request, number: str, fmt: str) -> Response:
        fmt = _format(fmt)
        now = core.clock.now()
        client = await client_of(request)

        def work(session: Session) -> dict[str, Any] | None:
            settle_pending(session, now)
            return find_one(session, number, client)

        view = await core.store.write(work)
        if view is None:
            raise NotFound(f"no service request {number.upper()[:40]}")
        return render([view], fmt, root="service_requests", item="request")

    @router.get("/tokens/{token}.{fmt}", summary="the service request id behind a token")
    async def token(token: str, fmt: str) -> Response:
        fmt = _format(fmt)
        now = core.clock.now()
        found = await core.store.write(lambda s: resolve_token(s, token, now))
        if found is None:
            raise NotFound("no such token")
        answer = {"token": found[0]}
        if len(found) > 1:
            answer = {"service_request_id": found[1], "token": found[0]}
        return render([answer], fmt, root="service_requests", item="request")

    return router
