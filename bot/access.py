"""Who may read a case, and the petitioner on it: one rule for every read path.

The staff API, every console page (queue, search, case, triage, attachments, overdue board,
dispatch sheet, charts), Open311 and the dispatch sheets a unit receives all ask here; nothing
else decides. The rule (《信访工作条例》 Art 30, 46(5)):

- The bureau's own roles (``clerk``, ``supervisor``, ``admin``) see every case.
- A unit account (``handler``) sees a case only while its unit is the handling unit
  (``Case.unit``, names resolved through the unit table: "朝阳区住建委" is
  "朝阳区住房和城乡建设委员会"), and never when its unit is an accused unit or a unit under
  one. The case leaves an accused unit the moment the accusation is recorded
  (``bot.workflow``'s ``accuse``); this rule holds even for data that predates that.
- A unit *above* an accused one is not barred: it is the body with power over the accused
  (Art 30: "交由有权处理的机关") and may be the handling unit the bureau chooses. It never
  learns who accused, because of the next rule.
- On an accusation (statutory type 检举控告, or any case with an accused unit recorded) the
  petitioner's identity is withheld from every unit account, whichever unit it is.
- Accusation statistics (the most-accused units) are for the bureau's leadership only
  (``supervisor``, ``admin``); see ``bot.stats.for_viewer`` for the other limits on them.
- Open311 readers see a case filed there only through the public view, and an accusation not
  even that, unless they are the client system that filed it (``public_may_see``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sqlalchemy import ColumnElement, String, and_, cast, func, literal_column, not_
from sqlmodel import Session, col, select

from bot.firewall import ACCUSATION, UnitTree
from storage import Case

if TYPE_CHECKING:  # bot.api imports this module: the account type is for annotations only
    from bot.api.accounts import Principal

UNIT_ROLE: Final = "handler"
#: Roles entitled to accusation statistics (the ranking of accused units).
STATISTICS_ROLES: Final = frozenset({"supervisor", "admin"})


def is_accusation(case: Case) -> bool:
    """A 检举控告, whether the classifier or staff said so (an accused unit is recorded)."""
    return case.statutory_type == ACCUSATION or bool(case.accused_units)


def unit_of(principal: Principal) -> str | None:
    """The unit a unit account works for; None for the bureau's own roles (every case)."""
    return principal.unit if principal.role == UNIT_ROLE else None


def may_see(principal: Principal, case: Case, units: UnitTree) -> bool:
    """Whether ``principal`` may read ``case`` at all."""
    unit = unit_of(principal)
    if unit is None:
        return True
    return bool(case.unit) and units.same(case.unit, unit) and may_receive(units, case, unit)


def may_receive(units: UnitTree, case: Case, unit: str) -> bool:
    """Whether ``unit`` may hold ``case`` (or its dispatch sheet): not accused, not under one."""
    return units.conflict(unit, case.accused_units) is None


def sees_identity(principal: Principal, case: Case) -> bool:
    """Whether the petitioner's identity may be shown to ``principal`` on ``case``."""
    return not (unit_of(principal) is not None and is_accusation(case))


def sees_accusation_statistics(principal: Principal) -> bool:
    return principal.role in STATISTICS_ROLES


def public_may_see(case: Case, *, filed_by_reader: bool) -> bool:
    """Open311: an accusation is not shown to the public, only to the client that filed it."""
    return filed_by_reader or not is_accusation(case)


def scope(session: Session, principal: Principal, units: UnitTree) -> ColumnElement[bool] | None:
    """The SQL condition selecting exactly the cases :func:`may_see` allows (None: all).

    The unit's cases by any name of the unit, minus those where the unit is barred by an
    accused unit. Accused units are few and their hierarchy lives in the unit table, not in
    SQL, so those cases are read first and excluded by id: counts and pages stay exact.
    """
    found = scope_parts(session, principal, units)
    if found is None:
        return None
    names, rest = found
    return and_(col(Case.unit).in_(sorted(names)), *rest)


def scope_parts(session: Session, principal: Principal, units: UnitTree,
                ) -> tuple[frozenset[str], list[ColumnElement[bool]]] | None:
    """:func:`scope` in two parts (None: all cases): the unit names the cases must have one
    of, and the other conditions. A list walks each name on its own, newest first: on
    ``unit IN (…)`` neither database can walk ``ix_case_unit_id`` in id order."""
    unit = unit_of(principal)
    if unit is None:
        return None
    barred_ids = barred(session, principal, units)
    return units.names_of(unit), (
        [not_(col(Case.id).in_(sorted(barred_ids)))] if barred_ids else [])


def barred(session: Session, principal: Principal, units: UnitTree) -> frozenset[int]:
    """The ids of the unit account's cases it may not see (an accused unit, or one above)."""
    unit = unit_of(principal)
    if unit is None:
        return frozenset()
    mine = col(Case.unit).in_(sorted(units.names_of(unit)))
    # Not "[]": the predicate of the partial index ``ix_case_unit_accused`` (0012), written
    # with the 2 in the SQL text so that PostgreSQL's generic (prepared) plans, which see no
    # parameter values, can prove the index applies too. Without it every case of the unit
    # was read on each list page of its handler (0.8–1.1 s at a million cases).
    with_accused = func.length(cast(col(Case.accused_units), String)) > literal_column("2")
    return frozenset(case_id for case_id, accused in session.exec(
        select(Case.id, Case.accused_units).where(mine, with_accused))
        if case_id is not None and units.conflict(unit, accused) is not None)
