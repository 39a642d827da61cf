"""Where the true number falls among the options is drawn evenly, not left in the middle.

Candidates lie on both sides of the truth; picked at random, the truth sits
between them far more often than at an end, and "never pick the smallest or
the largest" becomes a winning guess.  Over many questions each rank must
come up about equally often.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from dlquiz.core.generate.numeric import numeric_distractors
from dlquiz.core.model import Bound, Fact, FactKind

BASE = Fact(
    id="f",
    topic="t",
    kind=FactKind.YEAR,
    subject="S",
    attribute="year",
    prompt="When?",
    statement="In {value}.",
    explanation="",
    number=2003.0,
)

FACTS = {
    "year": BASE,
    "percent": replace(BASE, kind=FactKind.PERCENT, attribute="accuracy", number=62.0, unit="%"),
    "small count": replace(
        BASE, kind=FactKind.COUNT, attribute="depth", number=16.0, unit="layers"
    ),
    "large count": replace(
        BASE, kind=FactKind.COUNT, attribute="size", number=1_200_000.0, unit="images"
    ),
    "decimal": replace(BASE, kind=FactKind.PERCENT, attribute="error", number=25.7, unit="%"),
}
COUNT = 3
DRAWS = 600


def _read(text: str) -> float:
    """The number an option states: "1.5 million images" is 1,500,000."""
    number = float("".join(ch for ch in text if ch.isdigit() or ch == "."))
    for word, scale in (("million", 1e6), ("billion", 1e9), ("thousand", 1e3)):
        if word in text:
            number *= scale
    return number


def _rank(fact: Fact, salt: int, related: tuple[float, ...] = ()) -> int:
    texts = numeric_distractors(fact, related=related, salt=("seed", f"q{salt}"), count=COUNT)
    assert len(texts) == COUNT
    numbers = [_read(text) for text in texts]
    return sum(1 for number in numbers if number < float(fact.number or 0))


@pytest.mark.parametrize("name", list(FACTS))
def test_every_rank_comes_up_about_equally_often(name: str) -> None:
    ranks = Counter(_rank(FACTS[name], salt) for salt in range(DRAWS))
    expected = DRAWS / (COUNT + 1)
    for rank in range(COUNT + 1):
        assert 0.7 * expected <= ranks[rank] <= 1.3 * expected, (name, sorted(ranks.items()))


def test_extremes_are_as_common_as_chance() -> None:
    """Smallest or largest: half the time with four options, as a blind guess would expect."""
    ranks = [_rank(fact, salt) for fact in FACTS.values() for salt in range(DRAWS)]
    extremes = sum(1 for rank in ranks if rank in (0, COUNT)) / len(ranks)
    assert 0.42 <= extremes <= 0.58


def test_other_facts_values_are_kept_wherever_they_fall() -> None:
    """VGG's 19 layers beside a 16-layer fact stays, even when the drawn rank puts few above."""
    fact = FACTS["small count"]
    for salt in range(200):
        texts = numeric_distractors(fact, related=[19.0], salt=("s", f"q{salt}"), count=COUNT)
        assert "19 layers" in texts


def test_a_year_near_the_chapters_end_still_gets_three_options() -> None:
    """Only 2017 and 2018 lie above 2016: the other side makes up what one side lacks."""
    fact = replace(BASE, number=2016.0)
    for salt in range(200):
        texts = numeric_distractors(fact, related=(), salt=("s", f"q{salt}"), count=COUNT)
        assert len(texts) == COUNT and all(int(t) <= 2018 for t in texts)


def test_an_at_least_fact_keeps_its_values_below() -> None:
    fact = replace(FACTS["small count"], number=100.0, bound=Bound.AT_LEAST, tolerance=0.0)
    texts = numeric_distractors(fact, related=(), salt=("s", "q"), count=COUNT)
    assert texts and all(text.startswith("up to ") for text in texts)
