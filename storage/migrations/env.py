"""Alembic environment: the engine comes from ``storage.migrate`` via ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import storage  # noqa: F401  (importing the package registers every table on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
