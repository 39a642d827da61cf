"""Building :class:`~dlquiz.core.model.Fact` objects from validated deck data.

The data has passed the schema and the semantic checks, so this module
only converts; it runs for every fact of every load and is kept lean.
"""

from __future__ import annotations

from typing import Any

from dlquiz.core.model import Bound, Fact, FactKind, ListMember

_KINDS = {kind.value: kind for kind in FactKind}
_BOUNDS = {bound.value: bound for bound in Bound}
_NUMERIC = frozenset({FactKind.YEAR, FactKind.PERCENT, FactKind.COUNT})


def build_fact(raw: dict[str, Any], *, line: int = 0) -> Fact:
    """Convert one validated fact mapping into a :class:`Fact`."""
    kind = _KINDS[raw["kind"]]
    value = raw["value"]
    get = raw.get
    number: float | None = None
    text = ""
    members: tuple[ListMember, ...] = ()
    if kind in _NUMERIC:
        number = float(value)
    elif kind is FactKind.LIST:
        members = build_members(value)
    else:
        text = value
    return Fact(
        id=raw["id"],
        topic=get("topic", ""),
        kind=kind,
        subject=raw["subject"],
        attribute=raw["attribute"],
        prompt=raw["prompt"],
        statement=raw["statement"],
        explanation=_clean(get("explanation", "")),
        number=number,
        unit=get("unit", ""),
        tolerance=float(get("tolerance", 0.0)),
        bound=_BOUNDS[get("bound", "exact")],
        text=text,
        aliases=tuple(get("aliases", ())),
        members=members,
        distractors=tuple(get("distractors", ())),
        event=get("event", ""),
        group=get("group", ""),
        line=line,
        ideas=tuple(tuple(terms) for terms in get("ideas", ())),
        contradictions=tuple(get("contradictions", ())),
        confusions=tuple(get("confusions", ())),
        precision=float(get("precision", 0.0)),
    )


def build_members(raw: list[str | dict[str, Any]]) -> tuple[ListMember, ...]:
    """Convert list members, each text or ``{text, aliases}``."""
    return tuple(
        ListMember(item)
        if isinstance(item, str)
        else ListMember(item["text"], tuple(item.get("aliases", ())))
        for item in raw
    )


def _clean(text: str) -> str:
    # Folded YAML blocks (">-") keep a trailing newline when written with ">"; drop it.
    return text.strip()
