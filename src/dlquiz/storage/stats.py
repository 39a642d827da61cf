"""Figures about the learner's progress, computed in SQL from the review log.

Undone reviews never count.  Days are study days: they begin at the
learner's day start hour (04:00 by default) in their time zone.  Daily
figures are grouped by UTC hour in SQL and each hour is then given to its
study day here, which is exact for every zone whose offset is whole hours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, select
from sqlalchemy.orm import Session

from dlquiz.core.clock import local_zone
from dlquiz.core.progress import DueDay, ExamPoint, ProgressStats, StudyDay, Today
from dlquiz.core.scheduling import day_start
from dlquiz.storage.browse_query import live_cards, mastered
from dlquiz.storage.collection import Collection
from dlquiz.storage.schema import CardRow, ExamAttemptRow, ReviewRow

_PHASE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
HISTORY_DAYS = 365
FORECAST_DAYS = 30


def study_date(moment: datetime, *, zone: tzinfo, hour: int) -> date:
    """The study day an instant belongs to (the day rolls over at ``hour`` local time)."""
    return (moment.astimezone(zone) - timedelta(hours=hour)).date()


def _hour_bucket(column: Any) -> ColumnElement[str]:
    # "YYYY-MM-DD HH" of a stored UTC datetime: cheap to group by in SQLite.
    return func.substr(column, 1, 13, type_=String)


def _bucket_start(bucket: str) -> datetime:
    # "YYYY-MM-DD HH" -> that hour in UTC (strptime is ten times slower, and this runs per hour).
    return datetime(
        int(bucket[0:4]), int(bucket[5:7]), int(bucket[8:10]), int(bucket[11:13]), tzinfo=UTC
    )


def _bucket_date(bucket: str, *, zone: tzinfo, hour: int) -> date:
    return study_date(_bucket_start(bucket) + timedelta(minutes=30), zone=zone, hour=hour)


def collection_stats(
    collection: Collection,
    *,
    now: datetime,
    zone: tzinfo | None = None,
    topic_order: Sequence[str] = (),
) -> ProgressStats:
    """The figures behind ``dlquiz stats`` and the Statistics tab.

    Args:
        collection: the open collection.
        now: the moment the figures are for (UTC-aware).
        zone: the learner's time zone for study days (default: this machine's).
        topic_order: sections to list first, in this order (the chapter's order).
    """
    zone = zone or local_zone()
    hour = collection.settings().day_start_hour
    since = now - timedelta(days=30)
    with collection.session() as s:
        # One pass over the whole log, by UTC hour, gives the totals and the days.
        hours = _answers_by_hour(s)
        time_30d_ms = _time_since(s, since, hours)
        per_topic = _recall_by_topic(s, since)
        by_phase: Counter[int] = Counter()
        suspended = 0
        for phase, is_suspended, n in s.execute(
            select(CardRow.phase, CardRow.suspended, func.count())
            .where(live_cards())
            .group_by(CardRow.phase, CardRow.suspended)
        ):
            by_phase[phase] += n
            suspended += n if is_suspended else 0
        due_now = (
            s.scalar(
                select(func.count())
                .select_from(CardRow)
                .where(live_cards(), CardRow.suspended.is_(False), CardRow.phase > 0)
                .where(CardRow.due <= now)
            )
            or 0
        )
        forecast = _due_forecast(s, now=now, zone=zone, hour=hour)
        mastery = _mastery(s, now=now)
        exams = _exam_trend(s)
    today = study_date(now, zone=zone, hour=hour)
    daily = _days(hours, first=today - timedelta(days=HISTORY_DAYS - 1), zone=zone, hour=hour)
    today_row = next((d for d in daily if d.day == today), None)
    reviewed = sum(n for n, _ok in per_topic.values())
    recalled = sum(ok for _n, ok in per_topic.values())
    mastered_cards = sum(m for m, _n in mastery.values())
    live_total = sum(n for _m, n in mastery.values())
    return ProgressStats(
        reviews_total=sum(h[0] for h in hours.values()),
        cards_total=sum(by_phase.values()),
        cards_due_now=due_now,
        cards_new=by_phase.get(0, 0),
        retention_30d=None if not reviewed else round(recalled / reviewed, 4),
        cards_by_state={name: by_phase.get(p, 0) for p, name in _PHASE_NAMES.items()},
        retention_30d_by_topic=_in_order(
            {topic: round(ok / n, 4) for topic, (n, ok) in per_topic.items() if n}, topic_order
        ),
        time_spent_30d_s=round(time_30d_ms / 1000, 1),
        today=today,
        day_start_hour=hour,
        cards_suspended=suspended,
        time_spent_total_s=round(sum(h[3] for h in hours.values()) / 1000, 1),
        studied_today=(
            Today(today_row.reviews, today_row.correct, today_row.time_s) if today_row else Today()
        ),
        reviews_per_day=daily,
        streak_days=_streak({d.day for d in daily}, today),
        due_forecast_30d=forecast,
        mastery=None if not live_total else round(mastered_cards / live_total, 4),
        mastery_by_topic=_in_order(
            {t: round(m / n, 4) for t, (m, n) in mastery.items() if n}, topic_order
        ),
        exam_trend=exams,
    )


def _answers_by_hour(s: Session) -> dict[str, tuple[int, int, int, int]]:
    """Counted answers by UTC hour: (answers, recalled, first answers to new cards, ms)."""
    bucket = _hour_bucket(ReviewRow.reviewed_at)
    rows = s.execute(
        select(
            bucket,
            func.count(),
            func.sum(case((ReviewRow.rating > 1, 1), else_=0)),
            func.sum(case((ReviewRow.was_new.is_(True), 1), else_=0)),
            func.sum(ReviewRow.duration_ms),
        )
        .where(ReviewRow.undone_at.is_(None))
        .group_by(bucket)
    )
    return {
        key: (int(n), int(ok or 0), int(new or 0), int(ms or 0)) for key, n, ok, new, ms in rows
    }


def _time_since(s: Session, since: datetime, hours: dict[str, tuple[int, int, int, int]]) -> int:
    """Milliseconds answering since ``since``: whole hours from the buckets, the first exactly."""
    first = since.astimezone(UTC).strftime("%Y-%m-%d %H")
    later = sum(h[3] for key, h in hours.items() if key > first)
    hour_end = _bucket_start(first) + timedelta(hours=1)
    partial = s.scalar(
        select(func.coalesce(func.sum(ReviewRow.duration_ms), 0)).where(
            ReviewRow.undone_at.is_(None),
            ReviewRow.reviewed_at >= since,
            ReviewRow.reviewed_at < hour_end,
        )
    )
    return later + int(partial or 0)


def _recall_by_topic(s: Session, since: datetime) -> dict[str, tuple[int, int]]:
    """Per section, answers to cards in review since ``since``: (answers, recalled)."""
    was_review = func.json_extract(ReviewRow.state_before, "$.phase") == 2
    rows = s.execute(
        select(CardRow.topic, func.count(), func.sum(case((ReviewRow.rating > 1, 1), else_=0)))
        .join(CardRow, CardRow.id == ReviewRow.card_id)
        .where(ReviewRow.undone_at.is_(None), ReviewRow.reviewed_at >= since, was_review)
        .group_by(CardRow.topic)
    )
    return {topic: (int(n), int(ok or 0)) for topic, n, ok in rows}


def _days(
    hours: dict[str, tuple[int, int, int, int]], *, first: date, zone: tzinfo, hour: int
) -> tuple[StudyDay, ...]:
    """Study days from ``first`` on that have answers, oldest first."""
    days: dict[date, list[int]] = {}
    for key, values in hours.items():
        day = _bucket_date(key, zone=zone, hour=hour)
        if day < first:
            continue
        totals = days.setdefault(day, [0, 0, 0, 0])
        for i, value in enumerate(values):
            totals[i] += value
    return tuple(
        StudyDay(day, reviews=n, correct=ok, new=new, time_s=round(ms / 1000, 1))
        for day, (n, ok, new, ms) in sorted(days.items())
    )


def _due_forecast(s: Session, *, now: datetime, zone: tzinfo, hour: int) -> tuple[DueDay, ...]:
    """Scheduled cards due on each of the next 30 study days; overdue ones count for today."""
    today = study_date(now, zone=zone, hour=hour)
    until = day_start(now, zone=zone, hour=hour) + timedelta(days=FORECAST_DAYS)
    bucket = _hour_bucket(CardRow.due)
    rows = s.execute(
        select(bucket, func.count())
        .where(live_cards(), CardRow.suspended.is_(False), CardRow.phase > 0)
        .where(CardRow.due < until)
        .group_by(bucket)
    ).all()
    counts = [0] * FORECAST_DAYS
    for key, n in rows:
        offset = (_bucket_date(key, zone=zone, hour=hour) - today).days
        if offset < FORECAST_DAYS:
            counts[max(0, offset)] += int(n)
    return tuple(DueDay(today + timedelta(days=i), n) for i, n in enumerate(counts))


def _mastery(s: Session, *, now: datetime) -> dict[str, tuple[int, int]]:
    """Per section: (cards with retrievability >= 90 %, all live cards)."""
    rows = s.execute(
        select(CardRow.topic, func.sum(case((mastered(now), 1), else_=0)), func.count())
        .where(live_cards())
        .group_by(CardRow.topic)
    ).all()
    return {topic: (int(m or 0), int(n)) for topic, m, n in rows}


def _exam_trend(s: Session) -> tuple[ExamPoint, ...]:
    rows = s.execute(
        select(ExamAttemptRow.finished_at, ExamAttemptRow.score, ExamAttemptRow.passed)
        .where(ExamAttemptRow.finished_at.is_not(None), ExamAttemptRow.score.is_not(None))
        .order_by(ExamAttemptRow.finished_at, ExamAttemptRow.id)
    ).all()
    return tuple(
        ExamPoint(finished, round(score, 4), bool(ok))
        for finished, score, ok in rows
        if finished is not None and score is not None  # the query keeps only these
    )


def _streak(days: set[date], today: date) -> int:
    """Study days in a row up to today (or up to yesterday, while today is still open)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _in_order(values: dict[str, float], order: Sequence[str]) -> dict[str, float]:
    first = {t: values[t] for t in order if t in values}
    rest = {t: values[t] for t in sorted(values) if t not in first}
    return {**first, **rest}
