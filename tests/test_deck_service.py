"""Deck rules in one place: DeckService on a real collection file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from dlquiz.core.clock import FakeClock
from dlquiz.core.ids import DeckId, deck_id_for
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_service import MAX_NAME, DeckRuleError, DeckService, clean_name
from dlquiz.storage.decks_store import BUILTIN
from dlquiz.storage.schema import DeckRow
from tests.helpers import collection_with_small_deck

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
EXTRA = deck_id_for("Extra deck")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def collection(tmp_path: Path, clock: FakeClock) -> Iterator[Collection]:
    opened = collection_with_small_deck(tmp_path / "c.dlquiz", clock, deck_name="Extra deck")
    yield opened
    opened.close(backup=False)


NAMES = [
    ("Plain", "Plain"),
    ("  padded  ", "padded"),
    ("x", "x"),
    ("é" * MAX_NAME, "é" * MAX_NAME),
    ("Deck: 2012 — AlexNet", "Deck: 2012 — AlexNet"),
    ("", None),
    ("   ", None),
    ("\t\n", None),
    ("y" * (MAX_NAME + 1), None),
]


@pytest.mark.parametrize(("given", "kept"), NAMES)
def test_the_name_rule(given: str, kept: str | None) -> None:
    if kept is None:
        with pytest.raises(DeckRuleError, match="1 to 200 characters"):
            clean_name(given)
    else:
        assert clean_name(given) == kept


def test_find_by_id_or_name_ignoring_case(collection: Collection) -> None:
    decks = DeckService(collection)
    assert [d.kind for d in decks.all()][0] == BUILTIN
    for wanted in (EXTRA, "Extra deck", "EXTRA DECK", "extra deck"):
        assert decks.find(wanted).id == EXTRA
    with pytest.raises(DeckRuleError, match=r"no deck named 'nope' \(decks: .*Extra deck"):
        decks.find("nope")


def test_enable_disable_and_the_one_enabled_query(collection: Collection) -> None:
    decks = DeckService(collection)
    builtin = decks.all()[0].id
    assert {d.id for d in decks.enabled()} == {builtin, EXTRA}
    assert not decks.set_enabled(builtin, False).enabled
    assert [d.id for d in decks.enabled()] == [EXTRA]
    assert decks.set_enabled(builtin, True).enabled
    assert len(decks.enabled()) == 2


def test_rename_keeps_the_rule_and_the_id(collection: Collection) -> None:
    decks = DeckService(collection)
    renamed = decks.rename(EXTRA, "  Renamed  ")
    assert (renamed.id, renamed.name) == (EXTRA, "Renamed")
    with pytest.raises(DeckRuleError):
        decks.rename(EXTRA, " ")
    assert decks.find(EXTRA).name == "Renamed"
    with pytest.raises(DeckRuleError, match="no longer exists"):
        decks.rename(DeckId("import-gone"), "Anything")


def test_delete_refuses_the_builtin_and_stamps_the_collection_clock(
    collection: Collection, clock: FakeClock
) -> None:
    decks = DeckService(collection)
    builtin = decks.all()[0]
    with pytest.raises(DeckRuleError, match="built-in chapter deck"):
        decks.delete(builtin.id, purge=False)
    clock.advance(3600)
    gone = decks.delete(EXTRA, purge=False)
    assert gone.id == EXTRA
    assert [d.id for d in decks.all()] == [builtin.id]
    with collection.session() as s:
        row = s.scalars(select(DeckRow).where(DeckRow.id == EXTRA)).one()
        assert row.deleted_at == clock.now()  # the collection's clock, not the wall clock
    with pytest.raises(DeckRuleError, match="no deck named"):
        decks.delete(EXTRA, purge=True)


def test_sections_of_enabled_decks(collection: Collection) -> None:
    decks = DeckService(collection)
    assert decks.sections([EXTRA]) == {"T1", "T2"}
    assert decks.sections([]) == set()
    builtin = decks.all()[0].id
    assert len(decks.sections([builtin])) >= 5
