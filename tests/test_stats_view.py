"""The Statistics tab: chart values against the review log, PNG export, light and dark."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QChart, QLineSeries, QPieSeries
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import ExamSettings
from dlquiz.core.scheduling import Rating
from dlquiz.gui.main_window import MainWindow
from dlquiz.gui.stats_view import StatsView
from dlquiz.gui.style import apply_theme
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.exam_flow import start_exam
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.schema import CardRow, ReviewRow
from dlquiz.storage.stats import study_date
from tests.helpers import open_test_collection

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[QApplication]:
    """Put the application's palette, style and font back after a theme change."""
    palette, sheet, font = qapp.palette(), qapp.styleSheet(), qapp.font()
    style = qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    clock = FakeClock(START)
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    win = MainWindow(collection, QuestionBank(collection))
    win.service.zone = UTC
    qtbot.addWidget(win)
    service = win.service
    ratings = [Rating.EASY, Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.EASY]
    for day in range(6):
        for n in range(4 + day):
            card = service.next_card()
            assert card is not None
            service.record(
                card, rating=ratings[(n + day) % 5], answer="", grade=None, duration_ms=6000
            )
            clock.advance(30)
        if day == 3:
            service.undo_last()
        clock.advance(86400)
    win.show()
    yield win
    if not collection.closed:
        collection.close(backup=False)


def open_stats(qtbot, win: MainWindow) -> StatsView:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.stats.refreshed, timeout=10_000):
        win.tabs.setCurrentWidget(win.stats)  # showing the tab reads the figures again
    assert win.stats.figures is not None
    return win.stats


def redraw(qtbot, view: StatsView) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.refresh()


def bar_values(chart: QChart) -> list[list[float]]:
    series = chart.series()[0]
    assert isinstance(series, QAbstractBarSeries)
    return [[bar_set.at(i) for i in range(bar_set.count())] for bar_set in series.barSets()]


def test_reviews_chart_shows_what_the_review_log_holds(qtbot, window: MainWindow) -> None:
    view = open_stats(qtbot, window)
    with window.collection.session() as s:
        logged = s.execute(
            select(ReviewRow.reviewed_at, ReviewRow.was_new).where(ReviewRow.undone_at.is_(None))
        ).all()
    today = study_date(window.collection.clock.now(), zone=UTC, hour=4)
    per_day: Counter[int] = Counter()
    new_per_day: Counter[int] = Counter()
    for when, was_new in logged:
        back = (today - study_date(when, zone=UTC, hour=4)).days
        per_day[back] += 1
        new_per_day[back] += int(was_new)
    new, reviews = bar_values(view.charts["reviews"].chart)
    assert len(new) == 30
    shown_total = [n + r for n, r in zip(new, reviews, strict=True)]
    assert shown_total == [per_day[29 - i] for i in range(30)]
    assert new == [new_per_day[29 - i] for i in range(30)]
    assert sum(shown_total) == len(logged) == 4 + 5 + 6 + 6 + 8 + 9  # one undone on day 4
    (minutes,) = bar_values(view.charts["time"].chart)
    assert minutes == pytest.approx([count * 6 / 60 for count in shown_total])
    view.period_box.setCurrentIndex(view.period_box.findData(90))
    assert len(bar_values(view.charts["reviews"].chart)[0]) == 90


def test_forecast_states_and_sections_match_the_figures(qtbot, window: MainWindow) -> None:
    view = open_stats(qtbot, window)
    figures = view.figures
    assert figures is not None
    (due,) = bar_values(view.charts["forecast"].chart)
    assert due == [d.due for d in figures.due_forecast_30d]
    with window.collection.session() as s:
        phases = Counter(s.scalars(select(CardRow.phase)))
    pie = view.charts["states"].chart.series()[0]
    assert isinstance(pie, QPieSeries)
    shown = {piece.label().split(":")[0]: piece.value() for piece in pie.slices()}
    names = {0: "New", 1: "Learning", 2: "Review", 3: "Relearning"}
    assert shown == {names[p]: float(n) for p, n in phases.items()}
    (retention,) = bar_values(view.charts["retention"].chart)
    expected = [round(v * 100) for v in figures.retention_30d_by_topic.values()][::-1]
    assert retention == expected and retention
    (mastery,) = bar_values(view.charts["mastery"].chart)
    assert mastery == [round(v * 100) for v in figures.mastery_by_topic.values()][::-1]
    assert "Summary" not in view.summary.text() and "Streak:" in view.summary.text()
    description = view.views["forecast"].accessibleDescription()
    assert f"{int(due[0])} cards due today" in description


