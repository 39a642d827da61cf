"""Storing a text file's questions while it is still being read.

A large text export is read row by row, and its reader hands the questions
over as it goes (``importers.context.Handover``).  For a deck that is new,
the stream stores each batch at once: the main thread turns it into rows,
and one statement per table, run by a second thread, writes them.  SQLite
leaves Python's lock while a statement runs, so writing takes no time from
reading: ``dlquiz import`` of a 100,000-row CSV spends what it used to spend
storing on reading, beside it (docs/importing.md).

The stream is only a faster way to the same rows.  It stores nothing
unless the deck is new and the reader's file has one topic, no media and
no review history; when it declines, or anything fails on the way (a
locked collection, a full disk), it rolls its transaction back and
:meth:`ImportStream.store` stores the deck the usual way
(:func:`~dlquiz.storage.import_service.store_read`), which then reports any
error as every import does.  All of a file's rows are one transaction, as
always: a file refused after reading (bad rows, too many questions) or a
killed process leaves the collection as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path, PurePath
from types import TracebackType

import orjson

from dlquiz.core.model import Question
from dlquiz.core.serialize import question_to_dict
from dlquiz.importers import ImportedDeck, deck_name_of
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_list import IMPORTED
from dlquiz.storage.deck_writer import SyncReport, deck_by_id, insert_deck, mark_deck_changed
from dlquiz.storage.import_service import StoredImport, place_deck, retarget, store_read
from dlquiz.storage.stored_time import to_stored

# One statement per table and batch: the rows travel as one JSON text, which
# SQLite takes apart itself, so the statement runs without Python's lock.
_QUESTIONS = (
    "INSERT INTO questions (id, deck_id, position, payload, source)"
    " SELECT json_extract(value, '$[0]'), ?, json_extract(value, '$[1]'),"
    " json_extract(value, '$[2]'), ? FROM json_each(?)"
)
# The cards deck_writer.sync_cards makes for new questions of one topic.
_CARDS = (
    "INSERT INTO cards (question_id, deck_id, topic, qtype, phase, reps, lapses, new_rank,"
    " suspended, retired) SELECT json_extract(value, '$[0]'), ?, ?,"
    " json_extract(value, '$[1]'), 0, 0, 0, json_extract(value, '$[2]'), 0, 0 FROM json_each(?)"
)


class ImportStream:
    """Stores the questions a reader hands over, when the deck they go to is new.

    Use as a context manager around reading one file; give :meth:`hand_over`
    as the reader's handover, then call :meth:`store` with what was read.
    Leaving the block without storing rolls back whatever was written.
    """

    def __init__(
        self,
        collection: Callable[[], Collection],
        path: Path,
        *,
        deck_name: str | None,
        as_new: bool,
    ) -> None:
        """``collection`` opens (or gives) the collection when a first batch needs it."""
        self._open = collection
        self._path = path
        self._source = str(path.resolve())
        self._chosen = deck_name
        self._as_new = as_new
        self._stack = ExitStack()
        self._collection: Collection | None = None
        self._conn: sqlite3.Connection | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        self._declined = False
        self._wanted = ""  # the deck name the stream was asked for
        self._deck_id = ""
        self._deck_name = ""
        self._topic: str | None = None
        self._ids: list[str] = []
        self._next_rank = 0

    def __enter__(self) -> ImportStream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.abort()

    # --- the reader's side ---

    def hand_over(self, questions: Sequence[Question], file_deck_name: str) -> None:
        """Store a batch (a :data:`~dlquiz.importers.context.Handover`); never raises.

        A failure here is the collection's, not the file's: it must not reach
        the reader, which would report the file as unreadable.  The stream
        declines instead, and :meth:`store` stores the usual way.
        """
        if self._declined or not questions:
            return
        try:
            if self._conn is None and not self._begin(file_deck_name):
                self._decline()
                return
            self._write(questions)
        except Exception:  # noqa: BLE001 - any failure: the usual path meets and reports it
            self._decline()

    def _begin(self, file_deck_name: str) -> bool:
        """Open the transaction and the deck's row; False when the deck is not new."""
        collection = self._collection = self._open()
        self._wanted = deck_name_of(self._path, self._chosen, file_deck_name)
        deck_id, name = self._new_deck(collection.reader())
        if not deck_id:
            return False  # an update: store_read compares it with what is stored
        # The state before the import is what a backup must keep (store_deck's rule).
        collection.back_up_before_import()
        conn = self._conn = self._stack.enter_context(collection.write())
        if self._new_deck(conn) != (deck_id, name):
            return False  # another process changed the decks meanwhile
        insert_deck(
            conn,
            deck_id,
            name=name,
            kind=IMPORTED,
            source=self._source,
            fmt="",
            now=collection.clock.now(),
        )
        self._deck_id, self._deck_name = deck_id, name
        self._next_rank = (conn.execute("SELECT max(new_rank) FROM cards").fetchone()[0] or 0) + 1
        self._writer = self._stack.enter_context(ThreadPoolExecutor(1, "dlquiz-import"))
        return True

    def _new_deck(self, conn: sqlite3.Connection) -> tuple[str, str]:
        """(id, name) of the new deck this import would make, or ("", "") for an update."""
        deck_id, name, _found = place_deck(
            conn, (), name=self._wanted, as_new=self._as_new, guid_ids=False, named=False
        )
        return ("", "") if deck_by_id(conn, deck_id) is not None else (deck_id, name)

    def _write(self, questions: Sequence[Question]) -> None:
        for done in self._pending:
            if done.done() and done.exception() is not None:
                raise RuntimeError("a batch failed: the usual path stores the deck")
        start = len(self._ids)
        stored = retarget(questions, self._deck_id)
        topics = {q.topic for q in stored}
        if self._topic is None:
            self._topic = next(iter(topics))
        if topics != {self._topic}:
            raise ValueError("a second topic: new cards would take turns between topics")
        dumps = orjson.dumps
        rows = [
            (q.id, start + i, dumps(question_to_dict(q, compact=True)).decode())
            for i, q in enumerate(stored)
        ]
        cards = [(q.id, q.type.value, self._next_rank + start + i) for i, q in enumerate(stored)]
        rows.sort(key=itemgetter(0))
        cards.sort(key=itemgetter(0))
        self._ids.extend(q.id for q in stored)
        assert self._writer is not None and self._conn is not None
        batch = _Batch(
            deck_id=self._deck_id,
            topic=self._topic,
            source_key=PurePath(self._source).name,
            questions=dumps(rows).decode(),
            cards=dumps(cards).decode(),
        )
        self._pending.append(self._writer.submit(_insert, self._conn, batch))

    def _decline(self) -> None:
        self._declined = True
        self.abort()

    # --- the importer's side ---

    def store(self, imported: ImportedDeck, questions: list[Question]) -> StoredImport:
        """Finish storing ``questions`` (read as ``imported``), or store them the usual way."""
        stored = self._finish(imported, questions)
        if stored is not None:
            return stored
        self.abort()
        return store_read(
            self._collection or self._open(),
            imported,
            questions,
            source=self._source,
            deck_name=self._chosen,
            as_new=self._as_new,
        )

    def _finish(self, imported: ImportedDeck, questions: list[Question]) -> StoredImport | None:
        """Commit what was streamed, when it is exactly what was read; else None."""
        if self._declined or self._conn is None or self._collection is None:
            return None
        try:
            for done in self._pending:
                done.result()
        except Exception:  # noqa: BLE001 - the usual path stores it and reports any error
            return None
        if (
            imported.media
            or imported.history
            or imported.guid_ids
            or (self._chosen or imported.deck.name) != self._wanted
            or [q.id for q in retarget(questions, self._deck_id)] != self._ids
        ):
            return None
        self._conn.execute(
            "UPDATE decks SET format = ?, updated_at = ? WHERE id = ?",
            (imported.format, to_stored(self._collection.clock.now()), self._deck_id),
        )
        mark_deck_changed(self._conn, self._deck_id)
        self._close(commit=True)
        self._collection.mark_imported()
        count = len(self._ids)
        return StoredImport(
            deck_id=self._deck_id,
            deck_name=self._deck_name,
            questions=count,
            report=SyncReport(added=count, retired=0, updated=0, kept=0),
        )

    def abort(self) -> None:
        """Roll back whatever was written (nothing, once stored)."""
        self._close(commit=False)

    def _close(self, *, commit: bool) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            for done in self._pending:
                done.exception()  # wait: one connection is never used by two threads at once
            if not commit:
                conn.rollback()
        finally:
            self._pending.clear()
            # The writer stops, then Collection.write's exit commits (nothing is
            # left to commit after a rollback) and closes the connection.
            self._stack.close()


@dataclass(frozen=True, slots=True)
class _Batch:
    """One batch's rows, as the JSON texts the two statements take apart."""

    deck_id: str
    topic: str
    source_key: str
    questions: str  # [[id, position, payload], ...]
    cards: str  # [[question id, type, new rank], ...]


def _insert(conn: sqlite3.Connection, batch: _Batch) -> None:
    conn.execute(_QUESTIONS, (batch.deck_id, batch.source_key, batch.questions))
    conn.execute(_CARDS, (batch.deck_id, batch.topic, batch.cards))
