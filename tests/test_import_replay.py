"""Imported review history sets each card's FSRS state, as replaying that history gives it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from dlquiz.core.clock import FakeClock
from dlquiz.core.generate import generate_questions
from dlquiz.core.replay import PastReview, Replayer
from dlquiz.core.scheduling import CardPhase, Rating
from dlquiz.importers import read_file
from dlquiz.storage.import_service import store_read
from dlquiz.storage.schema import CardRow
from tests.helpers import open_test_collection

FIXTURES = Path(__file__).parent / "fixtures" / "anki"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_imported_cards_are_due_when_fsrs_replay_of_their_history_says(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    imported = read_file(FIXTURES / "history.apkg")
    stored = store_read(
        collection,
        imported,
        generate_questions(imported.deck),
        source="history.apkg",
        deck_name=None,
        as_new=False,
    )
    replayer = Replayer(collection.settings().scheduler())
    with collection.session() as s:
        cards = {
            row.question_id: row
            for row in s.scalars(select(CardRow).where(CardRow.deck_id == stored.deck_id))
        }
    assert len(cards) == 7
    for question_id, reviews in imported.history.items():
        expected = replayer.replay([PastReview(Rating(r.rating), r.reviewed_at) for r in reviews])
        card = cards[question_id]
        assert card.phase == int(expected.phase) != int(CardPhase.NEW)
        assert card.due == expected.due
        assert card.stability == expected.stability
        assert card.difficulty == expected.difficulty
        assert card.last_review == reviews[-1].reviewed_at
        assert card.reps == len(reviews)
    never_reviewed = [q for q in cards if q not in imported.history]
    assert len(never_reviewed) == 1 and cards[never_reviewed[0]].phase == int(CardPhase.NEW)
    collection.close()