def test_exam_scores_are_plotted_in_order(qtbot, window: MainWindow) -> None:
    bank, service, clock = window.bank, window.service, window.collection.clock
    store = ExamStore(window.collection)
    scores = []
    for seed, right in ((4, 1), (5, 3)):
        attempt, _ = start_exam(
            store,
            bank.questions([bank.chapter_deck.id]),
            ExamSettings(questions=4, seed=seed, time_limit_s=300),
            seconds_per_question=None,
            now=clock.now(),
        )
        for index, question_id in enumerate(attempt.question_ids):
            question = bank.get(question_id)
            assert question is not None
            attempt = attempt.answer(
                question_id, question.answer if index < right else "", now=clock.now()
            )
        scores.append(store.finalize(attempt.submit(clock.now()), bank, service).score)
        clock.advance(3600)  # type: ignore[attr-defined]
    view = open_stats(qtbot, window)
    lines = [s for s in view.charts["exams"].chart.series() if isinstance(s, QLineSeries)]
    score_line = next(s for s in lines if s.name() == "Score")
    assert [p.y() for p in score_line.points()] == pytest.approx([s * 100 for s in scores])
    mark = next(s for s in lines if s.name().startswith("Pass mark"))
    assert {p.y() for p in mark.points()} == {70.0}


def test_without_exams_the_score_axis_spans_the_collections_clock(
    qtbot, window: MainWindow
) -> None:
    from PySide6.QtCharts import QDateTimeAxis

    view = open_stats(qtbot, window)
    axis = next(a for a in view.charts["exams"].chart.axes() if isinstance(a, QDateTimeAxis))
    start = axis.min().toSecsSinceEpoch()
    end = axis.max().toSecsSinceEpoch()
    now = window.collection.clock.now().timestamp()  # in March 2026, not the machine's day
    assert start < now < end and end - start <= 2 * 86400


def test_each_chart_saves_as_a_png(qtbot, window: MainWindow, tmp_path: Path) -> None:
    view = open_stats(qtbot, window)
    for name in view.views:
        path = tmp_path / f"{name}.png"
        assert view.save_chart(name, path)
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 960 and image.height() >= 600
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(KeyError):
        view.save_chart("nonsense", tmp_path / "x.png")


def test_charts_follow_dark_and_light(qtbot, window: MainWindow, app_look: QApplication) -> None:
    apply_theme(app_look, theme="dark", font_size=0)
    view = open_stats(qtbot, window)
    chart = view.charts["reviews"].chart
    assert chart.theme() == QChart.ChartTheme.ChartThemeDark
    assert chart.backgroundBrush().color().lightness() < 128
    assert chart.titleBrush().color().lightness() > 128  # light text on the dark background
    apply_theme(app_look, theme="light", font_size=0)
    redraw(qtbot, view)
    chart = view.charts["reviews"].chart
    assert chart.theme() == QChart.ChartTheme.ChartThemeLight
    assert chart.backgroundBrush().color().lightness() > 128


def test_the_tab_refreshes_when_shown_again(qtbot, window: MainWindow) -> None:
    view = open_stats(qtbot, window)
    assert view.figures is not None
    before = view.figures.reviews_total
    window.tabs.setCurrentWidget(window.study)
    window.start()
    assert window.study.answer_widget is not None
    window.study.submit()  # one more (empty, so wrong) answer
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        window.tabs.setCurrentWidget(window.stats)
    assert view.figures.reviews_total == before + 1
    assert json.loads(json.dumps(view.figures.to_json()))["reviews_total"] == before + 1


def test_a_failed_reading_is_raised_on_the_gui_thread(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the statistics broke")

    monkeypatch.setattr("dlquiz.storage.stats.collection_stats", broken)
    with qtbot.captureExceptions() as caught:
        window.tabs.setCurrentWidget(window.stats)
        qtbot.waitUntil(lambda: bool(caught), timeout=10_000)
    # In the app, sys.excepthook is the error dialog (see test_gui_finish.py).
    assert "the statistics broke" in str(caught[0][1])
    assert not window.stats.busy_label.isVisible() and window.stats.figures is None


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_state_has_a_colour_of_its_own(theme: str) -> None:
    from PySide6.QtCharts import QPieSeries
    from PySide6.QtGui import QColor

    from dlquiz.gui.stats_charts import ChartStyle, states_chart

    dark = theme == "dark"
    style = ChartStyle(
        dark=dark, text=QColor("white" if dark else "black"), background=QColor("#202124")
    )
    made = states_chart(
        {"new": 995, "learning": 15, "review": 3, "relearning": 2}, suspended=0, style=style
    )
    (series,) = made.chart.series()
    assert isinstance(series, QPieSeries)
    colours = [piece.brush().color() for piece in series.slices()]
    assert len(colours) == 4
    for i, one in enumerate(colours):
        for other in colours[i + 1 :]:
            apart = abs(one.hue() - other.hue())
            assert min(apart, 360 - apart) >= 30, (one.name(), other.name())
