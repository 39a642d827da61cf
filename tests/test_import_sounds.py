"""Sounds in Anki packages stay with their cards; a sound-only card is a card, as in Anki."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.media import card_media
from dlquiz.core.model import QuestionType
from dlquiz.importers import read_file
from tests.test_import_apkg import BASIC, CLOZE, PNG, schema11, zip_legacy

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "


def package(
    tmp_path: Path, notes: list[tuple[str, str]], files: dict[str, bytes], *, cloze: bool = False
) -> Path:
    collection = tmp_path / "c.anki2"
    mid = 30 if cloze else 10
    rows = [
        (n + 1, f"g{n}", mid, "", [front, back], [0], 100) for n, (front, back) in enumerate(notes)
    ]
    one_way = {**BASIC, "tmpls": BASIC["tmpls"][:1]}
    schema11(collection, rows, models={10: one_way, 30: CLOZE})
    return zip_legacy(collection, tmp_path / "sounds.apkg", files)


CASES = [
    # (front, back, files, kind, media with prompt, after answer, notice fragment)
    ("[sound:a.mp3]", "", {"a.mp3": b"ID3"}, "flashcard", ("a.mp3",), (), ""),
    ("[sound:a.wav]", "the word", {"a.wav": WAV}, "typed", ("a.wav",), (), ""),
    ("Say it", "[sound:a.ogg]", {"a.ogg": b"OggS"}, "flashcard", (), ("a.ogg",), ""),
    (
        "[sound:a.mp3][sound:b.mp3]",
        "",
        {"a.mp3": b"1", "b.mp3": b"2"},
        "flashcard",
        ("a.mp3", "b.mp3"),
        (),
        "",
    ),
    ('<img src="p.png">', "", {"p.png": PNG}, "flashcard", ("p.png",), (), ""),
    (
        '<img src="p.png">[sound:a.mp3]',
        "cat",
        {"p.png": PNG, "a.mp3": b"ID3"},
        "typed",
        ("p.png", "a.mp3"),
        (),
        "",
    ),
    ('<audio src="a.mp3"></audio>Hear', "x", {"a.mp3": b"ID3"}, "typed", ("a.mp3",), (), ""),
]


@pytest.mark.parametrize(("front", "back", "files", "kind", "first", "after", "notice"), CASES)
def test_sounds_and_pictures_stay_with_their_side(  # noqa: PLR0917 - one table row
    tmp_path: Path,
    front: str,
    back: str,
    files: dict[str, bytes],
    kind: str,
    first: tuple[str, ...],
    after: tuple[str, ...],
    notice: str,
) -> None:
    imported = read_file(package(tmp_path, [(front, back)], files))
    (question,) = imported.deck.questions
    assert question.type.value == kind
    split = card_media(question)
    assert (split.with_prompt, split.after_answer) == (first, after)
    for name in first + after:
        assert imported.media[name] == files[name]
    assert all(notice in n for n in imported.notices) if notice else not imported.notices


@pytest.mark.parametrize(
    ("front", "files", "reason"),
    [
        ("[sound:gone.mp3]Hear", {}, "sound gone.mp3 left out: it is not in the package"),
        ("[sound:odd.xyz]Hear", {"odd.xyz": b"?"}, "image odd.xyz left out"),
    ],
)
def test_a_sound_the_card_cannot_keep_is_named(
    tmp_path: Path, front: str, files: dict[str, bytes], reason: str
) -> None:
    imported = read_file(package(tmp_path, [(front, "x")], files))
    (question,) = imported.deck.questions
    assert question.media == ()
    assert any(reason in n for n in imported.notices)


def test_a_card_with_only_a_missing_sound_is_skipped_with_both_reasons(tmp_path: Path) -> None:
    imported = read_file(package(tmp_path, [("[sound:gone.mp3]", ""), ("Q", "A")], {}))
    assert [q.text_prompt for q in imported.deck.questions] == ["Q"]
    assert any("sound gone.mp3 left out" in n for n in imported.notices)
    assert any("its front is empty" in n for n in imported.notices)


def test_text_with_no_answer_side_is_a_card_as_in_anki(tmp_path: Path) -> None:
    imported = read_file(package(tmp_path, [("Only text", ""), ("Q", "A")], {}))
    assert [q.text_prompt for q in imported.deck.questions] == ["Only text", "Q"]
    assert imported.deck.questions[0].type is QuestionType.FLASHCARD
    assert not imported.notices


def test_sounds_in_a_cloze_and_its_extra(tmp_path: Path) -> None:
    path = package(
        tmp_path,
        [("[sound:a.mp3]{{c1::Hinton}} spoke", "[sound:b.mp3]")],
        {"a.mp3": b"1", "b.mp3": b"2"},
        cloze=True,
    )
    (question,) = read_file(path).deck.questions
    assert question.type is QuestionType.CLOZE
    split = card_media(question)
    assert (split.with_prompt, split.after_answer) == (("a.mp3",), ("b.mp3",))


def test_terminal_study_of_a_sound_only_card_says_it_has_no_answer_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    from dlquiz.cli.main import main
    from dlquiz.core.labels import NO_ANSWER_SIDE

    db = str(tmp_path / "c.dlquiz")
    path = package(tmp_path, [("[sound:a.mp3]", "")], {"a.mp3": b"ID3"})
    assert main(["--db", db, "import", str(path)]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\n"))
    assert main(["--db", db, "study", "--terminal", "--deck", "Deep Learning", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "[sound]" in out and NO_ANSWER_SIDE in out
