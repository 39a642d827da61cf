"""The data every part of dlquiz shares: facts, decks, questions and grades.

Facts are what a deck knows; questions are what the generator asks about
them; a grade is what the grader says about one answer.  All of them are
immutable so they can be cached and shared between threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from dlquiz.core.occlusion import Occlusion


class QuestionType(StrEnum):
    """The question types, with the exact names used in the CLI and JSON."""

    TYPED = "typed"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    ORDERING = "ordering"
    MATCHING = "matching"
    LIST = "list"
    CLOZE = "cloze"
    FLASHCARD = "flashcard"


class FactKind(StrEnum):
    """What sort of value a fact holds; it decides how it is asked and graded."""

    YEAR = "year"
    PERCENT = "percent"
    COUNT = "count"  # a plain number with a unit: layers, images, categories
    NAME = "name"  # a person, team, organisation, architecture or product
    LIST = "list"  # a set whose members are all asked for
    CONCEPT = "concept"  # a short phrase: a cause, an effect, a technique


class Bound(StrEnum):
    """How a numeric fact's value is meant."""

    EXACT = "exact"  # within the tolerance
    AT_LEAST = "at_least"  # "over 100 layers": the value or any larger number


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"


@dataclass(frozen=True, slots=True)
class ListMember:
    """One member of a list fact, with the other words a learner may use for it."""

    text: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """One checkable statement from a deck.

    ``prompt`` asks for the value ("In which year ...?"); ``statement`` says the
    fact with ``{value}`` where the value goes, so the same fact gives cloze
    and true/false questions.  ``subject`` and ``attribute`` let generators
    line facts up for matching (every ``depth`` of every architecture), and
    ``event`` names a year fact on a timeline.
    """

    id: str
    topic: str
    kind: FactKind
    subject: str
    attribute: str
    prompt: str
    statement: str
    explanation: str
    number: float | None = None  # for year, percent and count
    unit: str = ""  # "layers", "images", "%"; empty for years
    tolerance: float = 0.0  # absolute, in the fact's unit
    bound: Bound = Bound.EXACT
    text: str = ""  # the canonical answer for name and concept facts
    aliases: tuple[str, ...] = ()  # other accepted answers for ``text``
    members: tuple[ListMember, ...] = ()  # for list facts
    distractors: tuple[str, ...] = ()  # plausible wrong answers, all really wrong
    event: str = ""  # short label for timelines, e.g. "AlexNet wins ImageNet"
    group: str = ""  # facts of one group are matched or ordered together
    line: int = 0  # where the fact starts in its file, for messages
    # Grading fields (docs/grading.md): each idea is a tuple of synonymous terms,
    # one of which a right answer must state; a contradiction makes an answer
    # wrong; a confusion is a real, different answer never taken for a typo.
    ideas: tuple[tuple[str, ...], ...] = ()
    contradictions: tuple[str, ...] = ()
    confusions: tuple[str, ...] = ()
    precision: float = 0.0  # the unit of the last digit the source states (85% -> 1)

    @property
    def is_numeric(self) -> bool:
        return self.kind in (FactKind.YEAR, FactKind.PERCENT, FactKind.COUNT)


# --- Answer keys: what a question accepts, one shape per way of answering ---


@dataclass(frozen=True, slots=True)
class NumberKey:
    """A number, within ``tolerance``, or at least ``value`` for AT_LEAST."""

    value: float
    tolerance: float = 0.0
    unit: str = ""
    bound: Bound = Bound.EXACT
    is_year: bool = False
    # The source rounds to this unit, so any answer that rounds to ``value`` fits.
    precision: float = 0.0
    contradictions: tuple[str, ...] = ()  # "error rate" for an accuracy: a flipped measure


