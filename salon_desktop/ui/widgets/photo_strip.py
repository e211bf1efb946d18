"""Photo thumbnails in a wrapping grid, with a placeholder for files that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from salon_desktop.i18n import _

THUMB = 140
_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Thumb:
    id: int
    path: Path
    caption: str


def load_thumbnail(path: Path, size: int = THUMB) -> QPixmap | None:
    """The picture scaled to fit ``size``, read without decoding it at full size; None if unreadable."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    if not reader.canRead():
        return None
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    return QPixmap.fromImage(image)


def placeholder(size: int = THUMB) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(QColor("#eeeeee"))
    p = QPainter(pix)
    p.setPen(QColor("#888888"))
    font = p.font()
    font.setPointSize(max(8, size // 12))
    p.setFont(font)
    p.drawRect(0, 0, size - 1, size - 1)
    p.drawText(
        pix.rect(),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        _("Picture cannot be read"),
    )
    p.end()
    return pix


class PhotoStrip(QListWidget):
    """Thumbnails with captions; ``opened(id)`` on double-click or Enter."""

    opened = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 48, THUMB + 64))
        self.setSpacing(6)
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.opened.emit(item.data(_ID_ROLE)))

    def set_photos(self, photos: list[Thumb]) -> None:
        self.clear()
        for ph in photos:
            pix = load_thumbnail(ph.path)
            item = QListWidgetItem(QIcon(pix if pix is not None else placeholder()), ph.caption)
            item.setData(_ID_ROLE, ph.id)
            item.setData(Qt.ItemDataRole.UserRole + 2, pix is not None)
            item.setToolTip(str(ph.path.name))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.addItem(item)

    def photo_id(self, row: int) -> int:
        return self.item(row).data(_ID_ROLE)

    def is_readable(self, row: int) -> bool:
        """False when row ``row`` shows the placeholder."""
        return bool(self.item(row).data(Qt.ItemDataRole.UserRole + 2))

    def selected_id(self) -> int | None:
        items = self.selectedItems()
        return items[0].data(_ID_ROLE) if items else None
