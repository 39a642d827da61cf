"""The whole run over a deck: its own questions, then those of its facts, timeline and
attributes (the package's docstring says what each kind asks)."""

from __future__ import annotations

from dlquiz.core.generate.numeric import LATEST_YEAR
from dlquiz.core.model import Deck, Question

DEFAULT_SEED = 20120930  # the day AlexNet's ImageNet result was announced


def generate_questions(
    deck: Deck, *, seed: int = DEFAULT_SEED, latest_year: int = LATEST_YEAR
) -> list[Question]:
    """Return the deck's own questions, then the ones generated from its facts.

    Generated questions come fact by fact in deck order (typed or list,
    multiple choice, true, false, cloze), then ordering and matching
    questions sorted by id.  A generated question whose id a hand-written
    question already uses is left out: the author's question wins.

    Args:
        deck: the deck; its questions are passed through unchanged.
        seed: picks distractors and shuffles; the ids do not depend on it.
        latest_year: no distractor year lies after this one.
    """
    if not deck.facts:
        # An imported deck is its questions: the generator (and the grading
        # vocabulary its templates load) stays unloaded for ``dlquiz import``.
        return list(deck.questions)
    from dlquiz.core.generate.matching import matching_questions
    from dlquiz.core.generate.pools import DeckPools
    from dlquiz.core.generate.templates import FactContext, fact_questions
    from dlquiz.core.generate.timeline import ordering_questions

    context = FactContext(
        deck_id=deck.id,
        seed=seed,
        pools=DeckPools.from_facts(deck.facts, confusions=deck.confusions),
        latest_year=latest_year,
    )
    generated = [question for fact in deck.facts for question in fact_questions(fact, context)]
    generated += ordering_questions(deck.facts, deck_id=deck.id, seed=seed)
    generated += matching_questions(deck.facts, deck_id=deck.id, seed=seed)
    taken = {question.id for question in deck.questions}
    fresh: list[Question] = []
    for question in generated:
        if question.id not in taken:
            taken.add(question.id)
            fresh.append(question)
    return [*deck.questions, *fresh]


def questions_by_id(
    deck: Deck, *, seed: int = DEFAULT_SEED, latest_year: int = LATEST_YEAR
) -> dict[str, Question]:
    """Return :func:`generate_questions` keyed by question id."""
    questions = generate_questions(deck, seed=seed, latest_year=latest_year)
    return {question.id: question for question in questions}
