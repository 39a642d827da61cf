"""An exam's result and the exam history as terminal text."""

from __future__ import annotations

from collections.abc import Sequence

from dlquiz.core.exam import ExamResult, Outcome, format_countdown
from dlquiz.core.labels import marking_note, outcome_text
from dlquiz.core.plain import plain_text
from dlquiz.storage.exams_store import HistoryEntry

_SPARKS = "▁▂▃▄▅▆▇█"


def percent(share: float) -> str:
    return f"{share:.0%}"


def result_lines(result: ExamResult) -> list[str]:
    """Score, pass or fail, time used, the breakdown by section and the review of misses."""
    verdict = "PASSED" if result.passed else "NOT PASSED"
    lines = [
        "",
        f"=== Result: {percent(result.score)} ({result.points:.1f} of {result.max_points} "
        f"points) · {verdict} (pass mark {percent(result.pass_mark)})",
        f"Time used: {format_countdown(result.time_used_s)} of "
        f"{format_countdown(result.time_limit_s)}"
        + ("  (submitted automatically when time ran out)" if result.auto_submitted else ""),
        f"Correct {result.correct} · partly right {result.partial} · wrong {result.incorrect}"
        f" · not answered {result.unanswered}",
    ]
    if result.missing_ids:
        lines.append(
            f"{len(result.missing_ids)} question(s) left their deck before marking "
            "and do not count: " + ", ".join(result.missing_ids)
        )
    lines += ["", *section_table(result)]
    missed = [item for item in result.items if item.outcome is not Outcome.CORRECT]
    if missed:
        lines += ["", "Review of the questions you did not get fully right:"]
        for item in missed:
            how = outcome_text(item.outcome, mark=False).lower()
            lines.append(f"  {item.number}. {plain_text(item.prompt)}  [{how}]")
            lines.append(f"     Your answer: {item.your_answer or '(none)'}")
            lines.append(f"     Correct answer: {plain_text(item.correct_answer)}")
            note = marking_note(item.feedback)
            if note and item.outcome is not Outcome.UNANSWERED:
                lines.append(f"     Marking: {note}")
            if item.explanation:
                lines.append(f"     Why: {plain_text(item.explanation)}")
            if item.topic:
                lines.append(f"     Section: {item.topic}")
        lines += ["", "Missed questions come back in your study queue within minutes."]
    else:
        lines += ["", "Every question right. Well done."]
    return lines


def section_table(result: ExamResult) -> list[str]:
    """The breakdown by chapter section, one aligned row per section."""
    if not result.topics:
        return []
    width = max(len("Section"), *(len(t.topic or "(no section)") for t in result.topics))
    lines = [f"  {'Section':<{width}}  Questions  Correct  Score"]
    for topic in result.topics:
        name = topic.topic or "(no section)"
        lines.append(
            f"  {name:<{width}}  {topic.questions:>9}  {topic.correct:>7}  "
            f"{percent(topic.share):>5}"
        )
    return lines


def sparkline(scores: Sequence[float]) -> str:
    """Scores 0..1 as block characters, lowest to highest."""
    top = len(_SPARKS) - 1
    return "".join(_SPARKS[round(min(max(s, 0.0), 1.0) * top)] for s in scores)


def history_lines(entries: Sequence[HistoryEntry]) -> list[str]:
    """A readable table of finished exams, oldest first, with the score trend."""
    if not entries:
        return ["No finished exams yet. Take one with 'dlquiz exam --terminal'."]
    lines = ["  #  Started (local time)  Score  Result      Answered  Correct   Time"]
    for number, entry in enumerate(entries, start=1):
        started = entry.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        used = entry.result.time_used_s if entry.result is not None else 0.0
        lines.append(
            f"{number:>3}  {started:<20}  {percent(entry.score):>5}  "
            f"{'passed' if entry.passed else 'not passed':<10}  "
            f"{f'{entry.answered}/{entry.questions}':>8}  {entry.correct:>7}  "
            f"{format_countdown(used):>5}"
        )
    scores = [entry.score for entry in entries]
    trend = " → ".join(percent(score) for score in scores[-10:])
    lines += ["", f"Score trend (oldest to newest): {trend}   {sparkline(scores[-30:])}"]
    if len(scores) > 1:
        change = scores[-1] - scores[-2]
        lines.append(
            f"Last exam: {'+' if change >= 0 else '−'}{abs(change):.0%} on the one before."
        )
    return lines
