"""The console's pages under ``/console``: sign-in, queue, triage, case, answer, 批示, search,
overdue board, the messages flagged for a person that no case holds, and the 来访 / 来电 desk.

Every page checks the session (else back to the login page) and every POST its CSRF token.
Forms are read by hand, not by FastAPI's validation, so a bad form gets a Chinese page rather
than the API's JSON error. Staff actions go through ``bot.staff.act``, as in the API and the
``cases`` CLI; a refused one is shown with its reason in Chinese and writes nothing.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session, col, func, select
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot import (
    access,
    cases,
    corrections,
    dispatch,
    split,
    staff,
    stats,
    supervision,
    workflow,
)
from bot.api.accounts import Principal
from bot.api.audit import record_access
from bot.api.personal import (
    FLAGGED_DETAIL_FIELDS,
    flagged_detail,
    flagged_row,
    known_strings,
    mask_text,
)
from bot.api.queries import TOTAL_LIMIT, CaseFilter, search
from bot.api.roles import may_act
from bot.api.routes import MAX_ID
from bot.clock import CHINA, local_date
from bot.console import desk, merging, pages, records, wording
from bot.console.sessions import (
    COOKIE,
    LOGIN_COOKIE,
    PATH,
    Sessions,
    SignedSession,
    new_login_nonce,
    same_secret,
)
from bot.firewall import UnitTree
from bot.notices import as_utc
from channels.base import IntakeUnavailable
from storage import Attachment, Case, Message, Store

if TYPE_CHECKING:
    from bot.core import Core

HERE = Path(__file__).parent
T = TypeVar("T")
#: Form fields the console passes to a staff action; everything else is dropped.
ACTION_FIELDS = frozenset(wording.FIELDS)
PER_PAGE = 50
#: A search counts its matches only this far: an exact count reads every matching index entry
#: (hundreds of ms for a month at a million cases); above it the page says "more than".
SEARCH_COUNT_LIMIT = TOTAL_LIMIT
#: Cases on one queue page; the next page is a keyset link (``after=``), never an offset.
QUEUE_PAGE = 200
#: Messages on one page of the flagged list (keyset by message id, ``after=``).
FLAGGED_PAGE = PER_PAGE
#: A message id as the console writes it in a link or a cursor (``str.isdigit`` also takes
#: "²", which ``int`` refuses: a 500); twelve digits at most, past the column yet no overflow.
ASCII_ID = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True, slots=True)
class Signed:
    principal: Principal
    session: SignedSession


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(w=wording, label=wording.label, ACTION_FIELDS=wording.FIELDS,
                       DECISIONS=workflow.DECISIONS, ASSIGN_MODES=workflow.ASSIGN_MODES)
    env.filters["beijing"] = beijing
    return env


def beijing(moment: datetime | str | None) -> str:
    """A stored time (UTC; naive from SQLite, or ISO text in case views) as Beijing time."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return as_utc(moment).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


async def _signed_in(request: Request, sessions: Sessions) -> Signed | None:
    found = await sessions.get(request.cookies.get(COOKIE, ""))
    return Signed(found.principal, found) if found is not None else None


async def staff_of(request: Request, store: Store,
                   sessions: Sessions | None = None) -> Principal | None:
    """The staff member signed in to the console on ``request``, or None (send to the login)."""
    signed = await _signed_in(request, sessions or Sessions(store))
    return signed.principal if signed else None


