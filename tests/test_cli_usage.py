"""A malformed command line is bad input like any other: a message naming it, exit 1.

The table is walked from the parser itself, so a new command or option is
covered the day it is added: for every command, an unknown option, every
option that takes a value given none, every typed option given a value its
type refuses, and missing required arguments.  Everything runs in-process:
a refused command line never opens a collection.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from dlquiz.cli.main import build_parser, main


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    parser: argparse.ArgumentParser

    @property
    def name(self) -> str:
        return " ".join(("dlquiz", *self.path))

    def required_arguments(self) -> list[str]:
        """Acceptable placeholders for what the command cannot do without."""
        given: list[str] = []
        for action in self.parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            value = next(iter(action.choices)) if action.choices else "x"
            if not action.option_strings and action.nargs not in ("?", "*"):
                given.append(value)
            elif action.option_strings and action.required:
                given.extend([action.option_strings[-1], value])
        return given

    def subcommands(self) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
        for action in self.parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
        return None


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Command]:
    command = Command(path, parser)
    yield command
    sub = command.subcommands()
    if sub is not None:
        for name, child in sub.choices.items():
            yield from _commands(child, (*path, name))


COMMANDS = list(_commands(build_parser()))


def _refuses(value: str, kind: object) -> bool:
    try:
        kind(value)  # type: ignore[operator]
    except (argparse.ArgumentTypeError, ValueError, TypeError):
        return True
    return False


def _cases() -> Iterator[tuple[str, list[str], str]]:
    """(case id, argv, a fragment the message must contain)."""
    for command in COMMANDS:
        sub = command.subcommands()
        leaf = sub is None or not sub.required
        given = command.required_arguments() if leaf else []
        if leaf:
            yield (
                f"{command.name} unknown option",
                [*command.path, *given, "--no-such-option"],
                "--no-such-option",
            )
        if given:
            yield (f"{command.name} without its arguments", list(command.path), "required")
        if sub is not None:
            yield (
                f"{command.name} unknown subcommand",
                [*command.path, "frobnicate"],
                "frobnicate",
            )
            if sub.required:
                yield (f"{command.name} alone", list(command.path), "required")
        for action in command.parser._actions:
            if not action.option_strings or action.nargs in (0, "?", "*"):
                continue  # a flag, or a value that may be left out
            option = action.option_strings[-1]
            if option in ("--db",) and command.path:
                continue  # the window's options are the top parser's, tried once there
            yield (
                f"{command.name} {option} without a value",
                [*command.path, *given, option],
                option,
            )
            bad = "not-a-value"
            if (action.type is not None and _refuses(bad, action.type)) or (
                action.choices is not None and bad not in action.choices
            ):
                yield (
                    f"{command.name} {option} {bad}",
                    [*command.path, *given, option, bad],
                    option,
                )


CASES = list(_cases())


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 1, (argv, captured.err)
    assert captured.out == ""
    return captured.err


def test_the_table_reaches_every_command() -> None:
    names = {c.name for c in COMMANDS}
    for expected in ("dlquiz study", "dlquiz backup restore", "dlquiz exam history"):
        assert expected in names
    assert len(COMMANDS) >= 30 and len(CASES) >= 90


@pytest.mark.parametrize(("argv", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_malformed_command_line_is_named_and_exits_1(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    err = _refused(capsys, argv)
    first, *rest = err.splitlines()
    assert first.startswith("dlquiz") and fragment in first, err
    assert ": error:" not in err and "Traceback" not in err
    assert rest and rest[0].startswith("usage: dlquiz")  # then how the command is written


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["readiness", "--date", "notadate"], "dlquiz readiness: argument --date: 'notadate' is"),
        (["exam", "--questions", "x"], "dlquiz exam: argument --questions: 'x' is not a whole"),
        (["exam", "--seed", "1.5"], "argument --seed: '1.5' is not a whole number"),
        (["exam", "--pass-mark", "300"], "the pass mark must be above 0 and at most 100 %, got"),
        (["readiness", "--date", "2026-06-15", "--target", "0"], "the target recall must be abo"),
        (["exam", "--type", "essay"], "argument --type: invalid choice: 'essay'"),
        (["study", "--limit", "ten"], "dlquiz study: argument --limit: 'ten' is not a whole"),
        (["stats", "--nope"], "dlquiz stats: unrecognized arguments: --nope"),
        (["--nope", "stats"], "dlquiz: unrecognized arguments: --nope"),
        (["--nope", "stats", "--bad"], "dlquiz: unrecognized arguments: --nope"),
        (["stats", "--bad", "--worse"], "dlquiz stats: unrecognized arguments: --bad --worse"),
        (["exam", "history", "--zz"], "dlquiz exam history: unrecognized arguments: --zz"),
        (["backup"], "dlquiz backup: the following arguments are required: ACTION"),
        (["backup", "restore"], "dlquiz backup restore: the following arguments are required"),
        (["grade"], "dlquiz grade: give QUESTION_ID and ANSWER, or --batch FILE"),
        (["grade", "id", "answer", "--batch", "-"], "dlquiz grade: give either --batch FILE"),
        (["frobnicate"], "dlquiz: argument COMMAND: invalid choice: 'frobnicate'"),
        (["--db"], "dlquiz: argument --db: expected one argument"),
    ],
)
def test_each_message_says_what_was_wrong(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    err = _refused(capsys, argv)
    assert message in err.splitlines()[0], err


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["--nope", "stats"], "usage: dlquiz [-h]"),
        (["--db", "x.dlquiz", "--nope", "exam", "history"], "usage: dlquiz [-h]"),
        (["stats", "--nope"], "usage: dlquiz stats [-h]"),
        (["exam", "--nope", "history"], "usage: dlquiz exam [-h]"),
        (["exam", "history", "--nope"], "usage: dlquiz exam history [-h]"),
    ],
)
def test_a_stray_option_shows_the_usage_of_the_command_it_was_given_to(
    capsys: pytest.CaptureFixture[str], argv: list[str], usage: str
) -> None:
    err = _refused(capsys, argv)
    assert "unrecognized arguments: --nope" in err.splitlines()[0], err
    assert err.splitlines()[1].startswith(usage), err


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_help_still_exits_0(capsys: pytest.CaptureFixture[str], command: Command) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command.path, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: {command.name}")


# The exam's pass mark and the readiness target follow one rule (cli/usage.percentage).
PERCENT_OPTIONS = [
    (["exam", "--pass-mark"], "pass_mark"),
    (["readiness", "--date", "2026-06-15", "--target"], "target"),
]


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("70", 0.7),
        ("70%", 0.7),
        ("70 %", 0.7),
        (" 100 ", 1.0),
        ("0.5%", 0.005),
        ("12.5", 0.125),
        ("1", 0.01),
    ],
)
@pytest.mark.parametrize(("before", "dest"), PERCENT_OPTIONS, ids=["pass-mark", "target"])
def test_every_percentage_option_reads_per_cent_alike(
    before: list[str], dest: str, text: str, share: float
) -> None:
    args = build_parser().parse_args([*before, text])
    assert getattr(args, dest) == pytest.approx(share)


@pytest.mark.parametrize(
    "text", ["0", "-5", "100.5", "300", "nan", "seventy", "70%%", "", "0.7", ".9", "0.05"]
)
@pytest.mark.parametrize(("before", "dest"), PERCENT_OPTIONS, ids=["pass-mark", "target"])
def test_every_percentage_option_refuses_alike(
    capsys: pytest.CaptureFixture[str], before: list[str], dest: str, text: str
) -> None:
    del dest
    err = _refused(capsys, [*before, text])
    first = err.splitlines()[0]
    assert f"got {text!r}" in first or f"{text!r} is not a percentage such as 70" in first, err
