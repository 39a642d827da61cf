"""Reading imported questions without opening (or locking) the collection.

Scripting commands such as ``dlquiz questions`` and ``dlquiz grade`` only
read, so they work while the desktop app has the collection open.  WAL mode
lets a reader see the last committed state.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from dlquiz.core.model import Question
from dlquiz.core.reports import ProblemReport, ReportReason
from dlquiz.core.serialize import question_from_row
from dlquiz.storage.failures import from_sqlite
from dlquiz.storage.sqlite_files import connect_read_only


def _connect(db_path: Path) -> sqlite3.Connection | None:
    """A read-only connection, or None when there is nothing imported to read.

    A file without the decks table (new, or older than the first migration)
    has nothing imported.  A damaged file is another matter: reading it as
    "no questions" would hide the damage, so that is raised.

    Raises:
        StorageError: the file is damaged, unreadable or busy (see ``failures``).
    """
    if not db_path.exists():
        return None
    conn: sqlite3.Connection | None = None
    try:
        conn = connect_read_only(db_path)
        conn.execute("SELECT 1 FROM decks LIMIT 1")
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        if "no such table" in str(error):
            return None
        explained = from_sqlite(db_path, error)
        if explained is None:
            raise
        raise explained from None
    return conn


def imported_decks(db_path: Path) -> list[tuple[str, str]]:
    """(id, name) of every live imported deck."""
    conn = _connect(db_path)
    if conn is None:
        return []
    try:
        rows = conn.execute(
            "SELECT id, name FROM decks WHERE kind = 'imported' AND deleted_at IS NULL "
            "ORDER BY name"
        ).fetchall()
    finally:
        conn.close()
    return [(str(a), str(b)) for a, b in rows]


def imported_questions(db_path: Path, deck_ids: list[str] | None = None) -> list[Question]:
    """Questions of the given imported decks (all of them when None), in deck order."""
    conn = _connect(db_path)
    if conn is None:
        return []
    try:
        wanted = deck_ids if deck_ids is not None else [d for d, _ in imported_decks(db_path)]
        out: list[Question] = []
        for deck_id in wanted:
            rows = conn.execute(
                "SELECT id, deck_id, payload FROM questions WHERE deck_id = ? ORDER BY position",
                (deck_id,),
            )
            out.extend(question_from_row(*row) for row in rows)
    finally:
        conn.close()
    return out


def imported_question(db_path: Path, question_id: str) -> Question | None:
    """One imported question by id."""
    conn = _connect(db_path)
    if conn is None:
        return None
    try:
        row = conn.execute(
            "SELECT id, deck_id, payload FROM questions WHERE id = ?", (question_id,)
        ).fetchone()
    finally:
        conn.close()
    return None if row is None else question_from_row(*row)


def problem_reports(db_path: Path) -> list[ProblemReport]:
    """Every report of a wrong or unclear question, oldest first (none before migration 0004)."""
    conn = _connect(db_path)
    if conn is None:
        return []
    try:
        rows = conn.execute(
            "SELECT question_id, deck_id, reason, note, reported_at FROM reports"
            " ORDER BY reported_at, id"
        ).fetchall()
    except sqlite3.OperationalError:
        return []  # an older collection without the table: nothing reported yet
    finally:
        conn.close()
    # SQLAlchemy stored the UTC time as naive ISO text; read here without it.
    return [
        ProblemReport(
            str(q),
            str(d),
            ReportReason(str(r)),
            str(n),
            datetime.fromisoformat(at).replace(tzinfo=UTC),
        )
        for q, d, r, n, at in rows
    ]
