"""Stored imports follow the source's identity: Anki notes by GUID, other files by name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating
from dlquiz.storage.collection import Collection
from dlquiz.storage.import_service import StoredImport
from dlquiz.storage.schema import CardRow, ReviewRow
from dlquiz.storage.stats import collection_stats
from tests.helpers import Here, open_test_collection, store_file, study_service

FIXTURES = Path(__file__).parent / "fixtures" / "anki"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def store(collection: Collection, path: Path, *, deck: str | None = None) -> StoredImport:
    return store_file(collection, path, deck=deck)[1]


def live_cards(collection: Collection, deck_id: str) -> int:
    with collection.session() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(CardRow)
                .where(CardRow.deck_id == deck_id, CardRow.retired.is_(False))
            )
            or 0
        )


def test_a_renamed_deck_updates_the_deck_holding_its_notes(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    first = store(collection, FIXTURES / "numpy_v1.apkg")
    assert (first.deck_name, first.report.added) == ("Numpy", 6)
    service = study_service(collection)
    for _ in range(6):
        card = service.next_card([first.deck_id])
        assert card is not None
        service.record(card, rating=Rating.EASY, answer="", grade=None, duration_ms=1000)
    second = store(collection, FIXTURES / "numpy_v2.apkg")  # its deck is "Numpy 202210"
    assert second.recognised and second.deck_id == first.deck_id
    assert second.deck_name == "Numpy"  # the learner's name for the deck stays
    assert (second.report.added, second.report.updated, second.report.retired) == (1, 1, 0)
    assert second.report.kept == 5
    assert live_cards(collection, first.deck_id) == 7
    with collection.session() as s:
        studied = s.scalar(
            select(func.count()).where(CardRow.deck_id == first.deck_id, CardRow.phase > 0)
        )
    assert studied == 5  # progress kept; the card whose answer changed starts again
    collection.close()


def test_two_packages_under_one_top_level_deck_never_retire_each_other(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    spanish = store(collection, FIXTURES / "languages_spanish.apkg")
    french = store(collection, FIXTURES / "languages_french.apkg")
    again = store(collection, FIXTURES / "languages_spanish.apkg")
    assert spanish.deck_id == french.deck_id == again.deck_id
    assert (french.report.added, french.report.retired) == (2, 0)
    assert (again.report.kept, again.report.retired) == (2, 0)
    assert live_cards(collection, spanish.deck_id) == 4
    collection.close()


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_files_stored_in_one_deck_retire_only_their_own_questions(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    a = write(tmp_path / "a.txt", ["dog\tperro", "cat\tgato", "bird\tpajaro"])
    b = write(tmp_path / "b.txt", ["house\tcasa", "tree\tarbol"])
    store(collection, a, deck="Vocab")
    second = store(collection, b, deck="Vocab")
    assert (second.report.added, second.report.retired) == (2, 0)
    assert live_cards(collection, second.deck_id) == 5
    # a.txt again without "bird": only its own card leaves.
    write(a, ["dog\tperro", "cat\tgato"])
    third = store(collection, a, deck="Vocab")
    assert (third.report.kept, third.report.retired) == (2, 1)
    assert live_cards(collection, second.deck_id) == 4
    collection.close()


def test_cli_import_of_two_files_into_one_deck(tmp_path: Path, here: Here) -> None:
    a = write(tmp_path / "a.csv", ["front,back", "one,uno", "two,dos", "three,tres"])
    b = write(tmp_path / "b.csv", ["front,back", "four,cuatro"])
    done = here("import", str(a), str(b), "--deck", "Vocab", db=tmp_path / "c.dlquiz")
    assert done.returncode == 0, done.stderr
    assert "0 retired" in done.stdout and "retired" not in done.stdout.replace("0 retired", "")
    assert "Vocab\timported\t4 cards" in here("decks", "list", db=tmp_path / "c.dlquiz").stdout


def test_review_history_is_stored_as_imported_reviews_once(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    first = store(collection, FIXTURES / "history.apkg")
    assert first.reviews == 25
    again = store(collection, FIXTURES / "history.colpkg")  # the same history, whole collection
    assert again.reviews == 0 and again.deck_id == first.deck_id
    with collection.session() as s:
        kinds = {
            kind: n
            for kind, n in s.execute(select(ReviewRow.kind, func.count()).group_by(ReviewRow.kind))
        }
        assert kinds == {"imported": 25}
        starts = s.scalar(select(func.count()).where(ReviewRow.was_new.is_(True)))
        assert starts == 6  # one first answer per reviewed card
    assert collection_stats(collection, now=NOW, zone=UTC).reviews_total == 25
    collection.close()


def test_undo_never_takes_back_imported_reviews(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    stored = store(collection, FIXTURES / "history.apkg")
    service = study_service(collection)
    assert not service.can_undo
    card = service.next_card([stored.deck_id])
    assert card is not None
    service.record(card, rating=Rating.GOOD, answer="", grade=None, duration_ms=500)
    service.undo_last()
    assert service.undo_last() is None and not service.can_undo
    with collection.session() as s:
        undone = s.scalars(select(ReviewRow.kind).where(ReviewRow.undone_at.is_not(None))).all()
        assert undone == ["study"]
        kept = s.scalar(
            select(func.count()).where(ReviewRow.kind == "imported", ReviewRow.undone_at.is_(None))
        )
        assert kept == 25
    collection.close()
