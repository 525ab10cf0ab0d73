"""queue: the console queue's priority stored on each case, with the indexes its pages walk
by keyset (issue 21: the queue ranked every new case on each page)

Revision ID: 0011_queue
Revises: 0011_sessions (re-chained after main's 0011_side_deadlines and 0011_sessions: one head)
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_queue"
down_revision = "0011_sessions"
branch_labels = None
depends_on = None

# A snapshot of bot.cases.OPEN_STATUSES and bot.queue_rank's rules as of this revision: a
# migration must not change meaning when the code moves on.
_OPEN = "('registered', 'accepted', 'assigned', 'review_requested', 'rereview_requested')"
_RANK = ("(CASE WHEN instructed THEN 0 ELSE 4 END + CASE WHEN emergency THEN 0 ELSE 2 END"
         " + CASE WHEN needs_human OR route_level = 'triage' THEN 0 ELSE 1 END)")
_TRIAGE = ("(status = 'registered' OR (status = 'accepted' AND unit = '')"
           " OR needs_human OR instructed)")


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        # A constant default ('0' is false to both databases): with an expression default
        # (sa.false()) Alembic rebuilds SQLite's case table, and DROP TABLE "case" fails on
        # the foreign keys of a store that holds cases.
        batch_op.add_column(sa.Column("instructed", sa.Boolean(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("queue_rank", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("triage_rank", sa.Integer(), nullable=True))
    op.execute('UPDATE "case" SET instructed = ' + str(sa.true().compile(
        dialect=op.get_bind().dialect)) +
        " WHERE id IN (SELECT case_id FROM caseevent WHERE action = 'instruct')")
    op.execute(f'UPDATE "case" SET queue_rank = {_RANK} WHERE status IN {_OPEN}')
    op.execute(f'UPDATE "case" SET triage_rank = queue_rank WHERE status IN {_OPEN} AND {_TRIAGE}')
    op.create_index("ix_case_triage_queue", "case", ["triage_rank", "received_at", "id"])
    op.create_index("ix_case_unit_queue", "case", ["unit", "queue_rank", "received_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_case_unit_queue", table_name="case")
    op.drop_index("ix_case_triage_queue", table_name="case")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("triage_rank")
        batch_op.drop_column("queue_rank")
        batch_op.drop_column("instructed")
