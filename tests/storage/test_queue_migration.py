"""Migration 0011_queue ranks the cases a store already holds exactly as ``bot/queue_rank.py``
ranks them on every write (its SQL is a snapshot of those rules)."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy import text

from bot import queue_rank
from storage.engine import make_engine
from storage.migrate import upgrade

STATUSES = ("registered", "accepted", "assigned", "answered", "review_requested", "closed")


def test_the_migration_ranks_stored_cases_as_the_code_does(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0010_dialogue")
        at = datetime(2026, 3, 1, 8, 0)
        combos = list(itertools.product(STATUSES, ("", "市公安局"), (False, True), (False, True),
                                        ("", "triage"), (False, True)))
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO petitioner (id, name, contact, locale, created_at, id_number) "
                "VALUES (1, '', '', 'zh', :at, '')"), {"at": at})
            connection.execute(text(
                "INSERT INTO identity (id, urn, channel, petitioner_id, display_name, opted_out,"
                " blocked, created_at) VALUES (1, 'tel:+8613800001111', 'sms', 1, '', :f, :f,"
                " :at)"), {"at": at, "f": False})
            for n, (status, unit, needs_human, emergency, level, instructed) in enumerate(
                    combos, 1):
                connection.execute(text(
                    'INSERT INTO "case" (id, number, code_hash, petitioner_id, identity_id,'
                    " channel, status, subject, category, category_confidence, unit,"
                    " statutory_type, legal_route, emergency, place, route_unit, route_level,"
                    " route_reasons, awaiting, needs_human, decision, answer, assign_mode,"
                    " unit_report, facts, legal_basis, accused_units, extended_days,"
                    " hearing_pauses, merged_into, supervision, received_at, created_at,"
                    " updated_at) VALUES (:n, :number, '-', 1, 1, 'sms', :status, '', '', 0,"
                    " :unit, '', '', :emergency, '', '', :level, '[]', '', :needs_human, '', '',"
                    " '', '', '', '', '[]', 0, '[]', '', '', :at, :at, :at)"),
                    {"n": n, "number": f"XF2026-{n:06d}", "status": status, "unit": unit,
                     "emergency": emergency, "level": level, "needs_human": needs_human,
                     "at": at})
                if instructed:
                    connection.execute(text(
                        "INSERT INTO caseevent (case_id, actor, action, at, details) VALUES"
                        " (:n, 'staff:lead', 'instruct', :at, '{}')"), {"n": n, "at": at})
        upgrade(engine)
        with engine.connect() as connection:
            stored = {row.id: (row.queue_rank, row.triage_rank) for row in connection.execute(
                text('SELECT id, queue_rank, triage_rank FROM "case"'))}
        expected = {n: queue_rank.ranks({
            "status": status, "unit": unit, "needs_human": needs_human,
            "emergency": emergency, "route_level": level, "instructed": instructed})
            for n, (status, unit, needs_human, emergency, level, instructed)
            in enumerate(combos, 1)}
        assert stored == expected
        assert len({ranks for ranks in expected.values()}) > 10  # every rule is exercised
    finally:
        engine.dispose()
