"""Alembic's entry point: runs migrations on the connection handed over in the config."""

from __future__ import annotations

from alembic import context

from dlquiz.storage.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER by copying a table
    # SQLite's DDL is transactional: a migration and its stamp commit together.
    transactional_ddl=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
