"""matterkey name × thing: each stored signature gets a key per named place or party × thing
("" when it names no thing), so a collective check reads only the cases at the new case's
place that are about one of its things or name none (issue 17: on the decide mix 2,905 of
4,924 candidate rows read were about other things, dropped unscored by
``bot.matters.things_apart``). The old keys stay: the 并单 proposals and the collective check
of a text that names no thing read them.

Re-keyed from the stored signature's header (its names and things), with a snapshot of
``nlp.matter_signature.name_thing_keys`` (a migration must not change when the code does); a
progress line on stderr for a large store.

Revision ID: 0017_matterkey_name_thing
Revises: 0016_declined_particulars
Create Date: 2026-12-06
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys

import sqlalchemy as sa
from alembic import op

revision = "0017_matterkey_name_thing"
down_revision = "0016_declined_particulars"
branch_labels = None
depends_on = None

#: Signatures read and re-keyed per statement.
_BATCH = 2000
#: A store with more signatures than this reports its progress.
_REPORT_FROM = 20000
_PREFIX = "nt:"


def _key_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def name_thing_keys(signature: bytes) -> set[int]:
    """The name × thing keys of a stored signature (``MatterSignature.to_bytes``); none for
    bytes that are not one."""
    if signature[:2] != b"M1":
        return set()
    (size,) = struct.unpack_from("<I", signature, 2)
    header = json.loads(signature[6:6 + size].decode("utf-8"))
    pieces = {(kind, piece) for kind, core, _suffix in header["n"]
              for piece in (core[:2], core[-2:])}
    things = tuple(header["t"]) or ("",)
    return {_key_hash(f"{_PREFIX}{kind}:{piece}:{thing}")
            for kind, piece in pieces for thing in things}


def upgrade() -> None:
    bind = op.get_bind()
    matters = sa.table("casematter", sa.column("case_id", sa.Integer),
                       sa.column("signature", sa.LargeBinary))
    cases = sa.table("case", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime))
    keys = sa.table("matterkey", sa.column("key", sa.BigInteger),
                    sa.column("case_id", sa.Integer), sa.column("at", sa.DateTime))
    total = bind.execute(sa.select(sa.func.count()).select_from(matters)).scalar_one()
    report = total > _REPORT_FROM
    done = 0
    after = -1
    while True:
        rows = bind.execute(
            sa.select(matters.c.case_id, matters.c.signature, cases.c.created_at)
            .join(cases, cases.c.id == matters.c.case_id)
            .where(matters.c.case_id > after).order_by(matters.c.case_id).limit(_BATCH)).all()
        if not rows:
            break
        found = [{"key": key, "case_id": case_id, "at": at}
                 for case_id, signature, at in rows for key in name_thing_keys(signature)]
        if found:
            bind.execute(keys.insert(), found)
        after = rows[-1][0]
        done += len(rows)
        if report:
            print(f"\rmatterkey name × thing: {done:,}/{total:,} signatures", end="",
                  file=sys.stderr, flush=True)
    if report:
        print(file=sys.stderr)


def downgrade() -> None:
    # The keys cannot be told apart by their hash: recompute them and delete those.
    bind = op.get_bind()
    matters = sa.table("casematter", sa.column("case_id", sa.Integer),
                       sa.column("signature", sa.LargeBinary))
    keys = sa.table("matterkey", sa.column("key", sa.BigInteger),
                    sa.column("case_id", sa.Integer))
    after = -1
    while True:
        rows = bind.execute(sa.select(matters.c.case_id, matters.c.signature)
                            .where(matters.c.case_id > after)
                            .order_by(matters.c.case_id).limit(_BATCH)).all()
        if not rows:
            break
        for case_id, signature in rows:
            added = sorted(name_thing_keys(signature))
            if added:
                bind.execute(keys.delete().where(keys.c.case_id == case_id,
                                                 keys.c.key.in_(added)))
        after = rows[-1][0]
