"""Which questions an exam asks, and in which order: reproducible from the seed.

The draw never uses :mod:`random`.  Every "shuffle" sorts by a keyed hash of
the seed and a name, so the same seed, settings and pool give the same exam
on every machine and Python version, whatever order the pool came in.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from dlquiz.core.exam.settings import ExamSettings
from dlquiz.core.model import Question, QuestionType
from dlquiz.core.siblings import SiblingMap, sibling_map


@dataclass(frozen=True, slots=True)
class ExamSelection(Sequence[Question]):
    """The drawn questions in exam order, plus how the draw went.

    It is a sequence of :class:`Question`, so it can be used as a list.
    ``available`` counts the questions that passed the filters; when it is
    below ``requested`` every one of them is asked and ``shortfall`` says how
    many are missing.  ``repeated_facts`` counts questions that had to share a
    fact with another question because the pool had too few other facts.
    """

    questions: tuple[Question, ...]
    requested: int
    available: int
    repeated_facts: int = 0

    @property
    def shortfall(self) -> int:
        """How many fewer questions the exam has than were asked for."""
        return max(0, self.requested - len(self.questions))

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    @overload
    def __getitem__(self, index: int) -> Question: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Question]: ...
    def __getitem__(self, index: int | slice) -> Question | Sequence[Question]:
        return self.questions[index]

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)


def seeded_rank(seed: int, purpose: str, name: str) -> bytes:
    """A sort key that orders names pseudo-randomly, the same way for the same seed."""
    text = f"{seed}\x1f{purpose}\x1f{name}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _eligible(pool: Sequence[Question], settings: ExamSettings) -> list[Question]:
    """Questions that pass the deck, topic and type filters, one per id, sorted by id."""
    decks, topics, types = set(settings.decks), set(settings.topics), set(settings.types)
    by_id: dict[str, Question] = {}
    for question in pool:
        if decks and question.deck not in decks:
            continue
        if topics and question.topic not in topics:
            continue
        if question.type not in types:
            continue
        if question.occlusion is not None:
            continue  # the exam draws no masks: its picture would show the answer
        kept = by_id.setdefault(question.id, question)
        # Two questions under one id should not happen; if they do, the pool's
        # order must still not decide which one is asked.
        if kept is not question and repr(question) < repr(kept):
            by_id[question.id] = question
    return [by_id[qid] for qid in sorted(by_id)]


class _Draw:
    """The state of one draw: the topic queues and the facts already asked.

    ``capacity(topic)`` estimates how many more questions on fresh facts a
    topic can still give: its facts not yet asked plus its questions that
    name no fact.  Generated decks ask every fact on its own (typed recall),
    so the estimate is reached when multi-fact questions are taken with care.
    """

    def __init__(self, eligible: Sequence[Question], seed: int, siblings: SiblingMap) -> None:
        self.siblings = siblings
        self.blocked: set[str] = set()  # siblings of questions already taken
        self.rank = {q.id: seeded_rank(seed, "question", q.id) for q in eligible}
        self.queues: dict[str, list[Question]] = {}
        for question in sorted(eligible, key=lambda q: self.rank[q.id]):
            self.queues.setdefault(question.topic, []).append(question)
        self.topic_order = sorted(self.queues, key=lambda t: seeded_rank(seed, "topic", t))
        self.set_aside: dict[str, list[Question]] = {topic: [] for topic in self.topic_order}
        self.used_facts: set[str] = set()
        self.fact_topics: dict[str, set[str]] = {}
        self.factless = dict.fromkeys(self.topic_order, 0)
        for topic, queue in self.queues.items():
            for question in queue:
                for fact in question.fact_ids:
                    self.fact_topics.setdefault(fact, set()).add(topic)
                self.factless[topic] += not question.fact_ids
        self.fresh_facts = dict.fromkeys(self.topic_order, 0)
        for topics in self.fact_topics.values():
            for topic in topics:
                self.fresh_facts[topic] += 1
        self.taken: list[Question] = []
        self.type_counts: Counter[QuestionType] = Counter()
        # Per topic, how many questions of each type are still in its queue.
        self.types_left = {t: Counter(q.type for q in self.queues[t]) for t in self.topic_order}

    def capacity(self, topic: str) -> int:
        return self.fresh_facts[topic] + self.factless[topic]

    def take(self, question: Question) -> None:
        self.taken.append(question)
        self.type_counts[question.type] += 1
        self.factless[question.topic] -= not question.fact_ids
        self.blocked |= self.siblings.get(question.id, frozenset())
        for fact in question.fact_ids:
            if fact not in self.used_facts:
                self.used_facts.add(fact)
                for topic in self.fact_topics[fact]:
                    self.fresh_facts[topic] -= 1

    def quotas(self, wanted: int) -> dict[str, int]:
        """Share ``wanted`` out one per topic per round, never above a topic's capacity."""
        quota = dict.fromkeys(self.topic_order, 0)
        left = wanted
        while left:
            open_topics = [t for t in self.topic_order if quota[t] < self.capacity(t)]
            if not open_topics:
                break
            for topic in open_topics[:left]:
                quota[topic] += 1
            left -= min(left, len(open_topics))
        return quota

    def _cost(self, question: Question, topic: str) -> int:
        """How much of ``topic``'s capacity taking ``question`` would use up."""
        if not question.fact_ids:
            return 1
        new = set(question.fact_ids) - self.used_facts
        return sum(topic in self.fact_topics[fact] for fact in new)

    def next_fresh(self, topic: str, need: int) -> Question | None:
        """The topic's next question on facts not yet asked, or None.

        Of those, the first in seeded order among the question types asked
        least so far, so an exam mixes types as well as topics.  A question
        that would use up more of the topic's facts than its remaining
        ``need`` allows (an ordering question over four facts when four more
        questions are due) waits while a cheaper one exists.
        """
        queue = self.queues[topic]
        left_here = self.types_left[topic]
        # No question of this topic can have a type asked less often than this.
        floor = min((self.type_counts[t] for t, n in left_here.items() if n > 0), default=0)
        kept: list[Question] = []
        best: int | None = None
        best_used = 0
        fallback: int | None = None
        for index, question in enumerate(queue):
            if self.used_facts.intersection(question.fact_ids) or question.id in self.blocked:
                self.set_aside[topic].append(question)
                left_here[question.type] -= 1
                continue
            kept.append(question)
            used = self.type_counts[question.type]
            if best is not None and used >= best_used:
                continue
            if self.capacity(topic) - self._cost(question, topic) < need - 1:
                fallback = len(kept) - 1 if fallback is None else fallback
                continue
            best, best_used = len(kept) - 1, used
            if used <= floor:  # nothing later can beat it
                kept.extend(queue[index + 1 :])
                break
        self.queues[topic] = kept
        pick = best if best is not None else fallback
        if pick is None:
            return None
        left_here[kept[pick].type] -= 1
        return kept.pop(pick)

    def round_robin(self, wanted: int, needs: dict[str, int] | None) -> int:
        """Take fresh questions topic by topic, up to ``needs`` per topic when given."""
        before = len(self.taken)
        active = [t for t in self.topic_order if needs is None or needs[t] > 0]
        while active and len(self.taken) < wanted:
            still_active: list[str] = []
            for topic in active:
                if len(self.taken) >= wanted:
                    break
                need = 0 if needs is None else needs[topic]
                question = self.next_fresh(topic, need)
                if question is None:
                    continue
                self.take(question)
                if needs is not None:
                    needs[topic] -= 1
                if needs is None or needs[topic] > 0:
                    still_active.append(topic)
            active = still_active
        return len(self.taken) - before

    def fill_evenly(self, wanted: int) -> int:
        """Take fresh questions, each from the topic holding fewest so far.

        When a topic's share ran short (its facts were used up by siblings of
        questions already taken), the rest comes from the emptiest topics, so
        no topic grows beyond its fair share plus one while others can give.
        """
        before = len(self.taken)
        held = Counter(q.topic for q in self.taken)
        dry: set[str] = set()
        while len(self.taken) < wanted:
            open_topics = [t for t in self.topic_order if t not in dry]
            if not open_topics:
                break
            topic = min(open_topics, key=lambda t: held[t])
            question = self.next_fresh(topic, 0)
            if question is None:
                dry.add(topic)
                continue
            self.take(question)
            held[topic] += 1
        return len(self.taken) - before

    def repeats(self, wanted: int) -> int:
        """Fill up with questions on facts already asked, topic by topic."""
        before = len(self.taken)
        if before >= wanted:
            return 0
        leftovers = {
            topic: sorted(self.set_aside[topic] + self.queues[topic], key=lambda q: self.rank[q.id])
            for topic in self.topic_order
        }
        while len(self.taken) < wanted and any(leftovers.values()):
            for topic in self.topic_order:
                if leftovers[topic] and len(self.taken) < wanted:
                    self.take(leftovers[topic].pop(0))
        return len(self.taken) - before


