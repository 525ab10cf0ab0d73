"""The citizen page's routes: ``/`` (home), ``/file``, ``/lookup``, ``/c/{number}`` and the
actions on a case, ``/static/citizen.css``.

Forms are read by hand, not by FastAPI's validation, so a bad form gets a Chinese page rather
than the API's JSON error. Every POST carries the CSRF token; pages are never cached.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import APIRouter
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot import cases, codecheck
from bot.appointments import upcoming
from bot.citizen import actions, forms, view
from bot.citizen.filing import file_petition
from bot.citizen.guard import (
    CASE_COOKIE,
    CSRF_COOKIE,
    SIGNED_IN_SECONDS,
    Keys,
    RateLimit,
    new_token,
    same_token,
    valid_form_token,
)
from bot.clock import local_date
from channels.base import IntakeUnavailable
from storage import Case, StoreUnavailable

if TYPE_CHECKING:
    from bot.core import Core

HERE = Path(__file__).parent
_NUMBER = re.compile(r"XF\d{4}-\d{6,12}")
NOT_FOUND = "未找到相应的事项。请核对事项编号和查询码（查询码在登记时显示，共 8 位）。"
THROTTLED = "查询过于频繁，请一小时后再试。"
TRY_AGAIN = "系统暂时无法保存，请稍后再试；您填写的内容仍在本页。"


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(STATUTORY_TYPES=forms.STATUTORY_TYPES, NOT_SURE=forms.NOT_SURE,
                       LABELS=forms.LABELS, MAX_FILES=forms.MAX_FILES, ACCEPTED=forms.ACCEPTED,
                       GRADES=view.GRADES)
    env.filters["zh_date"] = zh_date
    return env


def zh_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def build_router(core: Core, *, max_file_bytes: int = forms.MAX_FILE_BYTES,
                 filing_limit: RateLimit | None = None,
                 action_limit: RateLimit | None = None) -> APIRouter:
    """The citizen page on ``core``; ``max_file_bytes`` caps each attachment."""
    router = APIRouter(include_in_schema=False)
    env = environment()
    css = (HERE / "static" / "citizen.css").read_bytes()
    keys = Keys(core.hasher)
    max_file_bytes = min(max_file_bytes, forms.MAX_FILE_BYTES)
    filings = filing_limit or RateLimit(10, 3600)
    acts = action_limit or RateLimit(30, 3600)

    def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        csrf = request.cookies.get(CSRF_COOKIE, "") or new_token()
        html = env.get_template(template).render(request=request, csrf=csrf, **context)
        response = HTMLResponse(html, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
        if request.cookies.get(CSRF_COOKIE) != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, path="/", httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response

    def problem(request: Request, status: int, message: str, back: str = "/") -> Response:
        return render(request, "problem.html", status=status, message=message, back=back)

    def client_of(request: Request) -> str:
        # uvicorn resolves X-Forwarded-For from a trusted proxy (forwarded_allow_ips).
        return keys.client(request.client.host if request.client else "unknown")

    async def read_form(request: Request) -> tuple[dict[str, str], list[forms.Upload]]:
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > forms.MAX_TOTAL_BYTES + 1024 * 1024:
            raise forms.FormProblem(f"提交的内容超过 {forms.MAX_TOTAL_BYTES // (1024 * 1024)} MB，"
                                    f"请减少或压缩附件后再提交。", "files")
        try:
            form = await request.form(max_files=forms.MAX_FILES + 1, max_fields=50)
        except HTTPException:
            raise forms.FormProblem(f"最多上传 {forms.MAX_FILES} 个附件。", "files") from None
        values: dict[str, str] = {}
        uploads: list[forms.Upload] = []
        try:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    data = await value.read(max_file_bytes + 1)
                    uploads.append(forms.Upload(value.filename or "", data))
                elif key not in values:
                    values[key] = value
        finally:
            await form.close()  # the spooled temporary files
        return values, uploads

    def csrf_ok(request: Request, form: dict[str, str]) -> bool:
        return same_token(form.get("csrf", ""), request.cookies.get(CSRF_COOKIE, ""))

    csrf_failed = ("页面已过期或来源不明（安全校验失败）。请返回重新打开页面后再提交；"
                   "如仍不行，请允许本网站使用 Cookie。")

    # -- home, stylesheet ---------------------------------------------------------------

    @router.get("/")
    async def home(request: Request) -> Response:
        days = upcoming(core.reception, local_date(core.clock.now()), 3)
        return render(request, "home.html", reception=days)

    @router.get("/static/citizen.css")
    async def stylesheet() -> Response:
        return Response(css, media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "max-age=3600"})

    # -- filing ---------------------------------------------------------------------------

    @router.get("/file")
    async def file_page(request: Request) -> Response:
        return render(request, "file.html", form={"kind": forms.NOT_SURE}, error=None,
                      token=new_token())

    @router.post("/file")
    async def file_submit(request: Request) -> Response:
        try:
            values, uploads = await read_form(request)
        except forms.FormProblem as exc:
            return render(request, "file.html", status=413, form={"kind": forms.NOT_SURE},
                          error=exc, token=new_token())
        token = values.get("form_token", "")
        if not csrf_ok(request, values) or not valid_form_token(token):
            return problem(request, 403, csrf_failed, back="/file")

        def again(status: int, error: forms.FormProblem) -> Response:
            return render(request, "file.html", status=status, form=values, error=error,
                          token=token)

        try:
            petition = forms.parse_petition(values, uploads, max_file_bytes=max_file_bytes)
        except forms.FormProblem as exc:
            return again(400, exc)
        if not filings.allow(client_of(request)):
            return again(429, forms.FormProblem("提交过于频繁，请一小时后再试。"))
        try:
            filed = await file_petition(core, keys, petition, form_token=token,
                                        client=client_of(request))
        except IntakeUnavailable:
            return again(503, forms.FormProblem(TRY_AGAIN + "再次提交不会重复登记。"))
        return render(request, "filed.html", filed=filed)

    # -- looking a case up ----------------------------------------------------------------

    @router.get("/lookup")
    async def lookup_page(request: Request) -> Response:
        number = codecheck.normalize_number(request.query_params.get("number", ""))
        return render(request, "lookup.html", number=number, error="")

    @router.post("/lookup")
    async def lookup(request: Request) -> Response:
        form = await _plain_form(request)
        number = codecheck.normalize_number(form.get("number", ""))
        if not csrf_ok(request, form):
            return problem(request, 403, csrf_failed, back="/lookup")
        if not number or not form.get("code", "").strip():
            return render(request, "lookup.html", status=400, number=number,
                          error="请填写事项编号和查询码。")
        sender = f"web:{client_of(request)}"
        now = core.clock.now()
        try:
            checked = await core.store.write(lambda s: codecheck.check(
                s, core.hasher, sender=sender, number=number, code=form.get("code", ""),
                now=now))
        except StoreUnavailable:
            return render(request, "lookup.html", status=503, number=number, error=TRY_AGAIN)
        if checked.outcome is codecheck.Outcome.THROTTLED:
            return render(request, "lookup.html", status=429, number=number, error=THROTTLED)
        if checked.outcome is codecheck.Outcome.NOT_FOUND:
            return render(request, "lookup.html", number=number, error=NOT_FOUND)
        response = RedirectResponse(_case_url(number), status_code=303)
        response.set_cookie(CASE_COOKIE, keys.sign_in(number), max_age=SIGNED_IN_SECONDS,
                            path=_case_url(number), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    # -- one case -----------------------------------------------------------------------------

    def signed_in(request: Request, number: str) -> bool:
        return keys.signed_in(request.cookies.get(CASE_COOKIE, ""), number)

    async def show(request: Request, number: str, status: int = 200, notice: str = "",
                   error: str = "") -> Response:
        now = core.clock.now()

        def read(session: Session) -> view.CasePage | None:
            case = cases.find_case(session, number)
            if case is None:
                return None
            return view.case_page(session, case, deadlines=core.deadlines,
                                  schedule=core.reception, now=now)

        page = await core.store.write(read)
        if page is None:
            return problem(request, 404, NOT_FOUND)
        return render(request, "case.html", status=status, page=page, notice=notice,
                      error=error, token=new_token())

    @router.get("/c/{number}")
    async def case_page(request: Request, number: str) -> Response:
        number = codecheck.normalize_number(number)
        if not _NUMBER.fullmatch(number):
            return problem(request, 404, "事项编号的格式是 XF2026-000123，请核对链接。")
        if not signed_in(request, number):
            return render(request, "lookup.html", number=number, error="", asked=True)
        return await show(request, number)

    @router.get("/c/{number}/opinion")
    async def opinion_page(request: Request, number: str) -> Response:
        number = codecheck.normalize_number(number)
        if not signed_in(request, number):
            return RedirectResponse(_case_url(number), status_code=303)
        now = core.clock.now()
        page = await core.store.write(lambda s: _page_of(s, number, core, now))
        if page is None or page.opinion is None:
            return problem(request, 404, "该事项还没有书面意见。", back=_case_url(number))
        return render(request, "opinion.html", page=page)

    async def act(request: Request, number: str,
                  work: Callable[[dict[str, str], list[forms.Upload], str],
                                 Awaitable[actions.Done]]) -> Response:
        number = codecheck.normalize_number(number)
        if not signed_in(request, number):
            return RedirectResponse(_case_url(number), status_code=303)
        try:
            values, uploads = await read_form(request)
        except forms.FormProblem as exc:
            return await show(request, number, status=413, error=str(exc))
        if not csrf_ok(request, values):
            return problem(request, 403, csrf_failed, back=_case_url(number))
        client = client_of(request)
        if not acts.allow(client):
            return await show(request, number, status=429, error="操作过于频繁，请稍后再试。")
        try:
            done = await work(values, uploads, f"web:{client}")
        except (actions.ActionRefused, forms.FormProblem) as exc:
            return await show(request, number, status=409, error=str(exc))
        except StoreUnavailable:
            return await show(request, number, status=503, error=TRY_AGAIN)
        return await show(request, number, notice=done.message)

    def on_case(number: str, step: Callable[[Session, Case, str], actions.Done]
                ) -> Callable[[str], Awaitable[actions.Done]]:
        async def run(actor: str) -> actions.Done:
            def work(session: Session) -> actions.Done:
                case = cases.find_case(session, number)
                if case is None:
                    raise actions.ActionRefused("没有这个事项。")
                return step(session, case, actor)

            return await core.store.write(work)

        return run

    @router.post("/c/{number}/rate")
    async def rate(request: Request, number: str) -> Response:
        async def work(form: dict[str, str], _files: list[forms.Upload],
                       actor: str) -> actions.Done:
            score = int(form["score"]) if form.get("score", "").isdigit() else 0
            now = core.clock.now()
            return await on_case(codecheck.normalize_number(number), lambda s, c, a: actions.rate(
                s, c, score, actor=a, now=now, core=core))(actor)

        return await act(request, number, work)

    @router.post("/c/{number}/appeal")
    async def appeal(request: Request, number: str) -> Response:
        async def work(form: dict[str, str], _files: list[forms.Upload],
                       actor: str) -> actions.Done:
            now = core.clock.now()
            return await on_case(codecheck.normalize_number(number), lambda s, c, a: actions.appeal(
                s, c, form.get("action", ""), actor=a, now=now, core=core))(actor)

        return await act(request, number, work)

    @router.post("/c/{number}/book")
    async def book(request: Request, number: str) -> Response:
        async def work(form: dict[str, str], _files: list[forms.Upload],
                       actor: str) -> actions.Done:
            try:
                day = date.fromisoformat(form["day"]) if form.get("day") else None
            except ValueError:
                raise actions.ActionRefused("请从列出的日期中选择接访日。") from None
            now = core.clock.now()
            return await on_case(codecheck.normalize_number(number), lambda s, c, a: actions.book(
                s, c, day, actor=a, now=now, core=core))(actor)

        return await act(request, number, work)

    @router.post("/c/{number}/material")
    async def material(request: Request, number: str) -> Response:
        async def work(form: dict[str, str], uploads: list[forms.Upload],
                       actor: str) -> actions.Done:
            token = form.get("form_token", "")
            if not valid_form_token(token):
                raise actions.ActionRefused("页面已过期，请刷新后重新提交。")
            text, files = forms.parse_material(form, uploads, max_file_bytes=max_file_bytes)
            return await actions.add_material(core, codecheck.normalize_number(number), text,
                                              files, actor=actor, form_token=token)

        return await act(request, number, work)

    @router.post("/c/{number}/signout")
    async def signout(request: Request, number: str) -> Response:
        number = codecheck.normalize_number(number)
        form = await _plain_form(request)
        if not csrf_ok(request, form):
            return problem(request, 403, csrf_failed, back=_case_url(number))
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(CASE_COOKIE, path=_case_url(number))
        return response

    return router


async def _plain_form(request: Request) -> dict[str, str]:
    try:
        form = await request.form(max_files=0, max_fields=20)
    except HTTPException:
        return {}  # not the form these pages send: the CSRF check refuses it
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _page_of(session: Session, number: str, core: Core, now: Any) -> view.CasePage | None:
    case = cases.find_case(session, number)
    if case is None:
        return None
    return view.case_page(session, case, deadlines=core.deadlines, schedule=core.reception,
                          now=now)


def _case_url(number: str) -> str:
    return f"/c/{quote(number)}"
