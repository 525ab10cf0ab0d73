"""category corrections: a clerk's verdict on the classifier's category, with the text it was
about, for retraining on the bureau's own cases (issue 18)

Revision ID: 0008_classifier
Revises: 0008_matters (re-chained after the matters branch landed first)
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_classifier"
down_revision = "0008_matters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "categorycorrection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("predicted", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("categorycorrection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_categorycorrection_case_id"), ["case_id"])
        batch_op.create_index(batch_op.f("ix_categorycorrection_at"), ["at"])


def downgrade() -> None:
    with op.batch_alter_table("categorycorrection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_categorycorrection_at"))
        batch_op.drop_index(batch_op.f("ix_categorycorrection_case_id"))
    op.drop_table("categorycorrection")