def build_router(core: Core, sessions: Sessions | None = None) -> APIRouter:
    """The console's routes; its sessions live in ``core.store`` unless a test gives others."""
    router = APIRouter(prefix=PATH, include_in_schema=False)
    sessions = sessions or Sessions(core.store)
    env = environment()
    css = (HERE / "static" / "console.css").read_bytes()
    conversation = core.intake.conversation
    categories = sorted(conversation.routing.units)

    def render(request: Request, template: str, signed: Signed | None, status: int = 200,
               **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            request=request, me=signed.principal if signed else None,
            csrf=signed.session.csrf if signed else "", **context)
        response = HTMLResponse(html, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
        return response

    def problem(request: Request, signed: Signed | None, status: int, message: str,
                back: str = "") -> HTMLResponse:
        return render(request, "problem.html", signed, status=status, message=message,
                      back=back or f"{PATH}/queue")

    def to_login() -> RedirectResponse:
        return RedirectResponse(f"{PATH}/login", status_code=303)

    async def signed_in(request: Request) -> Signed | None:
        return await _signed_in(request, sessions)

    async def form_of(request: Request) -> dict[str, str]:
        form = await request.form()
        return {key: value for key, value in form.items() if isinstance(value, str)}

    async def posted(request: Request) -> tuple[Signed | None, dict[str, str], Response | None]:
        """The signed-in account and its form, or the response refusing the POST."""
        signed = await signed_in(request)
        if signed is None:
            return None, {}, to_login()
        form = await form_of(request)
        if not same_secret(form.get("csrf", ""), signed.session.csrf):
            return signed, form, problem(request, signed, 403, "表单已过期或来源不明（CSRF 校验失败），"
                                         "请刷新页面后重试。")
        return signed, form, None

    async def visible(signed: Signed, number: str, work: Callable[[Session, Case], T]) -> T | None:
        """Run ``work`` on case ``number`` in one write transaction if the account may see it."""
        def run(session: Session) -> T | None:
            case = cases.find_case(session, number[:40])
            if case is None or not access.may_see(signed.principal, case, core.units):
                return None
            return work(session, case)

        return await core.store.write(run)

    def case_url(number: str, page: str = "") -> str:
        return f"{PATH}/cases/{quote(number)}" + (f"/{page}" if page else "")

    # -- signing in and out --------------------------------------------------------------

    @router.get("")
    async def home() -> Response:
        return RedirectResponse(f"{PATH}/queue", status_code=303)

    @router.get("/static/console.css")
    async def stylesheet() -> Response:
        return Response(css, media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "max-age=3600"})

    @router.get("/login")
    async def login_page(request: Request) -> Response:
        nonce = new_login_nonce()
        response = render(request, "login.html", None, nonce=nonce, error="")
        _set_cookie(request, response, LOGIN_COOKIE, nonce)
        return response

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await form_of(request)
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        if not same_secret(form.get("csrf", ""), nonce):
            return problem(request, None, 403, "登录表单已过期（CSRF 校验失败），请重新打开登录页。",
                           back=f"{PATH}/login")
        token = form.get("token", "").strip()[:200]
        opened = await sessions.open(token) if token else None
        if opened is None:
            fresh = new_login_nonce()
            refused = render(request, "login.html", None, status=401, nonce=fresh,
                             error="令牌无效或已停用。")
            _set_cookie(request, refused, LOGIN_COOKIE, fresh)
            return refused
        # A new sign-in never keeps the session it replaces (fixation): the new one has a new
        # secret, and the old row goes.
        await sessions.close(request.cookies.get(COOKIE, ""))
        response = RedirectResponse(f"{PATH}/queue", status_code=303)
        _set_cookie(request, response, COOKIE, opened)
        response.delete_cookie(LOGIN_COOKIE, path=PATH)
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        _signed, _form, refused = await posted(request)
        if refused is not None:
            return refused
        await sessions.close(request.cookies.get(COOKIE, ""))
        response = to_login()
        response.delete_cookie(COOKIE, path=PATH)
        return response

    # -- the queue, search and the overdue board -----------------------------------------

    @router.get("/queue")
    async def queue_page(request: Request) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        # Keyset pages (issue 21): ``after`` is the cursor the previous page's link carried; a
        # cursor this page did not write is the first page, not an error.
        after = records.QueueCursor.parse(request.query_params.get("after", "")[:40])
        rows, following = await core.store.read(
            lambda s: _queue_rows(s, signed.principal, core.units, after))
        return render(request, "queue.html", signed, rows=rows,
                      next=str(following) if following else "", paged=after is not None)

    @router.get("/search")
    async def search_page(request: Request) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        params = request.query_params
        q = params.get("q", "").strip()[:200]
        try:
            start = _day(params.get("from", ""))
            end = _day(params.get("to", ""))
            page = max(1, min(int(params.get("page", "1") or 1), 100_000))
        except ValueError:
            return problem(request, signed, 400, "日期请写成 2026-01-31，页码请写数字。",
                           back=f"{PATH}/search")
        if start and end and start > end:
            return problem(request, signed, 400, "起始日期晚于截止日期。", back=f"{PATH}/search")
        asked = bool(q or start or end)
        wanted = CaseFilter(q=q, received_from=start, received_to=end, page=page,
                            per_page=PER_PAGE, count_limit=SEARCH_COUNT_LIMIT)
        now = core.clock.now()

        def work(session: Session) -> tuple[int, list[dict[str, Any]]]:
            total, found = search(session, signed.principal, wanted, core.units)
            if q:
                # A search by phone or name links a person to cases: audited, as in the API.
                record_access(session, signed.principal, case_number="", fields=["search"],
                              purpose="GET /console/search", now=now, q=q,
                              matches=[case.number for case in found])
            return total, [_row(session, signed.principal, case) for case in found]

        total, rows = await core.store.write(work) if asked else (0, [])
        more = total > SEARCH_COUNT_LIMIT
        shown = min(total, SEARCH_COUNT_LIMIT)
        return render(request, "search.html", signed, rows=rows, total=shown, more=more, q=q,
                      start=start or "", end=end or "", page=page, asked=asked,
                      pages=(shown + PER_PAGE - 1) // PER_PAGE)

    @router.get("/overdue")
    async def overdue_page(request: Request) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        today = local_date(core.clock.now())

        def work(session: Session) -> list[supervision.Item]:
            found = supervision.scan(session, core.deadlines, today)
            scope = access.scope(session, signed.principal, core.units)
            if scope is None:
                return found
            mine = set(session.exec(select(Case.number).where(scope)))
            return [item for item in found if item.number in mine]

        items = await core.store.read(work)
        return render(request, "overdue.html", signed, items=items, today=today)

    # -- messages flagged for a person that no case holds -----------------------------------

    @router.get("/flagged")
    async def flagged_page(request: Request) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "待人工消息由信访部门处理，承办单位不能查看。")
        # Keyset pages by message id, as the queue's: a cursor not written here is page one.
        cursor = request.query_params.get("after", "")[:20]
        after = int(cursor) if ASCII_ID.fullmatch(cursor) else 0
        now = core.clock.now()

        def work(session: Session) -> list[dict[str, Any]]:
            found = staff.flagged_messages(session, FLAGGED_PAGE + 1, after)
            if found:
                # No case holds these texts: the read is audited as a search is.
                record_access(session, signed.principal, case_number="",
                              fields=["flagged messages"], purpose="GET /console/flagged",
                              now=now, messages=[row["id"] for row in found[:FLAGGED_PAGE]])
            return found

        found = await core.store.write(work)
        rows = [flagged_row(row) for row in found[:FLAGGED_PAGE]]
        following = rows[-1]["id"] if len(found) > FLAGGED_PAGE else ""
        return render(request, "flagged.html", signed, rows=rows, next=following,
                      paged=after > 0)

    @router.get("/flagged/{message_id}")
    async def flagged_one_page(request: Request, message_id: str) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        back = f"{PATH}/flagged"
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "待人工消息由信访部门处理，承办单位不能查看。",
                           back=back)
        now = core.clock.now()
        # Not a number, or past the id column: no such message, not an error page.
        wanted = int(message_id) if ASCII_ID.fullmatch(message_id) else 0

        def work(session: Session) -> dict[str, Any]:
            row = staff.flagged_message(session, wanted)
            # The sender shown whole (to call back): audited as a case page is.
            record_access(session, signed.principal, case_number="",
                          fields=FLAGGED_DETAIL_FIELDS, purpose="GET /console/flagged/{id}",
                          now=now, messages=[wanted])
            return flagged_detail(row)

        try:
            if not 0 < wanted <= MAX_ID:
                raise staff.MessageNotFlagged(message_id)
            shown = await core.store.write(work)
        except staff.MessageNotFlagged:
            return problem(request, signed, 404, f"没有待人工处理的消息 #{message_id[:20]}"
                           "（可能已有人处理或已归入事项）。", back=back)
        return render(request, "flagged_one.html", signed, m=shown)

    @router.post("/flagged/{message_id}/handled")
    async def flagged_handled(request: Request, message_id: int) -> Response:
        signed, _form, refused = await posted(request)
        if refused is not None or signed is None:
            return refused or to_login()
        back = f"{PATH}/flagged"
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "待人工消息由信访部门处理，承办单位不能处理。",
                           back=back)
        now = core.clock.now()
        try:
            if not 0 < message_id <= MAX_ID:  # past the id column: none, not a driver error
                raise staff.MessageNotFlagged(message_id)
            # What ``cases handled`` records: who and when, kept on the message.
            await core.store.write(lambda s: staff.message_handled(
                s, message_id, actor=signed.principal.actor, now=now))
        except staff.MessageNotFlagged:
            return problem(request, signed, 404,
                           f"没有待人工处理的消息 #{message_id}（可能已有人处理）。", back=back)
        return RedirectResponse(back, status_code=303)

    @router.get("/charts")
    async def charts_page(request: Request) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        today = local_date(core.clock.now())
        params = request.query_params
        try:
            start = _day(params.get("from", "")) or date(today.year, 1, 1)
            end = _day(params.get("to", "")) or date(today.year, 12, 31)
            period = stats.Period(start, end)
        except ValueError:
            return problem(request, signed, 400, "日期请写成 2026-01-31，起始日期不得晚于截止日期。",
                           back=f"{PATH}/charts")
        # Aggregates only, no petitioner data: every staff role may look; the accusation
        # figures only as ``stats.for_viewer`` allows (roles, period, counts).
        figures = stats.for_viewer(
            await stats.collect(core.store, period, today,
                                tokenizer=core.intake.analyzer.tokenizer),
            accusations=access.sees_accusation_statistics(signed.principal))
        from bot import charts  # matplotlib: loaded on the first chart page, not at start

        svgs = await asyncio.to_thread(charts.all_charts, figures)
        response = render(request, "charts.html", signed, period=period, stats=figures,
                          charts=svgs)
        # matplotlib's SVG styles its shapes inline; nothing petitioners wrote is a style.
        response.headers["Content-Security-Policy"] = response.headers[
            "Content-Security-Policy"].replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        return response

    # -- one case ------------------------------------------------------------------------

    async def show(request: Request, signed: Signed, number: str, template: str,
                   composer: dict[str, str] | None = None) -> Response:
        now = core.clock.now()
        purpose = f"GET /console/cases/{{number}}{'/triage' if template == 'triage.html' else ''}"
        triage = template == "triage.html"
        page = await visible(signed, number, lambda s, case: pages.case_page(
            s, case, signed.principal, now=now, deadlines=core.deadlines, purpose=purpose,
            composer=composer) | ({"text": corrections.case_text(s, case),
                                   "judgements": corrections.judged(s, case)}
                                  if triage else {}))
        if page is None:
            return problem(request, signed, 404, f"没有事项 {number.upper()[:40]}，或您无权查看。")
        choices: list[tuple[str, float]] = []
        if triage:
            # The model in use (a promoted one included) ranks the catalogue for one-click
            # choices; classification is CPU work, so off the event loop.
            ranked = await asyncio.to_thread(core.intake.analyzer.classify, page.pop("text"))
            choices = [(label, confidence) for label, confidence in ranked.alternatives
                       if label in categories]
        return render(request, template, signed, categories=categories, choices=choices,
                      units=sorted(core.units.units), **page)

    @router.get("/cases/{number}")
    async def case_page(request: Request, number: str) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        return await show(request, signed, number, "case.html")

    @router.get("/cases/{number}/dispatch")
    async def dispatch_page(request: Request, number: str) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()

        def work(session: Session, case: Case) -> str:
            try:
                return dispatch.sheet_text(dispatch.dispatch_sheet(session, case, core.units))
            except dispatch.DispatchRefused:
                return ""

        text = await visible(signed, number, work)
        if text is None:
            return problem(request, signed, 404, f"没有事项 {number.upper()[:40]}，或您无权查看。")
        if not text:
            return problem(request, signed, 409, "防火墙拒绝：承办单位是被检举单位或其下级单位，不能生成"
                           "交办单（《信访工作条例》第三十条、第四十六条）。", back=case_url(number))
        return render(request, "dispatch.html", signed, number=number.upper()[:40], text=text)

    @router.get("/cases/{number}/triage")
    async def triage_page(request: Request, number: str) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "分办由信访部门进行，承办单位不能分办。",
                           back=case_url(number))
        return await show(request, signed, number, "triage.html")

    @router.get("/cases/{number}/matters")
    async def matters_page(request: Request, number: str) -> Response:
        """并单: this case beside the open cases that are likely the same matter."""
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        now = core.clock.now()
        page = await visible(signed, number, lambda s, case: merging.matters_page(
            s, case, signed.principal, core.matters, now=now, units=core.units))
        if page is None:
            return problem(request, signed, 404, f"没有事项 {number.upper()[:40]}，或您无权查看。")
        return render(request, "matters.html", signed, **page)

    @router.post("/cases/{number}/actions/{action}")
    async def act(request: Request, number: str, action: str) -> Response:
        signed, form, refused = await posted(request)
        if refused is not None or signed is None:
            return refused or to_login()
        back = case_url(number, "triage" if form.get("next") == "triage" else "")
        if action not in workflow.TRANSITIONS:
            return problem(request, signed, 404, "没有这个操作。", back=back)
        if not may_act(signed.principal, action):
            role = wording.label(wording.ROLES, signed.principal.role)
            return problem(request, signed, 403,
                           f"{role}不能执行「{wording.label(wording.ACTIONS, action)}」。", back=back)
        if "preview" in form:
            fields = {k: v for k, v in form.items() if k in ACTION_FIELDS}
            return await show(request, signed, number, "case.html", composer=fields)
        try:
            fields = _action_fields(form)
        except ValueError as exc:
            return problem(request, signed, 400, str(exc), back=back)
        now = core.clock.now()

        def work(session: Session, case: Case) -> bool:
            staff.act(session, case.number, action, actor=signed.principal.actor, now=now,
                      deadlines=core.deadlines, units=core.units, **fields)
            return True

        return await _outcome(request, signed, number, back, work, translate=True)

    splitter = split.Splitter.of(core)

    @router.post("/cases/{number}/split")
    async def split_part(request: Request, number: str) -> Response:
        """One matter of a message that told several, registered as a case of its own (the
        citizen is told its number and code); back to this case, which links to it."""
        signed, form, refused = await posted(request)
        if refused is not None or signed is None:
            return refused or to_login()
        back = case_url(number)
        if access.unit_of(signed.principal) is not None or \
                not may_act(signed.principal, split.ACTION):
            role = wording.label(wording.ROLES, signed.principal.role)
            return problem(request, signed, 403, f"{role}不能分出登记事项。", back=back)
        part = form.get("part", "").strip()
        if not part.isdigit():
            return problem(request, signed, 400, "请选择要分出登记的事项。", back=back)
        text = form.get("text", "")[:split.MAX_TEXT * 2]
        now = core.clock.now()

        def work(session: Session, case: Case) -> bool:
            splitter.split(session, case.number, int(part), text=text,
                           actor=signed.principal.actor, now=now)
            return True

        return await _outcome(request, signed, number, back, work, translate=True)

    @router.post("/cases/{number}/category")
    async def category(request: Request, number: str) -> Response:
        signed, form, refused = await posted(request)
        if refused is not None or signed is None:
            return refused or to_login()
        back = case_url(number, "triage")
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "承办单位不能更改类别。", back=back)
        now = core.clock.now()

        def work(session: Session, case: Case) -> bool:
            records.set_category(session, case, form.get("category", ""),
                                 actor=signed.principal.actor, now=now, known=categories)
            return True

        return await _outcome(request, signed, number, back, work)

    @router.post("/cases/{number}/judgement")
    async def judgement(request: Request, number: str) -> Response:
        """A clerk confirms or corrects the intent or emergency judgement (recorded)."""
        signed, form, refused = await posted(request)
        if refused is not None or signed is None:
            return refused or to_login()
        back = case_url(number, "triage")
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "承办单位不能更正判断。", back=back)
        now = core.clock.now()

        def work(session: Session, case: Case) -> bool:
            corrections.set_judgement(session, case, form.get("judgement", ""),
                                      form.get("value", ""), actor=signed.principal.actor,
                                      source="console", now=now)
            return True

        return await _outcome(request, signed, number, back, work)

    @router.post("/cases/{number}/instruction")
    async def instruction(request: Request, number: str) -> Response:
        signed, form, refused = await posted(request)
        if refused is not None or signed is None:
            return refused or to_login()
        back = case_url(number)
        if signed.principal.role not in ("supervisor", "admin"):
            return problem(request, signed, 403, "只有领导（督办）或管理员账号可以批示。", back=back)
        now = core.clock.now()

        def work(session: Session, case: Case) -> bool:
            records.instruct(session, case, form.get("text", ""),
                             actor=signed.principal.actor, now=now)
            return True

        return await _outcome(request, signed, number, back, work)

    async def _outcome(request: Request, signed: Signed, number: str, back: str,
                       work: Callable[[Session, Case], bool], translate: bool = False) -> Response:
        """Run a change; a refusal raised inside rolls the transaction back and is shown."""
        try:
            done = await visible(signed, number, work)
        except workflow.TransitionRefused as exc:
            reason = wording.refusal(str(exc)) if translate else str(exc)
            return problem(request, signed, 409, reason, back=back)
        except staff.CaseNotFound:
            done = None
        if done is None:
            return problem(request, signed, 404, f"没有事项 {number.upper()[:40]}，或您无权查看。")
        return RedirectResponse(back, status_code=303)

    @router.get("/cases/{number}/attachments/{attachment_id}")
    async def attachment(request: Request, number: str, attachment_id: int) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        now = core.clock.now()

        def work(session: Session, case: Case) -> Attachment | str:
            if not access.sees_identity(signed.principal, case):
                return "检举控告事项的附件可能显示信访人身份，承办单位不能下载（第三十条）。"
            found = session.exec(select(Attachment).where(
                Attachment.id == attachment_id, pages.attachments_of(case))).first()
            if found is None:
                return ""
            record_access(session, signed.principal, case_number=case.number,
                          fields=["attachment"], purpose="GET /console/cases/{number}/attachments",
                          now=now, attachment=attachment_id)
            return found

        found = await visible(signed, number, work)
        if isinstance(found, str) and found:
            return problem(request, signed, 403, found, back=case_url(number))
        if not isinstance(found, Attachment):
            return problem(request, signed, 404, "没有这个附件。", back=case_url(number))
        data = core.store.files.get(found.sha256)
        name = quote(found.original_name or f"attachment-{found.id}")
        return Response(data, media_type=pages.safe_type(found.content_type), headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})

    # -- 来访 / 来电 -----------------------------------------------------------------------

    @router.get("/desk")
    async def desk_page(request: Request) -> Response:
        signed = await signed_in(request)
        if signed is None:
            return to_login()
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "来访、来电由信访部门登记。")
        return render(request, "desk.html", signed, form={}, error="", done=None)

    @router.post("/desk")
    async def desk_register(request: Request) -> Response:
        signed, form, refused = await posted(request)
        if refused is not None or signed is None:
            return refused or to_login()
        if access.unit_of(signed.principal) is not None:
            return problem(request, signed, 403, "来访、来电由信访部门登记。")
        try:
            parsed = desk.DeskForm.parse(form)
        except desk.DeskError as exc:
            return render(request, "desk.html", signed, status=400, form=form, error=str(exc),
                          done=None)
        try:
            done = await desk.register(core, signed.principal, parsed)
        except IntakeUnavailable:
            return render(request, "desk.html", signed, status=503, form=form, done=None,
                          error="暂时无法保存，请稍后再试（表单内容仍在本页）。")
        return render(request, "desk.html", signed, form={}, error="", done=done)

    return router


