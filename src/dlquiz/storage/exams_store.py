"""Timed exams in the collection: saved after every change, marked, and fed to FSRS.

One row per attempt (``exam_attempts``).  ``state`` holds the attempt as
``attempt_to_dict`` writes it; once the exam is marked, the same JSON object
also holds the marked result under the key ``"result"`` (``result_to_dict``),
so the results page and ``dlquiz exam history`` show an old attempt as it
was marked, even after its deck changed.

Every method is one unit of work, committed before it returns: an answer
saved here survives a crash that happens right after.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dlquiz.core.exam import (
    ExamAttempt,
    ExamResult,
    Outcome,
    attempt_from_dict,
    attempt_to_dict,
    exam_ratings,
    result_from_dict,
    result_summary,
    result_to_dict,
    score_attempt,
)
from dlquiz.core.ids import CardId
from dlquiz.core.model import Grade, Question, Verdict
from dlquiz.core.scheduling import Rating
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_service import DeckService
from dlquiz.storage.schema import CardRow, ExamAttemptRow
from dlquiz.storage.study import StudyCard, StudyService, state_of

RESULT_KEY = "result"
_log = logging.getLogger("dlquiz.exams")

_VERDICTS = {
    Outcome.CORRECT: Verdict.CORRECT,
    Outcome.PARTIAL: Verdict.PARTIAL,
    Outcome.INCORRECT: Verdict.INCORRECT,
    Outcome.UNANSWERED: Verdict.INCORRECT,
}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One finished attempt, for the history table and ``exam history --json``."""

    attempt_id: str
    started_at: datetime
    finished_at: datetime
    score: float
    passed: bool
    questions: int
    answered: int
    correct: int
    result: ExamResult | None  # None only for rows whose saved result cannot be read

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe record; times are ISO-8601 in UTC, ``score`` is 0..1."""
        record = result_summary(self.result) if self.result is not None else {}
        record.update(
            attempt_id=self.attempt_id,
            started_at=self.started_at.isoformat(),
            finished_at=self.finished_at.isoformat(),
            score=round(self.score, 4),
            passed=self.passed,
            questions=self.questions,
            answered=self.answered,
            correct=self.correct,
        )
        return record


class ExamStore:
    """Saves, loads and finishes the exam attempts of one collection."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    # --- while the exam runs ---

    def create(self, attempt: ExamAttempt) -> None:
        """Store a new attempt at its start, before the first question is shown."""
        with self.collection.session() as s:
            s.add(
                ExamAttemptRow(
                    id=attempt.id,
                    started_at=attempt.started_at,
                    deadline=attempt.deadline,
                    finished_at=None,
                    state=json.dumps(attempt_to_dict(attempt)),
                    questions=len(attempt.question_ids),
                    answered=len(attempt.answers),
                    correct=0,
                )
            )
        self.collection.mark_changed()

    def save(self, attempt: ExamAttempt) -> None:
        """Store the attempt's answers, flags and place; call it after every change.

        Raises:
            KeyError: the attempt was never created, or it is already marked.
        """
        with self.collection.session() as s:
            row = _unmarked_row(s, attempt.id)
            row.state = json.dumps(attempt_to_dict(attempt))
            row.answered = len(attempt.answers)
        self.collection.mark_changed()

    def unfinished_attempt(self) -> ExamAttempt | None:
        """The newest attempt that was never marked (closed or crashed mid-exam).

        It may already be submitted (a crash between submitting and marking);
        then it only needs :meth:`finalize`.  Rows whose state cannot be read
        are skipped (and logged), so a damaged row never blocks the app.
        """
        with self.collection.session() as s:
            rows = s.execute(
                select(ExamAttemptRow.id, ExamAttemptRow.state)
                .where(ExamAttemptRow.finished_at.is_(None))
                .order_by(ExamAttemptRow.started_at.desc())
            ).all()
        for attempt_id, state in rows:
            try:
                return attempt_from_dict(json.loads(state))
            except ValueError as error:
                _log.warning("exam attempt %s cannot be resumed: %s", attempt_id, error)
        return None

    # --- the end ---

    def finish(
        self,
        attempt: ExamAttempt,
        result: ExamResult,
        *,
        then: Callable[[Session], object] | None = None,
    ) -> None:
        """Store the submitted attempt with its mark, in one transaction.

        ``then`` runs inside that same transaction (to log the exam's reviews),
        so the mark and what follows from it are committed together or not at all.
        """
        if attempt.submitted_at is None:
            raise ValueError("only a submitted attempt can be finished")
        state = attempt_to_dict(attempt)
        state[RESULT_KEY] = result_to_dict(result)
        with self.collection.session() as s:
            row = _unmarked_row(s, attempt.id)
            row.state = json.dumps(state)
            row.finished_at = attempt.submitted_at
            row.score = result.score
            row.passed = result.passed
            row.questions = result.questions
            row.answered = result.answered
            row.correct = result.correct
            if then is not None:
                s.flush()
                then(s)
        self.collection.mark_changed()

    def finalize(
        self, attempt: ExamAttempt, bank: QuestionBank, service: StudyService
    ) -> ExamResult:
        """Mark a submitted attempt, store the mark and log its answers as reviews.

        All in one transaction: a crash leaves the attempt either unmarked
        (marked again at the next start) or marked with every review logged,
        never in between, and never logs twice.
        """
        result = self.score(attempt, bank)
        self.finish(attempt, result, then=lambda s: feed_reviews(result, bank, service, session=s))
        return result

    @staticmethod
    def score(attempt: ExamAttempt, bank: QuestionBank) -> ExamResult:
        """Mark a submitted attempt against the questions as the decks hold them now."""
        questions: dict[str, Question] = {}
        for question_id in attempt.question_ids:
            question = bank.get(question_id)
            if question is not None:
                questions[question_id] = question
        names = {str(deck.id): deck.name for deck in DeckService(bank.collection).all()}
        return score_attempt(
            attempt, questions, topic_order=bank.chapter_deck.topics, deck_names=names
        )

    # --- looking back ---

    def result_of(self, attempt_id: str) -> ExamResult | None:
        """The stored result of a finished attempt, or None."""
        with self.collection.session() as s:
            row = s.get(ExamAttemptRow, attempt_id)
            state = None if row is None or row.finished_at is None else row.state
        return None if state is None else _stored_result(attempt_id, state)

    def history(self) -> list[HistoryEntry]:
        """Finished attempts, oldest first (the order of the score trend)."""
        with self.collection.session() as s:
            rows = s.scalars(
                select(ExamAttemptRow)
                .where(ExamAttemptRow.finished_at.is_not(None))
                .order_by(ExamAttemptRow.started_at, ExamAttemptRow.id)
            ).all()
            return [
                HistoryEntry(
                    attempt_id=row.id,
                    started_at=row.started_at,
                    finished_at=row.finished_at or row.started_at,
                    score=row.score or 0.0,
                    passed=bool(row.passed),
                    questions=row.questions,
                    answered=row.answered,
                    correct=row.correct,
                    result=_stored_result(row.id, row.state),
                )
                for row in rows
            ]


