"""Grading speed: one grade, ``grade --batch`` throughput, and time against answer length.

Prints one JSON object:
- single_grade_us: median and p99 of one ``grade`` call over every case of the
  grading table (tests/grading_cases/), after a warm-up pass, in wall and CPU
  time, and the slowest case;
- batch: lines, seconds and lines per second of one ``dlquiz grade --batch`` process
  grading the whole table repeated (start-up included);
- length_scaling: milliseconds to grade answers of growing length (up to the cap,
  MAX_ANSWER_CHARS) and to read numbers and words from text far beyond it, with the
  ratio of time to length, which stays flat when the work is linear.

Usage: python benchmarks/bench_grade.py [--quick]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best_ms(run: Callable[[], object], repeats: int = 5) -> float:
    """Best CPU time of ``run()``: on a shared machine, wall time also counts other
    programs' turns on the CPU (10-20 ms time slices), which say nothing of grading."""
    best = float("inf")
    for _ in range(repeats):
        start = time.thread_time()
        run()
        best = min(best, time.thread_time() - start)
    return best * 1000


def single_grades(repeats: int) -> dict[str, object]:
    from dlquiz.chapter import chapter
    from dlquiz.core.grading import grade
    from tests.test_grading_cases import load_cases

    questions = {q.id: q for q in chapter()[1]}
    cases = [(questions[q], a) for q, a, _, _ in load_cases()]
    for question, answer in cases:  # warm-up: caches of the keys' own words
        grade(question, answer)
    wall: list[float] = []
    cpu: list[tuple[float, str]] = []
    for _ in range(repeats):
        for question, answer in cases:
            start, start_cpu = time.perf_counter(), time.thread_time()
            grade(question, answer)
            cpu.append(((time.thread_time() - start_cpu) * 1e6, answer))
            wall.append((time.perf_counter() - start) * 1e6)
    cpu_times = sorted(t for t, _ in cpu)
    slowest = max(cpu)
    wall.sort()
    return {
        "cases": len(cases),
        "median_wall": round(statistics.median(wall), 1),
        "p99_wall": round(wall[int(len(wall) * 0.99)], 1),
        "median_cpu": round(statistics.median(cpu_times), 1),
        "p99_cpu": round(cpu_times[int(len(cpu_times) * 0.99)], 1),
        "slowest_cpu": round(slowest[0], 1),
        "slowest_answer": slowest[1],
    }


def batch_throughput(copies: int) -> dict[str, object]:
    from tests.test_grading_cases import load_cases

    lines = [json.dumps({"question_id": q, "answer": a}) for q, a, _, _ in load_cases()] * copies
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.jsonl"
        answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dlquiz",
                "--db",
                str(Path(folder) / "c.db"),
                "grade",
                "--batch",
                str(answers),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - start
    graded = len(done.stdout.splitlines())
    return {"lines": graded, "seconds": round(seconds, 2), "lines_per_s": round(graded / seconds)}


def length_scaling() -> dict[str, object]:
    from dlquiz.chapter import chapter
    from dlquiz.core.grading import MAX_ANSWER_CHARS, grade
    from dlquiz.core.grading.numbers import read_numbers
    from dlquiz.core.grading.words import read_words

    questions = {q.id: q for q in chapter()[1]}
    concept = questions["deep-learning-revolution:dropout-solves:typed"]
    number = questions["deep-learning-revolution:alexnet-year:typed"]
    phrase = "it randomly turns off one hundred and twenty neurons so the net does not overfit "
    graded = {}
    for length in (125, 250, 500, MAX_ANSWER_CHARS):
        answer = (phrase * (length // len(phrase) + 1))[:length]
        ms = _best_ms(lambda a=answer: (grade(concept, a), grade(number, a)))
        graded[length] = {"ms": round(ms, 3), "us_per_char": round(ms * 1000 / length, 3)}
    readers = {}
    words = "one two three thousand and twelve point five million a an oh hundred "
    for length in (10_000, 20_000, 40_000, 80_000):
        text = (words * (length // len(words) + 1))[:length]
        ms = _best_ms(lambda t=text: (read_numbers(t), read_words(t)), repeats=3)
        readers[length] = {"ms": round(ms, 2), "us_per_char": round(ms * 1000 / length, 3)}
    return {"grade_two_questions_by_length": graded, "readers_beyond_the_cap": readers}


def main() -> None:
    quick = "--quick" in sys.argv
    report = {
        "single_grade_us": single_grades(repeats=3 if quick else 10),
        "batch": batch_throughput(copies=2 if quick else 20),
        "length_scaling": length_scaling(),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
