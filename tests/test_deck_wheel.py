"""The built wheel carries the chapter deck and the schema, and finds them when installed."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DECK_IN_WHEEL = "dlquiz/_data/questions/deep_learning_revolution.yaml"
SCHEMA_IN_WHEEL = "dlquiz/decks/deck.schema.json"


@pytest.mark.slow
def test_the_wheel_contains_the_chapter_deck(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist")]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")  # use the installed backend; no network needed
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("dlquiz-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert DECK_IN_WHEEL in names
        assert SCHEMA_IN_WHEEL in names
        packaged = archive.read(DECK_IN_WHEEL)
        archive.extractall(tmp_path / "site")
    assert packaged == (REPO / "questions" / "deep_learning_revolution.yaml").read_bytes()

    # Import the unpacked wheel (not the checkout) and load the deck it ships.
    probe = (
        "from dlquiz.decks import chapter_deck_path, load_chapter_deck\n"
        "print(chapter_deck_path())\n"
        "print(len(load_chapter_deck().facts))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    path, count = result.stdout.split()
    assert Path(path) == tmp_path / "site" / DECK_IN_WHEEL
    assert int(count) >= 45
