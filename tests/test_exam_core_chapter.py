"""An exam on the real chapter deck, from the draw to the marks, with the real grader."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from string import ascii_lowercase

import pytest

from dlquiz.core.exam import (
    ExamSettings,
    Outcome,
    exam_ratings,
    score_attempt,
    select_questions,
    start_attempt,
)
from dlquiz.core.generate import generate_questions
from dlquiz.core.model import (
    ChoiceKey,
    ListKey,
    MatchKey,
    NumberKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)
from dlquiz.decks.chapter import load_chapter_deck

T0 = datetime(2026, 5, 4, 18, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def chapter() -> tuple[list[Question], tuple[str, ...]]:
    deck = load_chapter_deck()
    return generate_questions(deck), deck.topics


def perfect_answer(question: Question) -> str:
    """The right answer typed in the terminal syntax."""
    key = question.key
    match key:
        case NumberKey():
            return question.answer
        case TextKey():
            return key.accepted[0]
        case ChoiceKey(weights=None):
            return ascii_lowercase[key.correct[0]]
        case ChoiceKey(weights=weights) if weights is not None:
            return " ".join(ascii_lowercase[i] for i, w in enumerate(weights) if w > 0)
        case TrueFalseKey():
            return "t" if key.value else "f"
        case OrderKey():
            return " ".join(str(index + 1) for index in key.order)
        case MatchKey():
            return " ".join(f"{ascii_lowercase[i]}{p + 1}" for i, p in enumerate(key.pairs))
        case ListKey():
            return ", ".join(member.text for member in key.members)
    raise AssertionError(f"no perfect answer for {question.id}")


def test_a_default_exam_on_the_chapter_spreads_over_sections_and_facts(
    chapter: tuple[list[Question], tuple[str, ...]],
) -> None:
    pool, topics = chapter
    for seed in range(10):
        drawn = select_questions(pool, ExamSettings(seed=seed))
        assert len(drawn) == 20 and drawn.shortfall == 0
        per_topic = Counter(q.topic for q in drawn)
        assert max(per_topic.values()) <= 20 // len(topics) + 1
        facts = [fact for q in drawn for fact in q.fact_ids]
        assert len(facts) == len(set(facts)), "a fact was asked twice"
        assert QuestionType.FLASHCARD not in {q.type for q in drawn}
        assert len({q.type for q in drawn}) >= 5  # a real mix of question types


def test_perfect_answers_pass_and_blank_ones_fail(
    chapter: tuple[list[Question], tuple[str, ...]],
) -> None:
    pool, topics = chapter
    by_id = {q.id: q for q in pool}
    settings = ExamSettings(seed=31, questions=30)
    drawn = select_questions(pool, settings)
    attempt = start_attempt(drawn, settings, attempt_id="chapter", now=T0)
    for number, question in enumerate(drawn):
        attempt = attempt.answer(
            question.id, perfect_answer(question), now=T0 + timedelta(seconds=number)
        )
    result = score_attempt(attempt.submit(T0 + timedelta(minutes=12)), by_id, topic_order=topics)
    wrong = [(i.question_id, i.raw_answer, i.feedback) for i in result.items if i.score < 1]
    assert wrong == []
    assert result.passed and result.score == 1.0
    assert sum(t.questions for t in result.topics) == 30
    assert [t.topic for t in result.topics] == [t for t in topics if t in {q.topic for q in drawn}]
    for item in result.items:
        if item.question_type == "multiple_choice":
            assert item.your_answer == item.correct_answer  # the text, not the letter
    assert set(exam_ratings(result).values()) == {3}

    blank = start_attempt(drawn, settings, attempt_id="blank", now=T0).submit(T0)
    nothing = score_attempt(blank, by_id)
    assert not nothing.passed
    assert {i.outcome for i in nothing.items} == {Outcome.UNANSWERED}
    assert set(exam_ratings(nothing).values()) == {1}
