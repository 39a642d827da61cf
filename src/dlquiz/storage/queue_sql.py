"""The study queue's hot statements, written once as SQL.

Each answer runs these, so they are prepared text statements rather than
ORM queries: SQLAlchemy then caches them and skips rebuilding expressions,
which was most of the time per answer on a 100,000-card collection.  Every
query walks an index in order ((phase, due) or (phase, new_rank)).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, bindparam, text
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.selectable import TextualSelect

from dlquiz.storage.types import UTCDateTime

CARD_COLUMNS = "id, question_id, phase, step, stability, difficulty, due, last_review, reps, lapses"

# Cards of enabled, live decks (all of them, or those in the JSON list :decks).
_LIVE = (
    "retired = 0 AND suspended = 0 AND deck_id IN (SELECT id FROM decks WHERE enabled = 1"
    " AND deleted_at IS NULL AND (:decks IS NULL OR id IN (SELECT value FROM json_each(:decks))))"
)


# Sibling burying: questions in the JSON list :buried wait until tomorrow
# (an empty list buries nothing).  SQLite builds the list's set once per query.
_NOT_BURIED = "question_id NOT IN (SELECT value FROM json_each(:buried))"


def _card_query(condition: str, order: str, *, until: bool) -> TextualSelect:
    statement = text(
        f"SELECT {CARD_COLUMNS} FROM cards WHERE {_LIVE} AND {_NOT_BURIED} AND {condition}"
        f" ORDER BY {order} LIMIT 1"
    )
    params: list[BindParameter[Any]] = [
        bindparam("decks", type_=String),
        bindparam("buried", type_=String),
    ]
    if until:
        params.append(bindparam("until", type_=UTCDateTime))
    return statement.bindparams(*params).columns(due=UTCDateTime, last_review=UTCDateTime)


DUE_LEARNING = _card_query("phase IN (1, 3) AND due <= :until", "due", until=True)
DUE_REVIEW = _card_query("phase = 2 AND due < :until", "due", until=True)
NEXT_NEW = _card_query("phase = 0", "new_rank", until=False)

INTRODUCED_SINCE = text(
    "SELECT count(*) FROM reviews WHERE reviewed_at >= :since AND was_new = 1"
    " AND kind = 'study' AND undone_at IS NULL"
).bindparams(bindparam("since", type_=UTCDateTime))

CARD_BY_ID = (
    text(f"SELECT {CARD_COLUMNS} FROM cards WHERE id = :id")
    .bindparams(bindparam("id", type_=Integer))
    .columns(due=UTCDateTime, last_review=UTCDateTime)
)

UPDATE_CARD = text(
    "UPDATE cards SET phase = :phase, step = :step, stability = :stability,"
    " difficulty = :difficulty, due = :due, last_review = :last_review, reps = :reps,"
    " lapses = :lapses WHERE id = :id"
).bindparams(bindparam("due", type_=UTCDateTime), bindparam("last_review", type_=UTCDateTime))


ANSWERED_SINCE = text(
    "SELECT DISTINCT cards.question_id FROM reviews JOIN cards ON cards.id = reviews.card_id"
    " WHERE reviews.reviewed_at >= :since AND reviews.kind = 'study'"
    " AND reviews.undone_at IS NULL"
).bindparams(bindparam("since", type_=UTCDateTime))

_WAITING = f"{_LIVE} AND {_NOT_BURIED}"
COUNT_WAITING = text(
    f"SELECT"
    f" (SELECT count(*) FROM cards WHERE {_WAITING} AND phase IN (1, 3) AND due <= :learn_until),"
    f" (SELECT count(*) FROM cards WHERE {_WAITING} AND phase = 2 AND due < :review_until),"
    f" (SELECT count(*) FROM (SELECT 1 FROM cards WHERE {_WAITING} AND phase = 0"
    f" LIMIT :new_limit))"
).bindparams(
    bindparam("decks", type_=String),
    bindparam("buried", type_=String),
    bindparam("learn_until", type_=UTCDateTime),
    bindparam("review_until", type_=UTCDateTime),
    bindparam("new_limit", type_=Integer),
)


# --- daily new-card limits: per deck, under a global cap (storage/new_limits.py) ---

INTRODUCED_BY_DECK = text(
    "SELECT cards.deck_id, count(*) FROM reviews JOIN cards ON cards.id = reviews.card_id"
    " WHERE reviews.reviewed_at >= :since AND reviews.was_new = 1 AND reviews.kind = 'study'"
    " AND reviews.undone_at IS NULL GROUP BY cards.deck_id"
).bindparams(bindparam("since", type_=UTCDateTime))

DECK_NEW_LIMITS = text(
    "SELECT id, new_per_day FROM decks WHERE enabled = 1 AND deleted_at IS NULL"
    " AND (:decks IS NULL OR id IN (SELECT value FROM json_each(:decks)))"
).bindparams(bindparam("decks", type_=String))

# The next new card among the decks (JSON list :open_decks) whose limits leave room today.
NEXT_NEW_OPEN = (
    text(
        f"SELECT {CARD_COLUMNS} FROM cards WHERE {_LIVE} AND {_NOT_BURIED} AND phase = 0"
        " AND deck_id IN (SELECT value FROM json_each(:open_decks)) ORDER BY new_rank LIMIT 1"
    )
    .bindparams(
        bindparam("decks", type_=String),
        bindparam("buried", type_=String),
        bindparam("open_decks", type_=String),
    )
    .columns(due=UTCDateTime, last_review=UTCDateTime)
)

# New cards waiting in one deck, counted only up to :most (the room its limit leaves).
NEW_IN_DECK_UP_TO = text(
    "SELECT count(*) FROM (SELECT 1 FROM cards WHERE retired = 0 AND suspended = 0"
    f" AND {_NOT_BURIED} AND deck_id = :deck AND phase = 0 LIMIT :most)"
).bindparams(
    bindparam("deck", type_=String),
    bindparam("buried", type_=String),
    bindparam("most", type_=Integer),
)

# Learning and review cards waiting now, per deck, for the deck overview.
WAITING_BY_DECK = text(
    "SELECT deck_id,"
    " sum(CASE WHEN phase IN (1, 3) AND due <= :learn_until THEN 1 ELSE 0 END),"
    " sum(CASE WHEN phase = 2 AND due < :review_until THEN 1 ELSE 0 END)"
    f" FROM cards WHERE {_WAITING} AND phase IN (1, 2, 3) GROUP BY deck_id"
).bindparams(
    bindparam("decks", type_=String),
    bindparam("buried", type_=String),
    bindparam("learn_until", type_=UTCDateTime),
    bindparam("review_until", type_=UTCDateTime),
)
