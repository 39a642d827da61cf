"""Alembic's entry point for the hub: its own scripts and its own version table."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    # Apart from a collection's alembic_version: a hub may share a database with other apps.
    version_table="dlquiz_hub_version",
    transactional_ddl=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
