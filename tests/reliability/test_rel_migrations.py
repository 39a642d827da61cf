"""Class: a schema change and its revision stamp must commit together (17.9).

Also: creating a new file is atomic, and a half-created file of an older
dlquiz is recognised as ours, not refused as another program's.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.runtime.migration import HeadMaintainer

from dlquiz.core.clock import FakeClock
from dlquiz.storage import backup as backups
from dlquiz.storage import collection as collection_module
from dlquiz.storage.collection import open_collection
from dlquiz.storage.engine import make_engine
from dlquiz.storage.failures import StorageError
from dlquiz.storage.migrate import HEAD_REVISION, upgrade
from dlquiz.storage.schema import Base
from tests.reliability.support import first_revision_file, review_count

# These tests are about building and upgrading files: no copies of a template.
pytestmark = pytest.mark.real_create


class Killed(Exception):
    """Stands for a kill between a migration's change and its stamp."""


def _old_file(path: Path, *, reviews: int) -> Path:
    return first_revision_file(path, reviews=reviews)


def _indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(str(path))
    try:
        return {
            str(n) for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_a_kill_before_the_stamp_leaves_no_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _old_file(tmp_path / "c.dlquiz", reviews=4)

    def killed(*_args: object, **_kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(HeadMaintainer, "update_to_step", killed)
    with pytest.raises(Killed):
        open_collection(path, clock=FakeClock())
    assert "ix_cards_due" not in _indexes(path)  # the index went with the missing stamp
    assert _revision(path) == "0001"
    monkeypatch.undo()
    open_collection(path, clock=FakeClock()).close()
    assert _revision(path) == HEAD_REVISION and "ix_cards_due" in _indexes(path)
    assert review_count(path) == 4


def test_a_file_left_half_migrated_by_an_older_dlquiz_opens(tmp_path: Path) -> None:
    path = _old_file(tmp_path / "c.dlquiz", reviews=2)
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE INDEX ix_cards_due ON cards (due)")  # the change without its stamp
    conn.commit()
    conn.close()
    open_collection(path, clock=FakeClock()).close()
    assert _revision(path) == HEAD_REVISION
    assert review_count(path) == 2


def test_retrying_a_failing_migration_adds_no_second_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _old_file(tmp_path / "c.dlquiz", reviews=3)

    def killed(*_args: object, **_kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(HeadMaintainer, "update_to_step", killed)
    for _ in range(3):
        with pytest.raises(Killed):
            open_collection(path, clock=FakeClock())
    assert len(backups.list_backups(path)) == 1


def _revisions_oldest_first() -> list[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from dlquiz.storage import migrate

    config = Config()
    config.set_main_option("script_location", str(Path(migrate.__file__).with_name("migrations")))
    scripts = ScriptDirectory.from_config(config)
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


@pytest.mark.parametrize("reached", _revisions_oldest_first()[1:-1])
def test_a_migration_cut_short_after_some_steps_adds_no_second_backup(
    tmp_path: Path, reached: str
) -> None:
    """The kill trials' case: steps up to ``reached`` committed, then the process died.

    The backup taken before that attempt already holds every row, so the retry
    takes no second copy of the same data before it finishes the migration.
    """
    path = _old_file(tmp_path / "c.dlquiz", reviews=3)
    backups.take_backup(path, now=FakeClock().now())  # the attempt's backup, then steps
    engine = make_engine(path, transactional_ddl=True)
    upgrade(engine, target=reached)
    engine.dispose()
    open_collection(path, clock=FakeClock()).close(backup=False)
    assert _revision(path) == HEAD_REVISION
    assert len(backups.list_backups(path)) == 1


def test_a_file_with_rows_its_newest_backup_lacks_is_backed_up_before_migrating(
    tmp_path: Path,
) -> None:
    path = _old_file(tmp_path / "c.dlquiz", reviews=3)
    backups.take_backup(path, now=FakeClock().now())
    conn = sqlite3.connect(str(path))
    conn.execute(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict, score,"
        " kind, was_new, state_before) VALUES (1, '2026-01-02 00:00:00', 3, 1, 'y', 'correct',"
        " 1, 'study', 0, '{}')"
    )
    conn.commit()
    conn.close()
    open_collection(path, clock=FakeClock()).close(backup=False)
    kept = backups.list_backups(path)
    assert len(kept) == 2
    assert backups.content_of(kept[0].path)[1] == 4  # the new backup has the fourth review


def test_a_kill_while_creating_leaves_no_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.dlquiz"

    def killed(*_args: object, **_kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(HeadMaintainer, "update_to_step", killed)
    with pytest.raises(Killed):
        open_collection(path, clock=FakeClock())
    assert not path.exists()
    monkeypatch.undo()
    open_collection(path, clock=FakeClock()).close()
    assert _revision(path) == HEAD_REVISION
    assert not path.with_name(path.name + ".new").exists()


@pytest.mark.parametrize("stamped", [False, True])
def test_a_half_created_file_of_an_older_dlquiz_is_ours(tmp_path: Path, stamped: bool) -> None:
    path = tmp_path / "c.dlquiz"
    engine = make_engine(path)
    with engine.begin() as conn:  # some of our tables, empty, as a kill left them
        Base.metadata.tables["decks"].create(conn)
        Base.metadata.tables["cards"].create(conn)
        if stamped:
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    engine.dispose()
    open_collection(path, clock=FakeClock()).close()
    assert _revision(path) == HEAD_REVISION
    assert any(p.name.startswith("c.dlquiz.unfinished-") for p in tmp_path.iterdir())


def test_a_foreign_file_with_data_in_our_table_names_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE settings (key TEXT, value TEXT)")
    conn.execute("INSERT INTO settings VALUES ('theirs', '1')")
    conn.commit()
    conn.close()
    with pytest.raises(collection_module.NotACollection):
        open_collection(path, clock=FakeClock())


def test_upgrade_from_each_revision_reaches_head(tmp_path: Path) -> None:
    for target in ("0001", HEAD_REVISION):
        path = tmp_path / f"at-{target}.dlquiz"
        engine = make_engine(path, transactional_ddl=True)
        upgrade(engine, target=target)
        engine.dispose()
        open_collection(path, clock=FakeClock()).close()
        assert _revision(path) == HEAD_REVISION


def test_a_file_from_a_newer_dlquiz_is_refused_untouched(tmp_path: Path) -> None:
    path = _old_file(tmp_path / "c.dlquiz", reviews=1)
    conn = sqlite3.connect(str(path))
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer dlquiz"):
        open_collection(path, clock=FakeClock())
    assert path.read_bytes() == before
