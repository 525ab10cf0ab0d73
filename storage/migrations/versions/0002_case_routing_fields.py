"""case routing fields: the classifier's judgement and the routing proposal on each case

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT_COLUMNS = ("statutory_type", "legal_route", "place", "route_unit", "route_level")


def upgrade() -> None:
    # Server defaults: databases that already hold cases get valid values for the old rows.
    with op.batch_alter_table("case", schema=None) as batch_op:
        for name in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("emergency", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("route_reasons", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        for name in ("route_reasons", "emergency", *reversed(TEXT_COLUMNS)):
            batch_op.drop_column(name)
