"""Questions to plain JSON-safe dicts and back, for storing imported decks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from dlquiz.core.model import (
    AnswerKey,
    Bound,
    ChoiceKey,
    FlashKey,
    ListKey,
    ListMember,
    MatchKey,
    NumberKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)
from dlquiz.core.occlusion import Occlusion, OcclusionMode, Shape, ShapeKind


def key_to_dict(key: AnswerKey, *, compact: bool = False) -> dict[str, Any]:
    """Describe an answer key with JSON types only.

    ``compact`` leaves out the fields that hold their default (the form a
    questions row stores); :func:`key_from_dict` reads both forms.
    """
    # One lookup by class, not a test per kind: a large import writes a key per question.
    writers = _KEY_WRITERS.get(type(key))
    if writers is None:
        raise TypeError(f"unknown answer key {type(key).__name__}")
    return writers[compact](key)


def _number_key_to_dict(key: NumberKey) -> dict[str, Any]:
    return {
        "kind": "number",
        "value": key.value,
        "tolerance": key.tolerance,
        "unit": key.unit,
        "bound": key.bound.value,
        "is_year": key.is_year,
        "precision": key.precision,
        "contradictions": list(key.contradictions),
    }


def _compact_number_key(key: NumberKey) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "number", "value": key.value}
    if key.tolerance:
        data["tolerance"] = key.tolerance
    if key.unit:
        data["unit"] = key.unit
    if key.bound is not Bound.EXACT:
        data["bound"] = key.bound.value
    if key.is_year:
        data["is_year"] = True
    if key.precision:
        data["precision"] = key.precision
    if key.contradictions:
        data["contradictions"] = list(key.contradictions)
    return data


def _choice_key_to_dict(key: ChoiceKey) -> dict[str, Any]:
    weights = None if key.weights is None else list(key.weights)
    return {
        "kind": "choice",
        "correct": list(key.correct),
        "weights": weights,
        "options": [_text_key_to_dict(option) for option in key.options],
    }


def _compact_choice_key(key: ChoiceKey) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "choice", "correct": list(key.correct)}
    if key.weights is not None:
        data["weights"] = list(key.weights)
    if key.options:
        data["options"] = [_compact_text_key(option) for option in key.options]
    return data


def _list_key_to_dict(key: ListKey) -> dict[str, Any]:
    return {
        "kind": "list",
        "members": [[m.text, list(m.aliases)] for m in key.members],
        "confusions": list(key.confusions),
    }


def _compact_list_key(key: ListKey) -> dict[str, Any]:
    data = {"kind": "list", "members": [[m.text, list(m.aliases)] for m in key.members]}
    if key.confusions:
        data["confusions"] = list(key.confusions)
    return data


def _text_key_to_dict(key: TextKey) -> dict[str, Any]:
    return {
        "kind": "text",
        "accepted": list(key.accepted),
        "partial": [[a, s] for a, s in key.partial],
        "ideas": [list(terms) for terms in key.ideas],
        "contradictions": list(key.contradictions),
        "confusions": list(key.confusions),
    }


def _compact_text_key(key: TextKey) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "text", "accepted": list(key.accepted)}
    # Most imported keys are one accepted answer and nothing else.
    if key.partial:
        data["partial"] = [[a, s] for a, s in key.partial]
    if key.ideas:
        data["ideas"] = [list(terms) for terms in key.ideas]
    if key.contradictions:
        data["contradictions"] = list(key.contradictions)
    if key.confusions:
        data["confusions"] = list(key.confusions)
    return data


_KeyWriter = Callable[[Any], dict[str, Any]]


def _same_either_way(write: _KeyWriter) -> tuple[_KeyWriter, _KeyWriter]:
    return (write, write)  # a key with no defaulted field: full and compact agree


# By class: (full writer, compact writer), indexed by ``compact``.
_KEY_WRITERS: dict[type, tuple[_KeyWriter, _KeyWriter]] = {
    NumberKey: (_number_key_to_dict, _compact_number_key),
    TextKey: (_text_key_to_dict, _compact_text_key),
    ChoiceKey: (_choice_key_to_dict, _compact_choice_key),
    TrueFalseKey: _same_either_way(lambda key: {"kind": "true_false", "value": key.value}),
    OrderKey: _same_either_way(lambda key: {"kind": "order", "order": list(key.order)}),
    MatchKey: _same_either_way(
        lambda key: {"kind": "match", "lefts": list(key.lefts), "pairs": list(key.pairs)}
    ),
    ListKey: (_list_key_to_dict, _compact_list_key),
    FlashKey: _same_either_way(lambda key: {"kind": "flash", "back": key.back}),
}


def _text_key_from_dict(data: dict[str, Any]) -> TextKey:
    # Keys stored before the grading fields existed have none of them.
    return TextKey(
        accepted=tuple(data["accepted"]),
        partial=tuple((str(a), float(s)) for a, s in data.get("partial", [])),
        ideas=tuple(tuple(str(t) for t in terms) for terms in data.get("ideas", [])),
        contradictions=tuple(str(t) for t in data.get("contradictions", [])),
        confusions=tuple(str(t) for t in data.get("confusions", [])),
    )


def key_from_dict(data: dict[str, Any]) -> AnswerKey:
    """Inverse of :func:`key_to_dict`."""
    kind = data["kind"]
    if kind == "number":
        return NumberKey(
            value=float(data["value"]),
            tolerance=float(data.get("tolerance", 0.0)),
            unit=str(data.get("unit", "")),
            bound=Bound(data.get("bound", Bound.EXACT.value)),
            is_year=bool(data.get("is_year", False)),
            precision=float(data.get("precision", 0.0)),
            contradictions=tuple(str(t) for t in data.get("contradictions", [])),
        )
    if kind == "text":
        return _text_key_from_dict(data)
    if kind == "choice":
        weights = data.get("weights")
        return ChoiceKey(
            correct=tuple(int(i) for i in data["correct"]),
            weights=None if weights is None else tuple(float(w) for w in weights),
            options=tuple(_text_key_from_dict(option) for option in data.get("options", [])),
        )
    if kind == "true_false":
        return TrueFalseKey(value=bool(data["value"]))
    if kind == "order":
        return OrderKey(order=tuple(int(i) for i in data["order"]))
    if kind == "match":
        return MatchKey(lefts=tuple(data["lefts"]), pairs=tuple(int(i) for i in data["pairs"]))
    if kind == "list":
        members = tuple(ListMember(text=t, aliases=tuple(a)) for t, a in data["members"])
        confusions = tuple(str(t) for t in data.get("confusions", []))
        return ListKey(members=members, confusions=confusions)
    if kind == "flash":
        return FlashKey(back=str(data["back"]))
    raise ValueError(f"unknown answer key kind {kind!r}")


def question_to_dict(question: Question, *, compact: bool = False) -> dict[str, Any]:
    """Describe a question with JSON types only.

    ``compact`` is the form a questions row stores: the row's own columns
    hold the id and the deck, so they are left out, and so are the fields
    (the key's too) that hold their default (no topic, no choices, no
    tags...).  :func:`question_from_dict`, given the row's id and deck, reads
    it back as the same question; a large imported deck takes half the room.
    The fields keep one order either way, so equal questions give equal text.
    """
    if compact:
        data: dict[str, Any] = {
            "type": question.type.value,
            "prompt": question.prompt,
            "key": key_to_dict(question.key, compact=True),
            "answer": question.answer,
        }
        _add_given(data, question)
    else:
        data = {
            "id": question.id,
            "deck": question.deck,
            "type": question.type.value,
            "prompt": question.prompt,
            "key": key_to_dict(question.key),
            "answer": question.answer,
            "topic": question.topic,
            "fact_ids": list(question.fact_ids),
            "choices": None if question.choices is None else list(question.choices),
            "explanation": question.explanation,
            "tags": list(question.tags),
            "media": list(question.media),
            "plain_prompt": question.plain_prompt,
        }
    if question.occlusion is not None:  # absent otherwise, so other payloads stay as they were
        data["occlusion"] = occlusion_to_dict(question.occlusion)
    return data


def _add_given(data: dict[str, Any], question: Question) -> None:
    # Field by field rather than all then trimmed: a large import writes one per question.
    if question.topic:
        data["topic"] = question.topic
    if question.fact_ids:
        data["fact_ids"] = list(question.fact_ids)
    if question.choices is not None:  # no choices (an empty list of them is kept)
        data["choices"] = list(question.choices)
    if question.explanation:
        data["explanation"] = question.explanation
    if question.tags:
        data["tags"] = list(question.tags)
    if question.media:
        data["media"] = list(question.media)
    if question.plain_prompt:
        data["plain_prompt"] = question.plain_prompt


def question_from_dict(
    data: dict[str, Any], *, id: str | None = None, deck: str | None = None
) -> Question:
    """Inverse of :func:`question_to_dict`.

    ``id`` and ``deck`` are the stored row's columns, which a compact dict
    leaves out; given, they are what the question has.
    """
    choices = data.get("choices")
    return Question(
        id=str(data["id"]) if id is None else id,
        deck=str(data["deck"]) if deck is None else deck,
        type=QuestionType(data["type"]),
        prompt=str(data["prompt"]),
        key=key_from_dict(data["key"]),
        answer=str(data["answer"]),
        topic=str(data.get("topic", "")),
        fact_ids=tuple(data.get("fact_ids", ())),
        choices=None if choices is None else tuple(str(c) for c in choices),
        explanation=str(data.get("explanation", "")),
        tags=tuple(data.get("tags", ())),
        media=tuple(data.get("media", ())),
        plain_prompt=str(data.get("plain_prompt", "")),
        occlusion=occlusion_from_dict(data["occlusion"]) if "occlusion" in data else None,
    )


def question_from_row(question_id: str, deck_id: str, payload: str) -> Question:
    """A stored questions row (its id, deck and payload JSON) as the question."""
    return question_from_dict(json.loads(payload), id=question_id, deck=deck_id)


def stored_key(payload: str) -> AnswerKey:
    """The answer key of a stored payload, compact or not: equal keys mean the same answer."""
    return key_from_dict(json.loads(payload)["key"])


# A shape's fields after kind and number, with their defaults: only those that
# differ are written, so a rectangle is a short record.
_SHAPE_DEFAULTS: dict[str, Any] = {
    "left": 0.0,
    "top": 0.0,
    "width": 0.0,
    "height": 0.0,
    "points": (),
    "text": "",
    "font_size": 0.0,
    "scale": 1.0,
    "angle": 0.0,
    "fill": "",
}


def occlusion_to_dict(occlusion: Occlusion) -> dict[str, Any]:
    """Describe an Image Occlusion card's picture and shapes with JSON types only."""
    shapes = []
    for shape in occlusion.shapes:
        item: dict[str, Any] = {"kind": shape.kind.value, "number": shape.number}
        for name, default in _SHAPE_DEFAULTS.items():
            value = getattr(shape, name)
            if value != default:
                item[name] = [list(p) for p in value] if name == "points" else value
        shapes.append(item)
    data: dict[str, Any] = {
        "image": occlusion.image,
        "number": occlusion.number,
        "mode": int(occlusion.mode),
        "shapes": shapes,
    }
    for name in ("front_mask", "back_mask"):
        if getattr(occlusion, name):
            data[name] = getattr(occlusion, name)
    return data


def occlusion_from_dict(data: dict[str, Any]) -> Occlusion:
    """Inverse of :func:`occlusion_to_dict`."""
    shapes = []
    for item in data["shapes"]:
        values = {name: item.get(name, default) for name, default in _SHAPE_DEFAULTS.items()}
        shapes.append(
            Shape(
                kind=ShapeKind(item["kind"]),
                number=int(item["number"]),
                left=float(values["left"]),
                top=float(values["top"]),
                width=float(values["width"]),
                height=float(values["height"]),
                points=tuple((float(x), float(y)) for x, y in values["points"]),
                text=str(values["text"]),
                font_size=float(values["font_size"]),
                scale=float(values["scale"]),
                angle=float(values["angle"]),
                fill=str(values["fill"]),
            )
        )
    return Occlusion(
        image=str(data["image"]),
        number=int(data["number"]),
        shapes=tuple(shapes),
        mode=OcclusionMode(int(data.get("mode", 0))),
        front_mask=str(data.get("front_mask", "")),
        back_mask=str(data.get("back_mask", "")),
    )
