"""Layering rules that keep core plain, start-up light and each layer pointing down.

The static rules read every ``import`` in ``src/dlquiz`` (lazy ones inside
functions too), so a layer cannot reach upwards even on a path no test walks.
"""

from __future__ import annotations

import ast
import functools
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import dlquiz
import dlquiz.core

SRC = Path(dlquiz.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, as absolute dotted names."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            # "from dlquiz import demo" names a module too.
            yield from (f"{base}.{alias.name}" for alias in node.names)


@functools.cache  # read when a rule is checked, not while every worker collects the suite
def _edges() -> list[tuple[str, str]]:
    return [
        (_module_name(path), imported)
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
        for imported in _imports(path)
    ]


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _violations(importer: str, forbidden: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    return sorted(
        f"{source} imports {target}"
        for source, target in _edges()
        if _inside(source, importer)
        and _inside(target, forbidden)
        and not any(_inside(source, a) for a in allowed)
    )


# (layer, what it must never import, modules of that layer allowed to anyway)
RULES = [
    ("dlquiz.core", "PySide6", ()),
    ("dlquiz.core", "sqlalchemy", ()),
    ("dlquiz.core", "alembic", ()),
    ("dlquiz.core", "torch", ()),
    ("dlquiz.core", "dlquiz.storage", ()),
    ("dlquiz.core", "dlquiz.gui", ()),
    ("dlquiz.core", "dlquiz.cli", ()),
    ("dlquiz.core", "dlquiz.importers", ()),
    ("dlquiz.storage", "dlquiz.gui", ()),
    ("dlquiz.storage", "dlquiz.cli", ()),
    ("dlquiz.storage", "PySide6", ()),
    ("dlquiz.storage", "dlquiz.importers.ids", ()),
    ("dlquiz.gui", "dlquiz.cli", ()),
    ("dlquiz.importers", "dlquiz.storage", ()),
    ("dlquiz.importers", "sqlalchemy", ()),
    ("dlquiz.importers", "PySide6", ()),
    ("dlquiz.importers", "dlquiz.gui", ()),
    ("dlquiz.importers", "dlquiz.cli", ()),
    ("dlquiz.decks", "dlquiz.storage", ()),
    ("dlquiz.decks", "PySide6", ()),
    ("dlquiz.errorlog", "PySide6", ()),
    ("dlquiz.errorlog", "sqlalchemy", ()),
    # Sync sits above storage and below the front ends; only it talks to the hub.
    ("dlquiz.core", "dlquiz.sync", ()),
    ("dlquiz.storage", "dlquiz.sync", ()),
    ("dlquiz.importers", "dlquiz.sync", ()),
    ("dlquiz.sync", "PySide6", ()),
    ("dlquiz.sync", "dlquiz.gui", ()),
    ("dlquiz.sync", "dlquiz.cli", ()),
    ("dlquiz", "psycopg", ()),  # reached only through SQLAlchemy's postgresql+psycopg URL
    ("dlquiz", "keyring", ("dlquiz.sync.credentials",)),
    ("dlquiz.demo", "dlquiz.storage", ()),
    ("dlquiz.demo", "dlquiz.gui", ()),
    ("dlquiz.demo", "dlquiz.cli", ()),
    # The live demo is optional and heavy: only its tab and its command reach it.
    (
        "dlquiz",
        "dlquiz.demo",
        (
            "dlquiz.demo",
            "dlquiz.gui.demo_tab",
            "dlquiz.gui.demo_panels",
            "dlquiz.gui.demo_sequence_panels",
            "dlquiz.gui.demo_worker",
            "dlquiz.cli.cmd_demo",
        ),
    ),
]


@pytest.mark.parametrize(("layer", "forbidden", "allowed"), RULES)
def test_layer_never_imports(layer: str, forbidden: str, allowed: tuple[str, ...]) -> None:
    assert _violations(layer, forbidden, allowed=allowed) == []


def test_gui_threads_start_only_in_operations() -> None:
    """Collection work leaves the GUI thread through gui/operations.Background alone.

    (Workers that report progress, such as import and the demo, are QObjects on a QThread.)
    """
    starters = sorted(
        _module_name(path)
        for path in (SRC / "gui").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Attribute) and node.attr == "Thread")
        or (
            isinstance(node, ast.ImportFrom)
            and node.module == "threading"
            and any(alias.name == "Thread" for alias in node.names)
        )
    )
    assert starters == ["dlquiz.gui.operations"] * starters.count("dlquiz.gui.operations")
    assert starters


def test_the_import_reader_sees_real_edges() -> None:
    # A rule over an empty or misread edge list would pass for nothing.
    edges = _edges()
    assert ("dlquiz.gui.study_view", "dlquiz.storage.study") in edges
    assert any(s == "dlquiz.cli.cmd_demo" and _inside(t, "dlquiz.demo") for s, t in edges)
    assert _violations("dlquiz.gui", "dlquiz.storage")  # gui does use storage
    assert ("dlquiz.importers", "dlquiz.importers.ids") in edges  # "from .ids import ..."
    assert len({source for source, _ in edges}) > 150


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(done.stdout.split())


def _loaded_after(statement: str) -> set[str]:
    return {name.split(".")[0] for name in _modules_after(statement)}


@pytest.mark.slow  # starts a process
def test_core_never_imports_qt_sqlalchemy_or_torch() -> None:
    modules = [m.name for m in pkgutil.walk_packages(dlquiz.core.__path__, "dlquiz.core.")]
    assert len(modules) > 10
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert not loaded & {"PySide6", "sqlalchemy", "torch", "alembic"}


@pytest.mark.slow  # starts a process
def test_scripting_commands_stay_off_sqlalchemy() -> None:
    loaded = _loaded_after("import dlquiz.cli.cmd_grade, dlquiz.cli.cmd_questions")
    assert "sqlalchemy" not in loaded and "PySide6" not in loaded


@pytest.mark.slow  # starts a process
def test_building_the_parser_loads_only_the_command_line() -> None:
    """Every command builds the whole parser first: what a command runs loads when it runs."""
    loaded = _modules_after("from dlquiz.cli.main import build_parser\nbuild_parser()")
    assert "dlquiz.cli.cmd_study" in loaded and "dlquiz.cli.cmd_sync" in loaded
    ours = {m for m in loaded if _inside(m, "dlquiz")}
    # core.wording is plain string work with no imports, written for the commands' lines.
    allowed = ("dlquiz.cli", "dlquiz.errorlog", "dlquiz.core.wording")
    plain = {"dlquiz", "dlquiz.core", "dlquiz.core.lazy"}  # the package, its lazy exports
    assert sorted(m for m in ours - plain if not any(_inside(m, a) for a in allowed)) == []
    heavy = {"sqlite3", "fsrs", "rapidfuzz", "snowballstemmer", "yaml", "sqlalchemy", "PySide6"}
    assert not {m.split(".")[0] for m in loaded} & heavy
