"""How long do finding siblings and linting a deck take?

Times ``sibling_map`` (what the study queue buries) and ``lint_questions``
(``dlquiz decks lint``, the import preview's warnings) on the chapter's
questions and on an imported-style deck of 20,000 typed questions made up
here (no facts, so it exercises the per-question checks and the word-index
search for answers given away).  Prints JSON with the median of the runs.

Run: .venv/bin/python benchmarks/bench_siblings_lint.py
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

from dlquiz.chapter import chapter
from dlquiz.core.lint import lint_questions
from dlquiz.core.model import Question, QuestionType, TextKey
from dlquiz.core.siblings import sibling_map

RUNS = 5
BIG_DECK = 20_000


def made_up_deck(size: int) -> list[Question]:
    """Vocabulary-like cards: a word's meaning, each note its own question."""
    return [
        Question(
            id=f"big:n{i}",
            deck="big",
            type=QuestionType.TYPED,
            prompt=f"What does the term number {i} of unit {i % 97} mean?",
            key=TextKey((f"meaning {i} of kind {i % 13}",)),
            answer=f"meaning {i} of kind {i % 13}",
            fact_ids=(f"note:n{i // 2}",),  # two cards per note
        )
        for i in range(size)
    ]


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    deck, questions = chapter()
    big = made_up_deck(BIG_DECK)
    report = {
        "chapter_questions": len(questions),
        "chapter_sibling_map_ms": median_ms(lambda: sibling_map(questions)),
        "chapter_lint_ms": median_ms(lambda: lint_questions(questions, deck.facts)),
        "big_questions": len(big),
        "big_sibling_map_ms": median_ms(lambda: sibling_map(big), runs=3),
        "big_lint_ms": median_ms(lambda: lint_questions(big), runs=3),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
