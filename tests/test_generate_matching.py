"""Matching questions: subjects against their values of one attribute."""

from __future__ import annotations

from dataclasses import replace

from dlquiz.core.generate.matching import matching_prompt, matching_questions
from dlquiz.core.model import Bound, Fact, FactKind, MatchKey, QuestionType

DEPTH = Fact(
    id="x",
    topic="architectures",
    kind=FactKind.COUNT,
    subject="x",
    attribute="depth",
    prompt="How deep?",
    statement="It had {value}.",
    explanation="",
    unit="layers",
)


def depths() -> list[Fact]:
    table = [
        ("alexnet", "AlexNet", 8),
        ("vgg", "VGGNet", 19),
        ("googlenet", "GoogLeNet", 22),
        ("resnet", "ResNet", 100),
        ("lenet", "LeNet-5", 5),
        ("vgg16", "VGG-16", 16),
    ]
    facts = [
        replace(
            DEPTH,
            id=f"{fid}-depth",
            subject=subject,
            number=float(number),
            explanation=f"{subject} had {number} layers.",
        )
        for fid, subject, number in table
    ]
    facts[3] = replace(facts[3], bound=Bound.AT_LEAST)
    return facts


def test_matching_pairs_each_subject_with_its_own_value() -> None:
    facts = {fact.id: fact for fact in depths()}
    questions = matching_questions(facts.values(), deck_id="dlr", seed=3)
    assert len(questions) >= 2
    sets = [set(question.fact_ids) for question in questions]
    assert not any(a < b for a in sets for b in sets)  # none asks a part of another
    for question in questions:
        assert question.type is QuestionType.MATCHING
        assert question.id.startswith("dlr:match:depth-")
        assert question.prompt == "Match each of these to its depth."
        assert isinstance(question.key, MatchKey)
        assert question.choices is not None
        assert 3 <= len(question.choices) <= 5
        assert len(set(question.choices)) == len(question.choices)
        assert sorted(question.key.pairs) == list(range(len(question.choices)))
        by_subject = {facts[fid].subject: facts[fid] for fid in question.fact_ids}
        shown = []
        for left, index in zip(question.key.lefts, question.key.pairs, strict=True):
            right = question.choices[index]
            expected = (
                "over 100 layers" if left == "ResNet" else f"{by_subject[left].number:.0f} layers"
            )
            assert right == expected
            shown.append(f"{left}: {right}")
        assert question.answer == "; ".join(shown)
        assert question.key.pairs != tuple(range(len(question.choices)))


def test_equal_values_never_meet_in_one_matching() -> None:
    facts = [replace(f, number=19.0) if f.id == "vgg16-depth" else f for f in depths()]
    for question in matching_questions(facts, deck_id="dlr", seed=3):
        assert not {"vgg-depth", "vgg16-depth"} <= set(question.fact_ids)


def test_fewer_than_three_subjects_give_no_matching() -> None:
    facts = depths()[:3]
    facts[2] = replace(facts[2], subject="AlexNet")  # two facts about one subject count once
    assert matching_questions(facts, deck_id="dlr", seed=1) == []


def test_a_group_names_the_subjects_and_splits_the_pool() -> None:
    facts = [replace(fact, group="architectures") for fact in depths()]
    questions = matching_questions(facts, deck_id="dlr", seed=1)
    assert questions
    assert {q.prompt for q in questions} == {"Match each architecture to its depth."}
    assert not matching_questions([*depths()[:2], *facts[2:4]], deck_id="dlr", seed=1)


def test_prompts_read_as_english_for_awkward_attributes() -> None:
    assert matching_prompt("lab", "architectures") == (
        "Match each architecture to the lab or company behind it."
    )
    assert matching_prompt("year", "timeline") == "Match each of these to its year."
    assert matching_prompt("top5_accuracy", "") == "Match each of these to its top-5 accuracy."
    assert (
        matching_prompt("match_length", "key-games") == "Match each of these to its match length."
    )
