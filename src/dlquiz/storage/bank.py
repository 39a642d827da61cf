"""Every question the learner has, by id: generated chapter questions and imported ones.

The chapter deck is generated at start-up (a few milliseconds); imported
questions are read from the collection one at a time, when they are asked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from dlquiz.chapter import chapter
from dlquiz.core.ids import DeckId
from dlquiz.core.model import Question
from dlquiz.core.serialize import question_from_row
from dlquiz.core.short_answers import ChoicePool, as_choice, can_be_asked_as_choice
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_hash import ids_hash

if TYPE_CHECKING:
    from dlquiz.core.siblings import SiblingMap

REVEAL_LIMIT = 2_000  # questions in one deck (~0.5 s to search); see QuestionBank.siblings_in


# The chapter's questions are the same for every collection a process opens
# (chapter() is cached), so their fingerprint and sibling map are worked out
# once per process, not once per collection (a sync, a test, a second window).
@lru_cache(maxsize=1)
def _chapter_fingerprint() -> str:
    return ids_hash(chapter()[1])


@lru_cache(maxsize=1)
def _chapter_siblings() -> SiblingMap:
    from dlquiz.core.siblings import sibling_map

    questions = chapter()[1]
    return sibling_map(questions, reveal=len(questions) <= REVEAL_LIMIT)


class QuestionBank:
    """Looks questions up by id across every deck in one collection."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        deck, questions = chapter()
        self.chapter_deck = deck
        self._builtin = {q.id: q for q in questions}
        self._imported: dict[str, Question] = {}
        self._siblings: dict[str, SiblingMap] = {}
        self._pools: dict[str, ChoicePool] = {}  # by deck: answers to draw wrong choices from
        stored = (
            collection.reader()
            .execute("SELECT content_hash FROM decks WHERE id = ?", (deck.id,))
            .fetchall()
        )
        if stored and stored[0][0] == _chapter_fingerprint():
            return  # the usual start: the cards already match this version's questions
        # A first start, or a new version's questions: sync the cards (loads SQLAlchemy).
        from dlquiz.storage.decks_store import ensure_builtin

        with collection.session() as s:
            report = ensure_builtin(
                s,
                deck_id=deck.id,
                name=deck.name,
                source=deck.source,
                questions=questions,
                now=collection.clock.now(),
                fingerprint=_chapter_fingerprint(),
            )
        if report is not None:
            collection.mark_changed()

    def get(self, question_id: str) -> Question | None:
        """The question, or None when no deck has it (any more)."""
        found = self._builtin.get(question_id) or self._imported.get(question_id)
        if found is not None:
            return found
        rows = (
            self.collection.reader()
            .execute("SELECT id, deck_id, payload FROM questions WHERE id = ?", (question_id,))
            .fetchall()
        )
        if not rows:
            return None
        question = question_from_row(*rows[0])
        self._imported[question_id] = question
        return question

    def some(self, question_ids: Sequence[str]) -> list[Question]:
        """The questions of ``question_ids`` that still exist, in that order.

        Like :meth:`get` for each, in one query.
        """
        missing = [q for q in question_ids if q not in self._builtin and q not in self._imported]
        if missing:
            rows = (
                self.collection.reader()
                .execute(
                    "SELECT id, deck_id, payload FROM questions WHERE id IN"
                    " (SELECT value FROM json_each(?))",
                    (json.dumps(missing),),
                )
                .fetchall()
            )
            for question_id, deck_id, payload in rows:
                self._imported[question_id] = question_from_row(question_id, deck_id, payload)
        found = (self._builtin.get(q) or self._imported.get(q) for q in question_ids)
        return [q for q in found if q is not None]

    def forget_imported(self) -> None:
        """Drop cached imported questions after an import or a deck change."""
        self._imported.clear()
        self._pools = {k: v for k, v in self._pools.items() if k == self.chapter_deck.id}
        self._siblings = {k: v for k, v in self._siblings.items() if k == self.chapter_deck.id}

    def siblings_in(self, deck_id: DeckId) -> SiblingMap:
        """Every question's siblings within one deck, worked out once and cached.

        Decks above ``REVEAL_LIMIT`` questions pair only questions of one fact
        or note: looking for answers given away costs about 0.2 s per thousand
        questions (benchmarks/bench_siblings_lint.py), and this runs when the
        first answer of a session is recorded.
        """
        found = self._siblings.get(deck_id)
        if found is None:
            from dlquiz.core.siblings import sibling_map

            questions = self.questions([deck_id])
            if deck_id == self.chapter_deck.id and questions:  # all of them, as chapter() has them
                found = _chapter_siblings()
            else:
                found = sibling_map(questions, reveal=len(questions) <= REVEAL_LIMIT)
            self._siblings[deck_id] = found
        return found

    def asked(self, question: Question, *, new: bool) -> Question:
        """``question`` as study asks it: as multiple choice when it is a new card of a
        deck whose ``new_as_choice`` setting is on and the deck has the choices, else as it is.
        """
        if not new or not can_be_asked_as_choice(question):
            return question
        on = (
            self.collection.reader()
            .execute("SELECT new_as_choice FROM decks WHERE id = ?", (question.deck,))
            .fetchall()
        )
        if not (on and on[0][0]):
            return question
        pool = self._pools.get(question.deck)
        if pool is None:
            pool = self._pools[question.deck] = ChoicePool(self.questions([question.deck]))
        return as_choice(question, pool) or question

    def buried_by(self, answered: Iterable[str]) -> frozenset[str]:
        """The questions that wait until tomorrow because a sibling of theirs was answered."""
        buried: set[str] = set()
        for question_id in answered:
            question = self.get(question_id)
            if question is not None:
                buried |= self.siblings_in(DeckId(question.deck)).get(question_id, frozenset())
        return frozenset(buried)

    def questions(self, deck_ids: Sequence[str] | None = None) -> list[Question]:
        """Every question of the given decks (all live decks when None), in deck order."""
        conn = self.collection.reader()
        live = [str(d) for (d,) in conn.execute("SELECT id FROM decks WHERE deleted_at IS NULL")]
        wanted = [d for d in (deck_ids or live) if d in set(live)]
        out: list[Question] = []
        for deck_id in wanted:
            if deck_id == self.chapter_deck.id:
                out.extend(self._builtin.values())
                continue
            rows = conn.execute(
                "SELECT id, deck_id, payload FROM questions WHERE deck_id = ? ORDER BY position",
                (deck_id,),
            ).fetchall()
            out.extend(question_from_row(*row) for row in rows)
        return out

    def media(self, deck_id: DeckId, name: str) -> bytes | None:
        """An image stored with an imported deck."""
        rows = (
            self.collection.reader()
            .execute("SELECT data FROM media WHERE deck_id = ? AND name = ?", (deck_id, name))
            .fetchall()
        )
        return bytes(rows[0][0]) if rows else None
