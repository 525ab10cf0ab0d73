"""accused: a partial index of the cases that name an accused unit, by unit (issue 21: every
list page of a unit's handler read all of the unit's cases to find the few it is barred from)

Revision ID: 0012_accused
Revises: 0011_queue
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_accused"
down_revision = "0011_queue"
branch_labels = None
depends_on = None

# The same expression as ``bot.access.barred`` ("accused_units" is not "[]"): both databases
# use a partial index only for a query whose WHERE implies the index's.
_ACCUSED = 'length(CAST(accused_units AS VARCHAR)) > 2'


def upgrade() -> None:
    op.create_index("ix_case_unit_accused", "case", ["unit"],
                    sqlite_where=sa.text(_ACCUSED), postgresql_where=sa.text(_ACCUSED))


def downgrade() -> None:
    op.drop_index("ix_case_unit_accused", table_name="case")
