"""The card browser's queries: filtered and sorted card ids, then rows a page at a time.

Sorting and filtering happen in SQL, so a table of 100,000 cards needs one
query for its ordered ids and one small query per page shown.  Chapter
questions are generated, not stored, so their prompts come from memory
through an SQL function registered on the connection; imported prompts are
read from ``questions.payload``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    String,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from dlquiz.core.clock import local_zone
from dlquiz.core.ids import CardId
from dlquiz.core.model import Question
from dlquiz.core.plain import plain_text
from dlquiz.core.scheduling import CardPhase, CardState, Scheduler, day_start
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.reports import is_reported
from dlquiz.storage.schema import CardRow, DeckRow, QuestionRow

# What the state filter offers; "due" means due by the end of the study day.
BROWSE_STATES = ("new", "learning", "review", "relearning", "suspended", "due", "reported")
PHASE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
_PHASE_OF_STATE = {name: phase for phase, name in PHASE_NAMES.items()}
_SEARCH_FN = "dlquiz_casefold"
_PROMPT_FN = "dlquiz_chapter_prompt"


# What an ORDER BY takes here: a mapped column or an SQL expression.
_Sortable = ColumnElement[Any] | InstrumentedAttribute[Any]


class SortKey(StrEnum):
    """The columns the browser can sort by."""

    QUESTION = "question"
    DECK = "deck"
    TOPIC = "topic"
    TYPE = "type"
    STATE = "state"
    DUE = "due"
    STABILITY = "stability"
    DIFFICULTY = "difficulty"
    RETRIEVABILITY = "retrievability"
    REVIEWS = "reviews"
    LAPSES = "lapses"


@dataclass(frozen=True, slots=True)
class BrowseFilter:
    """What the browser shows; None (or empty text) means no restriction."""

    deck_id: str | None = None
    topic: str | None = None
    qtype: str | None = None
    state: str | None = None  # one of BROWSE_STATES
    text: str = ""  # every word must appear in the prompt, answer or choices


@dataclass(frozen=True, slots=True)
class BrowseRow:
    """One card as the table shows it."""

    card_id: CardId
    question_id: str
    prompt: str
    deck: str
    topic: str
    qtype: str
    phase: int
    suspended: bool
    due: datetime | None
    new_rank: int
    stability: float | None
    difficulty: float | None
    retrievability: float | None  # None for new cards
    reviews: int
    lapses: int

    @property
    def state(self) -> str:
        return PHASE_NAMES.get(self.phase, "?")


@dataclass(frozen=True, slots=True)
class Facets:
    """The choices for the filter boxes."""

    decks: list[tuple[str, str]]  # (id, name)
    topics: list[str]
    types: list[str]


def sql_time(moment: datetime) -> str:
    """A UTC instant written the way the datetime columns store it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def elapsed_days(now: datetime) -> ColumnElement[Any]:
    """Whole days since the last review, as fsrs counts them (never negative)."""
    days = func.julianday(sql_time(now)) - func.julianday(CardRow.last_review)
    return func.max(0, cast(days, Integer))


def mastered(now: datetime) -> ColumnElement[bool]:
    """Retrievability at least 90 %: stability is by definition the interval at which R = 0.9."""
    return and_(CardRow.phase > 0, CardRow.stability > 0, elapsed_days(now) <= CardRow.stability)


def live_cards() -> ColumnElement[bool]:
    """Cards whose question still exists, in decks that are not deleted."""
    live_decks = select(DeckRow.id).where(DeckRow.deleted_at.is_(None))
    return and_(CardRow.retired.is_(False), CardRow.deck_id.in_(live_decks))


