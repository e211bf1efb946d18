"""The one path for every write and every slow read the screens make.

As Anki's ``CollectionOp``/``QueryOp``: a screen describes what to do with the
services and what it changes, and says where the user acted; the operation
runs the call (in a worker thread when asked), turns every expected failure
into a sentence shown there, logs anything unexpected (and offers its details
in a dialog), and publishes the ``Changes`` on the bus so that every screen
that shows them refreshes itself. No exception ever leaves an operation.

    Write(self._env, self, lambda ctx: ctx.clients.archive(cid, actor_id=actor),
          changes=Changes.of(clients=[cid])) \\
        .message_to(self.error_label) \\
        .success(lambda _: self.close()) \\
        .run_in_background()

Writes run one after another on one worker thread (so they reach the database
in the order the user made them; SQLite has one writer anyway); queries on a
small pool of their own. ``run()`` does the same on the UI thread, for calls
that are a single quick statement and whose result the caller needs at once.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from salon_desktop.i18n import _
from salon_desktop.services.changes import NOTHING, Changes
from salon_desktop.services.context import AppContext
from salon_desktop.services.failures import Failure, Kind, classify

if TYPE_CHECKING:
    from salon_desktop.ui.env import UiEnv
    from salon_desktop.ui.widgets.forms import ErrorLabel

T = TypeVar("T")
log = logging.getLogger("salon_desktop.ops")


def failure_text(failure: Failure, fmt=None) -> str:
    """The sentence for a failure; a refused input names its first problem."""
    v = failure.validation
    if v is not None and v.errors:
        from salon_desktop.ui.widgets.forms import error_text

        return error_text(v.errors[0], fmt)
    return _(failure.message)


class _Relay(QObject):
    """Lives on the UI thread; a worker's result comes back through its signal."""

    done = Signal(object, object, object)  # op, result, exception


class _Job(QRunnable):
    def __init__(self, relay: _Relay, op: _Op, ctx: AppContext):
        super().__init__()
        self.setAutoDelete(True)
        self._relay, self._op, self._ctx = relay, op, ctx

    def run(self) -> None:  # a worker thread
        try:
            result = self._op._call(self._ctx)
        except BaseException as exc:  # noqa: BLE001 - handed back to the UI thread
            self._relay.done.emit(self._op, None, exc)
        else:
            self._op._tell_others(self._ctx, result)
            self._relay.done.emit(self._op, result, None)


