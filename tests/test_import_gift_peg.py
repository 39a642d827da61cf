"""GIFT reader against the parse results another project expects (shared/corpus/gift/peg).

Each ``peg/*.gift`` comes with ``peg-expected/*.json`` written by the
GIFT-grammar-PEG.js project.  We compare what our model can hold: type,
stem text, choices, which are correct and their weights, numbers and pairs.
Deliberate differences, kept out of the comparison:

* a blank followed only by punctuation after a full sentence is dropped
  ("What is pi? {#3.14}." asks "What is pi?"), and "_____ ." is written "_____.";
* descriptions and essays are skipped (dlquiz grades only definite answers);
* stems are compared as plain text: we keep only whitelisted HTML tags;
* partial credit on wrong choices of a single-answer question is not kept.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from dlquiz.core.model import ChoiceKey, MatchKey, NumberKey, QuestionType, TextKey, TrueFalseKey
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file
from dlquiz.importers.html import html_to_plain


def corpus_root() -> Path | None:
    candidate = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if candidate.is_dir():
        return candidate
    env = os.environ.get("DLQUIZ_CORPUS")
    return Path(env) if env and Path(env).is_dir() else None


ROOT = corpus_root()
PEG = ROOT / "gift" / "peg" if ROOT else None
pytestmark = pytest.mark.skipif(
    PEG is None or not PEG.is_dir(),
    reason="shared/corpus not found next to the checkout (set DLQUIZ_CORPUS to its path)",
)
CASES = sorted(p.stem for p in PEG.glob("*.gift")) if PEG and PEG.is_dir() else []
SKIPPED_TYPES = {"Category", "Description", "Essay"}
TYPES = {
    "MC": {QuestionType.MULTIPLE_CHOICE},
    "TF": {QuestionType.TRUE_FALSE},
    "Short": {QuestionType.TYPED, QuestionType.CLOZE},
    "Numerical": {QuestionType.TYPED},
    "Matching": {QuestionType.MATCHING},
}


def norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s*_____[\s.,;:!?\"']*$", "", text)  # a trailing blank (see module doc)
    return text.replace("_____ .", "_____.")


def stem_text(stem: dict[str, str]) -> str:
    text = stem["text"]
    return norm(text if stem["format"] == "markdown" else html_to_plain(text))


def full_credit(choice: dict[str, Any]) -> bool:
    return bool(choice["isCorrect"]) and choice["weight"] in (None, 100)


def check_numbers(expected: Any, key: Any) -> None:
    if isinstance(expected, dict):
        entries = [expected]
    else:
        entries = [c["text"] for c in expected if full_credit(c)]
    if isinstance(key, TextKey):  # several exact answers: kept as texts
        assert sorted(float(t) for t in key.accepted) == sorted(e["number"] for e in entries)
        return
    assert isinstance(key, NumberKey)
    first = entries[0]
    if first["type"] == "high-low":
        low, high = first["numberLow"], first["numberHigh"]
        assert key.value == pytest.approx((low + high) / 2)
        assert key.tolerance == pytest.approx((high - low) / 2)
    else:
        assert key.value == pytest.approx(first["number"])
        assert key.tolerance == pytest.approx(first.get("range", 0))


def check(expected: dict[str, Any], question: Any) -> None:
    kind = expected["type"]
    assert question.type in TYPES[kind]
    assert norm(question.text_prompt) == stem_text(expected["stem"])
    key = question.key
    if kind == "TF":
        assert isinstance(key, TrueFalseKey)
        assert key.value is expected["isTrue"]
    elif kind == "MC":
        assert isinstance(key, ChoiceKey)
        choices = expected["choices"]
        assert [norm(c) for c in question.choices] == [
            norm(html_to_plain(c["text"]["text"])) for c in choices
        ]
        if any(c["isCorrect"] for c in choices):
            assert key.weights is None
            assert key.correct == tuple(i for i, c in enumerate(choices) if full_credit(c))
        else:
            assert key.weights == pytest.approx([(c["weight"] or 0) / 100 for c in choices])
    elif kind == "Short":
        assert isinstance(key, TextKey)
        choices = expected["choices"]
        assert list(key.accepted) == [
            norm(html_to_plain(c["text"]["text"])) for c in choices if full_credit(c)
        ]
        partial = [
            (norm(c["text"]["text"]), c["weight"] / 100)
            for c in choices
            if c["weight"] not in (None, 100) and c["weight"] > 0
        ]
        assert list(key.partial) == partial
    elif kind == "Numerical":
        check_numbers(expected["choices"], key)
    elif kind == "Matching":
        assert isinstance(key, MatchKey)
        pairs = [
            (norm(html_to_plain(p["subquestion"]["text"])), norm(p["subanswer"]))
            for p in expected["matchPairs"]
            if p["subquestion"]["text"].strip()
        ]
        ours = [
            (norm(left), norm(question.choices[i]))
            for left, i in zip(key.lefts, key.pairs, strict=True)
        ]
        assert ours == pairs


@pytest.mark.parametrize("case", CASES)
def test_gift_matches_peg_expectations(case: str) -> None:
    assert PEG is not None
    expected = json.loads((PEG.parent / "peg-expected" / f"{case}.json").read_text("utf-8"))
    wanted = [q for q in expected if q["type"] not in SKIPPED_TYPES]
    skipped = [q for q in expected if q["type"] in ("Description", "Essay")]
    path = PEG / f"{case}.gift"
    if not wanted:
        with pytest.raises(InputError, match="no importable question"):
            read_file(path)
        return
    imported = read_file(path)
    assert imported.format == "gift"
    assert len(imported.deck.questions) == len(wanted)
    assert sum("skipped" in n for n in imported.notices) == len(skipped)
    for want, question in zip(wanted, imported.deck.questions, strict=True):
        check(want, question)