class BrowseQuery:
    """Reads the card table for the browser; one session per call."""

    def __init__(self, bank: QuestionBank, *, zone: tzinfo | None = None) -> None:
        self.bank = bank
        self.collection = bank.collection
        self.zone = zone or local_zone()
        chapter_id = bank.chapter_deck.id
        self._chapter: dict[str, Question] = {q.id: q for q in bank.questions([chapter_id])}
        self._chapter_prompts = {qid: plain_text(q.text_prompt) for qid, q in self._chapter.items()}
        self._haystacks = {qid: _haystack(q) for qid, q in self._chapter.items()}
        self._cached_scheduler: Scheduler | None = None

    # --- the ordered ids ---

    def card_ids(
        self, wanted: BrowseFilter, *, sort: SortKey = SortKey.DUE, descending: bool = False
    ) -> list[int]:
        """Every card id that passes ``wanted``, in the requested order."""
        now = self.collection.clock.now()
        query = select(CardRow.id).join(DeckRow, DeckRow.id == CardRow.deck_id)
        query = query.where(live_cards(), *self._conditions(wanted, now))
        needs_questions = bool(wanted.text.split()) or sort is SortKey.QUESTION
        if needs_questions:
            query = query.outerjoin(QuestionRow, QuestionRow.id == CardRow.question_id)
        query = query.order_by(*self._order(sort, descending=descending, now=now), CardRow.id)
        with self.collection.session() as s:
            self._register_functions(s)
            result = s.connection().execute(query)
            # Plain integers need no conversion: reading the DBAPI cursor directly saves
            # SQLAlchemy's per-row work, which would double the time for 100,000 cards.
            ids = [row[0] for row in result.cursor.fetchall()]
            result.close()
            return ids

    def _conditions(self, wanted: BrowseFilter, now: datetime) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        if wanted.deck_id is not None:
            out.append(CardRow.deck_id == wanted.deck_id)
        if wanted.topic is not None:
            out.append(CardRow.topic == wanted.topic)
        if wanted.qtype is not None:
            out.append(CardRow.qtype == wanted.qtype)
        if wanted.state == "suspended":
            out.append(CardRow.suspended.is_(True))
        elif wanted.state == "reported":
            out.append(is_reported())
        elif wanted.state == "due":
            out.append(self._due_today(now))
        elif wanted.state is not None:
            if wanted.state not in _PHASE_OF_STATE:
                raise ValueError(f"unknown card state {wanted.state!r}")
            out.append(CardRow.phase == _PHASE_OF_STATE[wanted.state])
        words = wanted.text.casefold().split()
        if words:
            out.append(self._text_matches(words))
        return out

    def _due_today(self, now: datetime) -> ColumnElement[bool]:
        hour = self.collection.settings().day_start_hour
        end = day_start(now, zone=self.zone, hour=hour) + timedelta(days=1)
        learning = and_(CardRow.phase.in_((1, 3)), CardRow.due <= now)
        review = and_(CardRow.phase == 2, CardRow.due < end)
        return and_(CardRow.suspended.is_(False), or_(learning, review))

    def _text_matches(self, words: list[str]) -> ColumnElement[bool]:
        # Chapter questions are searched here, imported ones in SQL over their stored JSON.
        chapter_hits = [
            qid for qid, text in self._haystacks.items() if all(word in text for word in words)
        ]
        payload = QuestionRow.payload
        stored: ColumnElement[Any] = literal("")
        for name in ("plain_prompt", "prompt", "answer", "choices"):
            part = func.coalesce(func.json_extract(payload, f"$.{name}", type_=String), "")
            stored = stored.op("||")(part).op("||")(literal("\n"))
        if all(word.isascii() for word in words):
            # SQLite's LIKE ignores the case of ASCII letters at C speed.  A word that JSON
            # writes unchanged must also appear in the raw payload: that cheap test first
            # spares reading the JSON of most questions.
            checks = []
            for word in words:
                pattern = f"%{_escape_like(word)}%"
                if '"' not in word and "\\" not in word:
                    checks.append(payload.like(pattern, escape="\\"))
                checks.append(stored.like(pattern, escape="\\"))
            imported = and_(*checks)
        else:  # other letters need Python's case folding, one call per stored question
            folded = getattr(func, _SEARCH_FN)(stored, type_=String)
            imported = and_(*(func.instr(folded, word) > 0 for word in words))
        return or_(CardRow.question_id.in_(chapter_hits), and_(payload.is_not(None), imported))

    def _order(self, sort: SortKey, *, descending: bool, now: datetime) -> list[ColumnElement[Any]]:
        def direction(column: _Sortable) -> ColumnElement[Any]:
            ordered = column.desc() if descending else column.asc()
            return ordered.nulls_last()

        match sort:
            case SortKey.QUESTION:
                prompt = func.coalesce(
                    func.nullif(func.json_extract(QuestionRow.payload, "$.plain_prompt"), ""),
                    func.json_extract(QuestionRow.payload, "$.prompt"),
                    getattr(func, _PROMPT_FN)(CardRow.question_id),
                )
                return [direction(getattr(func, _SEARCH_FN)(prompt, type_=String))]
            case SortKey.DECK:
                return [direction(DeckRow.name), direction(CardRow.new_rank)]
            case SortKey.TOPIC:
                return [direction(CardRow.topic), direction(CardRow.new_rank)]
            case SortKey.TYPE:
                return [direction(CardRow.qtype), direction(CardRow.new_rank)]
            case SortKey.STATE:
                return [direction(CardRow.suspended), direction(CardRow.phase)]
            case SortKey.DUE:
                # Scheduled cards by due time, then new cards in the order they will come.
                return [
                    direction(CardRow.phase == 0),
                    direction(CardRow.due),
                    direction(CardRow.new_rank),
                ]
            case SortKey.STABILITY:
                return [direction(CardRow.stability)]
            case SortKey.DIFFICULTY:
                return [direction(CardRow.difficulty)]
            case SortKey.RETRIEVABILITY:
                # R falls as elapsed/stability grows, so sorting that ratio the other way
                # sorts by R without computing powers in SQL; new cards have no R.
                ratio = cast(elapsed_days(now), Float) / func.nullif(CardRow.stability, 0)
                ordered = ratio.asc() if descending else ratio.desc()
                return [ordered.nulls_last()]
            case SortKey.REVIEWS:
                return [direction(CardRow.reps)]
            case SortKey.LAPSES:
                return [direction(CardRow.lapses)]
        # No fallback: the match covers every SortKey, and mypy reports a missing
        # return as soon as a new key has no case here.

    def _register_functions(self, session: Session) -> None:
        raw = session.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        prompts = self._chapter_prompts
        raw.create_function(
            _SEARCH_FN,
            1,
            lambda text: None if text is None else str(text).casefold(),
            deterministic=True,
        )
        raw.create_function(_PROMPT_FN, 1, prompts.get, deterministic=True)

    # --- rows for the table ---

    def rows(self, card_ids: Sequence[int]) -> list[BrowseRow]:
        """The table rows for ``card_ids``, in the same order (missing ids are skipped)."""
        if not card_ids:
            return []
        now = self.collection.clock.now()
        scheduler = self._scheduler()
        # Plain columns, not ORM objects: a page of rows is built on every scroll.
        query = (
            select(
                CardRow.id,
                CardRow.question_id,
                DeckRow.name,
                CardRow.topic,
                CardRow.qtype,
                CardRow.phase,
                CardRow.step,
                CardRow.suspended,
                CardRow.due,
                CardRow.last_review,
                CardRow.new_rank,
                CardRow.stability,
                CardRow.difficulty,
                CardRow.reps,
                CardRow.lapses,
                func.json_extract(QuestionRow.payload, "$.plain_prompt"),
                func.json_extract(QuestionRow.payload, "$.prompt"),
            )
            .join(DeckRow, DeckRow.id == CardRow.deck_id)
            .outerjoin(QuestionRow, QuestionRow.id == CardRow.question_id)
            .where(CardRow.id.in_(list(card_ids)))
        )
        found: dict[int, BrowseRow] = {}
        with self.collection.session() as s:
            for (
                card_id, question_id, deck, topic, qtype, phase, step, suspended, due,
                last_review, new_rank, stability, difficulty, reps, lapses, plain, prompt,
            ) in s.execute(query):  # fmt: skip
                recall = None
                if phase != 0 and stability is not None and last_review is not None:
                    state = CardState(
                        phase=CardPhase(phase),
                        step=step,
                        stability=stability,
                        difficulty=difficulty,
                        due=due,
                        last_review=last_review,
                    )
                    recall = scheduler.retrievability(state, now=now)
                found[card_id] = BrowseRow(
                    card_id=CardId(card_id),
                    question_id=question_id,
                    prompt=self._prompt(question_id, plain, prompt),
                    deck=deck,
                    topic=topic,
                    qtype=qtype,
                    phase=phase,
                    suspended=suspended,
                    due=due,
                    new_rank=new_rank,
                    stability=stability,
                    difficulty=difficulty,
                    retrievability=recall,
                    reviews=reps,
                    lapses=lapses,
                )
        return [found[i] for i in card_ids if i in found]

    def _scheduler(self) -> Scheduler:
        settings = self.collection.settings().scheduler()
        if self._cached_scheduler is None or self._cached_scheduler.settings != settings:
            self._cached_scheduler = Scheduler(settings)
        return self._cached_scheduler

    def _prompt(self, question_id: str, plain: str | None, prompt: str | None) -> str:
        if plain:
            return plain
        if prompt is not None:
            return plain_text(prompt)
        return self._chapter_prompts.get(question_id, question_id)

    def question(self, card_id: int) -> Question | None:
        """The whole question behind a card, for the preview."""
        with self.collection.session() as s:
            question_id = s.scalar(select(CardRow.question_id).where(CardRow.id == card_id))
        return None if question_id is None else self.bank.get(question_id)

    def facets(self) -> Facets:
        """Decks, sections and question types present among live cards."""
        with self.collection.session() as s:
            decks = [
                (deck_id, name)
                for deck_id, name in s.execute(
                    select(DeckRow.id, DeckRow.name)
                    .where(DeckRow.deleted_at.is_(None))
                    .order_by(DeckRow.kind, DeckRow.name)
                )
            ]
            topics = set(s.scalars(select(CardRow.topic).where(live_cards()).distinct()))
            types = sorted(s.scalars(select(CardRow.qtype).where(live_cards()).distinct()))
        ordered = [t for t in self.bank.chapter_deck.topics if t in topics]
        ordered += sorted(t for t in topics - set(ordered) if t)
        return Facets(decks=decks, topics=ordered, types=types)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _haystack(question: Question) -> str:
    parts = [plain_text(question.text_prompt), question.answer, *(question.choices or ())]
    return "\n".join(parts).casefold()
