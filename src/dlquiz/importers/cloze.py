"""Anki cloze deletions: ``{{c1::answer::hint}}`` turned into one blank at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass

BLANK = "_____"
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ClozeBlank:
    """One blank to ask: the source with it hidden and the hidden answer."""

    number: int  # the N of cN
    occurrence: int  # 1 for the first cN in the text, 2 for the second...
    count: int  # how many times cN occurs
    prompt_source: str  # the text with this blank hidden and the other deletions shown
    answer_source: str


def has_cloze(text: str) -> bool:
    """True when ``text`` holds at least one ``{{cN::...}}`` deletion."""
    return "{{c" in text and _CLOZE.search(text) is not None


def is_nested(text: str) -> bool:
    """True for deletions inside deletions, which are not supported."""
    return any("{{c" in match.group(2) for match in _CLOZE.finditer(text))


def cloze_blanks(text: str, *, only: set[int] | None = None) -> list[ClozeBlank]:
    """Every blank of ``text``: one per deletion, in order of cloze number.

    ``only`` limits the result to those cloze numbers (an Anki package's cards).
    """
    matches = list(_CLOZE.finditer(text))
    numbers = sorted({int(match.group(1)) for match in matches})
    blanks: list[ClozeBlank] = []
    for number in numbers:
        if only is not None and number not in only:
            continue
        mine = [match for match in matches if int(match.group(1)) == number]
        for occurrence, target in enumerate(mine, start=1):
            prompt = _render(text, target)
            blanks.append(
                ClozeBlank(number, occurrence, len(mine), prompt, target.group(2).strip())
            )
    return blanks


def _render(text: str, target: re.Match[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.start() == target.start():
            hint = (match.group(3) or "").strip()
            return f"{BLANK} [{hint}]" if hint else BLANK
        return match.group(2)

    return _CLOZE.sub(replace, text)
