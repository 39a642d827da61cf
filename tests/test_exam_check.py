"""After a simulated exam, the readiness prediction is compared with the outcome."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest

from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import ExamSession, ExamSettings
from dlquiz.core.exam_check import check_exam
from dlquiz.core.model import QuestionType
from dlquiz.core.readiness import recall_at
from dlquiz.core.scheduling import DEFAULT_PARAMETERS
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.exam_check_store import exam_check
from dlquiz.storage.exam_flow import start_exam
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.memory_store import scheduler_settings
from dlquiz.storage.readiness_store import readiness_cards
from tests.helpers import open_test_collection, study_service
from tests.memory_helpers import START, seed_history


def test_check_exam_by_hand() -> None:
    asked = [("a", "S", 1.0), ("b", "S", 0.0), ("c", "T", 0.5), ("d", "T", 1.0)]
    found = check_exam("x", asked, {"a": 0.9, "b": 0.3, "c": 0.6})
    assert found.questions == 4
    assert found.predicted_score == pytest.approx((0.9 + 0.3 + 0.6 + 0.0) / 4)
    assert found.actual_score == pytest.approx(2.5 / 4)
    assert found.predicted_when_right == pytest.approx(0.45)  # a 0.9 and d 0 (no card)
    assert found.predicted_when_wrong == pytest.approx(0.45)  # b 0.3, c 0.6
    assert found.gap == pytest.approx(found.actual_score - found.predicted_score)
    assert check_exam("y", [], {}).questions == 0


def test_a_simulated_exam_is_compared_with_the_prediction_at_its_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock(START + timedelta(days=125))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        seed_history(collection, DEFAULT_PARAMETERS, cards=300, days=120)
        bank = QuestionBank(collection)
        service = study_service(collection)
        settings = scheduler_settings(collection)
        before = recall_at(readiness_cards(bank, None), settings, clock.now())
        by_question = {c.question_id: before[c.card_id] for c in readiness_cards(bank, None)}
        store = ExamStore(collection)
        exam = ExamSettings(questions=20, types=(QuestionType.TYPED,), seed=11)
        attempt, selection = start_exam(
            store, bank.questions(), exam, seconds_per_question=60, now=clock.now()
        )
        session = ExamSession(attempt, clock, on_change=store.save)
        rng = random.Random(2)
        for question in selection:
            # the simulated learner recalls each question with its predicted chance
            if rng.random() < by_question[question.id]:
                session.answer(question.id, question.answer)
            else:
                session.answer(question.id, "no idea at all")
            clock.advance(20)
        result = store.finalize(session.submit(), bank, service)
        found = exam_check(collection)
        assert found.attempt_id == attempt.id and found.questions == len(selection)
        assert found.actual_score == pytest.approx(result.score)
        # the prediction used the cards as they were when the exam began, not after it
        for item in found.items:
            assert item.predicted == pytest.approx(by_question[item.question_id], abs=1e-12)
        assert found.predicted_score == pytest.approx(
            sum(by_question[q.id] for q in selection) / len(selection)
        )
        assert abs(found.gap) < 0.35
        collection.close(backup=False)
        code = main(["--db", str(tmp_path / "c.dlquiz"), "readiness", "--exam", "--json"])
        shown = json.loads(capsys.readouterr().out)
        assert code == 0 and shown["attempt_id"] == attempt.id
        assert len(shown["questions_asked"]) == len(selection)
        assert shown["actual_score"] == pytest.approx(result.score, abs=1e-4)
    finally:
        if not collection.closed:
            collection.close(backup=False)


def test_no_exam_yet_is_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(tmp_path / "c.dlquiz"), "readiness", "--exam"])
    assert code == 1 and "no finished exam yet" in capsys.readouterr().err
    code = main(["--db", str(tmp_path / "c.dlquiz"), "readiness"])
    assert code == 1 and "--date" in capsys.readouterr().err
