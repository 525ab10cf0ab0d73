"""media fetch queue: files named by a message (MMS, Telegram) downloaded later

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mediafetch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("ref", sa.String(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("content_type", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mediafetch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediafetch_message_id"), ["message_id"])
        batch_op.create_index(batch_op.f("ix_mediafetch_status"), ["status"])


def downgrade() -> None:
    with op.batch_alter_table("mediafetch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediafetch_status"))
        batch_op.drop_index(batch_op.f("ix_mediafetch_message_id"))
    op.drop_table("mediafetch")
