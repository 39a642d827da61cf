"""Reading an ordering written loosely: "1, 3, 4 and 2", "1st, 3rd", or the items' names.

``plain_order`` rewrites such an answer as the item numbers that
``responses.parse_order`` reads ("1 3 4 2").  An answer it cannot make plain
is passed on as it is, so that the reader says what it could not read.
"""

from __future__ import annotations

import re

from dlquiz.core.grading.responses import naming_part

_JOINERS = re.compile(r"\b(?:and|then|followed\s+by)\b", re.IGNORECASE)
_BRACKETED_NUMBER = re.compile(r"[(\[](\d+)[)\]]")
_ORDINAL_NUMBER = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.IGNORECASE)
_PARTS = re.compile(r"[,;\n>\u2192]+|\s-+>?\s|\b(?:and|then|followed\s+by)\b", re.IGNORECASE)


def _by_names(answer: str, items: tuple[str, ...]) -> str | None:
    parts = [part.strip() for part in _PARTS.split(answer) if part.strip()]
    if len(parts) < 2 or all(part.isdecimal() for part in parts):  # noqa: PLR2004
        return None
    numbers: list[str] = []
    for part in parts:
        index = int(part) - 1 if part.isdecimal() else naming_part(part, items)
        if index is None:
            return None
        numbers.append(str(index + 1))
    return " ".join(numbers)


def plain_order(answer: str, items: tuple[str, ...]) -> str:
    """``answer`` as item numbers separated by spaces, where it can be made so.

    Args:
        answer: the learner's text.
        items: the items as shown, numbered from 1.

    Returns:
        "1 3 4 2" for "1, 3, 4 and 2", "1st, 3rd, 4th, 2nd", "(1) (3) (4) (2)"
        or the items' names in that order; otherwise ``answer`` unchanged.
    """
    text = answer.strip().rstrip(".!")
    text = _ORDINAL_NUMBER.sub(r"\1", _BRACKETED_NUMBER.sub(r" \1 ", text))
    named = _by_names(text, items)
    if named is not None:
        return named
    loose = _JOINERS.sub(" ", text)
    return loose if loose.strip() else answer
