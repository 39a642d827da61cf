"""Classes of real files met in the decks round: each one reproduced by a fixture of our own.

* A collection copied out of an Anki profile, with its ``collection.media``
  folder beside it (lervag/apy's test profile): its pictures are there.
* A Quizlet export whose "Custom" separator is text such as ``---``
  (kraj011/gov-quizlet-maker): Anki makes one card per line, and so do we.
* A quiz spreadsheet naming its columns in two words, the answer in a
  "Correct..." column (GonZiin/CSV-XMLMOODLE): the question and the correct
  answer are read from the columns they name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dlquiz.core.model import QuestionType
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file

PROFILE = Path(__file__).parent / "fixtures" / "anki" / "profile"
ANKI_PROFILE_CARDS = 3  # what Anki 26.9.3 counts in the profile's collection (the script prints it)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_profile_collection_keeps_the_pictures_of_its_media_folder() -> None:
    imported = read_file(PROFILE / "collection.anki2")
    assert len(imported.deck.questions) == ANKI_PROFILE_CARDS
    assert imported.media["cell.png"] == (PROFILE / "collection.media" / "cell.png").read_bytes()
    assert imported.media["pasted-noext"].startswith(b"GIF8")  # a picture by its bytes
    (front,) = [q for q in imported.deck.questions if "cell.png" in q.media]
    assert front.answer == "a plant cell"
    (notice,) = imported.notices
    assert notice.endswith(
        ": image gone.png left out: it is not in the media folder collection.media"
    )


def test_a_bare_collection_alone_says_where_its_pictures_were_looked_for(tmp_path: Path) -> None:
    alone = tmp_path / "collection.anki2"
    shutil.copyfile(PROFILE / "collection.anki2", alone)
    imported = read_file(alone)
    # The card whose front was only cell.png has nothing left to ask, and says so.
    assert len(imported.deck.questions) == ANKI_PROFILE_CARDS - 1
    assert sum("card skipped: its front is empty" in n for n in imported.notices) == 1
    assert imported.media == {}
    missing = [n for n in imported.notices if "collection.media is not beside the collection" in n]
    assert len(missing) == 3  # cell.png, pasted-noext and gone.png


def test_a_link_in_the_media_folder_is_never_followed(tmp_path: Path) -> None:
    shutil.copytree(PROFILE, tmp_path / "profile")
    outside = tmp_path / "secret.png"
    shutil.copyfile(PROFILE / "collection.media" / "cell.png", outside)
    link = tmp_path / "profile" / "collection.media" / "cell.png"
    link.unlink()
    link.symlink_to(outside)
    imported = read_file(tmp_path / "profile" / "collection.anki2")
    assert "cell.png" not in imported.media
    assert any(
        "image cell.png left out: it is not in the media folder" in n for n in imported.notices
    )


def test_a_quizlet_custom_separator_splits_each_line_at_its_first_occurrence(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "gov.txt",
        "Federal judiciary---the branch that interprets the laws\n"
        "Supreme Court---the highest court---established in Article III\n"
        "Docket---the list of cases a court will hear\n",
    )
    imported = read_file(path)
    assert imported.format == "anki-text"
    assert [(q.text_prompt, q.answer) for q in imported.deck.questions] == [
        ("Federal judiciary", "the branch that interprets the laws"),
        ("Supreme Court", "the highest court---established in Article III"),
        ("Docket", "the list of cases a court will hear"),
    ]
    assert any("split at its first '---'" in notice for notice in imported.notices)


def test_a_spaced_dash_separator_keeps_hyphenated_words_whole(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "words.txt",
        "well-known - widely recognised\nself-aware - conscious of oneself\nup-to-date - current\n",
    )
    pairs = [(q.text_prompt, q.answer) for q in read_file(path).deck.questions]
    assert pairs == [
        ("well-known", "widely recognised"),
        ("self-aware", "conscious of oneself"),
        ("up-to-date", "current"),
    ]


def test_a_custom_separator_line_without_it_is_a_bad_row_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "gov.txt", "".join(f"term {n}---meaning {n}\n" for n in range(12)) + "lost\n"
    )
    with pytest.raises(InputError) as refused:
        read_file(path)
    assert "gov.txt:13: only 1 field: a card needs a front and a back separated by '---'" in str(
        refused.value
    )
    kept = read_file(path, skip_bad_rows=True)
    assert len(kept.deck.questions) == 12
    assert [row.line for row in kept.bad_rows] == [13]


def test_a_file_split_by_a_character_never_takes_a_custom_separator(tmp_path: Path) -> None:
    path = write(tmp_path, "tabs.txt", "a---b\tfirst\nc---d\tsecond\n")
    pairs = [(q.text_prompt, q.answer) for q in read_file(path).deck.questions]
    assert pairs == [("a---b", "first"), ("c---d", "second")]


def test_a_quiz_spreadsheet_reads_the_columns_its_header_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "quiz.csv",
        "Dificulty,Question Type,Question Name,Question Text,Question Answers,Correct_Awnser,"
        "Points_Given  \n"
        'Facil,multichoice,Pergunta 1,"Qual é o resultado de 15 % 4 em Python?","1;3;4;0",3,100\n'
        'Facil,multichoice,Pergunta 2,"Qual é o operador de exponenciação?","+;*;**;^","**",100\n'
        'Facil,truefalse,Pergunta 3,"10 // 3 retorna 3 em Python?","true;false",true,100\n',
    )
    imported = read_file(path)
    assert [(q.text_prompt, q.answer) for q in imported.deck.questions] == [
        ("Qual é o resultado de 15 % 4 em Python?", "3"),
        ("Qual é o operador de exponenciação?", "**"),
        ("10 // 3 retorna 3 em Python?", "true"),
    ]
    assert all(q.type is QuestionType.TYPED for q in imported.deck.questions)
    assert "quiz.csv:1: first row taken as column names" in imported.notices
