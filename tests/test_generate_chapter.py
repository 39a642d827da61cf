"""The real chapter deck through the generator, cross-checked with the real grader."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from dlquiz.core.generate import generate_questions
from dlquiz.core.grading import grade
from dlquiz.core.model import (
    ChoiceKey,
    Deck,
    FactKind,
    MatchKey,
    OrderKey,
    Question,
    QuestionType,
    TrueFalseKey,
    Verdict,
)
from dlquiz.decks import load_chapter_deck

RECALL = (QuestionType.TYPED, QuestionType.LIST)


@cache
def chapter() -> tuple[Deck, tuple[Question, ...]]:
    deck = load_chapter_deck()
    return deck, tuple(generate_questions(deck))


def recall_question(fact_id: str) -> Question:
    _, questions = chapter()
    return next(q for q in questions if q.fact_ids == (fact_id,) and q.type in RECALL)


def right_response(question: Question) -> str:
    """What a learner who knows the answer types, in the terminal answer syntax."""
    key = question.key
    if isinstance(key, ChoiceKey):
        return "abcdefgh"[key.correct[0]]
    if isinstance(key, TrueFalseKey):
        return "t" if key.value else "f"
    if isinstance(key, OrderKey):
        return " ".join(str(index + 1) for index in key.order)
    if isinstance(key, MatchKey):
        return " ".join(f"{'abcdefgh'[i]}{right + 1}" for i, right in enumerate(key.pairs))
    return question.answer


def test_the_chapter_gives_at_least_150_distinct_questions() -> None:
    deck, questions = chapter()
    ids = [q.id for q in questions]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids)
    assert questions[: len(deck.questions)] == deck.questions
    kinds = Counter(q.type for q in questions)
    for kind in QuestionType:
        if kind is not QuestionType.FLASHCARD:
            assert kinds[kind] > 0, kind


def test_every_fact_is_asked_as_typed_or_list_recall() -> None:
    deck, questions = chapter()
    recalled = {q.fact_ids[0] for q in questions if q.type in RECALL and q.fact_ids}
    assert recalled == {fact.id for fact in deck.facts}
    generated = questions[len(deck.questions) :]
    assert all(q.type is not QuestionType.FLASHCARD for q in generated)


def test_every_generated_question_accepts_its_own_answer() -> None:
    deck, questions = chapter()
    for question in questions[len(deck.questions) :]:
        result = grade(question, right_response(question))
        assert result.verdict is Verdict.CORRECT, (question.id, right_response(question), result)


def test_every_distractor_is_marked_wrong_by_the_grader() -> None:
    deck, questions = chapter()
    facts = {fact.id: fact for fact in deck.facts}
    checked = 0
    for question in questions[len(deck.questions) :]:
        if question.type is not QuestionType.MULTIPLE_CHOICE:
            continue
        recall = recall_question(question.fact_ids[0])
        for choice in question.choices or ():
            if choice == question.answer:
                continue
            verdict = grade(recall, choice).verdict
            assert verdict is not Verdict.CORRECT, (question.id, choice, verdict)
            checked += 1
        assert facts[question.fact_ids[0]].kind is not FactKind.LIST
    assert checked >= 150


def slot_value(body: str, statement: str) -> str:
    """The text a filled statement put in place of {value}."""
    head, tail = statement.split("{value}")
    # fill_statement may have turned the article before the slot from "a" into "an" or back.
    for start in (head, re.sub(r"\ban? $", "a ", head), re.sub(r"\ba $", "an ", head)):
        if body.lower().startswith(start.lower()) and body.endswith(tail):
            return body[len(start) : len(body) - len(tail)]
    raise AssertionError(f"{body!r} does not follow {statement!r}")


def test_every_false_statement_holds_a_wrong_value() -> None:
    deck, questions = chapter()
    facts = {fact.id: fact for fact in deck.facts}
    falses = [q for q in questions if q.id.endswith(":tf-false")]
    assert len(falses) >= 40
    for question in falses:
        fact = facts[question.fact_ids[0]]
        if fact.kind is FactKind.LIST:
            continue
        value = slot_value(question.prompt.removeprefix("True or false: "), fact.statement)
        verdict = grade(recall_question(fact.id), value).verdict
        assert verdict is not Verdict.CORRECT, (question.id, value)
