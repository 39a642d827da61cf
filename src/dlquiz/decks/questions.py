"""Turning a deck's hand-written questions into :class:`~dlquiz.core.model.Question`.

Each question type gets its answer key; ordering and matching questions show
their items in an order shuffled by a hash of the question id, so the same
question always looks the same but never gives its answer away.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import Any

from dlquiz.core.model import (
    AnswerKey,
    ChoiceKey,
    FlashKey,
    ListKey,
    MatchKey,
    NumberKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)
from dlquiz.decks.facts import build_members

ORDER_ARROW = " → "


def build_question(raw: dict[str, Any], *, deck_id: str) -> Question:
    """Convert one validated question mapping into a :class:`Question`."""
    question_id = f"{deck_id}:{raw['id']}"
    kind = QuestionType(raw["type"])
    key, answer, choices = _key_answer_choices(kind, raw, question_id=question_id)
    return Question(
        id=question_id,
        deck=deck_id,
        type=kind,
        prompt=raw["prompt"],
        key=key,
        answer=answer,
        topic=raw.get("topic", ""),
        choices=choices,
        explanation=raw.get("explanation", "").strip(),
        tags=tuple(raw.get("tags", ())),
    )


def _key_answer_choices(
    kind: QuestionType, raw: dict[str, Any], *, question_id: str
) -> tuple[AnswerKey, str, tuple[str, ...] | None]:
    answer = raw["answer"]
    if kind in (QuestionType.TYPED, QuestionType.CLOZE):
        if isinstance(answer, int | float) and not isinstance(answer, bool):
            unit = raw.get("unit", "")
            tolerance = float(raw.get("tolerance", 0))
            number_key = NumberKey(
                value=float(answer),
                tolerance=tolerance,
                unit=unit,
                contradictions=tuple(raw.get("contradictions", ())),
            )
            return number_key, format_amount(float(answer), unit), None
        text_key = TextKey(
            accepted=(str(answer), *raw.get("aliases", ())),
            ideas=tuple(tuple(terms) for terms in raw.get("ideas", ())),
            contradictions=tuple(raw.get("contradictions", ())),
            confusions=tuple(raw.get("confusions", ())),
        )
        return text_key, str(answer), None
    if kind is QuestionType.MULTIPLE_CHOICE:
        choices = tuple(raw["choices"])
        return ChoiceKey(correct=(choices.index(answer),)), answer, choices
    if kind is QuestionType.TRUE_FALSE:
        return TrueFalseKey(value=bool(answer)), "True" if answer else "False", None
    if kind is QuestionType.ORDERING:
        items = list(answer)
        shown = shuffled_for(items, seed=question_id)
        order = tuple(shown.index(item) for item in items)
        return OrderKey(order=order), ORDER_ARROW.join(items), tuple(shown)
    if kind is QuestionType.MATCHING:
        pairs = list(answer.items()) if isinstance(answer, dict) else [tuple(p) for p in answer]
        rights = shuffled_for(list(dict.fromkeys(right for _, right in pairs)), seed=question_id)
        match_key = MatchKey(
            lefts=tuple(left for left, _ in pairs),
            pairs=tuple(rights.index(right) for _, right in pairs),
        )
        text = "; ".join(f"{left}: {right}" for left, right in pairs)
        return match_key, text, tuple(rights)
    if kind is QuestionType.LIST:
        members = build_members(answer)
        return ListKey(members=members), ", ".join(m.text for m in members), None
    return FlashKey(back=answer), answer, None


def shuffled_for(items: Sequence[str], *, seed: str) -> list[str]:
    """Shuffle ``items`` the same way every time for the same ``seed``.

    The result is never the given order, unless only one arrangement exists
    (a single item, or items that are all the same).
    """
    shown = list(items)
    if len(set(shown)) < 2:
        return shown
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(shown)
    if shown == list(items):
        shown = shown[1:] + shown[:1]  # a rotation of distinct items is never the identity
    return shown


def format_amount(value: float, unit: str) -> str:
    """Write a number and its unit for an answer: "14 layers", "85%", "1,200,000"."""
    number = f"{int(value):,}" if value.is_integer() else f"{value:,}"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"
