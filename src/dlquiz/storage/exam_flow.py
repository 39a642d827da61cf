"""Beginning an exam and dealing with one left unfinished: shared by the GUI and terminal."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from dlquiz.core.exam import (
    ExamAttempt,
    ExamResult,
    ExamSelection,
    ExamSettings,
    Resume,
    SubmitNow,
    resume_decision,
    select_questions,
    start_attempt,
)
from dlquiz.core.model import Question
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.study import StudyService

# The time limits ExamSettings accepts (docs/exams.md: 10 s to 24 h).
_LIMIT_RANGE_S = (10, 24 * 60 * 60)


def start_exam(
    store: ExamStore,
    pool: Sequence[Question],
    settings: ExamSettings,
    *,
    seconds_per_question: int | None,
    now: datetime,
) -> tuple[ExamAttempt, ExamSelection]:
    """Draw the questions, start the attempt and store it before anything is shown.

    Without an explicit limit in ``settings``, the limit is
    ``seconds_per_question`` for each question actually drawn (the learner's
    setting), so a small pool does not give time for absent questions.  The
    learner's ``bury_siblings`` setting keeps sibling questions apart.

    Raises:
        ValueError: no question matches the settings.
    """
    apart = store.collection.settings().bury_siblings
    selection = select_questions(pool, settings, keep_siblings_apart=apart)
    if not len(selection):
        raise ValueError(
            "no question matches these exam settings; choose other decks, sections or types"
        )
    if settings.time_limit_s is None and seconds_per_question is not None:
        low, high = _LIMIT_RANGE_S
        limit = min(max(seconds_per_question * len(selection), low), high)
        settings = replace(settings, time_limit_s=limit)
    attempt = start_attempt(selection, settings, attempt_id=uuid.uuid4().hex, now=now)
    store.create(attempt)
    return attempt, selection


def settle_unfinished(
    store: ExamStore,
    bank: QuestionBank,
    service: StudyService,
    *,
    now: datetime,
    monotonic: float,
) -> ExamResult | Resume | None:
    """Deal with an attempt left unmarked when dlquiz last closed.

    Returns None when there is none; the marked result when its deadline
    passed while dlquiz was closed (or it was submitted but not yet marked);
    otherwise a :class:`Resume` with the time really left, to offer.
    """
    attempt = store.unfinished_attempt()
    if attempt is None:
        return None
    if not attempt.submitted:
        decision = resume_decision(attempt, now, monotonic=monotonic)
        if isinstance(decision, Resume):
            return decision
        assert isinstance(decision, SubmitNow)
        attempt = decision.attempt
    return store.finalize(attempt, bank, service)
