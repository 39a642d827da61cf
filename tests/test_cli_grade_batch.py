"""``dlquiz grade --batch``: a teacher grades a class's answers in one process.

The first test runs the command as a real process; the others call ``main``
in this process (the ``here`` fixture), which answers the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Here
from tests.test_cli_study import dlquiz

QID = "deep-learning-revolution:resnet-lab:typed"
YEAR = "deep-learning-revolution:alexnet-year:typed"


def _lines(*records: dict[str, str]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


@pytest.mark.slow  # starts a process
def test_batch_from_a_file_gives_one_verdict_a_line_with_grade_json_keys(tmp_path: Path) -> None:
    db = tmp_path / "c.dlquiz"
    answers = tmp_path / "answers.jsonl"
    answers.write_text(
        _lines(
            {"question_id": QID, "answer": "MSR"},
            {"question_id": YEAR, "answer": "'12"},
            {"question_id": YEAR, "answer": "2011"},
        ),
        encoding="utf-8",
    )
    done = dlquiz("grade", "--batch", str(answers), db=db)
    assert done.returncode == 0, done.stderr
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    single = json.loads(dlquiz("grade", QID, "MSR", "--json", db=db).stdout)
    assert verdicts[0] == {"question_id": QID, **single}
    assert [v["verdict"] for v in verdicts] == ["correct", "correct", "incorrect"]
    assert "Accepted: MSR is Microsoft Research." in verdicts[0]["feedback"]


def test_batch_reads_standard_input(tmp_path: Path, here: Here) -> None:
    done = here(
        "grade",
        "--batch",
        "-",
        db=tmp_path / "c.dlquiz",
        stdin=_lines({"question_id": YEAR, "answer": "in 2012"}) + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["correct"] is True


def test_a_bad_file_is_refused_whole_naming_every_bad_line(tmp_path: Path, here: Here) -> None:
    answers = tmp_path / "class.jsonl"
    answers.write_text(
        _lines({"question_id": YEAR, "answer": "2012"})
        + "not json\n"
        + _lines({"question_id": "no-such-id", "answer": "x"})
        + json.dumps({"question_id": YEAR, "answer": 2012})
        + "\n",
        encoding="utf-8",
    )
    done = here("grade", "--batch", str(answers), db=tmp_path / "c.dlquiz")
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"{answers}:2: not a JSON object" in done.stderr
    assert f"{answers}:3: unknown question id 'no-such-id'" in done.stderr
    assert f"{answers}:4: 'answer' must be text" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_file_is_a_user_error_and_a_mixed_command_line_a_usage_error(
    tmp_path: Path, here: Here
) -> None:
    db = tmp_path / "c.dlquiz"
    missing = here("grade", "--batch", str(tmp_path / "none.jsonl"), db=db)
    assert missing.returncode == 1 and "cannot read the answers" in missing.stderr
    mixed = here("grade", YEAR, "2012", "--batch", "-", db=db)
    assert mixed.returncode == 1 and "not both" in mixed.stderr
    nothing = here("grade", db=db)
    assert nothing.returncode == 1 and "--batch FILE" in nothing.stderr


def _unclozable_facts() -> list[str]:
    """Chapter facts with a typed question but no cloze: their value fits no blank."""
    from dlquiz.chapter import chapter

    _, questions = chapter()
    ids = {question.id for question in questions}
    return sorted(
        qid.removesuffix(":typed")
        for qid in ids
        if qid.endswith(":typed") and qid.removesuffix(":typed") + ":cloze" not in ids
    )


def test_answers_to_a_cloze_no_longer_asked_grade_as_its_typed_question(
    tmp_path: Path, here: Here
) -> None:
    stems = _unclozable_facts()
    assert len(stems) >= 5  # the chapter has several phrase answers that get no cloze
    db = tmp_path / "c.dlquiz"
    records = []
    for stem in stems:
        typed = json.loads(here("grade", f"{stem}:typed", "idk", "--json", db=db).stdout)
        records.append({"question_id": f"{stem}:cloze", "answer": typed["expected"]})
    done = here("grade", "--batch", "-", db=db, stdin=_lines(*records))
    assert done.returncode == 0, done.stderr
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    assert [v["question_id"] for v in verdicts] == [r["question_id"] for r in records]
    assert all(v["verdict"] == "correct" for v in verdicts), verdicts
    single = here("grade", f"{stems[0]}:cloze", "nonsense words", "--json", db=db)
    assert json.loads(single.stdout)["verdict"] == "incorrect"


def test_only_a_cloze_id_has_a_stand_in(tmp_path: Path, here: Here) -> None:
    stem = _unclozable_facts()[0]
    for variant in ("clozes", "cloze-2", "fill"):  # not the cloze variant: no stand-in
        done = here("grade", f"{stem}:{variant}", "x", db=tmp_path / "c.dlquiz")
        assert done.returncode == 1
        assert "unknown question id" in done.stderr
    done = here(
        "grade", "deep-learning-revolution:no-such-fact:cloze", "x", db=tmp_path / "c.dlquiz"
    )
    assert done.returncode == 1 and "unknown question id" in done.stderr
