"""Sync against a hub of many learners: a small sync must stay fast as the hub grows.

Prints one JSON object:
- hub_rows: events on the hub at each measurement;
- sync_100_s: one device's sync of 100 new reviews (push, pull, apply, replay),
  measured after each part of the hub is loaded (target < 1 s, flat as the hub grows);
- first_sync_push_s: the first sync of a collection holding ``--collection`` reviews;
- first_sync_pull_s: a second device of that learner taking all of them (pull, apply, replay);
- load_s: the time COPY took to fill the hub (set-up, not a sync figure).

The hub is filled with COPY, as ``--learners`` other learners with ``--reviews`` each.
With no ``--hub`` a throwaway server is started (tests/pg_server.py).

Usage: python benchmarks/bench_sync.py [--learners 1000] [--reviews 10000]
       [--collection 100000] [--steps 3] [--hub postgresql://...]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dlquiz.core.clock import FakeClock  # noqa: E402
from dlquiz.core.ids import CardId  # noqa: E402
from dlquiz.core.scheduling import Rating  # noqa: E402
from dlquiz.storage.bank import QuestionBank  # noqa: E402
from dlquiz.storage.browse_actions import study_card  # noqa: E402
from dlquiz.storage.collection import open_collection  # noqa: E402
from dlquiz.storage.study import StudyService  # noqa: E402
from dlquiz.sync.hub import Hub  # noqa: E402
from dlquiz.sync.hub_url import parse_hub_url  # noqa: E402
from dlquiz.sync.service import SyncService  # noqa: E402

START = datetime(2025, 1, 1, tzinfo=UTC)


def _uuid7(ms: int) -> str:
    raw = bytearray(uuid.uuid4().bytes)
    raw[0:6] = ms.to_bytes(6, "big")
    raw[6] = (raw[6] & 0x0F) | 0x70
    return str(uuid.UUID(bytes=bytes(raw)))


def load_hub(url: str, *, first: int, learners: int, reviews: int) -> float:
    """COPY ``reviews`` review events for each of ``learners`` learners into the hub."""
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for learner in range(first, first + learners):
            device = str(uuid.uuid4())
            buffer = io.StringIO()
            for i in range(reviews):
                at = START + timedelta(minutes=i * 7 + learner)
                payload = json.dumps(
                    {
                        "question_id": f"deep-learning-revolution:q{i % 400}",
                        "reviewed_at": at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                        "rating": 1 + i % 4,
                        "duration_ms": 4000,
                        "answer": "",
                        "verdict": "correct",
                        "score": 1.0,
                        "kind": "study",
                        "was_new": 0,
                    }
                )
                ms = int(at.timestamp() * 1000)
                buffer.write(
                    f"{_uuid7(ms)}\tlearner{learner}\t{device}\treview\t"
                    f"deep-learning-revolution:q{i % 400}\t{at.isoformat()}\t"
                    + payload.replace("\\", "\\\\")
                    + "\n"
                )
            buffer.seek(0)
            with cursor.copy(  # type: ignore[attr-defined]
                "COPY events (id, owner, device_id, kind, subject, at, payload) FROM STDIN"
            ) as copy:
                copy.write(buffer.read())
            raw.commit()
        cursor.execute("ANALYZE events")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    return time.perf_counter() - started


def hub_rows(url: str) -> int:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM events")).scalar_one())
    finally:
        engine.dispose()


def sync_of_100(url: str, folder: Path, *, name: str) -> float:
    """A device answers 100 cards, then one sync is timed."""
    clock = FakeClock()
    collection = open_collection(folder / f"{name}.dlquiz", clock=clock)
    try:
        bank = QuestionBank(collection)
        service = StudyService(bank, zone=UTC)
        SyncService(collection).sync(url)  # the device is known to the hub already
        with collection.session() as s:
            ids = [int(i) for i in s.execute(text("SELECT id FROM cards LIMIT 100")).scalars()]
        for card_id in ids:
            card = study_card(bank, CardId(card_id))
            assert card is not None
            service.record(card, rating=Rating.GOOD, answer="", grade=None, duration_ms=1)
            clock.advance(20)
        started = time.perf_counter()
        result = SyncService(collection).sync(url)
        elapsed = time.perf_counter() - started
        assert result.pushed == 100, result
        return elapsed
    finally:
        collection.close(backup=False)


def first_syncs(url: str, folder: Path, reviews: int) -> tuple[float, float]:
    """A collection with ``reviews`` answers syncs for the first time; then a second device."""
    clock = FakeClock()
    path = folder / "big.dlquiz"
    collection = open_collection(path, clock=clock)
    try:
        QuestionBank(collection)
        with collection.engine.begin() as conn:
            cards = [int(i) for i in conn.execute(text("SELECT id FROM cards")).scalars()]
            rows = [
                {
                    "card": cards[i % len(cards)],
                    "at": (START + timedelta(minutes=5 * i)).strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "rating": 1 + i % 4,
                }
                for i in range(reviews)
            ]
            conn.execute(
                text(
                    "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer,"
                    " verdict, score, kind, was_new, state_before) VALUES (:card, :at, :rating,"
                    " 1, '', '', 0, 'study', 0, '{}')"
                ),
                rows,
            )
        started = time.perf_counter()
        SyncService(collection).sync(url)
        push = time.perf_counter() - started
    finally:
        collection.close(backup=False)
    other = open_collection(folder / "big-second.dlquiz", clock=FakeClock())
    try:
        QuestionBank(other)
        started = time.perf_counter()
        result = SyncService(other).sync(url)
        pull = time.perf_counter() - started
        assert result.pulled >= reviews, result
    finally:
        other.close(backup=False)
    return push, pull


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--collection", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=3, help="hub sizes to measure at")
    parser.add_argument("--hub", help="an empty hub database (default: a throwaway server)")
    args = parser.parse_args()
    server = None
    if args.hub is None:
        from tests.pg_server import start_server
        from tests.sync_support import fresh_hub

        server = start_server()
        url = fresh_hub(server)[0]
    else:
        url = args.hub
    try:
        with Hub(parse_hub_url(url)) as hub:
            hub.ensure_schema()
        folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        figures: dict[str, object] = {"hub_rows": [], "sync_100_s": [], "load_s": 0.0}
        per_step = max(1, args.learners // args.steps)
        loaded = 0
        step = 0
        while True:
            figures["hub_rows"].append(hub_rows(url))  # type: ignore[attr-defined]
            figures["sync_100_s"].append(  # type: ignore[attr-defined]
                round(sync_of_100(url, folder, name=f"device{step}"), 3)
            )
            if loaded >= args.learners:
                break
            batch = min(per_step, args.learners - loaded)
            figures["load_s"] = round(
                float(figures["load_s"])  # type: ignore[arg-type]
                + load_hub(url, first=loaded, learners=batch, reviews=args.reviews),
                1,
            )
            loaded += batch
            step += 1
        push, pull = first_syncs(url, folder, args.collection)
        figures["first_sync_push_s"] = round(push, 2)
        figures["first_sync_pull_s"] = round(pull, 2)
        figures["collection_reviews"] = args.collection
        print(json.dumps(figures))
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
