"""Class: a ``--db`` that cannot name a collection (17.13, 17.19).

Each is refused before anything is created, with a message naming the path
and the reason, and exit code 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.support import run_cli


def _cases(tmp_path: Path) -> dict[str, tuple[str, str]]:
    folder = tmp_path / "folder"
    folder.mkdir()
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    return {
        "empty": ("", "--db is empty"),
        "blank": ("   ", "--db is empty"),
        "dev-null": ("/dev/null", "not a regular file"),
        "dev-zero": ("/dev/zero", "not a regular file"),
        "folder": (str(folder), "is a folder"),
        "root": ("/", "is a folder"),
        "file-as-parent": (str(a_file / "c.dlquiz"), "is a file, not a folder"),
        "file-as-grandparent": (str(a_file / "sub" / "c.dlquiz"), "is a file, not a folder"),
        "300-chars": (str(tmp_path / ("n" * 300)), "too long"),
        "220-chars": (str(tmp_path / ("m" * 220)), "too long"),
        "300-unicode": (str(tmp_path / ("é" * 150)), "too long"),
    }


CASE_NAMES = [
    "empty",
    "blank",
    "dev-null",
    "dev-zero",
    "folder",
    "root",
    "file-as-parent",
    "file-as-grandparent",
    "300-chars",
    "220-chars",
    "300-unicode",
]
COMMANDS = [
    ["stats", "--json"],
    ["study", "--terminal"],
    ["backup", "list"],
    ["backup", "now"],
    ["decks", "list"],
    ["questions", "--json"],
    ["exam", "history"],
]


@pytest.mark.parametrize("case", CASE_NAMES)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, command: list[str]
) -> None:
    value, reason = _cases(tmp_path)[case]
    before = {p.name for p in tmp_path.rglob("*")}
    done = run_cli(capsys, "--db", value, *command)
    assert done.code == 1, done.err
    assert reason in done.err
    assert "Traceback" not in done.err and "unexpected" not in done.err
    assert {p.name for p in tmp_path.rglob("*")} == before  # nothing created
    assert not Path("/dev/null.lock").exists()


def test_an_empty_option_is_not_the_default_collection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlquiz.storage.paths import default_db_path

    done = run_cli(capsys, "--db", "", "stats", "--json")
    assert done.code == 1
    assert not default_db_path().exists()


@pytest.mark.parametrize("value", ["", "  ", "\t"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_empty_variable_is_not_the_default_collection(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    command: list[str],
) -> None:
    """``DLQUIZ_DB=$UNSET_VARIABLE dlquiz ...`` must not open the learner's real collection."""
    from dlquiz.storage.paths import default_db_path

    monkeypatch.setenv("DLQUIZ_DB", value)
    done = run_cli(capsys, *command)
    assert done.code == 1, done.err
    assert "$DLQUIZ_DB is set but empty" in done.err
    assert "Traceback" not in done.err and "unexpected" not in done.err
    assert not default_db_path().exists()


def test_an_unset_variable_means_the_default_collection(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlquiz.storage.paths import default_db_path, resolve_db_path

    monkeypatch.delenv("DLQUIZ_DB", raising=False)
    assert resolve_db_path(None) == default_db_path()


def test_a_name_just_short_enough_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / ("k" * 200)
    done = run_cli(capsys, "--db", str(path), "stats", "--json")
    assert done.code == 0, done.err
    assert path.exists()
