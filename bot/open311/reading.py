"""``GET requests``, ``GET requests/{id}`` and ``GET tokens/{token}``: cases as Open311 sees them.

Only cases filed through Open311 are visible here; a petition from any other channel is "not
found", whatever its number. Reads are public as the specification has them, so a public view
carries no personal data and no petition text: status, category, responsible unit, dates. The
client system that filed a request, naming its own ``api_key``, also gets back what it sent
(description, address, coordinates, media URL). An accusation is not shown publicly at all
(``bot.access.public_may_see``): only its filer sees it.

Status: ``closed`` once the case is answered, not accepted, closed, or otherwise finished;
``open`` for everything still in the workflow (including steps the workflow adds later).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot import access, cases, texts
from bot.clock import CHINA
from bot.open311.errors import BadRequest
from storage import Case, Message
from storage.accounts import Open311Request

CLOSED_STATUSES = frozenset({"answered", "not_accepted", "closed", "rated", "final", "merged",
                             "withdrawn", "terminated"})
MAX_SPAN = timedelta(days=90)
MAX_RESULTS = 1000


@dataclass(frozen=True, slots=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


def parse_query(params: dict[str, str], now: datetime) -> RequestQuery:
    """Validate the GET requests parameters; a bad one is a 400."""
    ids = _split(params.get("service_request_id", ""))
    if ids:
        return RequestQuery(ids=tuple(i.upper() for i in ids))  # overrides all other arguments
    statuses = _split(params.get("status", ""))
    if any(s not in ("open", "closed") for s in statuses):
        raise BadRequest("status must be open or closed (comma-separated)")
    start = _instant(params.get("start_date", ""), "start_date")
    end = _instant(params.get("end_date", ""), "end_date")
    if start is None and end is None:
        end = now
    if start is None and end is not None:
        start = end - MAX_SPAN
    if end is None and start is not None:
        end = start + MAX_SPAN
    assert start is not None and end is not None  # both set above
    if start > end:
        raise BadRequest("start_date is after end_date")
    if end - start > MAX_SPAN:
        raise BadRequest("start_date and end_date may not span more than 90 days")
    return RequestQuery(service_codes=tuple(_split(params.get("service_code", ""))),
                        statuses=tuple(statuses), start=start, end=end)


def find_requests(session: Session, query: RequestQuery, client: int | None) -> list[dict[str, Any]]:
    """The Open311 views of the cases that match, newest first."""
    statement = (
        select(Case, Open311Request)
        .join(Open311Request, col(Open311Request.case_number) == col(Case.number))
        .order_by(col(Case.id).desc())
    )
    if query.ids:
        statement = statement.where(col(Case.number).in_(query.ids))
    else:
        if query.start is not None:
            statement = statement.where(col(Case.received_at) >= query.start)
        if query.end is not None:
            statement = statement.where(col(Case.received_at) <= query.end)
        if query.service_codes:
            statement = statement.where(col(Case.category).in_(query.service_codes))
    views: list[dict[str, Any]] = []
    seen: set[str] = set()
    for case, request in session.exec(statement.limit(MAX_RESULTS * 2)):
        if case.number in seen:
            continue  # several Open311 requests attached to one case: one view
        if not access.public_may_see(case, filed_by_reader=client is not None
                                     and client == request.key_id):
            continue
        seen.add(case.number)
        view = request_view(session, case, request, client)
        if query.statuses and view["status"] not in query.statuses:
            continue
        views.append(view)
        if len(views) >= MAX_RESULTS:
            break
    return views


def find_one(session: Session, number: str, client: int | None) -> dict[str, Any] | None:
    views = find_requests(session, RequestQuery(ids=(number.upper(),)), client)
    return views[0] if views else None


def request_view(session: Session, case: Case, request: Open311Request,
                 client: int | None) -> dict[str, Any]:
    closed = case.status in CLOSED_STATUSES
    due = cases.next_deadline(case)
    code = case.category or request.service_code
    view: dict[str, Any] = {
        "service_request_id": case.number,
        "status": "closed" if closed else "open",
        "status_notes": status_notes(case),
        "service_name": code or None,
        "service_code": code,
        "description": None,
        "agency_responsible": case.unit or None,
        "service_notice": None,
        "requested_datetime": w3c(case.received_at),
        "updated_datetime": w3c(case.updated_at),
        "expected_datetime": _end_of(due) if due and not closed else None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    if client is not None and client == request.key_id:
        message = session.get(Message, request.message_id)
        if message is not None:
            meta = message.meta
            view.update(
                description=message.text[:4000],
                address=meta.get("address_string") or None,
                address_id=meta.get("address_id") or None,
                lat=_number(meta.get("lat")),
                long=_number(meta.get("long")),
                media_url=meta.get("media_url") or None,
            )
    return view


def status_notes(case: Case) -> str:
    note = texts.status_name("zh", case.status)
    if case.status == "answered" and case.decision:
        note += f"（{case.decision}）"
    return note


def w3c(moment: datetime) -> str:
    """An RFC 3339 time in UTC; stored times without a zone are UTC (SQLite)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _end_of(day: date) -> str:
    return w3c(datetime.combine(day, time(23, 59, 59), CHINA))


def _number(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _instant(value: str, name: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} must be a W3C datetime, e.g. 2026-01-01T00:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA)  # a local time is the bureau's
    return moment.astimezone(UTC)


def resolve_token(session: Session, token: str, now: datetime) -> Sequence[str] | None:
    """``(token,)`` or ``(token, case number)``; None for an unknown token."""
    request = session.exec(select(Open311Request).where(Open311Request.token == token)).first()
    if request is None:
        return None
    number = settle(session, token, now)
    return (token, number) if number else (token,)


def settle(session: Session, token: str, now: datetime) -> str:
    """The case number of the request behind ``token``, recorded once it is known."""
    request = session.exec(select(Open311Request).where(Open311Request.token == token)).first()
    if request is None:
        return ""
    if request.case_number:
        return request.case_number
    message = session.get(Message, request.message_id)
    if message is None or message.case_id is None:
        return ""
    case = session.get(Case, message.case_id)
    if case is None:
        return ""
    if case.awaiting and case.channel == "open311":
        # Nobody reads a question on this channel: staff see what is missing instead.
        cases.record(session, case, "open311", "intake_incomplete", now, missing=case.awaiting)
        case.awaiting = ""
        session.add(case)
    request.case_number = case.number
    session.add(request)
    return case.number




def settle_pending(session: Session, now: datetime, limit: int = 100) -> None:
    """Record the case numbers of requests the background processor registered since."""
    tokens = session.exec(
        select(Open311Request.token).where(Open311Request.case_number == "")
        .order_by(col(Open311Request.id).desc()).limit(limit)
    )
    for token in list(tokens):
        settle(session, token, now)
