"""Layering rules that keep core plain and start-up light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import dlquiz.core


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return {name.split(".")[0] for name in done.stdout.split()}


def test_core_never_imports_qt_sqlalchemy_or_torch() -> None:
    modules = [m.name for m in pkgutil.walk_packages(dlquiz.core.__path__, "dlquiz.core.")]
    assert len(modules) > 10
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert not loaded & {"PySide6", "sqlalchemy", "torch", "alembic"}


def test_scripting_commands_stay_off_sqlalchemy() -> None:
    loaded = _loaded_after("import dlquiz.cli.cmd_grade, dlquiz.cli.cmd_questions")
    assert "sqlalchemy" not in loaded and "PySide6" not in loaded
