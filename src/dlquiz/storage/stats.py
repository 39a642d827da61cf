"""Figures about the learner's progress, computed in SQL from the review log.

Undone reviews never count.  Days are study days: they begin at the
learner's day start hour (04:00 by default) in their time zone.  Daily
figures are grouped by UTC hour in SQL and each hour is then given to its
study day here, which is exact for every zone whose offset is whole hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, select
from sqlalchemy.orm import Session

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


def _bucket_date(bucket: str, *, zone: tzinfo, hour: int) -> date:
    start = datetime.strptime(bucket, "%Y-%m-%d %H").replace(tzinfo=UTC)
    return study_date(start + timedelta(minutes=30), zone=zone, hour=hour)


def collection_stats(
    collection: Collection,
    *,
    now: datetime,
    zone: tzinfo | None = None,
    topic_order: Sequence[str] = (),
) -> dict[str, Any]:
    """The figures behind ``dlquiz stats --json`` and the Statistics tab.

    Args:
        collection: the open collection.
        now: the moment the figures are for (UTC-aware).
        zone: the learner's time zone for study days (default: this machine's).
        topic_order: sections to list first, in this order (the chapter's order).
    """
    zone = zone or datetime.now().astimezone().tzinfo or UTC
    hour = collection.settings().day_start_hour
    since = now - timedelta(days=30)
    counted = ReviewRow.undone_at.is_(None)
    was_review = func.json_extract(ReviewRow.state_before, "$.phase") == 2
    passed = case((ReviewRow.rating > 1, 1), else_=0)
    with collection.session() as s:
        reviews_total, time_total_ms = s.execute(
            select(func.count(), func.coalesce(func.sum(ReviewRow.duration_ms), 0)).where(counted)
        ).one()
        by_phase = dict(
            s.execute(
                select(CardRow.phase, func.count()).where(live_cards()).group_by(CardRow.phase)
            ).all()
        )
        suspended = (
            s.scalar(select(func.count()).where(live_cards(), CardRow.suspended.is_(True))) or 0
        )
        due_now = (
            s.scalar(
                select(func.count())
                .select_from(CardRow)
                .where(live_cards(), CardRow.suspended.is_(False), CardRow.phase > 0)
                .where(CardRow.due <= now)
            )
            or 0
        )
        recall = s.execute(
            select(func.count(), func.sum(passed)).where(
                counted, ReviewRow.reviewed_at >= since, was_review
            )
        ).one()
        time_ms = (
            s.scalar(
                select(func.sum(ReviewRow.duration_ms)).where(
                    counted, ReviewRow.reviewed_at >= since
                )
            )
            or 0
        )
        per_topic = s.execute(
            select(CardRow.topic, func.count(), func.sum(passed))
            .join(CardRow, CardRow.id == ReviewRow.card_id)
            .where(counted, ReviewRow.reviewed_at >= since, was_review)
            .group_by(CardRow.topic)
        ).all()
        daily = _reviews_per_day(s, now=now, zone=zone, hour=hour)
        forecast = _due_forecast(s, now=now, zone=zone, hour=hour)
        mastery = _mastery(s, now=now)
        exams = _exam_trend(s)
    retention = None if not recall[0] else round((recall[1] or 0) / recall[0], 4)
    today = study_date(now, zone=zone, hour=hour)
    today_row = next((d for d in daily if d["date"] == today.isoformat()), None)
    mastered_cards = sum(m for m, _n in mastery.values())
    live_total = sum(n for _m, n in mastery.values())
    return {
        "reviews_total": reviews_total,
        "cards_total": sum(by_phase.values()),
        "cards_due_now": due_now,
        "cards_new": by_phase.get(0, 0),
        "retention_30d": retention,
        "cards_by_state": {name: by_phase.get(p, 0) for p, name in _PHASE_NAMES.items()},
        "retention_30d_by_topic": _in_order(
            {topic: round((ok or 0) / n, 4) for topic, n, ok in per_topic if n}, topic_order
        ),
        "time_spent_30d_s": round(time_ms / 1000, 1),
        # Added for the Statistics tab; the keys above keep their meaning.
        "today": today.isoformat(),
        "day_start_hour": hour,
        "cards_suspended": suspended,
        "time_spent_total_s": round(time_total_ms / 1000, 1),
        "studied_today": {
            "reviews": today_row["reviews"] if today_row else 0,
            "correct": today_row["correct"] if today_row else 0,
            "time_s": today_row["time_s"] if today_row else 0.0,
        },
        "reviews_per_day": daily,
        "days_studied_365": len(daily),
        "streak_days": _streak({d["date"] for d in daily}, today),
        "due_forecast_30d": forecast,
        "mastery": None if not live_total else round(mastered_cards / live_total, 4),
        "mastery_by_topic": _in_order(
            {t: round(m / n, 4) for t, (m, n) in mastery.items() if n}, topic_order
        ),
        "exam_trend": exams,
    }


def _reviews_per_day(s: Session, *, now: datetime, zone: tzinfo, hour: int) -> list[dict[str, Any]]:
    """Days with answers in the last 365 study days, oldest first (days without are left out)."""
    first = day_start(now, zone=zone, hour=hour) - timedelta(days=HISTORY_DAYS - 1)
    bucket = _hour_bucket(ReviewRow.reviewed_at)
    rows = s.execute(
        select(
            bucket,
            func.count(),
            func.sum(case((ReviewRow.rating > 1, 1), else_=0)),
            func.sum(case((ReviewRow.was_new.is_(True), 1), else_=0)),
            func.sum(ReviewRow.duration_ms),
        )
        .where(ReviewRow.undone_at.is_(None), ReviewRow.reviewed_at >= first)
        .group_by(bucket)
    ).all()
    days: dict[date, list[int]] = {}
    for key, n, ok, new, ms in rows:
        totals = days.setdefault(_bucket_date(key, zone=zone, hour=hour), [0, 0, 0, 0])
        for i, value in enumerate((n, ok, new, ms)):
            totals[i] += int(value or 0)
    return [
        {
            "date": day.isoformat(),
            "reviews": n,
            "correct": ok,
            "new": new,
            "time_s": round(ms / 1000, 1),
        }
        for day, (n, ok, new, ms) in sorted(days.items())
    ]


def _due_forecast(s: Session, *, now: datetime, zone: tzinfo, hour: int) -> list[dict[str, Any]]:
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
    return [
        {"date": (today + timedelta(days=i)).isoformat(), "due": n} for i, n in enumerate(counts)
    ]


def _mastery(s: Session, *, now: datetime) -> dict[str, tuple[int, int]]:
    """Per section: (cards with retrievability >= 90 %, all live cards)."""
    rows = s.execute(
        select(CardRow.topic, func.sum(case((mastered(now), 1), else_=0)), func.count())
        .where(live_cards())
        .group_by(CardRow.topic)
    ).all()
    return {topic: (int(m or 0), int(n)) for topic, m, n in rows}


def _exam_trend(s: Session) -> list[dict[str, Any]]:
    rows = s.execute(
        select(ExamAttemptRow.finished_at, ExamAttemptRow.score, ExamAttemptRow.passed)
        .where(ExamAttemptRow.finished_at.is_not(None), ExamAttemptRow.score.is_not(None))
        .order_by(ExamAttemptRow.finished_at, ExamAttemptRow.id)
    ).all()
    return [
        {"finished_at": finished.isoformat(), "score": round(score, 4), "passed": bool(ok)}
        for finished, score, ok in rows
    ]


def _streak(days: set[str], today: date) -> int:
    """Study days in a row up to today (or up to yesterday, while today is still open)."""
    day = today if today.isoformat() in days else today - timedelta(days=1)
    count = 0
    while day.isoformat() in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _in_order(values: dict[str, float], order: Sequence[str]) -> dict[str, float]:
    first = {t: values[t] for t in order if t in values}
    rest = {t: values[t] for t in sorted(values) if t not in first}
    return {**first, **rest}
