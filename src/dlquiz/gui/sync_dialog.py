"""Tools > Sync…: the hub's address, where sync stands, and a button to sync now."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.labels import SYNC_STATE_WORDS
from dlquiz.gui.sync_control import SyncControl
from dlquiz.sync.service import SyncService

HUB_HINT = "postgresql://USER@HOST/DATABASE — the password goes to the system keyring"


class SyncDialog(QDialog):
    """Set the hub and sync; the sync itself runs in the window's background."""

    def __init__(self, control: SyncControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.control = control
        self.setWindowTitle("Sync")
        self.hub_edit = QLineEdit(control.hub() or "")
        self.hub_edit.setPlaceholderText(HUB_HINT)
        self.hub_edit.setMinimumWidth(420)
        hub_label = QLabel("&Hub:")
        hub_label.setBuddy(self.hub_edit)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.clicked.connect(self.sync)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        # Enter syncs (the box would make Close the default); Esc closes.
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        close.setDefault(False)
        self.sync_button.setDefault(True)
        form = QFormLayout()
        form.addRow(hub_label, self.hub_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        control.line.connect(self._show_line)
        control.finished.connect(self._finished)
        self.refresh()

    def refresh(self) -> None:
        status = SyncService(self.control.collection).status()
        lines = [
            f"Last sync: {status.last_sync or 'never'}",
            f"Changes waiting to be sent: {status.pending}",
        ]
        if status.last_error:
            lines.append(f"{SYNC_STATE_WORDS['offline']}: {status.last_error}")
        if self.control.state == "running":
            lines.append(self.control.last_message)
        self.status.setText("\n".join(lines))

    def sync(self) -> None:
        given = self.hub_edit.text().strip()
        remembered = self.control.hub()
        self.control.sync_now(given if given and given != remembered else None)
        self.refresh()

    def _show_line(self, _line: str) -> None:
        self.refresh()

    def _finished(self, _ok: bool) -> None:
        self.refresh()
