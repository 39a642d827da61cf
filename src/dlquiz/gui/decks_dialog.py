"""File > Decks...: rename, enable or disable, and delete the learner's decks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.ids import DeckId
from dlquiz.core.wording import count
from dlquiz.gui import texts
from dlquiz.gui.forms import buddy_label
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_list import BUILTIN
from dlquiz.storage.deck_service import DeckRuleError, DeckService
from dlquiz.storage.new_limits import MAX_DECK_LIMIT

DEFAULT_LIMIT = -1  # the spin box's lowest value: the deck follows the default


class DecksDialog(QDialog):
    """Lists decks with their card counts; ``changed`` fires after any change."""

    changed = Signal()

    def __init__(self, collection: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.collection = collection
        self._loading_limit = False
        self.decks = DeckService(collection)
        self.setWindowTitle("Decks")
        self.setMinimumSize(480, 320)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Unticked decks are left out of study and exams."))
        self.list = QListWidget()
        self.list.setAccessibleName("Your decks")
        # No sideways scroll bar (out of a keyboard's reach): the dialog is as wide as
        # the names where the screen allows, and a longer one loses its middle (its end
        # says how many cards and what kind), the whole line in its tool tip.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.itemChanged.connect(self._toggled)
        self.list.currentItemChanged.connect(self._selection_changed)
        layout.addWidget(self.list)
        self.limit_box = QSpinBox()
        self.limit_box.setRange(DEFAULT_LIMIT, MAX_DECK_LIMIT)
        self.limit_box.setAccessibleName("New cards a day from the selected deck")
        self.limit_box.setToolTip(
            "This deck's own daily limit of new cards; the default follows Tools > Settings, "
            "and the cap over all decks still applies"
        )
        self.limit_box.valueChanged.connect(self._limit_changed)
        limit_row = QFormLayout()
        limit_row.addRow(buddy_label("New cards a &day:", self.limit_box), self.limit_box)
        layout.addLayout(limit_row)
        self.choice_box = QCheckBox(texts.NEW_AS_CHOICE)
        self.choice_box.setToolTip(texts.NEW_AS_CHOICE_TIP)
        self.choice_box.toggled.connect(self._choice_changed)
        layout.addWidget(self.choice_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.rename_button = QPushButton("&Rename…")
        self.delete_button = QPushButton("&Delete…")
        for button in (self.rename_button, self.delete_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()
        self._fit_names()

    def _fit_names(self) -> None:
        """Wide enough for every deck's line, up to the screen's width."""
        layout = self.layout()
        assert layout is not None  # set in __init__
        margins = layout.contentsMargins()
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        wanted = (
            self.list.sizeHintForColumn(0)
            + 2 * self.list.frameWidth()
            + scroll_bar
            + margins.left()
            + margins.right()
        )
        room = self.screen().availableGeometry().width() - 80
        self.resize(max(self.minimumWidth(), min(wanted, room)), self.sizeHint().height())

    def refresh(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for deck in self.decks.all():
            kind = "built-in" if deck.kind == BUILTIN else deck.format
            item = QListWidgetItem(f"{deck.name}  ({count(deck.cards, 'card')}, {kind})")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, deck.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, deck.kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if deck.enabled else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._selection_changed()

    def _current_id(self) -> DeckId | None:
        item = self.list.currentItem()
        return None if item is None else DeckId(str(item.data(Qt.ItemDataRole.UserRole)))

    def _limit_changed(self, value: int) -> None:
        deck_id = self._current_id()
        if deck_id is None or self._loading_limit:
            return
        limit = None if value == DEFAULT_LIMIT else value
        if self._apply("New cards a day", lambda: self.decks.set_new_limit(deck_id, limit)):
            self.changed.emit()

    def _show_limit(self, deck_id: DeckId | None) -> None:
        default = self.collection.settings().new_per_day
        self.limit_box.setSpecialValueText(f"Default ({default})")
        own = None if deck_id is None else self.decks.new_limit(deck_id)
        self._loading_limit = True
        self.limit_box.setValue(DEFAULT_LIMIT if own is None else own)
        self._loading_limit = False
        self.limit_box.setEnabled(deck_id is not None)

    def _choice_changed(self, on: bool) -> None:
        deck_id = self._current_id()
        if deck_id is None or self._loading_limit:
            return
        if self._apply(
            texts.NEW_AS_CHOICE_TITLE, lambda: self.decks.set_new_as_choice(deck_id, on)
        ):
            self.changed.emit()

    def _show_choice(self, deck_id: DeckId | None) -> None:
        self._loading_limit = True
        self.choice_box.setChecked(deck_id is not None and self.decks.new_as_choice(deck_id))
        self._loading_limit = False
        self.choice_box.setEnabled(deck_id is not None)

    def _selection_changed(self) -> None:
        self._show_limit(self._current_id())
        self._show_choice(self._current_id())
        item = self.list.currentItem()
        builtin = item is not None and item.data(Qt.ItemDataRole.UserRole + 1) == BUILTIN
        self.rename_button.setEnabled(item is not None)
        self.delete_button.setEnabled(item is not None and not builtin)
        self.delete_button.setToolTip(
            "The chapter deck can be disabled, not deleted" if builtin else ""
        )

    def _toggled(self, item: QListWidgetItem) -> None:
        deck_id = DeckId(str(item.data(Qt.ItemDataRole.UserRole)))
        enabled = item.checkState() == Qt.CheckState.Checked
        if self._apply("Decks", lambda: self.decks.set_enabled(deck_id, enabled)):
            self.changed.emit()

    def _apply(self, title: str, action: Callable[[], object]) -> bool:
        """Run one deck action; a rule it breaks is explained, and the list shows the truth."""
        try:
            action()
        except DeckRuleError as error:
            QMessageBox.warning(self, title, f"{str(error)[:1].upper()}{str(error)[1:]}.")
            self.refresh()
            return False
        return True

    def rename_current(self, new_name: str | None = None) -> None:
        deck_id = self._current_id()
        if deck_id is None:
            return
        if not new_name:
            new_name, ok = QInputDialog.getText(self, "Rename deck", "New name:")
            if not ok:
                return
        name = new_name
        if not self._apply("Rename deck", lambda: self.decks.rename(deck_id, name)):
            return
        self.refresh()
        self.changed.emit()

    def delete_current(self, *, confirm: bool = True) -> None:
        """Delete the selected imported deck after asking; history kept unless chosen."""
        deck_id = self._current_id()
        if deck_id is None:
            return
        purge = False
        if confirm:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Delete deck",
                "Delete this deck and its questions?",
                parent=self,
            )
            purge_box = QCheckBox("Also delete its review history")
            box.setCheckBox(purge_box)
            box.setStandardButtons(
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
            )
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
            purge = purge_box.isChecked()
        if not self._apply("Delete deck", lambda: self.decks.delete(deck_id, purge=purge)):
            return
        self.refresh()
        self.changed.emit()
