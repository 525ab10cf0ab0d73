"""The case search behind ``GET /api/cases``: filters, the role's scope, pagination.

``q`` matches a case number, a petitioner's phone / email / name (their channel addresses and
the contact they gave), or the text of the case's messages. The cases searched are those ``bot.access`` lets the account see; for a
unit account it never matches the identity or the text of an accusation, only its number: a
search must not tell the unit who accused whom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, String, and_, cast, func, or_, true, union_all
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import access
from bot.api.accounts import Principal
from bot.clock import CHINA
from bot.firewall import ACCUSATION, UnitTree
from storage import Case, Identity, Message, Petitioner

#: ``GET /api/cases`` counts this many matches at most unless asked for an exact count: the
#: count then costs at most this many index entries on any page, at any store size (as
#: GitLab's API gives no total above 10,000).
TOTAL_LIMIT = 10_000


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
    #: Count the matching cases only up to this many and one more (None: count them all).
    #: An exact count reads every matching index entry — 428k for ``status=closed`` at a
    #: million cases, 140–240 ms on each page — while a bounded one stops after ``limit + 1``.
    count_limit: int | None = None


def search(session: Session, principal: Principal, wanted: CaseFilter,
           units: UnitTree) -> tuple[int, list[Case]]:
    """The count and one page of the cases ``principal`` may see, newest first.

    The count is exact up to ``wanted.count_limit``; above it, it is ``count_limit + 1``
    ("more than the limit"), read from at most that many index entries."""
    conditions: list[ColumnElement[bool]] = []
    # The unit names the cases must have one of (None: any): the account's scope
    # (``bot.access``), narrowed by the ``unit`` asked for.
    names: frozenset[str] | None = None
    scoped = access.scope_parts(session, principal, units)
    if scoped is not None:
        names, rest = scoped
        conditions.extend(rest)
    if wanted.unit:
        asked = units.names_of(wanted.unit)
        names = asked if names is None else names & asked
    if names is not None and not names:
        return 0, []
    if wanted.status:
        conditions.append(col(Case.status) == wanted.status)
    if wanted.received_from is not None:
        conditions.append(col(Case.received_at) >= _start_of(wanted.received_from))
    if wanted.received_to is not None:
        conditions.append(col(Case.received_at) < _start_of(wanted.received_to + timedelta(1)))
    if wanted.q.strip():
        conditions.append(_matches(wanted.q.strip(), identity_allowed=scoped is None))
    other = and_(true(), *conditions)
    where = other if names is None else and_(col(Case.unit).in_(sorted(names)), other)
    return count(session, where, wanted.count_limit), list(session.exec(
        page_query(other, wanted, after_id(session, wanted), sorted(names or ()))))


def count(session: Session, where: ColumnElement[bool], limit: int | None) -> int:
    """The matching cases, counted up to ``limit + 1`` (None: all of them)."""
    if limit is None:
        return int(session.exec(select(func.count()).select_from(Case).where(where)).one())
    matching = select(col(Case.id)).where(where).limit(limit + 1).subquery()
    return int(session.exec(select(func.count()).select_from(matching)).one())


def after_id(session: Session, wanted: CaseFilter) -> int | None:
    """The id the keyset page continues below (0: an unknown number, so an empty page)."""
    if not wanted.after:
        return None
    found = session.exec(select(Case.id).where(Case.number == wanted.after.upper())).first()
    return found or 0


def page_query(where: ColumnElement[bool], wanted: CaseFilter, below: int | None,
               unit_names: Sequence[str] = ()) -> SelectOfScalar[Case]:
    """One page newest first: by keyset below ``below`` when given, else by page number.

    ``unit_names``: the case's unit is one of these (none: any). ``unit IN (…) ORDER BY id``
    cannot be walked in order on ``ix_case_unit_id`` (SQLite sorted all 200k cases of a unit
    at a million for each page; PostgreSQL sorts too): each name is walked on its own,
    newest first and only as deep as the page, and the few ids merged."""
    keyset = [col(Case.id) < below] if below is not None else []
    skipped = 0 if below is not None else (wanted.page - 1) * wanted.per_page
    newest = col(Case.id).desc()
    if len(unit_names) == 1:
        where = and_(where, col(Case.unit) == unit_names[0])
    elif unit_names:
        walks = [select(col(Case.id)).where(where, col(Case.unit) == name, *keyset)
                 .order_by(newest).limit(skipped + wanted.per_page).subquery()
                 for name in unit_names]
        merged = union_all(*(select(walk.c.id) for walk in walks)).subquery()
        where = col(Case.id).in_(select(merged.c.id))
    statement = select(Case).where(where, *keyset).order_by(newest).limit(wanted.per_page)
    return statement.offset(skipped) if skipped else statement


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
