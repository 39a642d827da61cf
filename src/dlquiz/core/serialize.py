"""Questions to plain JSON-safe dicts and back, for storing imported decks."""

from __future__ import annotations

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


def key_to_dict(key: AnswerKey) -> dict[str, Any]:
    """Describe an answer key with JSON types only."""
    # One lookup by class, not a test per kind: a large import writes a key per question.
    writer = _KEY_WRITERS.get(type(key))
    if writer is None:
        raise TypeError(f"unknown answer key {type(key).__name__}")
    return writer(key)


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


def _choice_key_to_dict(key: ChoiceKey) -> dict[str, Any]:
    weights = None if key.weights is None else list(key.weights)
    return {
        "kind": "choice",
        "correct": list(key.correct),
        "weights": weights,
        "options": [_text_key_to_dict(option) for option in key.options],
    }


def _list_key_to_dict(key: ListKey) -> dict[str, Any]:
    return {
        "kind": "list",
        "members": [[m.text, list(m.aliases)] for m in key.members],
        "confusions": list(key.confusions),
    }


def _text_key_to_dict(key: TextKey) -> dict[str, Any]:
    return {
        "kind": "text",
        "accepted": list(key.accepted),
        "partial": [[a, s] for a, s in key.partial],
        "ideas": [list(terms) for terms in key.ideas],
        "contradictions": list(key.contradictions),
        "confusions": list(key.confusions),
    }


_KEY_WRITERS: dict[type, Callable[[Any], dict[str, Any]]] = {
    NumberKey: _number_key_to_dict,
    TextKey: _text_key_to_dict,
    ChoiceKey: _choice_key_to_dict,
    TrueFalseKey: lambda key: {"kind": "true_false", "value": key.value},
    OrderKey: lambda key: {"kind": "order", "order": list(key.order)},
    MatchKey: lambda key: {"kind": "match", "lefts": list(key.lefts), "pairs": list(key.pairs)},
    ListKey: _list_key_to_dict,
    FlashKey: lambda key: {"kind": "flash", "back": key.back},
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
            tolerance=float(data["tolerance"]),
            unit=str(data["unit"]),
            bound=Bound(data["bound"]),
            is_year=bool(data["is_year"]),
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

    ``compact`` leaves out the fields that hold their default (no topic, no
    choices, no tags...): :func:`question_from_dict` reads them back as the
    same question, and a large imported deck takes a third less room.  The
    fields keep one order either way, so equal questions give equal text.
    """
    data: dict[str, Any] = {
        "id": question.id,
        "deck": question.deck,
        "type": question.type.value,
        "prompt": question.prompt,
        "key": key_to_dict(question.key),
        "answer": question.answer,
    }
    if compact:
        _add_given(data, question)
    else:
        data["topic"] = question.topic
        data["fact_ids"] = list(question.fact_ids)
        data["choices"] = None if question.choices is None else list(question.choices)
        data["explanation"] = question.explanation
        data["tags"] = list(question.tags)
        data["media"] = list(question.media)
        data["plain_prompt"] = question.plain_prompt
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


def question_from_dict(data: dict[str, Any]) -> Question:
    """Inverse of :func:`question_to_dict`."""
    choices = data.get("choices")
    return Question(
        id=str(data["id"]),
        deck=str(data["deck"]),
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
