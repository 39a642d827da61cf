"""Small builders shared by the storage, CLI and GUI tests."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock
from dlquiz.core.model import ChoiceKey, Deck, FlashKey, NumberKey, Question, QuestionType, TextKey
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection, open_collection
from dlquiz.storage.study import StudyService

if TYPE_CHECKING:
    from dlquiz.importers import ImportedDeck
    from dlquiz.storage.import_service import StoredImport


def open_test_collection(path: Path, clock: FakeClock | None = None) -> Collection:
    return open_collection(path, clock=clock or FakeClock())


def study_service(collection: Collection) -> StudyService:
    return StudyService(QuestionBank(collection), zone=UTC)


def small_deck(deck_id: str = "extra") -> tuple[Deck, list[Question]]:
    """Four hand-made questions of different kinds, as an importer would give them."""
    questions = [
        Question(
            id=f"{deck_id}:q1",
            deck=deck_id,
            type=QuestionType.TYPED,
            prompt="In which year did AlexNet win?",
            key=NumberKey(2012, is_year=True),
            answer="2012",
            topic="T1",
        ),
        Question(
            id=f"{deck_id}:q2",
            deck=deck_id,
            type=QuestionType.TYPED,
            prompt="Who led the AlexNet team?",
            key=TextKey(("Geoffrey Hinton", "Hinton")),
            answer="Geoffrey Hinton",
            topic="T2",
        ),
        Question(
            id=f"{deck_id}:q3",
            deck=deck_id,
            type=QuestionType.MULTIPLE_CHOICE,
            prompt="Which lab built ResNet?",
            key=ChoiceKey((1,)),
            choices=("Google", "Microsoft Research", "Oxford", "DeepMind"),
            answer="Microsoft Research",
            topic="T1",
        ),
        Question(
            id=f"{deck_id}:q4",
            deck=deck_id,
            type=QuestionType.FLASHCARD,
            prompt="What does BERT stand for?",
            key=FlashKey("Bidirectional Encoder Representations from Transformers"),
            answer="Bidirectional Encoder Representations from Transformers",
            topic="T2",
        ),
    ]
    return Deck(id=deck_id, name="Extra deck", questions=tuple(questions)), questions


def collection_with_small_deck(
    path: Path, clock: FakeClock, *, deck_name: str = "extra"
) -> Collection:
    """A collection holding :func:`small_deck`, imported as ``deck_name`` (once)."""
    from dlquiz.importers.ids import deck_id_for
    from dlquiz.storage.import_service import store_deck

    collection = open_test_collection(path, clock)
    deck_id = deck_id_for(deck_name)
    if not QuestionBank(collection).questions([deck_id]):
        _deck, questions = small_deck(deck_id)
        store_deck(
            collection,
            questions,
            name=deck_name,
            source="t",
            fmt="yaml",
            media={},
            as_new=False,
            now=clock.now(),
        )
    return collection


def store_questions(collection: Collection, questions: list[Question], name: str) -> None:
    """Store ``questions`` as an imported deck called ``name``, as an import would."""
    from dlquiz.storage.import_service import store_deck

    store_deck(
        collection,
        questions,
        name=name,
        source="t",
        fmt="yaml",
        media={},
        as_new=False,
        now=collection.clock.now(),
    )


def store_file(
    collection: Collection, path: Path, *, deck: str | None = None
) -> tuple[ImportedDeck, StoredImport]:
    """Read ``path`` and store it as the import operation does: what was read, what stored."""
    from dlquiz.core.generate import generate_questions
    from dlquiz.importers import read_file
    from dlquiz.storage.import_service import store_read

    imported = read_file(path)
    stored = store_read(
        collection,
        imported,
        generate_questions(imported.deck),
        source=str(path),
        deck_name=deck,
        as_new=False,
    )
    return imported, stored


class Here:
    """``dlquiz ARGS`` with ``DLQUIZ_DB`` and standard input set, run by ``main`` here."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self._capsys, self._monkeypatch = capsys, monkeypatch

    def __call__(self, *args: str, db: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
        self._monkeypatch.setenv("DLQUIZ_DB", str(db))
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self._capsys.readouterr()
        code = main(list(args))
        captured = self._capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, captured.out, captured.err)
