"""sessions: console sign-in sessions in the database, stored by the digest of their cookie,
so that any ``serve`` process sharing the database serves any signed-in request (issue 17)

Revision ID: 0011_sessions
Revises: 0011_side_deadlines (re-chained when main's migration of the same number landed
first; the lead may re-chain again)
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_sessions"
down_revision = "0011_side_deadlines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consolesession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_hash", sa.String(), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["token_id"], ["apitoken.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consolesession", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consolesession_session_hash"), ["session_hash"],
                              unique=True)
        batch_op.create_index(batch_op.f("ix_consolesession_token_id"), ["token_id"])
        batch_op.create_index(batch_op.f("ix_consolesession_expires_at"), ["expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("consolesession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consolesession_expires_at"))
        batch_op.drop_index(batch_op.f("ix_consolesession_token_id"))
        batch_op.drop_index(batch_op.f("ix_consolesession_session_hash"))
    op.drop_table("consolesession")
