"""Deck lint: every check finds its class in a deck made to contain it, and the chapter has none."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dlquiz.chapter import chapter
from dlquiz.core.generate import generate_questions
from dlquiz.core.lint import CHECKS, lint_questions
from dlquiz.decks import load_deck_text
from tests.helpers import Here

HEAD = "format: 1\nid: t\nname: Test\n"
MATCHING = "questions:\n  - id: m\n    type: matching\n    prompt: Match them.\n    answer:\n"


def fact(fid: str, **fields: object) -> str:
    base: dict[str, object] = {
        "id": fid,
        "kind": "name",
        "subject": fid.title(),
        "attribute": "lab",
        "prompt": f"Which lab built {fid.title()}?",
        "statement": f"{fid.title()} came from {{value}}.",
    }
    base.update(fields)
    lines = [f"  - id: {base.pop('id')}"]
    for key, value in base.items():
        lines.append(f"    {key}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def findings_of(text: str) -> dict[str, list[str]]:
    deck = load_deck_text(HEAD + text, source="t.yaml")
    found: dict[str, list[str]] = {}
    for finding in lint_questions(generate_questions(deck), deck.facts):
        found.setdefault(finding.check, []).append(finding.question_id)
    return found


# (check, a deck holding that class, a near miss that must stay clean)
CASES = [
    (
        "answer-in-prompt",
        "facts:\n"
        + fact("resnet", value="Microsoft Research", prompt="Did Microsoft Research build ResNet?"),
        "facts:\n" + fact("resnet", value="Microsoft Research"),
    ),
    (
        "answer-in-label",
        "facts:\n" + fact("resnet", value="Microsoft Research", topic="Microsoft Research"),
        "facts:\n" + fact("resnet", value="Microsoft Research", topic="Labs: Microsoft Research"),
    ),
    (
        "answer-in-choice",
        "facts:\n"
        + fact(
            "resnet",
            value="Microsoft Research",
            distractors=["not Microsoft Research", "Google", "IBM"],
        ),
        "facts:\n"
        + fact("resnet", value="Microsoft Research", distractors=["Baidu", "Google", "IBM"]),
    ),
    (
        "sibling-reveals",
        "facts:\n"
        + fact(
            "alphago",
            attribute="year",
            kind="year",
            value=2016,
            prompt="When did AlphaGo beat Lee Sedol?",
            statement="AlphaGo won in {value}.",
            event="AlphaGo wins",
        )
        + fact(
            "opponent",
            subject="AlphaGo",
            attribute="opponent",
            value="Lee Sedol",
            prompt="Whom did AlphaGo beat?",
            statement="AlphaGo beat {value}.",
            distractors=["Ke Jie", "Fan Hui", "Cho Chikun"],
        ),
        "facts:\n"
        + fact(
            "alphago",
            attribute="year",
            kind="year",
            value=2016,
            prompt="When did AlphaGo win its match?",
            statement="AlphaGo won in {value}.",
            event="AlphaGo wins",
        )
        + fact(
            "opponent",
            subject="AlphaGo",
            attribute="opponent",
            value="Lee Sedol",
            prompt="Whom did AlphaGo beat?",
            statement="AlphaGo beat {value}.",
            distractors=["Ke Jie", "Fan Hui", "Cho Chikun"],
        ),
    ),
    (
        "distractor-is-answer",
        "facts:\n"
        + fact(
            "gpu",
            kind="concept",
            attribute="op",
            value="matrix multiplications",
            aliases=["matrix products"],
            prompt="Which operation dominates?",
            statement="It is {value}.",
            distractors=["matrix multiplication", "sorting lists", "tree search"],
        ),
        "facts:\n"
        + fact(
            "gpu",
            kind="concept",
            attribute="op",
            value="matrix multiplications",
            aliases=["matrix products"],
            prompt="Which operation dominates?",
            statement="It is {value}.",
            distractors=["Fourier transforms", "square roots", "integer division"],
        ),
    ),
    (
        "odd-option",
        "facts:\n"
        + fact(
            "go",
            kind="concept",
            attribute="why",
            prompt="Why is Go hard to search?",
            statement="Go is hard because {value}.",
            value="it has more board positions than there are atoms in the universe",
            distractors=["it is old", "it is slow", "it is Asian"],
        ),
        "facts:\n"
        + fact(
            "go",
            kind="concept",
            attribute="why",
            prompt="Why is Go hard to search?",
            statement="Go is hard because {value}.",
            value="it has more board positions than atoms in the universe",
            distractors=[
                "its rules change at random from game to game",
                "each player's stones are hidden from the other",
                "a single game lasts far too long to search",
            ],
        ),
    ),
    (
        "few-pairs",
        MATCHING + "      a: x\n      b: y\n",
        MATCHING + "      a: x\n      b: y\n      c: z\n",
    ),
    (
        "near-duplicate",
        "questions:\n"
        "  - {id: a, type: typed, prompt: How many layers did AlexNet have in 2012?, answer: 8}\n"
        "  - {id: b, type: typed, prompt: How many layers did AlexNet have in 2012 ?, answer: 8}\n",
        "questions:\n"
        "  - {id: a, type: typed, prompt: How many layers did AlexNet have?, answer: 8}\n"
        "  - {id: b, type: typed, prompt: How many images did ImageNet have?, answer: 1200000}\n",
    ),
    (
        "false-equals-true",
        "questions:\n"
        "  - {id: a, type: true_false, prompt: AlexNet won in 2012., answer: true}\n"
        "  - {id: b, type: true_false, prompt: AlexNet won in 2012, answer: false}\n",
        "questions:\n"
        "  - {id: a, type: true_false, prompt: AlexNet won in 2012., answer: true}\n"
        "  - {id: b, type: true_false, prompt: AlexNet won in 2013., answer: false}\n",
    ),
    (
        "missing-key-ideas",
        "facts:\n"
        + fact(
            "bn",
            kind="concept",
            attribute="does",
            prompt="What does batch normalization do?",
            statement="It {value}.",
            value="stabilizes training by normalizing layer inputs",
            distractors=[
                "adds more training images",
                "replaces sigmoid activations",
                "disables neurons at random",
            ],
        ),
        "facts:\n"
        + fact(
            "bn",
            kind="concept",
            attribute="does",
            prompt="What does batch normalization do?",
            statement="It {value}.",
            value="stabilizes training by normalizing layer inputs",
            ideas=[["stabilize", "stable"]],
            distractors=[
                "adds more training images",
                "replaces sigmoid activations",
                "disables neurons at random",
            ],
        ),
    ),
]


def number_questions(right_ranks: list[int]) -> str:
    """Multiple-choice questions over four layer counts, the right one at each given rank."""
    lines = ["questions:"]
    for index, rank in enumerate(right_ranks):
        options = [10 + index, 20 + index, 30 + index, 40 + index]
        lines.append(
            f"  - {{id: n{index}, type: multiple_choice, prompt: How deep is net {index}?, "
            f"choices: [{', '.join(f'{o} layers' for o in options)}], "
            f"answer: {options[rank]} layers}}"
        )
    return "\n".join(lines) + "\n"


CASES.append(
    (
        "number-rank-pattern",
        number_questions([1, 2, 1, 2, 2, 1, 1, 2, 1, 2, 1, 2]),  # never an end: 12 of 12
        number_questions([0, 1, 2, 3, 1, 0, 3, 2, 2, 0, 1, 3]),  # every rank three times
    )
)


@pytest.mark.parametrize(
    ("ranks", "pattern"),
    [
        ([3] * 10, "pick the largest"),
        ([0, 0, 0, 0, 0, 0, 0, 1, 0, 0], "pick the smallest"),
        ([3, 3, 3, 3, 3, 3, 2, 3, 3, 1, 3, 3], "pick the largest"),
        ([1, 2] * 8, "never pick the smallest or the largest"),
        ([0, 1, 2, 3] * 4, None),
        ([3, 0] * 6, None),  # ends half the time each: no single strategy wins
        ([3] * 5, None),  # too few questions to tell a pattern from chance
    ],
)
def test_number_rank_patterns(ranks: list[int], pattern: str | None) -> None:
    deck = load_deck_text(HEAD + number_questions(ranks), source="t.yaml")
    found = [f for f in lint_questions(deck.questions) if f.check == "number-rank-pattern"]
    if pattern is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].question_id == "t:n0"
        assert f"can {pattern} and be right" in found[0].message


def test_every_check_has_a_case() -> None:
    checks = {case[0] for case in CASES}
    assert checks == set(CHECKS) | {"answer-in-label", "answer-in-choice"}


@pytest.mark.parametrize(("check", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_each_check_finds_its_class_and_spares_the_near_miss(
    check: str, bad: str, good: str
) -> None:
    assert check in findings_of(bad)
    assert check not in findings_of(good)


def test_the_chapter_deck_has_no_findings() -> None:
    deck, questions = chapter()
    findings = lint_questions(questions, deck.facts)
    assert findings == [], "\n".join(f"{f.question_id}: {f.message}" for f in findings)


@pytest.mark.slow
def test_decks_lint_command_prints_findings_and_exits_1(tmp_path: Path, here: Here) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEAD + CASES[0][1], encoding="utf-8")
    db = tmp_path / "c.dlquiz"
    run = [sys.executable, "-m", "dlquiz", "--db", str(db), "decks", "lint"]
    done = subprocess.run([*run, str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "bad.yaml:" in done.stdout and "[answer-in-prompt]" in done.stdout
    # The other forms in this process, as a shell would run them.
    done = here("decks", "lint", str(bad), "--json", db=db)
    report = json.loads(done.stdout)
    assert report["findings"][0]["check"] == "answer-in-prompt"
    assert report["findings"][0]["line"] > 0
    done = here("decks", "lint", "deep-learning-revolution", db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 findings" in done.stdout
