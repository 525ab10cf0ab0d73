"""declined particulars: what a petitioner has said they will not give (name, contact), so a
later matter of theirs is registered without asking for it again

Revision ID: 0016_declined_particulars
Revises: 0015_flagged_messages
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_declined_particulars"
down_revision = "0015_flagged_messages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("petitioner") as batch:
        batch.add_column(sa.Column("declined", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("petitioner") as batch:
        batch.drop_column("declined")
