"""One input widget per question type, each producing the terminal answer syntax.

The grader reads the same text the terminal learner types, so the window
and the terminal can never grade differently.
"""

from __future__ import annotations

import string

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.model import ChoiceKey, MatchKey, Question, QuestionType
from dlquiz.core.plain import plain_text

LETTERS = string.ascii_lowercase


class AnswerWidget(QWidget):
    """Base: ``submitted`` fires when the learner presses the submit key."""

    submitted = Signal()
    # True where the submit key cannot be pressed by accident (Ctrl+Enter in a list).
    deliberate_key = False

    def answer_text(self) -> str:
        raise NotImplementedError

    def set_answer_text(self, text: str) -> None:
        """Show a saved answer again (exam navigation); best effort per type."""

    def touched(self) -> bool:
        """Whether the learner has given anything yet (an order as shuffled is not)."""
        return bool(self.answer_text().strip())

    def focus_input(self) -> None:
        self.setFocus()

    def lock(self) -> None:
        """No more changes, but the text keeps its normal colours (disabled text is pale).

        A style sheet with the palette's own text colour, because the application's
        style sheet keeps a widget palette from reaching the children.
        """
        palette = self.palette()
        text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text).name()
        window_text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        self.setStyleSheet(
            f"QLineEdit:disabled, QPlainTextEdit:disabled, QListWidget:disabled, "
            f"QComboBox:disabled {{ color: {text}; }} "
            f"QRadioButton:disabled, QCheckBox:disabled, QPushButton:disabled, "
            f"QLabel:disabled {{ color: {window_text.name()}; }}"
        )
        self.setEnabled(False)


