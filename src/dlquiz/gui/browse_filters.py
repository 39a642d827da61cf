"""The browser's filter bar: a search box and four choosers (deck, section, type, state)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from dlquiz.gui.browse_model import TYPE_NAMES
from dlquiz.gui.forms import buddy_label
from dlquiz.storage.browse_query import BROWSE_STATES, BrowseFilter, Facets

SEARCH_DELAY_MS = 300


class FilterBar(QWidget):
    """Emits ``changed`` when a chooser changes, on Return, or after a pause in typing."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.pause_timer = QTimer(self)
        self.pause_timer.setSingleShot(True)
        self.pause_timer.setInterval(SEARCH_DELAY_MS)
        self.pause_timer.timeout.connect(self.changed)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search questions and answers (Ctrl+F)")
        self.search_edit.setAccessibleName("Search cards")
        self.search_edit.setToolTip("Every word must appear in the question, its answer or choices")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self.pause_timer.start())
        self.search_edit.returnPressed.connect(self._now)
        row.addWidget(self.search_edit, 3)
        self.deck_box = self._combo("Deck filter", "Show the cards of one deck")
        self.topic_box = self._combo("Section filter", "Show the cards of one chapter section")
        self.type_box = self._combo("Question type filter", "Show one kind of question")
        self.state_box = self._combo("Card state filter", "New, learning, review, due…")
        for label, box in (
            ("Dec&k:", self.deck_box),
            ("Se&ction:", self.topic_box),
            ("T&ype:", self.type_box),
            ("St&ate:", self.state_box),
        ):
            row.addWidget(buddy_label(label, box))
            row.addWidget(box, 2 if box is not self.state_box else 1)

    def _combo(self, name: str, tip: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setToolTip(tip)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        box.currentIndexChanged.connect(lambda _i: self._now())
        return box

    def _now(self) -> None:
        self.pause_timer.stop()
        self.changed.emit()

    def fill(self, facets: Facets) -> None:
        """Offer what the collection holds, keeping each chooser's choice when still offered."""
        fills = (
            (self.deck_box, "All decks", [(name, deck_id) for deck_id, name in facets.decks]),
            (self.topic_box, "All sections", [(t or "(no section)", t) for t in facets.topics]),
            (self.type_box, "All types", [(TYPE_NAMES.get(t, t), t) for t in facets.types]),
            (self.state_box, "Any state", [(s.capitalize(), s) for s in BROWSE_STATES]),
        )
        for box, everything, items in fills:
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for text, data in items:
                box.addItem(text, data)
            index = box.findData(chosen) if chosen is not None else 0
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)

    def current(self) -> BrowseFilter:
        return BrowseFilter(
            deck_id=self.deck_box.currentData(),
            topic=self.topic_box.currentData(),
            qtype=self.type_box.currentData(),
            state=self.state_box.currentData(),
            text=self.search_edit.text(),
        )

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()
