"""Ordering questions from the timeline."""

from __future__ import annotations

from dataclasses import replace

from dlquiz.core.generate import generate_questions
from dlquiz.core.generate.timeline import ordering_questions
from dlquiz.core.model import Deck, Fact, FactKind, OrderKey, QuestionType

EVENT = Fact(
    id="x",
    topic="cascade",
    kind=FactKind.YEAR,
    subject="x",
    attribute="year",
    prompt="When?",
    statement="It happened in {value}.",
    explanation="",
    number=2000.0,
    event="x",
)

TIMELINE = [
    ("backprop", 1980, "Backpropagation spreads", 9.0),
    ("chess", 1997, "A computer wins at chess", 0.0),
    ("plateau", 2011, "Vision systems plateau", 0.0),
    ("alexnet", 2012, "AlexNet wins ImageNet", 0.0),
    ("googlenet", 2014, "GoogLeNet goes 22 layers deep", 0.0),
    ("vgg", 2014, "VGGNet goes 19 layers deep", 0.0),
    ("resnet", 2015, "ResNet beats human accuracy", 0.0),
    ("alphago", 2016, "AlphaGo beats Lee Sedol", 0.0),
    ("transformer", 2017, "The Transformer appears", 0.0),
    ("bert", 2018, "BERT sets records", 0.0),
]


def events() -> list[Fact]:
    return [
        replace(
            EVENT,
            id=f"{fid}-year",
            subject=fid,
            number=float(year),
            event=label,
            tolerance=tolerance,
        )
        for fid, year, label, tolerance in TIMELINE
    ]


def test_each_ordering_has_four_to_six_events_of_distinct_years_in_a_shuffled_order() -> None:
    facts = {fact.id: fact for fact in events()}
    questions = ordering_questions(facts.values(), deck_id="dlr", seed=7)
    assert len(questions) >= 5
    for question in questions:
        assert question.type is QuestionType.ORDERING
        assert question.id.startswith("dlr:order:timeline-")
        assert question.choices is not None
        assert isinstance(question.key, OrderKey)
        assert 4 <= len(question.choices) <= 6
        years = [facts[fid].number for fid in question.fact_ids]
        assert years == sorted(years)
        assert len(set(years)) == len(years)
        in_order = [question.choices[i] for i in question.key.order]
        assert in_order == [facts[fid].event for fid in question.fact_ids]
        assert list(question.choices) != in_order
        assert question.answer == " → ".join(in_order)
        assert question.prompt == "Put these events in chronological order, earliest first."


def test_a_decade_never_meets_a_year_inside_it() -> None:
    inside = replace(EVENT, id="nettalk-year", number=1986.0, event="NETtalk learns to read")
    facts = [*events(), inside]
    for question in ordering_questions(facts, deck_id="dlr", seed=1):
        assert not {"backprop-year", "nettalk-year"} <= set(question.fact_ids)


def test_ids_come_from_the_fact_set_not_from_the_seed_or_the_deck_order() -> None:
    facts = events()
    first = ordering_questions(facts, deck_id="dlr", seed=1)
    again = ordering_questions(list(reversed(facts)), deck_id="dlr", seed=2)
    assert [q.id for q in first] == [q.id for q in again]
    assert [q.fact_ids for q in first] == [q.fact_ids for q in again]
    assert [q.choices for q in first] != [q.choices for q in again]


def test_groups_make_their_own_timelines_and_small_ones_make_none() -> None:
    facts = [replace(fact, group="Vision Models") for fact in events()[:6]]
    facts += [replace(fact, group="language") for fact in events()[7:]]
    questions = ordering_questions(facts, deck_id="dlr", seed=1)
    assert questions
    assert all(q.id.startswith("dlr:order:vision-models-") for q in questions)


def test_without_four_distinct_years_there_is_no_ordering() -> None:
    facts = [fact for fact in events() if fact.number in (2014.0, 2015.0, 2016.0)]
    deck = Deck(id="dlr", name="D", facts=tuple(facts))
    assert not [q for q in generate_questions(deck) if q.type is QuestionType.ORDERING]
