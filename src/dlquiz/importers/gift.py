"""Moodle GIFT files read into questions.

Essays and descriptions are skipped with a notice (dlquiz grades only
questions with a definite answer); partial credit on single-answer
multiple choice is dropped, as dlquiz's choice keys cannot hold it.
"""

from __future__ import annotations

import re

from dlquiz.core.model import (
    ChoiceKey,
    MatchKey,
    NumberKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
)

from .answers import MAX_YEAR, MIN_YEAR, distinct
from .context import ReadContext
from .gift_lexer import NEWLINE_MARK, GiftItem, restore, split_items
from .gift_parse import Answer, GiftError, Parsed, parse_item
from .html import RichText, plain_if_marked, plain_to_rich, sanitize_html
from .ids import UniqueIds, short_hash, slugify
from .limits import MAX_FIELD_CHARS
from .result import ReaderOutput

BLANK = "_____"
SKIP_REASON = "dlquiz grades only questions with a definite answer"
_SPACES = re.compile(r"\s+")
_PUNCTUATION_ONLY = re.compile(r"^[\s.,;:!?%)\]»\"']*$")
_SENTENCE_END = re.compile(r"[.?!:]\s*$")
_CATEGORY_PREFIX = re.compile(r"^\$(?:course|system|module|cat\d*)\$/", re.IGNORECASE)
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def read_gift(source: str, ctx: ReadContext) -> ReaderOutput:
    """Read GIFT ``source``.

    Raises:
        InputError: every item that is not valid GIFT, with line and column.
    """
    items = split_items(source)
    reader = _GiftReader(ctx)
    stage = ctx.stage(0.1, 0.95)
    for number, item in enumerate(items):
        stage.every(number, len(items), step=64)
        try:
            for parsed in parse_item(item):
                reader.add(parsed, item)
        except GiftError as error:
            line, column = item.position(error.index)
            ctx.problem(str(error), line=line, column=column)
    ctx.raise_if_problems()
    return ReaderOutput(questions=reader.questions)


class _GiftReader:
    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.questions: list[Question] = []
        self.topic = ""
        self.ids = UniqueIds()

    def add(self, parsed: Parsed, item: GiftItem) -> None:
        line = item.position(parsed.index)[0] if parsed.index else item.first_line
        if parsed.kind == "category":
            self.topic = _topic(restore(parsed.category))
            return
        if parsed.kind in ("essay", "description"):
            self.ctx.skip(f"{parsed.kind} question", SKIP_REASON, line=item.first_line)
            return
        stem = _rich(_stem(parsed), parsed.format, self.ctx, line)
        if not stem.plain:
            raise GiftError("the question has no text", parsed.index)
        if len(stem.plain) > MAX_FIELD_CHARS:
            raise GiftError(f"the question is longer than {MAX_FIELD_CHARS:,} characters", 0)
        if _longest_part(parsed) > MAX_FIELD_CHARS:
            raise GiftError(
                f"an answer or feedback is longer than {MAX_FIELD_CHARS:,} characters",
                parsed.index,
            )
        question = _BUILDERS[parsed.kind](parsed, self.ctx, line)
        if question is None:
            return
        qtype, key, answer, choices, explanation = question
        if qtype is QuestionType.TYPED and parsed.embedded and isinstance(key, TextKey):
            qtype = QuestionType.CLOZE
        explanation = _plain(parsed.general_feedback) or explanation
        local = self._local_id(parsed, item, stem.plain, answer)
        self.questions.append(
            Question(
                id=f"{self.ctx.deck_id}:{local}",
                deck=self.ctx.deck_id,
                type=qtype,
                prompt=stem.html,
                plain_prompt=plain_if_marked(stem),
                key=key,
                answer=answer,
                topic=self.topic,
                choices=choices,
                explanation=explanation,
                tags=tuple(restore(tag) for tag in item.tags if tag),
            )
        )

    def _local_id(self, parsed: Parsed, item: GiftItem, stem: str, answer: str) -> str:
        if item.ids:
            wanted = restore(item.ids[0])
            return self.ids.take("id-" + (wanted if _SAFE_ID.match(wanted) else short_hash(wanted)))
        if parsed.title:
            slug = slugify(restore(parsed.title))
            return self.ids.take("t-" + (slug or short_hash(parsed.title)))
        return self.ids.take("h" + short_hash(stem, answer))


