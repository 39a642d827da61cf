"""Deck content as sync events: made at sync from what an import marked (migration 0009_imp)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from dlquiz.core.model import Question
from dlquiz.importers.result import ImportedReview
from dlquiz.storage import sync_content, sync_log
from dlquiz.storage.collection import Collection
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.migrate import upgrade
from dlquiz.sync.service import SyncService
from tests.helpers import open_test_collection, small_deck
from tests.sync_support import Device, card_states, review_log

RED = b"\x89PNG\r\n\x1a\n" + b"red" * 50
BLUE = b"\x89PNG\r\n\x1a\n" + b"blue" * 50


def _store(
    collection: Collection,
    questions: list[Question],
    media: dict[str, bytes] | None = None,
    *,
    history: dict[str, list[ImportedReview]] | None = None,
) -> None:
    store_deck(
        collection,
        questions,
        name="Imported",
        source="deck.apkg" if history else "deck.txt",
        fmt="apkg" if history else "csv",
        media=media or {},
        as_new=False,
        now=collection.clock.now(),
        history=history,
    )


def _events(collection: Collection, kind: str) -> list[sync_log.Event]:
    with collection.session() as s:
        return sync_log.events_of(s, kinds=[kind])


def _derive(collection: Collection) -> int:
    with collection.session() as s:
        return sync_content.derive_content_events(s)


def _marks(collection: Collection) -> list[str]:
    with collection.session() as s:
        return list(s.execute(text("SELECT deck_id FROM sync_content_changes")).scalars())


def test_an_import_writes_no_event_per_row_and_a_sync_makes_them_once(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        questions = small_deck("imported")[1]
        _store(collection, questions, {"red.png": RED, "blue.png": BLUE})
        assert _events(collection, "question") == [] and _events(collection, "media") == []
        assert _marks(collection) == ["import-imported"]
        service = SyncService(collection)
        deck_events = len(_events(collection, "deck"))
        assert service.status().pending == deck_events + len(questions) + 2  # counted, not written
        assert _derive(collection) == len(questions) + 2
        assert _marks(collection) == []
        assert _derive(collection) == 0  # nothing marked: nothing more
        assert service.status().pending == deck_events + len(questions) + 2
        stored = {e.subject: json.loads(e.payload) for e in _events(collection, "question")}
        with collection.session() as s:
            rows = dict(s.execute(text("SELECT id, payload FROM questions")).all())
        assert {subject: data["payload"] for subject, data in stored.items()} == rows
        media = {e.subject: json.loads(e.payload) for e in _events(collection, "media")}
        assert media == {
            "import-imported/red.png": {
                "deck_id": "import-imported",
                "name": "red.png",
                "sha256": hashlib.sha256(RED).hexdigest(),
            },
            "import-imported/blue.png": {
                "deck_id": "import-imported",
                "name": "blue.png",
                "sha256": hashlib.sha256(BLUE).hexdigest(),
            },
        }  # the ledger names the picture; its bytes stay in the media row only
    finally:
        collection.close(backup=False)


def test_a_reimport_gives_events_only_for_what_changed_each_newer_than_the_last(
    tmp_path: Path,
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")  # its clock stands still
    try:
        questions = small_deck("imported")[1]
        _store(collection, questions, {"red.png": RED, "blue.png": BLUE})
        _derive(collection)
        first = {
            e.subject: e for e in [*_events(collection, "question"), *_events(collection, "media")]
        }
        _store(collection, questions, {"red.png": RED, "blue.png": BLUE})
        assert _derive(collection) == 0  # the same content again: no event
        changed = [dataclasses.replace(questions[1], prompt="Who led the team that built AlexNet?")]
        _store(collection, changed + questions[2:] + questions[:1], {"red.png": BLUE})
        assert _derive(collection) == 2
        later = [e for e in [*_events(collection, "question"), *_events(collection, "media")]]
        new = [e for e in later if e.id not in {old.id for old in first.values()}]
        assert sorted(e.subject for e in new) == ["import-imported/red.png", "import-imported:q2"]
        for event in new:
            assert (event.at, event.id) > (first[event.subject].at, first[event.subject].id)
    finally:
        collection.close(backup=False)


def test_a_failed_import_leaves_no_mark(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        questions = small_deck("imported")[1]
        twice = [*questions, questions[0]]  # the same id twice: the insert fails, all rolls back
        try:
            _store(collection, twice)
        except Exception:  # noqa: BLE001 - whatever the driver raises, nothing may stay
            pass
        assert _marks(collection) == []
        with collection.session() as s:
            assert s.execute(text("SELECT count(*) FROM questions")).scalar_one() == 0
    finally:
        collection.close(backup=False)


def test_a_picture_travels_once_and_each_ledger_keeps_only_its_name(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    questions = small_deck("imported")[1]
    _store(a.collection, questions, {"red.png": RED})
    SyncService(a.collection).sync(hub)
    assert SyncService(b.collection).sync(hub).waiting == 0
    with b.collection.session() as s:
        assert s.execute(text("SELECT name, data FROM media")).all() == [("red.png", RED)]
        assert s.execute(text("SELECT count(*) FROM questions")).scalar_one() == len(questions)
    for device in (a, b):
        (event,) = _events(device.collection, "media")
        assert json.loads(event.payload) == {
            "deck_id": "import-imported",
            "name": "red.png",
            "sha256": hashlib.sha256(RED).hexdigest(),
        }
    a.clock.advance(60)
    _store(a.collection, questions, {"red.png": BLUE})  # the author replaced the picture
    SyncService(a.collection).sync(hub)
    SyncService(b.collection).sync(hub)
    with b.collection.session() as s:
        assert s.execute(text("SELECT data FROM media")).scalar_one() == BLUE


def test_an_event_whose_picture_was_replaced_before_the_push_travels_without_it(
    tmp_path: Path,
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        _store(collection, small_deck("imported")[1], {"red.png": RED})
        _derive(collection)
        (event,) = _events(collection, "media")
        with collection.session() as s:
            sent = json.loads(sync_content.with_media_bytes(s, event).payload)
            assert bytes.fromhex(sent["data"]) == RED
            s.execute(text("UPDATE media SET data = :b"), {"b": BLUE})
            gone = json.loads(sync_content.with_media_bytes(s, event).payload)
        assert gone["data"] is None and gone["sha256"] == hashlib.sha256(RED).hexdigest()
    finally:
        collection.close(backup=False)


def test_the_migration_takes_the_bytes_out_of_the_ledgers_own_media_events(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.dlquiz"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, target="0008_sync")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO decks (id, name, kind, source, format, enabled, content_hash,"
                " created_at, updated_at) VALUES ('d', 'D', 'imported', 's', 'csv', 1, '',"
                " '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"
            )
        )
        conn.execute(
            text("INSERT INTO media (deck_id, name, data) VALUES ('d', 'r.png', :b)"), {"b": RED}
        )
        pulled = json.dumps({"deck_id": "d", "name": "b.png", "data": BLUE.hex()})
        conn.execute(
            text(
                "INSERT INTO sync_events (id, device_id, kind, subject, at, payload, applied)"
                " VALUES ('0190-pulled', 'other', 'media', 'd/b.png',"
                " '2026-01-01 00:00:00.000000', :p, 0)"
            ),
            {"p": pulled},
        )
        (own,) = conn.execute(text("SELECT payload FROM sync_events WHERE subject = 'd/r.png'"))
        assert bytes.fromhex(json.loads(own[0])["data"]) == RED  # what 0008's trigger wrote
    engine.dispose()
    collection = open_test_collection(path)
    try:
        with collection.session() as s:
            payloads = dict(s.execute(text("SELECT subject, payload FROM sync_events")).all())
            assert json.loads(payloads["d/r.png"]) == {
                "deck_id": "d",
                "name": "r.png",
                "sha256": hashlib.sha256(RED).hexdigest(),
            }
            assert payloads["d/b.png"] == pulled  # not applied yet: it keeps its bytes
            (event,) = [e for e in sync_log.events_of(s) if e.subject == "d/r.png"]
            assert (
                bytes.fromhex(json.loads(sync_content.with_media_bytes(s, event).payload)["data"])
                == RED
            )
            triggers = set(
                s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
            )
        assert not {"sync_question", "sync_media"} & triggers
    finally:
        collection.close(backup=False)


def _history(questions: list[Question]) -> dict[str, list[ImportedReview]]:
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    return {
        q.id: [
            ImportedReview(start + timedelta(days=3 * n + i), rating=3 if n % 3 else 1)
            for n in range(4)
        ]
        for i, q in enumerate(questions[:3])
    }


def _store_history(collection: Collection, questions: list[Question]) -> None:
    _store(collection, questions, history=_history(questions))


def test_an_imported_history_gets_its_review_events_at_the_sync_not_at_the_import(
    tmp_path: Path,
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        questions = small_deck("imported")[1]
        _store_history(collection, questions)
        assert _events(collection, "review") == []
        service = SyncService(collection)
        before = service.status().pending
        with collection.session() as s:
            assert sync_content.derive_pending_events(s) == before - len(
                _events(collection, "deck")
            )
            assert sync_content.derive_pending_events(s) == 0
        reviews = _events(collection, "review")
        assert len(reviews) == 12 and service.status().pending == before
        with collection.session() as s:
            uids = set(s.execute(text("SELECT uid FROM reviews")).scalars())
        assert uids == {e.id for e in reviews}
        for event in reviews:  # time-ordered by the review's own time, as the trigger does
            assert int(uuid.UUID(event.id).hex[:12], 16) == int(event.at.timestamp() * 1000)
        _store_history(collection, questions)  # the same history again adds nothing
        assert _derive(collection) == 0 and len(_events(collection, "review")) == 12
    finally:
        collection.close(backup=False)


def test_an_imported_history_reaches_the_other_device_with_the_same_states(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    _store_history(a.collection, small_deck("imported")[1])
    SyncService(a.collection).sync(hub)
    assert SyncService(b.collection).sync(hub).waiting == 0
    assert review_log(a.collection) == review_log(b.collection)
    assert len(review_log(b.collection)) == 12
    assert card_states(a.collection) == card_states(b.collection)
