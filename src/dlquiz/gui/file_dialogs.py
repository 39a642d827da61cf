"""Choosing a file or a folder: one dialog for every place, sized for a 1024x700 screen.

Where the desktop offers no native file dialog, Qt draws its own, and its
default size and column widths cut the "Date Modified" column at 1024 px.
Here the dialog takes the room the screen has, its list gives each detail
column its text's width and the name the rest, and it opens in the folder
the learner used last (the home folder the first time), not wherever the
program was started.  The dialog is opened, not run: the window keeps
working, and ``on_chosen`` gets the path once the learner accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget

LAST_FOLDER_KEY = "files/last_folder"
_MOST = (900, 560)  # roomy enough for every column, never a whole large screen
_MARGIN = (40, 60)  # the screen's edge and the window frame


def last_folder() -> str:
    """The folder a file was last chosen in, or the home folder."""
    saved = QSettings("dlquiz", "dlquiz").value(LAST_FOLDER_KEY)
    if isinstance(saved, str) and Path(saved).is_dir():
        return saved
    return str(Path.home())


def _remember(path: str) -> None:
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    QSettings("dlquiz", "dlquiz").setValue(LAST_FOLDER_KEY, str(folder))


def _fit(dialog: QFileDialog) -> None:
    """Size Qt's own dialog to the screen and its columns to their text."""
    screen = dialog.screen().availableGeometry()
    width = min(_MOST[0], screen.width() - _MARGIN[0])
    height = min(_MOST[1], screen.height() - _MARGIN[1])
    dialog.resize(max(width, dialog.minimumWidth()), max(height, dialog.minimumHeight()))
    details = dialog.findChild(QTreeView, "treeView")  # absent when the dialog is native
    if details is None:
        return
    header = details.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):  # size, type, date modified
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def choose_path(
    parent: QWidget,
    *,
    title: str,
    on_chosen: Callable[[Path], object],
    name_filter: str = "",
    save_as: str = "",
    folder: bool = False,
) -> QFileDialog:
    """Open a file dialog; ``on_chosen`` gets the chosen path (returned for tests).

    Args:
        name_filter: the files offered, as ``"Decks (*.apkg *.csv);;All files (*)"``.
        save_as: ask where to save, starting with this file name; a name typed
            without a suffix gets this one's.
        folder: choose an existing folder instead of a file.
    """
    dialog = QFileDialog(parent, title, last_folder())
    dialog.setOption(QFileDialog.Option.HideNameFilterDetails)  # "Decks", not 10 patterns cut
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    elif save_as:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(save_as)
        dialog.setDefaultSuffix(Path(save_as).suffix.lstrip("."))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if name_filter:
        dialog.setNameFilter(name_filter)
    _fit(dialog)

    def chosen(path: str) -> None:
        _remember(path)
        on_chosen(Path(path))

    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)  # one dialog per question asked
    dialog.open()
    return dialog
