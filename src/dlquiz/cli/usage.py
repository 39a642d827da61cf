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
from typing import NoReturn

from dlquiz.cli.errors import UserError


class UsageError(UserError):
    """The command line itself is wrong: ``str()`` says what, ``usage`` how to write it."""

    def __init__(self, message: str, *, usage: str) -> None:
        super().__init__(message)
        self.usage = usage


# Each parser adds (itself, the arguments it did not recognise) to the namespace as
# it returns, innermost first.  A parser's list holds its own strays and, after
# them, those its subcommand left (argparse appends them).
_STRAYS_DEST = "_dlquiz_strays"


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors raise :class:`UsageError` instead of exiting 2.

    Subcommand parsers made from it are of the same class (argparse's default).
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}", usage=self.format_usage())

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        levels: list[tuple[CommandParser, list[str]]] = getattr(parsed, _STRAYS_DEST, [])
        setattr(parsed, _STRAYS_DEST, [*levels, (self, list(extras))])
        return parsed, extras


def parse_command_line(parser: CommandParser, argv: Sequence[str]) -> argparse.Namespace:
    """``parser.parse_args(argv)``, but a stray argument is blamed on the command it was given to.

    argparse reports every stray from the top parser, with the top usage:
    ``dlquiz stats --nope`` needs the usage of ``stats``, and ``dlquiz --nope
    stats`` that of ``dlquiz`` itself (``stats`` has no say in it).  The first
    stray on the line decides.

    Raises:
        UsageError: the command line is malformed.
    """
    args, extras = parser.parse_known_args(argv)
    levels: list[tuple[CommandParser, list[str]]] = vars(args).pop(_STRAYS_DEST, [])
    if extras:
        deeper = 0
        owner, own = parser, extras
        for level, left in levels:  # innermost first: the last one with strays came first
            if len(left) > deeper:
                owner, own = level, left[: len(left) - deeper]
            deeper = len(left)
        owner.error(f"unrecognized arguments: {' '.join(own)}")
    return args


def whole_number(text: str) -> int:
    """An argparse ``type`` for counts and seeds, with a message that says what was expected."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def percentage(what: str) -> Callable[[str], float]:
    """An argparse ``type`` for a percentage option: ``70``, ``70%`` or ``70 %`` gives 0.7.

    Every percentage of the command line follows this one rule: a number above
    0 and at most 100, read as per cent.  A bare share below 1 (``0.7``) is
    refused: it is 70 % to some and 0.7 % to others, and a pass mark or a
    recall target misread either way goes unnoticed, so the learner is asked
    to write the percentage (``0.7%`` still means 0.7 %).  ``what`` names the
    option in the message (``the pass mark``).
    """

    def parse(text: str) -> float:
        bare = text.strip()
        try:
            value = float(bare.removesuffix("%").strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a percentage such as 70") from None
        if not 0 < value <= 100:  # also refuses nan
            raise argparse.ArgumentTypeError(
                f"{what} must be above 0 and at most 100 %, got {text!r}"
            )
        if value < 1 and not bare.endswith("%"):
            raise argparse.ArgumentTypeError(
                f"{what} is a percentage: write {value * 100:g} for {value * 100:g} %"
                f" (or {bare}% if you mean under one per cent), got {text!r}"
            )
        return value / 100

    return parse


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
