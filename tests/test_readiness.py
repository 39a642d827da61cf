"""Exam-day readiness: predicted recall is the mean FSRS retrievability at that date."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dlquiz.cli.main import main
from dlquiz.core.exam import ExamSettings, select_questions
from dlquiz.core.readiness import ReadinessCard, expected_score, readiness
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, CardPhase, CardState, Scheduler
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.memory_store import scheduler_settings
from dlquiz.storage.readiness_store import collection_readiness, exam_moment
from dlquiz.storage.schema import CardRow
from dlquiz.storage.study import state_of
from tests.memory_helpers import AFTER_HISTORY, copied_bank, seeded_file

NOW = AFTER_HISTORY


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_file(tmp_path_factory, DEFAULT_PARAMETERS, now=NOW)


@pytest.fixture
def bank(seeded: Path, tmp_path: Path) -> Iterator[QuestionBank]:
    with copied_bank(seeded, tmp_path, now=NOW) as opened:
        yield opened


@pytest.mark.parametrize("days_ahead", [0, 1, 7, 30, 180])
def test_predicted_recall_is_mean_retrievability_overall_and_by_section(
    bank: QuestionBank, days_ahead: int
) -> None:
    day = (NOW + timedelta(days=days_ahead)).date()
    result = collection_readiness(bank, day=day, zone=UTC, target=0.8)
    moment = exam_moment(day, UTC)
    scheduler = Scheduler(scheduler_settings(bank.collection))
    with bank.collection.session() as s:
        rows = s.scalars(select(CardRow).where(CardRow.retired.is_(False))).all()
        states = {r.id: (r.topic, state_of(r)) for r in rows}
    recall = {cid: scheduler.retrievability(st, now=moment) for cid, (_t, st) in states.items()}
    assert result.cards == len(states)
    assert result.overall == pytest.approx(sum(recall.values()) / len(recall), abs=1e-12)
    for section in result.sections:
        members = [cid for cid, (topic, _st) in states.items() if topic == section.section]
        expected = sum(recall[c] for c in members) / len(members)
        assert section.predicted_recall == pytest.approx(expected, abs=1e-12)
        assert section.at_risk == (expected < 0.8)
    assert any(s.studied for s in result.sections)


def test_recall_falls_as_the_exam_moves_away(bank: QuestionBank) -> None:
    figures = [
        collection_readiness(bank, day=(NOW + timedelta(days=d)).date(), zone=UTC).overall
        for d in (1, 10, 60, 365)
    ]
    assert figures == sorted(figures, reverse=True) and figures[0] > figures[-1]


def test_a_past_date_is_refused(bank: QuestionBank) -> None:
    with pytest.raises(ValueError, match="has passed"):
        collection_readiness(bank, day=date(2020, 1, 1), zone=UTC)


def _card(i: int, section: str, state: CardState) -> ReadinessCard:
    return ReadinessCard(card_id=i, question_id=f"q{i}", section=section, state=state)


def test_new_cards_count_as_not_known_and_known_cards_by_their_memory() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    strong = CardState(
        phase=CardPhase.REVIEW, stability=100.0, difficulty=5.0, due=at, last_review=at, reps=3
    )
    cards = [_card(1, "A", strong), _card(2, "A", CardState()), _card(3, "B", strong)]
    settings = Scheduler().settings
    result = readiness(cards, settings, exam_at=at + timedelta(days=10), target=0.7)
    r = Scheduler().retrievability(strong, now=at + timedelta(days=10))
    by_name = {s.section: s for s in result.sections}
    assert by_name["A"].predicted_recall == pytest.approx(r / 2)
    assert by_name["B"].predicted_recall == pytest.approx(r) and not by_name["B"].at_risk
    assert result.at_risk == ("A",)
    assert result.overall == pytest.approx(2 * r / 3)


def test_expected_score_uses_the_exam_draw_and_gives_a_range(bank: QuestionBank) -> None:
    pool = bank.questions()
    exam = ExamSettings(questions=20)
    certain = expected_score(pool, dict.fromkeys((q.id for q in pool), 1.0), exam)
    assert certain is not None
    assert (certain.expected, certain.low, certain.high) == (1.0, 1.0, 1.0)
    half = expected_score(pool, dict.fromkeys((q.id for q in pool), 0.5), exam)
    assert half is not None and half.expected == pytest.approx(0.5)
    assert half.low < 0.5 < half.high
    # only drawn questions matter: knowing one question is worth 1/20 in the draws that ask it
    first = select_questions(pool, exam)[0]
    one = expected_score(pool, {first.id: 1.0}, exam, draws=1)
    assert one is not None and one.expected == pytest.approx(1 / 20)


def test_cli_readiness_json(bank: QuestionBank, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(bank.collection.path)
    bank.collection.close(backup=False)
    day = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    code = main(["--db", db, "readiness", "--date", day, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["date"] == day
    assert 0.0 <= out["predicted_recall"] <= 1.0
    assert {s["section"] for s in out["sections"]} >= set(out["sections_at_risk"])
    score = out["expected_score"]
    assert score["questions"] == 20 and score["low"] <= score["expected"] <= score["high"]
    code = main(["--db", db, "readiness", "--date", "2020-01-01", "--json"])
    assert code == 1 and "has passed" in capsys.readouterr().err


def test_a_large_pool_is_sampled_per_section_without_changing_the_expectation() -> None:
    from dlquiz.core.model import NumberKey, Question, QuestionType

    pool = [
        Question(
            id=f"big:q{i}",
            deck="big",
            type=QuestionType.TYPED,
            prompt=f"What is {i} plus one?",
            key=NumberKey(i + 1),
            answer=str(i + 1),
            topic=f"section {i % 10}",
        )
        for i in range(3000)
    ]
    known = {q.id: 1.0 for q in pool if q.topic == "section 0"}
    result = expected_score(pool, known, ExamSettings(questions=20))
    assert result is not None and result.questions == 20
    assert result.expected == pytest.approx(0.1, abs=0.02)  # two of twenty, one section in ten


def test_a_sibling_map_worked_out_once_for_the_pool_draws_the_same_exams() -> None:
    from dlquiz.core.generate import generate_questions
    from dlquiz.core.model import QuestionType
    from dlquiz.core.siblings import sibling_map
    from dlquiz.decks.chapter import load_chapter_deck

    pool = generate_questions(load_chapter_deck())
    once = sibling_map(pool)
    topics = tuple(sorted({q.topic for q in pool}))
    for seed in range(15):
        for exam in (
            ExamSettings(questions=20, seed=seed),
            ExamSettings(questions=30, seed=seed, types=(QuestionType.TYPED, QuestionType.CLOZE)),
            ExamSettings(questions=10, seed=seed, topics=topics[:3]),
        ):
            drawn = select_questions(pool, exam)
            assert select_questions(pool, exam, siblings=once) == drawn


def test_a_large_pool_is_sampled_per_topic_and_a_small_one_whole() -> None:
    from dlquiz.core.readiness import LARGE_POOL, MIN_SAMPLE, sample_ids

    assert sample_ids([(f"q{i}", "A") for i in range(LARGE_POOL)], 20) is None
    entries = [(f"q{i}", f"T{i % 5}") for i in range(5000)]
    chosen = sample_ids(entries, 20)
    assert chosen is not None and len(chosen) == 5 * MIN_SAMPLE == len(set(chosen))
    topic = dict(entries)
    assert {topic[q] for q in chosen} == {f"T{i}" for i in range(5)}
    assert sample_ids(list(reversed(entries)), 20) == chosen  # fixed, not by input order
    wide = sample_ids(entries, 500)  # a long exam keeps three times each topic's share
    assert wide is not None and len(wide) == 5 * 300


def test_the_bank_reads_many_questions_at_once_in_the_order_asked(bank: QuestionBank) -> None:
    pool = bank.questions()
    wanted = [q.id for q in pool[::7]][:30] + ["no-such-question"]
    assert bank.some(wanted) == [bank.get(q) for q in wanted[:-1]]
