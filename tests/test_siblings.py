"""Siblings: found in any deck, buried in the study queue, kept apart in exams."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlquiz.chapter import chapter
from dlquiz.cli.cmd_study import study_loop
from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import ExamSettings, select_questions
from dlquiz.core.model import (
    ChoiceKey,
    FlashKey,
    ListKey,
    ListMember,
    NumberKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)
from dlquiz.core.settings import Settings
from dlquiz.core.siblings import sibling_map
from dlquiz.storage.study import StudyCard, StudyService
from tests.helpers import open_test_collection, study_service

CHAPTER = "deep-learning-revolution"


def _q(
    local: str, prompt: str, key: object, *, facts: tuple[str, ...] = (), **kw: object
) -> Question:
    answer = kw.pop("answer", "")
    return Question(
        id=f"d:{local}",
        deck=str(kw.pop("deck", "d")),
        type=kw.pop("type", QuestionType.TYPED),  # type: ignore[arg-type]
        prompt=prompt,
        key=key,  # type: ignore[arg-type]
        answer=str(answer),
        fact_ids=facts,
        **kw,  # type: ignore[arg-type]
    )


# (first, second, siblings?) over small made-up decks: every way two
# questions can give each other away, and look-alikes that do not.
CASES = [
    (  # one fact, two forms
        _q("a", "In which year did AlexNet win?", NumberKey(2012, is_year=True), facts=("f1",)),
        _q("b", "True or false: AlexNet won in 2013.", TrueFalseKey(False), facts=("f1",)),
        True,
    ),
    (  # a prompt that states another question's year
        _q("a", "In which year did AlphaGo beat Lee Sedol?", NumberKey(2016, is_year=True)),
        _q("b", "Whom did AlphaGo beat in 2016?", TextKey(("Lee Sedol", "Sedol"))),
        True,
    ),
    (  # an alias counts as the answer
        _q("a", "Who led the AlexNet team?", TextKey(("Geoffrey Hinton", "Hinton"))),
        _q("b", "Which university was Hinton at?", TextKey(("University of Toronto",))),
        True,
    ),
    (  # a word inside another word is no reveal
        _q("a", "What is the network called?", TextKey(("ResNet",))),
        _q("b", "Who coined ResNets-like names?", TextKey(("nobody",))),
        False,
    ),
    (  # a bare small number is not the answer "5 games"
        _q("a", "How many games did the match have?", NumberKey(5, unit="games")),
        _q("b", "What does top-5 accuracy measure?", TextKey(("five best guesses",))),
        False,
    ),
    (  # ... but the number with its unit is
        _q("a", "How many games did the match have?", NumberKey(5, unit="games")),
        _q("b", "Who won the match of 5 games?", TextKey(("AlphaGo",))),
        True,
    ),
    (  # one member of a four-member list named in passing gives nothing away
        _q(
            "a",
            "Name the four sources.",
            ListKey(tuple(ListMember(t) for t in "web phones social sensors".split())),
            type=QuestionType.LIST,
        ),
        _q("b", "Which phones unlock by face?", TextKey(("smartphones",))),
        False,
    ),
    (  # two members do
        _q(
            "a",
            "Name the four sources.",
            ListKey(tuple(ListMember(t) for t in ("the web", "phones", "social", "sensors"))),
            type=QuestionType.LIST,
        ),
        _q("b", "What did the web and phones produce?", TextKey(("data",))),
        True,
    ),
    (  # the items of a matching question are shown, so they can give an answer away
        _q("a", "Which lab built ResNet?", TextKey(("Microsoft Research",))),
        _q(
            "b",
            "Match each model to its lab.",
            ChoiceKey((0,)),
            type=QuestionType.MATCHING,
            choices=("Microsoft Research", "Google"),
        ),
        True,
    ),
    (  # the wrong options of a multiple choice are not revealing
        _q("a", "Which lab built GoogLeNet?", TextKey(("Google",))),
        _q(
            "b",
            "Which lab built ResNet?",
            ChoiceKey((0,)),
            type=QuestionType.MULTIPLE_CHOICE,
            choices=("Microsoft Research", "Google", "IBM", "Intel"),
        ),
        False,
    ),
    (  # cards of one imported note
        _q("a", "Capital of France?", TextKey(("Paris",)), facts=("note:n1",)),
        _q(
            "b",
            "Capital of France?",
            ChoiceKey((0,)),
            facts=("note:n1",),
            type=QuestionType.MULTIPLE_CHOICE,
            choices=("Paris", "Rome", "Oslo", "Bern"),
        ),
        True,
    ),
    (  # a short flashcard back is an answer term
        _q(
            "a",
            "What does GAN stand for?",
            FlashKey("Generative Adversarial Network"),
            answer="Generative Adversarial Network",
            type=QuestionType.FLASHCARD,
        ),
        _q("b", "Who invented the Generative Adversarial Network?", TextKey(("Ian Goodfellow",))),
        True,
    ),
    (  # unrelated questions
        _q("a", "How many layers did AlexNet have?", NumberKey(8, unit="layers")),
        _q("b", "What does GAN stand for?", TextKey(("Generative Adversarial Network",))),
        False,
    ),
]


@pytest.mark.parametrize(("first", "second", "expected"), CASES)
def test_siblings_are_found_both_ways(first: Question, second: Question, expected: bool) -> None:
    second = Question(**{**{f: getattr(second, f) for f in second.__slots__}, "id": "d:z"})  # type: ignore[attr-defined]
    found = sibling_map([first, second])
    assert (second.id in found.get(first.id, frozenset())) is expected
    assert (first.id in found.get(second.id, frozenset())) is expected


def test_questions_of_different_decks_are_never_siblings() -> None:
    a = _q("a", "In which year?", NumberKey(2012, is_year=True), facts=("f",))
    b = Question(**{**{f: getattr(a, f) for f in a.__slots__}, "id": "e:a", "deck": "e"})  # type: ignore[attr-defined]
    assert sibling_map([a, b]) == {}


def test_chapter_pairs_that_gave_each_other_away_are_siblings() -> None:
    _deck, questions = chapter()
    found = sibling_map(questions)
    for a, b in [
        ("imagenet-story-order", "alexnet-accuracy:typed"),  # its steps state "85%"
        ("alexnet-year:typed", "alexnet-year:tf-false"),
        ("alexnet-year:typed", "alexnet-year:mc"),
    ]:
        assert f"{CHAPTER}:{b}" in found[f"{CHAPTER}:{a}"]
    assert f"{CHAPTER}:gan-full-name:typed" not in found[f"{CHAPTER}:alexnet-depth:typed"]
    # Rewritten so that neither names the other's answer: no longer siblings.
    assert f"{CHAPTER}:alphago-opponent:typed" not in found[f"{CHAPTER}:alphago-year:typed"]


class _Recorder:
    """The study service, noting which question each card showed and when."""

    def __init__(self, service: StudyService, clock: FakeClock) -> None:
        self._service = service
        self.clock = clock
        self.shown: defaultdict[int, list[str]] = defaultdict(list)
        self.day = 0

    def next_card(self, deck_ids: list[str] | None = None) -> StudyCard | None:
        card = self._service.next_card(deck_ids)
        if card is not None:
            self.shown[self.day].append(card.question.id)
        return card

    def __getattr__(self, name: str) -> object:
        return getattr(self._service, name)


def _study_days(tmp_path: Path, *, days: int, settings: Settings, answers: int = 80) -> _Recorder:
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        collection.save_settings(settings)
        recorder = _Recorder(study_service(collection), clock)
        for day in range(days):
            recorder.day = day
            # Half the answers wrong ("don't know"), so learning cards come back the same day.
            lines = "\n".join("" if i % 2 else "x" for i in range(answers)) + "\n"
            study_loop(
                recorder, deck_ids=None, limit=None, inp=io.StringIO(lines), out=io.StringIO()
            )  # type: ignore[arg-type]
            clock.advance(timedelta(days=1).total_seconds())
    finally:
        collection.close()
    return recorder


def test_terminal_study_of_the_first_60_new_cards_never_shows_siblings_on_one_day(
    tmp_path: Path,
) -> None:
    recorder = _study_days(tmp_path, days=3, settings=Settings())  # 20 new a day
    _deck, questions = chapter()
    siblings = sibling_map(questions)
    first_seen = {qid for day in recorder.shown.values() for qid in day}
    assert len(first_seen) >= 60
    for day, shown in recorder.shown.items():
        distinct = set(shown)
        for qid in distinct:
            clash = siblings.get(qid, frozenset()) & distinct
            assert not clash, f"day {day}: {qid} shown with its siblings {sorted(clash)}"


def test_without_burying_siblings_meet_on_one_day(tmp_path: Path) -> None:
    settings = Settings(bury_siblings=False, new_per_day=9999)
    recorder = _study_days(tmp_path, days=1, settings=settings, answers=160)
    _deck, questions = chapter()
    siblings = sibling_map(questions)
    distinct = set(recorder.shown[0])
    assert any(siblings.get(qid, frozenset()) & distinct for qid in distinct)


def test_buried_siblings_are_not_counted_as_waiting(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        collection.save_settings(Settings(new_per_day=9999, new_per_day_total=9999))  # no limit
        service = study_service(collection)
        siblings = sibling_map(chapter()[1])
        while True:  # answer until a card with siblings comes (all are new: none is buried)
            before = service.counts().new
            card = service.next_card()
            assert card is not None
            service.record(card, rating=4, answer="x", grade=None, duration_ms=1)  # type: ignore[arg-type]
            buried = len(siblings.get(card.question.id, frozenset()))
            if buried:
                break
        after = service.counts().new
        assert after == before - 1 - buried
        clock.advance(timedelta(days=1).total_seconds())
        assert service.counts().new > after  # buried only until the next day
    finally:
        collection.close()


def test_an_exam_keeps_siblings_apart() -> None:
    _deck, questions = chapter()
    siblings = sibling_map(questions)
    for seed in range(20):
        drawn = select_questions(questions, ExamSettings(seed=seed, questions=40))
        ids = set(drawn.question_ids)
        assert len(ids) == 40
        for qid in ids:
            assert not siblings.get(qid, frozenset()) & ids, (seed, qid)


def test_the_cards_of_one_imported_note_are_siblings_and_other_notes_are_not(
    tmp_path: Path,
) -> None:
    from dlquiz.importers import read_file

    path = tmp_path / "notes.txt"
    path.write_text(
        "#notetype:Basic (and reversed card)\n"
        "Hinton\tGodfather of deep learning\n"
        "LeCun\tFather of convolutional networks\n"
        "{{c1::AlexNet}} won in {{c2::2012}}\tfrom Toronto\n",
        encoding="utf-8",
    )
    questions = read_file(path).deck.questions
    found = sibling_map(questions)
    by_prompt = {q.text_prompt: q.id for q in questions}
    hinton, godfather = by_prompt["Hinton"], by_prompt["Godfather of deep learning"]
    assert found[hinton] == {godfather}
    lecun = by_prompt["LeCun"]
    assert lecun not in found.get(hinton, frozenset())
    clozes = [q.id for q in questions if q.type is QuestionType.CLOZE]
    assert len(clozes) == 2 and clozes[1] in found[clozes[0]]
