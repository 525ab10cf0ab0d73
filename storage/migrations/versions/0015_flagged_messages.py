"""flagged messages: a partial index of the messages flagged for a person that no case holds
(the console's and the API's list walked every case-less message to find the few flagged:
0.55-0.67 s a page at a million messages, 40 % of them case-less)

Revision ID: 0015_flagged_messages
Revises: 0014_matterkey_covering
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_flagged_messages"
down_revision = "0014_matterkey_covering"
branch_labels = None
depends_on = None

# The list's WHERE as each database's compiler writes it (storage.models.FLAGGED_*; copied,
# not imported: a migration keeps the schema of its day).
_SQLITE = "needs_human IS 1 AND case_id IS NULL"
_POSTGRESQL = "needs_human IS true AND case_id IS NULL"


def upgrade() -> None:
    # The two flags lead: on ``id`` alone SQLite's planner preferred ix_message_case_id.
    op.create_index("ix_message_flagged", "message", ["needs_human", "case_id", "id"],
                    sqlite_where=sa.text(_SQLITE), postgresql_where=sa.text(_POSTGRESQL))


def downgrade() -> None:
    op.drop_index("ix_message_flagged", table_name="message")
