"""Rebuild cards' scheduling state from their stored reviews (``core.replay``).

Used after importing review history and after the FSRS parameters change.
One call is one transaction; the reviews are read in a single ordered pass
over the ``(card_id, reviewed_at)`` index through the driver's own cursor,
replayed by ``core.replay_engine`` on naive UTC times (the text as stored,
with no time zone to attach and strip again), and the cards written in one
``executemany``.  ``benchmarks/bench_replay.py`` times a whole collection of
1,000,000 reviews of 100,000 cards.  An import that has just stored a card's
whole log hands it over in memory instead (:func:`rebuild_from_memory`):
the same replay and the same writes, without reading the rows back.

Which reviews count: those not undone, after the card's last reset
(``cards.reset_at``, migration 0010_sync): earlier answers belong to a life
the learner chose to forget.  A reset is a fact of its own, which travels by
sync; ``was_new`` only says the card was new to the device that answered
(two devices may both answer a card as new before they sync, and the merged
log must keep both answers).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from dlquiz.core.ids import CardId, DeckId
from dlquiz.core.replay_engine import Replayed, ReplayEngine
from dlquiz.core.scheduling import SchedulerSettings
from dlquiz.storage.bulk_load import held_off
from dlquiz.storage.bulk_time import utc_text
from dlquiz.storage.collection import Collection
from dlquiz.storage.readers import raw_connection
from dlquiz.storage.stored_time import from_stored, naive_from_stored, naive_to_stored

if TYPE_CHECKING:  # an import rebuilds on the plain driver, without SQLAlchemy
    from sqlalchemy.orm import Session

# A card's reviews as a rebuild replays them: (rating, time), in replay order.
Life = list[tuple[int, datetime]]


def after_reset(review: str, card: str) -> str:
    """SQL: the review belongs to the card's life since its last reset (migration 0010_sync).

    The answer that began the new life at the very moment of the reset counts too.
    """
    return (
        f"({card}.reset_at IS NULL OR {review}.reviewed_at > {card}.reset_at"
        f" OR ({review}.was_new AND {review}.reviewed_at = {card}.reset_at))"
    )


_REVIEWS = (
    "SELECT r.card_id, r.rating, r.reviewed_at, r.was_new FROM reviews r"
    " JOIN cards c ON c.id = r.card_id WHERE r.undone_at IS NULL"
    # A reset (migration 0010_sync) ends a life too, even before the next answer arrives.
    f" AND {after_reset('r', 'c')}{{where}}"
    # Ties in time are broken by the review's event id, the same on every device
    # (local row ids differ between synced devices; migration 0008_sync).
    " ORDER BY r.card_id, r.reviewed_at, r.uid, r.id"
)
_ONLY_IDS = " AND r.card_id IN (SELECT value FROM json_each(?))"
_ONLY_DECKS = " AND c.deck_id IN (SELECT value FROM json_each(?))"
_NOT_NEW = " AND c.phase != 0"

_MEMORY = "stability = ?, difficulty = ?"
_DUE = "phase = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?"
_COUNTS = ", reps = ?, lapses = ?"
# One statement per (move_due, set_counts): a card's state and counts in one write.
_UPDATES = {
    (move, counts): f"UPDATE cards SET {_DUE if move else _MEMORY}{_COUNTS if counts else ''}"
    " WHERE id = ?"
    for move in (False, True)
    for counts in (False, True)
}


@dataclass(frozen=True, slots=True)
class RebuildResult:
    """How much a rebuild did."""

    cards: int
    reviews: int


def _histories(
    rows: Iterable[Sequence[Any]], parse: Callable[[str], datetime] = from_stored
) -> Iterator[tuple[CardId, list[tuple[int, datetime]]]]:
    # The query already left out what came before the card's last reset.
    for card_id, group in groupby(rows, key=itemgetter(0)):
        yield CardId(int(card_id)), [(int(rating), parse(at)) for _card, rating, at, _new in group]


def rebuild_in_session(
    unit: Session | sqlite3.Connection,
    settings: SchedulerSettings,
    card_ids: Iterable[CardId] | None = None,
    *,
    move_due: bool = True,
    include_new: bool = False,
    set_counts: bool = False,
) -> RebuildResult:
    """Replay the reviews of some or all cards inside the caller's transaction.

    Args:
        unit: the unit of work to write in: a session, or the plain driver
            connection of one (an import's, which never loads SQLAlchemy).
        settings: parameters, retention and learning steps to replay with.
        card_ids: the cards to rebuild; None rebuilds every card with reviews.
        move_due: True sets phase, step, due and last review from the replay
            (Anki's "reschedule cards on change"); False recomputes only
            stability and difficulty and keeps every due date.
        include_new: rebuild cards stored as new too.  Off by default, since
            a new card with reviews was reset by the learner; an importer
            that has just stored a history for new cards turns it on.
        set_counts: also set ``reps`` and ``lapses`` from the replayed reviews
            (an import does; a change of parameters leaves them alone).

    Returns:
        How many cards were written and how many reviews replayed.
    """
    if card_ids is not None:
        card_ids = list(card_ids)
        if not card_ids:
            return RebuildResult(cards=0, reviews=0)
    # The driver's own cursor: a million rows through SQLAlchemy's result layer cost
    # more than their replay.  The session's transaction still holds every write.
    conn = unit if isinstance(unit, sqlite3.Connection) else raw_connection(unit)
    cursor = conn.cursor()
    try:
        rows = _select(cursor, card_ids=card_ids, deck_ids=None, include_new=include_new)
        return _replay_and_write(
            cursor,
            ReplayEngine(settings),
            _histories(rows, naive_from_stored),
            move_due=move_due,
            set_counts=set_counts,
            stored=naive_to_stored,
        )
    finally:
        cursor.close()


def rebuild_from_memory(
    conn: sqlite3.Connection, settings: SchedulerSettings, lives: Mapping[CardId, Life]
) -> RebuildResult:
    """Rebuild cards from lives the caller holds, as :func:`rebuild_in_session` with
    ``move_due``, ``include_new`` and ``set_counts`` would from the stored rows.

    For an importer that has just stored each card's whole log: ``lives`` maps
    a card to exactly the reviews a rebuild would read back, in its order
    (UTC-aware times).
    """
    if not lives:
        return RebuildResult(cards=0, reviews=0)
    cursor = conn.cursor()
    try:
        return _replay_and_write(
            cursor,
            ReplayEngine(settings),
            lives.items(),
            move_due=True,
            set_counts=True,
            stored=utc_text,
        )
    finally:
        cursor.close()


def _replay_and_write(
    cursor: sqlite3.Cursor,
    engine: ReplayEngine,
    lives: Iterable[tuple[CardId, Sequence[tuple[int, datetime]]]],
    *,
    move_due: bool,
    set_counts: bool,
    stored: Callable[[datetime], str],
) -> RebuildResult:
    """Replay each card's life and write its state (and counts) in one ``executemany``."""
    moves: list[tuple[Any, ...]] = []
    reviews = 0
    for card_id, life in lives:
        state = engine.replay(life)
        reviews += state.reps
        moves.append(_values(card_id, state, move_due=move_due, counts=set_counts, stored=stored))
    if moves:
        # Rewriting most of the table: sorting new indexes beats updating the old ones.
        (cards,) = cursor.execute("SELECT count(*) FROM cards").fetchone()
        with held_off(cursor, "cards", triggers=(), indexes=2 * len(moves) >= cards):
            cursor.executemany(_UPDATES[move_due, set_counts], moves)
    return RebuildResult(cards=len(moves), reviews=reviews)


def _select(
    cursor: sqlite3.Cursor,
    *,
    card_ids: Iterable[CardId] | None,
    deck_ids: Iterable[DeckId] | None,
    include_new: bool,
) -> sqlite3.Cursor:
    where = "" if include_new else _NOT_NEW
    params: list[str] = []
    if card_ids is not None:
        where += _ONLY_IDS
        params.append(json.dumps(sorted({int(i) for i in card_ids})))
    if deck_ids is not None:
        where += _ONLY_DECKS
        params.append(json.dumps(sorted(set(deck_ids))))
    return cursor.execute(_REVIEWS.format(where=where), params)


def read_histories(
    session: Session,
    *,
    card_ids: Iterable[CardId] | None = None,
    deck_ids: Iterable[DeckId] | None = None,
    include_new: bool = True,
) -> list[tuple[CardId, list[tuple[int, datetime]]]]:
    """Every chosen card's current life of reviews: ``(card_id, [(rating, UTC time)])``.

    The same reviews a rebuild replays (not undone, since the last fresh
    start), ordered by card and time; for fitting and scoring parameters.
    """
    cursor = raw_connection(session).cursor()
    try:
        rows = _select(cursor, card_ids=card_ids, deck_ids=deck_ids, include_new=include_new)
        return [(card_id, life) for card_id, life in _histories(rows) if life]
    finally:
        cursor.close()


def _values(
    card_id: CardId,
    state: Replayed,
    *,
    move_due: bool,
    counts: bool,
    stored: Callable[[datetime], str],
) -> tuple[Any, ...]:
    """The parameters of ``_UPDATES[move_due, counts]`` for one card."""
    values: tuple[Any, ...] = (state.stability, state.difficulty)
    if move_due:
        values = (state.phase, state.step, *values, stored(state.due), stored(state.last_review))
    if counts:
        values = (*values, state.reps, state.lapses)
    return (*values, card_id)


def rebuild_cards(
    collection: Collection,
    card_ids: Iterable[CardId] | None = None,
    *,
    settings: SchedulerSettings | None = None,
    move_due: bool = True,
    include_new: bool = False,
    set_counts: bool = False,
) -> RebuildResult:
    """Rebuild some or all cards of ``collection`` in one transaction.

    ``settings`` defaults to the collection's scheduling settings; the other
    options are those of :func:`rebuild_in_session`.
    """
    chosen = settings or collection.settings().scheduler()
    with collection.session() as s:
        result = rebuild_in_session(
            s,
            chosen,
            card_ids,
            move_due=move_due,
            include_new=include_new,
            set_counts=set_counts,
        )
    if result.cards:
        collection.mark_changed()
    return result


def rebuild_card(
    collection: Collection,
    card_id: CardId,
    *,
    settings: SchedulerSettings | None = None,
    move_due: bool = True,
    include_new: bool = False,
    set_counts: bool = False,
) -> bool:
    """Rebuild one card; False when it has no reviews to replay."""
    result = rebuild_cards(
        collection,
        [card_id],
        settings=settings,
        move_due=move_due,
        include_new=include_new,
        set_counts=set_counts,
    )
    return result.cards == 1
