"""case workflow: dispatch, firewall, extension, review clocks, supervision; appointments, ratings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TEXT_COLUMNS = ("assign_mode", "unit_report", "facts", "legal_basis", "merged_into",
                "supervision")
JSON_COLUMNS = ("accused_units", "hearing_pauses")
DATE_COLUMNS = ("delivered_on", "review_started_on", "review_due", "supervision_due")


def upgrade() -> None:
    # Server defaults: databases that already hold cases get valid values for the old rows.
    with op.batch_alter_table("case", schema=None) as batch_op:
        for name in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(), nullable=False, server_default=""))
        for name in JSON_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("extended_days", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        for name in DATE_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.Integer(), nullable=True))

    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("leader", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("result", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointment_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointment_day"), ["day"], unique=False)

    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rating_unit"), ["unit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_unit"))
        batch_op.drop_index(batch_op.f("ix_rating_case_id"))
    op.drop_table("rating")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_day"))
        batch_op.drop_index(batch_op.f("ix_appointment_case_id"))
    op.drop_table("appointment")
    with op.batch_alter_table("case", schema=None) as batch_op:
        for name in ("rating", *reversed(DATE_COLUMNS), "answered_at", "extended_days",
                     *reversed(JSON_COLUMNS), *reversed(TEXT_COLUMNS)):
            batch_op.drop_column(name)
