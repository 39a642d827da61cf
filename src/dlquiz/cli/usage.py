"""A malformed command line is refused like any other bad input: a message, exit code 1.

argparse's own way (a usage line, ``error:``, exit code 2) differs from every
other refusal of dlquiz; :class:`CommandParser` turns its complaint into a
:class:`UsageError`, which ``main`` prints with the usage of the command.
This module imports nothing of dlquiz's but the error type: it is loaded to
parse every command line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

from dlquiz.cli.errors import UserError


class UsageError(UserError):
    """The command line itself is wrong: ``str()`` says what, ``usage`` how to write it."""

    def __init__(self, message: str, *, usage: str) -> None:
        super().__init__(message)
        self.usage = usage


# Each parser leaves itself in the namespace; the innermost command's comes out last.
_PARSER_DEST = "_dlquiz_command_parser"


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors raise :class:`UsageError` instead of exiting 2.

    Subcommand parsers made from it are of the same class (argparse's default).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_defaults(**{_PARSER_DEST: self})

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}", usage=self.format_usage())


def parse_command_line(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """``parser.parse_args(argv)``, but a stray argument is blamed on the command it followed.

    argparse reports ``dlquiz stats --nope`` from the top parser, with the top
    usage; the learner needs the usage of ``stats``.

    Raises:
        UsageError: the command line is malformed.
    """
    args, extras = parser.parse_known_args(argv)
    owner = vars(args).pop(_PARSER_DEST, parser)
    if extras:
        owner.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def whole_number(text: str) -> int:
    """An argparse ``type`` for counts and seeds, with a message that says what was expected."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


class LazyChoices:
    """``choices`` worked out only when a value is checked or listed.

    Some choices come from core rules (the question types an exam can mark)
    that every command would otherwise import just to build the parser.
    """

    def __init__(self, load: Callable[[], tuple[str, ...]]) -> None:
        self._load = load
        self._values: tuple[str, ...] | None = None

    def _known(self) -> tuple[str, ...]:
        if self._values is None:
            self._values = self._load()
        return self._values

    def __contains__(self, value: object) -> bool:
        return value in self._known()

    def __iter__(self) -> Iterator[str]:
        return iter(self._known())

    def __len__(self) -> int:
        return len(self._known())
