"""list pages at a million cases: caseevent by action (批示 first in the queue), cases by
status and by unit walked newest first (keyset pagination)

Revision ID: 0009_perf
Revises: 0008_classifier
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0009_perf"
down_revision = "0008_classifier"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_caseevent_action_case_id", "caseevent", ["action", "case_id"])
    op.create_index("ix_case_status_id", "case", ["status", "id"])
    op.create_index("ix_case_unit_id", "case", ["unit", "id"])
    op.create_index("ix_case_status_unit", "case", ["status", "unit"])
    op.create_index("ix_case_needs_human_status", "case", ["needs_human", "status"])


def downgrade() -> None:
    op.drop_index("ix_case_needs_human_status", table_name="case")
    op.drop_index("ix_case_status_unit", table_name="case")
    op.drop_index("ix_case_unit_id", table_name="case")
    op.drop_index("ix_case_status_id", table_name="case")
    op.drop_index("ix_caseevent_action_case_id", table_name="caseevent")
