"""File > Import of Anki packages with history and of renamed decks, in the window."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from dlquiz.core.generate import generate_questions
from dlquiz.importers import read_file
from dlquiz.storage.import_service import store_read
from dlquiz.storage.schema import ReviewRow
from tests.test_gui_import import deck_names, window  # noqa: F401 - the shared fixture

FIXTURES = Path(__file__).parent / "fixtures" / "anki"


def test_history_is_previewed_and_stored(qtbot, window) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    dialog = window.import_file(FIXTURES / "history.apkg")
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    assert "7 questions" in dialog.status.text()
    assert "with 25 past reviews" in dialog.status.text()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    with window.collection.session() as s:
        stored = s.scalar(select(func.count()).where(ReviewRow.kind == "imported"))
    assert stored == 25
    dialog.done(0)


def test_a_renamed_package_updates_its_deck(qtbot, window) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first = read_file(FIXTURES / "numpy_v1.apkg")
    store_read(
        window.collection,
        first,
        generate_questions(first.deck),
        source="numpy_v1.apkg",
        deck_name=None,
        as_new=False,
    )
    dialog = window.import_file(FIXTURES / "numpy_v2.apkg")
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    names = deck_names(window)
    assert "Numpy" in names and "Numpy 202210" not in names
    dialog.done(0)
