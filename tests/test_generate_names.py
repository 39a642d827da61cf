"""Name and concept distractors: authored ones first, never a right answer in disguise."""

from __future__ import annotations

from dataclasses import replace

from dlquiz.core.generate import generate_questions
from dlquiz.core.generate.names import name_distractors
from dlquiz.core.model import Deck, Fact, FactKind, QuestionType, TextKey

LAB = Fact(
    id="alexnet-lab",
    topic="imagenet",
    kind=FactKind.NAME,
    subject="AlexNet",
    attribute="lab",
    prompt="Which university's team built AlexNet?",
    statement="AlexNet was built by a team at the {value}.",
    explanation="Hinton's group in Toronto.",
    text="University of Toronto",
    aliases=("Toronto", "U of T"),
)


def lab(fid: str, subject: str, text: str) -> Fact:
    return replace(LAB, id=fid, subject=subject, text=text, aliases=())


def test_authored_distractors_come_before_harvested_ones() -> None:
    fact = replace(LAB, distractors=("Stanford University", "MIT", "University of Oxford"))
    harvested = ["Google", "DeepMind", "Microsoft Research"]
    for seed in range(20):
        picked = name_distractors(fact, harvested=harvested, salt=(seed, "q"), count=3)
        assert sorted(picked) == ["MIT", "Stanford University", "University of Oxford"]


def test_harvested_names_fill_up_and_exclude_the_answer_aliases_and_variants() -> None:
    fact = replace(LAB, distractors=("  university OF toronto ", "u-of-t", "MIT"))
    harvested = ["University of Toronto", "TORONTO", "Google", "DeepMind", "MIT"]
    for seed in range(20):
        picked = name_distractors(fact, harvested=harvested, salt=(seed, "q"), count=3)
        assert picked[0] == "MIT"
        assert sorted(picked[1:]) == ["DeepMind", "Google"]


def test_a_harvested_name_sharing_all_its_words_with_the_answer_is_left_out() -> None:
    fact = lab("transformer-lab", "Transformer", "Google")
    harvested = ["Google Brain", "Google", "DeepMind", "OpenAI", "Facebook AI"]
    for seed in range(20):
        picked = name_distractors(fact, harvested=harvested, salt=(seed, "q"), count=3)
        assert "Google Brain" not in picked
        assert len(picked) == 3


def test_multiple_choice_for_a_name_uses_the_other_labs() -> None:
    facts = (
        LAB,
        lab("vgg-lab", "VGGNet", "University of Oxford"),
        lab("googlenet-lab", "GoogLeNet", "Google"),
        lab("resnet-lab", "ResNet", "Microsoft Research"),
    )
    questions = {q.id: q for q in generate_questions(Deck(id="dlr", name="D", facts=facts))}
    mc = questions["dlr:alexnet-lab:mc"]
    assert mc.choices is not None
    assert sorted(mc.choices) == sorted(
        ["University of Toronto", "University of Oxford", "Google", "Microsoft Research"]
    )
    assert mc.answer == "University of Toronto"
    false = questions["dlr:alexnet-lab:tf-false"]
    assert false.prompt.startswith("True or false: AlexNet was built by a team at the ")
    assert "Toronto" not in false.prompt
    typed = questions["dlr:alexnet-lab:typed"]
    assert isinstance(typed.key, TextKey)
    assert typed.key.accepted == ("University of Toronto", "Toronto", "U of T")


def test_no_multiple_choice_or_false_statement_without_any_wrong_name() -> None:
    questions = generate_questions(Deck(id="dlr", name="D", facts=(LAB,)))
    assert [q.type for q in questions] == [
        QuestionType.TYPED,
        QuestionType.TRUE_FALSE,
        QuestionType.CLOZE,
    ]
    cloze = questions[-1]
    assert cloze.prompt == "Fill in the blank: AlexNet was built by a team at the _____."
    assert cloze.key == questions[0].key
