"""Sync through a PostgreSQL hub: events travel, card state is replayed (docs/sync.md)."""
