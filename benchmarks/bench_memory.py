"""The memory model's speeds: fitting FSRS parameters, and exam-day readiness.

Prints one JSON object:
- optimize_s: {reviews: seconds} for one ``dlquiz.fsrs_fit.fit_parameters`` (fsrs's
  optimiser) on logs of a simulated learner of about that many reviews (needs the optimizer
  extra); ``dlquiz fsrs optimize`` fits once on the earlier 80 % and, when it keeps the fit,
  once more on the whole log;
- validation_overhead_s: {reviews: seconds} that optimisation spends around the fits
  (counting, splitting by time, scoring three parameter sets on the held-back reviews);
- readiness_recall_s: predicted recall by section and overall for 100,000 cards;
- readiness_score_s: the expected score and range of a 20-question exam on those cards;
- readiness_s: both together (target under 1 s);
- readiness_cpu_s: the same in CPU time, which other work on the machine inflates less.

Usage: python benchmarks/bench_memory.py [--reviews 10000,100000] [--no-optimize]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta

from dlquiz.core.exam import ExamSettings
from dlquiz.core.model import NumberKey, Question, QuestionType
from dlquiz.core.readiness import ReadinessCard, expected_score, readiness, recall_at
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, CardPhase, CardState, SchedulerSettings
from dlquiz.core.simulate import simulate
from dlquiz.core.validation import validated_fit

START = datetime(2025, 1, 6, tzinfo=UTC)


def simulated_log(reviews: int) -> list[tuple[int, list[tuple[int, datetime]]]]:
    """A simulated learner's log of about ``reviews`` answers (about 9 a card, 120 days)."""
    cards = max(100, reviews // 9)
    histories, _ = simulate(
        truth=DEFAULT_PARAMETERS,
        schedule=SchedulerSettings(),
        cards=cards,
        days=120,
        new_per_day=max(1, cards // 60),
        start=START,
        seed=1,
    )
    return [(card_id, list(history)) for card_id, history in histories]


def optimisation(histories: list[tuple[int, list[tuple[int, datetime]]]]) -> float:
    """Seconds for one fit by fsrs's optimiser (``optimize`` fits twice when it keeps one)."""
    from dlquiz.fsrs_fit import fit_parameters

    began = time.perf_counter()
    fit_parameters(histories)
    return time.perf_counter() - began


def validation_overhead(histories: list[tuple[int, list[tuple[int, datetime]]]]) -> float:
    """Seconds ``validated_fit`` spends around the fit: counting, splitting, scoring three sets."""
    began = time.perf_counter()
    validated_fit(histories, settings=SchedulerSettings(), fit=lambda _h: DEFAULT_PARAMETERS)
    return time.perf_counter() - began


def readiness_inputs(count: int) -> tuple[list[ReadinessCard], list[Question]]:
    rng = random.Random(1)
    now = START + timedelta(days=200)
    cards, pool = [], []
    for i in range(count):
        last = now - timedelta(days=rng.randrange(0, 60))
        state = CardState(
            phase=CardPhase.REVIEW,
            stability=rng.uniform(1, 100),
            difficulty=rng.uniform(2, 9),
            due=last + timedelta(days=10),
            last_review=last,
            reps=3,
        )
        topic = f"section {i % 12}"
        cards.append(ReadinessCard(i, f"big:q{i}", topic, state))
        pool.append(
            Question(
                id=f"big:q{i}",
                deck="big",
                type=QuestionType.TYPED,
                prompt=f"What is {i} plus one?",
                key=NumberKey(i + 1),
                answer=str(i + 1),
                topic=topic,
            )
        )
    return cards, pool


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", default="10000,100000")
    parser.add_argument("--no-optimize", action="store_true")
    args = parser.parse_args()
    figures: dict[str, object] = {}
    cards, pool = readiness_inputs(100_000)
    exam_at = START + timedelta(days=210)
    settings = SchedulerSettings()
    exam = ExamSettings(questions=20)
    began = time.perf_counter()
    recall = recall_at(cards, settings, exam_at)
    figures["readiness_recall_s"] = round(time.perf_counter() - began, 3)
    by_question = {c.question_id: recall[c.card_id] for c in cards}
    began = time.perf_counter()
    expected_score(pool, by_question, exam)
    figures["readiness_score_s"] = round(time.perf_counter() - began, 3)
    began, cpu = time.perf_counter(), time.process_time()
    readiness(cards, settings, exam_at=exam_at, target=0.8, pool=pool, exam=exam)
    figures["readiness_s"] = round(time.perf_counter() - began, 3)
    figures["readiness_cpu_s"] = round(time.process_time() - cpu, 3)
    timings: dict[str, float] = {}
    overheads: dict[str, float] = {}
    for wanted in (int(n) for n in args.reviews.split(",")):
        log = simulated_log(wanted)
        size = str(sum(len(h) for _c, h in log))
        overheads[size] = round(validation_overhead(log), 2)
        if not args.no_optimize:
            timings[size] = round(optimisation(log), 1)
    figures["validation_overhead_s"] = overheads
    if timings:
        figures["optimize_s"] = timings
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
