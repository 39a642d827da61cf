"""Hand-written questions of every type become Questions with the right answer keys."""

from __future__ import annotations

import pytest

from dlquiz.core.model import (
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
from dlquiz.decks import load_deck_text
from dlquiz.decks.questions import shuffled_for

DECK = """\
format: 1
id: hand
name: Hand-written
questions:
  - id: typed-text
    type: typed
    prompt: Which lab built ResNet?
    answer: Microsoft Research
    aliases: [Microsoft, MSR]
    topic: ResNet
    tags: [labs, resnet]
    explanation: |
      Residual networks came from Microsoft Research.
  - id: typed-number
    type: typed
    prompt: How much more accurate was AlexNet than the runner-up?
    answer: 10
    unit: percentage points
    tolerance: 0.5
  - id: gap
    type: cloze
    prompt: AlexNet reached _____ top-5 accuracy.
    answer: 85
    unit: "%"
  - id: pick
    type: multiple_choice
    prompt: Who led the AlexNet team?
    choices: [Yann LeCun, Geoffrey Hinton, Andrew Ng]
    answer: Geoffrey Hinton
  - id: truth
    type: true_false
    prompt: Chess fell to computers before Go did.
    answer: true
  - id: falsity
    type: true_false
    prompt: VGGNet came from Google.
    answer: false
  - id: order
    type: ordering
    prompt: Order these by year.
    answer: [AlexNet, GoogLeNet, ResNet, AlphaGo, Transformer, BERT]
  - id: match-map
    type: matching
    prompt: Match each network to its depth.
    answer:
      AlexNet: 8 layers
      VGGNet: 19 layers
      GoogLeNet: 22 layers
  - id: match-pairs
    type: matching
    prompt: Match each lab to its breakthrough.
    answer:
      - [AlexNet, University of Toronto]
      - [GoogLeNet, Google]
      - [BERT, Google]
  - id: members
    type: list
    prompt: Name the three enabling factors.
    answer:
      - text: big data
        aliases: [data]
      - GPU computing
      - algorithmic innovations
  - id: card
    type: flashcard
    prompt: What is transfer learning?
    answer: Pre-training a general model, then fine-tuning it for a task.
"""


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    deck = load_deck_text(DECK, source="hand.yaml")
    assert deck.facts == ()
    return {question.id.split(":", 1)[1]: question for question in deck.questions}


def test_ids_carry_the_deck_id(questions: dict[str, Question]) -> None:
    deck = load_deck_text(DECK, source="hand.yaml")
    assert [q.id for q in deck.questions][:2] == ["hand:typed-text", "hand:typed-number"]
    assert {q.deck for q in deck.questions} == {"hand"}


def test_typed_text(questions: dict[str, Question]) -> None:
    question = questions["typed-text"]
    assert question.type is QuestionType.TYPED
    assert question.key == TextKey(accepted=("Microsoft Research", "Microsoft", "MSR"))
    assert question.answer == "Microsoft Research"
    assert question.topic == "ResNet"
    assert question.tags == ("labs", "resnet")
    assert question.explanation == "Residual networks came from Microsoft Research."


def test_typed_number_and_cloze(questions: dict[str, Question]) -> None:
    typed = questions["typed-number"]
    assert typed.key == NumberKey(value=10.0, tolerance=0.5, unit="percentage points")
    assert typed.answer == "10 percentage points"
    cloze = questions["gap"]
    assert cloze.type is QuestionType.CLOZE
    assert cloze.key == NumberKey(value=85.0, unit="%")
    assert cloze.answer == "85%"


def test_multiple_choice_keeps_the_authored_order(questions: dict[str, Question]) -> None:
    question = questions["pick"]
    assert question.choices == ("Yann LeCun", "Geoffrey Hinton", "Andrew Ng")
    assert question.key == ChoiceKey(correct=(1,))
    assert question.answer == "Geoffrey Hinton"


def test_true_false(questions: dict[str, Question]) -> None:
    assert questions["truth"].key == TrueFalseKey(value=True)
    assert questions["truth"].answer == "True"
    assert questions["falsity"].key == TrueFalseKey(value=False)
    assert questions["falsity"].answer == "False"


def test_ordering_is_shuffled_but_keyed(questions: dict[str, Question]) -> None:
    question = questions["order"]
    right = ["AlexNet", "GoogLeNet", "ResNet", "AlphaGo", "Transformer", "BERT"]
    shown = list(question.choices)
    assert shown != right
    assert sorted(shown) == sorted(right)
    assert isinstance(question.key, OrderKey)
    assert [shown[i] for i in question.key.order] == right
    assert question.answer == " → ".join(right)


def test_matching_from_a_mapping(questions: dict[str, Question]) -> None:
    question = questions["match-map"]
    key = question.key
    assert isinstance(key, MatchKey)
    assert key.lefts == ("AlexNet", "VGGNet", "GoogLeNet")
    rights = question.choices
    assert rights != ("8 layers", "19 layers", "22 layers")
    assert [rights[i] for i in key.pairs] == ["8 layers", "19 layers", "22 layers"]
    assert question.answer == "AlexNet: 8 layers; VGGNet: 19 layers; GoogLeNet: 22 layers"


def test_matching_from_pairs_shares_a_right_hand_side(questions: dict[str, Question]) -> None:
    question = questions["match-pairs"]
    key = question.key
    assert sorted(question.choices) == ["Google", "University of Toronto"]
    assert [question.choices[i] for i in key.pairs] == [
        "University of Toronto",
        "Google",
        "Google",
    ]


def test_list_and_flashcard(questions: dict[str, Question]) -> None:
    members = questions["members"]
    assert members.key == ListKey(
        members=(
            ListMember("big data", ("data",)),
            ListMember("GPU computing"),
            ListMember("algorithmic innovations"),
        )
    )
    assert members.answer == "big data, GPU computing, algorithmic innovations"
    card = questions["card"]
    assert card.key == FlashKey(
        back="Pre-training a general model, then fine-tuning it for a task."
    )
    assert card.choices is None


def test_shuffle_is_deterministic_and_never_the_identity() -> None:
    for size in range(2, 8):
        items = [f"item {i}" for i in range(size)]
        for n in range(40):
            shown = shuffled_for(items, seed=f"deck:q{n}")
            assert shown == shuffled_for(items, seed=f"deck:q{n}")
            assert shown != items
            assert sorted(shown) == sorted(items)
    assert shuffled_for(["only"], seed="x") == ["only"]
    assert shuffled_for(["same", "same"], seed="x") == ["same", "same"]


def test_different_questions_get_different_orders() -> None:
    items = [f"item {i}" for i in range(6)]
    orders = {tuple(shuffled_for(items, seed=f"deck:q{n}")) for n in range(20)}
    assert len(orders) > 10
