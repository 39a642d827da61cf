"""Deck lint: questions that give their answer away, or that a careful teacher would not ask.

Each check is a function over the deck's questions (and facts, when the deck
has them) that yields :class:`LintFinding` s.  The checks work on any deck:
the chapter's generated questions, a hand-written YAML deck, an imported
Anki or GIFT deck.  ``dlquiz decks lint`` prints them; the import preview
shows them as warnings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from dlquiz.core.generate.formatting import VALUE_SLOT
from dlquiz.core.grading import grade
from dlquiz.core.grading.normalize import normalize_text
from dlquiz.core.grading.numbers import parse_number
from dlquiz.core.model import (
    ChoiceKey,
    Fact,
    FactKind,
    MatchKey,
    Question,
    QuestionType,
)
from dlquiz.core.sections import fact_terms, safe_label
from dlquiz.core.siblings import answer_terms, sibling_keys, term_index

FEWEST_PAIRS = 3
NEAR_DUPLICATE = 92  # rapidfuzz ratio of two prompts (0-100) from which they ask the same
_LENGTH_RATIO = 2.0  # the right option this many times longer (or shorter) than every other
_PHRASE_WORDS = 4  # a concept answer this long is graded by its ideas, so it needs some
_RANK_FEWEST = 8  # number questions needed before a pattern in their ranks means anything
_RANK_Z = 2.58  # how far past chance (in standard deviations, about p < 0.005 one-sided)
_NUMBER_PART = re.compile(r"\d[\d.,]*")


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One problem with one question (or fact)."""

    check: str  # the check's name, e.g. "answer-in-prompt"
    question_id: str
    message: str
    line: int = 0  # the fact's line in its file, when known

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "question": self.question_id,
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class LintInput:
    questions: Sequence[Question]
    facts: Mapping[str, Fact]

    def finding(self, check: str, question: Question, message: str) -> LintFinding:
        """A finding on ``question``, placed at its fact's line when it has one."""
        return LintFinding(check, question.id, message, self.line_of(question))

    def line_of(self, question: Question) -> int:
        for fact_id in question.fact_ids:
            fact = self.facts.get(fact_id)
            if fact is not None:
                return fact.line
        return 0


def _contains(text: str, term: str) -> bool:
    return f" {term} " in f" {normalize_text(text)} "


def _question_terms(question: Question, facts: Mapping[str, Fact]) -> list[str]:
    terms = list(answer_terms(question))
    if len(question.fact_ids) == 1 and question.fact_ids[0] in facts:
        terms += fact_terms(facts[question.fact_ids[0]])
    return list(dict.fromkeys(terms))


def answer_in_prompt(data: LintInput) -> Iterator[LintFinding]:
    """A prompt, section label or wrong choice that contains an accepted answer."""
    for question in data.questions:
        if question.type in (QuestionType.TRUE_FALSE, QuestionType.CLOZE):
            continue  # a statement holds its value (or a blank) by design
        terms = _question_terms(question, data.facts)
        prompt = f" {normalize_text(question.text_prompt)} "
        for term in terms:
            if f" {term} " in prompt:
                yield data.finding(
                    "answer-in-prompt",
                    question,
                    f"the prompt contains the answer {term!r}",
                )
                break
        if question.topic and not safe_label(question.topic, terms):
            yield data.finding(
                "answer-in-label",
                question,
                f"every part of the section label {question.topic!r} gives the answer away",
            )
        key = question.key
        if isinstance(key, ChoiceKey) and question.choices and not key.multiple:
            for index, choice in enumerate(question.choices):
                if index in key.correct:
                    continue
                if any(_contains(choice, term) for term in terms):
                    yield data.finding(
                        "answer-in-choice",
                        question,
                        f"the wrong option {choice!r} contains the answer",
                    )


def _shown_texts(question: Question, facts: Mapping[str, Fact]) -> list[str]:
    """The texts a question shows that may state other facts' answers.

    For a question on one fact these are the fact's prompt and its statement
    without the value: a false statement's wrong value states nothing, and
    the true value is this question's own business.
    """
    if len(question.fact_ids) == 1 and question.fact_ids[0] in facts:
        fact = facts[question.fact_ids[0]]
        return [fact.prompt, fact.statement.replace(VALUE_SLOT, " ")]
    return [question.text_prompt]


