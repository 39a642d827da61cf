"""The questions asked about one fact: typed, multiple choice, true/false, cloze, list.

Local ids are ``<fact id>:<variant>`` with the variants ``typed``, ``list``,
``mc``, ``tf-true``, ``tf-false`` and ``cloze``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlquiz.core.generate.formatting import (
    BLANK,
    VALUE_SLOT,
    fill_statement,
    fold,
    format_value,
    join_members,
    member_texts,
)
from dlquiz.core.generate.ids import in_rank_order, question_id, question_rng
from dlquiz.core.generate.names import name_distractors
from dlquiz.core.generate.numeric import LATEST_YEAR, numeric_distractors
from dlquiz.core.generate.pools import DeckPools
from dlquiz.core.grading.precision import stated_precision
from dlquiz.core.grading.vocabulary import KNOWN_CONFUSIONS, confusions_for
from dlquiz.core.model import (
    AnswerKey,
    Bound,
    ChoiceKey,
    Fact,
    FactKind,
    ListKey,
    NumberKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)

CHOICES = 4  # every generated multiple choice question has exactly this many options


@dataclass(frozen=True, slots=True)
class FactContext:
    """Everything a per-fact template needs besides the fact."""

    deck_id: str
    seed: int
    pools: DeckPools
    latest_year: int = LATEST_YEAR


def _question(
    fact: Fact,
    ctx: FactContext,
    variant: str,
    *,
    type_: QuestionType,
    prompt: str,
    key: AnswerKey,
    answer: str,
    choices: tuple[str, ...] | None = None,
) -> Question:
    return Question(
        id=question_id(ctx.deck_id, f"{fact.id}:{variant}"),
        deck=ctx.deck_id,
        type=type_,
        prompt=prompt,
        key=key,
        answer=answer,
        topic=fact.topic,
        fact_ids=(fact.id,),
        choices=choices,
        explanation=fact.explanation,
    )


def recall_key(fact: Fact, pools: DeckPools | None = None) -> AnswerKey:
    """The key for typing the answer: a number, a text or every list member.

    With the deck's ``pools``, text and list keys also carry the deck's real
    names that must never pass for a typo of the answer (docs/grading.md).
    """
    vocabulary = pools.vocabulary if pools else ()
    known = (*KNOWN_CONFUSIONS, *(pools.confusions if pools else ()))
    if fact.is_numeric and fact.number is not None:
        return NumberKey(
            value=fact.number,
            tolerance=fact.tolerance,
            unit=fact.unit,
            bound=fact.bound,
            is_year=fact.kind is FactKind.YEAR,
            precision=stated_precision(fact),
            contradictions=fact.contradictions,
        )
    if fact.kind is FactKind.LIST:
        spellings = [text for m in fact.members for text in (m.text, *m.aliases)]
        authored = (*fact.confusions, *fact.distractors)
        return ListKey(
            fact.members,
            confusions=confusions_for(spellings, vocabulary, authored=authored, known=known),
        )
    accepted = (fact.text, *fact.aliases)
    return TextKey(
        accepted,
        ideas=fact.ideas,
        contradictions=fact.contradictions,
        confusions=confusions_for(
            accepted, vocabulary, authored=(*fact.confusions, *fact.distractors), known=known
        ),
    )


def option_key(option: str, fact: Fact, pools: DeckPools) -> TextKey:
    """How a multiple-choice option typed as text is read: its fact's key, if any."""
    owner = (
        fact
        if option == format_value(fact)
        else pools.by_answer.get((fact.attribute, option.casefold()))
    )
    if owner is None or owner.is_numeric or owner.kind is FactKind.LIST:
        return TextKey((option,))
    key = recall_key(owner, pools)
    return key if isinstance(key, TextKey) else TextKey((option,))


def wrong_values(fact: Fact, ctx: FactContext, qid: str, count: int) -> list[str]:
    """Formatted wrong answers for ``fact``, drawn for the question ``qid``."""
    salt = (ctx.seed, qid)
    if fact.is_numeric:
        return numeric_distractors(
            fact,
            related=ctx.pools.numbers_for(fact),
            salt=salt,
            count=count,
            latest_year=ctx.latest_year,
        )
    return name_distractors(fact, harvested=ctx.pools.names_for(fact), salt=salt, count=count)


def _recall(fact: Fact, ctx: FactContext) -> Question:
    if fact.kind is FactKind.LIST:
        answer = ", ".join(member_texts(fact.members))
        return _question(
            fact,
            ctx,
            "list",
            type_=QuestionType.LIST,
            prompt=fact.prompt,
            key=recall_key(fact, ctx.pools),
            answer=answer,
        )
    return _question(
        fact,
        ctx,
        "typed",
        type_=QuestionType.TYPED,
        prompt=fact.prompt,
        key=recall_key(fact, ctx.pools),
        answer=format_value(fact),
    )