def _set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, path=PATH, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


_CHINESE_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _day(text: str) -> date | None:
    """A date as people in China write it: 2026-01-31, 2026/1/31, 2026.1.31, 2026年1月31日."""
    text = text.strip()
    if not text:
        return None
    found = _CHINESE_DAY.match(text)
    if found is None:
        raise ValueError(f"not a date: {text[:20]}")
    return date(int(found[1]), int(found[2]), int(found[3]))


def _action_fields(form: dict[str, str]) -> dict[str, Any]:
    """The staff action's fields from the form: text as given, numbers and lists parsed."""
    fields: dict[str, Any] = {}
    for key, value in form.items():
        value = value.strip()
        if key not in ACTION_FIELDS or not value:
            continue
        if key in ("days", "score"):
            try:
                fields[key] = int(value)
            except ValueError:
                raise ValueError(f"「{wording.FIELDS[key]}」请填写整数。") from None
        elif key == "accused":
            fields[key] = [u.strip() for u in value.replace("、", "\n").replace(",", "\n")
                           .splitlines() if u.strip()]
        else:
            fields[key] = value[:8000]
    return fields


def _row(session: Session, principal: Principal, case: Case) -> dict[str, Any]:
    """A line of a case list: no identity, and the subject masked where identity is withheld."""
    subject = case.subject
    if subject and not access.sees_identity(principal, case):
        subject = mask_text(subject, known_strings(session, case))
    return {"number": case.number, "status": case.status, "category": case.category,
            "confidence": case.category_confidence, "unit": case.unit, "channel": case.channel,
            "subject": subject, "received_at": case.received_at,
            "statutory_type": case.statutory_type, "emergency": case.emergency,
            "for_person": case.needs_human or case.route_level == "triage",
            "next_due": cases.next_deadline(case)}


