"""Shared test set-up: Qt runs offscreen so the suite needs no screen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the learner's real data out of reach of every test.
os.environ.pop("DLQUIZ_DB", None)
