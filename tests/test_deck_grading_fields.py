"""The deck's grading fields reach the answer keys, and wrong use is refused."""

from __future__ import annotations

import pytest

from dlquiz.core.generate import questions_by_id
from dlquiz.core.model import ChoiceKey, ListKey, NumberKey, TextKey
from dlquiz.core.problems import InputError
from dlquiz.core.serialize import key_from_dict, key_to_dict
from dlquiz.decks import load_deck_text

DECK = """
format: 1
id: g
name: Grading fields
confusions: [ResNet-50]
facts:
  - id: dropout-purpose
    kind: concept
    subject: Dropout
    attribute: purpose
    prompt: What does dropout prevent?
    statement: Dropout prevents {value}.
    value: overfitting
    ideas:
      - [overfitting, memorizing the training data]
    contradictions: [underfitting]
    distractors: [vanishing gradients, slow training, exploding gradients]
  - id: resnet-name
    kind: name
    subject: ResNet
    attribute: name
    prompt: Which network introduced skip connections?
    statement: "{value} introduced skip connections."
    value: ResNet
    confusions: [ResNeXt]
    distractors: [VGGNet, GoogLeNet, AlexNet]
  - id: alexnet-accuracy
    kind: percent
    subject: AlexNet
    attribute: accuracy
    prompt: What top-5 accuracy did AlexNet reach?
    statement: AlexNet reached {value} top-5 accuracy.
    value: 85
    unit: "%"
    contradictions: [error rate]
  - id: size
    kind: count
    subject: ImageNet
    attribute: size
    prompt: How many images?
    statement: ImageNet holds {value}.
    value: 1200000
    unit: images
    precision: 100000
  - id: factors
    kind: list
    subject: Deep learning
    attribute: factors
    prompt: Name the factors.
    statement: The factors were {value}.
    value: [big data, GPUs]
    confusions: [TPUs]
"""


def _questions() -> dict[str, object]:
    return dict(questions_by_id(load_deck_text(DECK, source="g.yaml")))


def test_concept_key_carries_ideas_contradictions_and_distractors_as_confusions() -> None:
    key = _questions()["g:dropout-purpose:typed"].key  # type: ignore[attr-defined]
    assert isinstance(key, TextKey)
    assert key.ideas == (("overfitting", "memorizing the training data"),)
    assert key.contradictions == ("underfitting",)
    assert "vanishing gradients" in key.confusions


def test_name_key_refuses_authored_deck_and_known_confusions() -> None:
    key = _questions()["g:resnet-name:typed"].key  # type: ignore[attr-defined]
    assert isinstance(key, TextKey)
    assert {"ResNeXt", "ResNet-50", "VGGNet"} <= set(key.confusions)
    assert "ResNet" not in key.confusions


def test_numeric_key_carries_precision_and_contradictions() -> None:
    questions = _questions()
    accuracy = questions["g:alexnet-accuracy:typed"].key  # type: ignore[attr-defined]
    size = questions["g:size:typed"].key  # type: ignore[attr-defined]
    assert isinstance(accuracy, NumberKey) and isinstance(size, NumberKey)
    assert (accuracy.precision, accuracy.contradictions) == (1.0, ("error rate",))
    assert size.precision == 100000


def test_list_key_and_choice_options_carry_their_readings() -> None:
    questions = _questions()
    listed = questions["g:factors:list"].key  # type: ignore[attr-defined]
    assert isinstance(listed, ListKey) and "TPUs" in listed.confusions
    choice = questions["g:resnet-name:mc"].key  # type: ignore[attr-defined]
    assert isinstance(choice, ChoiceKey)
    assert len(choice.options) == 4
    right = choice.options[choice.correct[0]]
    assert right.accepted == ("ResNet",) and "ResNeXt" in right.confusions


def test_keys_with_grading_fields_survive_storage() -> None:
    for question in _questions().values():
        key = question.key  # type: ignore[attr-defined]
        assert key_from_dict(key_to_dict(key)) == key


def test_old_stored_text_key_without_grading_fields_still_reads() -> None:
    assert key_from_dict({"kind": "text", "accepted": ["a"]}) == TextKey(("a",))


@pytest.mark.parametrize(
    ("field", "fact_kind", "value", "message"),
    [
        ("ideas: [[fast]]", "year", "2012", "only name and concept facts take 'ideas'"),
        ("ideas: [[fast]]", "list", "[a, b]", "only name and concept facts take 'ideas'"),
        ("precision: 1", "name", "Hinton", "only year, percent and count facts take 'precision'"),
        ("precision: 0", "count", "8", "precision"),
        ("ideas: [[]]", "concept", "speed", "ideas"),
    ],
)
def test_misplaced_grading_fields_are_refused(
    field: str, fact_kind: str, value: str, message: str
) -> None:
    deck = f"""
format: 1
id: bad
name: Bad
facts:
  - id: f
    kind: {fact_kind}
    subject: S
    attribute: a
    prompt: P?
    statement: "It is {{value}}."
    value: {value}
    {field}
"""
    with pytest.raises(InputError) as raised:
        load_deck_text(deck, source="bad.yaml")
    assert message in str(raised.value)
