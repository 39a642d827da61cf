"""The words every front end shows for ratings, verdicts and exam outcomes.

The study view, the terminal study loop, the exam results and the card
history all name the same four ratings and the same verdicts; they read them
here so the window and the terminal never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from dlquiz.core.exam_outcome import Outcome
from dlquiz.core.model import Verdict
from dlquiz.core.scheduling import Rating

# A card that is only a picture or a sound may have nothing on its back (as in Anki).
NO_ANSWER_SIDE = "This card has no answer side: rate how well you recalled it."

# Image Occlusion cards (dlquiz.core.occlusion): the picture carries the question.
OCCLUSION_PROMPT = "What does the red mask hide?"
OCCLUSION_TYPED_PROMPT = "Type the label the red mask hides."
OCCLUSION_ANSWER = "The hidden region is outlined in red on the picture."
OCCLUSION_REVEALED = "The hidden region is uncovered on the picture."
OCCLUSION_ANSWER_CLEAR = "The whole picture is shown: the answer is in the region that was clear."
OCCLUSION_IN_TERMINAL = (
    "(This card hides part of the picture {name}, and a terminal cannot draw it:"
    " study it in the window, 'dlquiz'.)"
)
# What the terminal says for a card's pictures and sounds, which it can neither show nor play.
PICTURE_IN_TERMINAL = "(picture {name}: not shown in a terminal; the window shows it)"
SOUND_IN_TERMINAL = "(sound {name}: not played in a terminal; the window can open it)"

RATING_LABELS: Mapping[Rating, str] = MappingProxyType(
    {
        Rating.AGAIN: "Again",
        Rating.HARD: "Hard",
        Rating.GOOD: "Good",
        Rating.EASY: "Easy",
    }
)

OUTCOME_WORDS: Mapping[Outcome, str] = MappingProxyType(
    {
        Outcome.CORRECT: "Correct",
        Outcome.PARTIAL: "Partly right",
        Outcome.INCORRECT: "Not right",
        Outcome.UNANSWERED: "Not answered",
    }
)

# A shape as well as a colour, so the verdict reads without colour vision.
OUTCOME_MARKS: Mapping[Outcome, str] = MappingProxyType(
    {
        Outcome.CORRECT: "✓",
        Outcome.PARTIAL: "◐",
        Outcome.INCORRECT: "✗",
        Outcome.UNANSWERED: "–",
    }
)


def rating_label(rating: Rating | int) -> str:
    """The rating's name; "?" for a number no rating has (an old or foreign row)."""
    try:
        return RATING_LABELS[Rating(rating)]
    except ValueError:
        return "?"


def outcome_text(outcome: Outcome | Verdict, *, mark: bool = True) -> str:
    """How an answer went, e.g. "✓ Correct" (or "Correct" with ``mark=False``).

    Verdicts and exam outcomes share their values, so one table serves both.
    """
    key = Outcome(outcome.value)
    words = OUTCOME_WORDS[key]
    return f"{OUTCOME_MARKS[key]} {words}" if mark else words


# What a grader's note may say that only repeats the verdict ("Incorrect" is the graders' word).
_RESTATEMENTS = frozenset({word.casefold() for word in OUTCOME_WORDS.values()} | {"incorrect"})


def marking_note(feedback: str) -> str:
    """The grader's note as shown beside a verdict: "" when it only says the verdict again.

    Every front end prints the verdict itself ("✓ Correct"), so a note that is
    nothing but "Correct." would read twice; a note that explains ("Correct.
    'Hinton' is how the chapter names him") is kept whole.
    """
    bare = feedback.strip().rstrip(".!").strip().casefold()
    return "" if bare in _RESTATEMENTS else feedback.strip()


def question_numbers(numbers: list[str]) -> str:
    """Exam question numbers as a learner reads them: "question 3", "questions 2, 5" or "none".

    A bare "3" after "Flagged for review:" reads as a count, not as question 3.
    """
    if not numbers:
        return "none"
    word = "question" if len(numbers) == 1 else "questions"
    return f"{word} {', '.join(numbers)}"


