"""Daily new-card limits: each deck's own (or the default), under a cap over all decks.

A table of cases drives a real collection: decks of typed questions are
imported, new cards are studied through the service as the window does,
and what the queue offers next and what the overview says are checked.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.core.model import Question, QuestionType, TextKey
from dlquiz.importers.ids import deck_id_for
from dlquiz.storage.collection import Collection
from dlquiz.storage.decks_store import find_deck
from dlquiz.storage.study import StudyService
from tests.helpers import open_test_collection, store_questions, study_service


def typed_deck(deck_id: str, count: int) -> list[Question]:
    return [
        Question(
            id=f"{deck_id}:q{i}",
            deck=deck_id,
            type=QuestionType.TYPED,
            prompt=f"Word {i} of {deck_id}?",
            key=TextKey((f"w{i}",)),
            answer=f"w{i}",
            topic="T",
        )
        for i in range(count)
    ]


def add_deck(collection: Collection, name: str, count: int) -> str:
    deck_id = deck_id_for(name)
    store_questions(collection, typed_deck(deck_id, count), name)
    return deck_id


def set_own_limit(collection: Collection, deck_id: str, limit: int | None) -> None:
    with collection.session() as s:
        row = find_deck(s, deck_id)
        assert row is not None
        row.new_per_day = limit


def study_new(service: StudyService, deck_ids: list[str] | None, most: int) -> dict[str, int]:
    """Answer up to ``most`` new cards correctly; how many came from each deck."""
    seen: dict[str, int] = {}
    for _ in range(most):
        card = service.next_card(deck_ids)
        if card is None or card.state.reps:
            break
        graded = service.answer(card, str(card.question.answer), duration_ms=4000)
        assert graded.grade.correct
        seen[card.question.deck] = seen.get(card.question.deck, 0) + 1
    return seen


@dataclass(frozen=True)
class Case:
    name: str
    sizes: dict[str, int]  # deck name -> questions
    per_deck: int
    total: int
    own: dict[str, int]  # deck name -> its own limit
    studied: dict[str, int]  # deck name -> new cards it gives today, studying all decks
    held: set[str]  # decks whose own limit keeps cards back
    cap_holds: bool


CASES = [
    Case(
        "each deck its default",
        {"A": 30, "B": 30},
        10,
        100,
        {},
        {"A": 10, "B": 10},
        {"A", "B"},
        False,
    ),
    Case("a small deck runs out", {"A": 30, "B": 4}, 10, 100, {}, {"A": 10, "B": 4}, {"A"}, False),
    Case("the cap holds", {"A": 30, "B": 30}, 10, 12, {}, {"A": 12, "B": 12}, {"A", "B"}, True),
    Case(
        "own limit above default",
        {"A": 30, "B": 30},
        5,
        100,
        {"B": 25},
        {"A": 5, "B": 25},
        {"A", "B"},
        False,
    ),
    Case("own limit zero", {"A": 30, "B": 30}, 5, 100, {"A": 0}, {"B": 5}, {"A", "B"}, False),
    Case("cap zero", {"A": 3}, 5, 0, {}, {}, set(), True),
    Case("nothing held", {"A": 3, "B": 2}, 5, 100, {}, {"A": 3, "B": 2}, set(), False),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_limits_per_deck_under_the_cap(tmp_path: Path, clock: FakeClock, case: Case) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)  # its question bank adds the chapter deck
        chapter = [d for d in (find_deck_id(collection),) if d]
        assert chapter
        ids = {name: add_deck(collection, name, n) for name, n in case.sizes.items()}
        for name, limit in case.own.items():
            set_own_limit(collection, ids[name], limit)
        settings = dataclasses.replace(
            collection.settings(), new_per_day=case.per_deck, new_per_day_total=case.total
        )
        collection.save_settings(settings)
        # Only the imported decks: the chapter deck is switched off for the table.
        with collection.session() as s:
            for deck_id in chapter:
                row = find_deck(s, deck_id)
                assert row is not None
                row.enabled = False
        expected_new = min(
            case.total,
            sum(min(case.own.get(n, case.per_deck), k) for n, k in case.sizes.items()),
        )
        assert service.counts().new == expected_new
        seen = study_new(service, None, 200)
        if case.cap_holds:  # which deck's cards fill the cap depends on their order
            assert sum(seen.values()) == case.total
            assert all(seen[ids[n]] <= min(k, case.per_deck) for n, k in case.studied.items())
        else:
            assert seen == {ids[n]: k for n, k in case.studied.items() if k}
        assert service.counts().new == 0
        overview = service.overview()
        by_name = {d.name: d for d in overview.decks}
        if not case.cap_holds:
            assert {n for n, d in by_name.items() if d.held_back} == case.held
        assert overview.cap_holds is case.cap_holds
        for name, deck in by_name.items():
            assert deck.new == 0 and deck.introduced == seen.get(ids[name], 0)
            assert deck.own_limit is (name in case.own)
        # The next day brings new cards again, under the same limits.
        clock.advance(timedelta(days=1).total_seconds())
        assert service.counts().new == min(
            case.total,
            sum(
                min(case.own.get(n, case.per_deck), size - seen.get(ids[n], 0))
                for n, size in case.sizes.items()
            ),
        )
    finally:
        collection.close(backup=False)


def find_deck_id(collection: Collection) -> str | None:
    from dlquiz.storage.decks_store import BUILTIN, list_decks

    with collection.session() as s:
        return next((d.id for d in list_decks(s) if d.kind == BUILTIN), None)


def test_one_deck_studied_alone_keeps_its_own_limit(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        a = add_deck(collection, "A", 30)
        collection.save_settings(
            dataclasses.replace(collection.settings(), new_per_day=7, new_per_day_total=100)
        )
        service = study_service(collection)
        assert service.counts([a]).new == 7
        assert study_new(service, [a], 50) == {a: 7}
        # The chapter deck still has its own seven today.
        assert service.counts().new == 7
    finally:
        collection.close(backup=False)


def test_an_undone_answer_gives_its_new_card_back(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        a = add_deck(collection, "A", 30)
        collection.save_settings(dataclasses.replace(collection.settings(), new_per_day=2))
        service = study_service(collection)
        study_new(service, [a], 2)
        assert service.counts([a]).new == 0
        assert service.undo_last() is not None
        assert service.counts([a]).new == 1
    finally:
        collection.close(backup=False)
