"""The packaged chapter deck loads and holds the chapter's facts, correctly shaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlquiz.core.generate.formatting import is_decade
from dlquiz.core.model import Bound, Deck, Fact, FactKind
from dlquiz.decks import chapter_deck_path, load_chapter_deck, load_deck

CHAPTER = Path("/work/shared/seeds/000_29c4a7aded47d7f0.txt")

# Every "##"/"###" heading of the chapter, in order.
CHAPTER_HEADINGS = (
    "The ImageNet Moment (2012)",
    "Why Deep Learning Suddenly Worked",
    "Big Data",
    "GPU Computing",
    "Algorithmic Innovations",
    "The Cascade of Breakthroughs (2012-2018)",
    "Going Deeper (2014)",
    "ResNet and Superhuman Performance (2015)",
    "AlphaGo's Triumph (2016)",
    "The Transformer Revolution (2017)",
    "BERT and Transfer Learning (2018)",
    "Deep Learning's Impact",
    "Computer Vision",
    "Natural Language Processing",
    "Speech Recognition",
    "Games and Strategic Reasoning",
    "Generative AI",
)


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_chapter_deck()


@pytest.fixture(scope="module")
def facts(deck: Deck) -> dict[str, Fact]:
    return {fact.id: fact for fact in deck.facts}


def test_headings_match_the_chapter_when_it_is_present() -> None:
    if not CHAPTER.exists():
        pytest.skip("the chapter text is not on this machine")
    text = CHAPTER.read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+?)\s*$", text, flags=re.MULTILINE)
    assert tuple(headings) == CHAPTER_HEADINGS


def test_the_chapter_deck_loads_with_enough_facts(deck: Deck) -> None:
    assert deck.id == "deep-learning-revolution"
    assert deck.name == "The Deep Learning Revolution (2010-2018)"
    assert len(deck.facts) >= 45
    assert len({fact.id for fact in deck.facts}) == len(deck.facts)
    assert chapter_deck_path().is_file()
    assert load_chapter_deck() is deck  # cached


def test_every_statement_has_one_value_slot(deck: Deck) -> None:
    for fact in deck.facts:
        assert fact.statement.count("{value}") == 1, fact.id
        assert fact.prompt.endswith(("?", ".")), fact.id
        sentences = re.split(r"(?<=[.!?])\s+", fact.explanation)
        assert 2 <= len(sentences) <= 3, fact.id


def test_topics_are_chapter_headings_in_chapter_order(deck: Deck) -> None:
    assert set(deck.topics) <= set(CHAPTER_HEADINGS)
    positions = [CHAPTER_HEADINGS.index(topic) for topic in deck.topics]
    assert positions == sorted(positions)
    assert {fact.topic for fact in deck.facts} == set(deck.topics)


def test_statements_leave_the_unit_to_the_value(deck: Deck) -> None:
    # Generators fill {value} with "8 layers" or "85%", so the unit must not follow the slot.
    for fact in deck.facts:
        if fact.is_numeric and fact.unit:
            after = fact.statement.split("{value}", 1)[1]
            assert not after.lstrip().startswith(fact.unit), fact.id


def test_name_facts_have_real_distractors(deck: Deck) -> None:
    for fact in deck.facts:
        if fact.kind is FactKind.NAME:
            assert len(fact.distractors) >= 3, fact.id
        accepted = {text.casefold() for text in (fact.text, *fact.aliases)}
        assert not accepted & {d.casefold() for d in fact.distractors}, fact.id


def test_the_timeline_has_enough_distinct_years(deck: Deck) -> None:
    years = [fact for fact in deck.facts if fact.kind is FactKind.YEAR and not is_decade(fact)]
    # A decade (backpropagation, "the 1980s") is no point on the timeline: it stays off it,
    # so that the ordering questions keep their ids.
    assert all(fact.event and fact.group == "timeline" for fact in years)
    assert len({fact.number for fact in years}) >= 6


def test_architectures_share_attributes(facts: dict[str, Fact]) -> None:
    for name in ("alexnet", "googlenet", "vggnet", "resnet"):
        assert facts[f"{name}-depth"].attribute == "depth"
        assert facts[f"{name}-lab"].attribute == "lab"
        assert facts[f"{name}-depth"].group == facts[f"{name}-lab"].group == "architectures"
    for name in ("googlenet", "vggnet", "resnet", "alexnet"):
        assert facts[f"{name}-year"].attribute == "year"


NUMBERS = {
    "imagenet-size": (1_200_000, "images"),
    "imagenet-categories": (1000, "categories"),
    "imagenet-plateau-accuracy": (74, "%"),
    "alexnet-year": (2012, ""),
    "alexnet-accuracy": (85, "%"),
    "alexnet-margin": (10, "percentage points"),
    "alexnet-depth": (8, "layers"),
    "googlenet-year": (2014, ""),
    "googlenet-depth": (22, "layers"),
    "vggnet-year": (2014, ""),
    "vggnet-depth": (19, "layers"),
    "resnet-year": (2015, ""),
    "resnet-depth": (100, "layers"),
    "alphago-year": (2016, ""),
    "alphago-match-length": (5, "games"),
    "chess-year": (1997, ""),
    "transformer-year": (2017, ""),
    "bert-year": (2018, ""),
    "gan-network-count": (2, "networks"),
}


@pytest.mark.parametrize("fact_id", list(NUMBERS))
def test_numbers_from_the_chapter(facts: dict[str, Fact], fact_id: str) -> None:
    number, unit = NUMBERS[fact_id]
    assert (facts[fact_id].number, facts[fact_id].unit) == (number, unit)


def test_bounds_and_tolerances(facts: dict[str, Fact]) -> None:
    assert facts["resnet-depth"].bound is Bound.AT_LEAST
    assert facts["imagenet-plateau-accuracy"].tolerance == 1
    assert facts["alexnet-accuracy"].tolerance == 0
    others = [f for f in facts.values() if f.bound is Bound.AT_LEAST]
    assert [f.id for f in others] == ["resnet-depth"]


NAMES = {
    "alexnet-leader": ("Geoffrey Hinton", "Hinton"),
    "alexnet-lab": ("University of Toronto", "U of T"),
    "googlenet-lab": ("Google", None),
    "vggnet-lab": ("University of Oxford", "Oxford"),
    "resnet-lab": ("Microsoft Research", "Microsoft"),
    "alphago-lab": ("DeepMind", None),
    "alphago-opponent": ("Lee Sedol", None),
    "transformer-lab": ("Google", None),
    "transformer-paper": ("Attention Is All You Need", None),
    "bert-lab": ("Google", None),
    "gpu-maker": ("NVIDIA", None),
}


@pytest.mark.parametrize("fact_id", list(NAMES))
def test_names_from_the_chapter(facts: dict[str, Fact], fact_id: str) -> None:
    text, alias = NAMES[fact_id]
    assert facts[fact_id].text == text
    assert alias is None or alias in facts[fact_id].aliases


def test_alexnet_leader_distractors(facts: dict[str, Fact]) -> None:
    assert set(facts["alexnet-leader"].distractors) == {"Yann LeCun", "Yoshua Bengio", "Andrew Ng"}


LISTS = {
    # The chapter's three "novel techniques" and the GPUs that made training feasible:
    # the four a teacher expects when asked what set AlexNet's design apart.
    "alexnet-techniques": {"ReLU activations", "dropout", "data augmentation", "GPUs"},
    "three-factors": {"big data", "GPU computing", "algorithmic innovations"},
    "algorithmic-innovations": {
        "ReLU activations",
        "batch normalization",
        "dropout",
        "better weight initialization",
    },
    "alphago-methods": {
        "deep convolutional neural networks",
        "reinforcement learning through self-play",
    },
    "autonomous-vehicle-companies": {"Tesla", "Waymo"},
    "voice-assistants": {"Siri", "Alexa", "Google Assistant"},
    "games-after-go": {"chess", "poker", "Dota 2", "StarCraft"},
    "gan-roles": {"generator", "discriminator"},
    "bert-stages": {"pre-training", "fine-tuning"},
}


@pytest.mark.parametrize("fact_id", list(LISTS))
def test_lists_from_the_chapter(facts: dict[str, Fact], fact_id: str) -> None:
    fact = facts[fact_id]
    assert fact.kind is FactKind.LIST
    assert {member.text for member in fact.members} == LISTS[fact_id]


def test_list_members_have_synonyms(facts: dict[str, Fact]) -> None:
    factors = {m.text: m.aliases for m in facts["three-factors"].members}
    assert "GPUs" in factors["GPU computing"]
    assert "data" in factors["big data"]
    assert (
        "detector" in dict((m.text, m.aliases) for m in facts["gan-roles"].members)["discriminator"]
    )


def test_innovations_say_what_they_fixed(facts: dict[str, Fact]) -> None:
    fixes = {f.subject: f.text for f in facts.values() if f.group == "innovation-fixes"}
    assert fixes["ReLU"] == "vanishing gradients"
    assert fixes["Dropout"] == "overfitting"
    assert "normaliz" in fixes["Batch normalization"]
    assert "gradients flow" in fixes["Better weight initialization"]
    assert facts["relu-replaced"].text == "sigmoid"


def test_chapter_questions_are_auto_graded(deck: Deck) -> None:
    assert 3 <= len(deck.questions) <= 6
    assert all(q.type.value != "flashcard" for q in deck.questions)
    assert {q.topic for q in deck.questions} <= set(deck.topics)


def test_the_repository_copy_is_the_one_loaded() -> None:
    repo_copy = Path(__file__).resolve().parents[1] / "questions" / "deep_learning_revolution.yaml"
    assert load_deck(repo_copy).facts == load_chapter_deck().facts
