"""Judging multiple choice (single and weighted multiple answer) and true/false."""

from __future__ import annotations

from dlquiz.core.grading.normalize import normalize_text
from dlquiz.core.grading.outcome import Outcome, clamp_score, closing, join_items
from dlquiz.core.grading.responses import (
    LABELLED,
    Unreadable,
    bare_pick,
    letter,
    parse_choices,
    parse_true_false,
)
from dlquiz.core.model import ChoiceKey, TrueFalseKey


def _label(index: int, choices: tuple[str, ...]) -> str:
    return f"{letter(index)}) {choices[index]}" if index < len(choices) else letter(index)


def _weight(key: ChoiceKey, index: int) -> float:
    weights = key.weights or ()
    return weights[index] if index < len(weights) else 0.0


def _multiple(key: ChoiceKey, picked: tuple[int, ...], choices: tuple[str, ...]) -> Outcome:
    """Moodle-style: the sum of the chosen weights, clamped to 0..1.

    When the positive weights add up to a little less than 1 (three times
    33.333 %), the sum is scaled so that picking all of them earns full marks.
    """
    weights = key.weights or ()
    attainable = sum(w for w in weights if w > 0)
    total = sum(_weight(key, i) for i in picked)
    score = clamp_score(total / min(1.0, attainable) if attainable > 0 else 0.0)
    wanted = [i for i, w in enumerate(weights) if w > 0]
    missed = [_label(i, choices) for i in wanted if i not in picked]
    wrong = [_label(i, choices) for i in picked if _weight(key, i) <= 0]
    if score >= 1.0 and not wrong:
        return Outcome(1.0, "Correct.")
    sentences = ["Partly right." if score > 0 else "Incorrect."]
    if missed:
        sentences.append(f"Missed: {join_items(missed)}.")
    if wrong:
        sentences.append(f"Wrong: {join_items(wrong)}.")
    return Outcome(score, " ".join(sentences))


def _typed_note(answer: str, index: int, choices: tuple[str, ...]) -> str:
    """ " Accepted: Toronto is University of Toronto." for a choice typed in other words."""
    text = answer.strip()
    if (labelled := LABELLED.fullmatch(text)) is not None:  # "b) Toronto": the text
        text = labelled.group(2).strip()
    picked = bare_pick(text, len(choices))
    if isinstance(picked, int):  # "the first one"
        return ""
    if normalize_text(picked) in (letter(index), str(index + 1)):  # "option a"
        return ""
    if (
        index >= len(choices)
        or len(text) <= 3
        or normalize_text(text)
        in (  # noqa: PLR2004
            normalize_text(choices[index]),
            letter(index),
            str(index + 1),
        )
    ):
        return ""
    return f" Accepted: {text} is {choices[index]}."


def judge_choice(
    key: ChoiceKey, answer: str, *, choices: tuple[str, ...], expected: str
) -> Outcome:
    """Judge a multiple-choice answer given by letter, number or text.

    Args:
        key: the correct choice(s), or weights for multiple-answer questions.
        answer: the learner's text, not empty.
        choices: the options as shown.
        expected: the readable correct answer for feedback.

    Returns:
        All or nothing for one answer; the weighted sum for several.
    """
    picked = parse_choices(answer, choices, key.options)
    if isinstance(picked, Unreadable):
        return Outcome(0.0, f"{picked.reason} The answer is {closing(expected)}")
    if key.multiple:
        return _multiple(key, picked, choices)
    if len(picked) > 1:
        return Outcome(0.0, f"Choose one answer only; the answer is {closing(expected)}")
    if picked[0] in key.correct:
        return Outcome(1.0, "Correct." + _typed_note(answer, picked[0], choices))
    chosen = _label(picked[0], choices)
    return Outcome(0.0, f"Incorrect: you chose {chosen}; the answer is {closing(expected)}")


def judge_true_false(key: TrueFalseKey, answer: str, *, expected: str) -> Outcome:
    """Judge t/f/true/false/yes/no (any case) against ``key``."""
    said = parse_true_false(answer)
    if isinstance(said, Unreadable):
        return Outcome(0.0, f"{said.reason} The answer is {closing(expected)}")
    if said == key.value:
        return Outcome(1.0, "Correct.")
    return Outcome(0.0, f"Incorrect: the statement is {'true' if key.value else 'false'}.")
