"""Drawing an exam: reproducible from the seed, spread over topics, one question per fact."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from dlquiz.core.exam import ExamSettings, select_questions
from dlquiz.core.model import (
    ChoiceKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)

TOPICS = (
    "The ImageNet Moment (2012)",
    "Big Data",
    "GPU Computing",
    "Going Deeper (2014)",
    "AlphaGo's Triumph (2016)",
)


def typed(local: str, topic: str, facts: tuple[str, ...], deck: str = "dl") -> Question:
    return Question(
        id=f"{deck}:{local}",
        deck=deck,
        type=QuestionType.TYPED,
        prompt=f"Question {local}?",
        key=TextKey((f"answer {local}",)),
        answer=f"answer {local}",
        topic=topic,
        fact_ids=facts,
    )


def choice(local: str, topic: str, facts: tuple[str, ...]) -> Question:
    return Question(
        id=f"dl:{local}",
        deck="dl",
        type=QuestionType.MULTIPLE_CHOICE,
        prompt=f"Pick {local}",
        key=ChoiceKey((0,)),
        answer="right",
        topic=topic,
        fact_ids=facts,
        choices=("right", "wrong", "worse", "worst"),
    )


def chapter_pool() -> list[Question]:
    """Five topics of six facts, each fact asked as typed and as multiple choice,
    plus one ordering question per topic over three of its facts."""
    pool: list[Question] = []
    for t, topic in enumerate(TOPICS):
        facts = [f"t{t}-f{f}" for f in range(6)]
        for fact in facts:
            pool.append(typed(f"{fact}:typed", topic, (fact,)))
            pool.append(choice(f"{fact}:mc", topic, (fact,)))
        pool.append(
            Question(
                id=f"dl:order:t{t}",
                deck="dl",
                type=QuestionType.ORDERING,
                prompt="Put in order",
                key=OrderKey((2, 0, 1)),
                answer="x → y → z",
                topic=topic,
                fact_ids=tuple(facts[:3]),
                choices=("z", "x", "y"),
            )
        )
    return pool


POOL = chapter_pool()


def ids(pool: list[Question], **options: object) -> list[str]:
    return list(select_questions(pool, ExamSettings(**options)).question_ids)  # type: ignore[arg-type]


def test_same_seed_and_settings_give_the_same_exam() -> None:
    first = ids(POOL, questions=20, seed=11)
    assert first == ids(POOL, questions=20, seed=11)
    assert len(first) == len(set(first)) == 20


def test_the_draw_is_pinned_so_shared_exams_stay_the_same_across_releases() -> None:
    # A change here changes every exam shared by seed: make it only on purpose.
    assert ids(POOL, questions=6, seed=2026) == [
        "dl:t0-f4:mc",
        "dl:t0-f3:mc",
        "dl:t2-f3:typed",
        "dl:order:t1",
        "dl:t3-f1:typed",
        "dl:order:t4",
    ]


@settings(max_examples=30, deadline=None)
@given(order=st.permutations(range(len(POOL))), seed=st.integers(0, 2**63 - 1))
def test_pool_order_does_not_matter(order: list[int], seed: int) -> None:
    shuffled = [POOL[i] for i in order]
    assert ids(shuffled, questions=15, seed=seed) == ids(POOL, questions=15, seed=seed)


def test_different_seeds_give_different_exams() -> None:
    exams = {tuple(ids(POOL, questions=10, seed=seed)) for seed in range(20)}
    assert len(exams) == 20
    # Not only the order: the questions themselves change.
    drawn = {frozenset(exam) for exam in exams}
    assert len(drawn) > 15


@settings(max_examples=60, deadline=None)
@given(count=st.integers(1, 30), seed=st.integers(0, 10_000))
def test_questions_are_spread_over_topics(count: int, seed: int) -> None:
    chosen = select_questions(POOL, ExamSettings(questions=count, seed=seed))
    per_topic = Counter(question.topic for question in chosen)
    fair_share = count // len(TOPICS)
    assert max(per_topic.values()) <= fair_share + 1
    assert len(per_topic) == min(count, len(TOPICS))


def test_a_small_topic_gives_what_it_has_and_the_others_fill_in() -> None:
    pool = [q for q in POOL if q.topic != "Big Data"]
    pool.append(typed("lonely:typed", "Big Data", ("lonely",)))
    chosen = select_questions(pool, ExamSettings(questions=21, seed=3))
    per_topic = Counter(question.topic for question in chosen)
    assert per_topic["Big Data"] == 1
    # The other 20 go evenly to the four topics left.
    assert sorted(per_topic.values()) == [1, 5, 5, 5, 5]


@settings(max_examples=40, deadline=None)
@given(count=st.integers(1, 30), seed=st.integers(0, 10_000))
def test_no_two_questions_share_a_fact_while_fresh_facts_remain(count: int, seed: int) -> None:
    # 30 facts in the pool, so up to 30 questions need never repeat one.
    chosen = select_questions(POOL, ExamSettings(questions=count, seed=seed))
    facts = [fact for question in chosen for fact in question.fact_ids]
    assert len(facts) == len(set(facts))
    assert chosen.repeated_facts == 0


def test_facts_repeat_only_when_the_pool_leaves_no_choice() -> None:
    pool = [
        typed("alexnet-year:typed", "The ImageNet Moment (2012)", ("alexnet-year",)),
        choice("alexnet-year:mc", "The ImageNet Moment (2012)", ("alexnet-year",)),
        typed("resnet-depth:typed", "Going Deeper (2014)", ("resnet-depth",)),
        choice("resnet-depth:mc", "Going Deeper (2014)", ("resnet-depth",)),
    ]
    two = select_questions(pool, ExamSettings(questions=2, seed=5))
    assert {q.fact_ids for q in two} == {("alexnet-year",), ("resnet-depth",)}
    four = select_questions(pool, ExamSettings(questions=4, seed=5))
    assert len(four) == 4
    assert four.repeated_facts == 2
    assert four.shortfall == 0


def test_a_short_pool_gives_everything_and_says_how_many_are_missing() -> None:
    pool = [q for q in POOL if q.type is QuestionType.ORDERING]
    chosen = select_questions(pool, ExamSettings(questions=20, seed=1))
    assert sorted(chosen.question_ids) == sorted(q.id for q in pool)
    assert chosen.available == 5
    assert chosen.shortfall == 15
    full = select_questions(POOL, ExamSettings(questions=20, seed=1))
    assert full.shortfall == 0
    assert full.available == len(POOL)


def test_filters_by_deck_topic_and_type() -> None:
    other_deck = [typed(f"g{i}", "GIFT import", (), deck="gift") for i in range(5)]
    pool = POOL + other_deck
    only_gift = select_questions(pool, ExamSettings(decks=("gift",), questions=10, seed=0))
    assert {q.deck for q in only_gift} == {"gift"}
    assert len(only_gift) == 5
    one_topic = select_questions(pool, ExamSettings(topics=("Big Data",), questions=50, seed=0))
    assert {q.topic for q in one_topic} == {"Big Data"}
    mc_only = select_questions(
        pool, ExamSettings(types=(QuestionType.MULTIPLE_CHOICE,), questions=50, seed=0)
    )
    assert {q.type for q in mc_only} == {QuestionType.MULTIPLE_CHOICE}
    assert len(mc_only) == 30


def test_flashcards_never_appear_even_when_the_pool_has_them() -> None:
    flash = Question(
        id="anki:1",
        deck="anki",
        type=QuestionType.FLASHCARD,
        prompt="Front",
        key=TextKey(("Back",)),
        answer="Back",
        topic="Imported",
    )
    chosen = select_questions([*POOL, flash], ExamSettings(questions=500, seed=0))
    assert "anki:1" not in chosen.question_ids
    assert len(chosen) == len(POOL)


def test_questions_without_facts_never_block_each_other() -> None:
    pool = [typed(f"q{i}", "Imported", ()) for i in range(8)]
    chosen = select_questions(pool, ExamSettings(questions=8, seed=4))
    assert len(chosen) == 8
    assert chosen.repeated_facts == 0


def test_the_selection_reads_as_a_list_of_questions() -> None:
    chosen = select_questions(POOL, ExamSettings(questions=4, seed=8))
    as_list = list(chosen)
    assert len(as_list) == 4
    assert chosen[0] is as_list[0]
    assert list(chosen[1:3]) == as_list[1:3]
    assert [q.id for q in chosen] == list(chosen.question_ids)


def test_duplicate_ids_in_the_pool_count_once() -> None:
    chosen = select_questions(POOL + POOL[:5], ExamSettings(questions=500, seed=0))
    assert len(chosen) == len(POOL)
    assert chosen.available == len(POOL)


def test_the_order_is_shuffled_not_grouped_by_topic() -> None:
    # Round-robin alone would cycle the topics in a fixed order; the shuffle breaks that.
    chosen = select_questions(POOL, ExamSettings(questions=25, seed=12))
    topics = [q.topic for q in chosen]
    cycle = topics[: len(TOPICS)]
    assert topics != (cycle * math.ceil(25 / len(TOPICS)))[:25]


def test_a_question_over_several_facts_waits_when_it_would_crowd_out_the_rest() -> None:
    topic = "Going Deeper (2014)"
    pool = [typed(f"{fact}:typed", topic, (fact,)) for fact in ("a", "b", "c", "d")]
    pool.append(
        Question(
            id="dl:order:abc",
            deck="dl",
            type=QuestionType.ORDERING,
            prompt="Order",
            key=OrderKey((0, 1, 2)),
            answer="a → b → c",
            topic=topic,
            fact_ids=("a", "b", "c"),
            choices=("a", "b", "c"),
        )
    )
    for seed in range(30):
        chosen = select_questions(pool, ExamSettings(questions=4, seed=seed))
        # Taking the ordering question would leave room for only one more fresh fact.
        assert sorted(chosen.question_ids) == [
            "dl:a:typed",
            "dl:b:typed",
            "dl:c:typed",
            "dl:d:typed",
        ]
    # With room to spare, it is drawn like any other question.
    drawn = {
        "dl:order:abc" in select_questions(pool, ExamSettings(questions=2, seed=seed)).question_ids
        for seed in range(30)
    }
    assert drawn == {True, False}


@settings(max_examples=40, deadline=None)
@given(count=st.integers(3, 30), seed=st.integers(0, 10_000))
def test_question_types_are_mixed_too(count: int, seed: int) -> None:
    # Every fact asked three ways; without care one type could fill the exam.
    pool = []
    for t, topic in enumerate(TOPICS):
        for f in range(6):
            fact = f"t{t}-f{f}"
            pool.append(typed(f"{fact}:typed", topic, (fact,)))
            pool.append(choice(f"{fact}:mc", topic, (fact,)))
            pool.append(
                Question(
                    id=f"dl:{fact}:tf",
                    deck="dl",
                    type=QuestionType.TRUE_FALSE,
                    prompt="True?",
                    key=TrueFalseKey(True),
                    answer="True",
                    topic=topic,
                    fact_ids=(fact,),
                )
            )
    per_type = Counter(
        q.type for q in select_questions(pool, ExamSettings(questions=count, seed=seed))
    )
    assert len(per_type) == 3
    assert max(per_type.values()) - min(per_type.values()) <= 1
