"""escalation: the staff notification outbox (staffnotice), the audit-trail cursor of the
escalation round, the next escalation rung of a case, and (status, due date) indexes so
a supervision round selects only cases near or past one (issue 16 item 3, issue 21)

Revision ID: 0009_escalation
Revises: 0009_perf (re-chained after the perf branch landed first)
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_escalation"
down_revision = "0009_perf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staffnotice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key", name="uq_staffnotice_dedup"),
    )
    with op.batch_alter_table("staffnotice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staffnotice_case_id"), ["case_id"])
        batch_op.create_index("ix_staffnotice_due", ["status", "next_attempt_at"])
    op.create_table(
        "escalationcursor",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("supervision_next", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("unit_notice_due", sa.Date(), nullable=True))
        batch_op.create_index("ix_case_status_acceptance_due", ["status", "acceptance_due"])
        batch_op.create_index("ix_case_status_handling_due", ["status", "handling_due"])
        batch_op.create_index("ix_case_status_review_due", ["status", "review_due"])
        batch_op.create_index("ix_case_status_unit_notice_due", ["status", "unit_notice_due"])
    # Escalation starts now: the audit trail's past emergencies and 批示 are not sent again.
    op.execute("INSERT INTO escalationcursor (name, last_event_id) "
               "SELECT 'events', COALESCE(MAX(id), 0) FROM caseevent")
    # Cases raised before this revision: look at them once more, so they climb the ladder.
    op.execute('UPDATE "case" SET supervision_next = supervision_due '
               "WHERE supervision_due IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_status_unit_notice_due")
        batch_op.drop_index("ix_case_status_review_due")
        batch_op.drop_index("ix_case_status_handling_due")
        batch_op.drop_index("ix_case_status_acceptance_due")
        batch_op.drop_column("unit_notice_due")
        batch_op.drop_column("supervision_next")
    op.drop_table("escalationcursor")
    with op.batch_alter_table("staffnotice", schema=None) as batch_op:
        batch_op.drop_index("ix_staffnotice_due")
        batch_op.drop_index(batch_op.f("ix_staffnotice_case_id"))
    op.drop_table("staffnotice")
