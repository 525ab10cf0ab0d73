"""status attempts name the case asked about: guesses are limited per case as well as per sender

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statusattempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("case_number", sa.String(), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_statusattempt_case_number"), ["case_number"])


def downgrade() -> None:
    with op.batch_alter_table("statusattempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statusattempt_case_number"))
        batch_op.drop_column("case_number")