class Operations(QObject):
    """The runner of one window's operations (``env.ops``)."""

    pending_changed = Signal(int)  # how many are queued or running
    unexpected = Signal(str, str)  # sentence, details: the main window shows the dialog

    def __init__(self, env: UiEnv, parent: QObject | None = None):
        super().__init__(parent)
        self._env = env
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished)
        self._pending = 0
        self._fault: Callable[[], None] | None = None

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, op: _Op, background: bool) -> None:
        self._count(+1)
        if background:
            pool = self._writes if isinstance(op, Write) else self._reads
            pool.start(_Job(self._relay, op, self._env.ctx))
            return
        try:
            result = op._call(self._env.ctx)
        except BaseException as exc:  # noqa: BLE001
            self._finished(op, None, exc)
        else:
            op._tell_others(self._env.ctx, result)
            self._finished(op, result, None)

    def _count(self, step: int) -> None:
        self._pending += step
        self.pending_changed.emit(self._pending)

    def _finished(self, op: _Op, result: Any, exc: BaseException | None) -> None:
        try:
            if exc is None:
                op._succeeded(self._env, result)
            else:
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise exc
                op._failed(self._env, classify(exc))
        except Exception as inner:  # a callback's own defect: never out of the slot
            self.report_unexpected(inner)
        finally:
            self._count(-1)

    def report_unexpected(self, exc: BaseException, sentence: str | None = None) -> None:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("unexpected error\n%s", details)
        self.unexpected.emit(sentence or _(Failure(Kind.UNEXPECTED, exc).message), details)

    def wait(self, msecs: int = 10_000) -> bool:
        """Until every operation has finished and reported back (tests, closing)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(msecs)
        while self._pending and not deadline.hasExpired():
            self._writes.waitForDone(10)
            self._reads.waitForDone(10)
            QCoreApplication.processEvents()
        return not self._pending


class _Op(Generic[T]):
    def __init__(self, env: UiEnv, parent: QObject | None, call: Callable[[AppContext], T]):
        self._env = env
        self._parent = parent
        self._call = call
        self._on_success: Callable[[T], Any] | None = None
        self._on_failure: Callable[[Failure], bool | None] | None = None
        self._label: ErrorLabel | None = None
        self.succeeded = False  # after ``run()``: whether the call went through

    # -- describing it -------------------------------------------------------------------
    def success(self, fn: Callable[[T], Any]) -> _Op[T]:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[Failure], bool | None]) -> _Op[T]:
        """Called with an expected failure; return True when it showed it itself
        (field errors beside their fields), else the sentence is shown as usual."""
        self._on_failure = fn
        return self

    def message_to(self, label: ErrorLabel) -> _Op[T]:
        """Where the sentence of a failure goes (the user acted next to it)."""
        self._label = label
        return self

    # -- running it ---------------------------------------------------------------------
    def run(self) -> T | None:
        """On the UI thread; the result, or None when it failed (already shown)."""
        box: list[T] = []
        inner = self._on_success

        def keep(result: T) -> None:
            box.append(result)
            self.succeeded = True
            if inner is not None:
                inner(result)

        self._on_success = keep
        self._env.ops.submit(self, background=False)
        return box[0] if box else None

    def run_in_background(self) -> None:
        if self._label is not None:
            self._label.clear_error()
        self._env.ops.submit(self, background=True)

    def _tell_others(self, ctx: AppContext, result: T) -> None:
        """After the call went through, on its thread: nothing to tell for a read."""

    # -- reporting back (UI thread) -------------------------------------------------------
    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _succeeded(self, env: UiEnv, result: T) -> None:
        if self._alive() and self._label is not None and shiboken6.isValid(self._label):
            self._label.clear_error()
        if self._alive() and self._on_success is not None:
            self._on_success(result)

    def _failed(self, env: UiEnv, failure: Failure) -> None:
        if not failure.expected:
            env.ops.report_unexpected(failure.exc)
            return
        log.info("refused (%s): %s", failure.kind.value, failure.exc)
        if not self._alive():
            return
        if self._on_failure is not None and self._on_failure(failure):
            return
        parent = self._parent if isinstance(self._parent, QWidget) else None
        show_failure(env, parent, self._label, failure)


class Write(_Op[T]):
    """A change to the salon's data; its ``changes`` are published when it is done."""

    def __init__(
        self,
        env: UiEnv,
        parent: QObject | None,
        call: Callable[[AppContext], T],
        changes: Changes | Callable[[T], Changes] = NOTHING,
    ):
        super().__init__(env, parent, call)
        self._changes = changes

    def _tell_others(self, ctx: AppContext, result: T) -> None:
        """The other desks and windows on this database learn what changed
        (``services.change_feed``); if they cannot, they miss a refresh, not data."""
        if ctx.feed is None:
            return
        try:
            changes = self._changes(result) if callable(self._changes) else self._changes
            ctx.feed.record(changes)
        except Exception as exc:  # noqa: BLE001 - the write itself went through
            log.warning("the other desks were not told of a change: %s", exc)

    def _succeeded(self, env: UiEnv, result: T) -> None:
        changes = self._changes(result) if callable(self._changes) else self._changes
        try:
            super()._succeeded(env, result)
        finally:
            if changes:
                env.bus.publish(changes, self._parent if self._alive() else None)


class Query(_Op[T]):
    """A read that may take longer than a frame; nothing is published."""


def show_failure(
    env: UiEnv, parent: QWidget | None, label: ErrorLabel | None, failure: Failure
) -> None:
    text = failure_text(failure, env.fmt)
    if label is not None and shiboken6.isValid(label):
        label.show_error(text)
        return
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning, _("Salon Desktop"), text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("failureMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # not exec(): the event loop (and any worker reporting back) goes on