class TypedAnswer(AnswerWidget):
    def __init__(self, hint: str) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(hint)
        self.edit.setAccessibleName("Your answer")
        self.edit.returnPressed.connect(self.submitted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def answer_text(self) -> str:
        return self.edit.text()

    def set_answer_text(self, text: str) -> None:
        self.edit.setText(text)

    def focus_input(self) -> None:
        self.edit.setFocus()


class ListAnswer(AnswerWidget):
    """A multi-line box: one item per line (or commas); Ctrl+Enter submits."""

    deliberate_key = True

    def __init__(self) -> None:
        super().__init__()
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(
            "One item per line, or separated by commas. Ctrl+Enter checks."
        )
        self.edit.setAccessibleName("Your list")
        self.edit.setTabChangesFocus(True)
        self.edit.setMaximumHeight(140)
        self.edit.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 - Qt API
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def answer_text(self) -> str:
        lines = [line.strip() for line in self.edit.toPlainText().splitlines()]
        return "\n".join(line for line in lines if line)

    def set_answer_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def focus_input(self) -> None:
        self.edit.setFocus()


class ChoiceAnswer(AnswerWidget):
    """Radio buttons (or check boxes for multiple-answer); letter keys pick."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        key = question.key
        self.multiple = isinstance(key, ChoiceKey) and key.multiple
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QRadioButton | QCheckBox] = []
        for i, choice in enumerate(question.choices or ()):
            # No "&" mnemonic: the letter alone picks, and Alt+letter stays the menus'.
            label = f"{LETTERS[i].upper()}.  {plain_text(choice).replace('&', '&&')}"
            button: QRadioButton | QCheckBox = (
                QCheckBox(label) if self.multiple else QRadioButton(label)
            )
            button.setAccessibleName(f"Choice {LETTERS[i].upper()}: {plain_text(choice)}")
            self.group.addButton(button, i)
            self.buttons.append(button)
            layout.addWidget(button)
        if self.multiple:
            layout.addWidget(QLabel("More than one choice may be right."))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        text = event.text().lower()
        if text and text in LETTERS[: len(self.buttons)]:
            button = self.buttons[LETTERS.index(text)]
            button.setChecked(not button.isChecked() if self.multiple else True)
            button.setFocus()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)

    def answer_text(self) -> str:
        return " ".join(LETTERS[i] for i, b in enumerate(self.buttons) if b.isChecked())

    def set_answer_text(self, text: str) -> None:
        chosen = {c for c in text.lower() if c in LETTERS}
        for i, button in enumerate(self.buttons):
            button.setChecked(LETTERS[i] in chosen)

    def focus_input(self) -> None:
        checked = [b for b in self.buttons if b.isChecked()]
        target: QWidget = (checked or self.buttons)[0] if self.buttons else self
        target.setFocus()


class TrueFalseAnswer(AnswerWidget):
    """Two buttons in the Tab order; T or F answers at once, wherever the focus is inside."""

    def __init__(self) -> None:
        super().__init__()
        self.choice = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # No "&" mnemonics: T and F alone answer; Alt+T and Alt+F are the menus'.
        self.true_button = QPushButton("True  (T)")
        self.false_button = QPushButton("False  (F)")
        for button, value in ((self.true_button, "true"), (self.false_button, "false")):
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter is not a way to say "true"
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(f"Answer {value}")
            button.clicked.connect(lambda _=False, v=value: self._pick(v))
            layout.addWidget(button)
        layout.addStretch(1)
        self.setFocusProxy(self.true_button)

    def _pick(self, value: str) -> None:
        self.set_answer_text(value)
        self.submitted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.text().lower()
        if key in ("t", "f") and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._pick("true" if key == "t" else "false")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.choice:
            self.submitted.emit()  # an answer already given (exam navigation): go on
        else:
            super().keyPressEvent(event)

    def answer_text(self) -> str:
        return self.choice

    def set_answer_text(self, text: str) -> None:
        self.choice = text if text in ("true", "false") else ""
        self.true_button.setChecked(self.choice == "true")
        self.false_button.setChecked(self.choice == "false")

    def focus_input(self) -> None:
        (self.false_button if self.choice == "false" else self.true_button).setFocus()


class OrderingAnswer(AnswerWidget):
    """A list to reorder by dragging or with Ctrl+Up / Ctrl+Down."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.shown = [plain_text(c) for c in question.choices or ()]
        self.moved = False
        self.list = QListWidget()
        self.list.setAccessibleName("Items to put in order; Ctrl+Up and Ctrl+Down move")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.model().rowsMoved.connect(self._dragged)
        for index, text in enumerate(self.shown):
            self.list.addItem(text)
            self.list.item(index).setData(Qt.ItemDataRole.UserRole, index + 1)
        self.list.setCurrentRow(0)
        self.list.installEventFilter(self)
        self.list.setMaximumHeight(32 * max(3, len(self.shown)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Earliest first. Drag, or move with Ctrl+Up / Ctrl+Down."))
        layout.addWidget(self.list)

    def touched(self) -> bool:
        return self.moved

    def _dragged(self, *_args: object) -> None:
        self.moved = True

    def move_current(self, step: int) -> None:
        self.moved = True
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 - Qt API
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            ctrl = event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if ctrl and event.key() == Qt.Key.Key_Up:
                self.move_current(-1)
                return True
            if ctrl and event.key() == Qt.Key.Key_Down:
                self.move_current(1)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submitted.emit()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def answer_text(self) -> str:
        numbers = [
            self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
        ]
        return " ".join(str(n) for n in numbers)

    def set_answer_text(self, text: str) -> None:
        wanted = [int(t) for t in text.split() if t.isdigit()]
        if sorted(wanted) != list(range(1, len(self.shown) + 1)):
            return
        self.list.clear()
        for number in wanted:
            self.list.addItem(self.shown[number - 1])
            self.list.item(self.list.count() - 1).setData(Qt.ItemDataRole.UserRole, number)
        self.list.setCurrentRow(0)

    def focus_input(self) -> None:
        self.list.setFocus()


class MatchingAnswer(AnswerWidget):
    """A drop-down of right-hand items beside each left-hand item."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        key = question.key
        lefts = key.lefts if isinstance(key, MatchKey) else ()
        rights = [plain_text(c) for c in question.choices or ()]
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QComboBox] = []
        for i, left in enumerate(lefts):
            box = QComboBox()
            box.addItem("— choose —", 0)
            for number, right in enumerate(rights, start=1):
                box.addItem(right, number)
            box.setAccessibleName(f"Match for {plain_text(left)}")
            self.boxes.append(box)
            form.addRow(f"{LETTERS[i].upper()}. {plain_text(left)}", box)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)

    def answer_text(self) -> str:
        parts = []
        for i, box in enumerate(self.boxes):
            number = box.currentData()
            if number:
                parts.append(f"{LETTERS[i]}{number}")
        return " ".join(parts)

    def set_answer_text(self, text: str) -> None:
        for part in text.split():
            if len(part) >= 2 and part[0] in LETTERS and part[1:].isdigit():
                index = LETTERS.index(part[0])
                if index < len(self.boxes):
                    self.boxes[index].setCurrentIndex(int(part[1:]))

    def focus_input(self) -> None:
        if self.boxes:
            self.boxes[0].setFocus()


def make_answer_widget(question: Question) -> AnswerWidget:
    """The fitting input for ``question`` (flashcards have none: they are revealed)."""
    qtype = question.type
    if qtype in (QuestionType.TYPED, QuestionType.CLOZE):
        hint = "Type the missing part" if qtype is QuestionType.CLOZE else "Type your answer"
        return TypedAnswer(hint + ", then press Enter")
    if qtype is QuestionType.LIST:
        return ListAnswer()
    if qtype is QuestionType.MULTIPLE_CHOICE:
        return ChoiceAnswer(question)
    if qtype is QuestionType.TRUE_FALSE:
        return TrueFalseAnswer()
    if qtype is QuestionType.ORDERING:
        return OrderingAnswer(question)
    if qtype is QuestionType.MATCHING:
        return MatchingAnswer(question)
    raise ValueError(f"{qtype.value} questions have no answer widget")
