"""matter signatures and their retrieval keys: a case is signed once, at registration, and
found again by an indexed key instead of re-reading every earlier text

Revision ID: 0008_matters
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_matters"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casematter",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "matterkey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("matterkey", schema=None) as batch_op:
        batch_op.create_index("ix_matterkey_key_at", ["key", "at"])
        batch_op.create_index(batch_op.f("ix_matterkey_case_id"), ["case_id"])


def downgrade() -> None:
    with op.batch_alter_table("matterkey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matterkey_case_id"))
        batch_op.drop_index("ix_matterkey_key_at")
    op.drop_table("matterkey")
    op.drop_table("casematter")