_Built = tuple[
    QuestionType,
    NumberKey | TextKey | ChoiceKey | TrueFalseKey | MatchKey,
    str,
    tuple[str, ...] | None,
    str,
]


def _true_false(parsed: Parsed, _ctx: ReadContext, _line: int) -> _Built:
    # GIFT's first feedback is shown for a wrong answer: it explains the statement.
    explanation = _plain(parsed.feedback[0]) if parsed.feedback else ""
    answer = "true" if parsed.truth else "false"
    return QuestionType.TRUE_FALSE, TrueFalseKey(parsed.truth), answer, None, explanation


def _multiple_choice(parsed: Parsed, ctx: ReadContext, line: int) -> _Built | None:
    _drop_empty_answers(parsed, ctx, line)
    choices = tuple(_plain(answer.text) for answer in parsed.answers)
    if len(choices) < 2:
        raise GiftError("a multiple choice question needs at least two answers", parsed.index)
    if not distinct(choices):
        ctx.notice("two answers read the same once formatting is removed", line=line)
    if any(answer.mark == "=" for answer in parsed.answers):
        correct = tuple(i for i, answer in enumerate(parsed.answers) if answer.full_credit)
        if not correct:
            raise GiftError("no answer gets full credit", parsed.index)
        if any(a.weight for a in parsed.answers if not a.full_credit):
            ctx.notice("partial credit on a single-answer question dropped", line=line)
        key = ChoiceKey(correct=correct)
    else:
        weights = tuple((answer.weight or 0.0) / 100 for answer in parsed.answers)
        correct = tuple(i for i, weight in enumerate(weights) if weight > 0)
        if not correct:
            raise GiftError(
                "no correct answer: mark one with '=' or give positive %weights%", parsed.index
            )
        key = ChoiceKey(correct=correct, weights=weights)
    answer = " / ".join(choices[i] for i in correct)
    return QuestionType.MULTIPLE_CHOICE, key, answer, choices, _feedback_of(parsed.answers, correct)


def _drop_empty_answers(parsed: Parsed, ctx: ReadContext, line: int) -> None:
    """Leave out answers with no text, as Moodle's GIFT import does.

    Teachers write ``~=right`` for a correct choice; the ``~`` then opens an
    empty wrong answer that Moodle silently skips.  Dropping it (with a
    notice) imports what Moodle would show.
    """
    kept = [answer for answer in parsed.answers if _plain(answer.text)]
    if len(kept) < len(parsed.answers):
        parsed.answers = kept
        ctx.notice("an empty answer dropped, as Moodle does (a '~' with no text)", line=line)


def _short_answer(parsed: Parsed, ctx: ReadContext, line: int) -> _Built | None:
    accepted: list[str] = []
    partial: list[tuple[str, float]] = []
    for answer in parsed.answers:
        text = _plain(answer.text)
        if "*" in text:
            if text.strip("*").strip() == "":
                continue  # "*" alone catches every other answer: nothing to accept
            ctx.notice(f"wildcard '*' in {text!r} is not supported: matched literally", line=line)
            text = text.strip("*").strip()
        weight = 100.0 if answer.weight is None else answer.weight
        if not text or weight <= 0:
            continue
        if weight >= 100:
            accepted.append(text)
        else:
            partial.append((text, weight / 100))
    if not accepted:
        raise GiftError("no answer gets full credit", parsed.index)
    full = tuple(i for i, answer in enumerate(parsed.answers) if answer.full_credit)
    key = TextKey(accepted=tuple(accepted), partial=tuple(partial))
    return QuestionType.TYPED, key, accepted[0], None, _feedback_of(parsed.answers, full)


