"""Keeps every client's scores current without anyone waiting for them.

The scores (category, RFM, value, strategy: ``services.segments``) are computed for
all clients at once, a few seconds for a large salon. The keeper runs that refit in
the background: once a day (the first time the desk is idle after the app starts on
a new day, or when none was ever computed), and again every few minutes when sales,
surveys, complaints or client files changed since the last one. It computes on a
reader thread and stores in one short write, then announces ``scores`` so that the
screens showing them refresh. A failure is logged and tried again at the next round:
the receptionist has nothing to do about it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write

log = logging.getLogger("salon_desktop.scores")

FIRST_CHECK_MS = 20_000  # after the start: the desk is usually idle by then
ROUND_MS = 10 * 60_000  # how often changes since the last refit are looked at
SCORES = Changes(scores=True)


class ScoreKeeper(QObject):
    def __init__(
        self,
        env: UiEnv,
        parent: QObject | None = None,
        first_check_ms: int = FIRST_CHECK_MS,
        round_ms: int = ROUND_MS,
    ):
        super().__init__(parent)
        self._env = env
        self.running = False
        self.dirty = False  # something that moves the scores changed since the last refit
        self.refits = 0  # done since the start (for the tests and the log)
        for signal in (env.bus.sale_posted, env.bus.client_changed):
            signal.connect(self._mark)
        for signal in (env.bus.feedback_changed, env.bus.clients_changed):
            signal.connect(self._mark)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.check)
        self._first.start(first_check_ms)
        self._round = QTimer(self)
        self._round.timeout.connect(self._on_round)
        self._round.start(round_ms)

    def _mark(self, *_args) -> None:
        self.dirty = True

    def _on_round(self) -> None:
        if self.dirty:
            self.refit()
        else:
            self.check()  # a new day while the app stayed open

    def check(self) -> None:
        """Refit when the stored scores are missing or of an earlier day."""
        if self.running:
            return
        Query(self._env, self, lambda ctx: ctx.segments.out_of_date()).success(
            lambda due: self.refit() if due else None
        ).failure(self._failed).run_in_background()

    def refit(self) -> None:
        if self.running:
            return
        self.running, self.dirty = True, False
        Query(self._env, self, lambda ctx: ctx.segments.compute()).success(self._store).failure(
            self._failed
        ).run_in_background()

    def _store(self, scores) -> None:
        Write(self._env, self, lambda ctx: ctx.segments.store(scores), SCORES).success(
            self._stored
        ).failure(self._failed).run_in_background()

    def _stored(self, run) -> None:
        self.running = False
        self.refits += 1
        log.info("scores of %d clients computed in %.1f s", run.clients, run.seconds)

    def _failed(self, failure: Failure) -> bool:
        self.running = False
        self.dirty = True  # try again at the next round
        log.warning("the clients' scores were not computed: %s", failure.exc)
        return True  # nobody at the desk needs to see it
