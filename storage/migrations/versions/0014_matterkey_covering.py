"""matterkey covering: the collective check's candidate pages read (key, at, case_id) from one
index (issue 17: the index on (key, at) sent each key's rows in the window to the table for
their case, ≈ 40 % of the page's time in SQLite)

Revision ID: 0014_matterkey_covering
Revises: 0013_delivery_reports
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0014_matterkey_covering"
down_revision = "0013_delivery_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The new index serves every query the old one did (the old one's columns lead it), so it
    # replaces it: a key's insert maintains as many indexes as before.
    op.create_index("ix_matterkey_key_at_case", "matterkey", ["key", "at", "case_id"])
    op.drop_index("ix_matterkey_key_at", table_name="matterkey")


def downgrade() -> None:
    op.create_index("ix_matterkey_key_at", "matterkey", ["key", "at"])
    op.drop_index("ix_matterkey_key_at_case", table_name="matterkey")
