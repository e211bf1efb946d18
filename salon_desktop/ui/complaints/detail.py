"""One complaint on the complaints page: what was recorded, its owner, the steps it
may take next, its history, its acknowledgement to print.

The complaint is read off the UI thread (``Query``); when the user moves on
before it arrives, the late answer is dropped. The owner is chosen in a combo
box (Alt+O reaches it; arrows or the list choose, and the choice is saved at
once through a ``Write``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.complaints import (
    CHANNEL_LABELS,
    SEVERITY_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    State,
)
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.changes import Changes
from salon_desktop.services.complaints import ComplaintView
from salon_desktop.services.sales_read import local
from salon_desktop.ui.complaints.model import category_text
from salon_desktop.ui.complaints.step_dialog import COMPENSATION_LABELS, STEP_ACTIONS
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.widgets.forms import ErrorLabel


class ComplaintDetail(QWidget):
    """``show_complaint(id)`` loads and shows one; ``current`` is the one shown."""

    loaded = Signal()  # a complaint (or none) is shown
    step_asked = Signal(object)  # State: a step button was pressed
    print_asked = Signal()

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.current: ComplaintView | None = None
        self._asked = 0  # which load the shown complaint answers
        self._staff_names: dict[int, str] = {}

        self.summary = QLabel(self)
        self.summary.setObjectName("complaintSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        self.history = QListWidget(self)
        self.history.setObjectName("complaintHistory")
        self.step_buttons: dict[State, QPushButton] = {}
        steps = QHBoxLayout()
        steps.setSpacing(4)
        for target, label in STEP_ACTIONS.items():
            b = QPushButton(_(label), self)
            b.setObjectName(f"step_{target.value}")
            b.clicked.connect(self._stepper(target))
            self.step_buttons[target] = b
            steps.addWidget(b)
        self.owner = QComboBox(self)
        self.owner.setObjectName("complaintOwnerBox")
        self.owner.setToolTip(_("Who sees the complaint through (Alt+O)"))
        self.owner.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.owner.setMinimumContentsLength(14)
        owner_label = QLabel(_("&Owner:"), self)
        owner_label.setBuddy(self.owner)
        self.print_button = QPushButton(_("Print for the client…"), self)
        self.print_button.setObjectName("printAcknowledgement")
        self.print_button.setToolTip(_("Print the acknowledgement for the client (Ctrl+P)"))
        steps.addStretch(1)
        steps.addWidget(owner_label)
        steps.addWidget(self.owner)
        steps.addWidget(self.print_button)
        self.message = ErrorLabel(self)
        history = QVBoxLayout()
        history.addWidget(QLabel(_("What was done, step by step:"), self))
        history.addWidget(self.history, 1)
        body = QHBoxLayout()
        body.addWidget(self.summary, 3)
        body.addLayout(history, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(steps)
        lay.addWidget(self.message)
        lay.addLayout(body, 1)

        self.owner.activated.connect(lambda _i: self.assign(self.owner.currentData()))
        self.print_button.clicked.connect(self.print_asked)
        self.fill_owners()
        self._enable(None)

    def _stepper(self, target: State) -> Callable[[], None]:
        return lambda: self.step_asked.emit(target)

    def fill_owners(self) -> None:
        """The staff who may own a complaint (the active ones, and whoever owns the one shown)."""
        members = self._env.ctx.staff.list(include_inactive=True)
        self._staff_names = {m.id: m.name for m in members}
        keep = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(_("Not assigned"), None)
        for m in members:
            if m.active:
                self.owner.addItem(m.name, m.id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(keep)))
        self.owner.blockSignals(False)

    # -- loading ------------------------------------------------------------------------
    def show_complaint(self, complaint_id: int | None) -> None:
        self._asked += 1
        asked = self._asked
        if complaint_id is None:
            self._show(None)
            return
        Query(self._env, self, lambda ctx: ctx.complaints.get(complaint_id)).message_to(
            self.message
        ).success(lambda view: self._show(view) if asked == self._asked else None).failure(
            lambda _f: self._gone(asked)
        ).run_in_background()

    def _gone(self, asked: int) -> bool:
        if asked == self._asked:
            self._show(None)
        return False  # and the sentence shown

    def _show(self, view: ComplaintView | None) -> None:
        self.current = view
        self.history.clear()
        if view is None:
            self.summary.setText("")
            self._enable(None)
            self.loaded.emit()
            return
        fmt = self._env.fmt
        lines = [
            _("Complaint {number} — {state}").format(
                number=fmt.integer(view.number, grouping=False), state=_(STATE_LABELS[view.state])
            ),
            isolate(view.client_name)
            + " · "
            + category_text(view.category)
            + " · "
            + _(SEVERITY_LABELS[view.severity])
            + " · "
            + _(CHANNEL_LABELS[view.channel]),
            _("Received {at}; acknowledge by {ack}; answer by {res}").format(
                at=fmt.datetime(local(view.opened_at)),
                ack=fmt.datetime(local(view.acknowledge_by)),
                res=fmt.datetime(local(view.resolve_by)),
            ),
            view.description,
        ]
        if view.wanted:
            lines.append(_("She wants: {text}").format(text=view.wanted))
        if view.resolution:
            lines.append(_("Done: {text}").format(text=view.resolution))
        if view.compensation_cost or view.compensation.value != "none":
            lines.append(
                _("She was given: {what}, cost to the salon {cost}").format(
                    what=_(COMPENSATION_LABELS[view.compensation]),
                    cost=fmt.amount(view.compensation_cost),
                )
            )
        if view.given is not None and view.given.state == "pending":
            lines.append(
                _("Waiting for her next ticket at the till, until {day}.").format(
                    day=fmt.date(view.given.valid_until) if view.given.valid_until else "—"
                )
            )
        elif view.given is not None and view.given.state == "withdrawn":
            lines.append(_("Withdrawn unused when the complaint was reopened."))
        elif view.given is not None and view.given.voucher_code:
            lines.append(
                _("Given through the till: voucher {code}.").format(
                    code=isolate(view.given.voucher_code)
                )
            )
        elif view.given is not None:
            lines.append(_("Given through the till."))
        if view.overdue:
            lines.append(_("Overdue."))
        self.summary.setText("\n".join(lines))
        for e in view.history:
            who = f" — {e.staff_name}" if e.staff_name else ""
            if e.is_assignment:
                what = _("Owner: {name}").format(name=e.note) if e.note else _("Owner removed")
                self.history.addItem(f"{fmt.datetime(local(e.at))}  {what}{who}")
                continue
            text = f"{fmt.datetime(local(e.at))}  {_(STATE_LABELS[e.to_state])}{who}"
            self.history.addItem(text + (f": {e.note}" if e.note else ""))
        self.owner.blockSignals(True)
        if view.owner_id is not None and self.owner.findData(view.owner_id) < 0:
            self.owner.addItem(self._staff_names.get(view.owner_id, "?"), view.owner_id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(view.owner_id)))
        self.owner.blockSignals(False)
        self._enable(view.state)
        self.loaded.emit()

    def _enable(self, state: State | None) -> None:
        allowed = TRANSITIONS.get(state, frozenset()) if state is not None else frozenset()
        for target, button in self.step_buttons.items():
            button.setEnabled(target in allowed)
        reopen = state in (State.RESOLVED, State.CLOSED, State.REJECTED)
        self.step_buttons[State.IN_PROGRESS].setText(_("Reopen") if reopen else _("Work on it"))
        self.print_button.setEnabled(state is not None)
        self.owner.setEnabled(state is not None)

    # -- the owner ----------------------------------------------------------------------
    def assign(self, owner_id: int | None) -> None:
        view = self.current
        if view is None or owner_id == view.owner_id:
            return
        cid, version, actor = view.id, view.version, self._env.actor()
        Write(
            self._env,
            self,
            lambda ctx: ctx.complaints.assign(cid, owner_id, actor, expected_version=version),
            changes=Changes.of(feedback=True, clients=[view.client_id]),
        ).message_to(self.message).success(
            lambda v: self._show(v) if self.current and self.current.id == v.id else None
        ).failure(lambda _f: self._undo_owner()).run_in_background()

    def _undo_owner(self) -> bool:
        if self.current is not None:
            self.owner.blockSignals(True)
            self.owner.setCurrentIndex(max(0, self.owner.findData(self.current.owner_id)))
            self.owner.blockSignals(False)
        return False
