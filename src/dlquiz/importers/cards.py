"""Questions from flashcard-like notes: front/back cards and cloze texts.

Shared by the Anki text reader and the Anki package reader.  A card whose
answer is short becomes a typed question (and, when the deck has enough
answers of the same kind, also a multiple-choice variant with id suffix
``:mc``); any other card stays a flashcard.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from dlquiz.core.model import AnswerKey, ChoiceKey, FlashKey, Question, QuestionType

from .answers import DistractorPool, is_typeable, typed_key
from .cloze import cloze_blanks, is_nested
from .context import ReadContext
from .html import RichText, sanitize_html
from .limits import MAX_QUESTIONS

MC_SUFFIX = ":mc"


def note_identity(local_id: str) -> str:
    """The fact id every card of one note shares, so that they are kept apart as siblings."""
    return f"note:{local_id}"


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build in bulk
class CardDraft:
    """A front/back card before it is turned into questions.

    ``typed`` is True when the deck itself asks for the answer to be typed
    (Anki's ``{{type:Field}}``), None when the answer's shape decides.
    """

    local_id: str
    front: RichText
    back: RichText
    topic: str = ""
    tags: tuple[str, ...] = ()
    explanation: str = ""
    typed: bool | None = None
    line: int = 0
    where: str = ""


class QuestionBuilder:
    """Collects cards and clozes, then builds questions in one pass at the end.

    Building waits for the end because multiple-choice variants draw their
    distractors from every short answer of the deck.
    """

    def __init__(self, ctx: ReadContext, *, media: Collection[str] = ()) -> None:
        self._ctx = ctx
        self.media = media
        self._cards: list[CardDraft] = []
        self._questions: list[Question] = []
        self._pool = DistractorPool()

    def add_card(self, draft: CardDraft) -> None:
        """Queue a front/back card; cards with an empty side are skipped with a notice."""
        if not (draft.front.plain or draft.front.images):
            self._ctx.skip("card", "its front is empty", line=draft.line, where=draft.where)
            return
        if not (draft.back.plain or draft.back.images):
            self._ctx.skip("card", "its back is empty", line=draft.line, where=draft.where)
            return
        self._cards.append(draft)
        if draft.typed is not False and is_typeable(draft.back.plain):
            self._pool.add(draft.back.plain)

    def add_cloze(
        self,
        local_id: str,
        source: str,
        *,
        topic: str = "",
        tags: tuple[str, ...] = (),
        explanation: str = "",
        only: set[int] | None = None,
        line: int = 0,
        where: str = "",
    ) -> int:
        """Add one cloze question per deletion of ``source``; returns how many."""
        if is_nested(source):
            self._ctx.skip(
                "cloze note", "deletions inside deletions are not supported", line=line, where=where
            )
            return 0
        added = 0
        for blank in cloze_blanks(source, only=only):
            prompt = sanitize_html(blank.prompt_source, media=self.media)
            answer = sanitize_html(blank.answer_source).plain
            if not answer:
                self._ctx.skip("cloze deletion", "it hides nothing", line=line, where=where)
                continue
            suffix = f"c{blank.number}" + (f".{blank.occurrence}" if blank.occurrence > 1 else "")
            self._append(
                Question(
                    id=f"{self._ctx.deck_id}:{local_id}-{suffix}",
                    deck=self._ctx.deck_id,
                    type=QuestionType.CLOZE,
                    prompt=prompt.html,
                    plain_prompt=prompt.plain,
                    key=typed_key(answer),
                    answer=answer,
                    topic=topic,
                    fact_ids=(note_identity(local_id),),
                    tags=tags,
                    explanation=explanation,
                    media=prompt.images,
                )
            )
            added += 1
        return added

    def questions(self) -> list[Question]:
        """Every question built so far, cards last (they need the whole deck's answers)."""
        for draft in self._cards:
            self._build_card(draft)
        self._cards.clear()
        return self._questions

    def _append(self, question: Question) -> None:
        if len(self._questions) >= MAX_QUESTIONS:
            raise self._ctx.refuse(f"more than {MAX_QUESTIONS:,} questions: split the deck")
        self._questions.append(question)

    def _build_card(self, draft: CardDraft) -> None:
        base_id = f"{self._ctx.deck_id}:{draft.local_id}"
        typed = draft.typed if draft.typed is not None else is_typeable(draft.back.plain)
        if not typed or not draft.back.plain:  # an image cannot be typed
            self._append(
                self._card(draft, base_id, QuestionType.FLASHCARD, FlashKey(draft.back.html))
            )
            return
        self._append(self._card(draft, base_id, QuestionType.TYPED, typed_key(draft.back.plain)))
        drawn = self._pool.choices_for(draft.back.plain, seed=base_id)
        if drawn is not None:
            choices, correct = drawn
            key = ChoiceKey(correct=(correct,))
            mc = QuestionType.MULTIPLE_CHOICE
            self._append(self._card(draft, base_id + MC_SUFFIX, mc, key, choices=choices))

    def _card(
        self,
        draft: CardDraft,
        question_id: str,
        qtype: QuestionType,
        key: AnswerKey,
        *,
        choices: tuple[str, ...] | None = None,
    ) -> Question:
        return Question(
            id=question_id,
            deck=self._ctx.deck_id,
            type=qtype,
            prompt=draft.front.html,
            plain_prompt=draft.front.plain,
            key=key,
            answer=draft.back.plain,
            topic=draft.topic,
            fact_ids=(note_identity(draft.local_id),),
            tags=draft.tags,
            explanation=draft.explanation,
            media=_merge(draft.front.images, draft.back.images),
            choices=choices,
        )


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """Both tuples' names, each once, in order (fast when one is empty)."""
    if not second:
        return first
    if not first:
        return second
    return tuple(dict.fromkeys(first + second))
