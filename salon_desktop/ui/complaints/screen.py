"""The complaints screen: filters above, the list, the chosen complaint and its
steps beside it; overdue ones in red. Keyboard: Ctrl+N records one, Enter on
the list focuses the steps, Ctrl+P prints the client's acknowledgement."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.complaints import (
    CHANNEL_LABELS,
    DEFAULT_CATEGORIES,
    OPEN_STATES,
    SEVERITY_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    State,
)
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.complaints import ComplaintFilter, ComplaintView
from salon_desktop.services.sales_read import local
from salon_desktop.ui.complaints.model import ComplaintsModel, category_text
from salon_desktop.ui.complaints.record_dialog import RecordComplaintDialog
from salon_desktop.ui.complaints.step_dialog import STEP_ACTIONS, StepDialog
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.till.models import table_view
from salon_desktop.ui.widgets.forms import ErrorLabel

OPEN, ALL = "open", "all"


class ComplaintsScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintsScreen")
        self._env = env
        self.current: ComplaintView | None = None  # the one shown on the right

        self.state = QComboBox(self)
        self.state.setObjectName("complaintStateFilter")
        self.state.addItem(_("Still open"), OPEN)
        self.state.addItem(_("Every state"), ALL)
        for st in State:
            self.state.addItem(_(STATE_LABELS[st]), st)
        self.category = QComboBox(self)
        self.category.setObjectName("complaintCategoryFilter")
        self.category.addItem(_("Any subject"), None)
        for key in DEFAULT_CATEGORIES:
            self.category.addItem(category_text(key), key)
        self.overdue = QCheckBox(_("Overdue only"), self)
        self.overdue.setObjectName("complaintOverdueFilter")
        self.new_button = QPushButton(_("Record a complaint…"), self)
        self.new_button.setObjectName("newComplaint")
        self.new_button.setToolTip(_("Record a complaint (Ctrl+N)"))
        bar = QHBoxLayout()
        for w in (self.state, self.category, self.overdue):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.new_button)

        self.model = ComplaintsModel(env, self)
        self.table = table_view(self.model, self, "complaintsTable", stretch=1)
        self.empty = QLabel(_("No complaints here."), self)
        self.message = ErrorLabel(self)

        detail = QWidget(self)
        self.summary = QLabel(detail)
        self.summary.setObjectName("complaintSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        self.history = QListWidget(detail)
        self.history.setObjectName("complaintHistory")
        self.step_buttons: dict[State, QPushButton] = {}
        steps = QHBoxLayout()
        steps.setSpacing(4)
        for target, label in STEP_ACTIONS.items():
            b = QPushButton(_(label), detail)
            b.setObjectName(f"step_{target.value}")
            b.clicked.connect(self._stepper(target))
            self.step_buttons[target] = b
            steps.addWidget(b)
        self.print_button = QPushButton(_("Print for the client…"), detail)
        self.print_button.setObjectName("printAcknowledgement")
        self.print_button.setToolTip(_("Print the acknowledgement for the client (Ctrl+P)"))
        steps.addStretch(1)
        steps.addWidget(self.print_button)
        history = QVBoxLayout()
        history.addWidget(QLabel(_("What was done, step by step:"), detail))
        history.addWidget(self.history, 1)
        body = QHBoxLayout()
        body.addWidget(self.summary, 3)
        body.addLayout(history, 2)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addLayout(steps)
        dl.addLayout(body, 1)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.empty)
        ll.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical, self)  # the list above, the complaint below
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        for w in (self.state, self.category):
            w.currentIndexChanged.connect(self.refresh)
        self.overdue.toggled.connect(self.refresh)
        self.new_button.clicked.connect(lambda: self.record())
        self.print_button.clicked.connect(self.print_acknowledgement)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        QShortcut(
            QKeySequence.StandardKey.New,
            self,
            lambda: self.record(),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(
            QKeySequence.StandardKey.Print,
            self,
            self.print_acknowledgement,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        env.bus.feedback_changed.connect(self.refresh)
        self.refresh()

    # -- the list ---------------------------------------------------------------------------
    def filter(self) -> ComplaintFilter:
        state = self.state.currentData()
        states = OPEN_STATES if state == OPEN else None if state == ALL else frozenset({state})
        return ComplaintFilter(
            states=states,
            overdue_only=self.overdue.isChecked(),
            category=self.category.currentData(),
        )

    def refresh(self) -> None:
        """Filtering runs off the UI thread (a chain has many complaints)."""
        f = self.filter()
        keep = self.current.id if self.current else None
        Query(self._env, self, lambda ctx: ctx.complaints.list(f)).message_to(self.message).success(
            lambda rows: self._show_rows(rows, keep)
        ).run_in_background()

    def _show_rows(self, rows, keep: int | None) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        row = self.model.row_of(keep) if keep is not None else -1
        if rows:
            self.table.selectRow(max(0, row))
        self._show_current()

    # -- one complaint ------------------------------------------------------------------------
    def _show_current(self) -> None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        self.current = None
        self.history.clear()
        if row is None:
            self.summary.setText("")
            self._enable_steps(None)
            return
        view = self._env.ctx.complaints.get(row.id)  # one complaint: a quick read
        self.current = view
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
        if view.overdue:
            lines.append(_("Overdue."))
        self.summary.setText("\n".join(lines))
        for e in view.history:
            who = f" — {e.staff_name}" if e.staff_name else ""
            text = f"{fmt.datetime(local(e.at))}  {_(STATE_LABELS[e.to_state])}{who}"
            self.history.addItem(text + (f": {e.note}" if e.note else ""))
        self._enable_steps(view.state)

    def _enable_steps(self, state: State | None) -> None:
        allowed = TRANSITIONS.get(state, frozenset()) if state is not None else frozenset()
        for target, button in self.step_buttons.items():
            button.setEnabled(target in allowed)
        reopen = state in (State.RESOLVED, State.CLOSED, State.REJECTED)
        self.step_buttons[State.IN_PROGRESS].setText(_("Reopen") if reopen else _("Work on it"))
        self.print_button.setEnabled(state is not None)

    def _stepper(self, target: State):
        return lambda: self.take_step(target)

    def take_step(self, target: State) -> bool:
        if self.current is None:
            return False
        dialog = StepDialog(self._env, self.current, target, self)
        try:
            return bool(dialog.exec())
        finally:
            dialog.deleteLater()

    def record(
        self, client_id: int | None = None, client_name: str = "", sale_id=None
    ) -> int | None:
        dialog = RecordComplaintDialog(self._env, client_id, client_name, sale_id, self)
        try:
            dialog.exec()
            return dialog.recorded
        finally:
            dialog.deleteLater()

    def print_acknowledgement(self) -> bytes | None:
        if self.current is None:
            return None
        from salon_desktop.documents.complaint import acknowledgement_pdf
        from salon_desktop.ui.widgets.pdf_preview import PdfPreview

        ctx = self._env.ctx
        data = acknowledgement_pdf(ctx.complaints.notice(self.current.id), ctx.header())
        preview = PdfPreview(
            data, _("Your complaint"), f"complaint-{self.current.number}.pdf", self
        )
        try:
            preview.exec()
        finally:
            preview.deleteLater()
        return data
