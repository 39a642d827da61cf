"""Opening and closing a collection: lock, checks, migrations, backups.

A :class:`Collection` owns the engine and hands out one ``Session`` per unit
of work (one answer, one import); sessions are never shared across threads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from dlquiz.core.clock import Clock
from dlquiz.core.settings import Settings
from dlquiz.storage import backup as backups
from dlquiz.storage.checkpoint import Checkpointer
from dlquiz.storage.engine import looks_like_sqlite, make_engine, raw_connect
from dlquiz.storage.lock import CollectionInUse, CollectionLock
from dlquiz.storage.migrate import current_revision, migrate_if_needed
from dlquiz.storage.schema import SettingRow

BACKUP_EVERY = timedelta(minutes=30)

__all__ = [
    "Collection",
    "CollectionDamaged",
    "CollectionInUse",
    "NotACollection",
    "open_collection",
]


@dataclass
class CollectionDamaged(Exception):
    """The file cannot be used; ``backup`` is the newest good one, if any."""

    path: Path
    reason: str
    backup: backups.Backup | None

    def __str__(self) -> str:
        text = f"{self.path}: the collection is damaged ({self.reason})."
        if self.backup is not None:
            text += (
                f" The newest good backup is {self.backup.name} "
                f"({self.backup.taken_at:%Y-%m-%d %H:%M} UTC); restore it with "
                f"'dlquiz backup restore {self.backup.name}'. "
                "The damaged file is kept aside, not deleted."
            )
        else:
            text += " No good backup was found."
        return text


class NotACollection(Exception):
    """The file is a sound SQLite database of some other program: never migrate it."""


def _marker(db_path: Path) -> Path:
    # Present while a dlquiz has the file open; left behind by a crash.
    return db_path.with_name(db_path.name + ".running")


def _check_file(db_path: Path, *, unclean: bool) -> str | None:
    """Return the revision stamped in the file, raising CollectionDamaged if unusable."""
    if not looks_like_sqlite(db_path):
        raise CollectionDamaged(
            db_path, "not an SQLite database", backups.newest_good_backup(db_path)
        )
    try:
        conn = raw_connect(db_path)
        try:
            if unclean:
                row = conn.execute("PRAGMA quick_check").fetchone()
                if row is None or row[0] != "ok":
                    detail = row[0] if row else "no answer"
                    raise CollectionDamaged(
                        db_path,
                        f"integrity check failed: {detail}",
                        backups.newest_good_backup(db_path),
                    )
            revision = current_revision(conn)
            if (
                revision is None
                and conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1"
                ).fetchone()
            ):
                raise NotACollection(
                    f"{db_path}: this SQLite file belongs to another program, not dlquiz; "
                    "it was left untouched (choose another file with --db)"
                )
            return revision
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise CollectionDamaged(db_path, str(error), backups.newest_good_backup(db_path)) from None


class Collection:
    """An open collection file.  Use :func:`open_collection` to get one."""

    def __init__(self, path: Path, engine: Engine, lock: CollectionLock, clock: Clock) -> None:
        self.path = path
        self.engine = engine
        self.clock = clock
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._changed = False
        self._last_backup_at = clock.monotonic()
        self._settings: Settings | None = None
        self.closed = False
        self.checkpointer = Checkpointer(path)
        self.checkpointer.start()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def mark_changed(self) -> None:
        """Note that learner data changed, so a backup is worth taking."""
        self._changed = True

    # --- settings ---

    def settings(self) -> Settings:
        if self._settings is None:
            with self.session() as s:
                items = {row.key: json.loads(row.value) for row in s.scalars(select(SettingRow))}
            self._settings = Settings.from_items(items)
        return self._settings

    def save_settings(self, settings: Settings) -> None:
        """Validate and store every setting in one transaction."""
        settings.validate()
        with self.session() as s:
            for key, value in settings.to_items().items():
                s.merge(SettingRow(key=key, value=json.dumps(value)))
        self._settings = settings
        self.mark_changed()

    # --- backups and integrity ---

    def maybe_backup(self) -> backups.Backup | None:
        """Back up when something changed and the last backup is 30 minutes old."""
        if not self._changed or self.clock.monotonic() - self._last_backup_at < (
            BACKUP_EVERY.total_seconds()
        ):
            return None
        return self.backup_now()

    def backup_now(self) -> backups.Backup:
        result = backups.take_backup(self.path, now=self.clock.now())
        self._changed = False
        self._last_backup_at = self.clock.monotonic()
        return result

    def quick_check(self) -> str:
        """Run ``PRAGMA quick_check`` (for a background check); "ok" when sound."""
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql("PRAGMA quick_check").fetchone()
        return "no answer" if row is None else str(row[0])

    def close(self, *, backup: bool = True) -> None:
        """Back up if anything changed, checkpoint the WAL and let go of the file."""
        if self.closed:
            return
        try:
            self.checkpointer.stop()
            if backup and self._changed:
                self.backup_now()
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.engine.dispose()
            _marker(self.path).unlink(missing_ok=True)
            self._lock.release()
            self.closed = True


def open_collection(path: Path, *, clock: Clock) -> Collection:
    """Lock, check and migrate the collection at ``path``, creating it if new.

    Raises CollectionInUse when another dlquiz holds it and CollectionDamaged
    when SQLite cannot use it; in both cases nothing in the file is touched.
    """
    path = path.expanduser().resolve()
    lock = CollectionLock(path)
    lock.acquire()
    try:
        unclean = _marker(path).exists()
        revision = _check_file(path, unclean=unclean)
        engine = make_engine(path)
        try:
            migrate_if_needed(engine, path, revision=revision, now=clock.now())
        except sqlite3.DatabaseError as error:
            engine.dispose()
            raise CollectionDamaged(path, str(error), backups.newest_good_backup(path)) from None
        _marker(path).write_text("open\n", encoding="utf-8")
        return Collection(path, engine, lock, clock)
    except BaseException:
        lock.release()
        raise


def restore(path: Path, name: str, *, now: datetime) -> Path | None:
    """Restore backup ``name`` over a closed collection; returns where the old file went."""
    path = path.expanduser().resolve()
    lock = CollectionLock(path)
    lock.acquire()
    try:
        aside = backups.restore_backup(path, name, now=now)
        _marker(path).unlink(missing_ok=True)
        return aside
    finally:
        lock.release()
