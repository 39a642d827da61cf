"""GIFT items parsed into a neutral shape: stem, answer block, answers, weights, feedback.

The braces decide the type, as in Moodle: ``{}`` essay, ``{#...}``
numerical, ``{T}``/``{FALSE}`` true/false, any ``~`` multiple choice,
``=a -> b`` matching, ``=`` alone short answer.  No braces at all is a
description.  Text stays in placeholder form (see :mod:`.gift_lexer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gift_lexer import GiftItem

FORMATS = ("html", "moodle", "plain", "markdown")
_FORMAT = re.compile(r"\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%([^%]*)%")
_TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")
_TOLERANCE = re.compile(rf"^({_NUMBER})\s*(?::\s*({_NUMBER}))?$")


class GiftError(Exception):
    """A problem in one item, with the index in the item's text where it is."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


@dataclass
class Answer:
    """One ``=`` or ``~`` answer: its weight in percent (None when not given)."""

    mark: str  # "=", "~" or "" for a bare answer such as {One}
    weight: float | None
    text: str
    feedback: str
    index: int

    @property
    def full_credit(self) -> bool:
        return (self.mark == "=" and self.weight is None) or self.weight == 100.0


@dataclass
class NumberAnswer:
    value: float
    tolerance: float
    weight: float | None
    text: str


