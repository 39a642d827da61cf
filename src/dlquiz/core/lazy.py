"""Package exports that are imported when first used, not with the package.

Importing ``dlquiz.core.grading.normalize`` runs ``dlquiz/core/grading/__init__``
first; if that imported the whole grader (rapidfuzz, the number tables, a
hundred compiled patterns), every light helper would cost the grader's
import.  The window shows its first question before the grader is needed,
so the packages whose ``__init__`` would be heavy name their exports here
and load each from its module on first access (PEP 562).  Type checkers
read the same names from an ``if TYPE_CHECKING:`` import beside it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports each exported name from its home module.

    Args:
        package: the package's ``__name__`` (for the error message).
        homes: exported name -> the module that defines it.
    """

    def load(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(home), name)

    return load
