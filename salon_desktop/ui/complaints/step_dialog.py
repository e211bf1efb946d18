"""Taking one step of a complaint: only what that step needs is asked."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.complaints import (
    REFUND_METHODS,
    STATE_LABELS,
    Compensation,
    State,
    Step,
)
from salon_desktop.domain.sale import PAY_METHOD_LABELS
from salon_desktop.i18n import N_, _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors
from salon_desktop.ui.widgets.money_field import MoneyField, PercentField

COMPENSATION_LABELS = {
    Compensation.NONE: N_("Nothing"),
    Compensation.REDO: N_("The service again, free, at her next ticket"),
    Compensation.NEXT_VISIT_DISCOUNT: N_("A discount on the next visit"),
    Compensation.REFUND: N_("A refund of the line, through the till"),
    Compensation.VOUCHER: N_("A gift voucher, given at zero"),
}

# What each step is called on its button.
STEP_ACTIONS = {
    State.ACKNOWLEDGED: N_("Acknowledge"),
    State.IN_PROGRESS: N_("Work on it"),
    State.RESOLVED: N_("Resolve…"),
    State.CLOSED: N_("Close…"),
    State.REJECTED: N_("Reject…"),
}


class StepDialog(QDialog):
    def __init__(self, env: UiEnv, complaint, target: State, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintStep")
        self.setWindowTitle(
            _("Complaint {number}: {state}").format(
                number=env.fmt.integer(complaint.number, grouping=False),
                state=_(STATE_LABELS[target]),
            )
        )
        self.env, self.complaint, self.target = env, complaint, target
        self.result_view = None
        self.errors = FormErrors(env.fmt)
        form = QFormLayout()
        self.note = QLineEdit(self)
        self.note.setObjectName("stepNote")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("stepReason")
        self.resolution = QLineEdit(self)
        self.resolution.setObjectName("stepResolution")
        self.resolution.setText(complaint.resolution)
        self.compensation = QComboBox(self)
        self.compensation.setObjectName("stepCompensation")
        for kind, label in COMPENSATION_LABELS.items():
            self.compensation.addItem(_(label), kind)
        # What the compensation needs: a next-visit discount its percentage, a voucher
        # its value, a refund how it is paid back (what it costs follows from the posting).
        self.percent = PercentField(self, language=env.fmt.language)
        self.percent.setObjectName("stepPercent")
        self.amount = MoneyField(env.ctx.salon.currency, self)
        self.amount.setObjectName("stepAmount")
        self.method = QComboBox(self)
        self.method.setObjectName("stepRefundMethod")
        for method in REFUND_METHODS:
            self.method.addItem(_(PAY_METHOD_LABELS[method]), method)
        self.outcome = QLineEdit(self)
        self.outcome.setObjectName("stepOutcome")
        self.outcome.setPlaceholderText(_("Was she satisfied? What did she say?"))
        rows: list[tuple[str, str, QWidget]] = []
        if target is State.REJECTED:
            rows.append((_("Why:"), "reason", self.reason))
        if target is State.RESOLVED:
            rows += [
                (_("What was done:"), "resolution", self.resolution),
                (_("She was given:"), "compensation", self.compensation),
                (_("Discount on her next visit:"), "compensation_percent_bp", self.percent),
                (_("Value of the voucher:"), "compensation_amount", self.amount),
                (_("Paid back by:"), "refund_method", self.method),
            ]
        if target is State.CLOSED:
            if not complaint.resolution.strip():
                rows.append((_("What was done:"), "resolution", self.resolution))
            rows.append((_("Follow-up with her:"), "follow_up_outcome", self.outcome))
        rows.append((_("Note:"), "note", self.note))
        self._form = form
        for label, name, widget in rows:
            error = ErrorLabel(self)
            self.errors.register(name, error, widget)
            form.addRow(label, widget)
            form.addRow("", error)
        placed = {widget for _label, _name, widget in rows}
        for widget in (
            self.reason,
            self.resolution,
            self.compensation,
            self.percent,
            self.amount,
            self.method,
            self.outcome,
        ):
            widget.setVisible(widget in placed)  # not this step's: not drawn over the form
        self.compensation.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()
        self.general_error = ErrorLabel(self)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(
            _(STEP_ACTIONS.get(target, N_("Save"))).rstrip("…"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        ok.setObjectName("stepButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.general_error)
        lay.addWidget(buttons)
        self.resize(480, self.sizeHint().height())
        rows[0][2].setFocus()

    def _kind_chosen(self) -> None:
        """Only the field the chosen compensation needs is shown."""
        if self.target is not State.RESOLVED:
            return
        kind = self.compensation.currentData()
        for widget, shown in (
            (self.percent, kind is Compensation.NEXT_VISIT_DISCOUNT),
            (self.amount, kind is Compensation.VOUCHER),
            (self.method, kind is Compensation.REFUND),
        ):
            self._form.setRowVisible(widget, shown)

    def step(self) -> Step | None:
        kind = self.compensation.currentData() if self.target is State.RESOLVED else None
        if kind is Compensation.VOUCHER and not self.amount.is_valid():
            self.errors.label("compensation_amount").show_error(self.amount.error())
            return None
        if kind is Compensation.NEXT_VISIT_DISCOUNT and not self.percent.is_valid():
            self.errors.label("compensation_percent_bp").show_error(self.percent.error())
            return None
        return Step(
            self.target,
            note=self.note.text(),
            reason=self.reason.text(),
            resolution=self.resolution.text()
            if self.target in (State.RESOLVED, State.CLOSED)
            else "",
            follow_up_outcome=self.outcome.text(),
            compensation=self.compensation.currentData()
            if self.target is State.RESOLVED
            else Compensation.NONE,
            compensation_percent_bp=(self.percent.value_bp() or 0)
            if kind is Compensation.NEXT_VISIT_DISCOUNT
            else 0,
            compensation_amount=(self.amount.value() or 0) if kind is Compensation.VOUCHER else 0,
            refund_method=self.method.currentData(),
        )

    def accept(self) -> None:
        self.errors.clear()
        step = self.step()
        if step is None:
            return
        cid, version, actor = self.complaint.id, self.complaint.version, self.env.actor()

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            for e in self.errors.show(failure.validation):
                self.general_error.show_error(
                    _(e.message).format(
                        **{
                            k: _(STATE_LABELS[State(v)]) if k in ("current", "target") else v
                            for k, v in e.params.items()
                        }
                    )
                )
            return True

        def done(view) -> None:
            self.result_view = view
            super(StepDialog, self).accept()

        Write(
            self.env,
            self,
            lambda ctx: ctx.complaints.step(cid, step, actor, expected_version=version),
            changes=Changes.of(feedback=True, clients=[self.complaint.client_id]),
        ).message_to(self.general_error).success(done).failure(refused).run()
