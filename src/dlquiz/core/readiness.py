"""Exam-day readiness: what the learner will still know on the day of the exam.

A card's predicted recall on the exam day is its FSRS retrievability at that
moment, from its current state and the learner's parameters; a card never
studied counts as not known (0).  A section's predicted recall is the mean
over its cards, and the overall figure the mean over all cards.

The expected exam score takes exams drawn as exam mode draws them
(``core.exam.select_questions``) with several seeds: each draw's expected
score is the mean recall of its questions, and its spread that of a sum of
independent recalls.  The range is the central 90 % of the mixture, by a
normal approximation, within 0 and 1.  A pool of more than 1,000 questions
is drawn from a fixed pseudo-random sample of each section (three times the
section's share of the exam, at least 40): the draw picks uniformly within a
section, so the expected score stays the same while the time stays under a
second on 100,000 cards.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from dlquiz.core.exam import ExamSettings, select_questions
from dlquiz.core.model import Question
from dlquiz.core.replay_engine import ReplayEngine
from dlquiz.core.scheduling import CardPhase, CardState, SchedulerSettings
from dlquiz.core.siblings import sibling_map

DRAWS = 20  # exams drawn to estimate the score and its range
# An exam draw costs more than linear time in the pool; a pool larger than this is
# drawn from a fixed pseudo-random sample of each section instead (still uniform
# within a section, which is how the draw picks).
LARGE_POOL = 1000
MIN_SAMPLE = 40
_Z90 = 1.6449  # the normal quantile of 95 %: a central 90 % range


@dataclass(frozen=True, slots=True)
class ReadinessCard:
    """One card as readiness sees it."""

    card_id: int
    question_id: str
    section: str
    state: CardState


@dataclass(frozen=True, slots=True)
class SectionReadiness:
    """Predicted recall of one section's cards on the exam day."""

    section: str
    cards: int
    studied: int
    predicted_recall: float
    at_risk: bool


@dataclass(frozen=True, slots=True)
class ExpectedScore:
    """The expected score of an exam drawn as exam mode draws it, with a 90 % range."""

    questions: int
    expected: float
    low: float
    high: float
    draws: int


@dataclass(frozen=True, slots=True)
class Readiness:
    """Everything the readiness view and ``dlquiz readiness`` show."""

    exam_at: datetime
    target: float
    overall: float
    cards: int
    sections: tuple[SectionReadiness, ...]
    score: ExpectedScore | None

    @property
    def at_risk(self) -> tuple[str, ...]:
        return tuple(s.section for s in self.sections if s.at_risk)


def recall_at(
    cards: Sequence[ReadinessCard], settings: SchedulerSettings, moment: datetime
) -> dict[int, float]:
    """Each card's FSRS retrievability at ``moment`` (0 for cards never studied).

    One pass over all cards with fsrs's forgetting curve (``ReplayEngine.recall_at``,
    the same arithmetic as ``fsrs.Scheduler.get_card_retrievability``).
    """
    out = dict.fromkeys((card.card_id for card in cards), 0.0)
    studied = [
        (card.card_id, state.stability, state.last_review)
        for card in cards
        if (state := card.state).phase is not CardPhase.NEW
        and state.stability is not None
        and state.last_review is not None
    ]
    recalls = ReplayEngine(settings).recall_at(((s, last) for _c, s, last in studied), moment)
    out.update(zip((card_id for card_id, _s, _l in studied), recalls, strict=True))
    return out


def sample_ids(entries: Iterable[tuple[str, str]], questions: int) -> list[str] | None:
    """The question ids an expected score draws from, or None to draw from all of them.

    Args:
        entries: ``(question id, topic)`` of every question the exam may ask.
        questions: the exam's length.

    A pool of more than ``LARGE_POOL`` questions keeps, per topic, the first
    ones in a fixed pseudo-random order (the id's CRC-32): three times the
    topic's share of the exam, at least ``MIN_SAMPLE``.
    """
    pool = list(entries)
    if len(pool) <= LARGE_POOL:
        return None
    topics = {topic for _id, topic in pool}
    # Three times a topic's share of the exam, so a draw never runs a sample dry.
    keep = max(MIN_SAMPLE, 3 * math.ceil(questions / len(topics)))
    by_topic: dict[str, list[str]] = {}
    for question_id, topic in sorted(pool, key=lambda e: zlib.crc32(e[0].encode("utf-8"))):
        kept = by_topic.setdefault(topic, [])
        if len(kept) < keep:
            kept.append(question_id)
    return [question_id for kept in by_topic.values() for question_id in kept]


def _sample(pool: Sequence[Question], questions: int) -> Sequence[Question]:
    chosen = sample_ids(((q.id, q.topic) for q in pool), questions)
    if chosen is None:
        return pool
    by_id = {q.id: q for q in pool}
    return [by_id[question_id] for question_id in chosen]


def expected_score(
    pool: Sequence[Question],
    recall: dict[str, float],
    exam: ExamSettings,
    *,
    draws: int = DRAWS,
) -> ExpectedScore | None:
    """The score of exams drawn from ``pool`` with seeds 0..draws-1, given each question's recall.

    Questions without a card (none should lack one) count as not known.
    Returns None when no question matches ``exam``.
    """
    means: list[float] = []
    variances: list[float] = []
    size = 0
    pool = _sample(pool, exam.questions)
    # Every draw is from the same pool: its siblings are worked out once, not per draw.
    siblings = sibling_map(pool)
    for seed in range(draws):
        drawn = select_questions(pool, replace(exam, seed=seed), siblings=siblings)
        if not len(drawn):
            return None
        size = len(drawn)
        chances = [recall.get(q.id, 0.0) for q in drawn]
        means.append(sum(chances) / size)
        variances.append(sum(r * (1.0 - r) for r in chances) / size**2)
    mean = sum(means) / len(means)
    spread = sum(variances) / len(variances) + sum((m - mean) ** 2 for m in means) / len(means)
    half = _Z90 * math.sqrt(spread)
    return ExpectedScore(
        questions=size,
        expected=mean,
        low=max(0.0, mean - half),
        high=min(1.0, mean + half),
        draws=draws,
    )


def readiness(
    cards: Sequence[ReadinessCard],
    settings: SchedulerSettings,
    *,
    exam_at: datetime,
    target: float,
    pool: Sequence[Question] = (),
    exam: ExamSettings | None = None,
) -> Readiness:
    """Predicted recall per section and overall at ``exam_at``, and the expected score.

    Args:
        cards: the cards the exam may ask about.
        settings: scheduling settings with the learner's parameters.
        exam_at: the exam's moment (UTC).
        target: recall a section needs not to be at risk (0 to 1).
        pool, exam: questions and settings for the expected score (skipped
            when ``exam`` is None).
    """
    recall = recall_at(cards, settings, exam_at)
    by_section: dict[str, list[ReadinessCard]] = {}
    for card in cards:
        by_section.setdefault(card.section, []).append(card)
    sections = []
    for name in sorted(by_section):
        members = by_section[name]
        mean = sum(recall[c.card_id] for c in members) / len(members)
        studied = sum(c.state.phase is not CardPhase.NEW for c in members)
        sections.append(SectionReadiness(name, len(members), studied, mean, mean < target))
    overall = sum(recall.values()) / len(recall) if recall else 0.0
    score = None
    if exam is not None and pool:
        by_question = {c.question_id: recall[c.card_id] for c in cards}
        score = expected_score(pool, by_question, exam)
    return Readiness(exam_at, target, overall, len(cards), tuple(sections), score)
