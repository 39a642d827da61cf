"""Questions from flashcard-like notes: front/back cards and cloze texts.

Shared by the Anki text reader and the Anki package reader.  One card is
one question, as in Anki: a card whose answer is short becomes a typed
question, any other card stays a flashcard.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from dlquiz.core.bulk import maker
from dlquiz.core.model import AnswerKey, FlashKey, Question, QuestionType, TextKey

from .answers import is_typeable, typed_key
from .cloze import cloze_cards
from .context import ReadContext
from .html import RichText, plain_if_marked, sanitize_html
from .limits import MAX_QUESTIONS

_question = maker(Question)
_flash_key = maker(FlashKey)
# Looked up once: an enum member is a slow attribute, and a large export asks per row.
_TYPED, _FLASHCARD = QuestionType.TYPED, QuestionType.FLASHCARD


def note_identity(local_id: str) -> str:
    """The fact id every card of one note shares, so that they are kept apart as siblings."""
    return f"note:{local_id}"


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build in bulk
class CardDraft:
    """A front/back card before it is turned into questions.

    ``typed`` is True when the deck itself asks for the answer to be typed
    (Anki's ``{{type:Field}}``), None when the answer's shape decides.
    ``note`` names the note the card comes from when a note gives several
    cards (a reversed card, one card per template); empty means the card is
    its own note.
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
    note: str = ""


class QuestionBuilder:
    """Builds each card's and cloze's questions as they come, in the source's order.

    Each question is final once built, so a reader may hand the ones built so
    far to storage while it reads on (:meth:`take_new`).
    """

    def __init__(self, ctx: ReadContext, *, media: Collection[str] = ()) -> None:
        self._ctx = ctx
        self.media = media
        self._questions: list[Question] = []
        self._handed = 0  # how many of them take_new gave out

    def add_card(self, draft: CardDraft) -> None:
        """Queue a front/back card; a card with an empty front is skipped with a notice.

        A card with an empty back is a card, as in Anki, which makes a card of
        every note whose front shows something: it becomes a flashcard the
        learner rates after recalling it (the window says it has no back).
        """
        if not (draft.front.plain or draft.front.images):
            self._ctx.skip("card", "its front is empty", line=draft.line, where=draft.where)
            return
        self._build_card(draft)

    def add_built(self, question: Question) -> None:
        """Add a question built whole by a reader (an Image Occlusion card)."""
        self._append(question)

    def add_plain_card(
        self,
        local_id: str,
        front: str,
        back: str,
        *,
        topic: str,
        tags: tuple[str, ...],
        typed: bool | None,
    ) -> None:
        """Queue a card whose sides are plain text, not empty: each side is its own HTML.

        The question is what :meth:`add_card` would make of the same card, built
        without the drafts (a large text export is mostly such cards).
        """
        if typed is None:
            typed = is_typeable(back)
        key: AnswerKey = typed_key(back) if typed else _flash_key(back=back)
        deck = self._ctx.deck_id
        self._append(
            _question(
                id=f"{deck}:{local_id}",
                deck=deck,
                type=_TYPED if typed else _FLASHCARD,
                prompt=front,  # plain text already: no plain_prompt beside it
                key=key,
                answer=back,
                topic=topic,
                fact_ids=(f"note:{local_id}",),
                tags=tags,
            )
        )

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
        extra_media: tuple[str, ...] = (),
    ) -> int:
        """Add one cloze question per cloze number of ``source``, as Anki makes one
        card per number; returns how many were added.

        ``extra_media`` names images of the note's other fields (Anki's Extra),
        kept with the question after its own.
        """
        added = 0
        for card in cloze_cards(source, only=only):
            prompt = sanitize_html(card.prompt_source, media=self.media)
            answers = tuple(
                dict.fromkeys(
                    text for text in (sanitize_html(a).plain for a in card.answers) if text
                )
            )
            if not answers:
                self._ctx.skip(
                    "cloze card",
                    f"its deletion c{card.number} is empty, so there is nothing to answer",
                    line=line,
                    where=where,
                )
                continue
            answer = ", ".join(answers)
            key = (
                typed_key(answer)
                if len(answers) == 1
                else TextKey(accepted=(answer, " ".join(answers)))
            )
            self._append(
                Question(
                    id=f"{self._ctx.deck_id}:{local_id}-c{card.number}",
                    deck=self._ctx.deck_id,
                    type=QuestionType.CLOZE,
                    prompt=prompt.html,
                    plain_prompt=plain_if_marked(prompt),
                    key=key,
                    answer=answer,
                    topic=topic,
                    fact_ids=(note_identity(local_id),),
                    tags=tags,
                    explanation=explanation,
                    media=_merge(prompt.images, extra_media),
                )
            )
            added += 1
        return added

    def questions(self) -> list[Question]:
        """Every question built so far, in the order of the source's notes."""
        return self._questions

    def take_new(self) -> list[Question]:
        """The questions built since the last call (all of them, the first time)."""
        new = self._questions[self._handed :]
        self._handed = len(self._questions)
        return new

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

    def _card(
        self,
        draft: CardDraft,
        question_id: str,
        qtype: QuestionType,
        key: AnswerKey,
        *,
        choices: tuple[str, ...] | None = None,
    ) -> Question:
        return _question(
            id=question_id,
            deck=self._ctx.deck_id,
            type=qtype,
            prompt=draft.front.html,
            plain_prompt=plain_if_marked(draft.front),
            key=key,
            answer=draft.back.plain,
            topic=draft.topic,
            fact_ids=(note_identity(draft.note or draft.local_id),),
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
