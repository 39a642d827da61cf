"""Study speed on a large collection: 100,000 cards and 1,000,000 review-log rows.

Prints one JSON object:
- answer_and_next_ms: p50/p99 of recording an answer and fetching the next question;
- open_ms: opening the collection (lock, checks, no migration) plus the question bank;
- open_checked_ms / quick_check_ms: opening as the terminal commands do, with
  ``PRAGMA quick_check`` on a cleanly closed file, and the check alone (best of 3);
- bare_paint_ms / dlquiz_paint_ms / ratio / dlquiz_exit_ms: start-up on this large
  collection, side by side with a bare PySide6 label (``bench_startup.side_by_side``);
- rss_mb: resident memory of the smoke-test process with the window open.

Usage: python benchmarks/bench_study.py [--quick]
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

CARDS = 100_000
REVIEWS = 1_000_000


def build_collection(path: Path, *, cards: int, reviews: int) -> None:
    from dlquiz.core.clock import FakeClock
    from dlquiz.core.model import NumberKey, Question, QuestionType
    from dlquiz.core.serialize import question_to_dict
    from dlquiz.storage.collection import open_collection

    open_collection(path, clock=FakeClock()).close(backup=False)
    now = datetime(2026, 3, 2, 12, tzinfo=UTC)
    conn = sqlite3.connect(str(path))
    conn.execute(
        "INSERT INTO decks (id, name, kind, source, format, enabled, content_hash, created_at,"
        " updated_at) VALUES ('big', 'Big deck', 'imported', '', 'csv', 1, '', ?, ?)",
        (now.replace(tzinfo=None), now.replace(tzinfo=None)),
    )
    rows = []
    cards_rows = []
    rng = random.Random(1)
    for i in range(cards):
        q = Question(
            id=f"big:q{i}",
            deck="big",
            type=QuestionType.TYPED,
            prompt=f"What is {i} plus one?",
            key=NumberKey(i + 1),
            answer=str(i + 1),
            topic=f"topic {i % 12}",
        )
        rows.append((q.id, "big", i, json.dumps(question_to_dict(q))))
        reviewed = i < cards * 0.7
        due = (
            now + timedelta(minutes=rng.randint(-60 * 24 * 30, 60 * 24 * 30)) if reviewed else None
        )
        cards_rows.append(
            (
                q.id,
                "big",
                q.topic,
                "typed",
                2 if reviewed else 0,
                None,
                5.0 if reviewed else None,
                5.0 if reviewed else None,
                due.replace(tzinfo=None) if due else None,
                (now - timedelta(days=3)).replace(tzinfo=None) if reviewed else None,
                3 if reviewed else 0,
                0,
                i,
                0,
                0,
            )
        )
    conn.executemany(
        "INSERT INTO questions (id, deck_id, position, payload) VALUES (?,?,?,?)", rows
    )
    conn.executemany(
        "INSERT INTO cards (question_id, deck_id, topic, qtype, phase, step, stability, difficulty,"
        " due, last_review, reps, lapses, new_rank, suspended, retired)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        cards_rows,
    )
    state = json.dumps(
        {
            "phase": 2,
            "step": None,
            "stability": 5.0,
            "difficulty": 5.0,
            "reps": 2,
            "lapses": 0,
            "due": None,
            "last_review": None,
        }
    )
    batch = []
    for j in range(reviews):
        when = (now - timedelta(minutes=j % (60 * 24 * 365))).replace(tzinfo=None)
        batch.append(
            (1 + j % int(cards * 0.7), when, 3, 4000, "x", "correct", 1.0, "study", 0, state)
        )
        if len(batch) == 100_000:
            conn.executemany(
                "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict,"
                " score, kind, was_new, state_before) VALUES (?,?,?,?,?,?,?,?,?,?)",
                batch,
            )
            batch.clear()
    conn.commit()
    conn.close()


def measure_answers(path: Path, *, count: int) -> dict[str, float]:
    from dlquiz.core.clock import FakeClock
    from dlquiz.core.grading import grade
    from dlquiz.core.scheduling import Rating
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.study import StudyService

    clock = FakeClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    started = time.perf_counter()
    collection = open_collection(path, clock=clock)
    bank = QuestionBank(collection)
    open_ms = (time.perf_counter() - started) * 1000
    service = StudyService(bank, zone=UTC)
    card = service.next_card()
    timings = []
    for _ in range(count):
        assert card is not None
        t0 = time.perf_counter()
        result = grade(card.question, card.question.answer)
        service.record(
            card, rating=Rating.GOOD, answer=card.question.answer, grade=result, duration_ms=3000
        )
        card = service.next_card()
        timings.append((time.perf_counter() - t0) * 1000)
        clock.advance(2)
    collection.close(backup=False)
    timings.sort()
    return {
        "open_ms": round(open_ms, 1),
        "answer_and_next_p50_ms": round(statistics.median(timings), 3),
        "answer_and_next_p99_ms": round(timings[int(len(timings) * 0.99) - 1], 3),
    }


def measure_check(path: Path) -> dict[str, float]:
    """What the terminal commands' integrity check costs on this file."""
    from dlquiz.core.clock import FakeClock
    from dlquiz.storage.collection import open_collection

    opened, checked = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        collection = open_collection(path, clock=FakeClock(), full_check=True)
        opened.append((time.perf_counter() - t0) * 1000)
        collection.close(backup=False)
        conn = sqlite3.connect(str(path))
        t0 = time.perf_counter()
        conn.execute("PRAGMA quick_check").fetchone()
        checked.append((time.perf_counter() - t0) * 1000)
        conn.close()
    return {
        "open_checked_ms": round(min(opened), 1),
        "quick_check_ms": round(min(checked), 1),
    }


def measure_startup(path: Path, *, runs: int) -> dict[str, float]:
    from bench_startup import bench_env, side_by_side

    env = bench_env(path.parent / "state")
    figures = side_by_side(path, rounds=runs, env=env)
    env["DLQUIZ_DB"] = str(path)
    # Peak memory of one smoke-test run, read from /proc while the window is open.
    code = (
        "import runpy, sys, atexit\n"
        "def peak():\n"
        "    status = open('/proc/self/status').read()\n"
        "    print('VmHWM', status.split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
        "atexit.register(peak)\n"
        "sys.argv = ['dlquiz', '--smoke-test']\n"
        "runpy.run_module('dlquiz', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    rss = next(
        (
            int(line.split()[1]) / 1024
            for line in done.stderr.splitlines()
            if line.startswith("VmHWM")
        ),
        float("nan"),
    )
    return {**figures, "rss_mb": round(rss, 1)}


def main() -> int:
    quick = "--quick" in sys.argv
    cards, reviews = (10_000, 100_000) if quick else (CARDS, REVIEWS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.dlquiz"
        t0 = time.perf_counter()
        build_collection(path, cards=cards, reviews=reviews)
        build_s = time.perf_counter() - t0
        figures: dict[str, object] = {
            "cards": cards,
            "reviews": reviews,
            "build_s": round(build_s, 1),
        }
        figures.update(measure_answers(path, count=300 if quick else 1000))
        figures.update(measure_check(path))
        figures.update(measure_startup(path, runs=2 if quick else 5))
        figures["db_mb"] = round(path.stat().st_size / 2**20, 1)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