def select_questions(
    pool: Sequence[Question],
    settings: ExamSettings,
    *,
    keep_siblings_apart: bool = True,
    siblings: SiblingMap | None = None,
) -> ExamSelection:
    """Draw the exam's questions from ``pool``.

    Rules (see docs/exams.md):

    1. Keep the questions that match the settings' decks, topics and types,
       except Image Occlusion questions: an exam shows no pictures.
    2. Share the count out over the topics, one per topic per round in a
       seeded topic order, never more than a topic can give on fresh facts:
       no topic holds more than its fair share plus one unless others run dry.
    3. Within a topic take questions in a seeded order, skipping any whose
       facts (``fact_ids``) were already asked, and preferring the question
       types asked least so far.  A question over several facts waits while
       taking it would leave the topic short of its share.  With
       ``keep_siblings_apart`` a question whose shown text gives away the
       answer of one already taken (or the other way round) waits too.
    4. If still short, take any question on a fresh fact, topic by topic;
       only then questions on facts already asked (``repeated_facts``).
    5. Shuffle the drawn questions with the seed.

    Args:
        pool: every question the learner could be asked, in any order.
        settings: the exam's settings; ``settings.seed`` drives every choice.
        keep_siblings_apart: the learner's ``bury_siblings`` setting.
        siblings: ``sibling_map(pool)`` worked out already, for callers that
            draw many exams from one pool (readiness draws twenty).

    Returns:
        The drawn questions in exam order, with ``shortfall`` when the pool
        had fewer eligible questions than ``settings.questions``.
    """
    seed = settings.seed
    eligible = _eligible(pool, settings)
    wanted = settings.questions
    if not keep_siblings_apart:
        siblings = {}
    elif siblings is None:
        siblings = sibling_map(eligible)
    draw = _Draw(eligible, seed, siblings)
    draw.round_robin(wanted, draw.quotas(wanted))  # a fair share per topic, fresh facts
    draw.fill_evenly(wanted)  # then any fresh fact, from the topics holding fewest
    repeated = draw.repeats(wanted)  # only then facts already asked
    drawn = sorted(draw.taken, key=lambda q: seeded_rank(seed, "order", q.id))
    return ExamSelection(
        questions=tuple(drawn),
        requested=wanted,
        available=len(eligible),
        repeated_facts=repeated,
    )
