"""A chapter-like deck built from Fact objects, and the checks it must pass.

Other ``test_generate_*`` files import :func:`sample_deck` from here, so the
generator is tested without waiting for the chapter's YAML file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from dlquiz.core.generate import generate_questions
from dlquiz.core.model import Bound, Deck, Fact, FactKind, ListMember, QuestionType


def year(fid: str, subject: str, number: int, event: str, topic: str = "cascade") -> Fact:
    """A dated event on the chapter's timeline."""
    return Fact(
        id=fid,
        topic=topic,
        kind=FactKind.YEAR,
        subject=subject,
        attribute="year",
        prompt=f"In which year did this happen: {event}?",
        statement=f"{event} happened in {{value}}.",
        explanation=f"{event}: {number}.",
        number=number,
        event=event,
    )


def count(fid: str, subject: str, attribute: str, number: float, unit: str) -> Fact:
    """A number with a unit, such as a depth in layers."""
    return Fact(
        id=fid,
        topic="architectures",
        kind=FactKind.COUNT,
        subject=subject,
        attribute=attribute,
        prompt=f"What was the {attribute} of {subject}?",
        statement=f"The {attribute} of {subject} was {{value}}.",
        explanation=f"{subject}: {number} {unit}.",
        number=number,
        unit=unit,
    )


def name(fid: str, subject: str, attribute: str, text: str, *aliases: str) -> Fact:
    """A name or concept answer."""
    return Fact(
        id=fid,
        topic="people",
        kind=FactKind.NAME,
        subject=subject,
        attribute=attribute,
        prompt=f"Which {attribute} goes with {subject}?",
        statement=f"The {attribute} behind {subject} was {{value}}.",
        explanation=f"{subject} came from {text}.",
        text=text,
        aliases=aliases,
    )


def sample_facts() -> list[Fact]:
    """About thirty facts shaped like the chapter's."""
    return [
        year("alexnet-year", "AlexNet", 2012, "AlexNet wins ImageNet", topic="imagenet"),
        year("plateau-year", "ImageNet", 2011, "Vision systems plateau near 74%", topic="imagenet"),
        year("chess-year", "Deep Blue", 1997, "A computer beats the chess champion"),
        year("googlenet-year", "GoogLeNet", 2014, "GoogLeNet goes 22 layers deep"),
        year("vgg-year", "VGGNet", 2014, "VGGNet goes 19 layers deep"),
        year("resnet-year", "ResNet", 2015, "ResNet passes human accuracy"),
        year("alphago-year", "AlphaGo", 2016, "AlphaGo defeats Lee Sedol"),
        year("transformer-year", "Transformer", 2017, "The Transformer is published"),
        year("bert-year", "BERT", 2018, "BERT sets language records"),
        Fact(
            id="alexnet-top5",
            topic="imagenet",
            kind=FactKind.PERCENT,
            subject="AlexNet",
            attribute="top-5 accuracy",
            prompt="What top-5 accuracy did AlexNet reach?",
            statement="AlexNet reached {value} top-5 accuracy.",
            explanation="85%, ten points ahead.",
            number=85,
            unit="%",
            tolerance=1,
        ),
        Fact(
            id="plateau-top5",
            topic="imagenet",
            kind=FactKind.PERCENT,
            subject="2011 systems",
            attribute="top-5 accuracy",
            prompt="Around what top-5 accuracy had systems plateaued by 2011?",
            statement="By 2011 the best systems had plateaued near {value} top-5 accuracy.",
            explanation="About 74%.",
            number=74,
            unit="%",
            tolerance=1,
        ),
        count("alexnet-depth", "AlexNet", "depth", 8, "layers"),
        count("googlenet-depth", "GoogLeNet", "depth", 22, "layers"),
        count("vgg-depth", "VGGNet", "depth", 19, "layers"),
        replace(count("resnet-depth", "ResNet", "depth", 100, "layers"), bound=Bound.AT_LEAST),
        replace(
            count("imagenet-images", "ImageNet", "size", 1_200_000, "images"), tolerance=100_000
        ),
        count("imagenet-categories", "ImageNet", "categories", 1000, "categories"),
        name("alexnet-lab", "AlexNet", "lab", "University of Toronto", "Toronto"),
        name("vgg-lab", "VGGNet", "lab", "University of Oxford", "Oxford"),
        name("googlenet-lab", "GoogLeNet", "lab", "Google"),
        name("resnet-lab", "ResNet", "lab", "Microsoft Research", "Microsoft"),
        name("alphago-lab", "AlphaGo", "lab", "DeepMind"),
        name("alexnet-leader", "AlexNet", "leader", "Geoffrey Hinton", "Hinton"),
        replace(
            name("alphago-opponent", "AlphaGo", "opponent", "Lee Sedol"),
            distractors=("Ke Jie", "Fan Hui", "Garry Kasparov"),
        ),
        replace(
            name(
                "resnet-trick", "ResNet", "innovation", "skip connections", "residual connections"
            ),
            kind=FactKind.CONCEPT,
            distractors=("dropout", "batch normalization", "attention", "max pooling"),
        ),
        Fact(
            id="three-factors",
            topic="why-now",
            kind=FactKind.LIST,
            subject="deep learning",
            attribute="factors",
            prompt="Name the three factors that came together around 2012.",
            statement="The three factors were {value}.",
            explanation="Data, GPUs and better algorithms.",
            members=(
                ListMember("big data", ("data",)),
                ListMember("GPU computing", ("GPUs", "graphics cards")),
                ListMember("algorithmic innovations", ("better algorithms",)),
            ),
            distractors=("quantum computing", "expert systems"),
        ),
    ]


def sample_deck(facts: list[Fact] | None = None) -> Deck:
    """The sample facts (or the given ones) as deck ``dlr``."""
    return Deck(id="dlr", name="Sample", facts=tuple(sample_facts() if facts is None else facts))


def test_every_fact_is_recalled_once_by_typing_or_listing() -> None:
    questions = generate_questions(sample_deck())
    recall = Counter(
        q.fact_ids[0] for q in questions if q.type in (QuestionType.TYPED, QuestionType.LIST)
    )
    assert set(recall) == {fact.id for fact in sample_facts()}
    assert set(recall.values()) == {1}


def test_ids_are_unique_and_name_what_is_asked() -> None:
    questions = generate_questions(sample_deck())
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    assert "dlr:alexnet-year:typed" in ids
    assert "dlr:alexnet-year:mc" in ids
    assert "dlr:alexnet-year:tf-true" in ids
    assert "dlr:alexnet-year:tf-false" in ids
    assert "dlr:alexnet-year:cloze" in ids
    assert "dlr:three-factors:list" in ids
    assert "dlr:three-factors:cloze" not in ids
    assert any(i.startswith("dlr:order:timeline-") for i in ids)
    assert any(i.startswith("dlr:match:depth-") for i in ids)


@pytest.mark.slow  # starts a process
def test_the_same_questions_come_out_in_another_process_with_another_hash_seed() -> None:
    # Python's hash() changes from process to process; the generator must not lean on it.
    script = (
        "import sys; sys.path[:0] = sys.argv[1:]\n"
        "from test_generate_sample_deck import sample_deck\n"
        "from dlquiz.core.generate import generate_questions\n"
        "for q in generate_questions(sample_deck()): print(q.id, q.choices, q.prompt)\n"
    )
    here = Path(__file__).parent
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    src = str(here.parent / "src")
    result = subprocess.run(
        [sys.executable, "-c", script, str(here), src],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    expected = [f"{q.id} {q.choices} {q.prompt}" for q in generate_questions(sample_deck())]
    assert result.stdout.splitlines() == expected
