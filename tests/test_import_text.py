"""Anki/Quizlet text and CSV exports: separators, headers, quoting, question shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.model import ChoiceKey, FlashKey, NumberKey, QuestionType, TextKey
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file


def write(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def by_prompt(imported, prompt: str):  # noqa: ANN001, ANN201 - tiny test helper
    return [q for q in imported.deck.questions if q.text_prompt == prompt]


def test_short_answers_become_typed_and_long_ones_flashcards(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "vocab.txt",
        "AlexNet won ImageNet in\t2012\n"
        "Who led the AlexNet team?\tGeoffrey Hinton\n"
        "Why did deep learning work?\tBig data, GPUs and better algorithms arrived together.\n",
    )
    imported = read_file(path)
    assert imported.format == "anki-text"
    (year,) = by_prompt(imported, "AlexNet won ImageNet in")
    assert year.type is QuestionType.TYPED
    assert year.key == NumberKey(value=2012.0, is_year=True)
    (name,) = by_prompt(imported, "Who led the AlexNet team?")
    assert name.key == TextKey(accepted=("Geoffrey Hinton",))
    (why,) = by_prompt(imported, "Why did deep learning work?")
    assert why.type is QuestionType.FLASHCARD
    assert isinstance(why.key, FlashKey)
    assert imported.deck.name == "vocab"
    assert all(q.id.startswith("import-vocab:") for q in imported.deck.questions)


def test_one_row_is_one_question_with_no_multiple_choice_copy(tmp_path: Path) -> None:
    # Anki makes one card per row; a second ":mc" question would double the deck.
    rows = [f"Year {i}?\t{2000 + i}" for i in range(6)] + ["Who?\tHinton", "Where?\tToronto"]
    imported = read_file(write(tmp_path, "years.tsv", "\n".join(rows)))
    assert imported.counts() == {"typed": 8}
    assert not any(q.id.endswith(":mc") for q in imported.deck.questions)


@pytest.mark.parametrize(
    ("separator", "name"), [(",", "deck.csv"), (";", "deck.txt"), ("|", "deck.txt")]
)
def test_separator_is_guessed(tmp_path: Path, separator: str, name: str) -> None:
    text = "\n".join(f"front {i}{separator}back {i}" for i in range(5))
    imported = read_file(write(tmp_path, name, text))
    assert imported.counts() == {"typed": 5}
    assert imported.deck.questions[0].answer == "back 0"
    assert imported.format == ("csv" if name.endswith(".csv") else "anki-text")


def test_quoted_fields_bom_and_doubled_quotes(tmp_path: Path) -> None:
    text = '\ufefffront,back\n"Say ""hi"", please","a, b and c"\n"multi\nline",x\n'
    imported = read_file(write(tmp_path, "q.csv", text))
    assert [q.text_prompt for q in imported.deck.questions] == ['Say "hi", please', "multi\nline"]
    assert imported.deck.questions[0].answer == "a, b and c"
    assert any("column names" in notice for notice in imported.notices)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "\ufeffchat\tcat\nchien\tdog\n", encoding="utf-16-le")
    assert [q.answer for q in read_file(path).deck.questions] == ["cat", "dog"]


def test_invalid_encoding_names_the_line_the_offset_and_the_likely_encoding(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("tea\tth\u00e9\ncaf\u00e9\tcoffee\n".encode("latin-1"))
    with pytest.raises(InputError) as error:
        read_file(path)
    assert str(error.value) == (
        "latin1.txt:1: not UTF-8 or UTF-16 text (invalid byte 0xe9 at offset 6; "
        "it looks like Windows-1252 or Latin-1 text: save it as UTF-8)"
    )


@pytest.mark.parametrize(
    ("words", "line"), [("chat\tcat\n\u00e9t\u00e9\tsummer\n", 2), ("chat\tcat\n", 1)]
)
def test_utf16_without_its_byte_order_mark_is_named(tmp_path: Path, words: str, line: int) -> None:
    path = write(tmp_path, "u16.txt", words, encoding="utf-16-le")
    with pytest.raises(InputError) as error:
        read_file(path)
    assert str(error.value).startswith(f"u16.txt:{line}: ")
    assert "it looks like UTF-16 without a byte-order mark" in str(error.value)


def test_anki_header_lines_set_columns_tags_deck_and_html(tmp_path: Path) -> None:
    text = (
        "#separator:Semicolon\n"
        "#html:true\n"
        "#tags:imported chapter1\n"
        "#deck:DL::History\n"
        "#columns:Tags;Back;Front\n"
        "# a comment line\n"
        "extra;<b>2012</b>;AlexNet year\n"
        "#another comment\n"
        "x;<i>ReLU</i> <script>alert(1)</script>;Activation used by AlexNet\n"
    )
    imported = read_file(write(tmp_path, "h.txt", text))
    first, *_ = by_prompt(imported, "AlexNet year")
    assert first.answer == "2012"
    assert first.tags == ("imported", "chapter1", "extra")
    assert first.topic == "DL::History"
    assert imported.deck.name == "DL::History"
    (relu,) = by_prompt(imported, "Activation used by AlexNet")
    assert relu.answer == "ReLU"
    assert "script" not in relu.answer


def test_cloze_rows_become_one_question_per_deletion(tmp_path: Path) -> None:
    text = "{{c1::AlexNet}} won in {{c2::2012::year}}\tfrom Toronto\n"
    imported = read_file(write(tmp_path, "c.txt", text))
    first, second = imported.deck.questions
    assert first.type is QuestionType.CLOZE
    assert first.text_prompt == "_____ won in 2012"
    assert first.key == TextKey(accepted=("AlexNet",))
    assert second.text_prompt == "AlexNet won in _____ [year]"
    assert second.key == NumberKey(value=2012.0, is_year=True)
    assert first.explanation == "from Toronto"
    assert first.id.endswith("-c1") and second.id.endswith("-c2")


def test_too_few_fields_is_a_problem_with_every_line(tmp_path: Path) -> None:
    text = "a\tb\nlonely\nc\td\nalso lonely\n"
    with pytest.raises(InputError) as error:
        read_file(write(tmp_path, "bad.txt", text))
    assert [p.line for p in error.value.problems] == [2, 4]
    assert "only 1 field" in str(error.value)


def test_extra_fields_and_empty_sides_give_notices(tmp_path: Path) -> None:
    text = "a\tb\tc\nempty back\t\n\tempty front\nq\tr\n"
    imported = read_file(write(tmp_path, "n.txt", text))
    # An empty back is a card, as Anki makes one; an empty front is not (Anki: "empty first field").
    assert [q.text_prompt for q in imported.deck.questions] == ["a", "empty back", "q"]
    empty = imported.deck.questions[1]
    assert empty.type is QuestionType.FLASHCARD and empty.answer == ""
    notices = "\n".join(imported.notices)
    assert "n.txt:1: 3 fields where 2 are used" in notices
    assert "back is empty" not in notices
    assert "n.txt:3: card skipped: its front is empty" in notices


def test_sound_is_removed_with_a_notice(tmp_path: Path) -> None:
    imported = read_file(write(tmp_path, "s.txt", "bonjour [sound:bonjour.mp3]\thello\n"))
    assert imported.deck.questions[0].text_prompt == "bonjour"
    assert any("sound bonjour.mp3 removed" in n for n in imported.notices)


def test_reversed_note_type_adds_the_reverse_card(tmp_path: Path) -> None:
    text = "#notetype:Basic (and reversed card)\nHinton\tGodfather of deep learning\n"
    imported = read_file(write(tmp_path, "r.txt", text))
    prompts = sorted(q.text_prompt for q in imported.deck.questions)
    assert prompts == ["Godfather of deep learning", "Hinton"]


def test_unterminated_quote_is_reported(tmp_path: Path) -> None:
    text = 'a,b\n"open,never closed\n' + "x,y\n" * 60
    with pytest.raises(InputError, match="closing quote"):
        read_file(write(tmp_path, "q.csv", text))


def test_absurdly_long_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="longer than 100,000 characters"):
        read_file(write(tmp_path, "long.txt", "front\t" + "x" * 100_001 + "\n"))


def test_quiz_spreadsheet_rows_become_multiple_choice(tmp_path: Path) -> None:
    text = (
        ",Question,Answer 1,Answer 2,Answer 3,Answer 4,Time limit,Correct answer(s)\n"
        "1,Which network won ImageNet 2012?,VGG,AlexNet,ResNet,GoogLeNet,20,2\n"
        '2,Which are CNNs?,AlexNet,LSTM,ResNet,,20,"1,3"\n'
        "3,Broken,a,b,,,20,4\n"
    )
    with pytest.raises(InputError) as error:
        read_file(write(tmp_path, "kahoot.csv", text))
    assert error.value.problems[0].line == 4
    imported = read_file(write(tmp_path, "kahoot.csv", text.rsplit("3,Broken", 1)[0]))
    first, second = imported.deck.questions
    assert first.choices == ("VGG", "AlexNet", "ResNet", "GoogLeNet")
    assert first.key == ChoiceKey(correct=(1,))
    assert second.key == ChoiceKey(correct=(0, 2))
    assert any("Time limit ignored" in n for n in imported.notices)
