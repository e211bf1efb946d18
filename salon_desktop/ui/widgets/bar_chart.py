"""A small bar chart painted with QPainter: a trend at a glance on the home screen
(no chart library to load at start-up). Mirrored in a right-to-left layout, so the
newest bar is on the reading end; each bar's label and value in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[tuple[str, float | None, str]] = []  # label, value, value text
        self.setMouseTracking(True)
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(360, 140)

    def set_bars(self, bars: list[tuple[str, float | None, str]]) -> None:
        """Each bar: its label (a day, a month), its value (None: no bar), the value
        as the tooltip shows it."""
        self.bars = list(bars)
        self.update()

    def _rects(self) -> list[QRectF]:
        n = len(self.bars)
        if not n:
            return []
        values = [v for _l, v, _t in self.bars if v is not None]
        top = max([abs(v) for v in values] + [1e-9])
        w, h = self.width(), self.height() - 4
        step = w / n
        out = []
        for i, (_label, value, _text) in enumerate(self.bars):
            slot = i if self.layoutDirection() == Qt.LayoutDirection.LeftToRight else n - 1 - i
            height = 0.0 if value is None else max(1.0, h * abs(value) / top)
            out.append(QRectF(slot * step + step * 0.15, h - height + 2, step * 0.7, height))
        return out

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.setPen(Qt.PenStyle.NoPen)
        for (_label, value, _text), rect in zip(self.bars, self._rects(), strict=True):
            if value is None:
                continue
            role = QPalette.ColorRole.Highlight if value >= 0 else QPalette.ColorRole.Mid
            p.setBrush(pal.color(role))
            p.drawRoundedRect(rect, 2, 2)
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLine(0, self.height() - 2, self.width(), self.height() - 2)
        p.end()

    def bar_at(self, x: float) -> int | None:
        for i, rect in enumerate(self._rects()):
            if rect.left() - 2 <= x <= rect.right() + 2:
                return i
        return None

    def mouseMoveEvent(self, event) -> None:
        i = self.bar_at(event.position().x())
        if i is None:
            QToolTip.hideText()
            return
        label, _value, text = self.bars[i]
        QToolTip.showText(event.globalPosition().toPoint(), f"{label}: {text}", self)
