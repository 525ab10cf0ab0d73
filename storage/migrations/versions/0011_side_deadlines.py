"""side deadlines: the sending office's consent to a 退单 and a jurisdiction dispute's
decision (Art 24) are kept as due dates, indexed by (status, due date), so the supervision
round escalates them like the receiving unit's own notice (issue 16)

Revision ID: 0011_side_deadlines
Revises: 0010_dialogue
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_side_deadlines"
down_revision = "0010_dialogue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("dispute_due", sa.Date(), nullable=True))
        batch_op.create_index("ix_case_status_consent_due", ["status", "consent_due"])
        batch_op.create_index("ix_case_status_dispute_due", ["status", "dispute_due"])


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_status_dispute_due")
        batch_op.drop_index("ix_case_status_consent_due")
        batch_op.drop_column("dispute_due")
        batch_op.drop_column("consent_due")
