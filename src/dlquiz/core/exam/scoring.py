"""Marking a submitted exam, and how its answers feed spaced repetition."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from dlquiz.core.exam.attempt import ExamAttempt
from dlquiz.core.exam.readable import readable_answer
from dlquiz.core.exam.results import ExamResult, ReviewItem, TopicScore
from dlquiz.core.exam_outcome import Outcome
from dlquiz.core.model import Grade, Question, QuestionType, Verdict

GradeFn = Callable[[Question, str], Grade]

# Ratings on the FSRS scale (1 Again, 2 Hard, 3 Good, 4 Easy) given to exam answers.
EXAM_RATINGS: Mapping[Outcome, int] = {
    Outcome.UNANSWERED: 1,
    Outcome.INCORRECT: 1,
    Outcome.PARTIAL: 2,
    Outcome.CORRECT: 3,
}
# Scores are sums of floats; a result of 0.6999999999 must still pass a 0.7 mark.
_PASS_TOLERANCE = 1e-9


def default_grade() -> GradeFn:
    """The grader of ``dlquiz.core.grading``, imported only when first needed."""
    from dlquiz.core.grading import grade

    return grade


def _outcome(grade: Grade) -> Outcome:
    return {
        Verdict.CORRECT: Outcome.CORRECT,
        Verdict.PARTIAL: Outcome.PARTIAL,
        Verdict.INCORRECT: Outcome.INCORRECT,
    }[grade.verdict]


def _mark(
    number: int,
    question: Question,
    attempt: ExamAttempt,
    grade: GradeFn,
    deck_names: Mapping[str, str],
) -> ReviewItem:
    raw = attempt.answer_for(question.id)
    if raw.strip():
        verdict = grade(question, raw)
        outcome, score = _outcome(verdict), min(max(verdict.score, 0.0), 1.0)
        feedback = verdict.feedback
    else:
        outcome, score, feedback = Outcome.UNANSWERED, 0.0, "Not answered."
    return ReviewItem(
        number=number,
        question_id=question.id,
        question_type=question.type.value,
        prompt=question.text_prompt,
        your_answer=readable_answer(question, raw),
        raw_answer=raw,
        correct_answer=question.answer,
        outcome=outcome,
        score=score,
        feedback=feedback,
        explanation=question.explanation,
        # A question without a section is reported under its deck's name, as the exam
        # page headed it, so that the breakdown never says "(no section)".
        topic=question.topic or deck_names.get(question.deck, ""),
        flagged=question.id in attempt.flags,
    )


def _by_topic(items: Sequence[ReviewItem], topic_order: Sequence[str]) -> tuple[TopicScore, ...]:
    totals: dict[str, list[ReviewItem]] = {}
    for item in items:
        totals.setdefault(item.topic, []).append(item)
    place = {topic: index for index, topic in enumerate(topic_order)}
    # Chapter order first (as the deck lists its sections), then the rest by name.
    ordered = sorted(totals, key=lambda t: (place.get(t, len(place)), t))
    return tuple(
        TopicScore(
            topic=topic,
            questions=len(totals[topic]),
            correct=sum(item.outcome is Outcome.CORRECT for item in totals[topic]),
            points=sum(item.score for item in totals[topic]),
        )
        for topic in ordered
    )


def score_attempt(
    attempt: ExamAttempt,
    questions_by_id: Mapping[str, Question],
    *,
    grade: GradeFn | None = None,
    topic_order: Sequence[str] = (),
    deck_names: Mapping[str, str] | None = None,
) -> ExamResult:
    """Mark a submitted attempt.

    Each question is worth one point: the grader's score (0..1), so list,
    ordering and matching questions earn partial credit; unanswered earns 0.
    Questions no longer in ``questions_by_id`` (or no longer gradable) are
    left out of the score and listed in ``missing_ids``.

    Args:
        attempt: a submitted attempt.
        questions_by_id: the questions, at least those of the attempt.
        grade: the grading function; by default ``dlquiz.core.grading.grade``.
        topic_order: the chapter's section order for the breakdown.
        deck_names: deck id -> name, the section of questions that have none.

    Raises:
        ValueError: the attempt has not been submitted.
    """
    if attempt.submitted_at is None:
        raise ValueError("an exam is marked only after it has been submitted")
    grade_fn = grade if grade is not None else default_grade()
    items: list[ReviewItem] = []
    missing: list[str] = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = questions_by_id.get(question_id)
        if question is None or question.type is QuestionType.FLASHCARD:
            missing.append(question_id)
            continue
        items.append(_mark(number, question, attempt, grade_fn, deck_names or {}))
    points = sum(item.score for item in items)
    max_points = len(items)
    score = points / max_points if max_points else 0.0
    counts = {outcome: sum(item.outcome is outcome for item in items) for outcome in Outcome}
    return ExamResult(
        attempt_id=attempt.id,
        started_at=attempt.started_at,
        finished_at=attempt.submitted_at,
        auto_submitted=attempt.auto_submitted,
        time_limit_s=attempt.time_limit_s,
        time_used_s=attempt.time_used_s,
        pass_mark=attempt.settings.pass_mark,
        points=points,
        max_points=max_points,
        passed=max_points > 0 and score + _PASS_TOLERANCE >= attempt.settings.pass_mark,
        answered=max_points - counts[Outcome.UNANSWERED],
        correct=counts[Outcome.CORRECT],
        partial=counts[Outcome.PARTIAL],
        incorrect=counts[Outcome.INCORRECT],
        unanswered=counts[Outcome.UNANSWERED],
        topics=_by_topic(items, topic_order),
        items=tuple(items),
        missing_ids=tuple(missing),
    )


def exam_ratings(result: ExamResult) -> dict[str, int]:
    """The FSRS rating (1..4) to log for each marked question, as a review of kind "exam".

    Incorrect or unanswered gives 1 (Again), so missed questions come due
    soon; partial gives 2 (Hard); correct gives 3 (Good).  Never 4 (Easy):
    exam answers are not timed per question, so "fast" cannot be judged.
    """
    return {item.question_id: EXAM_RATINGS[item.outcome] for item in result.items}