# Sync, in the status bar and the Sync dialog: one word per state, and the line shown.
SYNC_STATE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "none": "Sync: no hub set (Tools > Sync…)",
        "running": "Syncing",
        "done": "Synced",
        "offline": "Sync offline",
    }
)


def sync_done_line(*, sent: int, received: int) -> str:
    """The status line after a sync: what went each way."""
    return f"{SYNC_STATE_WORDS['done']}: {sent} sent, {received} received"


def sync_offline_line(reason: str, *, retry_minutes: int) -> str:
    """The status line when the hub cannot be reached; studying goes on.

    Short enough for the status bar of a 1024-pixel window with a long reason.
    """
    return (
        f"{SYNC_STATE_WORDS['offline']}: {reason}. Answers are kept here; "
        f"next try in {retry_minutes} min"
    )


# The teacher's class report (Tools > Class report… and ``dlquiz hub report``).
CLASS_REPORT_TITLE = "Class report"
CLASS_REPORT_MENU = "&Class report…"
CLASS_REPORT_TIP = "Your class's progress and exam statistics, read from the hub"
CLASS_REPORT_ALL_DECKS = "All class decks"
CLASS_REPORT_LOADING = "Reading the class report from the hub…"
CLASS_REPORT_TABS = ("&Learners", "&Progress", "&Exam questions")
CLASS_REPORT_SORT = "Sort by this column  (Ctrl+S)"
# Column headers of the three tables, in the order of CLASS_REPORT_TABS.
CLASS_REPORT_COLUMNS: tuple[tuple[str, ...], ...] = (
    ("Learner", "Questions studied", "Answers", "Correct", "Exams", "Mean exam score"),
    ("Learner", "Question", "Answers", "Correct", "Last rating"),
    ("Question", "Exam attempts", "Facility", "Discrimination"),
)
NOT_AVAILABLE = "n/a"


def share_text(share: float | None) -> str:
    """A share as a percentage ("75%"), or "n/a" when there is nothing to divide."""
    return NOT_AVAILABLE if share is None else f"{share:.0%}"


def discrimination_text(index: float | None) -> str:
    """A discrimination index with its sign ("+0.42"), or "n/a" when it is undefined."""
    return NOT_AVAILABLE if index is None else f"{index:+.2f}"


def class_report_summary(*, learners: int, questions: int, deck: str | None) -> str:
    """The report's status line once it has loaded."""
    where = CLASS_REPORT_ALL_DECKS.lower() if deck is None else deck
    return (
        f"{learners} {'learner' if learners == 1 else 'learners'}, {questions} exam "
        f"{'question' if questions == 1 else 'questions'} ({where}). F5 reads it again."
    )


def class_report_offline_line(reason: str) -> str:
    """The report's status line when the hub cannot be read; nothing local is lost."""
    return f"{CLASS_REPORT_TITLE} offline: {reason}. Press F5 to try again."


# How to get PyTorch for the live demo.  The Demo tab, ``dlquiz demo`` and the
# README's "The live demo" section all give these steps (a test holds the README to them).
TORCH_NEEDED = "The live demo needs PyTorch."
TORCH_INSTALL_STEPS: tuple[tuple[str, str], ...] = (
    (
        "First choose the torch build for your machine, because an unpinned torch may pull a "
        "multi-gigabyte CUDA build. Without an NVIDIA GPU, install the much smaller CPU-only "
        "build; with one, the CUDA build that matches your driver (pytorch.org lists them):",
        "pip install torch --index-url https://download.pytorch.org/whl/cpu",
    ),
    ("Then install the demo extra:", 'pip install "dlquiz[demo]"'),
)
TORCH_RESTART = "Then restart dlquiz."


def torch_install_plain() -> str:
    """The install steps as terminal text, each command indented on its own line."""
    lines = [TORCH_NEEDED]
    for sentence, command in TORCH_INSTALL_STEPS:
        lines += [sentence, f"  {command}"]
    return "\n".join(lines)
