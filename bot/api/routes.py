"""The staff REST API under ``/api``: who am I, search cases, read one, act on one; the
messages flagged for a person that no case holds, reading one (its sender whole, audited) and
marking one handled.

Each request is one store transaction; a read of personal data writes its audit row in the
same transaction, so no read goes unrecorded.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the parameter annotations of
# the route functions, which name objects local to ``build_router``.
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query
from sqlmodel import Session

from bot import access, cases, corrections, dispatch, split, staff, workflow
from bot.api.accounts import Principal
from bot.api.audit import record_access
from bot.api.auth import principal_dependency
from bot.api.errors import ApiError, Conflict, Forbidden, NotFound
from bot.api.personal import (
    FLAGGED_DETAIL_FIELDS,
    flagged_detail,
    flagged_row,
    identity_of,
    known_strings,
    redact,
    without_codes,
)
from bot.api.queries import TOTAL_LIMIT, CaseFilter, search
from bot.api.roles import ACTIONS_BY_ROLE, may_act
from bot.api.schemas import (
    ERROR_RESPONSES,
    CaseList,
    CaseView,
    ErrorReply,
    FlaggedDetail,
    FlaggedList,
    FlaggedMessage,
    Handled,
    Me,
)
from bot.firewall import UnitTree
from storage import Case

if TYPE_CHECKING:
    from bot.core import Core

#: Names the API supplies itself; a body may not set them (``units`` is the bureau's unit tree
#: for the whistleblower firewall; an ``accuse`` names the accused units as ``accused``).
RESERVED_FIELDS = frozenset({"session", "number", "action", "actor", "now", "deadlines",
                             "units"})
#: Every case action: the workflow's transitions, and splitting one matter of several off.
CASE_ACTIONS = frozenset({*workflow.TRANSITIONS, split.ACTION})
#: The largest row id (a 32-bit INTEGER column): a larger one is refused (422), not a 500.
MAX_ID = 2**31 - 1
#: A field's value: text, a number (days, score), or a list of names (accused units).
FieldValue = str | int | list[str]


def bureau_only(principal: Principal, verb: str) -> None:
    """Messages no case holds belong to the bureau: a unit's handler is refused (403)."""
    if access.unit_of(principal) is not None:
        raise Forbidden(f"messages no case holds are the bureau's: a unit's handler may "
                        f"not {verb} them")


@contextmanager
def flagged_or_404(message_id: int) -> Iterator[None]:
    """A message not flagged (or handled already) is a 404, not a server error."""
    try:
        yield
    except staff.MessageNotFlagged as exc:
        raise NotFound(f"no flagged message {message_id} without a case") from exc


@contextmanager
def refused_as_409() -> Iterator[None]:
    """A transition the case's state refuses is a conflict (409) that says why."""
    try:
        yield
    except workflow.TransitionRefused as exc:
        raise Conflict(str(exc), code="refused") from exc


def visible_case(session: Session, principal: Principal, number: str,
                 units: UnitTree) -> Case:
    """The case numbered ``number`` if this account may see it; any other is a 404, so an
    account cannot learn that a case it may not see exists."""
    case = cases.find_case(session, number)
    if case is None or not access.may_see(principal, case, units):
        raise NotFound(f"no case {number.upper()[:40]}")
    return case


def split_fields(fields: dict[str, FieldValue]) -> tuple[int, str]:
    """``split``'s body: ``part`` (from 1, required) and ``text`` (optional: the new case's
    words instead of the part's); anything else is refused, naming the field (422)."""
    unknown = sorted(set(fields) - {"part", "text"})
    if unknown:
        raise ApiError(f"split takes part and text, not {', '.join(unknown)[:80]}",
                       code="invalid", status=422)
    part, text = fields.get("part"), fields.get("text", "")
    if isinstance(part, str) and part.strip().isdigit():
        part = int(part)
    if not isinstance(part, int) or isinstance(part, bool) or not 1 <= part <= 99:
        raise ApiError("split needs part: the number (from 1) of a part of the case's "
                       "several_matters event", code="invalid", status=422)
    if not isinstance(text, str):
        raise ApiError("split: text must be a string", code="invalid", status=422)
    return part, text


