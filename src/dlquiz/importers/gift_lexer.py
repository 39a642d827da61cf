"""GIFT below the grammar: items split at blank lines, comments, escapes and positions.

Escaped control characters (``\\~ \\= \\# \\{ \\} \\: \\\\``) are swapped for
private-use placeholders before the parser looks at the text, so it can
split on the bare characters; :func:`restore` turns them back into the
literal characters.  Each character keeps its origin so that problems can
name a line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CONTROL = "~=#{}:\\"
_PLACEHOLDER_BASE = 0xE000
NEWLINE_MARK = "\ue010"  # an escaped \n: a line break the author asked for
_TO_LITERAL = {chr(_PLACEHOLDER_BASE + i): char for i, char in enumerate(_CONTROL)}
_RESTORE = str.maketrans(_TO_LITERAL)
_META = re.compile(r"\[(id|tag):([^\]]*)\]")


@dataclass
class GiftItem:
    """One blank-line separated chunk of a GIFT file, comments removed.

    ``text`` has escapes replaced by placeholders; ``origin[i]`` is the
    (line, column) of ``text[i]`` in the file.
    """

    text: str
    origin: list[tuple[int, int]]
    first_line: int
    ids: list[str] = field(default_factory=list)  # from "// [id:...]" comments
    tags: list[str] = field(default_factory=list)  # from "// [tag:...]" comments

    def position(self, index: int) -> tuple[int, int]:
        """(line, column) of ``text[index]``, or the item's start when out of range."""
        if 0 <= index < len(self.origin):
            return self.origin[index]
        if self.origin:
            return self.origin[-1]
        return self.first_line, 1


def restore(text: str) -> str:
    """Turn placeholders back into the literal characters they stand for."""
    return text.translate(_RESTORE)


def split_items(source: str) -> list[GiftItem]:
    """Split GIFT ``source`` into items at blank lines, dropping ``//`` comment lines.

    As in Moodle, a blank line always ends an item, even inside ``{...}``.
    """
    items: list[GiftItem] = []
    current: _Builder | None = None
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            if current is None:
                current = _Builder(number)
            current.comment(stripped)
            continue
        if not stripped:
            if current is not None and current.has_text:
                items.append(current.finish())
                current = None
            # A comment-only chunk keeps its [id:]/[tag:] for the next question.
            continue
        if current is None:
            current = _Builder(number)
        current.add_line(line, number)
    if current is not None and current.has_text:
        items.append(current.finish())
    return items


class _Builder:
    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.chars: list[str] = []
        self.origin: list[tuple[int, int]] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.has_text = False

    def comment(self, line: str) -> None:
        for kind, value in _META.findall(line):
            (self.ids if kind == "id" else self.tags).append(value.strip())

    def add_line(self, line: str, number: int) -> None:
        if self.chars:
            self.chars.append("\n")
            self.origin.append((number, 0))
        if line.strip():
            if not self.has_text:
                self.first_line = number
            self.has_text = True
        index = 0
        while index < len(line):
            char = line[index]
            column = index + 1
            if char == "\\" and index + 1 < len(line):
                following = line[index + 1]
                if following in _CONTROL:
                    self.chars.append(chr(_PLACEHOLDER_BASE + _CONTROL.index(following)))
                    self.origin.append((number, column))
                    index += 2
                    continue
                if following == "n":
                    self.chars.append(NEWLINE_MARK)
                    self.origin.append((number, column))
                    index += 2
                    continue
            self.chars.append(char)
            self.origin.append((number, column))
            index += 1

    def finish(self) -> GiftItem:
        return GiftItem("".join(self.chars), self.origin, self.first_line, self.ids, self.tags)