def _unmarked_row(s: Session, attempt_id: str) -> ExamAttemptRow:
    """The stored attempt that may still change.

    Raises:
        KeyError: the attempt was never created, or it is already marked.
    """
    row = s.get(ExamAttemptRow, attempt_id)
    if row is None:
        raise KeyError(f"exam attempt {attempt_id!r} is not in the collection")
    if row.finished_at is not None:
        raise KeyError(f"exam attempt {attempt_id!r} is already marked")
    return row


def _stored_result(attempt_id: str, state: str) -> ExamResult | None:
    try:
        data = json.loads(state)
        return result_from_dict(data[RESULT_KEY])
    except (ValueError, KeyError, TypeError) as error:
        _log.warning("the result of exam attempt %s cannot be read: %s", attempt_id, error)
        return None


def feed_reviews(
    result: ExamResult,
    bank: QuestionBank,
    service: StudyService,
    *,
    session: Session | None = None,
) -> int:
    """Log every marked question that has a card as a review of kind ``"exam"``.

    Ratings come from :func:`exam_ratings`: incorrect and unanswered give
    Again, so missed questions come due within minutes; partial gives Hard,
    correct gives Good.  Questions without a card (none should lack one, but
    a deck may have changed) are skipped.  With ``session`` every review is
    part of that transaction.  Returns how many were logged.
    """
    if session is None:
        with bank.collection.session() as s:
            return feed_reviews(result, bank, service, session=s)
    ratings = exam_ratings(result)
    ids = list(ratings)
    rows = session.scalars(select(CardRow).where(CardRow.question_id.in_(ids))).all()
    cards = {row.question_id: (CardId(row.id), state_of(row)) for row in rows}
    logged = 0
    for item in result.items:
        found = cards.get(item.question_id)
        question = bank.get(item.question_id)
        if found is None or question is None:
            continue
        card_id, state = found
        grade = Grade(
            verdict=_VERDICTS[item.outcome],
            score=item.score,
            expected=item.correct_answer,
            feedback=item.feedback,
        )
        service.record(
            StudyCard(card_id=card_id, question=question, state=state),
            rating=Rating(ratings[item.question_id]),
            answer=item.raw_answer,
            grade=grade,
            duration_ms=0,  # an exam is timed as a whole, never per question
            kind="exam",
            session=session,
        )
        logged += 1
    return logged
