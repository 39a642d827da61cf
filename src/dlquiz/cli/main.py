"""The ``dlquiz`` command: the GUI by default, scripting and terminal commands otherwise.

Exit codes: 0 success, 1 a user error (bad file, unknown id, locked or
damaged collection, a malformed command line) with a message on stderr,
70 a bug of ours (reported with where its traceback was logged).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import cache

from dlquiz import __version__
from dlquiz.cli.errors import UserError, report_unexpected, storage_trouble
from dlquiz.cli.usage import CommandParser, UsageError, parse_command_line

# Each module adds its subcommands through ``register(subparsers)``.
_COMMAND_MODULES = (
    "dlquiz.cli.cmd_questions",
    "dlquiz.cli.cmd_grade",
    "dlquiz.cli.cmd_decks",
    "dlquiz.cli.cmd_study",
    "dlquiz.cli.cmd_stats",
    "dlquiz.cli.cmd_backup",
    "dlquiz.cli.cmd_import",
    "dlquiz.cli.cmd_exam",
    "dlquiz.cli.cmd_demo",
    "dlquiz.cli.cmd_fsrs",
    "dlquiz.cli.cmd_readiness",
    "dlquiz.cli.cmd_sync",
    "dlquiz.cli.cmd_hub",
)


def _window_options(parser: argparse.ArgumentParser) -> None:
    """The options of a bare ``dlquiz`` (the window); every command takes them too."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the collection file (default: $DLQUIZ_DB, else the user data directory)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the window, show the first question, print start-up figures and exit",
    )


def window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The parsed options when ``argv`` starts the window (no command), else None.

    The window's start-up does not build the full parser: that imports every
    command module, and with them SQLAlchemy and the grader, before the
    first question could be shown.  Anything this small parser does not
    take (a command, ``--help``, ``--version``, a mistake) goes to the full one.
    """
    quick = argparse.ArgumentParser(prog="dlquiz", add_help=False, exit_on_error=False)
    _window_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


@cache
def build_parser() -> CommandParser:
    """The full command line: every command module's ``register`` adds its own.

    Building it loads the command modules and nothing behind them (a test
    checks): each command imports what it runs when it runs.  It is built
    once per process: parsing leaves a parser as it was, and a process that
    runs ``main`` more than once (a test suite) need not pay ~40 subcommands
    each time.
    """
    import importlib

    parser = CommandParser(
        prog="dlquiz",
        description="Study 'The Deep Learning Revolution (2010-2018)'. "
        "Without a command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"dlquiz {__version__}")
    _window_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run dlquiz with ``argv`` (default: the process arguments); return the exit code."""
    given = sys.argv[1:] if argv is None else list(argv)
    quick = window_arguments(given)
    try:
        args = quick if quick is not None else parse_command_line(build_parser(), given)
    except UsageError as error:
        return _refuse_usage(error)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    try:
        if handler is None:
            from dlquiz.gui.launch import run_gui

            return run_gui(args)
        return handler(args)
    except UsageError as error:  # a rule between arguments, checked by the command
        return _refuse_usage(error)
    except UserError as error:
        print(f"dlquiz: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dlquiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence for the user
        explained = storage_trouble(args, error)
        if explained is not None:
            print(f"dlquiz: {explained}", file=sys.stderr)
            return 1
        print(report_unexpected(error), file=sys.stderr)
        return 70


def _refuse_usage(error: UsageError) -> int:
    """What was wrong first, then how the command is written; exit code 1 as for any bad input."""
    print(f"{error}\n{error.usage}", end="", file=sys.stderr)
    return 1
