"""Tools > Exam readiness: predicted recall on an exam day, preparing for it, and checking after.

The figures are those of ``dlquiz readiness``: the same storage calls, run
in a background thread so a large collection never freezes the window.
"Prepare" shows the schedule until the exam first (reviews per day, the extra
ones, recall at the exam with and without it); only "Accept plan" changes any
due date, and from then on study follows the plan until the exam or "Stop
preparing".
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.prepare import ExamGoal, PreparePlan
from dlquiz.core.readiness import Readiness
from dlquiz.gui.operations import Background, report_failure
from dlquiz.gui.style import READING
from dlquiz.storage.bank import QuestionBank

JOB = "readiness"
# What the pane says while a job runs: never empty, and it names what is coming.
WORKING = {
    "readiness": "Working out your predicted recall for an exam on {day}…",
    "plan": "Working out a plan to prepare for an exam on {day}…",
    "accepted": "Bringing the plan's cards forward…",
    "stopped": "Giving the cards back their own due dates…",
}
CHANGES = frozenset({"accepted", "stopped"})  # the jobs that change due dates


def readiness_html(result: Readiness) -> str:
    """Overall and per-section predicted recall, the expected score and the sections at risk."""
    lines = [
        f"<b>Predicted recall: {result.overall:.0%}</b> of {result.cards} cards "
        f"(mean FSRS recall at {result.exam_at:%Y-%m-%d %H:%M} UTC; cards never studied count 0)."
    ]
    if result.score is not None:
        s = result.score
        lines.append(
            f"Expected score in a {s.questions}-question exam: <b>{s.expected:.0%}</b> "
            f"(90 % range {s.low:.0%}–{s.high:.0%}, over {s.draws} exams drawn as exam mode does)."
        )
    if result.at_risk:
        names = ", ".join(html.escape(n) for n in result.at_risk)
        lines.append(f"Sections at risk (below {result.target:.0%}): {names}.")
    else:
        lines.append(f"No section is below {result.target:.0%}.")
    rows = "".join(
        f"<tr><td>{html.escape(s.section)}</td><td align=right>{s.predicted_recall:.0%}</td>"
        f"<td align=right>{s.studied}/{s.cards}</td><td>{'at risk' if s.at_risk else ''}</td></tr>"
        for s in result.sections
    )
    table = (
        "<table cellpadding=3><tr><th align=left>section</th><th>recall</th>"
        f"<th>studied</th><th></th></tr>{rows}</table>"
    )
    return "<p>" + "<br>".join(lines) + "</p>" + table


def plan_html(plan: PreparePlan) -> str:
    """The schedule a preparation plan asks for until the exam, day by day."""
    summary = (
        f"<p>{plan.below_without} of {plan.studied} studied cards would be below "
        f"{plan.target:.0%} on the exam day on FSRS's own schedule. "
        f"With this plan mean recall then is <b>{plan.recall_with:.0%}</b> "
        f"(without: {plan.recall_without:.0%})"
    )
    if plan.below_with:
        summary += f"; {plan.below_with} cards stay below: too little time is left to lift them"
    if not plan.extra:
        return summary + ". No extra review is needed: nothing to accept.</p>"
    days = "".join(
        f"<tr><td>{d.day.isoformat()}</td><td align=right>{d.reviews}</td>"
        f"<td align=right>{d.extra}</td></tr>"
        for d in plan.days
    )
    busiest = max(d.extra for d in plan.days)
    return (
        f"{summary}. <b>{plan.extra}</b> extra reviews, at most {busiest} a day; each review"
        " below is answered Good in the plan, and study re-plans after every answer. "
        "Nothing changes until you accept.</p>"
        "<table cellpadding=3><tr><th align=left>day</th><th>reviews</th><th>extra</th></tr>"
        f"{days}</table>"
    )


def goal_text(goal: ExamGoal | None, zone: tzinfo) -> str:
    """One line on the exam being prepared for, or that there is none."""
    if goal is None:
        return "Not preparing for an exam."
    when = goal.exam_at.astimezone(zone)
    decks = f" ({len(goal.deck_ids)} decks)" if goal.deck_ids else ""
    return (
        f"Preparing for the exam on {when:%Y-%m-%d}{decks}, target {goal.target:.0%}: "
        "study follows the plan until then."
    )


class ReadinessDialog(QDialog):
    """Choose an exam day, see the prediction, and prepare for it."""

    updated = Signal(str)  # "readiness", "plan", "accepted", "stopped" or "error", once shown

    def __init__(self, bank: QuestionBank, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.zone = zone
        self.plan: PreparePlan | None = None
        self.background = Background(self)
        self.setWindowTitle("Exam readiness")
        self.setAccessibleName("Exam readiness")
        layout = QVBoxLayout(self)
        layout.addLayout(self._controls())
        goal_row = QHBoxLayout()
        self.goal_label = QLabel()
        self.goal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.goal_label.setAccessibleName("Exam being prepared for")
        self.stop_button = QPushButton("&Stop preparing")
        self.stop_button.setToolTip("Due dates go back to FSRS's own")
        self.stop_button.clicked.connect(self.stop_preparing)
        goal_row.addWidget(self.goal_label, 1)
        goal_row.addWidget(self.stop_button)
        layout.addLayout(goal_row)
        self._show_goal()
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text.setAccessibleName("Readiness figures")
        scroll = QScrollArea()
        scroll.setObjectName(READING)  # read by keys: Tab reaches it, its focus shows
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _code: self.shutdown())
        self.resize(640, 520)
        # (kind, work) asked for while another job ran: it runs next, and the older
        # result is not shown, so the pane always answers the last button pressed.
        self._next: tuple[str, Callable[[], object]] | None = None
        self.predict()  # the default exam day at once: the pane is never empty

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        today = self.bank.collection.clock.now().astimezone(self.zone).date()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")  # as every date dlquiz shows
        self.date_edit.setMinimumDate(QDate(today.year, today.month, today.day))
        later = today + timedelta(days=14)
        self.date_edit.setDate(QDate(later.year, later.month, later.day))
        self.date_edit.setAccessibleName("Exam date")
        self.target = QSpinBox()
        self.target.setRange(50, 99)
        self.target.setSuffix(" %")
        self.target.setValue(95)
        self.target.setAccessibleName("Target recall for preparing, in percent")
        for text, buddy in (("Exam &date:", self.date_edit), ("&Target:", self.target)):
            label = QLabel(text)
            label.setBuddy(buddy)
            row.addWidget(label)
            row.addWidget(buddy)
        self.show_button = QPushButton("&Predict")
        self.show_button.clicked.connect(self.predict)
        self.prepare_button = QPushButton("P&repare…")
        self.prepare_button.setToolTip(
            "Show the reviews until the exam that bring cards to the target"
        )
        self.prepare_button.clicked.connect(self.prepare)
        self.accept_button = QPushButton("&Accept plan")
        self.accept_button.setEnabled(False)
        self.accept_button.clicked.connect(self.accept_plan)
        for widget in (self.show_button, self.prepare_button, self.accept_button):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    @property
    def day(self) -> date:
        chosen = self.date_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _run(self, kind: str, work: Callable[[], object]) -> None:
        self.text.setText(WORKING[kind].format(day=self.day.isoformat()))
        if not self.background.run(
            JOB,
            work,
            on_success=lambda result: self._delivered(kind, result),
            on_failure=self._failed_unless_superseded,
        ):
            self._next = (kind, work)

    def busy(self) -> bool:
        """Whether figures are being worked out (the pane says so meanwhile)."""
        return self.background.busy(JOB) or self._next is not None

    def _run_next(self) -> bool:
        """Start the job asked for meanwhile, if any; True when one was started."""
        if self._next is None:
            return False
        kind, work = self._next
        self._next = None
        self._run(kind, work)
        return True

    def _delivered(self, kind: str, result: object) -> None:
        # Figures asked for again are dropped; a change to due dates is always reported.
        if self._next is None or kind in CHANGES:
            self._arrived(kind, result)
        self._run_next()

    def _failed_unless_superseded(self, error: BaseException) -> None:
        if not self._run_next():
            self._failed(error)

    def predict(self) -> None:
        from dlquiz.storage.readiness_store import collection_readiness

        day, zone = self.day, self.zone
        self.plan = None
        self.accept_button.setEnabled(False)
        self._run("readiness", lambda: collection_readiness(self.bank, day=day, zone=zone))

    def prepare(self) -> None:
        from dlquiz.storage.readiness_store import preparation_plan

        day, zone, target = self.day, self.zone, self.target.value() / 100
        self._run("plan", lambda: preparation_plan(self.bank, day=day, zone=zone, target=target))

    def accept_plan(self) -> None:
        from dlquiz.storage.readiness_store import accept_plan

        plan = self.plan
        if plan is None:
            return
        self.accept_button.setEnabled(False)
        self.plan = None
        self._run("accepted", lambda: accept_plan(self.bank.collection, plan))

    def stop_preparing(self) -> None:
        from dlquiz.storage.readiness_store import stop_preparing

        self.stop_button.setEnabled(False)
        self._run("stopped", lambda: stop_preparing(self.bank.collection))

    def _show_goal(self) -> None:
        from dlquiz.storage.readiness_store import current_goal

        goal = current_goal(self.bank.collection)
        self.goal_label.setText(goal_text(goal, self.zone))
        self.stop_button.setEnabled(goal is not None)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, ValueError):
            self.text.setText("")
            report_failure(error)  # unexpected: the error dialog explains and logs it
            return
        text = str(error)  # a date or target the rules refuse: said in the dialog
        self.text.setText(html.escape(text[:1].upper() + text[1:]) + ".")
        self.updated.emit("error")

    def _arrived(self, kind: str, result: object) -> None:
        if kind == "readiness":
            assert isinstance(result, Readiness)
            self.text.setText(readiness_html(result))
        elif kind == "plan":
            assert isinstance(result, PreparePlan)
            self.plan = result
            self.text.setText(plan_html(result))
            self.accept_button.setEnabled(result.extra > 0)
        elif kind == "accepted":
            self.text.setText(
                f"Preparing: {result} cards brought forward now; the others come up when the"
                " plan says, as you answer."
            )
            self._show_goal()
        else:
            self.text.setText(f"Stopped preparing: {result} cards are due when FSRS says again.")
            self._show_goal()
        self.updated.emit(kind)

    def shutdown(self) -> None:
        self.background.shutdown()
