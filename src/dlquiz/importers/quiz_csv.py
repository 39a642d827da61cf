"""Quiz spreadsheets (Kahoot, Quizizz and the like) saved as CSV: multiple choice rows.

The first row names the columns: a question, answers numbered 1..n and the
number(s) of the correct answer(s).  Other columns (time limits, images)
are ignored with a notice.
"""

from __future__ import annotations

import re

from dlquiz.core.model import ChoiceKey, Question, QuestionType

from .answers import distinct
from .context import ReadContext
from .html import plain_if_marked, sanitize_html
from .ids import UniqueIds, short_hash
from .result import ReaderOutput

_ANSWER_COLUMN = re.compile(r"^(?:answer|option|choice)\s*(\d+)$")
MIN_ANSWER_COLUMNS = 2


def _folded(fields: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", field.strip().casefold()) for field in fields]


def is_quiz_header(fields: list[str]) -> bool:
    """True for a first row such as ``Question,Answer1,...,Answer4,Time,Correct``."""
    names = _folded(fields)
    answers = sum(1 for name in names if _ANSWER_COLUMN.match(name))
    has_correct = any(name.startswith("correct") for name in names)
    return "question" in names and answers >= MIN_ANSWER_COLUMNS and has_correct


def read_quiz_rows(rows: list[tuple[int, list[str]]], ctx: ReadContext) -> ReaderOutput:
    """Multiple-choice questions from the rows of a quiz spreadsheet (first row: names)."""
    names = _folded(rows[0][1])
    question_at = names.index("question")
    answer_at = [i for i, name in enumerate(names) if _ANSWER_COLUMN.match(name)]
    correct_at = next(i for i, name in enumerate(names) if name.startswith("correct"))
    used = {question_at, correct_at, *answer_at}
    ignored = [rows[0][1][i].strip() for i, name in enumerate(names) if name and i not in used]
    if ignored:
        ctx.notice(f"column(s) {', '.join(ignored)} ignored", line=rows[0][0])
    ids = UniqueIds()
    questions: list[Question] = []
    for line, fields in rows[1:]:
        question = _row(
            fields,
            line,
            question_at=question_at,
            answer_at=answer_at,
            correct_at=correct_at,
            ids=ids,
            ctx=ctx,
        )
        if question is not None:
            questions.append(question)
    ctx.raise_if_problems()
    return ReaderOutput(questions=questions, format="csv")


def _row(
    fields: list[str],
    line: int,
    *,
    question_at: int,
    answer_at: list[int],
    correct_at: int,
    ids: UniqueIds,
    ctx: ReadContext,
) -> Question | None:
    def cell(index: int) -> str:
        return fields[index].strip() if index < len(fields) else ""

    prompt = sanitize_html(cell(question_at))
    if not prompt.plain:
        ctx.skip("row", "it has no question text", line=line)
        return None
    present = [(number, cell(index)) for number, index in enumerate(answer_at, 1) if cell(index)]
    choices = [sanitize_html(text).plain for _, text in present]
    marks = [mark.strip() for mark in re.split(r"[,;]", cell(correct_at)) if mark.strip()]
    if not marks or not all(mark.isdigit() for mark in marks):
        ctx.bad_row(f"the correct answer {cell(correct_at)!r} is not an answer number", line=line)
        return None
    numbers = [number for number, _ in present]
    wanted = [int(mark) for mark in marks]
    if any(number not in numbers for number in wanted):
        ctx.bad_row(f"answer {cell(correct_at)} is marked correct but is empty", line=line)
        return None
    if len(choices) < MIN_ANSWER_COLUMNS or not distinct(choices) or not all(choices):
        ctx.skip("row", "its answers are fewer than two or not distinct", line=line)
        return None
    correct = tuple(numbers.index(number) for number in wanted)
    deck = ctx.deck_id
    return Question(
        id=f"{deck}:{ids.take('k' + short_hash(prompt.plain))}",
        deck=deck,
        type=QuestionType.MULTIPLE_CHOICE,
        prompt=prompt.html,
        plain_prompt=plain_if_marked(prompt),
        key=ChoiceKey(correct=correct),
        answer=" / ".join(choices[i] for i in correct),
        choices=tuple(choices),
    )
