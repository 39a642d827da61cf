"""Every file of the shared corpus (written by other projects) imports or is refused clearly.

The expected outcome of each file is recorded here: a dict of question
counts by type for files that import, or a fragment of the message for
files that are refused, so that any change in behaviour shows up.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlquiz.core.problems import InputError
from dlquiz.importers import read_file


def corpus_root() -> Path | None:
    candidate = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if candidate.is_dir():
        return candidate
    env = os.environ.get("DLQUIZ_CORPUS")
    return Path(env) if env and Path(env).is_dir() else None


ROOT = corpus_root()
pytestmark = pytest.mark.skipif(
    ROOT is None,
    reason="shared/corpus not found next to the checkout (set DLQUIZ_CORPUS to its path)",
)

QAS = "LucasWolfgang+QAS-Editor__test__datasets__"
MOODLE = "moodle+moodle__question__format__"
ANKI = "ankitects+anki__pylib__tests__support__"
PYGIFT = "rgmf+pygiftparser__"

EXPECTED: dict[str, dict[str, int] | str] = {
    f"aiken/{QAS}aiken__aiken_1.txt": {"multiple_choice": 4},
    f"aiken/{MOODLE}aiken__tests__fixtures__aiken_errors.txt": ":18: question not completed",
    f"aiken/{MOODLE}aiken__tests__fixtures__questions.aiken.txt": {"multiple_choice": 2},
    f"anki-text/{QAS}anki__grammar.txt.HEAD40-EXCERPT": {"cloze": 40},
    f"anki-text/{QAS}anki__math.txt": {"typed": 91},
    f"anki-text/{ANKI}text-2fields.txt": ":8: only 1 field: a card needs a front and",
    f"anki-text/{ANKI}text-tags.txt": {"typed": 2},
    f"anki-text/{ANKI}text-update.txt": {"typed": 1},
    # Anki 26.9.3 makes 484 cards of it: one question per card.
    "apkg/ap_gov_vocab_anki11.apkg": {"flashcard": 243, "typed": 241},
    "apkg/diffmodels2-1.apkg": {"typed": 1},
    "apkg/diffmodeltemplates-1.apkg": {"flashcard": 1},
    "apkg/example_music_intervals.apkg": {"typed": 340},  # Anki: 340 cards
    "apkg/media.apkg": {"flashcard": 1},  # a sound to listen to, as Anki's one card
    "apkg/update1.apkg": {"typed": 1},
    "apkg/update2.apkg": {"typed": 1},
    f"cloze/{QAS}cloze__cloze.cloze": "is Moodle embedded-answers",
    f"cloze/{MOODLE}multianswer__tests__fixtures__questions.multianswer.txt": "embedded-answers",
    f"gift/{QAS}gift__all.gift": {"matching": 2, "multiple_choice": 5, "true_false": 4, "typed": 8},
    f"gift/{QAS}gift__essay.gift": "no importable question: 2 essay",
    f"gift/{QAS}gift__matching.gift": {"matching": 2},
    f"gift/{QAS}gift__missing_words.gift": {"multiple_choice": 1},
    f"gift/{QAS}gift__multichoice.gift": {"multiple_choice": 4},
    f"gift/{QAS}gift__numericals.gift": {"typed": 4},
    f"gift/{QAS}gift__shorts.gift": {"typed": 4},
    f"gift/{QAS}gift__true_false.gift": {"true_false": 4},
    f"gift/{MOODLE}gift__examples.txt": {
        "cloze": 2,
        "matching": 3,
        "multiple_choice": 18,
        "true_false": 5,
        "typed": 15,
    },
    f"gift/{MOODLE}gift__tests__fixtures__questions.gift.txt": {
        "matching": 1,
        "multiple_choice": 2,
        "true_false": 3,
        "typed": 2,
    },
    f"gift/{MOODLE}gift__tests__fixtures__questions_in_category.gift.txt": {
        "matching": 1,
        "multiple_choice": 1,
        "true_false": 1,
        "typed": 1,
    },
    "gift/peg/TFTwoFeedback.gift": {"true_false": 3},
    "gift/peg/category1.gift": "no importable question in the file",
    "gift/peg/categorySpecialCharacter.gift": "no importable question in the file",
    "gift/peg/description1.gift": {"true_false": 1},
    "gift/peg/descriptionTitleEscapedColon.gift": {"true_false": 1},
    "gift/peg/descriptionWithID.gift": {"true_false": 1},
    "gift/peg/escapeAll.gift": {"multiple_choice": 1},
    "gift/peg/escapeColon.gift": {"multiple_choice": 1},
    "gift/peg/escapeEquals.gift": {"multiple_choice": 1},
    "gift/peg/essay1.gift": "no importable question: 1 essay",
    "gift/peg/formatExamples.gift": {"multiple_choice": 1},
    "gift/peg/giftFormatPhpExamples.gift": {
        "cloze": 1,
        "matching": 1,
        "multiple_choice": 4,
        "true_false": 1,
        "typed": 3,
    },
    "gift/peg/markdown.gift": "no importable question: 4 description",
    "gift/peg/matching1.gift": {"matching": 2},
    "gift/peg/mc1.gift": {"multiple_choice": 1},
    "gift/peg/mc2.gift": {"multiple_choice": 1},
    "gift/peg/mc4.gift": {"multiple_choice": 1},
    "gift/peg/mc5.gift": {"multiple_choice": 4},
    "gift/peg/mcHTMLComment.gift": {"multiple_choice": 1},
    "gift/peg/multiLineFeedback1.gift": {"multiple_choice": 2},
    "gift/peg/multipleAnswersFloat.gift": {"multiple_choice": 1},
    "gift/peg/newlineAndLaTeX.gift": "no importable question: 1 essay",
    "gift/peg/numerical1.gift": {"typed": 10},
    "gift/peg/options1.gift": {"multiple_choice": 8, "true_false": 1, "typed": 5},
    "gift/peg/shortAnswer1.gift": {"cloze": 1, "typed": 1},
    "gift/peg/shortAnswer2.gift": {"typed": 2},
    "gift/peg/shortAnswerNotMatching.gift": {"multiple_choice": 2},
    "gift/peg/shortFirstEmbedded.gift": {"cloze": 2},
    "gift/peg/shortFirstEmbeddedUnderline.gift": {"typed": 2},
    "gift/peg/shortFirstEmbeddedUnderlineHTML.gift": {"typed": 2},
    "gift/peg/symbolsAll.gift": {"true_false": 1},
    "gift/peg/tag_id.gift": "no importable question: 1 essay",
    "gift/peg/tag_id_and_two_tags.gift": "no importable question: 1 essay",
    "gift/peg/tag_two_tags.gift": "no importable question: 1 essay",
    "gift/peg/tf1.gift": {"true_false": 1},
    "gift/peg/tf1_html.gift": {"true_false": 1},
    "gift/peg/tf1_markdown.gift": {"true_false": 1},
    "gift/peg/tf2.gift": {"true_false": 2},
    "gift/peg/totara_moodle_backslash.gift": "no importable question: 1 essay",
    "gift/peg/totara_moodle_essay.gift": "no importable question: 1 essay",
    "gift/peg/totara_moodle_match.gift": {"matching": 1},
    "gift/peg/totara_moodle_multichoice.gift": {"multiple_choice": 1},
    "gift/peg/totara_moodle_multichoice_multi.gift": {"multiple_choice": 1},
    "gift/peg/totara_moodle_numerical.gift": {"typed": 1},
    "gift/peg/totara_moodle_pre_content.gift": "no importable question: 1 essay",
    "gift/peg/totara_moodle_shortanswer.gift": {"typed": 1},
    "gift/peg/totara_moodle_shortanswer_general_feedback.gift": {"typed": 1},
    "gift/peg/totara_moodle_truefalse.gift": {"true_false": 1},
    "gift/peg/totara_moodle_truefalse_true_answer1.gift": {"true_false": 1},
    "gift/peg/totara_moodle_truefalse_true_answer2.gift": {"true_false": 1},
    "gift/peg/type_inferred_multiline_markdown.gift": {"typed": 1},
    f"gift/{PYGIFT}example_files__test12.txt": {
        "matching": 1,
        "multiple_choice": 5,
        "true_false": 4,
        "typed": 7,
    },
    f"gift/{PYGIFT}example_files__test4.txt": {"multiple_choice": 26, "typed": 4},
    f"gift/{PYGIFT}example_files__test5.txt": {"multiple_choice": 19, "true_false": 4, "typed": 17},
    f"gift/{PYGIFT}tests__gift_file_all_questions.txt": {
        "matching": 1,
        "multiple_choice": 5,
        "true_false": 4,
        "typed": 7,
    },
    f"gift/{PYGIFT}tests__gift_file_categories.txt": {
        "matching": 1,
        "multiple_choice": 5,
        "true_false": 4,
        "typed": 7,
    },
    f"kahoot/{QAS}kahoot__kahoot.csv": {"multiple_choice": 4},
    f"moodle-xml/{QAS}moodle__calculated.xml": "1 calculatedmulti question was skipped",
    f"moodle-xml/{QAS}moodle__calculatedmulti.xml": "1 calculatedmulti question",
    f"moodle-xml/{QAS}moodle__calculatedsimple.xml": "1 calculatedsimple question",
    f"moodle-xml/{QAS}moodle__cloze.xml": "no importable question: 1 cloze",
    f"moodle-xml/{QAS}moodle__ddwtos.xml": "no importable question: 1 ddwtos",
    f"moodle-xml/{QAS}moodle__description.xml": "no importable question: 1 description",
    f"moodle-xml/{QAS}moodle__essay.xml": "no importable question: 1 essay",
    f"moodle-xml/{QAS}moodle__gapselect.xml": "no importable question: 1 gapselect",
    f"moodle-xml/{QAS}moodle__matching.xml": {"matching": 1},
    f"moodle-xml/{QAS}moodle__multichoice.xml": {"multiple_choice": 1},
    f"moodle-xml/{QAS}moodle__numerical.xml": {"typed": 1},
    f"moodle-xml/{QAS}moodle__randomsamatch.xml": "no importable question: 1 randomsamatch",
    f"moodle-xml/{QAS}moodle__shortanswer.xml": {"typed": 1},
    f"moodle-xml/{MOODLE}xml__tests__fixtures__broken_cloze_questions.xml": "5 cloze questions",
    f"moodle-xml/{MOODLE}xml__tests__fixtures__error_invalid_grades.xml": "33% is not one Moodle",
    f"moodle-xml/{MOODLE}xml__tests__fixtures__nested_categories_with_questions.xml": {
        "true_false": 4
    },
}


def corpus_files() -> list[str]:
    if ROOT is None:
        return []
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*")
        if path.is_file() and path.name != "README.md" and "peg-expected" not in path.parts
    )


def test_every_corpus_file_has_an_expected_outcome() -> None:
    assert corpus_files() == sorted(EXPECTED)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_corpus_file(relative: str) -> None:
    assert ROOT is not None
    path = ROOT / relative
    expected = EXPECTED[relative]
    if isinstance(expected, str):
        with pytest.raises(InputError) as error:
            read_file(path)
        message = str(error.value)
        assert expected in message
        assert message.startswith(path.name)  # every message names the file
        return
    imported = read_file(path)
    assert imported.counts() == expected
    ids = [question.id for question in imported.deck.questions]
    assert len(ids) == len(set(ids))
    for question in imported.deck.questions:
        assert question.id.startswith(imported.deck.id + ":")
        assert question.text_prompt.strip()
        assert "<script" not in question.prompt.casefold()
        assert all(name in imported.media for name in question.media)
