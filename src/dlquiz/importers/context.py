"""What every reader shares while it works: the file's name, notices, problems."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dlquiz.core.model import Question
from dlquiz.core.problems import InputError, Problem

from .progress import Progress, Stage

MAX_NOTICES_PER_KIND = 3  # more than this many alike are summed up in one line
MAX_PROBLEMS = 200  # a report longer than this helps nobody; the rest are counted

# Given the questions built since the last call and the deck name the file gives
# ("" for none).  A reader that builds its questions row by row (a text export) hands
# them over as it goes, so that storing them can run beside the reading; each question
# is handed over once, in order, and the deck read still holds them all.
Handover = Callable[[Sequence[Question], str], None]


@dataclass
class ReadContext:
    """State shared by one import.

    ``label`` is the file name used in messages; ``deck_id`` prefixes every
    question id.  Readers add problems (the file is refused at the end) and
    notices (something was skipped or changed, but the import goes on).
    """

    label: str
    deck_id: str
    progress: Progress = field(default_factory=Progress)
    skip_bad_rows: bool = False
    handover: Handover | None = None
    problems: list[Problem] = field(default_factory=list)
    bad_rows: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    _skip_reasons: dict[str, str] = field(default_factory=dict)
    _notices: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, message: str, *, line: int = 0, column: int = 0, where: str = "") -> None:
        """Record one thing wrong with the file; the import will be refused."""
        self.problems.append(Problem(self.label, message, line=line, column=column, where=where))

    def bad_row(self, message: str, *, line: int) -> None:
        """Record one row of a text file that cannot be read.

        The file is refused for it, unless the import skips bad rows: then the
        row is left out and listed in ``bad_rows``.
        """
        problem = Problem(self.label, message, line=line)
        (self.bad_rows if self.skip_bad_rows else self.problems).append(problem)

    def notice(self, message: str, *, line: int = 0, where: str = "") -> None:
        """Record something skipped or changed; alike notices are summed up later."""
        place = self.label
        if line:
            place += f":{line}"
        if where:
            place += f": {where}"
        self._notices.setdefault(message, []).append(place)

    def skip(self, what: str, reason: str, *, line: int = 0, where: str = "") -> None:
        """Note that one ``what`` (singular, e.g. "essay question") was left out and why."""
        self.skipped[what] += 1
        self._skip_reasons.setdefault(what, reason)
        self.notice(f"{what} skipped: {reason}", line=line, where=where)

    def nothing_imported(self) -> InputError:
        """The error for a file that held no question dlquiz can ask."""
        parts = [
            f"{count} {what}{'' if count == 1 else 's'} {'was' if count == 1 else 'were'} skipped"
            + ("" if len(self.skipped) > 1 else f" ({self._skip_reasons[what]})")
            for what, count in self.skipped.most_common()
        ]
        if self.bad_rows:
            count = len(self.bad_rows)
            parts.insert(0, f"{count} bad row{'' if count == 1 else 's'} (listed above) left out")
        reason = "no importable question" + (": " + ", ".join(parts) if parts else " in the file")
        return InputError([*self.bad_rows[:MAX_PROBLEMS], Problem(self.label, reason)])

    def notices(self) -> tuple[str, ...]:
        """The notices in the order first seen, with long runs of alike ones summed up."""
        out: list[str] = []
        for message, places in self._notices.items():
            out.extend(f"{place}: {message}" for place in places[:MAX_NOTICES_PER_KIND])
            rest = len(places) - MAX_NOTICES_PER_KIND
            if rest > 0:
                out.append(f"{self.label}: {rest} more like this: {message}")
        return tuple(out)

    def raise_if_problems(self) -> None:
        """Refuse the file with every problem found so far, if there is any."""
        if not self.problems:
            return
        problems = self.problems[:MAX_PROBLEMS]
        rest = len(self.problems) - MAX_PROBLEMS
        if rest > 0:
            problems.append(Problem(self.label, f"{rest} more problems not listed"))
        raise InputError(problems)

    def refuse(
        self, message: str, *, line: int = 0, column: int = 0, where: str = ""
    ) -> InputError:
        """An :class:`InputError` for one fatal problem, for ``raise ctx.refuse(...)``."""
        return InputError([Problem(self.label, message, line=line, column=column, where=where)])

    def stage(self, start: float, end: float) -> Stage:
        """Progress for one stage of the import."""
        return self.progress.stage(start, end)
