"""Reading again what a screen shows only when someone can see it.

A posted sale or a change at another desk is announced on the bus to every screen,
most of them hidden behind the one the receptionist is using. ``WhenShown`` reads
again at once when its widget is on screen, and otherwise once, when the widget is
next shown: a desk posting sale after sale does not pay for the hidden screens'
reads each time.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class WhenShown(QObject):
    """Calls ``refresh`` for each ``changed()`` if ``widget`` is visible, else at its
    next show; ``also()`` true at a show reads again too (the day changed...)."""

    def __init__(
        self,
        widget: QWidget,
        refresh: Callable[[], object],
        also: Callable[[], bool] | None = None,
    ):
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self._also = also
        self.stale = False
        widget.installEventFilter(self)

    def changed(self, *_args: object) -> None:
        if self._widget.isVisible():
            self.stale = False
            self._refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self._widget and event.type() == QEvent.Type.Show:
            if self.stale or (self._also is not None and self._also()):
                self.stale = False
                self._refresh()
        return False
