"""Format detection weighs the evidence: a file that parses as a table is never GIFT.

Each case is a small file written the way its tool writes it; the expected
format is what a person looking at the file would say.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dlquiz.importers import detect_format, read_file
from dlquiz.importers.limits import HEAD_BYTES


def table(rows: list[list[str]], separator: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\n").writerows(rows)
    return out.getvalue()


GUIDS = ["b}4Xq#1", "A{7z!q", "x}}k2>1", "Lw{q9@", "e`Rf}3p", "Q{iu8N", "c}D1#a", "r{}0Tz"]
JLPT = table(
    [["expression", "reading", "meaning", "tags", "guid"]]
    + [
        [word, kana, gloss, "JLPT::N5", guid]
        for (word, kana, gloss), guid in zip(
            [
                ("会う", "あう", "to meet"),
                ("青", "あお", "blue"),
                ("赤い", "あかい", "red"),
                ("秋", "あき", "autumn"),
                ("開く", "あく", "to open"),
                ("朝", "あさ", "morning"),
                ("足", "あし", "foot, leg"),
                ("明日", "あした", "tomorrow"),
            ],
            GUIDS,
            strict=True,
        )
    ]
)
LATEX_TSV = table(
    [
        [r"Derivative of $x^{n}$?", r"$n x^{n-1}$"],
        [r"Quadratic formula?", r"$\frac{-b \pm \sqrt{b^{2}-4ac}}{2a}$"],
        [r"Euler's identity?", r"$e^{i\pi} + 1 = 0$"],
        [r"Set of naturals?", r"$\{0, 1, 2, \dots\}$"],
    ],
    "\t",
)
CODE_CSV = table(
    [
        ["Front", "Back"],
        ["Empty dict literal in Python?", "{}"],
        ["Java main method?", "public static void main(String[] args) { }"],
        ["C block?", "if (x) { y(); } else { z(); }"],
        ["Shell brace expansion?", "echo {a,b,c}"],
        ["JSON object?", '{"key": "value"}'],
    ]
)
LONE_CLOSING = table([["q1", "a } b"], ["q2", "}"], ["q3", "c"], ["q4", "{ open"]])
SEMICOLON_BRACES = table(
    [["Set notation for A?", "{1; 2}"], ["Empty set?", "{}"], ["Singleton?", "{x}"]], ";"
)
PIPE = "Term|Definition\nset|{a, b}\nmap|{k: v}\nlist|[1, 2]\n"
QUIZ_CSV = (
    "Question,Answer 1,Answer 2,Answer 3,Answer 4,Time limit (sec),Correct answer(s)\n"
    "Which brace opens a block?,{,},(,),20,1\n"
    "Which closes it?,{,},(,),20,2\n"
)
ANKI_CLOZE_TXT = (
    "The {{c1::mitochondria}} is the powerhouse of the {{c2::cell}}.\tbiology\n"
    "{{c1::Paris}} is the capital of {{c2::France}}.\tgeography\n"
)
ANKI_CLOZE_ONE_COLUMN = "The {{c1::mitochondria}} is the powerhouse.\n{{c1::Paris}} is a city.\n"
GUID_TAB_HEADERLESS = "".join(f"Word {n}\tMeaning {n}\t{GUIDS[n]}\n" for n in range(8))
BAD_ROWS_WITH_BRACES = (
    "front,back\nfirst,{one}\nsecond,two}\nthis row has one field\nfourth,{4}\nfifth,5\n"
)

GIFT_FEW = "Who won ImageNet in 2012?{=AlexNet ~VGG ~LeNet}\n"
GIFT_TWO_ONE_LINE = "Who won?{=AlexNet ~VGG}\n\nWhich year?{#2012}\n"
GIFT_MANY = "\n\n".join(
    f"::q{n}:: Question {n}, with a comma?{{=right {n} ~wrong {n}}}" for n in range(30)
)
GIFT_CATEGORIES = (
    "$CATEGORY: $course$/top/Networks\n\n"
    "::a::AlexNet used ReLU.{TRUE}\n\n"
    "::b::Name the optimiser.{=SGD =Adam}\n"
)
GIFT_COMMENTED = (
    "// exported from Moodle\n// [id:q1]\nWhich layer pools?{\n  =max pooling\n  ~dense\n}\n"
)
GIFT_TYPO = (
    "Which network?{=AlexNet ~VGG}\n\nWhich year?{#2012}\n\nBroken } here{=x}\n\n"
    "Another?{=yes ~no}\n"
)
GIFT_MULTILINE_COMMAS = (
    "Pick two, please:{\n~%50%red, first\n~%50%green, second\n~%-100%blue, third\n}\n\n"
    "Pick one, please:{\n=one, first\n~two, second\n}\n"
)
GIFT_ESSAYS = "Write about AlexNet.{}\n\nWrite about VGG.{}\n"
AIKEN = (
    "Which network won?\nA) AlexNet\nB) VGG\nANSWER: A\n\n"
    "Which year?\nA. 2012\nB. 2014\nANSWER: A\n"
)
AIKEN_WITH_COMMAS = "Who, and when?\nA) Hinton, 2012\nB) LeCun, 1998\nANSWER: A\n"
MOODLE_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n</quiz>\n'
MOODLE_CLOZE = "Paris is the capital of {1:SHORTANSWER:=France}.\n"
ANKI_HEADER = "#separator:Comma\n#html:false\n#columns:Front,Back\nq{1},a{1}\n"

CASES: list[tuple[str, str, str]] = [
    ("n5.csv", JLPT, "csv"),
    ("n5.txt", JLPT, "anki-text"),
    ("latex.tsv", LATEX_TSV, "anki-text"),
    ("latex.txt", LATEX_TSV, "anki-text"),
    ("code.csv", CODE_CSV, "csv"),
    ("code.txt", CODE_CSV, "anki-text"),
    ("lone.csv", LONE_CLOSING, "csv"),
    ("lone.txt", LONE_CLOSING, "anki-text"),
    ("sets.txt", SEMICOLON_BRACES, "anki-text"),
    ("pipe.txt", PIPE, "anki-text"),
    ("kahoot.csv", QUIZ_CSV, "csv"),
    ("cloze.txt", ANKI_CLOZE_TXT, "anki-text"),
    ("cloze1.txt", ANKI_CLOZE_ONE_COLUMN, "anki-text"),
    ("guids.txt", GUID_TAB_HEADERLESS, "anki-text"),
    ("bad.csv", BAD_ROWS_WITH_BRACES, "csv"),
    ("bad.txt", BAD_ROWS_WITH_BRACES, "anki-text"),
    ("header.txt", ANKI_HEADER, "anki-text"),
    ("header.csv", ANKI_HEADER, "csv"),
    ("few.txt", GIFT_FEW, "gift"),
    ("few.gift", GIFT_FEW, "gift"),
    ("two.txt", GIFT_TWO_ONE_LINE, "gift"),
    ("many.txt", GIFT_MANY, "gift"),
    ("many.gift", GIFT_MANY, "gift"),
    ("cats.txt", GIFT_CATEGORIES, "gift"),
    ("commented.txt", GIFT_COMMENTED, "gift"),
    ("typo.txt", GIFT_TYPO, "gift"),
    ("commas.txt", GIFT_MULTILINE_COMMAS, "gift"),
    ("essays.txt", GIFT_ESSAYS, "gift"),
    ("aiken.txt", AIKEN, "aiken"),
    ("aiken2.txt", AIKEN_WITH_COMMAS, "aiken"),
    ("quiz.xml", MOODLE_XML, "moodle-xml"),
    ("quiz.txt", MOODLE_XML, "moodle-xml"),
    ("cloze-moodle.txt", MOODLE_CLOZE, "moodle-cloze"),
    ("one.csv", "Which network?,{=AlexNet ~VGG}\n", "csv"),
    ("one.tsv", "Which network?\t{=AlexNet ~VGG}\n", "anki-text"),
    ("one.txt", "Which network?{=AlexNet ~VGG}\tnotes\n", "gift"),
    ("notes.md", "Just a sentence, with a comma.\n", "unknown"),
    ("notes.md", "# Title\n\nSome prose about {braces}.\n", "unknown"),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_detect(name: str, text: str, expected: str) -> None:
    assert detect_format(Path(name), text.encode()) == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [(n, t) for n, t, fmt in CASES if fmt in ("csv", "anki-text")],
    ids=[c[0] for c in CASES if c[2] in ("csv", "anki-text")],
)
def test_a_table_with_braces_never_reports_a_gift_error(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        imported = read_file(path)
    except Exception as error:  # noqa: BLE001 (the message is what is checked)
        message = str(error)
        assert "without an opening" not in message
        assert "answer block" not in message
    else:
        assert imported.format in ("csv", "anki-text")


def test_the_jlpt_style_csv_imports_every_row(tmp_path: Path) -> None:
    path = tmp_path / "n5.csv"
    path.write_text(JLPT, encoding="utf-8")
    imported = read_file(path)
    assert imported.format == "csv"
    prompts = list(dict.fromkeys(q.text_prompt for q in imported.deck.questions))
    assert prompts == ["会う", "青", "赤い", "秋", "開く", "朝", "足", "明日"]
    # The meaning column is the back, found by its name past the reading column.
    assert imported.deck.questions[0].answer == "to meet"
    assert any("first row taken as column names" in n for n in imported.notices)


def test_guid_column_gives_stable_ids(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(JLPT, encoding="utf-8")
    second.write_text(JLPT.replace("to meet", "to see someone"), encoding="utf-8")
    ids_a = [q.id for q in read_file(first, deck_name="n5").deck.questions]
    ids_b = [q.id for q in read_file(second, deck_name="n5").deck.questions]
    assert ids_a == ids_b


def test_a_large_table_is_judged_on_its_first_64_kb(tmp_path: Path) -> None:
    rows = [[f"Question {n} about {{braces}}?", f"Answer {n}"] for n in range(5000)]
    text = table(rows)
    assert len(text.encode()) > HEAD_BYTES
    head = text.encode()[:HEAD_BYTES]
    assert detect_format(Path("big.txt"), head) == "anki-text"


def test_a_large_gift_file_cut_mid_question_is_still_gift() -> None:
    text = "\n\n".join(f"Question {n}?{{\n=right\n~wrong\n}}" for n in range(5000))
    head = text.encode()[:HEAD_BYTES]
    assert detect_format(Path("big.txt"), head) == "gift"
