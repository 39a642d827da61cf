"""Storing an imported deck: all or nothing, re-imports keep progress.

Which questions an import may replace or retire follows the source's own
identity, never the deck's name alone:

* an Anki package identifies its notes by GUID: it updates the notes it
  holds, wherever they were stored and whatever the deck is called now, and
  never retires a note it does not hold (as Anki's "update notes" does), so
  two packages cannot retire each other's notes;
* any other file is identified by its name: importing it again retires the
  questions it no longer gives, and only those, so two files stored in one
  deck keep each other's cards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from dlquiz.core.bulk import move_question
from dlquiz.core.collector import collector_paused
from dlquiz.core.ids import deck_id_for
from dlquiz.core.model import Question
from dlquiz.importers import ImportedDeck
from dlquiz.importers.result import ImportedReview
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_list import IMPORTED
from dlquiz.storage.deck_writer import (
    DeckRecord,
    SyncReport,
    deck_by_id,
    find_live_deck,
    store_imported,
)

if TYPE_CHECKING:
    from dlquiz.core.scheduling import SchedulerSettings


@dataclass(frozen=True, slots=True)
class StoredImport:
    deck_id: str
    deck_name: str
    questions: int
    report: SyncReport
    reviews: int = 0  # imported reviews added (Anki's review log)
    recognised: bool = False  # the deck was found by its notes' GUIDs, not by its name


def _local(question_id: str) -> str:
    return question_id.split(":", 1)[1] if ":" in question_id else question_id


def _note_of(local_id: str) -> str:
    """The note part of an Anki card's local id: ``n<hash>-c2`` -> ``n<hash>``."""
    return local_id.rsplit("-", 1)[0]


def retarget(questions: Sequence[Question], deck_id: str) -> list[Question]:
    """``questions`` under ``deck_id``."""
    # Ids keep the part the source gave them; only the deck prefix changes.  The
    # importers already use the id of the deck's own name, so usually nothing changes.
    out = []
    for q in questions:
        if q.deck == deck_id and q.id.startswith(f"{deck_id}:"):
            out.append(q)
            continue
        out.append(move_question(q, id=f"{deck_id}:{_local(q.id)}", deck=deck_id))
    return out


def _free_id(conn: sqlite3.Connection, base: str) -> tuple[str, int]:
    deck_id, n = base, 1
    while deck_by_id(conn, deck_id) is not None:
        n += 1
        deck_id = f"{base}-{n}"
    return deck_id, n


_CARDS_OF_IMPORTED_DECKS = (
    "SELECT cards.deck_id, cards.question_id FROM cards JOIN decks ON decks.id = cards.deck_id"
    f" WHERE decks.kind = '{IMPORTED}'"
)


def _deck_holding_notes(
    conn: sqlite3.Connection, questions: Sequence[Question]
) -> DeckRecord | None:
    """The imported deck that already holds most of these questions' notes, if any."""
    notes = {_note_of(_local(q.id)) for q in questions}
    counts: dict[str, int] = {}
    for deck_id, question_id in conn.execute(_CARDS_OF_IMPORTED_DECKS):
        if _note_of(question_id[len(deck_id) + 1 :]) in notes:
            counts[deck_id] = counts.get(deck_id, 0) + 1
    if not counts:
        return None
    return deck_by_id(conn, max(counts, key=lambda d: (counts[d], d)))


def _owner(
    questions: Sequence[Question], *, guid_ids: bool, source_key: str, legacy_source: str
) -> Callable[[str, str], bool]:
    """Whether a stored question (id, recorded source) is this import's to replace."""
    if guid_ids:
        notes = {_note_of(_local(q.id)) for q in questions}
        return lambda qid, _source: _note_of(_local(qid)) in notes
    legacy = PurePath(legacy_source).name
    return lambda _qid, stored: (stored or legacy) == source_key


