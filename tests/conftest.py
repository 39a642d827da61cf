"""Shared test set-up: Qt runs offscreen so the suite needs no screen."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The learner's real data, cache, logs and Qt settings stay out of reach of every
# test (and of the dlquiz processes the tests start, which inherit this).
_HOME = tempfile.mkdtemp(prefix="dlquiz-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
os.environ.pop("DLQUIZ_DB", None)


def pytest_sessionfinish() -> None:
    import shutil

    shutil.rmtree(_HOME, ignore_errors=True)
