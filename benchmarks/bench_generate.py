"""How long does generating every question of a deck take?

Times ``generate_questions`` on the chapter deck (target: under 50 ms; each
run starts with empty text caches, as after start-up; a second set of runs
keeps them warm; wall-clock and CPU time are both reported, since a busy
machine inflates the wall clock) and,
to show how it scales, on a deck holding ten renamed copies of the chapter's
facts.  The deck is loaded once, outside the timing.  Prints JSON with the
best and median of the runs and the number of questions.

Run: .venv/bin/python benchmarks/bench_generate.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass, field, replace

from dlquiz.core.generate import generate_questions
from dlquiz.core.generate.formatting import clear_caches
from dlquiz.core.model import Deck
from dlquiz.decks import load_chapter_deck

TARGET_MS = 50.0
RUNS = 50
SCALED_COPIES = 10
SCALED_RUNS = 10


@dataclass
class Timings:
    """Wall-clock and CPU milliseconds of each run, and the questions one run gives."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    questions: int = 0


def timings(deck: Deck, runs: int, *, cold: bool = True) -> Timings:
    """Time ``runs`` runs of the generator on ``deck``.

    ``cold`` empties the text caches first, so each run pays what the first
    run after start-up pays.
    """
    result = Timings()
    for _ in range(runs):
        if cold:
            clear_caches()
        wall, cpu = time.perf_counter(), time.process_time()
        result.questions = len(generate_questions(deck))
        result.wall.append((time.perf_counter() - wall) * 1000)
        result.cpu.append((time.process_time() - cpu) * 1000)
    return result


def scaled(deck: Deck, copies: int) -> Deck:
    """The deck's facts ``copies`` times over, each copy with its own ids and labels."""
    facts = tuple(
        replace(
            fact,
            id=f"{fact.id}-{n}",
            subject=f"{fact.subject} {n}",
            event=f"{fact.event} ({n})" if fact.event else "",
        )
        for n in range(copies)
        for fact in deck.facts
    )
    return replace(deck, facts=facts, questions=())


def summary(result: Timings, facts: int) -> dict[str, float | int]:
    return {
        "facts": facts,
        "questions": result.questions,
        "runs": len(result.wall),
        "best_ms": round(min(result.wall), 2),
        "median_ms": round(statistics.median(result.wall), 2),
        "cpu_best_ms": round(min(result.cpu), 2),
        "cpu_median_ms": round(statistics.median(result.cpu), 2),
    }


def main() -> int:
    chapter = load_chapter_deck()
    generate_questions(chapter)  # warm the imports and caches once
    cold = timings(chapter, RUNS)
    warm = timings(chapter, RUNS, cold=False)
    big = scaled(chapter, SCALED_COPIES)
    report = {
        "chapter": summary(cold, len(chapter.facts)),
        "chapter_warm_caches": summary(warm, len(chapter.facts)),
        f"chapter_x{SCALED_COPIES}": summary(timings(big, SCALED_RUNS), len(big.facts)),
        "target_ms": TARGET_MS,
        # CPU time: on a shared machine the wall clock also counts other processes.
        "meets_target": statistics.median(cold.cpu) < TARGET_MS,
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