def sibling_reveals(data: LintInput) -> Iterator[LintFinding]:
    """A question's text that states the answer of a question on another fact.

    A subject mentioned by name ("ResNet" in "When did ResNet appear?") is no
    reveal: prompts must name what they ask about.  Each fact is reported
    once, at its first question.
    """
    index = term_index(data.questions)
    owners: dict[tuple[str, str], str] = {}
    for question in data.questions:
        for key in sibling_keys(question):
            owners.setdefault(key, question.id)
    reported: set[tuple[tuple[str, ...], tuple[str, str]]] = set()
    for question in data.questions:
        if question.type in (QuestionType.ORDERING, QuestionType.MATCHING):
            continue  # their items are the facts they ask about
        subjects = {
            normalize_text(data.facts[f].subject) for f in question.fact_ids if f in data.facts
        }
        revealed: set[tuple[str, str]] = set()
        for text in _shown_texts(question, data.facts):
            revealed |= index.owners_in(text)
        for key in sorted(revealed - sibling_keys(question)):
            fact = data.facts.get(key[1])
            if fact is not None and subjects & set(fact_terms(fact)):
                continue
            if (question.fact_ids or (question.id,), key) in reported:
                continue
            reported.add((question.fact_ids or (question.id,), key))
            yield data.finding(
                "sibling-reveals",
                question,
                f"its text gives away the answer of {owners[key]}",
            )


def distractor_is_answer(data: LintInput) -> Iterator[LintFinding]:
    """A wrong option that the grader would accept as the answer."""
    typed: dict[tuple[str, ...], Question] = {}
    for question in data.questions:
        if question.type is QuestionType.TYPED and question.fact_ids:
            typed[question.fact_ids] = question
    for question in data.questions:
        key = question.key
        if not (isinstance(key, ChoiceKey) and question.choices) or key.multiple:
            continue
        recall = typed.get(question.fact_ids) if question.fact_ids else None
        right = {normalize_text(question.choices[i]) for i in key.correct}
        for index, choice in enumerate(question.choices):
            if index in key.correct:
                continue
            same = normalize_text(choice) in right
            if same or (recall is not None and grade(recall, choice).correct):
                yield data.finding(
                    "distractor-is-answer",
                    question,
                    f"the wrong option {choice!r} would be marked right",
                )


def _form(text: str) -> tuple[str, bool]:
    words = normalize_text(text).split()
    first = words[0] if words else ""
    return (first if not first.isdigit() else "#", any(ch.isdigit() for ch in text))


def odd_option(data: LintInput) -> Iterator[LintFinding]:
    """The right option is the only one of its form: first word, digits, or length."""
    for question in data.questions:
        key = question.key
        choices = question.choices
        if not (isinstance(key, ChoiceKey) and choices) or key.multiple or len(choices) < 3:
            continue
        if len(key.correct) != 1:
            continue
        right = choices[key.correct[0]]
        others = [c for i, c in enumerate(choices) if i != key.correct[0]]
        reason = ""
        first, digits = _form(right)
        other_forms = [_form(c) for c in others]
        if all(f[0] != first for f in other_forms) and len({f[0] for f in other_forms}) == 1:
            reason = f"only it begins with {first!r}"
        elif all(f[1] != digits for f in other_forms):
            reason = "only it " + ("has" if digits else "lacks") + " a number"
        elif all(len(right) >= _LENGTH_RATIO * len(c) for c in others):
            reason = "it is far longer than every other option"
        elif all(_LENGTH_RATIO * len(right) <= len(c) for c in others):
            reason = "it is far shorter than every other option"
        if reason:
            yield data.finding(
                "odd-option",
                question,
                f"the right option {right!r} stands out: {reason}",
            )


