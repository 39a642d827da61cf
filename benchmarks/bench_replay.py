"""Replaying review history: 1,000,000 reviews of 100,000 cards.

Prints one JSON object (seconds; ``*_cpu_s`` is the process's CPU time, which a machine
busy with other work inflates less than the wall clock):
- bare_fsrs_s: fsrs's own ``Scheduler.review_card`` in a plain loop over the reviews;
- core_replay_s: ``core.replay.Replayer.replay_many`` (``core.replay_engine``) over the
  same reviews in memory, card states included (target under 10 s);
- core_ratio: core_replay_s / bare_fsrs_s; the two run alternately on slices of 5,000
  cards, so a busy machine slows both alike;
- rebuild_all_s: ``storage.rebuild.rebuild_cards`` on a collection file holding those
  reviews (read, replay, write, commit);
- rebuild_ratio: rebuild_all_s / bare_fsrs_s (target at most 2).

Usage: python benchmarks/bench_replay.py [--quick]   (--quick: 100,000 reviews)
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

from dlquiz.core.replay import Replayer
from dlquiz.core.scheduling import SchedulerSettings

PER_CARD = 10
START = datetime(2024, 1, 1, tzinfo=UTC)


def histories(cards: int) -> list[tuple[int, list[tuple[int, datetime]]]]:
    """Ten answers per card, from minutes to months apart, as a year of study gives."""
    rng = random.Random(7)
    out = []
    for card_id in range(1, cards + 1):
        at = START + timedelta(seconds=rng.randrange(0, 200 * 86400))
        history = []
        gap = 60.0
        for _ in range(PER_CARD):
            rating = rng.choices((1, 2, 3, 4), weights=(12, 8, 70, 10))[0]
            history.append((rating, at))
            gap = 120.0 if rating == 1 else gap * rng.uniform(2.0, 4.0)
            at += timedelta(seconds=gap)
        out.append((card_id, history))
    return out


Timing = tuple[float, float]  # (wall, CPU) seconds


def _clocks() -> Timing:
    return time.perf_counter(), time.process_time()


def _since(began: Timing) -> Timing:
    now = _clocks()
    return now[0] - began[0], now[1] - began[1]


def bare_loop(data: list[tuple[int, list[tuple[int, datetime]]]]) -> Timing:
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    ratings = {r: fsrs.Rating(r) for r in (1, 2, 3, 4)}
    began = _clocks()
    for card_id, history in data:
        card = fsrs.Card(card_id=card_id, due=history[0][1])
        for rating, at in history:
            card, _ = scheduler.review_card(card, ratings[rating], at)
    return _since(began)


def core_replay(data: list[tuple[int, list[tuple[int, datetime]]]]) -> Timing:
    replayer = Replayer(SchedulerSettings())
    began = _clocks()
    for _ in replayer.replay_many(data):
        pass
    return _since(began)


def stored_rebuild(data: list[tuple[int, list[tuple[int, datetime]]]], folder: Path) -> Timing:
    from dlquiz.core.clock import FakeClock
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.rebuild import rebuild_cards

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "replay.dlquiz"
    open_collection(path, clock=FakeClock()).close(backup=False)
    conn = sqlite3.connect(path)
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    conn.executemany(
        "INSERT INTO cards (id, question_id, deck_id, topic, qtype, phase, reps, lapses,"
        " new_rank, suspended, retired) VALUES (?, ?, 'big', '', 'typed', 2, 0, 0, ?, 0, 0)",
        ((cid, f"big:q{cid}", cid) for cid, _h in data),
    )
    conn.executemany(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict, score,"
        " kind, was_new, state_before) VALUES (?, ?, ?, 0, '', '', 0, 'study', ?, '{}')",
        (
            (cid, at.strftime(fmt), rating, i == 0)
            for cid, history in data
            for i, (rating, at) in enumerate(history)
        ),
    )
    conn.commit()
    conn.close()
    collection = open_collection(path, clock=FakeClock())
    try:
        began = _clocks()
        result = rebuild_cards(collection)
        took = _since(began)
        assert result.reviews == PER_CARD * len(data), result
    finally:
        collection.close(backup=False)
    return took


def interleaved(data: list[tuple[int, list[tuple[int, datetime]]]]) -> tuple[Timing, Timing]:
    """Bare loop and core replay, alternating on slices, so a busy machine slows both alike."""
    bare = core = (0.0, 0.0)
    step = 5_000
    for start in range(0, len(data), step):
        part = data[start : start + step]
        bare = _add(bare, bare_loop(part))
        core = _add(core, core_replay(part))
    return bare, core


def _add(a: Timing, b: Timing) -> Timing:
    return a[0] + b[0], a[1] + b[1]


def main() -> None:
    cards = 10_000 if "--quick" in sys.argv else 100_000
    data = histories(cards)
    runs = [interleaved(data) for _ in range(2)]
    bare = min(b for b, _c in runs)
    core = min(c for _b, c in runs)
    with tempfile.TemporaryDirectory() as folder:
        stored = min(stored_rebuild(data, Path(folder) / str(i)) for i in range(2))
    print(
        json.dumps(
            {
                "cards": cards,
                "reviews": cards * PER_CARD,
                "bare_fsrs_s": round(bare[0], 2),
                "bare_fsrs_cpu_s": round(bare[1], 2),
                "core_replay_s": round(core[0], 2),
                "core_replay_cpu_s": round(core[1], 2),
                "core_ratio": round(core[0] / bare[0], 3),
                "rebuild_all_s": round(stored[0], 2),
                "rebuild_all_cpu_s": round(stored[1], 2),
                "rebuild_ratio": round(stored[0] / bare[0], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
