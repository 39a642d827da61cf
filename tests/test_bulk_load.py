"""storage.bulk_load: triggers and indexes held off for a bulk insert come back as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dlquiz.storage.bulk_load import held_off

SCHEMA = """
CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v INTEGER);
CREATE INDEX ix_t_v ON t (v);
CREATE TABLE log (what TEXT);
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (NEW.k); END;
CREATE TRIGGER t_other AFTER UPDATE ON t BEGIN INSERT INTO log VALUES ('update'); END;
"""


def _open(tmp_path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(tmp_path / "db.sqlite")
    con.executescript(SCHEMA)
    return con


def _schema(con: sqlite3.Connection) -> set[tuple[str, str, str | None]]:
    return set(con.execute("SELECT type, name, sql FROM sqlite_master"))


def test_held_off_inside_a_transaction_and_made_again_after(tmp_path: Path) -> None:
    con = _open(tmp_path)
    before = _schema(con)
    con.execute("INSERT INTO t (k, v) VALUES ('first', 1)")  # opens the transaction
    cursor = con.cursor()
    with held_off(cursor, "t", triggers=["t_log"], indexes=True):
        names = {name for (name,) in con.execute("SELECT name FROM sqlite_master")}
        assert "t_log" not in names and "ix_t_v" not in names
        assert {"t_other", "sqlite_autoindex_t_1"} <= names  # not asked for; made by SQLite
        cursor.executemany("INSERT INTO t (k, v) VALUES (?, ?)", [("a", 2), ("b", 3)])
    con.commit()
    assert _schema(con) == before
    assert [w for (w,) in con.execute("SELECT what FROM log")] == ["first"]
    assert con.execute("EXPLAIN QUERY PLAN SELECT k FROM t WHERE v = 3").fetchall()[0][3] == (
        "SEARCH t USING INDEX ix_t_v (v=?)"
    )
    con.close()


def test_a_failure_inside_leaves_the_schema_whole(tmp_path: Path) -> None:
    con = _open(tmp_path)
    before = _schema(con)
    con.execute("INSERT INTO t (k, v) VALUES ('first', 1)")
    cursor = con.cursor()
    with (
        pytest.raises(sqlite3.IntegrityError),
        held_off(cursor, "t", triggers=["t_log"], indexes=True),
    ):
        cursor.executemany("INSERT INTO t (k, v) VALUES (?, ?)", [("a", 2), ("a", 3)])
    con.rollback()
    assert _schema(con) == before
    assert con.execute("SELECT count(*) FROM t").fetchone() == (0,)
    con.close()


def test_outside_a_transaction_nothing_is_dropped(tmp_path: Path) -> None:
    con = _open(tmp_path)
    con.commit()
    before = _schema(con)
    cursor = con.cursor()
    with held_off(cursor, "t", triggers=["t_log"], indexes=True):
        assert _schema(con) == before
    con.close()
