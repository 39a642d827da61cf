"""A command builds only its own parser: the same options, help and defaults as the full one."""

from __future__ import annotations

import argparse

import pytest

from dlquiz.cli.main import _COMMAND_MODULES, build_parser, command_of

COMMANDS = [name.rsplit(".cmd_", 1)[1] for name in _COMMAND_MODULES]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_alone_parses_as_in_the_full_parser(command: str) -> None:
    alone = _commands(build_parser(["--db", "x.dlquiz", command]))
    assert list(alone) == [command]  # every command module is named after its command
    full = _commands(build_parser())
    assert alone[command].format_help() == full[command].format_help()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["import", "a.csv"], "import"),
        (["--db", "import", "stats"], "stats"),  # a collection file called "import"
        (["--db=x.dlquiz", "sync", "--status"], "sync"),
        (["--smoke-test"], None),
        (["--help"], None),
        (["--version"], None),
        ([], None),
        (["studdy"], "studdy"),
    ],
)
def test_the_command_is_the_first_word_after_the_global_options(
    argv: list[str], command: str | None
) -> None:
    assert command_of(argv) == command


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "c.dlquiz", "import", "a.csv", "--dry-run", "--format", "csv"],
        ["stats", "--json"],
        ["exam", "--terminal", "--questions", "5", "--seed", "3"],
        ["decks", "rename", "Old", "New"],
        ["sync", "--status", "--json"],
        ["readiness", "--date", "2026-12-24", "--prepare"],
    ],
)
def test_arguments_parse_to_the_same_namespace_either_way(argv: list[str]) -> None:
    alone, full = vars(build_parser(argv).parse_args(argv)), vars(build_parser().parse_args(argv))
    run_alone, run_full = alone.pop("func"), full.pop("func")
    assert alone == full
    # The same handler (a lambda made by each register call has the same code).
    assert getattr(run_alone, "__code__", run_alone) == getattr(run_full, "__code__", run_full)


def test_an_unknown_command_gets_the_full_parsers_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser(["studdy"]).parse_args(["studdy"])
    assert stop.value.code == 2
    assert "invalid choice: 'studdy'" in capsys.readouterr().err
