"""How values read in answers, options and statements, and how text is compared.

``format_value`` is the one place that decides that a percentage reads
"85%", a depth "8 layers", a dataset "1.2 million images" and a lower bound
"over 100 layers", so answers, choices and statements always agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from dlquiz.core.model import Bound, Fact, FactKind, ListMember

VALUE_SLOT = "{value}"
BLANK = "_____"

_MILLION = 1_000_000
_BILLION = 1_000_000_000
DECADE_SPAN = 9  # a year fact 1980 with tolerance 9 stands for "the 1980s"
_MAX_PLACES = 6  # float noise such as 0.30000000000000004 stays out of sight
_WORD = re.compile(r"[^\W_]+")
_ARTICLE_BEFORE_SLOT = re.compile(r"(?:^|(?<=\s))(an?|An?) $")


def decimal_places(number: float) -> int:
    """Return how many digits after the point ``number`` is written with."""
    exponent = Decimal(repr(number)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _plain(number: float, places: int) -> str:
    text = f"{number:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(number: float, *, is_year: bool = False) -> str:
    """Write a number as a person would: "2012", "1,000", "1.2 million", "3.5"."""
    if is_year:
        return str(round(number))
    places = min(decimal_places(number), _MAX_PLACES)
    for size, word in ((_BILLION, "billion"), (_MILLION, "million")):
        if abs(number) >= size and decimal_places(number / size) <= 3:
            return f"{_plain(number / size, 3)} {word}"
    return _plain(number, places)


def singular(unit: str) -> str:
    """The unit for exactly one: "1 layer", "1 category", "1 percentage point"."""
    head, _, last = unit.rpartition(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def format_number_with_unit(number: float, unit: str, *, is_year: bool = False) -> str:
    """Attach ``unit`` to a formatted number: "85%", "8 layers", "1 network", "2012"."""
    text = format_number(number, is_year=is_year)
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {singular(unit) if number == 1 else unit}"


def is_decade(fact: Fact) -> bool:
    """Say whether a year fact means a whole decade, as the grader reads it."""
    return (
        fact.kind is FactKind.YEAR
        and fact.bound is Bound.EXACT
        and fact.tolerance == DECADE_SPAN
        and fact.number is not None
        and fact.number % 10 == 0
    )


def format_amount(fact: Fact, number: float) -> str:
    """Format another number the way ``fact``'s own value is written, without a bound.

    Distractors use this: "22 layers" next to the answer "over 100 layers",
    "1970s" next to "1980s".
    """
    if is_decade(fact):
        return f"{round(number)}s"
    return format_number_with_unit(number, fact.unit, is_year=fact.kind is FactKind.YEAR)


def join_members(texts: Sequence[str]) -> str:
    """Join list items for a sentence: "a", "a and b", "a, b and c"."""
    if len(texts) <= 1:
        return "".join(texts)
    return f"{', '.join(texts[:-1])} and {texts[-1]}"


def member_texts(members: Sequence[ListMember]) -> list[str]:
    """Return the canonical text of each list member."""
    return [member.text for member in members]


@lru_cache(maxsize=4096)  # asked for again by every template, distractor and matching
def format_value(fact: Fact) -> str:
    """Return the fact's value as it reads in an answer or a statement.

    Numbers carry their unit ("85%", "8 layers", "1.2 million images"),
    years stand bare ("2012"), decades read "1980s", an AT_LEAST bound reads "over 100 layers",
    a list reads "a, b and c" and names and concepts are their ``text``.
    """
    if fact.is_numeric and fact.number is not None:
        amount = format_amount(fact, fact.number)
        return f"over {amount}" if fact.bound is Bound.AT_LEAST else amount
    if fact.kind is FactKind.LIST:
        return join_members(member_texts(fact.members))
    return fact.text


def _wants_an(value: str) -> bool:
    """Whether "an" goes before ``value``: "an AI winter", "an 8", but "a university"."""
    word = value.split(" ", 1)[0].strip("\"'(")
    if not word:
        return False
    if word[0].isdigit():
        digits = word.split(".")[0].replace(",", "")
        return digits.startswith("8") or (len(digits) % 3 == 2 and digits[:2] in ("11", "18"))
    if len(word) > 1 and word.isupper():  # an acronym is read letter by letter
        return word[0] in "AEFHILMNORSX"
    lower = word.lower()
    return lower[0] in "aeiou" and not lower.startswith(("uni", "use", "usu", "one", "eu"))


def fill_statement(statement: str, value: str) -> str:
    """Put ``value`` where the statement says ``{value}``.

    The article before the slot follows the value ("a perfect storm", "an AI
    winter"), and a value that opens the sentence starts with a capital.
    """
    head, slot, tail = statement.partition(VALUE_SLOT)
    if not slot:
        return statement
    if not head.strip():
        value = value[:1].upper() + value[1:]
    article = _ARTICLE_BEFORE_SLOT.search(head)
    if article and value != BLANK:
        wanted = "an" if _wants_an(value) else "a"
        if article.group(1)[0].isupper():
            wanted = wanted.capitalize()
        head = head[: article.start(1)] + wanted + " "
    return head + value + tail.replace(VALUE_SLOT, value)


@lru_cache(maxsize=8192)  # the same few hundred texts are compared over and over
def fold(text: str) -> str:
    """Return ``text`` reduced for comparison: case, spacing and punctuation ignored."""
    return " ".join(_WORD.findall(text.casefold()))


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


def words_overlap(first: str, second: str) -> bool:
    """Say whether one text's words are all among the other's ("Google", "Google Brain")."""
    a, b = _words(first), _words(second)
    return bool(a) and bool(b) and (a <= b or b <= a)


def clear_caches() -> None:
    """Forget the folded texts; benchmarks call it to time a cold start."""
    fold.cache_clear()
    _words.cache_clear()
    format_value.cache_clear()
