"""Alembic migrations for the collection; applied at start-up by ``storage.migrate``."""
