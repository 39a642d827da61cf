"""The study queue and the recording of answers, on top of the collection.

Each answer is committed in its own transaction before the caller shows the
next question, so a killed process loses no answered question.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from dlquiz.core.clock import local_zone
from dlquiz.core.ids import CardId, DeckId, ReviewId
from dlquiz.core.model import Grade, Question, QuestionType
from dlquiz.core.scheduling import (
    CardPhase,
    CardState,
    Rating,
    Scheduler,
    day_start,
    suggest_rating,
)
from dlquiz.storage import new_limits
from dlquiz.storage import queue_sql as sql
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.card_state import (
    apply_state,
    state_from_json,
    state_json,
    state_of,
    state_params,
)
from dlquiz.storage.deck_overview import Overview, deck_overview
from dlquiz.storage.new_limits import NewAllowance
from dlquiz.storage.readers import raw_connection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dlquiz.core.prepare import Preparer

__all__ = [
    "Graded",
    "QueueCounts",
    "Recorded",
    "Revealed",
    "StudyCard",
    "StudyService",
    "state_of",
]

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class QueueCounts:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class StudyCard:
    card_id: CardId
    question: Question
    state: CardState


@dataclass(frozen=True, slots=True)
class Recorded:
    """One stored review: its row, the rating it carries and the card's new state."""

    review_id: ReviewId
    rating: Rating
    state: CardState


@dataclass(frozen=True, slots=True)
class Graded:
    """A typed or chosen answer, graded and already stored with the suggested rating.

    ``intervals`` are the next intervals each rating button would give.
    """

    card: StudyCard
    grade: Grade
    suggested: Rating
    intervals: dict[Rating, timedelta]
    recorded: Recorded


@dataclass(frozen=True, slots=True)
class Revealed:
    """A flashcard's back on screen: nothing is stored until the learner rates it."""

    card: StudyCard
    intervals: dict[Rating, timedelta]
    suggested: Rating = Rating.GOOD


