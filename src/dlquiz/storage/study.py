"""The study queue and the recording of answers, on top of the collection.

Each answer is committed in its own transaction before the caller shows the
next question, so a killed process loses no answered question.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from dlquiz.core.model import Grade, Question
from dlquiz.core.scheduling import CardPhase, CardState, Rating, Scheduler, day_start
from dlquiz.storage import new_limits
from dlquiz.storage import queue_sql as sql
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.deck_overview import Overview, deck_overview
from dlquiz.storage.new_limits import NewAllowance
from dlquiz.storage.schema import CardRow, ReviewRow

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
    card_id: int
    question: Question
    state: CardState


@dataclass(frozen=True, slots=True)
class Recorded:
    review_id: int
    rating: Rating
    state: CardState


def state_of(row: Any) -> CardState:
    """A card's scheduling state from a ``CardRow`` or a row with the same columns."""
    return CardState(
        phase=CardPhase(row.phase),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
        reps=row.reps,
        lapses=row.lapses,
    )


def _state_params(card_id: int, state: CardState) -> dict[str, Any]:
    return {
        "id": card_id,
        "phase": int(state.phase),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
        "reps": state.reps,
        "lapses": state.lapses,
    }


def _apply(row: CardRow, state: CardState) -> None:
    row.phase = int(state.phase)
    row.step, row.stability, row.difficulty = state.step, state.stability, state.difficulty
    row.due, row.last_review = state.due, state.last_review
    row.reps, row.lapses = state.reps, state.lapses


def _state_json(state: CardState) -> str:
    data: dict[str, Any] = {
        "phase": int(state.phase),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "reps": state.reps,
        "lapses": state.lapses,
        "due": state.due.isoformat() if state.due else None,
        "last_review": state.last_review.isoformat() if state.last_review else None,
    }
    return json.dumps(data)


def _state_from_json(text: str) -> CardState:
    data = json.loads(text)
    return CardState(
        phase=CardPhase(data["phase"]),
        step=data["step"],
        stability=data["stability"],
        difficulty=data["difficulty"],
        reps=data["reps"],
        lapses=data["lapses"],
        due=datetime.fromisoformat(data["due"]) if data["due"] else None,
        last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
    )


