"""Per-fact questions: list recall, true/false, cloze, and hand-written questions."""

from __future__ import annotations

from dataclasses import replace

from dlquiz.core.generate import DEFAULT_SEED, generate_questions, questions_by_id
from dlquiz.core.model import (
    Deck,
    Fact,
    FactKind,
    FlashKey,
    ListKey,
    ListMember,
    NumberKey,
    Question,
    QuestionType,
    TrueFalseKey,
)

FACTORS = Fact(
    id="three-factors",
    topic="why-now",
    kind=FactKind.LIST,
    subject="deep learning",
    attribute="factors",
    prompt="Name the three factors that made deep learning work around 2012.",
    statement="Deep learning took off thanks to {value}.",
    explanation="Data, GPUs and better algorithms arrived together.",
    members=(
        ListMember("big data", ("large datasets",)),
        ListMember("GPU computing", ("GPUs",)),
        ListMember("algorithmic innovations", ("better algorithms",)),
    ),
    distractors=("quantum computers", "GPUs", "expert systems"),
)
TOP5 = Fact(
    id="alexnet-top5",
    topic="imagenet",
    kind=FactKind.PERCENT,
    subject="AlexNet",
    attribute="top-5 accuracy",
    prompt="What top-5 accuracy did AlexNet reach in 2012?",
    statement="AlexNet reached {value} top-5 accuracy.",
    explanation="About 85%, ten points ahead of the rest.",
    number=85.0,
    unit="%",
    tolerance=1.0,
)


def by_id(*facts: Fact, questions: tuple[Question, ...] = ()) -> dict[str, Question]:
    return questions_by_id(Deck(id="dlr", name="D", facts=facts, questions=questions))


def test_a_list_fact_is_list_recall_with_true_and_false_statements_but_no_cloze() -> None:
    questions = by_id(FACTORS)
    assert sorted(questions) == [
        "dlr:three-factors:list",
        "dlr:three-factors:tf-false",
        "dlr:three-factors:tf-true",
    ]
    recall = questions["dlr:three-factors:list"]
    assert recall.type is QuestionType.LIST
    assert isinstance(recall.key, ListKey)
    assert recall.key.members == FACTORS.members
    assert recall.answer == "big data, GPU computing, algorithmic innovations"
    true = questions["dlr:three-factors:tf-true"]
    assert true.prompt == (
        "True or false: Deep learning took off thanks to big data, GPU computing and "
        "algorithmic innovations."
    )
    false = questions["dlr:three-factors:tf-false"]
    assert false.key == TrueFalseKey(False)
    assert false.answer == "False"
    # "GPUs" is an alias of a member, so only the two real impostors may appear.
    assert ("quantum computers" in false.prompt) != ("expert systems" in false.prompt)
    assert false.prompt.count(",") == 1 and " and " in false.prompt


def test_numeric_fact_gives_typed_mc_true_false_and_cloze_with_shared_fields() -> None:
    questions = by_id(TOP5)
    assert list(questions) == [
        "dlr:alexnet-top5:typed",
        "dlr:alexnet-top5:mc",
        "dlr:alexnet-top5:tf-true",
        "dlr:alexnet-top5:tf-false",
        "dlr:alexnet-top5:cloze",
    ]
    key = NumberKey(value=85.0, tolerance=1.0, unit="%", is_year=False, precision=1.0)
    assert questions["dlr:alexnet-top5:typed"].key == key
    assert questions["dlr:alexnet-top5:cloze"].key == key
    assert questions["dlr:alexnet-top5:cloze"].prompt == (
        "Fill in the blank: AlexNet reached _____ top-5 accuracy."
    )
    assert questions["dlr:alexnet-top5:tf-true"].prompt == (
        "True or false: AlexNet reached 85% top-5 accuracy."
    )
    for question in questions.values():
        assert question.deck == "dlr"
        assert question.topic == "imagenet"
        assert question.fact_ids == ("alexnet-top5",)
        assert question.explanation == TOP5.explanation
        assert question.type is not QuestionType.FLASHCARD
        assert "<" not in question.prompt


def test_a_statement_without_a_slot_gives_only_recall_questions() -> None:
    questions = by_id(replace(TOP5, statement="AlexNet won by a wide margin."))
    assert sorted(questions) == ["dlr:alexnet-top5:mc", "dlr:alexnet-top5:typed"]


def test_a_fact_without_its_value_is_not_asked() -> None:
    assert by_id(replace(TOP5, number=None)) == {}


def test_hand_written_questions_come_first_unchanged_and_win_an_id_clash() -> None:
    card = Question(
        id="dlr:alexnet-top5:cloze",
        deck="dlr",
        type=QuestionType.FLASHCARD,
        prompt="<b>AlexNet</b>?",
        key=FlashKey("85%"),
        answer="85%",
    )
    other = replace(card, id="dlr:card-2")
    questions = generate_questions(Deck(id="dlr", name="D", facts=(TOP5,), questions=(card, other)))
    assert questions[:2] == [card, other]
    assert [q.id for q in questions].count("dlr:alexnet-top5:cloze") == 1
    assert len(questions) == 2 + 4


def test_default_seed_is_the_default() -> None:
    deck = Deck(id="dlr", name="D", facts=(TOP5, FACTORS))
    assert generate_questions(deck) == generate_questions(deck, seed=DEFAULT_SEED)
