"""What the other desks changed, published on this window's bus.

A sale posted, a client saved or a ticket parked on another PC (PostgreSQL) or
in another window of the same profile (SQLite) reaches the screens here as a
``Changes`` value marked remote, within a second: the screens refresh exactly
as they do for their own writes (``ui.bus``). See ``services.change_feed``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from salon_desktop.services.change_feed import EVERYTHING

if TYPE_CHECKING:
    from salon_desktop.ui.env import UiEnv

log = logging.getLogger("salon_desktop.feed")


class DeskFeed(QObject):
    """Started with the window's screens, stopped when it closes."""

    INTERVAL_MS = 500

    _poked = Signal()  # from the PostgreSQL listener's thread
    _reconnected = Signal()

    def __init__(self, env: UiEnv, parent: QObject | None = None):
        super().__init__(parent)
        self._env = env
        feed = env.ctx.feed
        self._reader = feed.reader()
        self._check = None
        self._listener = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        if feed.postgres:
            self._poked.connect(self._read)
            self._reconnected.connect(self._everything)
            self._listener = feed.listen(self._poked.emit, self._reconnected.emit)
            # A notification sent while the listener was not yet listening is
            # caught by an occasional look.
            self._timer.setInterval(5 * self.INTERVAL_MS)
            self._timer.timeout.connect(self._read)
        else:
            self._check = feed.data_version()
            self._timer.timeout.connect(self._tick)
        self._timer.start()

    @property
    def listening(self) -> bool:
        """PostgreSQL: the listener is connected (tests wait for it)."""
        return self._listener is None or self._listener.listening.is_set()

    def stop(self) -> None:
        self._timer.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if self._check is not None:
            self._check.close()  # type: ignore[attr-defined]
            self._check = None

    def _tick(self) -> None:
        try:
            if self._check is not None and self._check():
                self._read()
        except Exception as exc:  # noqa: BLE001 - a busy or lost database: next tick
            log.debug("change check failed: %s", exc)

    def _read(self) -> None:
        try:
            changes = self._reader.unseen()
        except Exception as exc:  # noqa: BLE001 - retried at the next poke
            log.debug("reading the change log failed: %s", exc)
            return
        self._publish(changes)

    def _everything(self) -> None:
        """Back after the connection was lost: what happened meanwhile is unknown."""
        try:
            self._reader.unseen()  # what was recorded meanwhile is covered below
        except Exception:  # noqa: BLE001
            pass
        self._publish(EVERYTHING)

    def _publish(self, changes) -> None:
        if not changes:
            return
        try:
            if changes.settings:
                self._env.ctx.reload_settings()  # the screens read them from the context
            self._env.bus.publish(changes.as_remote(), None)
        except Exception as exc:  # noqa: BLE001 - a screen's defect stays out of the timer
            self._env.ops.report_unexpected(exc)
