"""Fuzz: every importer and the deck loader either read a file or refuse it clearly.

Hypothesis builds files from well-formed seeds of each format with random
edits (inserted, deleted and replaced pieces, arbitrary Unicode, control
characters), under a fixed seed so CI replays the same cases.  The only
allowed failure is :class:`InputError`, whose message names the file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlquiz.core.problems import InputError
from dlquiz.decks.loader import load_deck_text
from dlquiz.importers import FORMATS, read_file

SEEDS = {
    "gift": (
        "$CATEGORY: Deep learning\n\n::q1:: Which year did AlexNet win? {#2012}\n\n"
        "::q2:: Who led it? {=Geoffrey Hinton ~Yann LeCun ~Andrew Ng}\n\n"
        "Transformers came in 2017. {TRUE}\n\n::m:: Match {=BERT -> 2018 =ResNet -> 2015}\n"
    ),
    "aiken": (
        "Which lab built ResNet?\nA. Google\nB. Microsoft Research\nC. Oxford\nANSWER: B\n\n"
        "Which game did AlphaGo play?\nA) Chess\nB) Go\nANSWER: B\n"
    ),
    "csv": 'question,answer\nWhat year was AlexNet?,2012\n"Who, with commas?","Hinton"\n',
    "anki-text": (
        "#separator:tab\n#html:true\nFront\tBack\n<b>BERT</b> year\t2018\nResNet depth\t152\n"
    ),
    "moodle-xml": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="shortanswer">'
        '<name><text>q1</text></name><questiontext format="html"><text><![CDATA[Year of '
        '<i>AlexNet</i>?]]></text></questiontext><answer fraction="100"><text>2012</text>'
        '</answer></question>\n<question type="truefalse"><name><text>q2</text></name>'
        '<questiontext><text>GPUs helped.</text></questiontext><answer fraction="100">'
        "<text>true</text></answer></question>\n</quiz>\n"
    ),
    "yaml": (
        "format: 1\nid: extra\nname: Extra\nfacts:\n  - id: alexnet-depth\n    kind: count\n"
        "    subject: AlexNet\n    attribute: depth\n    prompt: How many layers did AlexNet "
        "have?\n    statement: AlexNet had {value}.\n    value: 8\n    unit: layers\n"
    ),
}
SUFFIX = {
    "gift": ".gift",
    "aiken": ".txt",
    "csv": ".csv",
    "anki-text": ".txt",
    "moodle-xml": ".xml",
    "yaml": ".yaml",
}
PIECES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "{",
            "}",
            "=",
            "~",
            "#",
            "::",
            "->",
            "\\",
            "$CATEGORY:",
            "ANSWER:",
            "A.",
            "\t",
            ",",
            '"',
            "\n",
            "\r\n",
            "\x00",
            "\ufeff",
            "<![CDATA[",
            "]]>",
            "</question>",
            "<question",
            "&amp;",
            "&#0;",
            "&#x110000;",
            "İ",
            "ǅ",
            "\u202e",
            "- ",
            ": ",
            "*a",
            "&a",
            "!!python",
            "9" * 400,
            "%",
            "{#",
            "{1:SHORTANSWER:=x}",
        ]
    ),
)


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    text = seed
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(PIECES)
        span = draw(st.integers(min_value=0, max_value=30))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + span :]
        else:
            text = text[:at] + piece + text[at + span :]
    return text


FUZZ = settings(
    derandomize=True,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _read_or_refuse(text: str, fmt: str, *, encoding: str = "utf-8") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{SUFFIX[fmt]}"
        path.write_bytes(text.encode(encoding, errors="surrogatepass"))
        try:
            imported = read_file(path)
        except InputError as error:
            assert path.name in str(error).splitlines()[0], str(error)
            return
        deck = imported.deck
        assert deck.questions or deck.facts  # a read deck holds something to ask
        for question in deck.questions:
            assert question.id and question.prompt is not None


def _fuzz_format(fmt: str) -> None:
    @FUZZ
    @given(text=mutated(SEEDS[fmt]))
    def check(text: str) -> None:
        _read_or_refuse(text, fmt)

    check()


def test_fuzz_gift() -> None:
    _fuzz_format("gift")


def test_fuzz_aiken() -> None:
    _fuzz_format("aiken")


def test_fuzz_csv() -> None:
    _fuzz_format("csv")


def test_fuzz_anki_text() -> None:
    _fuzz_format("anki-text")


def test_fuzz_moodle_xml() -> None:
    _fuzz_format("moodle-xml")


def test_fuzz_yaml_import() -> None:
    _fuzz_format("yaml")


def test_every_text_format_has_a_seed() -> None:
    assert set(SEEDS) == set(FORMATS) - {"apkg"}


@FUZZ
@given(text=mutated(SEEDS["yaml"]))
def test_fuzz_deck_loader(text: str) -> None:
    try:
        deck = load_deck_text(text, source="fuzz.yaml")
    except InputError as error:
        assert str(error).startswith("fuzz.yaml"), str(error)  # names the file
        return
    assert deck.id


@FUZZ
@given(data=st.binary(max_size=600), fmt=st.sampled_from(sorted(SUFFIX)))
def test_fuzz_arbitrary_bytes(data: bytes, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"noise{SUFFIX[fmt]}"
        path.write_bytes(data)
        try:
            read_file(path)
        except InputError as error:
            assert path.name in str(error).splitlines()[0], str(error)
