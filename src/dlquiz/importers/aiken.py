"""Aiken files: one question line, options ``A) ...`` and an ``ANSWER: X`` line.

The rules follow Moodle's reader: an option is a capital letter, ``)`` or
``.`` and the text (the space after it may be missing); a question needs at
least two options and its ``ANSWER:`` line before the next question starts.
Unlike Moodle, a file with any broken question is refused as a whole, with
every problem listed, so nothing is imported half-done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dlquiz.core.model import ChoiceKey, Question, QuestionType

from .answers import distinct
from .context import ReadContext
from .html import plain_if_marked, plain_to_rich
from .ids import UniqueIds, short_hash
from .limits import MAX_FIELD_CHARS
from .result import ReaderOutput

_OPTION = re.compile(r"^([A-Z])[).]\s*(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$")
MIN_OPTIONS = 2


@dataclass
class _Draft:
    line: int
    text: list[str]
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)


def read_aiken(text: str, ctx: ReadContext) -> ReaderOutput:
    """Read Aiken ``text``.

    Raises:
        InputError: every question that is not finished or not well formed.
    """
    questions: list[Question] = []
    ids = UniqueIds()
    draft: _Draft | None = None
    lines = text.split("\n")
    stage = ctx.stage(0.1, 0.95)
    for number, raw in enumerate(lines, start=1):
        stage.every(number, len(lines), step=1024)
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        # The limit is on the text itself, not on its "B. " label.
        if len(option.group(2) if option else line) > MAX_FIELD_CHARS:
            ctx.problem(f"a text is longer than {MAX_FIELD_CHARS:,} characters", line=number)
            continue
        if answer:
            if draft is None:
                ctx.problem(
                    "'ANSWER:' line before any question text: question not started", line=number
                )
                continue
            question = _finish(draft, answer.group(1).strip(), number, ids, ctx)
            if question is not None:
                questions.append(question)
            draft = None
        elif option:
            if draft is None:
                ctx.problem(
                    f"option {option.group(1)} before any question text: question not started",
                    line=number,
                )
                continue
            draft.options.append((option.group(1), option.group(2).strip()))
        elif draft is not None and draft.options:
            ctx.problem(
                "question not completed before the next question starts: "
                f"the question on line {draft.line} has no 'ANSWER:' line",
                line=number,
            )
            draft = _Draft(number, [line])
        elif draft is not None:
            draft.text.append(line)  # a question text over several lines
        else:
            draft = _Draft(number, [line])
    if draft is not None:
        ctx.problem(
            "question not finished: the file ends before its 'ANSWER:' line", line=draft.line
        )
    ctx.raise_if_problems()
    return ReaderOutput(questions=questions)


def _finish(
    draft: _Draft, letter: str, line: int, ids: UniqueIds, ctx: ReadContext
) -> Question | None:
    letters = [option_letter for option_letter, _ in draft.options]
    if len(draft.options) < MIN_OPTIONS:
        ctx.problem(
            f"the question on line {draft.line} has {len(draft.options)} option(s): "
            f"a question must have at least {MIN_OPTIONS}",
            line=line,
        )
        return None
    if len(letter) != 1 or letter not in letters:
        ctx.problem(
            f"'ANSWER: {letter}' names no option of the question on line {draft.line} "
            f"(options {', '.join(letters)})",
            line=line,
        )
        return None
    choices = tuple(text for _, text in draft.options)
    if not all(choices) or not distinct(choices):
        ctx.skip("question", "its options are empty or not distinct", line=draft.line)
        return None
    prompt = plain_to_rich("\n".join(draft.text))
    correct = letters.index(letter)
    return Question(
        id=f"{ctx.deck_id}:{ids.take('h' + short_hash(prompt.plain))}",
        deck=ctx.deck_id,
        type=QuestionType.MULTIPLE_CHOICE,
        prompt=prompt.html,
        plain_prompt=plain_if_marked(prompt),
        key=ChoiceKey(correct=(correct,)),
        answer=choices[correct],
        choices=choices,
    )