def _queue_rows(session: Session, principal: Principal, units: UnitTree,
                after: records.QueueCursor | None = None,
                ) -> tuple[list[dict[str, Any]], records.QueueCursor | None]:
    rows = []
    page = records.queue_page(session, principal, units, after=after, limit=QUEUE_PAGE)
    queued = page.rows
    firsts = _first_lines(session, [case.id for case, _ in queued if case.id is not None])
    for case, instructed in queued:
        row = _row(session, principal, case)
        row["instructed"] = instructed
        line = firsts.get(case.id or 0, "")
        if line and not access.sees_identity(principal, case):
            line = mask_text(line, known_strings(session, case))
        row["first_line"] = line
        rows.append(row)
    return rows, page.next


def _first_lines(session: Session, case_ids: list[int], width: int = 60) -> dict[int, str]:
    """The first line of each case's first message: what the matter is, at a glance."""
    if not case_ids:
        return {}
    first = (select(func.min(Message.id)).where(col(Message.case_id).in_(case_ids))
             .group_by(col(Message.case_id)))
    found = {}
    for case_id, text in session.exec(
            select(Message.case_id, Message.text).where(col(Message.id).in_(first))):
        line = next((part.strip() for part in text.splitlines() if part.strip()), "")
        if case_id is not None:
            found[case_id] = line if len(line) <= width else line[:width - 1] + "…"
    return found
