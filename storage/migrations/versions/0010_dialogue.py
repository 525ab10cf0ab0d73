"""dialogue: the petitioner's ID number (Art 19 particulars, checksum verified) and clerks'
verdicts on the intent and emergency judgements, with the words that drove them (issue 15)

Revision ID: 0010_dialogue
Revises: 0009_escalation (re-chained after the perf and escalation branches landed first)
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_dialogue"
down_revision = "0009_escalation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("petitioner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_number", sa.String(), nullable=False,
                                      server_default=""))
    op.create_table(
        "judgementcorrection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("judgement", sa.String(), nullable=False),
        sa.Column("predicted", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("judgementcorrection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judgementcorrection_case_id"), ["case_id"])
        batch_op.create_index(batch_op.f("ix_judgementcorrection_at"), ["at"])


def downgrade() -> None:
    with op.batch_alter_table("judgementcorrection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgementcorrection_at"))
        batch_op.drop_index(batch_op.f("ix_judgementcorrection_case_id"))
    op.drop_table("judgementcorrection")
    with op.batch_alter_table("petitioner", schema=None) as batch_op:
        batch_op.drop_column("id_number")