@dataclass(frozen=True, slots=True)
class TextKey:
    """Free text; ``accepted[0]`` is the canonical answer shown to the learner.

    ``partial`` lists answers worth part of the mark (GIFT gives such weights).
    ``ideas`` (each a tuple of synonymous terms) let a phrased answer count
    when it states every idea; ``contradictions`` make an answer wrong;
    ``confusions`` are real, different answers that no typo rule may accept.
    """

    accepted: tuple[str, ...]
    partial: tuple[tuple[str, float], ...] = ()
    ideas: tuple[tuple[str, ...], ...] = ()
    contradictions: tuple[str, ...] = ()
    confusions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChoiceKey:
    """Multiple choice over ``Question.choices``.

    One correct index for single-answer questions.  For multiple-answer
    questions ``weights`` gives each choice's weight in -1..1 (GIFT's ``%w%``).
    """

    correct: tuple[int, ...]
    weights: tuple[float, ...] | None = None
    # One key per choice, when known: a choice typed as text is then read with
    # that choice's aliases and ideas.  Empty: the choice texts alone.
    options: tuple[TextKey, ...] = ()

    @property
    def multiple(self) -> bool:
        return self.weights is not None


@dataclass(frozen=True, slots=True)
class TrueFalseKey:
    value: bool


@dataclass(frozen=True, slots=True)
class OrderKey:
    """``order`` holds indices into ``Question.choices`` in the right order."""

    order: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MatchKey:
    """Match each of ``lefts`` to one of ``Question.choices``.

    ``pairs[i]`` is the index into ``choices`` that belongs with ``lefts[i]``.
    """

    lefts: tuple[str, ...]
    pairs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ListKey:
    """Every member must be named, in any order."""

    members: tuple[ListMember, ...]
    confusions: tuple[str, ...] = ()  # real names that are no member, never typos of one


@dataclass(frozen=True, slots=True)
class FlashKey:
    """A classic card: the learner sees ``back`` and rates themselves."""

    back: str


AnswerKey = (
    NumberKey | TextKey | ChoiceKey | TrueFalseKey | OrderKey | MatchKey | ListKey | FlashKey
)


@dataclass(frozen=True, slots=True)
class Question:
    """One question as it is shown, answered and graded.

    ``id`` is ``"<deck id>:<local id>"`` where the local id says what is asked
    (fact id, template, variant), never where the question sits in a list.
    ``choices`` holds the options for multiple choice, the items in shown
    order for ordering and the right-hand side for matching; otherwise None.
    ``answer`` is the correct answer as readable plain text.  ``prompt`` may
    hold light HTML for imported decks; ``plain_prompt`` never does.
    """

    id: str
    deck: str
    type: QuestionType
    prompt: str
    key: AnswerKey
    answer: str
    topic: str = ""
    fact_ids: tuple[str, ...] = ()
    choices: tuple[str, ...] | None = None
    explanation: str = ""
    tags: tuple[str, ...] = ()
    media: tuple[str, ...] = ()  # file names of images stored with the deck
    plain_prompt: str = ""  # empty when the prompt holds no markup: ``text_prompt`` is it
    # An Image Occlusion card: the picture (one of ``media``) and the shapes to draw on it.
    occlusion: Occlusion | None = None

    @property
    def text_prompt(self) -> str:
        """The prompt without markup."""
        return self.plain_prompt or self.prompt


@dataclass(frozen=True, slots=True)
class Grade:
    """The verdict on one answer.

    ``score`` is in 0..1; ``expected`` is the correct answer as text and
    ``feedback`` says what was right and what was missed.
    """

    verdict: Verdict
    score: float
    expected: str
    feedback: str

    @property
    def correct(self) -> bool:
        return self.verdict is Verdict.CORRECT


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck as loaded from a file: facts, hand-written questions, or both."""

    id: str
    name: str
    facts: tuple[Fact, ...] = ()
    questions: tuple[Question, ...] = ()
    description: str = ""
    source: str = ""  # the file it came from, for messages
    topics: tuple[str, ...] = field(default=())  # in the order the deck gives them
    confusions: tuple[str, ...] = ()  # names the author adds to the deck's vocabulary
