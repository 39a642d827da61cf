"""Bring a collection's schema up to date with Alembic, after a backup.

Alembic is imported only when a migration is due, which keeps it off the
start-up path of every launch but the first after an upgrade.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

# The newest revision in migrations/versions; a test checks they agree.
HEAD_REVISION = "0004_deck"


def current_revision(conn: sqlite3.Connection) -> str | None:
    """The revision stamped in the file, or None for a fresh file."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, *, target: str = "head") -> None:
    """Run the migrations up to ``target`` on ``engine``'s database."""
    from alembic import command

    with engine.begin() as connection:
        config = _alembic_config(connection)
        command.upgrade(config, target)  # type: ignore[arg-type]


def migrate_if_needed(
    engine: Engine, db_path: Path, *, revision: str | None, now: datetime
) -> bool:
    """Upgrade when the file is behind; back it up first if it holds data.

    Returns True when a migration ran.
    """
    if revision == HEAD_REVISION:
        return False
    if revision is not None:
        from dlquiz.storage.backup import take_backup

        take_backup(db_path, now=now)
    upgrade(engine)
    return True