def _numerical(parsed: Parsed, ctx: ReadContext, line: int) -> _Built | None:
    full = [n for n in parsed.numbers if n.weight is None or n.weight == 100.0]
    if not full:
        raise GiftError("no number gets full credit", parsed.index)
    if len(parsed.numbers) > len(full):
        ctx.notice("partial credit for nearby numbers dropped", line=line)
    if len(full) > 1:
        if all(n.tolerance == 0 for n in full):
            texts = tuple(_format_number(n.value) for n in full)
            return QuestionType.TYPED, TextKey(accepted=texts), texts[0], None, ""
        ctx.notice("several correct numbers: only the first is kept", line=line)
    best = full[0]
    is_year = best.value.is_integer() and MIN_YEAR <= best.value <= MAX_YEAR
    key = NumberKey(value=best.value, tolerance=best.tolerance, is_year=is_year)
    answer = _format_number(best.value)
    if best.tolerance:
        answer += f" ± {_format_number(best.tolerance)}"
    return QuestionType.TYPED, key, answer, None, ""


def _matching(parsed: Parsed, _ctx: ReadContext, _line: int) -> _Built | None:
    lefts: list[str] = []
    rights: list[str] = []
    pairs: list[int] = []
    for left, right in parsed.pairs:
        right_text = _plain(right)
        if not right_text:
            raise GiftError("a matching pair has nothing after '->'", parsed.index)
        if right_text not in rights:
            rights.append(right_text)
        if left.strip():
            lefts.append(_plain(left))
            pairs.append(rights.index(right_text))
    if len(lefts) < 2:
        raise GiftError("a matching question needs at least two pairs", parsed.index)
    key = MatchKey(lefts=tuple(lefts), pairs=tuple(pairs))
    answer = "; ".join(f"{left} -> {rights[i]}" for left, i in zip(lefts, pairs, strict=True))
    return QuestionType.MATCHING, key, answer, tuple(rights), ""


_BUILDERS = {
    "true_false": _true_false,
    "multiple_choice": _multiple_choice,
    "short_answer": _short_answer,
    "numerical": _numerical,
    "matching": _matching,
}


def _longest_part(parsed: Parsed) -> int:
    """Length of the longest answer, feedback or matching side of ``parsed``."""
    parts = [parsed.general_feedback, *parsed.feedback]
    parts += [text for answer in parsed.answers for text in (answer.text, answer.feedback)]
    parts += [number.text for number in parsed.numbers]
    parts += [side for pair in parsed.pairs for side in pair]
    return max(map(len, parts), default=0)


def _stem(parsed: Parsed) -> str:
    """The question text, with a blank where the answer block sat inside a sentence."""
    before, after = parsed.before.strip(), parsed.after.strip()
    if not after or (_PUNCTUATION_ONLY.match(after) and _SENTENCE_END.search(before)):
        return before
    if parsed.kind in ("true_false", "matching"):
        return f"{before} {after}".strip()
    joiner = "" if _PUNCTUATION_ONLY.match(after) else " "
    return f"{before} {BLANK}{joiner}{after}".strip()


def _rich(text: str, fmt: str, ctx: ReadContext, line: int) -> RichText:
    literal = restore(text)
    if fmt == "markdown":
        return plain_to_rich(literal.replace(NEWLINE_MARK, "\n"))
    flat = _SPACES.sub(" ", literal)
    if fmt == "plain":
        return plain_to_rich(flat.replace(NEWLINE_MARK, "\n"))
    rich = sanitize_html(flat.replace(NEWLINE_MARK, " " if fmt == "html" else "<br>"))
    for name in rich.missing_images:
        ctx.notice(f"image {name} left out: a GIFT file cannot carry images", line=line)
    return rich


def _plain(text: str) -> str:
    literal = restore(text).replace(NEWLINE_MARK, "\n")
    return sanitize_html(_SPACES.sub(" ", literal)).plain if literal else ""


def _feedback_of(answers: list[Answer], indices: tuple[int, ...]) -> str:
    for index in indices:
        if answers[index].feedback:
            return _plain(answers[index].feedback)
    return ""


def _topic(category: str) -> str:
    path = _CATEGORY_PREFIX.sub("", category.strip())
    parts = [part.strip() for part in path.split("/") if part.strip()]
    if parts and parts[0].casefold() == "top":
        parts = parts[1:]
    return "::".join(parts)


def _format_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)
