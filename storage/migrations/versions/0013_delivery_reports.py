"""delivery reports: a provider's status callback that arrives before the outbox worker
recorded the provider id is held here and applied when it is (it was dropped before)

Revision ID: 0013_delivery_reports
Revises: 0012_accused (re-chained: main's 0012_accused landed first; the lead may re-chain again)
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_delivery_reports"
down_revision = "0012_accused"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveryreport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("provider_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "provider_id", "status", name="uq_deliveryreport"),
    )
    with op.batch_alter_table("deliveryreport", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliveryreport_received_at"), ["received_at"])


def downgrade() -> None:
    with op.batch_alter_table("deliveryreport", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveryreport_received_at"))
    op.drop_table("deliveryreport")
