"""The ``dlquiz`` command: the GUI by default, scripting and terminal commands otherwise.

Exit codes: 0 success, 1 a user error (bad file, unknown id, locked or
damaged collection) with a message on stderr, 2 a malformed command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from dlquiz import __version__
from dlquiz.cli.errors import UserError, report_unexpected, storage_trouble

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
    parsed = _global_options(argv)
    return None if parsed is None or parsed[1] else parsed[0]


def _global_options(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]] | None:
    """The options every command takes, and the rest of ``argv``; None for a malformed one."""
    quick = argparse.ArgumentParser(prog="dlquiz", add_help=False, exit_on_error=False)
    _window_options(quick)
    try:
        return quick.parse_known_args(argv)
    except argparse.ArgumentError:
        return None


def command_of(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word after the global options), if any."""
    parsed = _global_options(argv)
    rest = [] if parsed is None else parsed[1]
    return rest[0] if rest and not rest[0].startswith("-") else None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; for ``argv`` naming a known command, only that command's.

    Every command module imports what its command needs (``dlquiz import``
    the importers and SQLAlchemy, ``dlquiz exam`` the exam rules and the
    grader): building them all cost every command about 0.25 s.  Anything
    else (no command, a mistyped one, ``--help``) gets the full parser.
    """
    import importlib

    command = None if argv is None else command_of(argv)
    module = f"dlquiz.cli.cmd_{command}"
    modules = (module,) if module in _COMMAND_MODULES else _COMMAND_MODULES
    parser = argparse.ArgumentParser(
        prog="dlquiz",
        description="Study 'The Deep Learning Revolution (2010-2018)'. "
        "Without a command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"dlquiz {__version__}")
    _window_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run dlquiz with ``argv`` (default: the process arguments); return the exit code."""
    given = sys.argv[1:] if argv is None else list(argv)
    quick = window_arguments(given)
    args = quick if quick is not None else build_parser(given).parse_args(given)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    try:
        if handler is None:
            from dlquiz.gui.launch import run_gui

            return run_gui(args)
        return handler(args)
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
