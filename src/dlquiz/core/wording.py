"""Counted nouns as a reader expects them: "1 question", "3 questions", "2 bad rows".

Plain string work with no imports, so the terminal commands can word their
lines without loading anything else; the window's texts use it too.
"""

from __future__ import annotations

_IRREGULAR = {"was": "were", "is": "are", "has": "have"}


def plural(n: int, noun: str) -> str:
    """``noun`` as it goes with ``n``: 1 answer, 2 answers, 0 answers."""
    if abs(n) == 1:
        return noun
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: int, noun: str) -> str:
    """``n`` and the noun that goes with it: "1 answer", "3 new cards"."""
    words = noun.split(" ")
    words[-1] = plural(n, words[-1])
    return f"{n:,} " + " ".join(words)