class StudyService:
    """Picks the next card and records answers for one collection."""

    def __init__(self, bank: QuestionBank, *, zone: tzinfo | None = None) -> None:
        self.bank = bank
        self.collection = bank.collection
        self.clock = self.collection.clock
        self.zone = zone or datetime.now().astimezone().tzinfo or self.clock.now().tzinfo
        self._undo_stack: list[int] = []
        self._scheduler: Scheduler | None = None

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            self._scheduler = Scheduler(self.collection.settings().scheduler())
        return self._scheduler

    def settings_changed(self) -> None:
        self._scheduler = None

    # --- the queue ---

    def _window(self) -> tuple[datetime, datetime, datetime]:
        now = self.clock.now()
        assert self.zone is not None
        start = day_start(now, zone=self.zone, hour=self.collection.settings().day_start_hour)
        return now, start, start + timedelta(days=1)

    def overview(self) -> Overview:
        """New / Learning / Due of every enabled deck now, and which limits hold."""
        now, start, end = self._window()
        with self.collection.session() as s:
            return deck_overview(
                s,
                self.collection.settings(),
                since=start,
                learn_until=now + LEARN_AHEAD,
                review_until=end,
            )

    def new_allowance(self, deck_ids: list[str] | None = None) -> NewAllowance:
        """Today's new-card limits of the chosen decks (see storage/new_limits.py)."""
        _now, start, _end = self._window()
        with self.collection.session() as s:
            return self._allowance(s, start, deck_ids)

    def _allowance(self, s: Session, start: datetime, deck_ids: list[str] | None) -> NewAllowance:
        return new_limits.allowance(s, self.collection.settings(), since=start, deck_ids=deck_ids)

    def counts(self, deck_ids: list[str] | None = None) -> QueueCounts:
        """Cards waiting now: new (within today's limit), learning, and reviews due today."""
        now, start, end = self._window()
        with self.collection.session() as s:
            params = {
                "decks": json.dumps(deck_ids) if deck_ids else None,
                "learn_until": now + LEARN_AHEAD,
                "review_until": end,
                "new_limit": 0,  # new cards are counted per deck, under their limits
            }
            learning, review, _none = s.execute(sql.COUNT_WAITING, params).one()
            room = self._allowance(s, start, deck_ids)
            new = new_limits.capped_total(new_limits.new_waiting(s, room), room)
        return QueueCounts(new=new, learning=learning, review=review)

    def next_card(self, deck_ids: list[str] | None = None) -> StudyCard | None:
        """Due learning cards, then due reviews, then new cards, then learning ahead."""
        now, start, end = self._window()
        decks = {"decks": json.dumps(deck_ids) if deck_ids else None}
        with self.collection.session() as s:
            row = s.execute(sql.DUE_LEARNING, {**decks, "until": now}).first()
            if row is None:
                row = s.execute(sql.DUE_REVIEW, {**decks, "until": end}).first()
            if row is None:
                room = self._allowance(s, start, deck_ids)
                row = new_limits.next_new_row(s, room, decks["decks"])
            if row is None:
                row = s.execute(sql.DUE_LEARNING, {**decks, "until": now + LEARN_AHEAD}).first()
        if row is None:
            return None
        card_id, question_id, state = row[0], row[1], state_of(row)
        question = self.bank.get(question_id)
        if question is None:
            # The deck lost this question since the last sync: retire the card and go on.
            with self.collection.session() as s:
                s.execute(update(CardRow).where(CardRow.id == card_id).values(retired=True))
            return self.next_card(deck_ids)
        return StudyCard(card_id=card_id, question=question, state=state)

    def preview(self, card: StudyCard) -> dict[Rating, timedelta]:
        """The next interval for each rating button."""
        return self.scheduler.preview(card.state, now=self.clock.now(), card_id=card.card_id)

    # --- answering ---

    def record(
        self,
        card: StudyCard,
        *,
        rating: Rating,
        answer: str,
        grade: Grade | None,
        duration_ms: int,
        kind: str = "study",
    ) -> Recorded:
        """Schedule the card and append the review, committed before returning."""
        now = self.clock.now()
        with self.collection.session() as s:
            row = s.execute(sql.CARD_BY_ID, {"id": card.card_id}).first()
            if row is None:
                raise KeyError(f"card {card.card_id} is not in the collection")
            before = state_of(row)
            after = self.scheduler.review(before, rating, now=now, card_id=card.card_id)
            s.execute(sql.UPDATE_CARD, _state_params(card.card_id, after))
            inserted = s.execute(
                insert(ReviewRow.__table__),
                {
                    "card_id": card.card_id,
                    "reviewed_at": now,
                    "rating": int(rating),
                    "duration_ms": max(0, duration_ms),
                    "answer": answer,
                    "verdict": grade.verdict.value if grade else "",
                    "score": grade.score if grade else 0.0,
                    "kind": kind,
                    "was_new": before.phase is CardPhase.NEW,
                    "state_before": _state_json(before),
                    "undone_at": None,
                },
            )
            review_id = int(inserted.inserted_primary_key[0])
        self.collection.mark_changed()
        if kind == "study":
            self._undo_stack.append(review_id)
        return Recorded(review_id=review_id, rating=rating, state=after)

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
        review_id = self._undo_stack.pop()
        with self.collection.session() as s:
            review = s.get(ReviewRow, review_id)
            if review is None or review.undone_at is not None:
                return None
            row = s.get(CardRow, review.card_id)
            assert row is not None
            before = _state_from_json(review.state_before)
            _apply(row, before)
            review.undone_at = self.clock.now()
            card_id, qid = row.id, row.question_id
        self.collection.mark_changed()
        question = self.bank.get(qid)
        return None if question is None else StudyCard(card_id, question, before)

    def amend_rating(self, recorded: Recorded, card: StudyCard, rating: Rating) -> Recorded:
        """Replace the rating of the answer just given, before moving on.

        The card is rescheduled from its state before that answer, at the
        answer's original time, and the same review row takes the new rating.
        """
        with self.collection.session() as s:
            review = s.get(ReviewRow, recorded.review_id)
            row = s.get(CardRow, card.card_id)
            if review is None or row is None or review.undone_at is not None:
                raise KeyError(f"review {recorded.review_id} cannot be amended")
            before = _state_from_json(review.state_before)
            after = self.scheduler.review(before, rating, now=review.reviewed_at, card_id=row.id)
            _apply(row, after)
            review.rating = int(rating)
        self.collection.mark_changed()
        return Recorded(review_id=recorded.review_id, rating=rating, state=after)
