"""Every reader refuses a field over the documented 100,000 characters with that message.

Python's csv module has its own 131,072-character limit that used to escape as
an unexpected error (exit 70); these cases sit on both sides of it.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from dlquiz.core.problems import InputError
from dlquiz.importers import read_file
from dlquiz.importers.limits import MAX_FIELD_CHARS
from tests.helpers import Here

JUST_OVER = MAX_FIELD_CHARS + 1
OVER_CSV = 131_073  # past the csv module's own default limit
HUGE = 1_000_000


def _apkg(path: Path, fields: list[str]) -> None:
    collection = path.with_suffix(".anki2")
    con = sqlite3.connect(collection)
    con.executescript(
        "CREATE TABLE col (id integer primary key, models text, decks text);"
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, tags text, flds text);"
        "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
    )
    model = {
        "name": "Basic",
        "type": 0,
        "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    }
    con.execute(
        "INSERT INTO col VALUES (1, ?, ?)",
        (json.dumps({"1": model}), json.dumps({"1": {"name": "Default"}})),
    )
    con.execute("INSERT INTO notes VALUES (1, 'g1', 1, '', ?)", ("\x1f".join(fields),))
    con.execute("INSERT INTO cards VALUES (1, 1, 1, 0)")
    con.commit()
    con.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", "{}")


def _text(name: str, body: Callable[[str], str]) -> Callable[[Path, str], Path]:
    def make(folder: Path, long: str) -> Path:
        path = folder / name
        path.write_text(body(long), encoding="utf-8")
        return path

    return make


def _package(where: str) -> Callable[[Path, str], Path]:
    def make(folder: Path, long: str) -> Path:
        path = folder / "deck.apkg"
        _apkg(path, [long, "back"] if where == "front" else ["front", long])
        return path

    return make


MAKERS: dict[str, Callable[[Path, str], Path]] = {
    "csv back": _text("d.csv", lambda x: f"q1,a1\nq2,{x}\nq3,a3\n"),
    "csv quoted front": _text("d.csv", lambda x: f'q1,a1\n"{x}",a2\nq3,a3\n'),
    "csv with header row": _text("d.csv", lambda x: f"Front,Back\nq1,a1\nq2,{x}\n"),
    "csv one column": _text("d.csv", lambda x: f"{x}\n"),
    "csv commas inside": _text("d.csv", lambda x: f'q1,a1\nq2,"{x[:-10]},,,,,,,,,,"\n'),
    "tsv back": _text("d.tsv", lambda x: f"q1\ta1\nq2\t{x}\n"),
    "txt tab": _text("d.txt", lambda x: f"q1\ta1\nq2\t{x}\nq3\ta3\n"),
    "txt anki header": _text("d.txt", lambda x: f"#separator:tab\n#html:true\nq1\ta1\nq2\t{x}\n"),
    "txt semicolon": _text("d.txt", lambda x: f"q1;a1\nq2;{x}\nq3;a3\n"),
    "txt pipe quoted": _text("d.txt", lambda x: f'q1|a1\nq2|"{x}"\n'),
    "kahoot csv": _text(
        "k.csv",
        lambda x: "Question,Answer 1,Answer 2,Correct answer(s)\n" + f"Which?,{x},b,1\n",
    ),
    "gift stem": _text("d.gift", lambda x: f"{x}?{{=a ~b}}\n"),
    "gift answer": _text("d.gift", lambda x: f"Which?{{={x} ~b}}\n"),
    "gift short answer": _text("d.gift", lambda x: f"Which?{{={x}}}\n"),
    "gift feedback": _text("d.gift", lambda x: f"Which?{{=a#{x} ~b}}\n"),
    "aiken stem": _text("d.txt", lambda x: f"{x}?\nA. one\nB. two\nANSWER: A\n"),
    "aiken option": _text("d.txt", lambda x: f"Which?\nA. {x}\nB. two\nANSWER: A\n"),
    "moodle xml stem": _text(
        "d.xml",
        lambda x: (
            '<?xml version="1.0"?><quiz><question type="shortanswer"><name><text>n'
            f"</text></name><questiontext><text>{x}</text></questiontext>"
            '<answer fraction="100"><text>a</text></answer></question></quiz>'
        ),
    ),
    "moodle xml answer": _text(
        "d.xml",
        lambda x: (
            '<?xml version="1.0"?><quiz><question type="shortanswer"><name><text>n'
            "</text></name><questiontext><text>Which?</text></questiontext>"
            f'<answer fraction="100"><text>{x}</text></answer></question></quiz>'
        ),
    ),
    "apkg front": _package("front"),
    "apkg back": _package("back"),
}


@pytest.mark.parametrize("size", [JUST_OVER, OVER_CSV, HUGE])
@pytest.mark.parametrize("case", sorted(MAKERS))
def test_long_field_refused_with_the_documented_limit(tmp_path: Path, case: str, size: int) -> None:
    path = MAKERS[case](tmp_path, "x" * size)
    with pytest.raises(InputError) as error:
        read_file(path)
    message = str(error.value)
    assert f"{MAX_FIELD_CHARS:,} characters" in message, message
    assert message.startswith(path.name)


@pytest.mark.parametrize(
    ("case", "fmt"),
    [("csv back", None), ("txt tab", None), ("gift answer", None), ("aiken option", "aiken")],
)
def test_a_field_at_the_limit_is_accepted(tmp_path: Path, case: str, fmt: str | None) -> None:
    # Detection reads the first 64 KB, which a 100,000-character option fills
    # before Aiken's ANSWER line: the format is named here.
    path = MAKERS[case](tmp_path, "x" * MAX_FIELD_CHARS)
    assert read_file(path, format=fmt).deck.questions


@pytest.mark.parametrize("case", ["csv back", "csv quoted front", "txt tab"])
def test_cli_exit_code_is_1_not_70(tmp_path: Path, case: str, here: Here) -> None:
    path = MAKERS[case](tmp_path, "x" * OVER_CSV)
    done = here("import", str(path), db=tmp_path / "c.db")
    assert done.returncode == 1, done.stderr
    assert f"{MAX_FIELD_CHARS:,} characters" in done.stderr
    assert "Traceback" not in done.stderr
