"""Problems found in a user's file, reported all at once with their place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file.

    Formats as ``file:line:column: path: message``; parts that are unknown
    (line 0, empty path) are left out.  ``line`` may also be a note id for
    Anki packages, given in ``where`` instead ("note 1234").
    """

    file: str
    message: str
    line: int = 0
    column: int = 0
    path: str = ""
    where: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        if self.where:
            place += f": {self.where}"
        return f"{place}: {self.path}: {self.message}" if self.path else f"{place}: {self.message}"


class InputError(Exception):
    """A user's file (deck, import, database) was refused; ``problems`` says why.

    Front ends print ``str(error)``: one line per problem, never a traceback.
    """

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("an InputError needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
