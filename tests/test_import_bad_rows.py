"""Text files with bad rows: refused whole by default, or stored without them on request.

The reader always knows the line of each bad row; ``--dry-run`` and the GUI
preview list them, and ``--skip-bad-rows`` stores the rest in one go.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlquiz.cli.main import main
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file

LONG = "x" * 100_001


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    good: int  # cards from the good rows
    bad: list[int]  # lines of the bad rows
    reason: str  # fragment of the first bad row's reason


CASES = [
    Case(*case)
    for case in [
        (
            "one-bad.txt",
            "cat\tgato\ndog\tperro\nbird\nfish\tpez\n",
            3,
            [3],
            "only 1 field",
        ),
        (
            "comments-count.txt",
            "# a comment\ncat\tgato\n\nlonely\n# another\nfish\tpez\nalone too\n",
            2,
            [4, 7],
            "only 1 field",
        ),
        (
            "header.csv",
            "Front,Back\ncat,gato\ncaballo\ndog,perro\nlobo\n",
            2,
            [3, 5],
            "separated by comma",
        ),
        (
            "anki-header.txt",
            "#separator:semicolon\n#html:false\ncat;gato\nmouse\ndog;perro\n",
            2,
            [4],
            "separated by semicolon",
        ),
        (
            "long.csv",
            f"cat,gato\ndog,{LONG}\nfish,pez\n",
            2,
            [2],
            "longer than 100,000 characters",
        ),
        (
            "quoted.csv",
            'cat,gato\n"a quoted\nfront",two lines\nbird\nfish,pez\n',
            3,
            [4],
            "only 1 field",
        ),
        (
            "kahoot.csv",
            "Question,Answer 1,Answer 2,Correct answer(s)\n"
            "Capital of France?,Paris,Rome,1\n"
            "Capital of Italy?,Paris,Rome,x\n"
            "Capital of Spain?,Madrid,,2\n"
            "Capital of Peru?,Lima,Quito,1\n",
            2,
            [3, 4],
            "is not an answer number",
        ),
    ]
]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_refused_whole_by_default_with_every_bad_line(tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case.name, case.text)
    with pytest.raises(InputError) as error:
        read_file(path)
    lines = [problem.line for problem in error.value.problems]
    assert lines == case.bad
    assert case.reason in error.value.problems[0].message


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_skipping_keeps_the_good_rows_and_lists_the_bad(tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case.name, case.text)
    imported = read_file(path, skip_bad_rows=True)
    cards = {q.id.removesuffix(":mc") for q in imported.deck.questions}
    assert len(cards) == case.good
    assert [problem.line for problem in imported.bad_rows] == case.bad
    assert case.reason in imported.bad_rows[0].message
    assert all(problem.file == case.name for problem in imported.bad_rows)


def test_a_file_without_bad_rows_reports_none(tmp_path: Path) -> None:
    path = _write(tmp_path, "fine.txt", "cat\tgato\ndog\tperro\n")
    assert read_file(path, skip_bad_rows=True).bad_rows == ()


def test_only_bad_rows_is_refused_even_when_skipping(tmp_path: Path) -> None:
    path = _write(tmp_path, "all-bad.csv", "one\ntwo\n")
    with pytest.raises(InputError) as error:
        read_file(path, format="csv", skip_bad_rows=True)
    message = str(error.value)
    assert "all-bad.csv:1: only 1 field" in message
    assert "all-bad.csv:2: only 1 field" in message
    assert "no importable question: 2 bad rows (listed above) left out" in message


def test_a_broken_structure_is_not_a_bad_row(tmp_path: Path) -> None:
    # A quote left open swallows the rest of the file: no row can be trusted.
    rows = "".join(f"front {n},back {n}\n" for n in range(60))
    path = _write(tmp_path, "open-quote.csv", 'cat,"gato\n' + rows)
    with pytest.raises(InputError, match="closing quote"):
        read_file(path, skip_bad_rows=True)


def test_gift_problems_are_never_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "q.gift", "Good?{=yes ~no}\n\nBad?{=yes ~no\n")
    with pytest.raises(InputError, match="never closed"):
        read_file(path, skip_bad_rows=True)


def test_repeated_rows_count_once_as_anki_counts_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "dupes.txt", "cat\tgato\ndog\tperro\ncat\tgato\ncat\tfelino\n")
    imported = read_file(path)
    cards = {(q.text_prompt, q.answer) for q in imported.deck.questions}
    assert cards == {("cat", "gato"), ("dog", "perro"), ("cat", "felino")}
    assert "dupes.txt:3: repeated card skipped: it repeats line 1" in imported.notices


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _stored_questions(db: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code, out, _ = _cli(capsys, "--db", str(db), "stats", "--json")
    assert code == 0
    return int(json.loads(out)["cards_total"])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_cli_dry_run_lists_bad_rows_and_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    path = _write(tmp_path, case.name, case.text)
    db = tmp_path / "c.dlquiz"
    code, out, err = _cli(capsys, "--db", str(db), "import", "--dry-run", str(path))
    assert code == 1
    for line in case.bad:
        assert f"bad row: {case.name}:{line}: " in err
    assert case.reason in err
    assert "--skip-bad-rows imports the other" in err
    assert "would import" not in out
    assert not db.exists()


def test_cli_dry_run_with_skip_says_what_would_be_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "one-bad.txt", CASES[0].text)
    db = tmp_path / "c.dlquiz"
    code, out, err = _cli(
        capsys, "--db", str(db), "import", "--dry-run", "--skip-bad-rows", str(path)
    )
    assert code == 0, err
    assert "would import" in out and "1 bad row left out" in out
    assert "bad row: one-bad.txt:3: only 1 field" in err
    assert not db.exists()


def test_cli_refuses_the_whole_file_without_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "one-bad.txt", CASES[0].text)
    db = tmp_path / "c.dlquiz"
    fine = _write(tmp_path, "fine.txt", "sun\tsol\nmoon\tluna\n")
    before = _stored_questions(db, capsys)
    code, out, err = _cli(capsys, "--db", str(db), "import", str(path), str(fine))
    assert code == 1
    assert "one-bad.txt: not imported: 1 bad row" in err
    assert "fine.txt: stored as deck" in out  # each file on its own, as before
    assert "one-bad.txt: stored" not in out
    assert _stored_questions(db, capsys) > before


def test_cli_skip_bad_rows_stores_the_good_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "one-bad.txt", CASES[0].text)
    db = tmp_path / "c.dlquiz"
    code, out, err = _cli(capsys, "--db", str(db), "import", "--skip-bad-rows", str(path))
    assert code == 0, err
    assert "bad row: one-bad.txt:3: only 1 field" in err
    assert "1 bad row left out" in out
    code, out, _ = _cli(capsys, "--db", str(db), "questions", "--deck", "one-bad", "--json")
    prompts = {json.loads(line)["prompt"] for line in out.splitlines()}
    assert prompts == {"cat", "dog", "fish"}