def place_deck(
    conn: sqlite3.Connection,
    questions: Sequence[Question],
    *,
    name: str,
    as_new: bool,
    guid_ids: bool,
    named: bool,
) -> tuple[str, str, bool]:
    """Which deck the import goes to: (deck id, deck name, found by its notes)."""
    recognised = False
    existing = find_live_deck(conn, name)
    if guid_ids and not named and not as_new:
        holder = _deck_holding_notes(conn, questions)
        if holder is not None:
            existing, recognised = holder, holder.name.casefold() != name.casefold()
            name = holder.name  # the learner's name for it stays
    if existing is not None and existing.kind == IMPORTED and not as_new:
        return existing.id, name, recognised
    base = deck_id_for(name)
    former = deck_by_id(conn, base)
    if former is not None and former.deleted and former.kind == IMPORTED and not as_new:
        return base, name, recognised  # a deleted deck comes back, with its history
    deck_id, n = _free_id(conn, base)
    if existing is not None:
        name = f"{name} ({n})"
    return deck_id, name, recognised


def store_deck(
    collection: Collection,
    questions: list[Question],
    *,
    name: str,
    source: str,
    fmt: str,
    media: dict[str, bytes],
    as_new: bool,
    now: datetime,
    guid_ids: bool = False,
    named: bool = False,
    history: Mapping[str, Sequence[ImportedReview]] | None = None,
) -> StoredImport:
    """Store ``questions`` as deck ``name`` in one transaction.

    Importing under the name of an existing imported deck updates it (and a
    deleted one comes back with its history); with ``as_new`` a separate copy
    with a fresh id is made.  The chapter deck is never overwritten.

    Args:
        guid_ids: the question ids come from note GUIDs (Anki): unless
            ``named`` (the learner chose the deck), the deck already holding
            these notes is updated whatever its name.
        history: reviews from the source's own log, by question id; they are
            stored as reviews of kind ``imported``, and each card that gained
            reviews is rebuilt by replaying its history through FSRS.
    """
    source_key = PurePath(source).name
    scheduling = collection.settings().scheduler() if history else None
    # The state before the import is what a backup must keep (its copy is
    # checked, so a damaged file is refused before anything is written); what
    # the import adds is in its source file.
    collection.back_up_before_import()
    # One transaction on the plain driver, history included: SQLAlchemy is never loaded.
    with collector_paused(), collection.write() as conn:
        deck_id, name, recognised = place_deck(
            conn, questions, name=name, as_new=as_new, guid_ids=guid_ids, named=named
        )
        stored = retarget(questions, deck_id)
        row = deck_by_id(conn, deck_id)
        owns = _owner(
            stored,
            guid_ids=guid_ids,
            source_key=source_key,
            legacy_source=row.source if row is not None else "",
        )
        report = store_imported(
            conn,
            deck_id=deck_id,
            name=name,
            source=source,
            fmt=fmt,
            questions=stored,
            media=media,
            now=now,
            owns=owns,
            source_key=source_key,
        )
        added = 0
        if history and scheduling is not None:
            added = _store_history(conn, stored, history, scheduling)
    collection.mark_imported()
    return StoredImport(
        deck_id=deck_id,
        deck_name=name,
        questions=len(stored),
        report=report,
        reviews=added,
        recognised=recognised,
    )


def _store_history(
    conn: sqlite3.Connection,
    stored: Sequence[Question],
    history: Mapping[str, Sequence[ImportedReview]],
    scheduling: SchedulerSettings,
) -> int:
    """Store the source's reviews of the stored questions and replay their cards; the count."""
    from dlquiz.storage.import_history import replay_imported, store_history

    by_local = {_local(qid): reviews for qid, reviews in history.items()}
    moved = {q.id: by_local[_local(q.id)] for q in stored if _local(q.id) in by_local}
    kept = store_history(conn, moved)
    if kept.card_ids:
        # Each card's state is what FSRS makes of its whole history: its
        # stability, difficulty and due date, as if it had been studied here.
        replay_imported(conn, scheduling, kept)
    return kept.reviews


def store_read(
    collection: Collection,
    imported: ImportedDeck,
    questions: list[Question],
    *,
    source: str,
    deck_name: str | None,
    as_new: bool,
) -> StoredImport:
    """Store a deck as :func:`dlquiz.importers.read_file` read it: the one import operation
    that the window and ``dlquiz import`` share.

    ``deck_name`` is the name the learner chose, or None for the file's own;
    choosing another name than the file's turns off finding the deck by its notes.
    """
    name = deck_name or imported.deck.name
    return store_deck(
        collection,
        questions,
        name=name,
        source=source,
        fmt=imported.format,
        media=imported.media,
        as_new=as_new,
        now=collection.clock.now(),
        guid_ids=imported.guid_ids,
        named=name != imported.deck.name,
        history=imported.history,
    )
