"""File > Backups...: list the collection's backups, take one, or restore one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dlquiz.gui.operations import Background, report_failure
from dlquiz.storage.backup import list_backups
from dlquiz.storage.collection import Collection
from dlquiz.storage.failures import BackupFailed

#: The job name the window's timed backups use too: one backup at a time.
BACKUP_JOB = "backup"


class BackupsDialog(QDialog):
    """Shows backups newest first; ``restore_requested`` carries the chosen name."""

    restore_requested = Signal(str)

    def __init__(
        self, collection: Collection, background: Background, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.collection = collection
        # Copying a large collection takes seconds: it runs off the GUI thread.
        self.background = background
        self.setWindowTitle("Backups")
        self.setMinimumSize(460, 320)
        layout = QVBoxLayout(self)
        self.about = QLabel(
            "dlquiz backs up your collection when it closes after a change and every 30 "
            "minutes while you work. Restoring keeps the current file aside."
        )
        self.about.setWordWrap(True)  # on one line it ran past the dialog's edge
        layout.addWidget(self.about)
        self.progress = QLabel("")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.progress.setAccessibleName("Backup progress")
        layout.addWidget(self.progress)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups, newest first")
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton("&Back up now")
        self.restore_button = QPushButton("&Restore…")
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self._restore)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for backup in list_backups(self.collection.path):
            item = QListWidgetItem(
                f"{backup.taken_at:%Y-%m-%d %H:%M:%S} UTC   ({backup.size // 1024} KiB)"
            )
            item.setData(Qt.ItemDataRole.UserRole, backup.name)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("No backups yet.")
        self.restore_button.setEnabled(bool(list_backups(self.collection.path)))

    def backup_now(self) -> None:
        """Start a backup in the background; the list refreshes when it is done."""
        started = self.background.run(
            BACKUP_JOB,
            self.collection.backup_now,
            on_success=lambda _backup: self._backup_finished(None),
            on_failure=self._backup_finished,
        )
        self.backup_button.setEnabled(False)
        if started:
            self.progress.setText("Backing up…")
        else:  # a timed backup is being taken right now: wait for that one
            self.progress.setText("A backup is already being taken…")
            self.background.done.connect(self._other_backup_done)

    def _other_backup_done(self, name: str) -> None:
        if name == BACKUP_JOB:
            self.background.done.disconnect(self._other_backup_done)
            self._backup_finished(None)

    def _backup_finished(self, error: BaseException | None) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        if error is None:
            self.progress.setText("Backup taken.")
            return
        self.progress.setText("The backup failed.")
        if isinstance(error, BackupFailed):  # a full disk, a read-only folder: say so
            QMessageBox.warning(self, "Backup failed", str(error))
        else:  # unexpected: the error dialog and the log
            report_failure(error)

    def _restore(self) -> None:
        item = self.list.currentItem()
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not name:
            return
        answer = QMessageBox.question(
            self,
            "Restore backup",
            f"Restore the backup from {item.text().split('   ')[0]}? Answers given since then "
            "will no longer be in the collection (the current file is kept aside). "
            "dlquiz restarts with the restored collection.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(name)
            self.accept()
