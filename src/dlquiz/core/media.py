"""Which of a question's pictures and sounds go with its prompt, and which wait for the answer.

An imported question lists every picture and sound of its card in
``Question.media``, in the order the card shows them.  Those the prompt
shows are named in its HTML (``<img src="…">``, ``<audio src="…">``, written
by dlquiz's own sanitiser); the rest belong to the answer side (a flashcard's
back, a cloze's Extra field) and must not be shown before the answer, or the
card would give itself away.  A sound is told from a picture by its name, as
Anki's ``[sound:…]`` names always carry their kind.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from dlquiz.core.model import Question

SOUND_SUFFIXES = frozenset(
    {".mp3", ".wav", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".flac", ".spx", ".webm", ".3gp"}
)
_NAMED = re.compile(r'<(?:img|audio) src="([^"]*)">')


@dataclass(frozen=True, slots=True)
class CardMedia:
    """A question's media in the order shown: with the prompt, then after the answer."""

    with_prompt: tuple[str, ...]
    after_answer: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        """Everything, as the answer side shows it (the prompt's first, as Anki's FrontSide)."""
        return self.with_prompt + self.after_answer


def is_sound(name: str) -> bool:
    """True for a sound file's name (``x.mp3``), judged by its suffix."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].casefold() in SOUND_SUFFIXES


def card_media(question: Question) -> CardMedia:
    """Split ``question.media`` into what goes with the prompt and what comes after."""
    if not question.media:
        return CardMedia((), ())
    in_prompt = {html.unescape(name) for name in _NAMED.findall(question.prompt)}
    first = tuple(name for name in question.media if name in in_prompt)
    rest = tuple(name for name in question.media if name not in in_prompt)
    return CardMedia(first, rest)
