"""Packages written by Anki itself (scripts/make_anki_fixtures.py), read as Anki reads them.

The card counts below are what Anki 26.9.3 makes of each fixture when it
imports it into an empty collection (printed by the generator script).  Every
difference from them must come with a notice that explains it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.model import QuestionType, TextKey
from dlquiz.importers import ImportedDeck, read_file
from dlquiz.importers.cloze import BLANK

FIXTURES = Path(__file__).parent / "fixtures" / "anki"

# Cards Anki makes of each package, and how many fewer questions dlquiz makes
# (each one explained by a notice, named here).
ANKI_CARDS: dict[str, tuple[int, int, str]] = {
    "cloze_media.apkg": (11, 0, ""),
    "custom_notetype.apkg": (5, 1, "its deletion c1 is empty"),
    "empty_backs.apkg": (5, 0, ""),
    "history.apkg": (7, 0, ""),
    "history.colpkg": (7, 0, ""),
    "languages_french.apkg": (2, 0, ""),
    "languages_spanish.apkg": (2, 0, ""),
    "numpy_v1.apkg": (6, 0, ""),
    "numpy_v2.apkg": (7, 0, ""),
    "occlusion.apkg": (2, 0, ""),
    "occlusion_modes.apkg": (7, 0, ""),
}


def read(name: str) -> ImportedDeck:
    return read_file(FIXTURES / name)


@pytest.mark.parametrize("name", sorted(ANKI_CARDS))
def test_one_question_per_anki_card(name: str) -> None:
    cards, fewer, why = ANKI_CARDS[name]
    imported = read(name)
    assert len(imported.deck.questions) == cards - fewer
    assert not any(q.id.endswith(":mc") for q in imported.deck.questions)
    if fewer:
        assert any(why in notice for notice in imported.notices), imported.notices


def test_cloze_asks_one_number_at_a_time_with_every_occurrence_blanked() -> None:
    clozes = {
        q.text_prompt: q for q in read("cloze_media.apkg").deck.questions if q.type == "cloze"
    }
    repeated = clozes[f"Reveal clozes {BLANK} by {BLANK}, then two."]
    assert repeated.answer == "one"
    assert "one" not in repeated.text_prompt  # the answer never shows in its own prompt
    assert clozes["Reveal clozes one by one, then _____ [a number]."].answer == "two"
    assert clozes[f"{BLANK} is the capital of France."].answer == "Paris"
    assert clozes[f"Paris is the capital of {BLANK}."].answer == "France"
    hinted = clozes[f"{BLANK} [organelle] make ATP; ribosomes make proteins."]
    assert hinted.answer == "Mitochondria"


def test_images_of_every_field_are_kept_whatever_their_name() -> None:
    imported = read("cloze_media.apkg")
    by_answer = {q.answer: q for q in imported.deck.questions}
    mito = by_answer["Mitochondria"]
    assert mito.media == ("extra.png", "diagram.svg")  # from the Extra field
    gif = by_answer["Gif"]
    assert gif.media == ("paste-noext",)  # a GIF pasted under a name with no extension
    assert imported.media["paste-noext"].startswith(b"GIF89a")
    svg = imported.media["diagram.svg"]
    assert svg.startswith(b"<svg") and b"<rect" in svg and b"script" not in svg
    assert not any("left out" in notice for notice in imported.notices), imported.notices


def test_old_style_latex_shows_the_picture_anki_rendered_or_says_it_is_missing() -> None:
    imported = read("cloze_media.apkg")
    euler = next(q for q in imported.deck.questions if q.text_prompt == "Euler's identity")
    rendered = "latex-4e0d84e699ac67df014db5c69cd6347789327d10.png"  # Anki's own name
    assert euler.media == (rendered,)
    assert rendered in imported.media
    missing = [n for n in imported.notices if "LaTeX shown as its source" in n]
    assert len(missing) == 1 and "latex-7d4352d823ea2cbb07e8d9ddef74db1d98afdf60.png" in missing[0]


def test_custom_note_types_ask_what_their_templates_show() -> None:
    imported = read("custom_notetype.apkg")
    questions = {q.answer: q for q in imported.deck.questions}
    largest = questions["Jupiter"]
    assert "Mars" in largest.text_prompt and "Venus" in largest.text_prompt  # options kept
    assert largest.type is QuestionType.TYPED
    mercury = questions["Mercury"]
    assert mercury.type is QuestionType.TYPED and mercury.explanation == "at 20 C"
    # Two cloze fields: both numbers are asked, each with the other shown.
    assert questions["H2O"].text_prompt == f"{BLANK} is water\nNaCl is salt"
    assert questions["NaCl"].text_prompt == f"H2O is water\n{BLANK} is salt"
    assert not any("has no {{c1" in notice for notice in imported.notices)


def test_a_basic_note_with_an_empty_back_is_a_card_as_in_anki() -> None:
    imported = read("empty_backs.apkg")
    by_prompt = {q.text_prompt: q for q in imported.deck.questions}
    for prompt in ("Recite the alphabet", "Say hello in French", "Only one side"):
        card = by_prompt[prompt]
        assert card.type is QuestionType.FLASHCARD and card.answer == ""
    assert by_prompt["What colour is this?"].media == ("back.png",)  # a picture is a back
    assert by_prompt["Capital of Peru"].answer == "Lima"
    assert not imported.notices  # nothing is skipped: every card Anki makes is here


def test_a_bare_collection_is_read_with_its_wal() -> None:
    imported = read_file(FIXTURES / "wal" / "collection.anki2")
    assert len(imported.deck.questions) == 30  # 10 in the file, 20 only in its -wal
    assert (FIXTURES / "wal" / "collection.anki2-wal").exists()  # the original is untouched


@pytest.mark.parametrize("name", ["history.apkg", "history.colpkg"])
def test_review_log_is_read_per_card(name: str) -> None:
    imported = read(name)
    total = sum(len(reviews) for reviews in imported.history.values())
    assert total == 25  # Anki's revlog holds 26 rows; one is a manual reschedule
    assert any("manual reschedules" in notice for notice in imported.notices)
    assert set(imported.history) <= {q.id for q in imported.deck.questions}
    for reviews in imported.history.values():
        times = [r.reviewed_at for r in reviews]
        assert times == sorted(times)
        assert all(r.reviewed_at.tzinfo is not None and 1 <= r.rating <= 4 for r in reviews)
    lapsed = next(r for qid, r in imported.history.items() if len(r) == 7)
    assert [r.rating for r in lapsed] == [1, 3, 3, 1, 3, 3, 4]


def test_a_multi_occurrence_cloze_with_different_answers_accepts_them_together() -> None:
    from dlquiz.importers.cards import QuestionBuilder
    from dlquiz.importers.context import ReadContext

    builder = QuestionBuilder(ReadContext(label="t", deck_id="d"))
    builder.add_cloze("n1", "{{c1::Lyon}} and {{c1::Nice}} are in France")
    (question,) = builder.questions()
    assert question.text_prompt == f"{BLANK} and {BLANK} are in France"
    assert question.key == TextKey(accepted=("Lyon, Nice", "Lyon Nice"))


def _with_scheduler_version(tmp_path: Path, version: int) -> Path:
    """history.colpkg's legacy collection, its settings saying ``schedVer`` = ``version``."""
    import json
    import sqlite3
    import zipfile

    import zstandard

    with zipfile.ZipFile(FIXTURES / "history.colpkg") as package:
        data = zstandard.ZstdDecompressor().stream_reader(package.read("collection.anki21b"))
        raw = data.read()
    path = tmp_path / "collection.anki2"
    path.write_bytes(raw)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE IF NOT EXISTS col (id integer primary key, conf text)")
    if con.execute("SELECT count() FROM col").fetchone()[0] == 0:
        con.execute("INSERT INTO col (id, conf) VALUES (1, '{}')")
    con.execute("UPDATE col SET conf = ?", (json.dumps({"schedVer": version}),))
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(("version", "ratings"), [(1, [3, 3, 3]), (2, [2, 3, 3])])
def test_first_scheduler_learning_buttons_are_read_as_anki_meant_them(
    tmp_path: Path, version: int, ratings: list[int]
) -> None:
    imported = read_file(_with_scheduler_version(tmp_path, version))
    # The card answered Hard, Good, Good: its first answer is a learning entry, where
    # the first scheduler's button 2 was Good; the later ones are reviews (4 buttons).
    (hard_first,) = [r for r in imported.history.values() if len(r) == 3]
    assert [r.rating for r in hard_first] == ratings