def build_router(core: "Core") -> APIRouter:
    router = APIRouter(prefix="/api", tags=["staff"], responses=ERROR_RESPONSES)
    authenticated = principal_dependency(core.store)
    User = Annotated[Principal, Depends(authenticated)]

    @router.get("/me", response_model=Me, summary="the account behind the token")
    async def me(principal: User) -> Me:
        allowed = ACTIONS_BY_ROLE.get(principal.role, frozenset())
        actions = sorted(CASE_ACTIONS) if "*" in allowed else sorted(allowed)
        return Me(name=principal.name, role=principal.role, unit=principal.unit,
                  actions=actions)

    @router.get("/cases", response_model=CaseList, summary="search cases, newest first")
    async def list_cases(
        principal: User,
        status: Annotated[str, Query(max_length=40)] = "",
        unit: Annotated[str, Query(max_length=200)] = "",
        q: Annotated[str, Query(max_length=200, description=(
            "a case number, a phone number / email / name, or words of the text"))] = "",
        received_from: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
        received_to: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=100)] = 20,
        after: Annotated[str, Query(max_length=40, description=(
            "keyset pagination: the cases after this case number (the previous page's "
            "`next`); fast at any depth, unlike `page`"))] = "",
        count: Annotated[Literal["bounded", "exact"], Query(description=(
            f"`bounded` (default): `total` is exact up to {TOTAL_LIMIT:,}; above, it is "
            f"{TOTAL_LIMIT:,} with `total_exact` false. `exact`: count every match "
            "(slow on a large store: hundreds of ms at a million cases)"))] = "bounded",
    ) -> CaseList:
        scope = access.unit_of(principal)
        if scope is not None and unit and not core.units.same(unit, scope):
            raise Forbidden("a handler sees only the cases of its own unit")
        if received_from and received_to and received_from > received_to:
            raise ApiError("received_from is after received_to")
        wanted = CaseFilter(status=status, unit=unit, q=q, received_from=received_from,
                            received_to=received_to, page=page, per_page=per_page,
                            after=after,
                            count_limit=None if count == "exact" else TOTAL_LIMIT)
        now = core.clock.now()

        def work(session: Session) -> CaseList:
            total, found = search(session, principal, wanted, core.units)
            items = [without_codes(cases.case_view(session, case)) for case in found]
            for case, item in zip(found, items, strict=True):
                if not access.sees_identity(principal, case):
                    redact(item, known_strings(session, case))
            if q.strip():
                # A search by phone, email or name links a person to cases: audit it.
                record_access(session, principal, case_number="", fields=["search"],
                              purpose="GET /api/cases", now=now, q=q.strip(),
                              matches=[case.number for case in found])
            more = len(found) == per_page
            exact = count == "exact" or total <= TOTAL_LIMIT
            return CaseList(items=items, page=page, per_page=per_page,
                            total=total if exact else TOTAL_LIMIT, total_exact=exact,
                            next=found[-1].number if more else "")

        return await core.store.write(work)

    @router.get("/cases/{number}", response_model=CaseView,
                summary="one case with its messages, events and (per role) its petitioner")
    async def show_case(principal: User, number: str) -> dict[str, Any]:
        now = core.clock.now()

        def work(session: Session) -> dict[str, Any]:
            case = visible_case(session, principal, number, core.units)
            view = without_codes(cases.case_view(session, case, with_messages=True))
            if access.sees_identity(principal, case):
                view["petitioner"] = identity_of(session, case)
                view["identity_redacted"] = False
                fields = ["name", "contact", "identities", "messages"]
            else:
                redact(view, known_strings(session, case))
                fields = ["messages (identity redacted)"]
            record_access(session, principal, case_number=case.number, fields=fields,
                          purpose="GET /api/cases/{number}", now=now)
            return view

        return await core.store.write(work)

    @router.get("/cases/{number}/dispatch", response_model=dict[str, Any],
                summary="the dispatch sheet (转送 / 交办单): the matter, never the petitioner",
                responses={409: {"model": ErrorReply,
                                 "description": "the firewall bars the handling unit"}})
    async def dispatch_sheet(principal: User, number: str) -> dict[str, Any]:
        def work(session: Session) -> dict[str, Any]:
            case = visible_case(session, principal, number, core.units)
            try:
                return dispatch.dispatch_sheet(session, case, core.units)
            except dispatch.DispatchRefused as exc:
                raise Conflict(str(exc), code="firewall") from exc

        return await core.store.read(work)

    @router.post("/cases/{number}/actions/{action}", response_model=CaseView,
                 summary="a staff action: accept, reject, assign, answer, close, split …",
                 responses={409: {"model": ErrorReply,
                                  "description": "the case's state refuses the action"}})
    async def act(
        principal: User,
        number: str,
        action: str,
        fields: Annotated[dict[str, FieldValue], Body(
            description="the action's fields: unit, mode, reason, text, decision, days …; "
                        "split: part (from 1) and optionally text",
            openapi_examples={"assign": {"value": {"unit": "市住房和城乡建设委员会",
                                                   "mode": "交办"}},
                              "split": {"value": {"part": 2}}},
        )] = {},  # noqa: B006 - FastAPI copies defaults per request
    ) -> dict[str, Any]:
        if action not in CASE_ACTIONS:
            raise NotFound(f"no action {action[:40]}; the actions are "
                           f"{', '.join(sorted(CASE_ACTIONS))}", code="unknown_action")
        if not may_act(principal, action):
            raise Forbidden(f"a {principal.role} may not {action} cases")
        reserved = sorted(set(fields) & RESERVED_FIELDS)
        if reserved:
            raise ApiError(f"these fields are set by the server: {', '.join(reserved)}",
                           code="invalid", status=422)
        if action == split.ACTION:
            return await split_off(principal, number, *split_fields(fields))
        now = core.clock.now()

        def work(session: Session) -> dict[str, Any]:
            case = visible_case(session, principal, number, core.units)
            try:
                with refused_as_409():
                    view = staff.act(session, case.number, action, actor=principal.actor,
                                     now=now, deadlines=core.deadlines, units=core.units,
                                     **fields)
            except staff.CaseNotFound as exc:
                raise NotFound(f"no case {case.number}") from exc
            if not access.may_see(principal, case, core.units):
                # The action took the case out of this account's hands (退单, or an accuse
                # that named its own unit): it answers, but shows nothing more.
                return {"number": case.number, "status": case.status, "unit": "",
                        "statutory_type": "", "withdrawn_from_you": True}
            view = without_codes(view)
            if not access.sees_identity(principal, case):
                redact(view, known_strings(session, case))
            return view

        return await core.store.write(work)

    splitter = split.Splitter.of(core)

    async def split_off(principal: Principal, number: str, part: int,
                        text: str) -> dict[str, Any]:
        """``split``: part ``part`` of the case's message registered as a case of its own;
        the answer is the new case (``split_from`` names the original)."""
        now = core.clock.now()

        def work(session: Session) -> dict[str, Any]:
            case = visible_case(session, principal, number, core.units)
            with refused_as_409():
                view = splitter.split(session, case.number, part, text=text,
                                      actor=principal.actor, now=now)
            new = cases.find_case(session, view["number"])
            view = without_codes(view)
            if new is not None and not access.sees_identity(principal, new):
                redact(view, known_strings(session, new))
            return view

        return await core.store.write(work)

    @router.post("/cases/{number}/category", response_model=CaseView,
                 summary="triage: confirm or correct the case's category (recorded for retraining)",
                 responses={409: {"model": ErrorReply,
                                  "description": "the case has left triage, or the category "
                                                 "is not in the catalogue"}})
    async def set_category(
        principal: User,
        number: str,
        category: Annotated[str, Body(embed=True, max_length=100,
                                      description="a category of the routing table",
                                      examples=["城乡建设"])],
    ) -> dict[str, Any]:
        if access.unit_of(principal) is not None:
            raise Forbidden("a unit's handler may not change a case's category")
        known = core.intake.conversation.routing.units
        now = core.clock.now()

        def work(session: Session) -> dict[str, Any]:
            case = visible_case(session, principal, number, core.units)
            with refused_as_409():
                corrections.set_category(session, case, category, actor=principal.actor,
                                         source="api", now=now, known=known)
            return without_codes(cases.case_view(session, case))

        return await core.store.write(work)

    @router.get("/flagged", response_model=FlaggedList,
                summary="messages flagged for a person that no case holds, newest first")
    async def flagged(
        principal: User,
        per_page: Annotated[int, Query(ge=1, le=100)] = 20,
        after: Annotated[int, Query(ge=0, le=MAX_ID, description=(
            "keyset pagination: the messages after this id (the previous page's `next`)"))] = 0,
    ) -> FlaggedList:
        bureau_only(principal, "read")
        now = core.clock.now()

        def work(session: Session) -> FlaggedList:
            found = staff.flagged_messages(session, per_page + 1, after)
            shown = found[:per_page]
            if shown:
                # No case holds these texts: the read is audited as a search is.
                record_access(session, principal, case_number="", fields=["flagged messages"],
                              purpose="GET /api/flagged", now=now,
                              messages=[row["id"] for row in shown])
            return FlaggedList(items=[FlaggedMessage(**flagged_row(row)) for row in shown],
                               per_page=per_page,
                               next=str(shown[-1]["id"]) if len(found) > per_page else "")

        return await core.store.write(work)

    @router.get("/flagged/{message_id}", response_model=FlaggedDetail,
                summary="one flagged message with its sender whole (to call back); audited",
                responses={404: {"model": ErrorReply, "description": (
                    "no message flagged for a person without a case has this id (or it was "
                    "handled already)")}})
    async def flagged_one(
        principal: User, message_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    ) -> FlaggedDetail:
        bureau_only(principal, "read")
        now = core.clock.now()

        def work(session: Session) -> FlaggedDetail:
            with flagged_or_404(message_id):
                row = staff.flagged_message(session, message_id)
            # The one API read of a case-less sender's identity: audited as a case view is.
            record_access(session, principal, case_number="", fields=FLAGGED_DETAIL_FIELDS,
                          purpose="GET /api/flagged/{message_id}", now=now,
                          messages=[message_id])
            return FlaggedDetail(**flagged_detail(row))

        return await core.store.write(work)

    @router.post("/flagged/{message_id}/handled", response_model=Handled,
                 summary="a flagged message has been dealt with: off the list, who and when kept",
                 responses={404: {"model": ErrorReply, "description": (
                     "no message flagged for a person without a case has this id (or it was "
                     "handled already)")}})
    async def flagged_handled(
        principal: User, message_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    ) -> dict[str, Any]:
        bureau_only(principal, "handle")
        now = core.clock.now()

        def work(session: Session) -> dict[str, Any]:
            with flagged_or_404(message_id):
                return staff.message_handled(session, message_id, actor=principal.actor,
                                             now=now)

        return await core.store.write(work)

    return router