def few_pairs(data: LintInput) -> Iterator[LintFinding]:
    """A matching question with fewer than three pairs."""
    for question in data.questions:
        if isinstance(question.key, MatchKey) and len(question.key.lefts) < FEWEST_PAIRS:
            yield data.finding(
                "few-pairs",
                question,
                f"a matching needs at least {FEWEST_PAIRS} pairs, it has {len(question.key.lefts)}",
            )


def _items(question: Question) -> frozenset[str]:
    if question.type is QuestionType.MATCHING and isinstance(question.key, MatchKey):
        return frozenset(normalize_text(left) for left in question.key.lefts)
    return frozenset(normalize_text(choice) for choice in question.choices or ())


def _subjects(question: Question, facts: Mapping[str, Fact]) -> set[str]:
    return {normalize_text(facts[f].subject) for f in question.fact_ids if f in facts}


_NEIGHBOURS = 4  # prompts compared with this many that follow them in sorted order
_MOST_ARRANGEMENTS = 2000  # beyond this, subsets of orderings and matchings are not sought


def _arrangement_subsets(group: Sequence[Question], data: LintInput) -> Iterator[LintFinding]:
    for a, b in combinations(group[:_MOST_ARRANGEMENTS], 2):
        if a.fact_ids and b.fact_ids and a.prompt != b.prompt:
            continue  # matchings of different attributes share subjects by design
        small, large = sorted((_items(a), _items(b)), key=len)
        if small and small <= large:
            same = "the same as" if small == large else "a subset of"
            yield LintFinding(
                "near-duplicate", b.id, f"its items are {same} those of {a.id}", data.line_of(b)
            )


def near_duplicates(data: LintInput) -> Iterator[LintFinding]:
    """Two questions that ask the same, or an arrangement whose items are a subset of another's.

    Prompts are compared with their neighbours in sorted order, so a deck of
    100,000 questions costs a sort, not 5 billion comparisons; prompts that
    differ in their first words are not compared.
    """
    by_type: dict[QuestionType, list[Question]] = {}
    for question in data.questions:
        by_type.setdefault(question.type, []).append(question)
    for qtype, group in by_type.items():
        if qtype in (QuestionType.ORDERING, QuestionType.MATCHING):
            yield from _arrangement_subsets(group, data)
            continue
        texts = {q.id: normalize_text(q.text_prompt) for q in group}  # once per question
        ordered = sorted(group, key=lambda q: texts[q.id])
        for index, a in enumerate(ordered):
            for b in ordered[index + 1 : index + 1 + _NEIGHBOURS]:
                if set(a.fact_ids) & set(b.fact_ids):
                    continue  # one fact's questions: siblings, kept apart by burying
                score = fuzz.ratio(texts[a.id], texts[b.id])
                if score < NEAR_DUPLICATE:
                    continue
                if _subjects(a, data.facts) != _subjects(b, data.facts):
                    continue  # "How deep was VGGNet?" and "... GoogLeNet?" ask different things
                yield data.finding(
                    "near-duplicate", b, f"it asks nearly what {a.id} asks ({score:.0f}% alike)"
                )


def false_equals_true(data: LintInput) -> Iterator[LintFinding]:
    """A true/false statement keyed False whose text is also keyed True, or twice True."""
    seen: dict[str, Question] = {}
    for question in data.questions:
        if question.type is not QuestionType.TRUE_FALSE:
            continue
        text = normalize_text(question.text_prompt)
        other = seen.get(text)
        if other is None:
            seen[text] = question
            continue
        verb = "contradicts" if other.answer != question.answer else "repeats"
        yield data.finding(
            "false-equals-true",
            question,
            f"its statement {verb} {other.id}",
        )


def missing_key_ideas(data: LintInput) -> Iterator[LintFinding]:
    """A concept fact answered by a phrase but with no key ideas to grade a rephrasing by."""
    for question in data.questions:
        if question.type is not QuestionType.TYPED or len(question.fact_ids) != 1:
            continue
        fact = data.facts.get(question.fact_ids[0])
        if fact is None or fact.kind is not FactKind.CONCEPT:
            continue
        if len(fact.text.split()) >= _PHRASE_WORDS and not fact.ideas:
            yield LintFinding(
                "missing-key-ideas",
                question.id,
                f"the answer {fact.text!r} is a phrase; give 'ideas' so a rephrasing is graded",
                fact.line,
            )


