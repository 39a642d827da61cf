"""List answers: any order, any separator, synonyms, and partial credit."""

from __future__ import annotations

import pytest

from dlquiz.core.grading import grade
from dlquiz.core.grading.lists import match_list, split_items
from dlquiz.core.model import ListKey, ListMember, Question, QuestionType, Verdict

C, P, X = Verdict.CORRECT, Verdict.PARTIAL, Verdict.INCORRECT


def listing(*members: ListMember) -> Question:
    return Question(
        id="dl:list",
        deck="dl",
        type=QuestionType.LIST,
        prompt="Name them all.",
        key=ListKey(members),
        answer=", ".join(m.text for m in members),
    )


FACTORS = listing(
    ListMember("big data", ("large datasets", "data", "more data")),
    ListMember("GPU computing", ("GPUs", "GPU", "graphics cards")),
    ListMember("algorithmic innovations", ("better algorithms", "algorithms", "new algorithms")),
)
ALEXNET_TRICKS = listing(
    ListMember("ReLU", ("rectified linear units",)),
    ListMember("dropout"),
    ListMember("data augmentation"),
)
ASSISTANTS = listing(ListMember("Siri"), ListMember("Alexa"), ListMember("Google Assistant"))
GAMES = listing(
    ListMember("Go"),
    ListMember("Chess"),
    ListMember("poker"),
    ListMember("Dota 2"),
    ListMember("StarCraft"),
)
BERT_STAGES = listing(
    ListMember("pre-training", ("pretraining",)), ListMember("fine-tuning", ("finetuning",))
)
PARTNERS = listing(ListMember("research & development", ("R&D",)), ListMember("Tesla"))
COMPANIES = listing(ListMember("Tesla"), ListMember("Waymo"))

LIST_CASES = [
    (FACTORS, "big data, GPU computing, algorithmic innovations", C, 1.0),
    (FACTORS, "algorithmic innovations, big data, GPU computing", C, 1.0),
    (FACTORS, "Big Data; GPU Computing; Algorithmic Innovations", C, 1.0),
    (FACTORS, "big data and GPU computing and algorithmic innovations", C, 1.0),
    (FACTORS, "big data, GPU computing, and algorithmic innovations", C, 1.0),
    (FACTORS, "big data & GPUs + better algorithms", C, 1.0),
    (FACTORS, "big data\nGPUs\nalgorithms", C, 1.0),
    (FACTORS, "GPUs, big data and better algorithms", C, 1.0),
    (FACTORS, "large datasets, graphics cards, new algorithms", C, 1.0),
    (FACTORS, "big data, GPU computting, algorithmic inovations", C, 1.0),
    (FACTORS, "big dta, GPU computing, algorithmic innovations", P, 1.5 / 3),
    (FACTORS, "big data, GPU computing", P, 2 / 3),
    (FACTORS, "GPUs", P, 1 / 3),
    (FACTORS, "big data, GPUs, cloud computing", P, 1.5 / 3),
    (FACTORS, "big data, GPU computing, algorithmic innovations, the internet", P, 2.5 / 3),
    (FACTORS, "big data, cloud, blockchain", X, 0.0),
    (FACTORS, "cloud computing", X, 0.0),
    (FACTORS, "GPU, GPUs, GPU computing", P, 1 / 3),
    (ALEXNET_TRICKS, "dropout, ReLU activation functions, data augmentation", C, 1.0),
    (ALEXNET_TRICKS, "ReLUs, dropout regularization, data augmentation", C, 1.0),
    (ALEXNET_TRICKS, "ReLUs, dropout, batch normalization", P, 1.5 / 3),
    (ALEXNET_TRICKS, "rectified linear units and dropout", P, 2 / 3),
    (ALEXNET_TRICKS, "sigmoid, batch normalization", X, 0.0),
    (ASSISTANTS, "Alexa, Siri, Google Assistant", C, 1.0),
    (ASSISTANTS, "Siri, Alexa, Cortana", P, 1.5 / 3),
    (ASSISTANTS, "Sire, Alexa, Google Assistant", P, 1.5 / 3),
    (GAMES, "chess, go, poker, dota 2, starcraft", C, 1.0),
    (GAMES, "Go, Chess, Poker, Dota 3, StarCraft", P, 3.5 / 5),
    (GAMES, "Go and Chess", P, 2 / 5),
    (BERT_STAGES, "pretraining and finetuning", C, 1.0),
    (BERT_STAGES, "fine tuning, pre training", C, 1.0),
    (PARTNERS, "Tesla, research & development", C, 1.0),
    (PARTNERS, "R&D and Tesla", C, 1.0),
    (COMPANIES, "Tesla & Waymo", C, 1.0),
    (COMPANIES, "Waymo", P, 0.5),
    (COMPANIES, "Tesla, Waymo, Uber", P, 0.75),
    (COMPANIES, "Uber, Cruise", X, 0.0),
]


@pytest.mark.parametrize(("question", "answer", "verdict", "score"), LIST_CASES)
def test_list_answers(question: Question, answer: str, verdict: Verdict, score: float) -> None:
    result = grade(question, answer)
    assert result.verdict is verdict, (answer, result.feedback)
    assert result.score == pytest.approx(score)


def test_partial_feedback_names_hits_and_misses() -> None:
    result = grade(FACTORS, "big data, GPU computing")
    assert result.feedback == (
        "You named 2 of 3: big data, GPU computing. Missing: algorithmic innovations."
    )


def test_feedback_names_wrong_items_and_spelling() -> None:
    feedback = grade(ASSISTANTS, "Alexa, Siri, Cortana").feedback
    assert "Missing: Google Assistant." in feedback
    assert "Not on the list: Cortana (costs half a member" in feedback
    assert grade(ASSISTANTS, "Alexa, Siri, Google Asistant").feedback == (
        "Correct (spelling: Google Assistant)."
    )


def test_nothing_right_gives_the_whole_answer() -> None:
    feedback = grade(FACTORS, "cloud, blockchain").feedback
    assert feedback.endswith("big data, GPU computing, algorithmic innovations.")


def test_each_member_counts_once() -> None:
    result = match_list(FACTORS.key, "GPUs, GPU computing")  # type: ignore[arg-type]
    assert result.named == (1,)
    assert result.wrong == ()


def test_exact_matches_win_over_typos_when_assigning() -> None:
    key = ListKey((ListMember("Alexa"), ListMember("Alexi")))
    result = match_list(key, "Alexi, Alexa")
    assert result.named == (0, 1)
    assert result.spelled == ()


def test_split_items() -> None:
    assert split_items("a, b; c and d & e + f\ng") == ["a", "b", "c", "d", "e", "f", "g"]
    assert split_items("Anderson, band") == ["Anderson", "band"]
    assert split_items(" , ,") == []
