"""Opening and closing a collection: lock, checks, migrations, backups.

A :class:`Collection` owns the engine and hands out one ``Session`` per unit
of work (one answer, one import); sessions are never shared across threads.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dlquiz.core.clock import Clock
from dlquiz.core.settings import Settings
from dlquiz.storage import backup as backups
from dlquiz.storage import failures
from dlquiz.storage.checkpoint import Checkpointer
from dlquiz.storage.failures import CollectionDamaged
from dlquiz.storage.lock import CollectionInUse, CollectionLock
from dlquiz.storage.migrate import HEAD_REVISION, current_revision, migrate_if_needed
from dlquiz.storage.nofollow import write_side_file
from dlquiz.storage.paths import backups_dir, check_collection_path
from dlquiz.storage.readers import Readers
from dlquiz.storage.seal import take_seal, vouches_for, write_seal
from dlquiz.storage.sqlite_files import (
    BUSY_TIMEOUT_S,
    apply_pragmas,
    looks_like_sqlite,
    quick_check_verdict,
    raw_connect,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

# SQLAlchemy (about 0.4 s to import) is loaded on the first unit of work, not on
# opening: the window shows its first question from plain sqlite3 reads before that.

BACKUP_EVERY = timedelta(minutes=30)

__all__ = [
    "Collection",
    "CollectionDamaged",
    "CollectionInUse",
    "NotACollection",
    "open_collection",
]


class NotACollection(Exception):
    """The file is a sound SQLite database of some other program: never migrate it."""


def _marker(db_path: Path) -> Path:
    # Present while a dlquiz has the file open; left behind by a crash.
    return db_path.with_name(db_path.name + ".running")


def _is_our_unfinished_file(conn: sqlite3.Connection) -> bool:
    """A file whose creation by an older dlquiz was cut short: our tables, all empty.

    (This dlquiz builds a new file under another name and renames it when
    complete, so it never leaves one of these behind.)
    """
    from dlquiz.storage.schema import Base  # only for a file with no revision stamp

    names = [str(n) for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    if not set(names) <= frozenset(Base.metadata.tables) | {"alembic_version"}:
        return False
    return all(conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is None for name in names)


def _check_file(db_path: Path, *, full_check: bool) -> str | None:
    """Return the revision stamped in the file, raising CollectionDamaged if unusable.

    ``full_check`` runs ``PRAGMA quick_check`` (after a crash, and for every
    terminal command); otherwise only the header and schema are read.
    """
    if not looks_like_sqlite(db_path):
        size = db_path.stat().st_size
        reason = "the file is empty" if size == 0 else "not an SQLite database"
        raise failures.damaged(db_path, reason)
    try:
        conn = raw_connect(db_path)
        try:
            if full_check:
                detail = quick_check_verdict(conn)
                if detail != "ok":
                    raise failures.damaged(db_path, f"integrity check failed: {detail}")
            revision = current_revision(conn)
            if revision is None and _is_our_unfinished_file(conn):
                return _UNFINISHED
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
    except sqlite3.Error as error:
        raise _sorted(db_path, error) from None


_UNFINISHED = "unfinished"


def _sorted(path: Path, error: BaseException) -> BaseException:
    explained = failures.explain(path, error)
    return error if explained is None else explained


def _create(path: Path, *, now: datetime) -> None:
    """Build a new, fully migrated collection under a temporary name, then name it.

    A kill at any moment leaves either no collection or a complete one,
    never a half-built file that would later look like another program's.
    """
    building = path.with_name(path.name + ".new")
    for leftover in (building, *(building.with_name(building.name + s) for s in _SIDES)):
        leftover.unlink(missing_ok=True)  # a creation killed before; we hold the lock
    migrate_if_needed(building, revision=None, now=now)
    conn = raw_connect(building)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()  # the last connection: SQLite removes the -wal and -shm files
    fd = os.open(building, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    building.replace(path)


_SIDES = ("-wal", "-shm", "-journal")


class Collection:
    """An open collection file.  Use :func:`open_collection` to get one."""

    def __init__(
        self,
        path: Path,
        lock: CollectionLock,
        clock: Clock,
        *,
        checked_at: datetime | None = None,
        held_by_backup: str | None = None,
    ) -> None:
        self.path = path
        self.clock = clock
        self._lock = lock
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._engine_lock = threading.Lock()  # the GUI thread or a warm-up thread makes it
        self.readers = Readers(path)
        # Changes are counted, not flagged: an answer committed while a backup is
        # being copied may be missing from that copy, so it must still count as
        # not backed up afterwards.
        self._changes = 0
        self._changes_backed_up = 0
        self._backup_lock = threading.Lock()  # one backup at a time; close waits for it
        self._last_backup_at = clock.monotonic()
        # When a full check last vouched for this file (or the file it was sealed
        # from), and the backup known to hold exactly the committed state: both
        # go into the seal of a clean close (storage/seal.py).
        self.checked_at = checked_at
        self._held_by_backup = held_by_backup
        self._settings: Settings | None = None
        self.closed = False
        self.checkpointer = Checkpointer(path)
        self.checkpointer.start()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        self._make_engine()
        assert self._engine is not None
        return self._engine

    def _make_engine(self) -> sessionmaker[Session]:
        with self._engine_lock:
            if self._sessions is None:
                if self.closed:
                    raise failures.StorageError(f"{self.path}: the collection is closed")
                from sqlalchemy.orm import sessionmaker

                from dlquiz.storage.engine import make_engine

                self._engine = make_engine(self.path)
                self._sessions = sessionmaker(self._engine, expire_on_commit=False)
            return self._sessions

    @property
    def orm_loaded(self) -> bool:
        """Whether a unit of work has needed SQLAlchemy yet (the first question never does)."""
        return self._engine is not None

    def warm_up(self) -> None:
        """Import SQLAlchemy and the tables and make the engine (for a background thread)."""
        import dlquiz.storage.schema  # noqa: F401 - the import is the work

        self._make_engine()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        self._held_by_backup = None  # any unit of work may write
        with self._make_engine()() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One unit of work on the plain driver: committed on success, rolled back on any error.

        For bulk writers that need no ORM (an import of a text file): SQLAlchemy
        stays unloaded.  The connection is this unit's own, closed at its end.
        """
        if self.closed:
            raise failures.StorageError(f"{self.path}: the collection is closed")
        self._held_by_backup = None
        conn = sqlite3.connect(
            str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            apply_pragmas(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
            # A bulk write's pages are still in this connection's cache: copied
            # into the file now, they cost a tenth of what the close's checkpoint
            # pays to read them back from the log (PASSIVE: it waits for no reader).
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()

    def reader(self) -> sqlite3.Connection:
        """This thread's plain connection for reads outside a unit of work (autocommit)."""
        return self.readers.connection()

    def mark_changed(self) -> None:
        """Note that learner data changed, so a backup is worth taking."""
        self._changes += 1
        self._held_by_backup = None

    def back_up_before_import(self) -> None:
        """Make sure a backup holds the collection as it is now, before an import changes it.

        Taken only when no backup is known to hold this very state (the seal of
        the last clean close names one, and nothing was written since).  The copy
        must pass ``quick_check``, so a damaged file is refused here too, before
        the import writes into it.
        """
        held = self._held_by_backup
        if held is not None and (backups_dir(self.path) / held).is_file():
            return
        self.backup_now()

    def mark_imported(self) -> None:
        """Note that an import changed the collection: the state before it is in a backup
        (:meth:`back_up_before_import`) and its content in its source file, so it
        alone does not make a close backup worth taking again."""
        self._held_by_backup = None

    @property
    def changed_since_backup(self) -> bool:
        return self._changes != self._changes_backed_up

    # --- settings ---

    def settings(self) -> Settings:
        if self._settings is None:
            rows = self.reader().execute("SELECT key, value FROM settings").fetchall()
            self._settings = Settings.from_items({str(k): json.loads(v) for k, v in rows})
        return self._settings

    def reload_settings(self) -> None:
        """Read the settings again on next use (a sync wrote some)."""
        self._settings = None

    def save_settings(self, settings: Settings) -> None:
        """Validate and store every setting in one transaction."""
        from dlquiz.storage.schema import SettingRow

        settings.validate()
        # Only the values that change are written: each written row is a sync event,
        # and a default written again must not outrank another device's change.
        current = self.settings().to_items()
        with self.session() as s:
            for key, value in settings.to_items().items():
                if key not in current or current[key] != value:
                    s.merge(SettingRow(key=key, value=json.dumps(value)))
        self._settings = settings
        self.mark_changed()

    # --- backups and integrity ---

    def maybe_backup(self) -> backups.Backup | None:
        """Back up when something changed and the last backup is 30 minutes old."""
        if not self.changed_since_backup or self.clock.monotonic() - self._last_backup_at < (
            BACKUP_EVERY.total_seconds()
        ):
            return None
        return self.backup_now()

    def backup_now(self) -> backups.Backup:
        """Take a backup now; changes made while it is copied count as not backed up.

        Safe to call from a background thread; a second call waits for the first.
        """
        with self._backup_lock:
            counted = self._changes  # read before copying: later changes may be missed
            self._held_by_backup = None
            result = backups.take_backup(self.path, now=self.clock.now())
            self._changes_backed_up = counted
            self._last_backup_at = self.clock.monotonic()
            if self._changes == counted:
                self._held_by_backup = result.name
            return result

    def quick_check(self) -> str:
        """Run ``PRAGMA quick_check`` (for a background check); "ok" when sound."""
        started = self.clock.now()
        verdict = quick_check_verdict(self.reader())
        if verdict == "ok":
            self.checked_at = started
        return verdict

    def close(self, *, backup: bool = True) -> None:
        """Back up if anything changed, checkpoint the WAL and let go of the file."""
        if self.closed:
            return
        try:
            self.checkpointer.stop()
            with self._backup_lock:  # a background backup finishes first
                pass
            if backup and self.changed_since_backup:
                self.backup_now()
            self._let_go_of_connections()
            conn = raw_connect(self.path)  # the last connection: SQLite removes the log
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
            # At rest and still locked: the next open may trust what it finds unchanged.
            try:
                write_seal(self.path, checked_at=self.checked_at, backup=self._held_by_backup)
            except (OSError, failures.StorageError):
                pass  # everything is saved; without a seal the next open checks in full
        finally:
            self._let_go_of_connections()
            _marker(self.path).unlink(missing_ok=True)
            self._lock.release()

    def _let_go_of_connections(self) -> None:
        """Close every connection; from now on no engine is made (a warm-up comes too late)."""
        with self._engine_lock:
            self.closed = True
            self.readers.close()  # a reader's open statement would keep the log alive
            if self._engine is not None:
                self._engine.dispose()


def open_collection(path: Path, *, clock: Clock, full_check: bool = False) -> Collection:
    """Lock, check and migrate the collection at ``path``, creating it if new.

    Args:
        path: the collection file.
        clock: the time source.
        full_check: run ``PRAGMA quick_check`` even after a clean close (the
            terminal commands do; the window checks in the background).

    Raises:
        BadCollectionPath: ``path`` cannot be a collection (a folder, a device...).
        CollectionInUse: another dlquiz holds it.
        CollectionDamaged: SQLite cannot use it; nothing in it is touched.
        NotACollection: it is another program's SQLite file.
        StorageError: a full disk, a read-only file or folder, and the like.
    """
    path = path.expanduser().resolve()
    check_collection_path(path)
    try:
        return _open(path, clock=clock, full_check=full_check)
    except Exception as error:
        if not _is_storage_error(error):
            raise
        raise _sorted(path, error) from error


def _is_storage_error(error: Exception) -> bool:
    """A driver, file system or SQLAlchemy failure (SQLAlchemy only if a migration loaded it)."""
    if isinstance(error, (sqlite3.Error, OSError)):
        return True
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.SQLAlchemyError)


def _open(path: Path, *, clock: Clock, full_check: bool) -> Collection:
    # Checked first, so a read-only place is never mistaken for a damaged file.
    if path.exists() and not os.access(path, os.W_OK):
        raise failures.StorageError(f"{path}: {failures.READ_ONLY}")
    if path.parent.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        raise failures.StorageError(
            f"{path}: its folder {path.parent} is read-only; dlquiz needs to write its "
            "lock, journal and backups beside the file. Make the folder writable, or "
            "copy the file somewhere writable and pass it with --db"
        )
    lock = CollectionLock(path)
    lock.acquire()
    try:
        marker = _marker(path)
        unclean = marker.exists() or marker.is_symlink()
        # A process killed while copying its close backup leaves a .part; the next
        # open cleans it even when it takes no backup of its own.
        backups.remove_unfinished(path)
        seal = take_seal(path)  # read and removed: an open file is not at rest
        if not path.exists():
            _create(path, now=clock.now())
        now = clock.now()
        # A clean close's seal on an unchanged file stands in for the full check
        # (storage/seal.py); after a crash, or on any doubt, the file is checked.
        vouched = full_check and not unclean and vouches_for(seal, path, now=now)
        check = (full_check and not vouched) or unclean
        revision = _check_file(path, full_check=check)
        if revision == _UNFINISHED:
            backups.set_aside(path, reason="unfinished", now=clock.now())
            _create(path, now=clock.now())
            revision = HEAD_REVISION
        migrated = migrate_if_needed(path, revision=revision, now=clock.now())
        write_side_file(marker, "open\n")
        checked_at = now if check else (seal.checked_at if vouched and seal else None)
        held = seal.backup if vouched and seal and not migrated else None
        return Collection(path, lock, clock, checked_at=checked_at, held_by_backup=held)
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