def _number_options(question: Question) -> tuple[int, int] | None:
    """(rank of the right option among the numbers, option count), or None.

    Only a question whose options all state one number in the same words
    ("16 layers", "19 layers") counts: there the rank is something a
    test-wise learner can read without knowing the fact.
    """
    key = question.key
    choices = question.choices
    if not (isinstance(key, ChoiceKey) and choices) or key.multiple or len(key.correct) != 1:
        return None
    if len(choices) < 3:
        return None
    numbers = [parse_number(choice) for choice in choices]
    if any(number is None for number in numbers) or len(set(numbers)) < len(numbers):
        return None
    if len({_NUMBER_PART.sub("#", normalize_text(choice)) for choice in choices}) != 1:
        return None
    values = [float(number) for number in numbers if number is not None]
    right = values[key.correct[0]]
    return sum(1 for value in values if value < right), len(values)


def number_rank_pattern(data: LintInput) -> Iterator[LintFinding]:
    """Across the deck, the right number is mostly in the middle, or mostly at one end.

    One question cannot show this; a deck can.  With four options a blind
    guess finds the largest a quarter of the time and an end half the time.
    When the deck departs from that so far that chance is unlikely (a z-score
    of the count past ``_RANK_Z``), the pattern is a strategy that scores
    without knowing anything, and it is reported once, on the first question.
    """
    found = [(q, ranked) for q in data.questions if (ranked := _number_options(q)) is not None]
    if len(found) < _RANK_FEWEST:
        return
    # name: (does the strategy pick the right option, how often it would by chance)
    strategies: dict[str, tuple[Callable[[int, int], bool], Callable[[int], float]]] = {
        "never pick the smallest or the largest": (
            lambda rank, n: 0 < rank < n - 1,
            lambda n: (n - 2) / n,
        ),
        "pick the largest": (lambda rank, n: rank == n - 1, lambda n: 1 / n),
        "pick the smallest": (lambda rank, _n: rank == 0, lambda n: 1 / n),
    }
    worst: tuple[float, str, int] | None = None
    for name, (wins, chance) in strategies.items():
        won = sum(1 for _q, (rank, n) in found if wins(rank, n))
        expected = [chance(n) for _q, (_rank, n) in found]
        mean = sum(expected)
        spread = math.sqrt(sum(p * (1 - p) for p in expected)) or 1.0
        z = (won - mean) / spread
        if z >= _RANK_Z and (worst is None or z > worst[0]):
            worst = (z, name, won)
    if worst is None:
        return
    _z, name, won = worst
    total = len(found)
    yield data.finding(
        "number-rank-pattern",
        found[0][0],
        f"in {won} of the deck's {total} questions whose options are numbers, a learner who "
        f"knows nothing can {name} and be right ({100 * won // total}%); "
        "spread the right numbers over every position among the options",
    )


CHECKS: dict[str, Callable[[LintInput], Iterable[LintFinding]]] = {
    "answer-in-prompt": answer_in_prompt,
    "sibling-reveals": sibling_reveals,
    "distractor-is-answer": distractor_is_answer,
    "odd-option": odd_option,
    "few-pairs": few_pairs,
    "near-duplicate": near_duplicates,
    "false-equals-true": false_equals_true,
    "missing-key-ideas": missing_key_ideas,
    "number-rank-pattern": number_rank_pattern,
}


def lint_questions(questions: Sequence[Question], facts: Iterable[Fact] = ()) -> list[LintFinding]:
    """Every finding of every check, in the questions' order.

    Args:
        questions: the deck's questions (generated and hand-written).
        facts: the deck's facts, when it has them: they tell a true/false
            question's value and a concept's key ideas.
    """
    data = LintInput(questions=questions, facts={fact.id: fact for fact in facts})
    order = {question.id: index for index, question in enumerate(questions)}
    found = [finding for check in CHECKS.values() for finding in check(data)]
    return sorted(found, key=lambda f: (order.get(f.question_id, 0), f.check))
