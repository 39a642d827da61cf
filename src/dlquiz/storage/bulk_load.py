"""A table's triggers and indexes held off for one bulk insert, in the caller's transaction.

SQLite tests a trigger's ``WHEN`` for every row, even one that never fires,
and inserting rows one by one into an index costs more than sorting them
into a new one.  Held off, they are dropped before the insert and made
again after it from the very SQL ``sqlite_master`` keeps for them, so the
schema comes back exactly as the migrations left it.  This happens only
inside an open transaction: no other connection ever sees the table without
them, and a failure or a kill rolls the drop back with the rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

_OBJECTS = (
    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL"
    " AND (type = 'trigger' AND name IN (SELECT value FROM json_each(?))"
    " OR type = 'index' AND ?)"
)


@contextmanager
def held_off(
    cursor: sqlite3.Cursor, table: str, *, triggers: Sequence[str], indexes: bool
) -> Iterator[None]:
    """Drop ``triggers`` of ``table`` (and its indexes, if ``indexes``) while the block runs.

    Outside a transaction nothing is dropped, since the drop would commit on
    its own.  An index SQLite makes itself (a ``UNIQUE`` column's) has no SQL
    and stays.
    """
    if not cursor.connection.in_transaction:
        yield
        return
    held = cursor.execute(_OBJECTS, (table, json.dumps(list(triggers)), indexes)).fetchall()
    for kind, name, _sql in held:
        cursor.execute(f'DROP {kind.upper()} "{name}"')
    try:
        yield
    finally:
        # A transaction SQLite itself rolled back took the drop back with it.
        if cursor.connection.in_transaction:
            # Indexes first: a trigger may be written to use them.
            for _kind, _name, sql in sorted(held, key=lambda row: row[0] != "index"):
                cursor.execute(sql)