def _multiple_choice(fact: Fact, ctx: FactContext) -> Question | None:
    qid = question_id(ctx.deck_id, f"{fact.id}:mc")
    wrong = wrong_values(fact, ctx, qid, CHOICES - 1)
    if len(wrong) < CHOICES - 1:
        return None  # better no question than one padded with nonsense
    answer = format_value(fact)
    options = [answer, *wrong]
    question_rng(ctx.seed, qid).shuffle(options)
    return _question(
        fact,
        ctx,
        "mc",
        type_=QuestionType.MULTIPLE_CHOICE,
        prompt=fact.prompt,
        key=ChoiceKey(
            correct=(options.index(answer),),
            options=()
            if fact.is_numeric
            else tuple(option_key(option, fact, ctx.pools) for option in options),
        ),
        answer=answer,
        choices=tuple(options),
    )


def _true_false(fact: Fact, ctx: FactContext, *, truth: bool, value: str) -> Question:
    statement = fill_statement(fact.statement, value)
    return _question(
        fact,
        ctx,
        "tf-true" if truth else "tf-false",
        type_=QuestionType.TRUE_FALSE,
        prompt=f"True or false: {statement}",
        key=TrueFalseKey(truth),
        answer="True" if truth else "False",
    )


def _false_list(fact: Fact, ctx: FactContext, qid: str) -> str | None:
    """The list with one member swapped for one of the fact's own distractors."""
    members = member_texts(fact.members)
    right = {fold(text) for member in fact.members for text in (member.text, *member.aliases)}
    impostors = [text for text in fact.distractors if fold(text) and fold(text) not in right]
    if not members or not impostors:
        return None
    salt = (ctx.seed, qid)
    replaced = in_rank_order(members, salt=salt)[0]
    impostor = in_rank_order(impostors, salt=salt)[0]
    return join_members([impostor if text == replaced else text for text in members])


def _false_value(fact: Fact, ctx: FactContext) -> str | None:
    qid = question_id(ctx.deck_id, f"{fact.id}:tf-false")
    if fact.kind is FactKind.LIST:
        return _false_list(fact, ctx, qid)
    wrong = wrong_values(fact, ctx, qid, 1)
    return wrong[0] if wrong else None


def _cloze(fact: Fact, ctx: FactContext) -> Question:
    return _question(
        fact,
        ctx,
        "cloze",
        type_=QuestionType.CLOZE,
        prompt=f"Fill in the blank: {fill_statement(fact.statement, BLANK)}",
        key=recall_key(fact, ctx.pools),
        answer=format_value(fact),
    )


def is_askable(fact: Fact) -> bool:
    """Say whether the fact holds enough to be asked at all."""
    if fact.is_numeric:
        return fact.number is not None
    if fact.kind is FactKind.LIST:
        return bool(fact.members)
    return bool(fact.text)


def fact_questions(fact: Fact, ctx: FactContext) -> list[Question]:
    """Every question about one fact, in a fixed order of variants."""
    if not is_askable(fact):
        return []
    questions = [_recall(fact, ctx)]
    # "Over 100 layers" has no wrong value of its own form: "over 20 layers"
    # is true too, and "up to 22 layers" gives the right option away by its
    # form.  A lower bound is therefore only asked for and stated.
    bounded = fact.bound is Bound.AT_LEAST
    if fact.kind is not FactKind.LIST and not bounded:
        mc = _multiple_choice(fact, ctx)
        questions += [mc] if mc else []
    if VALUE_SLOT in fact.statement:
        questions.append(_true_false(fact, ctx, truth=True, value=format_value(fact)))
        false_value = None if bounded else _false_value(fact, ctx)
        if false_value is not None:
            questions.append(_true_false(fact, ctx, truth=False, value=false_value))
        if is_clozable(fact):
            questions.append(_cloze(fact, ctx))
    return questions


CLOZE_MOST_WORDS = 3  # a longer phrase is no single term; many fillers fit its blank
_WORDS_IN_PROSE = 10  # prose writes smaller numbers as words: "two networks", not "2 networks"


def is_clozable(fact: Fact) -> bool:
    """Say whether the fact's value is one answerable term that a blank can stand for."""
    if fact.kind is FactKind.LIST:
        return False
    if fact.kind is FactKind.COUNT:
        return fact.number is not None and fact.number >= _WORDS_IN_PROSE
    if fact.is_numeric:
        return True
    return len(fact.text.split()) <= CLOZE_MOST_WORDS
