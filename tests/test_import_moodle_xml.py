"""Moodle XML: the supported types, categories, embedded images, invalid grades."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from dlquiz.core.model import ChoiceKey, MatchKey, NumberKey, QuestionType, TextKey, TrueFalseKey
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 16


def question(kind: str, name: str, text: str, body: str) -> str:
    return (
        f'<question type="{kind}"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text>'
        f"{'' if kind != 'multichoice' else IMAGE}</questiontext>"
        f"<generalfeedback><text>Because.</text></generalfeedback>{body}</question>"
    )


IMAGE = f'<file name="net.png" path="/" encoding="base64">{base64.b64encode(PNG).decode()}</file>'


def answer(fraction: str, text: str, extra: str = "") -> str:
    return f'<answer fraction="{fraction}"><text>{text}</text>{extra}</answer>'


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bank.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_supported_types(tmp_path: Path) -> None:
    text = quiz(
        '<question type="category"><category><text>$course$/top/DL/CNN</text>'
        "</category></question>",
        question(
            "multichoice",
            "winner",
            '<p>Which won? <img src="@@PLUGINFILE@@/net.png"></p>',
            "<single>true</single>" + answer("100", "AlexNet") + answer("0", "VGG"),
        ),
        question(
            "multichoice",
            "several",
            "Which are CNNs?",
            "<single>false</single>"
            + answer("50", "AlexNet")
            + answer("50", "ResNet")
            + answer("-100", "LSTM"),
        ),
        question("truefalse", "tf", "ReLU helps.", answer("100", "true") + answer("0", "false")),
        question(
            "shortanswer", "sa", "Activation?", answer("100", "ReLU") + answer("50", "rectifier")
        ),
        question("numerical", "num", "Year?", answer("100", "2012", "<tolerance>1</tolerance>")),
        '<question type="matching"><name><text>m</text></name><questiontext><text>Match'
        "</text></questiontext><subquestion><text>AlexNet</text><answer><text>2012</text>"
        "</answer></subquestion><subquestion><text>ResNet</text><answer><text>2015</text>"
        "</answer></subquestion><subquestion><text></text><answer><text>1998</text></answer>"
        "</subquestion></question>",
        question("essay", "e", "Discuss.", ""),
    )
    imported = read_file(write(tmp_path, text))
    assert imported.format == "moodle-xml"
    winner, several, tf, sa, num, match = imported.deck.questions
    assert winner.key == ChoiceKey(correct=(0,))
    assert winner.topic == "DL::CNN"
    assert winner.explanation == "Because."
    (media_name,) = winner.media
    assert media_name.endswith("-net.png")
    assert imported.media == {media_name: PNG}
    assert f'<img src="{media_name}">' in winner.prompt
    assert several.key == ChoiceKey(correct=(0, 1), weights=(0.5, 0.5, -1.0))
    assert tf.key == TrueFalseKey(True)
    assert sa.key == TextKey(accepted=("ReLU",), partial=(("rectifier", 0.5),))
    assert num.key == NumberKey(value=2012.0, tolerance=1.0, is_year=True)
    assert match.type is QuestionType.MATCHING
    assert match.key == MatchKey(lefts=("AlexNet", "ResNet"), pairs=(0, 1))
    assert match.choices == ("2012", "2015", "1998")
    assert any("essay question skipped" in n for n in imported.notices)
    assert winner.id == "import-bank:t-winner"


def test_invalid_grade_is_refused_naming_the_question(tmp_path: Path) -> None:
    text = quiz(question("multichoice", "bad", "Pick", answer("33", "a") + answer("100", "b")))
    with pytest.raises(InputError) as error:
        read_file(write(tmp_path, text))
    assert str(error.value) == (
        "bank.xml: question 1 (bad): the grade 33% is not one Moodle allows "
        "(such as 100, 50, 33.33333, 25...)"
    )


def test_wrong_root_element(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the root element is <html>"):
        read_file(write(tmp_path, '<?xml version="1.0"?><html></html>'), format="moodle-xml")
