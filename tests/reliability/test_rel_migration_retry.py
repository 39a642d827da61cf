"""A migration killed part of the way through is retried without another copy of the same data."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dlquiz.storage.backup import list_backups, take_backup
from dlquiz.storage.engine import make_engine
from dlquiz.storage.migrate import (
    HEAD_REVISION,
    _already_backed_up,
    migrate_if_needed,
    same_data,
    upgrade,
)
from tests.reliability.support import first_revision_file
from tests.reliability.test_rel_migrations import _revision as stamped_revision

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
BACKUP = {"cards": (1, 1), "reviews": (5, 5), "settings": (0, None)}


@pytest.mark.parametrize(
    ("live", "same"),
    [
        (dict(BACKUP), True),
        ({**BACKUP, "sync_state": (3, 3), "fsrs_fits": (0, None)}, True),  # tables added since
        ({**BACKUP, "reviews": (6, 6)}, False),  # an answer more
        ({**BACKUP, "reviews": (5, 7)}, False),  # as many, not the same ones
        ({k: v for k, v in BACKUP.items() if k != "settings"}, False),  # a table gone
        ({**BACKUP, "cards": (0, None)}, False),
        ({}, False),
    ],
)
def test_same_data_is_the_backups_tables_holding_the_same_rows(
    live: dict[str, tuple[object, ...]], same: bool
) -> None:
    assert same_data(live, BACKUP) is same


def _upgrade_to(path: Path, target: str) -> None:
    engine = make_engine(path, transactional_ddl=True)
    try:
        upgrade(engine, target=target)
    finally:
        engine.dispose()


@pytest.mark.parametrize("reached", ["0003_anki", "0006_gui", "0008_sync"])
def test_a_file_left_part_way_up_is_backed_up_once(tmp_path: Path, reached: str) -> None:
    path = first_revision_file(tmp_path / "old.dlquiz", reviews=20)
    take_backup(path, now=NOW)  # the first attempt's backup, before it was killed
    _upgrade_to(path, reached)  # the revisions it finished
    assert _already_backed_up(path)
    assert migrate_if_needed(path, revision=reached, now=NOW.replace(hour=10))
    assert stamped_revision(path) == HEAD_REVISION
    assert len(list_backups(path)) == 1


def test_a_file_changed_since_its_backup_is_backed_up_again(tmp_path: Path) -> None:
    path = first_revision_file(tmp_path / "old.dlquiz", reviews=20)
    take_backup(path, now=NOW)
    _upgrade_to(path, "0006_gui")
    conn = sqlite3.connect(str(path))
    conn.execute(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict, score,"
        " kind, was_new, state_before) VALUES (1, '2026-01-02 00:00:00', 3, 1, '', 'correct', 1,"
        " 'study', 0, '{}')"
    )
    conn.commit()
    conn.close()
    assert not _already_backed_up(path)
    migrate_if_needed(path, revision="0006_gui", now=NOW.replace(hour=10))
    assert len(list_backups(path)) == 2
