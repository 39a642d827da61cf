"""Judging ordering and matching answers, with partial credit.

Ordering: the share of item pairs the learner put in the right relative
order (Kendall's tau as a share: a reversed list scores 0, one swap of
neighbours among four items scores 5/6).  Matching: the share of left items
paired with their right item.
"""

from __future__ import annotations

from itertools import combinations

from dlquiz.core.grading.named_order import plain_order
from dlquiz.core.grading.named_pairs import read_named_pairs
from dlquiz.core.grading.outcome import Outcome, closing, join_items
from dlquiz.core.grading.responses import Unreadable, letter, parse_matches, parse_order
from dlquiz.core.model import MatchKey, OrderKey


def order_score(right: tuple[int, ...], given: tuple[int, ...]) -> tuple[int, int]:
    """Pairs of ``right`` that ``given`` keeps in order, and all pairs.

    Items missing from ``given`` count as out of order.
    """
    position = {item: place for place, item in enumerate(given)}
    pairs = list(combinations(right, 2))
    kept = sum(
        1
        for first, second in pairs
        if first in position and second in position and position[first] < position[second]
    )
    return kept, len(pairs)


def judge_order(key: OrderKey, answer: str, *, choices: tuple[str, ...], expected: str) -> Outcome:
    """Judge "3 1 2 4" against the right order of the shown items.

    Args:
        key: indices of ``choices`` in the right order.
        answer: the learner's text, not empty.
        choices: the items as shown.
        expected: the readable correct order for feedback.

    Returns:
        The share of pairs in the right order; correct only when all are.
    """
    given = parse_order(plain_order(answer, choices), len(choices))
    if isinstance(given, Unreadable):
        return Outcome(0.0, f"{given.reason} The right order is {closing(expected)}")
    kept, pairs = order_score(key.order, given)
    if kept == pairs:
        return Outcome(1.0, "Correct.")
    if kept == 0:
        return Outcome(0.0, f"Incorrect: the right order is {closing(expected)}")
    return Outcome(
        kept / pairs,
        f"Partly right: {kept} of {pairs} pairs are in the right order. "
        f"The right order is {closing(expected)}",
    )


def read_matches(
    answer: str, key: MatchKey, choices: tuple[str, ...]
) -> dict[int, int] | Unreadable:
    """The pairs an answer gives: by letters and numbers ("a2 b1"), else by names."""
    given = parse_matches(answer, len(key.pairs), len(choices))
    if isinstance(given, Unreadable) and len(key.lefts) == len(key.pairs):
        named = read_named_pairs(answer, key.lefts, choices)
        if named is not None:
            return named
    return given


def _left_label(key: MatchKey, index: int) -> str:
    name = key.lefts[index] if index < len(key.lefts) else ""
    return f"{letter(index)}) {name}" if name else letter(index)


def judge_matching(
    key: MatchKey, answer: str, *, choices: tuple[str, ...], expected: str
) -> Outcome:
    """Judge "a2 b1 c3" against the right pairs.

    Args:
        key: the left items and, for each, the index of its right item.
        answer: the learner's text, not empty.
        choices: the right items as shown.
        expected: the readable correct pairs for feedback.

    Returns:
        The share of left items matched rightly.
    """
    given = read_matches(answer, key, choices)
    if isinstance(given, Unreadable):
        return Outcome(0.0, f"{given.reason} The answer is {closing(expected)}")
    right = [i for i, target in enumerate(key.pairs) if given.get(i) == target]
    total = len(key.pairs)
    if len(right) == total:
        return Outcome(1.0, "Correct.")
    wrong = [_left_label(key, i) for i in range(total) if i in given and i not in right]
    missing = [_left_label(key, i) for i in range(total) if i not in given]
    sentences = [f"{len(right)} of {total} pairs right."]
    if wrong:
        sentences.append(f"Wrong: {join_items(wrong)}.")
    if missing:
        sentences.append(f"Not matched: {join_items(missing)}.")
    sentences.append(f"The answer is {closing(expected)}")
    return Outcome(len(right) / total if total else 0.0, " ".join(sentences))
