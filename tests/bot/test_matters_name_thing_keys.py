"""The collective check's name × thing keys (issue 17) find exactly the candidates the name keys
found that ``things_apart`` does not drop; migration 0017 keys a store made before them as the
code keys a new case."""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.matters import things_apart
from nlp import Analyzer
from nlp.matter import MatterJudge
from nlp.matter_signature import MatterSignature, area_name, key_hash, name_thing_keys
from storage.engine import make_engine
from storage.migrate import upgrade
from tests.corpus_slice import texts_in

ROOT = Path(__file__).resolve().parents[2]
#: Training pairs and the recorded burst (never the held-out pairs): texts about a few places,
#: many of them at one place about different things.
SOURCES = (ROOT / "nlp" / "corpus" / "matter_pairs.tsv", ROOT / "bench" / "burst.tsv")


def _texts(limit: int) -> list[str]:
    return list(islice(dict.fromkeys(texts_in(*SOURCES)), limit))


def _old_keys(signature: MatterSignature) -> set[int]:
    """The keys as they were before name × thing keys (a copy of that code)."""
    found: set[int] = set(signature.bands)
    for name in signature.parts.names:
        for piece in {name.core[:2], name.core[-2:]}:
            found.add(key_hash(f"n:{name.kind}:{piece}"))
    for county in {area_name(label) for label in signature.counties}:
        for thing in signature.parts.things:
            found.add(key_hash(f"t:{county}:{thing}"))
    return found


@pytest.fixture(scope="module")
def signatures(analyzer: Analyzer) -> list[MatterSignature]:
    judge = MatterJudge.load(analyzer.tokenizer)
    return [judge.sign(text, analyzer.analyze(text).places) for text in _texts(700)]


def test_the_same_candidates_survive_things_apart(signatures: list[MatterSignature]) -> None:
    old = [_old_keys(signature) for signature in signatures]
    stored = [set(signature.keys()) for signature in signatures]
    survived = read_before = read_now = 0
    for new, new_old in zip(signatures, old, strict=True):
        asked = set(new.collective_keys())
        for other, other_old, other_stored in zip(signatures, old, stored, strict=True):
            if other is new:
                continue
            before = not new_old.isdisjoint(other_old)
            now = not asked.isdisjoint(other_stored)
            apart = things_apart(new, other)
            # read now only what was read before, and kept by things_apart exactly as before
            assert not now or before
            assert (before and not apart) == (now and not apart)
            survived += before and not apart
            read_before += before
            read_now += now
    # the case the keys are for is in the texts: many read before, dropped unscored
    assert survived > 1000
    assert read_now < read_before - 1000


def test_the_stored_keys_keep_the_old_ones(signatures: list[MatterSignature]) -> None:
    for signature in signatures:
        keys = set(signature.keys())
        assert _old_keys(signature) <= keys
        pieces = {(name.kind, piece) for name in signature.parts.names
                  for piece in (name.core[:2], name.core[-2:])}
        assert keys - _old_keys(signature) == \
            name_thing_keys(pieces, signature.parts.things or ("",))


def _insert_case(connection: Any, n: int, at: datetime) -> None:
    connection.execute(text(
        'INSERT INTO "case" (id, number, code_hash, petitioner_id, identity_id,'
        " channel, status, subject, category, category_confidence, unit,"
        " statutory_type, legal_route, emergency, place, route_unit, route_level,"
        " route_reasons, awaiting, needs_human, decision, answer, assign_mode,"
        " unit_report, facts, legal_basis, accused_units, extended_days,"
        " hearing_pauses, merged_into, supervision, received_at, created_at,"
        " updated_at) VALUES (:n, :number, '-', 1, 1, 'sms', 'registered', '', '', 0,"
        " '', '', '', :f, '', '', '', '[]', '', :f, '', '', '', '', '', '', '[]', 0, '[]',"
        " '', '', :at, :at, :at)"), {"n": n, "number": f"XF2026-{n:06d}", "at": at,
                                     "f": False})


def test_the_migration_keys_stored_signatures_as_the_code_does(
        database_url: str, signatures: list[MatterSignature]) -> None:
    engine = make_engine(database_url)
    # named places with several things, with one, with none; and no name
    chosen = [s for s in signatures if s.parts.things][:40] + \
        [s for s in signatures if not s.parts.things][:20]
    assert any(not s.parts.things for s in chosen) and any(s.parts.things for s in chosen)
    assert any(len(s.parts.things) > 1 and s.parts.names for s in chosen)
    try:
        upgrade(engine, "0016_declined_particulars")
        at = datetime(2026, 3, 1, 8, 0)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO petitioner (id, name, contact, locale, created_at, id_number) "
                "VALUES (1, '', '', 'zh', :at, '')"), {"at": at})
            connection.execute(text(
                "INSERT INTO identity (id, urn, channel, petitioner_id, display_name, opted_out,"
                " blocked, created_at) VALUES (1, 'tel:+8613800001111', 'sms', 1, '', :f, :f,"
                " :at)"), {"at": at, "f": False})
            for n, signature in enumerate(chosen, 1):
                _insert_case(connection, n, at)
                connection.execute(text(
                    "INSERT INTO casematter (case_id, signature) VALUES (:n, :s)"),
                    {"n": n, "s": signature.to_bytes()})
                for key in sorted(_old_keys(signature)):
                    connection.execute(text(
                        "INSERT INTO matterkey (key, case_id, at) VALUES (:k, :n, :at)"),
                        {"k": key, "n": n, "at": at})

        def stored() -> dict[int, set[int]]:
            found: dict[int, set[int]] = {n: set() for n in range(1, len(chosen) + 1)}
            with engine.connect() as connection:
                for key, case_id, when in connection.execute(
                        text("SELECT key, case_id, at FROM matterkey")):
                    assert str(when).startswith("2026-03-01 08:00")
                    found[case_id].add(key)
            return found

        upgrade(engine)
        assert stored() == {n: set(s.keys()) for n, s in enumerate(chosen, 1)}
        from alembic import command

        from storage.migrate import alembic_config
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0016_declined_particulars")
        assert stored() == {n: _old_keys(s) for n, s in enumerate(chosen, 1)}
    finally:
        engine.dispose()
