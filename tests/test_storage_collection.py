"""Opening, locking, migrating, backing up and restoring a collection file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from dlquiz.core.clock import FakeClock
from dlquiz.core.settings import Settings
from dlquiz.storage import backup as backups
from dlquiz.storage.collection import (
    CollectionDamaged,
    CollectionInUse,
    restore,
)
from dlquiz.storage.migrate import HEAD_REVISION, upgrade
from dlquiz.storage.schema import Base
from tests.helpers import open_test_collection


@pytest.mark.real_create
def test_new_file_is_created_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    collection = open_test_collection(path)
    try:
        with collection.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == HEAD_REVISION
    finally:
        collection.close()


def test_head_revision_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option(
        "script_location",
        str(
            Path(__import__("dlquiz.storage.migrate").storage.migrate.__file__).with_name(
                "migrations"
            )
        ),
    )
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_build_the_same_tables_as_the_models(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        inspector = inspect(collection.engine)
        for table in Base.metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert migrated == {c.name for c in table.columns}, table.name
    finally:
        collection.close()


def test_migration_from_the_first_revision_keeps_data(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    path = tmp_path / "old.dlquiz"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, target="0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('new_per_day', '7')")
    engine.dispose()
    collection = open_test_collection(path)
    try:
        assert collection.settings().new_per_day == 7
        indexes = {i["name"] for i in inspect(collection.engine).get_indexes("cards")}
        assert "ix_cards_due" in indexes  # added by 0002
    finally:
        collection.close()
    assert backups.list_backups(path)  # a file with data is backed up before migrating


def test_second_open_is_refused_while_the_first_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    first = open_test_collection(path)
    try:
        with pytest.raises(CollectionInUse, match="already open"):
            open_test_collection(path)
    finally:
        first.close()
    open_test_collection(path).close()  # free again once closed


@pytest.mark.slow  # starts a process
def test_lock_vanishes_with_a_killed_process(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from dlquiz.core.clock import FakeClock\n"
        "from dlquiz.storage.collection import open_collection\n"
        f"open_collection(Path({str(path)!r}), clock=FakeClock())\n"
        "os._exit(9)\n"  # no clean close: as if killed
    )
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    collection = open_test_collection(path)  # not locked out
    collection.close()


def test_garbage_file_is_reported_damaged_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CollectionDamaged, match="not an SQLite database") as caught:
        open_test_collection(path)
    assert caught.value.backup is None
    assert path.read_bytes().startswith(b"this is not")


def test_damaged_file_offers_the_newest_good_backup_and_restores_it(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock()
    collection = open_test_collection(path, clock)
    collection.save_settings(Settings(new_per_day=11))
    collection.close()  # backs up, since something changed
    assert len(backups.list_backups(path)) == 1
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # header kept, body smashed
    with pytest.raises(CollectionDamaged) as caught:
        open_test_collection(path, clock)
    offered = caught.value.backup
    assert offered is not None
    assert "dlquiz backup restore" in str(caught.value)
    aside = restore(path, offered.name, now=clock.now())
    assert aside is not None and aside.exists()  # the damaged file is kept
    reopened = open_test_collection(path, clock)
    try:
        assert reopened.settings().new_per_day == 11
    finally:
        reopened.close()


def test_unclean_shutdown_triggers_quick_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.dlquiz"
    open_test_collection(path).close()
    path.with_name(path.name + ".running").write_text("open\n")  # left by a crash
    checked = []
    real_connect = sqlite3.connect

    class Spy:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self._conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            checked.append(sql)
            return self._conn.execute(sql, *args)

        def close(self) -> None:
            self._conn.close()

        def __getattr__(self, name: str) -> object:
            return getattr(self._conn, name)

    monkeypatch.setattr("dlquiz.storage.collection.raw_connect", Spy)
    open_test_collection(path).close()
    assert "PRAGMA quick_check" in checked


def test_backups_rotate_to_today_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock()
    collection = open_test_collection(path, clock)
    collection.close(backup=False)
    for _day in range(36):  # five weeks and a day: every rule of the rotation has a say
        for _hour in range(3):
            backups.take_backup(path, now=clock.now())
            clock.advance(3600)
        clock.advance(21 * 3600)
    kept = backups.list_backups(path)
    newest = kept[0].taken_at
    recent = [b for b in kept if newest - b.taken_at < timedelta(hours=24)]
    assert len(recent) == 3  # every backup of the last day
    older = [b for b in kept if b not in recent]
    assert len(older) == len({b.taken_at.date() for b in older})  # one per day
    assert len(kept) <= 3 + 7 + 5
    assert (clock.now() - newest).days < 1
    assert any((newest - b.taken_at).days >= 21 for b in kept)  # weekly ones reach back


def test_periodic_backup_only_after_changes_and_thirty_minutes(tmp_path: Path) -> None:
    clock = FakeClock()
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        assert collection.maybe_backup() is None  # nothing changed
        collection.save_settings(Settings(new_per_day=5))
        clock.advance(60)
        assert collection.maybe_backup() is None  # too soon
        clock.advance(30 * 60)
        assert collection.maybe_backup() is not None
        clock.advance(31 * 60)
        assert collection.maybe_backup() is None  # nothing changed since
    finally:
        collection.close()


def test_settings_round_trip_and_validation(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    collection = open_test_collection(path)
    wanted = Settings(desired_retention=0.85, new_per_day=5, day_start_hour=6, theme="dark")
    collection.save_settings(wanted)
    with pytest.raises(ValueError, match="retention"):
        collection.save_settings(Settings(desired_retention=0.2))
    collection.close()
    again = open_test_collection(path)
    try:
        assert again.settings() == wanted
    finally:
        again.close()


def test_the_log_is_checkpointed_off_the_answering_thread(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    collection = open_test_collection(path)
    try:
        with collection.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        for n in range(5, 40):
            collection.save_settings(Settings(new_per_day=n))
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 0
        result = collection.checkpointer.checkpoint_now()
        assert result is not None
        busy, frames, moved = result
        assert busy == 0 and frames > 0 and moved == frames  # everything reached the file
    finally:
        collection.close()
    assert not path.with_name(path.name + "-wal").exists() or (
        path.with_name(path.name + "-wal").stat().st_size == 0
    )


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    from dlquiz.storage.collection import NotACollection

    path = tmp_path / "collection.anki2"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, flds TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotACollection, match="another program"):
        open_test_collection(path)
    assert path.read_bytes() == before
    open_test_collection(tmp_path / "fresh.dlquiz").close()  # an empty file is fine
