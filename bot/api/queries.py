"""The case search behind ``GET /api/cases``: filters, the role's scope, pagination.

``q`` matches a case number, a petitioner's phone / email / name (their channel addresses and
the contact they gave), or the text of the case's messages. The cases searched are those ``bot.access`` lets the account see; for a
unit account it never matches the identity or the text of an accusation, only its number: a
search must not tell the unit who accused whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, String, and_, cast, func, or_, true
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import access
from bot.api.accounts import Principal
from bot.clock import CHINA
from bot.firewall import ACCUSATION, UnitTree
from storage import Case, Identity, Message, Petitioner


@dataclass(frozen=True, slots=True)
class CaseFilter:
    status: str = ""
    unit: str = ""
    q: str = ""
    #: Received on or after / on or before these dates (China's calendar), inclusive.
    received_from: date | None = None
    received_to: date | None = None
    page: int = 1
    per_page: int = 20
    #: Keyset pagination: the cases after (older than) this case number, instead of ``page``.
    #: A page deep in a million cases is then read from the index, not counted off.
    after: str = ""


def search(session: Session, principal: Principal, wanted: CaseFilter,
           units: UnitTree) -> tuple[int, list[Case]]:
    """The total count and one page of the cases ``principal`` may see, newest first."""
    conditions: list[ColumnElement[bool]] = []
    scope = access.scope(session, principal, units)
    if scope is not None:
        conditions.append(scope)
    if wanted.unit:
        conditions.append(col(Case.unit).in_(sorted(units.names_of(wanted.unit))))
    if wanted.status:
        conditions.append(col(Case.status) == wanted.status)
    if wanted.received_from is not None:
        conditions.append(col(Case.received_at) >= _start_of(wanted.received_from))
    if wanted.received_to is not None:
        conditions.append(col(Case.received_at) < _start_of(wanted.received_to + timedelta(1)))
    if wanted.q.strip():
        conditions.append(_matches(wanted.q.strip(), identity_allowed=scope is None))
    where = and_(true(), *conditions)
    total = session.exec(select(func.count()).select_from(Case).where(where)).one()
    return int(total), list(session.exec(page_query(where, wanted, after_id(session, wanted))))


def after_id(session: Session, wanted: CaseFilter) -> int | None:
    """The id the keyset page continues below (0: an unknown number, so an empty page)."""
    if not wanted.after:
        return None
    found = session.exec(select(Case.id).where(Case.number == wanted.after.upper())).first()
    return found or 0


def page_query(where: ColumnElement[bool], wanted: CaseFilter,
               below: int | None) -> SelectOfScalar[Case]:
    """One page newest first: by keyset below ``below`` when given, else by page number."""
    statement = select(Case).where(where).order_by(col(Case.id).desc()).limit(wanted.per_page)
    if below is not None:
        return statement.where(col(Case.id) < below)
    return statement.offset((wanted.page - 1) * wanted.per_page)


def _matches(q: str, *, identity_allowed: bool) -> ColumnElement[bool]:
    by_number = col(Case.number).contains(q.upper(), autoescape=True)
    by_identity = or_(
        col(Case.petitioner_id).in_(
            select(Identity.petitioner_id).where(col(Identity.urn).contains(q, autoescape=True))
        ),
        col(Case.petitioner_id).in_(
            select(Petitioner.id).where(or_(
                col(Petitioner.contact).contains(q, autoescape=True),
                col(Petitioner.name) == q,
            ))
        ),
    )
    by_text = col(Case.id).in_(
        select(Message.case_id).where(col(Message.text).contains(q, autoescape=True))
    )
    if identity_allowed:
        return or_(by_number, by_identity, by_text)
    # A unit account: identity and text only on cases that are not accusations
    # (``bot.access.is_accusation``: the type, or an accused unit recorded).
    not_accusation = and_(col(Case.statutory_type) != ACCUSATION,
                          func.length(cast(col(Case.accused_units), String)) <= 2)
    return or_(by_number, and_(not_accusation, or_(by_identity, by_text)))


def _start_of(day: date) -> datetime:
    # In UTC: SQLite stores times as UTC text without a zone and compares them as text.
    return datetime.combine(day, time(0), CHINA).astimezone(UTC)
