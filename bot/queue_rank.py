"""The console queue's order, stored on each case so a page walks an index instead of ranking
every open case (issue 21: 108–178 ms p50 at 100,000 cases when computed per page).

The order is: instructed (批示) first, then emergencies, then cases for a person (flagged, or
routed to triage), then the oldest. Those three flags make a rank 0..7 (lower first), kept in
two columns: ``queue_rank`` for every open case (a unit's queue) and ``triage_rank`` for the
bureau's triage queue (new cases, accepted ones with no unit, flagged or instructed open ones).
A case outside a queue has None there, so the index holds only what the queue can show.

The ranks are recomputed before every ORM insert and update of a case (mapper events,
installed when ``bot.cases`` is imported). A writer that inserts cases with Core statements
must fill them with :func:`ranks` (the scale benchmark's builder does); migration
``0011_queue`` computes the same in SQL for stored cases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from bot.cases import OPEN_STATUSES
from storage import Case

RANKS = range(8)


def rank(*, instructed: bool, emergency: bool, needs_human: bool, route_level: str) -> int:
    """0..7: the three priorities as bits, the first the weightiest, 0 where it applies."""
    for_person = needs_human or route_level == "triage"
    return (0 if instructed else 4) + (0 if emergency else 2) + (0 if for_person else 1)


def in_triage(*, status: str, unit: str, needs_human: bool, instructed: bool) -> bool:
    """The bureau's triage work: new cases, accepted ones not yet with a unit (also those a
    unit sent back), and any open case flagged for a person or instructed."""
    if status not in OPEN_STATUSES:
        return False
    return status == "registered" or (status == "accepted" and not unit) \
        or needs_human or instructed


def ranks(row: Any) -> tuple[int | None, int | None]:
    """``(queue_rank, triage_rank)`` for a case or a mapping of its columns."""
    def get(name: str, default: Any) -> Any:
        return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)

    status, unit = get("status", "registered"), get("unit", "") or ""
    needs_human, instructed = bool(get("needs_human", False)), bool(get("instructed", False))
    if status not in OPEN_STATUSES:
        return None, None
    value = rank(instructed=instructed, emergency=bool(get("emergency", False)),
                 needs_human=needs_human, route_level=get("route_level", "") or "")
    triage = in_triage(status=status, unit=unit, needs_human=needs_human, instructed=instructed)
    return value, value if triage else None


def fill(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` (a Core insert's values) with its ranks set."""
    row["queue_rank"], row["triage_rank"] = ranks(row)
    return row


def _keep(_mapper: Any, _connection: Any, case: Case) -> None:
    queue, triage = ranks(case)
    # Assign only on a change: an unchanged value would still mark the column dirty.
    if case.queue_rank != queue:
        case.queue_rank = queue
    if case.triage_rank != triage:
        case.triage_rank = triage


def install() -> None:
    """Keep the ranks on every ORM write of a case (idempotent)."""
    for name in ("before_insert", "before_update"):
        if not event.contains(Case, name, _keep):
            event.listen(Case, name, _keep)


install()
