"""``dlquiz import`` and ``dlquiz decks`` as a user runs them.

A dry run and the byte-identical output of two runs are checked in real
processes; the rest calls ``main`` in this process (the ``here`` fixture).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Here
from tests.test_cli_study import dlquiz

GIFT = """::Year::In which year did AlexNet win ImageNet? {#2012}

::Lab::Which lab built ResNet? {=Microsoft Research ~Google ~Oxford ~DeepMind}
"""


@pytest.mark.slow  # starts a process
def test_dry_run_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.dlquiz"
    source = tmp_path / "quiz.gift"
    source.write_text(GIFT, encoding="utf-8")
    done = dlquiz("import", str(source), "--dry-run", db=db)
    assert done.returncode == 0, done.stderr
    assert "would import 2 questions as gift" in done.stdout
    assert not db.exists()


def test_import_list_grade_reimport_and_remove(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    source = tmp_path / "quiz.gift"
    source.write_text(GIFT, encoding="utf-8")
    done = here("import", str(source), "--deck", "AlexNet quiz", db=db)
    assert done.returncode == 0, done.stderr
    assert "2 new" in done.stdout
    listed = here("decks", "list", db=db).stdout
    assert "AlexNet quiz" in listed
    lines = here("questions", "--deck", "AlexNet quiz", "--json", db=db).stdout.splitlines()
    questions = [json.loads(line) for line in lines]
    assert len(questions) == 2
    mc = next(q for q in questions if q["type"] == "multiple_choice")
    assert mc["answer"] == "Microsoft Research" and mc["answer"] in mc["choices"]
    graded = json.loads(here("grade", mc["id"], "Microsoft Research", "--json", db=db).stdout)
    assert graded["correct"] is True
    again = here("import", str(source), "--deck", "AlexNet quiz", db=db)
    assert "0 new, 2 kept" in again.stdout
    removed = here("decks", "rm", "AlexNet quiz", db=db)
    assert removed.returncode == 0 and "history is kept" in removed.stdout
    assert "AlexNet quiz" not in here("decks", "list", db=db).stdout


def test_broken_file_is_refused_with_place_and_nothing_stored(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    source = tmp_path / "bad.txt"
    source.write_text("What is 2+2?\nA. 3\nB. 4\nANSWER: Z\n", encoding="utf-8")
    done = here("import", str(source), "--format", "aiken", db=db)
    assert done.returncode == 1
    assert "bad.txt" in done.stderr and "Traceback" not in done.stderr
    assert not db.exists() or "bad" not in here("decks", "list", db=db).stdout


def test_builtin_deck_cannot_be_removed_and_unknown_names_are_explained(
    tmp_path: Path, here: Here
) -> None:
    db = tmp_path / "c.dlquiz"
    builtin = here("decks", "rm", "The Deep Learning Revolution (2010-2018)", db=db)
    assert builtin.returncode == 1 and "disable it instead" in builtin.stderr
    unknown = here("decks", "rm", "nope", db=db)
    assert unknown.returncode == 1 and "no deck named 'nope'" in unknown.stderr


def test_questions_and_grade_errors(tmp_path: Path, here: Here) -> None:
    db = tmp_path / "c.dlquiz"
    unknown = here("grade", "no-such-id", "2012", db=db)
    assert unknown.returncode == 1 and "unknown question id" in unknown.stderr
    missing = here("questions", "--deck", "missing-deck", "--json", db=db)
    assert missing.returncode == 1 and "no deck or file named" in missing.stderr
    usage = here("grade", db=db)
    assert usage.returncode == 1 and "give QUESTION_ID and ANSWER" in usage.stderr


@pytest.mark.slow  # starts a process
def test_questions_output_is_identical_between_runs(tmp_path: Path) -> None:
    db = tmp_path / "c.dlquiz"
    first = dlquiz("questions", "--json", db=db).stdout
    assert first == dlquiz("questions", "--json", db=db).stdout
    rows = [json.loads(line) for line in first.splitlines()]
    assert len(rows) >= 150
    keys = {"id", "deck", "type", "prompt", "choices", "answer", "topic", "fact_ids"}
    assert keys == set(rows[0])


def test_import_formats_list_matches_the_importers() -> None:
    from dlquiz.cli.cmd_import import FORMATS
    from dlquiz.importers import FORMATS as READER_FORMATS

    assert tuple(FORMATS) == tuple(READER_FORMATS)