class StudyService:
    """Picks the next card and records answers for one collection."""

    def __init__(self, bank: QuestionBank, *, zone: tzinfo | None = None) -> None:
        self.bank = bank
        self.collection = bank.collection
        self.clock = self.collection.clock
        self.zone = zone or local_zone()
        self._undo_stack: list[ReviewId] = []
        self._scheduler: Scheduler | None = None
        self._preparer: Preparer | None = None

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            self._scheduler = Scheduler(self.collection.settings().scheduler())
        return self._scheduler

    def settings_changed(self) -> None:
        self._scheduler = None
        self._preparer = None

    def _prepared(self, deck_of: Callable[[], str], after: CardState, now: datetime) -> CardState:
        """``after`` with the due date the exam being prepared for gives it (core.prepare)."""
        settings = self.collection.settings()
        if not settings.exam_goal_at:
            return after  # the usual case: core.prepare (and what it imports) stays unloaded
        from dlquiz.core.prepare import Preparer, exam_goal

        goal = exam_goal(settings)
        if goal is None or not goal.covers(deck_of(), now):
            return after
        if self._preparer is None or self._preparer.goal != goal:
            self._preparer = Preparer(self.scheduler.settings, goal)
        return replace(after, due=self._preparer.due(after, now=now))

    # --- the queue ---

    def _window(self) -> tuple[datetime, datetime, datetime]:
        now = self.clock.now()
        assert self.zone is not None
        start = day_start(now, zone=self.zone, hour=self.collection.settings().day_start_hour)
        return now, start, start + timedelta(days=1)

    def overview(self) -> Overview:
        """New / Learning / Due of every enabled deck now, and which limits hold."""
        now, start, end = self._window()
        conn = self.collection.reader()
        return deck_overview(
            conn,
            self.collection.settings(),
            since=start,
            learn_until=now + LEARN_AHEAD,
            review_until=end,
            buried=self._buried(conn, start),
        )

    def new_allowance(self, deck_ids: Sequence[DeckId] | None = None) -> NewAllowance:
        """Today's new-card limits of the chosen decks (see storage/new_limits.py)."""
        _now, start, _end = self._window()
        return self._allowance(self.collection.reader(), start, deck_ids)

    def _allowance(
        self, conn: sqlite3.Connection, start: datetime, deck_ids: Sequence[DeckId] | None
    ) -> NewAllowance:
        settings = self.collection.settings()
        return new_limits.allowance(conn, settings, since=start, deck_ids=deck_ids)

    def _buried(self, conn: sqlite3.Connection, start: datetime) -> str:
        """The JSON list of questions buried today: siblings of those answered since ``start``."""
        if not self.collection.settings().bury_siblings:
            return "[]"
        answered = [str(r[0]) for r in sql.fetch_all(conn, sql.ANSWERED_SINCE, {"since": start})]
        return json.dumps(sorted(self.bank.buried_by(answered)))

    def counts(self, deck_ids: Sequence[DeckId] | None = None) -> QueueCounts:
        """Cards waiting now: new (within today's limit), learning, and reviews due today.

        Cards buried because a sibling was answered today are not counted.
        """
        now, start, end = self._window()
        # The scheduler (settings and the learner's FSRS parameters) is read here,
        # before the first answer, so an answer is one transaction and never two.
        _ = self.scheduler
        conn = self.collection.reader()
        buried = self._buried(conn, start)
        params = {
            "decks": json.dumps(list(deck_ids)) if deck_ids else None,
            "buried": buried,
            "learn_until": now + LEARN_AHEAD,
            "review_until": end,
        }
        learning, review = sql.fetch_one(conn, sql.COUNT_WAITING, params)
        # New cards are counted per deck, under their limits and the global cap.
        room = self._allowance(conn, start, deck_ids)
        waiting = new_limits.new_waiting(conn, room, buried=buried)
        new = new_limits.capped_total(waiting, room)
        return QueueCounts(new=new, learning=int(learning), review=int(review))

    def next_card(self, deck_ids: Sequence[DeckId] | None = None) -> StudyCard | None:
        """Due learning cards, then due reviews, then new cards, then learning ahead.

        With the ``bury_siblings`` setting (on by default) a card whose sibling
        was answered since the day started waits until the next day.
        """
        now, start, end = self._window()
        conn = self.collection.reader()
        chosen = json.dumps(list(deck_ids)) if deck_ids else None
        buried = self._buried(conn, start)
        decks = {"decks": chosen, "buried": buried}
        row = sql.fetch_one(conn, sql.DUE_LEARNING, {**decks, "until": now})
        if row is None:
            row = sql.fetch_one(conn, sql.DUE_REVIEW, {**decks, "until": end})
        if row is None:
            room = self._allowance(conn, start, deck_ids)
            row = new_limits.next_new_row(conn, room, decks=chosen, buried=buried)
        if row is None:
            row = sql.fetch_one(conn, sql.DUE_LEARNING, {**decks, "until": now + LEARN_AHEAD})
        if row is None:
            return None
        card_id, question_id, state = sql.card_of(row)
        question = self.bank.get(question_id)
        if question is None:
            # The deck lost this question since the last sync: retire the card and go on.
            with self.collection.session() as s:
                raw_connection(s).execute(sql.RETIRE_CARD, {"id": card_id})
            return self.next_card(deck_ids)
        question = self.bank.asked(question, new=state.phase is CardPhase.NEW)
        return StudyCard(card_id=card_id, question=question, state=state)

    def preview(self, card: StudyCard) -> dict[Rating, timedelta]:
        """The next interval for each rating button (what an exam being prepared for gives)."""
        now = self.clock.now()
        out = {}
        for rating in Rating:
            after = self.scheduler.review(card.state, rating, now=now, card_id=card.card_id)
            after = self._prepared(lambda: card.question.deck, after, now)
            assert after.due is not None
            out[rating] = after.due - now
        return out

    # --- answering: one call per user action ---

    def answer(self, card: StudyCard, text: str, *, duration_ms: int) -> Graded:
        """Grade ``text``, store it with the suggested rating, and return what to show.

        The card is read, rescheduled and its review appended in a single
        transaction, committed before this returns.
        """
        # Grading pulls in rapidfuzz and the number tables: not needed to show a question.
        from dlquiz.core.grading import grade as grade_answer

        question = card.question
        if question.type is QuestionType.FLASHCARD:
            raise ValueError("a flashcard is revealed and rated, not graded")
        result = grade_answer(question, text)
        suggested = suggest_rating(result.verdict, qtype=question.type, duration_ms=duration_ms)
        now = self.clock.now()
        scheduler = self.scheduler  # read outside the answer's transaction
        with self.collection.session() as s:
            before = self._current_state(s, card.card_id)
            intervals = scheduler.preview(before, now=now, card_id=card.card_id)
            recorded = self.record(
                card,
                rating=suggested,
                answer=text,
                grade=result,
                duration_ms=duration_ms,
                session=s,
                now=now,
            )
        return Graded(card, result, suggested, intervals, recorded)

    def reveal(self, card: StudyCard) -> Revealed:
        """A flashcard's back is shown: the intervals to rate it by, nothing stored yet."""
        return Revealed(card, self.preview(card))

    def rate(self, shown: Graded | Revealed, rating: Rating, *, duration_ms: int) -> Recorded:
        """The learner's rating: stores a revealed flashcard, amends a graded answer.

        ``duration_ms`` is the time to the rating, used only for a flashcard
        (a graded answer keeps the time it took to answer).
        """
        if isinstance(shown, Revealed):
            return self.record(
                shown.card, rating=rating, answer="", grade=None, duration_ms=duration_ms
            )
        if rating is shown.recorded.rating:
            return shown.recorded
        return self.amend_rating(shown.recorded, shown.card, rating)

    def record(
        self,
        card: StudyCard,
        *,
        rating: Rating,
        answer: str,
        grade: Grade | None,
        duration_ms: int,
        kind: str = "study",
        session: Session | None = None,
        now: datetime | None = None,
    ) -> Recorded:
        """Schedule the card with a known rating and append the review, committed on return.

        With ``session``, the review joins that unit of work instead and is
        committed with it (an exam's mark and its reviews are one transaction).
        ``now`` is the answer's time (default: the clock's).
        """
        now = now or self.clock.now()
        unit = nullcontext(session) if session is not None else self.collection.session()
        with unit as s:
            before = self._current_state(s, card.card_id)
            recorded = self._store(
                s,
                card.card_id,
                before,
                rating=rating,
                answer=answer,
                grade=grade,
                duration_ms=duration_ms,
                kind=kind,
                now=now,
            )
        self._after_store(recorded, kind=kind)
        return recorded

    @staticmethod
    def _current_state(s: Session, card_id: CardId) -> CardState:
        row = sql.fetch_one(raw_connection(s), sql.CARD_BY_ID, {"id": card_id})
        if row is None:
            raise KeyError(f"card {card_id} is not in the collection")
        return sql.card_of(row)[2]

    def _store(
        self,
        s: Session,
        card_id: CardId,
        before: CardState,
        *,
        rating: Rating,
        answer: str,
        grade: Grade | None,
        duration_ms: int,
        kind: str,
        now: datetime,
    ) -> Recorded:
        after = self.scheduler.review(before, rating, now=now, card_id=card_id)
        after = self._prepared(lambda: _deck_of(s, card_id), after, now)
        conn = raw_connection(s)
        conn.execute(sql.UPDATE_CARD, sql.bound(state_params(card_id, after)))
        inserted = conn.execute(
            sql.INSERT_REVIEW,
            sql.bound(
                {
                    "card_id": card_id,
                    "reviewed_at": now,
                    "rating": int(rating),
                    "duration_ms": max(0, duration_ms),
                    "answer": answer,
                    "verdict": grade.verdict.value if grade else "",
                    "score": grade.score if grade else 0.0,
                    "kind": kind,
                    "was_new": before.phase is CardPhase.NEW,
                    "state_before": state_json(before),
                }
            ),
        )
        assert inserted.lastrowid is not None
        return Recorded(ReviewId(inserted.lastrowid), rating, after)

    def _after_store(self, recorded: Recorded, *, kind: str) -> None:
        self.collection.mark_changed()
        if kind == "study":
            self._undo_stack.append(recorded.review_id)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo_stack)

    def undo_last(self) -> StudyCard | None:
        """Take back this session's last answer: the card's old state returns.

        The review row stays in the log with ``undone_at`` set, and every count
        and statistic leaves such rows out.
        """
        if not self._undo_stack:
            return None
        from dlquiz.storage.schema import CardRow, ReviewRow

        review_id = self._undo_stack.pop()
        with self.collection.session() as s:
            review = s.get(ReviewRow, review_id)
            if review is None or review.undone_at is not None:
                return None
            row = s.get(CardRow, review.card_id)
            assert row is not None
            before = state_from_json(review.state_before)
            apply_state(row, before)
            review.undone_at = self.clock.now()
            card_id, qid = CardId(row.id), row.question_id
        self.collection.mark_changed()
        question = self.bank.get(qid)
        if question is None:
            return None
        return StudyCard(
            card_id, self.bank.asked(question, new=before.phase is CardPhase.NEW), before
        )

    def amend_rating(self, recorded: Recorded, card: StudyCard, rating: Rating) -> Recorded:
        """Replace the rating of the answer just given, before moving on.

        The card is rescheduled from its state before that answer, at the
        answer's original time, and the same review row takes the new rating.
        """
        from dlquiz.storage.schema import CardRow, ReviewRow

        with self.collection.session() as s:
            review = s.get(ReviewRow, recorded.review_id)
            row = s.get(CardRow, card.card_id)
            if review is None or row is None or review.undone_at is not None:
                raise KeyError(f"review {recorded.review_id} cannot be amended")
            before = state_from_json(review.state_before)
            after = self.scheduler.review(before, rating, now=review.reviewed_at, card_id=row.id)
            after = self._prepared(lambda: row.deck_id, after, review.reviewed_at)
            apply_state(row, after)
            review.rating = int(rating)
        self.collection.mark_changed()
        return Recorded(review_id=recorded.review_id, rating=rating, state=after)


def _deck_of(s: Session, card_id: CardId) -> str:
    row = sql.fetch_one(
        raw_connection(s), "SELECT deck_id FROM cards WHERE id = :id", {"id": card_id}
    )
    assert row is not None
    return str(row[0])