@dataclass
class Parsed:
    """One GIFT item after parsing; ``kind`` names the question type."""

    kind: str  # category | description | essay | true_false | numerical | multiple_choice...
    index: int = 0  # where the answer block starts, for messages
    title: str = ""
    format: str = "moodle"
    before: str = ""  # stem text before the braces
    after: str = ""  # stem text after the braces
    answers: list[Answer] = field(default_factory=list)
    numbers: list[NumberAnswer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    truth: bool = False
    feedback: list[str] = field(default_factory=list)  # true/false: wrong, right
    general_feedback: str = ""
    category: str = ""

    @property
    def embedded(self) -> bool:
        """True when text follows the answer block: a missing-word question."""
        return bool(self.after.strip())


def parse_item(item: GiftItem) -> list[Parsed]:
    """Parse one item: a ``$CATEGORY:`` line and/or one question.

    Raises:
        GiftError: the item is not valid GIFT.
    """
    text = item.text
    out: list[Parsed] = []
    offset = len(text) - len(text.lstrip())
    while text[offset:].startswith("$CATEGORY:"):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        out.append(Parsed("category", category=text[offset + len("$CATEGORY:") : end].strip()))
        offset = end
        while offset < len(text) and text[offset].isspace():
            offset += 1
    if offset < len(text):
        out.append(_question(text, offset))
    return out


def _question(text: str, start: int) -> Parsed:
    parsed = Parsed("description")
    position = start
    if text.startswith("::", position):
        close = text.find("::", position + 2)
        if close < 0:
            raise GiftError("the title is not closed with '::'", position)
        parsed.title = text[position + 2 : close].strip()
        position = close + 2
    fmt = _FORMAT.match(text, position)
    if fmt:
        parsed.format = fmt.group(1).lower()
        position = fmt.end()
    opening = text.find("{", position)
    closing = text.find("}", position)
    if opening < 0:
        if closing >= 0:
            raise GiftError("'}' without an opening '{' (write \\} for a literal brace)", closing)
        parsed.before = text[position:]
        return parsed
    if 0 <= closing < opening:
        raise GiftError("'}' without an opening '{' (write \\} for a literal brace)", closing)
    closing = text.find("}", opening + 1)
    if closing < 0:
        raise GiftError("the answer block opened here is never closed with '}'", opening)
    nested = text.find("{", opening + 1, closing)
    if nested >= 0:
        raise GiftError("'{' inside an answer block (write \\{ for a literal brace)", nested)
    parsed.before = text[position:opening]
    parsed.after = text[closing + 1 :]
    parsed.index = opening
    extra = min((i for i in (parsed.after.find("{"), parsed.after.find("}")) if i >= 0), default=-1)
    if extra >= 0:
        raise GiftError(
            "a second answer block: GIFT allows one per question (write \\{ or \\} for a "
            "literal brace, or separate questions with a blank line)",
            closing + 1 + extra,
        )
    _answer_block(parsed, text[opening + 1 : closing], opening + 1)
    return parsed


def _answer_block(parsed: Parsed, block: str, base: int) -> None:
    body, _, general = block.partition("####")
    parsed.general_feedback = general.strip()
    stripped = body.strip()
    lead = base + len(body) - len(body.lstrip())
    if not stripped:
        parsed.kind = "essay"
        return
    if stripped.startswith("#"):
        parsed.kind = "numerical"
        parsed.numbers = _numbers(stripped[1:], lead + 1)
        return
    truth = _TRUE_FALSE.match(stripped)
    if truth:
        parsed.kind = "true_false"
        parsed.truth = truth.group(1).upper().startswith("T")
        parsed.feedback = [part.strip() for part in (truth.group(2) or "").split("#")[1:]]
        return
    answers = _answers(stripped, lead)
    if "~" in stripped:
        parsed.kind = "multiple_choice"
        parsed.answers = answers
    elif all(answer.mark == "=" for answer in answers) and any("->" in a.text for a in answers):
        parsed.kind = "matching"
        parsed.answers = answers
        for answer in answers:
            if "->" not in answer.text:
                raise GiftError("a matching answer needs 'left -> right'", answer.index)
            left, _, right = answer.text.partition("->")
            parsed.pairs.append((left.strip(), right.strip()))
    else:
        parsed.kind = "short_answer"
        parsed.answers = answers


def _answers(body: str, base: int) -> list[Answer]:
    """Split ``body`` at each ``=`` or ``~`` into answers with weight and feedback."""
    answers: list[Answer] = []
    starts = [i for i, char in enumerate(body) if char in "=~"]
    if not starts or body[: starts[0]].strip():
        leading_end = starts[0] if starts else len(body)
        if starts:
            raise GiftError("text before the first answer: start each answer with '=' or '~'", base)
        answers.append(_answer("", body[:leading_end], base))
        return answers
    bounds = [*starts, len(body)]
    for begin, end in zip(bounds, bounds[1:], strict=False):
        answers.append(_answer(body[begin], body[begin + 1 : end], base + begin))
    return answers


def _answer(mark: str, raw: str, index: int) -> Answer:
    weight = None
    match = _WEIGHT.match(raw)
    if match:
        weight = _weight(match.group(1), index)
        raw = raw[match.end() :]
    text, _, feedback = raw.partition("#")
    return Answer(mark, weight, _drop_format(text).strip(), _drop_format(feedback).strip(), index)


def _weight(raw: str, index: int) -> float:
    try:
        weight = float(raw.strip())
    except ValueError:
        raise GiftError(f"the weight %{raw}% is not a number", index) from None
    if not -100.0 <= weight <= 100.0:
        raise GiftError(f"the weight %{raw}% is outside -100..100", index)
    return weight


def _numbers(body: str, base: int) -> list[NumberAnswer]:
    stripped = body.strip()
    if stripped.startswith("=") or stripped.startswith("~"):
        numbers: list[NumberAnswer] = []
        for answer in _answers(stripped, base):
            if answer.mark == "~":
                continue  # "~#feedback" is what a wrong answer is told
            numbers.append(_number(answer.text, answer.weight, answer.index))
        if not numbers:
            raise GiftError("a numerical question needs an '=' answer", base)
        return numbers
    spec = re.split(r"[#~]", stripped, maxsplit=1)[0]
    return [_number(spec.strip(), None, base)]


def _number(spec: str, weight: float | None, index: int) -> NumberAnswer:
    ranged = _RANGE.match(spec)
    if ranged:
        low, high = sorted((float(ranged.group(1)), float(ranged.group(2))))
        return NumberAnswer((low + high) / 2, (high - low) / 2, weight, spec)
    single = _TOLERANCE.match(spec)
    if single:
        return NumberAnswer(float(single.group(1)), abs(float(single.group(2) or 0)), weight, spec)
    raise GiftError(
        f"{spec!r} is not a number, 'number:tolerance' or 'low..high'" if spec else "no number",
        index,
    )


def _drop_format(text: str) -> str:
    match = _FORMAT.match(text)
    return text[match.end() :] if match else text
