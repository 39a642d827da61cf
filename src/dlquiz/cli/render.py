"""Questions as terminal text, with the answer syntax the learner types."""

from __future__ import annotations

import string
from collections.abc import Sequence

from dlquiz.core.labels import OCCLUSION_IN_TERMINAL, PICTURE_IN_TERMINAL, SOUND_IN_TERMINAL
from dlquiz.core.media import card_media, is_sound
from dlquiz.core.model import MatchKey, Question, QuestionType
from dlquiz.core.plain import plain_text

_HINTS = {
    QuestionType.TYPED: "type your answer",
    QuestionType.CLOZE: "type the missing word or number",
    QuestionType.MULTIPLE_CHOICE: "answer with a letter",
    QuestionType.TRUE_FALSE: "answer t or f",
    QuestionType.ORDERING: "give the numbers in the right order, e.g. 3 1 2 4",
    QuestionType.MATCHING: "pair letters with numbers, e.g. a2 b1 c3",
    QuestionType.LIST: "separate items with commas",
    QuestionType.FLASHCARD: "press Enter to show the answer",
}


def render_question(question: Question) -> list[str]:
    """The lines that show a question, ending with an answer hint."""
    lines = [plain_text(question.text_prompt)]
    choices = [plain_text(c) for c in question.choices or ()]
    if question.type is QuestionType.MULTIPLE_CHOICE:
        lines += [f"  {string.ascii_lowercase[i]}) {c}" for i, c in enumerate(choices)]
        if getattr(question.key, "weights", None) is not None:
            lines.append("  (more than one may be right: give every letter, e.g. a c)")
    elif question.type is QuestionType.ORDERING:
        lines += [f"  {i}. {c}" for i, c in enumerate(choices, start=1)]
    elif question.type is QuestionType.MATCHING and isinstance(question.key, MatchKey):
        lines += [
            f"  {string.ascii_lowercase[i]}) {left}" for i, left in enumerate(question.key.lefts)
        ]
        lines.append("  with:")
        lines += [f"  {i}. {c}" for i, c in enumerate(choices, start=1)]
    lines += media_lines(question, card_media(question).with_prompt)
    lines.append(f"[{_HINTS[question.type]}]")
    return lines


def answer_media_lines(question: Question) -> list[str]:
    """What the answer side would show besides its text: the back's pictures and sounds."""
    return media_lines(question, card_media(question).after_answer)


def media_lines(question: Question, names: Sequence[str]) -> list[str]:
    """One line per picture or sound of ``names`` saying that the terminal cannot show it."""
    lines = []
    occlusion = question.occlusion
    masks = {occlusion.front_mask, occlusion.back_mask} - {""} if occlusion else set()
    for name in names:
        if name in masks:  # part of the occlusion picture, named with it
            continue
        occluded = occlusion is not None and name == occlusion.image
        if occluded:
            template = OCCLUSION_IN_TERMINAL
        else:
            template = SOUND_IN_TERMINAL if is_sound(name) else PICTURE_IN_TERMINAL
        lines.append(template.format(name=name))
    return lines
