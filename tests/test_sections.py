"""The section label shown before the answer never gives the answer away."""

from __future__ import annotations

import pytest

from dlquiz.chapter import chapter, shown_section
from dlquiz.core.grading.normalize import normalize_text
from dlquiz.core.model import NumberKey, Question, QuestionType, TextKey, TrueFalseKey
from dlquiz.core.sections import fact_terms, safe_label, section_label

CASES = [
    ("ResNet and Superhuman Performance (2015)", ["2015"], "ResNet and Superhuman Performance"),
    ("ResNet and Superhuman Performance (2015)", ["resnet"], "Superhuman Performance (2015)"),
    ("BERT and Transfer Learning (2018)", ["transfer learning"], "BERT (2018)"),
    ("AlphaGo's Triumph (2016)", ["2016"], "AlphaGo's Triumph"),
    ("Going Deeper (2014)", ["deeper"], ""),
    ("Going Deeper (2014)", ["depth"], "Going Deeper (2014)"),  # whole words only
    ("Chapter 3: Geoffrey Hinton", ["geoffrey hinton"], "Chapter 3"),
    ("Vision - GoogLeNet", ["googlenet"], "Vision"),
    ("The ImageNet Moment (2012)", ["201"], "The ImageNet Moment (2012)"),
    ("", ["x"], ""),
]


@pytest.mark.parametrize(("label", "terms", "shown"), CASES)
def test_safe_label_drops_only_the_parts_that_answer(
    label: str, terms: list[str], shown: str
) -> None:
    assert safe_label(label, terms) == shown


def test_a_true_false_question_hides_its_facts_value_not_only_its_own_answer() -> None:
    deck, _questions = chapter()
    facts = {fact.id: fact for fact in deck.facts}
    question = Question(
        id="deep-learning-revolution:resnet-year:tf-false",
        deck="deep-learning-revolution",
        type=QuestionType.TRUE_FALSE,
        prompt="True or false: ResNet was introduced in 2016.",
        key=TrueFalseKey(False),
        answer="False",
        topic="ResNet and Superhuman Performance (2015)",
        fact_ids=("resnet-year",),
    )
    assert section_label(question, facts) == "ResNet and Superhuman Performance"
    assert section_label(question) == question.topic  # without its facts nothing is known


def test_an_imported_question_is_judged_by_its_own_key() -> None:
    question = Question(
        id="x:q",
        deck="x",
        type=QuestionType.TYPED,
        prompt="Who built it?",
        key=TextKey(("Geoffrey Hinton", "Hinton")),
        answer="Geoffrey Hinton",
        topic="Toronto: Hinton's lab",
    )
    assert shown_section(question) == "Toronto"
    year = Question(
        id="x:y",
        deck="x",
        type=QuestionType.TYPED,
        prompt="When?",
        key=NumberKey(1997, is_year=True),
        answer="1997",
        topic="Deep Blue (1997)",
    )
    assert shown_section(year) == "Deep Blue"


def test_no_chapter_question_is_shown_under_a_label_holding_its_answer() -> None:
    deck, questions = chapter()
    facts = {fact.id: fact for fact in deck.facts}
    for question in questions:
        label = f" {normalize_text(shown_section(question))} "
        for fact_id in question.fact_ids:
            for term in fact_terms(facts[fact_id]):
                assert f" {term} " not in label, (question.id, label, term)
