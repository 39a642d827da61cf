"""Settings > Scheduling: optimising in a worker thread, cancelling, defaults, missing extra."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from dlquiz.core.scheduling import DEFAULT_PARAMETERS
from dlquiz.core.validation import Histories
from dlquiz.gui.scheduling_settings import SchedulingPanel
from dlquiz.storage.collection import Collection
from dlquiz.storage.memory_service import current
from tests.memory_helpers import START, open_copy, press, seeded_file

NOW = START.replace(month=5)
STRONG = (1.5, 4.0, 12.0, 30.0, *DEFAULT_PARAMETERS[4:8], 2.6, *DEFAULT_PARAMETERS[9:])


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_file(tmp_path_factory, STRONG, now=NOW, cards=300)


@pytest.fixture
def collection(seeded: Path, tmp_path: Path) -> Iterator[Collection]:
    opened = open_copy(seeded, tmp_path, now=NOW)
    yield opened
    opened.close(backup=False)


def _panel(qtbot, collection: Collection, **options: object) -> SchedulingPanel:  # type: ignore[no-untyped-def]
    panel = SchedulingPanel(collection, **options)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    return panel


def test_optimising_keeps_a_better_fit_and_reports_both_figures(
    qtbot, collection: Collection
) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, collection, fitter=lambda _h: STRONG)
    assert "defaults" in panel.in_use.text()
    with qtbot.waitSignal(panel.parameters_changed, timeout=60_000):
        with qtbot.waitSignal(panel.finished, timeout=60_000) as finished:
            press(qtbot, panel.optimize_button)
    text = str(finished.args[0])
    assert "log loss" in text and "RMSE(bins)" in text and "cards were updated" in text
    assert current(collection).parameters == STRONG
    assert "fitted to your reviews" in panel.in_use.text()
    assert not panel.running and panel.optimize_button.isEnabled()


def test_cancelling_a_fit_changes_nothing(qtbot, collection: Collection) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()
    holder: list[SchedulingPanel] = []

    def slow_fitter(_h: Histories) -> Sequence[float]:
        started.set()
        worker = holder[0]._worker
        assert worker is not None
        worker.cancel_event.wait(timeout=60)
        return STRONG

    panel = _panel(qtbot, collection, fitter=slow_fitter)
    holder.append(panel)
    press(qtbot, panel.optimize_button)
    qtbot.waitUntil(started.is_set, timeout=60_000)
    assert panel.cancel_button.isEnabled() and not panel.optimize_button.isEnabled()
    with qtbot.waitSignal(panel.finished, timeout=60_000) as finished:
        press(qtbot, panel.cancel_button)
    assert "nothing changed" in str(finished.args[0])
    assert current(collection).source == "default"


def test_defaults_button_goes_back(qtbot, collection: Collection) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, collection, fitter=lambda _h: STRONG)
    with qtbot.waitSignal(panel.finished, timeout=60_000):
        press(qtbot, panel.optimize_button)
    with qtbot.waitSignal(panel.parameters_changed, timeout=60_000):
        press(qtbot, panel.defaults_button)
    assert current(collection).source == "default"
    assert "Back to FSRS's defaults" in panel.result.text()


def test_without_the_extra_the_panel_says_what_to_install(qtbot, collection: Collection) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(
        qtbot, collection, missing=lambda: 'fitting needs torch: pip install "dlquiz[optimizer]"'
    )
    assert not panel.optimize_button.isEnabled()
    assert 'pip install "dlquiz[optimizer]"' in panel.result.text()


def test_the_settings_dialog_saves_the_reschedule_choice(qtbot, collection: Collection) -> None:  # type: ignore[no-untyped-def]
    from dlquiz.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(collection)
    qtbot.addWidget(dialog)
    assert not dialog.scheduling.reschedule.isChecked()
    dialog.scheduling.reschedule.setChecked(True)
    assert dialog.apply()
    assert collection.settings().reschedule_on_change is True
