"""Bring a collection's schema up to date with Alembic, after a backup.

Alembic is imported only when a migration is due, which keeps it off the
start-up path of every launch but the first after an upgrade.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

# The newest revision in migrations/versions; a test checks they agree.
HEAD_REVISION = "0010_sync"


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
    """Run the migrations up to ``target`` on ``engine``'s database.

    Give it an engine made with ``make_engine(path, transactional_ddl=True)``:
    every migration and its revision stamp then commit together or not at all.
    """
    from alembic import command

    with engine.connect() as connection:
        config = _alembic_config(connection)
        command.upgrade(config, target)  # type: ignore[arg-type]
        connection.commit()


def table_rows(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """What a file holds, in brief: each table's row count and highest row id.

    Alembic's own stamp is left out: it says which schema the rows are in, not
    which rows there are.
    """
    names = [
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
        )
    ]
    rows: dict[str, tuple[int, int]] = {}
    for name in names:
        count, highest = conn.execute(f'SELECT count(*), max(rowid) FROM "{name}"').fetchone()
        rows[name] = (int(count), int(highest or 0))
    return rows


def _already_backed_up(db_path: Path) -> bool:
    """True when the newest backup holds what the file holds (a migration tried before).

    A migration cut short leaves the file at a later revision than the backup
    taken before it, possibly with tables that the backup lacks; it changed
    the schema, not the learner's rows.  So the two are compared on the tables
    both have: equal rows there mean that backup already keeps this data.
    """
    from dlquiz.storage.backup import list_backups
    from dlquiz.storage.sqlite_files import connect_read_only

    found = list_backups(db_path)
    if not found:
        return False
    try:
        live = connect_read_only(db_path)
        copy = connect_read_only(found[0].path, at_rest=True)
        try:
            live_rows, copy_rows = table_rows(live), table_rows(copy)
        finally:
            live.close()
            copy.close()
    except sqlite3.Error:
        return False
    shared = live_rows.keys() & copy_rows.keys()
    return bool(shared) and all(live_rows[name] == copy_rows[name] for name in shared)


def migrate_if_needed(db_path: Path, *, revision: str | None, now: datetime) -> bool:
    """Upgrade when the file is behind; back it up first if it holds data.

    Each migration commits with its stamp, so a kill leaves the file at the
    last finished revision.  A retry after a failed migration does not add
    another copy of the same data to the backups.  Returns True when a
    migration ran.
    """
    if revision == HEAD_REVISION:
        return False
    if revision is not None and not _already_backed_up(db_path):
        from dlquiz.storage.backup import take_backup

        take_backup(db_path, now=now)
    from alembic.util import CommandError

    from dlquiz.storage.engine import make_engine

    engine = make_engine(db_path, transactional_ddl=True)
    try:
        upgrade(engine)
    except CommandError as error:
        if "Can't locate revision" in str(error):
            from dlquiz.storage.failures import StorageError

            raise StorageError(
                f"{db_path}: this collection was written by a newer dlquiz (schema revision "
                f"{revision}, this one knows up to {HEAD_REVISION}); it was left untouched. "
                "Update dlquiz to open it"
            ) from None
        raise
    finally:
        engine.dispose()
    return True
