"""The browser's queries and actions against a real collection file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import CardPhase, Rating, Scheduler
from dlquiz.storage.browse_actions import (
    card_history,
    make_due_now,
    reset_progress,
    set_suspended,
)
from dlquiz.storage.browse_query import BrowseFilter, BrowseQuery, SortKey
from dlquiz.storage.collection import Collection
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.schema import CardRow
from dlquiz.storage.study import StudyService, state_of
from tests.helpers import open_test_collection, small_deck, study_service

EXTRA = "import-extra-deck"  # the id store_deck gives "Extra deck"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


@pytest.fixture
def collection(tmp_path: Path, clock: FakeClock) -> Iterator[Collection]:
    opened = open_test_collection(tmp_path / "c.dlquiz", clock)
    _deck, questions = small_deck()
    store_deck(
        opened,
        questions,
        name="Extra deck",
        source="t",
        fmt="csv",
        media={},
        as_new=False,
        now=clock.now(),
    )
    yield opened
    opened.close(backup=False)


@pytest.fixture
def service(collection: Collection) -> StudyService:
    return study_service(collection)


@pytest.fixture
def query(service: StudyService) -> BrowseQuery:
    return BrowseQuery(service.bank, zone=UTC)


def answer(service: StudyService, count: int, rating: Rating = Rating.GOOD) -> list[int]:
    done = []
    for _ in range(count):
        card = service.next_card()
        assert card is not None
        service.record(card, rating=rating, answer="x", grade=None, duration_ms=2000)
        done.append(card.card_id)
    return done


def card(collection: Collection, card_id: int) -> CardRow:
    with collection.session() as s:
        row = s.get(CardRow, card_id)
        assert row is not None
        return row


def test_every_live_card_is_listed_once(query: BrowseQuery, service: StudyService) -> None:
    ids = query.card_ids(BrowseFilter())
    assert len(ids) == len(set(ids)) == len(service.bank.questions())


def test_filters_by_deck_topic_type_and_state(
    query: BrowseQuery, service: StudyService, collection: Collection
) -> None:
    extra = query.card_ids(BrowseFilter(deck_id=EXTRA))
    assert len(extra) == 4
    rows = query.rows(query.card_ids(BrowseFilter(deck_id=EXTRA, topic="T1")))
    assert sorted(r.question_id for r in rows) == ["import-extra-deck:q1", "import-extra-deck:q3"]
    flash = query.rows(query.card_ids(BrowseFilter(qtype="flashcard")))
    assert [r.question_id for r in flash] == ["import-extra-deck:q4"]
    studied = answer(service, 3)
    learning = query.card_ids(BrowseFilter(state="learning"))
    assert sorted(learning) == sorted(studied)
    set_suspended(collection, studied[:1], suspended=True)
    assert query.card_ids(BrowseFilter(state="suspended")) == studied[:1]
    # Learning cards come due after their 10-minute step; suspended ones are never due.
    service.clock.advance(11 * 60)  # type: ignore[attr-defined]
    assert sorted(query.card_ids(BrowseFilter(state="due"))) == sorted(studied[1:])


def test_new_state_counts_all_cards_never_answered(
    query: BrowseQuery, service: StudyService
) -> None:
    total = len(query.card_ids(BrowseFilter()))
    answer(service, 2)
    assert len(query.card_ids(BrowseFilter(state="new"))) == total - 2


def test_search_finds_chapter_prompts_in_memory_and_imported_ones_in_sql(
    query: BrowseQuery, service: StudyService
) -> None:
    rows = query.rows(query.card_ids(BrowseFilter(text="alexnet WIN")))
    assert "In which year did AlexNet win?" in [r.prompt for r in rows]  # imported, in SQL
    assert any(r.question_id.startswith("deep-learning-revolution:") for r in rows)
    for row in rows:
        question = service.bank.get(row.question_id)
        assert question is not None
        text = " ".join((question.text_prompt, question.answer, *(question.choices or ())))
        assert "alexnet" in text.casefold() and "win" in text.casefold()
    everything = query.rows(query.card_ids(BrowseFilter()))
    missed = [
        r.question_id
        for r in everything
        if "alexnet" in r.prompt.casefold() and "win" in r.prompt.casefold()
    ]
    assert set(missed) <= {r.question_id for r in rows}
    # Answers count too, and every word must match.
    bert = query.rows(query.card_ids(BrowseFilter(text="bidirectional transformers")))
    assert "import-extra-deck:q4" in [r.question_id for r in bert]
    assert query.card_ids(BrowseFilter(text="alexnet zzzzqqq")) == []


def test_search_is_case_blind_beyond_ascii(collection: Collection, clock: FakeClock) -> None:
    from dlquiz.core.model import FlashKey, Question, QuestionType

    question = Question(
        id="u:1",
        deck="u",
        type=QuestionType.FLASHCARD,
        prompt="Was sagte SCHMIDHUBER über LSTM?",
        key=FlashKey("x"),
        answer="x",
    )
    store_deck(
        collection,
        [question],
        name="U",
        source="u",
        fmt="csv",
        media={},
        as_new=False,
        now=clock.now(),
    )
    query = BrowseQuery(study_service(collection).bank, zone=UTC)
    assert len(query.card_ids(BrowseFilter(text="ÜBER schmidhuber"))) == 1


def test_sorting_in_sql_matches_sorting_the_rows(
    query: BrowseQuery, service: StudyService, clock: FakeClock
) -> None:
    answer(service, 4, Rating.GOOD)
    answer(service, 3, Rating.EASY)
    answer(service, 2, Rating.AGAIN)
    clock.advance(3 * 86400)
    wanted = BrowseFilter()
    for key, value in (
        (SortKey.STABILITY, lambda r: r.stability),
        (SortKey.DIFFICULTY, lambda r: r.difficulty),
        (SortKey.RETRIEVABILITY, lambda r: r.retrievability),
        (SortKey.REVIEWS, lambda r: r.reviews),
    ):
        for descending in (False, True):
            rows = query.rows(query.card_ids(wanted, sort=key, descending=descending))
            known = [value(r) for r in rows if value(r) is not None and r.phase != 0]
            assert known == sorted(known, reverse=descending), key
            assert known, key
    by_question = query.rows(query.card_ids(wanted, sort=SortKey.QUESTION))
    folded = [r.prompt.casefold() for r in by_question]
    assert folded == sorted(folded)
    by_due = query.rows(query.card_ids(wanted, sort=SortKey.DUE))
    scheduled = [r.due for r in by_due if r.phase != 0]
    assert scheduled == sorted(scheduled) and len(scheduled) == 9
    assert all(r.phase == 0 for r in by_due[9:])  # new cards after, in queue order
    ranks = [r.new_rank for r in by_due[9:]]
    assert ranks == sorted(ranks)


def test_retrievability_follows_fsrs(
    query: BrowseQuery, service: StudyService, collection: Collection, clock: FakeClock
) -> None:
    studied = answer(service, 2, Rating.EASY)
    clock.advance(5 * 86400 + 3600)
    rows = {r.card_id: r for r in query.rows(studied)}
    scheduler = Scheduler(collection.settings().scheduler())
    for card_id in studied:
        expected = scheduler.retrievability(state_of(card(collection, card_id)), now=clock.now())
        assert rows[card_id].retrievability == pytest.approx(expected)
        assert 0 < expected < 1
    new_id = query.card_ids(BrowseFilter(state="new"))[0]
    assert query.rows([new_id])[0].retrievability is None


def test_suspend_and_unsuspend(query: BrowseQuery, collection: Collection) -> None:
    ids = query.card_ids(BrowseFilter(deck_id=EXTRA))
    assert set_suspended(collection, ids[:2], suspended=True) == 2
    assert set_suspended(collection, ids[:2], suspended=True) == 0  # already suspended
    assert [r.suspended for r in query.rows(ids)] == [True, True, False, False]
    assert set_suspended(collection, ids, suspended=False) == 2
    assert not any(r.suspended for r in query.rows(ids))


def test_reset_keeps_history_and_optionally_counts(
    query: BrowseQuery, service: StudyService, collection: Collection
) -> None:
    first, second = answer(service, 2)
    assert reset_progress(collection, [first]) == 1
    row = card(collection, first)
    assert row.phase == 0 and row.due is None and row.stability is None
    assert row.reps == 1  # counts kept unless asked
    assert len(card_history(collection, first)) == 1
    reset_progress(collection, [second], reset_counts=True)
    assert card(collection, second).reps == 0
    assert len(card_history(collection, second)) == 1


def test_make_due_now_puts_the_card_first(
    query: BrowseQuery, service: StudyService, collection: Collection, clock: FakeClock
) -> None:
    (studied,) = answer(service, 1, Rating.EASY)
    assert card(collection, studied).due > clock.now() + timedelta(days=1)
    set_suspended(collection, [studied], suspended=True)
    assert make_due_now(collection, studied)
    row = card(collection, studied)
    assert not row.suspended and row.due == clock.now()
    assert service.next_card().card_id == studied  # type: ignore[union-attr]
    last_new = query.card_ids(BrowseFilter(state="new"), sort=SortKey.DUE)[-1]
    assert make_due_now(collection, last_new)
    assert query.card_ids(BrowseFilter(state="new"), sort=SortKey.DUE)[0] == last_new
    assert not make_due_now(collection, 999_999)


def test_history_marks_undone_answers_and_intervals(
    service: StudyService, collection: Collection, clock: FakeClock
) -> None:
    card_obj = service.next_card()
    assert card_obj is not None
    service.record(card_obj, rating=Rating.GOOD, answer="a1", grade=None, duration_ms=1500)
    clock.advance(60)
    service.record(card_obj, rating=Rating.EASY, answer="a2", grade=None, duration_ms=900)
    service.undo_last()
    history = card_history(collection, card_obj.card_id)
    assert [h.answer for h in history] == ["a1", "a2"]
    assert [h.undone for h in history] == [False, True]
    assert history[1].interval is None
    due = card(collection, card_obj.card_id).due
    assert history[0].interval == due - history[0].reviewed_at
    assert card(collection, card_obj.card_id).phase == CardPhase.LEARNING


def test_retired_cards_and_deleted_decks_are_not_listed(
    query: BrowseQuery, collection: Collection
) -> None:
    from dlquiz.storage.schema import DeckRow

    with collection.session() as s:
        deck = s.get(DeckRow, EXTRA)
        assert deck is not None
        deck.deleted_at = datetime(2026, 3, 1, tzinfo=UTC)
        first = s.scalars(select(CardRow).limit(1)).one()
        first.retired = True
        retired_id = first.id
    ids = query.card_ids(BrowseFilter())
    assert retired_id not in ids
    assert query.card_ids(BrowseFilter(deck_id=EXTRA)) == []
    assert all(d != EXTRA for d, _name in query.facets().decks)


def test_unknown_state_is_refused(query: BrowseQuery) -> None:
    with pytest.raises(ValueError, match="unknown card state"):
        query.card_ids(BrowseFilter(state="buried"))


def test_search_treats_percent_and_underscore_as_plain_text(
    collection: Collection, clock: FakeClock
) -> None:
    from dlquiz.core.model import FlashKey, Question, QuestionType

    def flash(qid: str, prompt: str) -> Question:
        return Question(
            id=qid, deck="p", type=QuestionType.FLASHCARD, prompt=prompt, key=FlashKey("x"),
            answer="x",
        )  # fmt: skip

    store_deck(
        collection,
        [flash("p:1", "The top-5 error fell to 3.6% in 2015"), flash("p:2", "top_5 is a label")],
        name="P",
        source="p",
        fmt="csv",
        media={},
        as_new=False,
        now=clock.now(),
    )
    query = BrowseQuery(study_service(collection).bank, zone=UTC)

    def found(text: str) -> list[str]:
        return [r.question_id for r in query.rows(query.card_ids(BrowseFilter(text=text)))]

    assert found("3.6%") == ["import-p:1"]
    assert found("TOP_5") == ["import-p:2"]  # "_" is not a wildcard: "top-5" does not match
    assert found("3%6") == []  # nor is "%"
