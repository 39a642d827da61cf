"""A card's pictures and sounds on the study card: every picture in order, and sounds to open.

Pictures are decoded at a capped size (:mod:`dlquiz.gui.deck_images`), smaller
when a card has several so that all of them fit.  dlquiz does not play sounds
itself (Qt's multimedia module cannot load on every system), so each sound
gets a button that hands the file to the system's own player; when no
program takes it, the card says so instead of pretending it played.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from dlquiz.core.ids import DeckId
from dlquiz.core.media import is_sound
from dlquiz.core.occlusion import Occlusion
from dlquiz.gui import texts
from dlquiz.gui.deck_images import MAX_SHOWN, load_capped
from dlquiz.gui.occlusion_paint import paint_mask, paint_occlusion

MIN_PICTURE_HEIGHT = 120  # the least a picture gets however many share the card
# An occlusion card's picture is its whole question: it gets more height than a picture
# beside text (the card scrolls when the window is short).
OCCLUSION_FIT = QSize(MAX_SHOWN.width(), 480)

Fetch = Callable[[DeckId, str], bytes | None]  # (deck id, media name) -> bytes


def fit_for(count: int) -> QSize:
    """The box each of ``count`` pictures is scaled into: one gets the whole card's share."""
    height = MAX_SHOWN.height() * 2 // (count + 1)
    return QSize(MAX_SHOWN.width(), max(MIN_PICTURE_HEIGHT, height))


def _filled(pixmap: QPixmap) -> QPixmap:
    """A small occlusion picture scaled up to the box, as Anki fits it to the card's width:
    its masks must be large enough to see and to tell apart."""
    if pixmap.width() >= OCCLUSION_FIT.width() or pixmap.height() >= OCCLUSION_FIT.height():
        return pixmap
    return pixmap.scaled(
        OCCLUSION_FIT,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def sound_folder() -> Path:
    """Where sounds are written for the system's player to open (the user cache)."""
    from platformdirs import user_cache_path

    return user_cache_path("dlquiz", appauthor=False) / "sounds"


class CardMediaStrip(QWidget):
    """The pictures and sound buttons of one side of a card, top to bottom in card order."""

    def __init__(
        self,
        fetch: Fetch,
        *,
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
        folder: Callable[[], Path] = sound_folder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._open_url = open_url
        self._folder = folder
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self.pictures: list[QLabel] = []
        self.occluded: int | None = None  # index in ``pictures`` of the masked picture
        self.sound_buttons: list[QPushButton] = []
        self.sound_status = QLabel()
        self.sound_status.setObjectName("hint")
        self.sound_status.setTextFormat(Qt.TextFormat.PlainText)  # names a deck's file
        self.sound_status.setWordWrap(True)
        self._column.addWidget(self.sound_status)
        self._items: list[QWidget] = []
        self.hide()

    def show_media(
        self,
        deck_id: DeckId,
        names: Sequence[str],
        *,
        occlusion: Occlusion | None = None,
        answer_side: bool = False,
    ) -> None:
        """Show ``names`` (media of ``deck_id``) in order; hide the strip when none can be shown.

        With ``occlusion``, its picture is shown with its masks painted for the
        question side, or for the answer side when ``answer_side`` is set.
        """
        self.clear()
        fit = fit_for(sum(1 for name in names if not is_sound(name)))
        shown: list[tuple[str, bytes | QPixmap]] = []
        overlays = {occlusion.front_mask, occlusion.back_mask} - {""} if occlusion else set()
        for name in names:
            if name in overlays:  # laid over the picture, never shown on its own
                continue
            data = self._fetch(deck_id, name)
            if not data:
                continue
            if is_sound(name):
                shown.append((name, data))
                continue
            masked = occlusion is not None and name == occlusion.image
            pixmap = load_capped(data, fit=OCCLUSION_FIT if masked else fit)
            if pixmap is None:  # unreadable or absurdly large: left out
                continue
            if occlusion is not None and masked:
                pixmap = self._occluded(deck_id, _filled(pixmap), occlusion, answer_side)
                self.occluded = sum(1 for _n, item in shown if isinstance(item, QPixmap))
            shown.append((name, pixmap))
        pictures = sum(1 for _name, item in shown if isinstance(item, QPixmap))
        for name, item in shown:
            if isinstance(item, QPixmap):
                label = QLabel()
                label.setPixmap(item)
                name_for = f"Picture {len(self.pictures) + 1} of {pictures}"
                if len(self.pictures) == self.occluded:
                    name_for += ", with regions masked" if not answer_side else ", answer shown"
                label.setAccessibleName(name_for)
                self.pictures.append(label)
                self._add(label)
            else:
                self._add_sound(deck_id, name, item, number=len(self.sound_buttons) + 1)
        self.setVisible(bool(self._items))

    def _occluded(
        self, deck_id: DeckId, pixmap: QPixmap, occlusion: Occlusion, answer_side: bool
    ) -> QPixmap:
        """The picture with its masks: a mask picture laid over it, or its shapes drawn."""
        mask = occlusion.mask(answer_side=answer_side)
        if not mask:
            return paint_occlusion(pixmap, occlusion, answer_side=answer_side)
        data = self._fetch(deck_id, mask)
        return paint_mask(pixmap, data) if data else pixmap

    def clear(self) -> None:
        """Remove every picture and button."""
        for widget in self._items:
            self._column.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        self._items.clear()
        self.pictures.clear()
        self.occluded = None
        self.sound_buttons.clear()
        self.sound_status.clear()
        self.sound_status.hide()
        self.hide()

    def _add(self, widget: QWidget) -> None:
        self._column.insertWidget(len(self._items), widget)  # above the status line
        self._items.append(widget)

    def _add_sound(self, deck_id: DeckId, name: str, data: bytes, *, number: int) -> None:
        # "&" would make a mnemonic of the next letter of a deck's file name.
        button = QPushButton(texts.OPEN_SOUND.format(name=name.replace("&", "&&")))
        button.setToolTip(texts.OPEN_SOUND_TIP)
        button.setAccessibleName(f"Sound {number}: {name}")
        button.clicked.connect(lambda _=False: self.open_sound(deck_id, name, data))
        self.sound_buttons.append(button)
        self._add(button)

    def open_sound(self, deck_id: DeckId, name: str, data: bytes) -> bool:
        """Hand the sound to the system's player (written to the cache); True if one took it."""
        target = self._folder() / deck_id / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_bytes() != data:
                target.write_bytes(data)
        except OSError as error:
            self._say(texts.SOUND_NOT_WRITTEN.format(name=name, reason=error.strerror or error))
            return False
        if self._open_url(QUrl.fromLocalFile(str(target))):
            self._say(texts.SOUND_OPENED.format(name=name))
            return True
        self._say(texts.SOUND_NOT_OPENED.format(name=name))
        return False

    def _say(self, text: str) -> None:
        self.sound_status.setText(text)
        self.sound_status.show()
