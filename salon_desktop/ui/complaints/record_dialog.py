"""Recording a complaint: who, about what, how serious, what she wants."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.complaints import (
    CHANNEL_LABELS,
    SEVERITY_LABELS,
    Channel,
    ComplaintDraft,
    Severity,
)
from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.complaints.model import category_text
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.client_picker import ClientPicker
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors


class _Description(QPlainTextEdit):
    """Several lines of text; Ctrl+Enter submits the form instead of a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if RecordComplaintDialog._records(event):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def _combo(items, parent: QWidget, name: str, current=None) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName(name)
    for data, text in items:
        box.addItem(text, data)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    # as wide as its longest choice (a combo sized by its first items cuts the others)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    box.setMinimumWidth(min(box.sizeHint().width(), 420))
    return box


class RecordComplaintDialog(QDialog):
    """Ctrl+Enter (or Record) saves; errors beside their fields; the id in ``recorded``."""

    def __init__(
        self,
        env: UiEnv,
        client_id: int | None = None,
        client_name: str = "",
        sale_id: int | None = None,
        parent: QWidget | None = None,
        *,
        sale_line_id: int | None = None,
        staff_id: int | None = None,
        visit_text: str = "",
        lines: list[tuple[int, str, int | None]] | None = None,
    ):
        """``sale_id``, ``sale_line_id``, ``staff_id``: the visit, service line and staff
        member the complaint is about, when it is recorded from them (``visit_text``
        says which visit it is; ``lines``: the visit's service lines to choose from,
        as line id, what it was, who did it)."""
        super().__init__(parent)
        self.setWindowTitle(_("Record a complaint"))
        self.setObjectName("recordComplaint")
        self.env, self.sale_id, self.sale_line_id = env, sale_id, sale_line_id
        self.recorded: int | None = None
        self.errors = FormErrors(env.fmt)
        form = QFormLayout()
        self.client = ClientPicker(env, self)
        if client_id is not None:
            self.client.set_client(client_id, client_name)
        self.category = _combo(
            [(k, category_text(k)) for k in env.ctx.salon.complaint_categories],
            self,
            "complaintCategory",
        )
        self.severity = _combo(
            [(s, _(SEVERITY_LABELS[s])) for s in Severity],
            self,
            "complaintSeverity",
            Severity.MEDIUM,
        )
        self.channel = _combo(
            [(c, _(CHANNEL_LABELS[c])) for c in Channel], self, "complaintChannel"
        )
        self.staff = _combo(
            [(None, _("Nobody in particular"))] + [(m.id, m.name) for m in env.ctx.staff.list()],
            self,
            "complaintStaff",
            staff_id,
        )
        self.owner = _combo(
            [(None, _("Not assigned"))] + [(m.id, m.name) for m in env.ctx.staff.list()],
            self,
            "complaintOwner",
            env.actor(),
        )
        self.description = _Description(self)
        self.description.setObjectName("complaintDescription")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(_("What happened, in the client's words"))
        self.description.setFixedHeight(90)
        self.wanted = QLineEdit(self)
        self.wanted.setObjectName("complaintWanted")
        self.wanted.setPlaceholderText(_("What she asks for"))
        self.visit = QLabel(visit_text, self)
        self.visit.setObjectName("complaintVisit")
        self.line = _combo(
            [(None, _("The whole visit"))] + [(lid, text) for lid, text, _s in lines or []],
            self,
            "complaintLine",
            sale_line_id,
        )
        self._line_staff = {lid: staff for lid, _t, staff in lines or []}
        self.line.activated.connect(lambda _i: self._line_chosen())
        rows: list[tuple[str, str, QWidget]] = [(_("Client:"), "client_id", self.client)]
        if sale_id is not None:
            rows.append((_("Visit:"), "sale_id", self.visit))
            if lines:
                rows.append((_("Service:"), "sale_line_id", self.line))
        for label, name, widget in rows + [
            (_("About:"), "category", self.category),
            (_("Severity:"), "severity", self.severity),
            (_("How:"), "channel", self.channel),
            (_("Staff member concerned:"), "staff_id", self.staff),
            (_("Description:"), "description", self.description),
            (_("She wants:"), "wanted", self.wanted),
            (_("Owner:"), "owner_id", self.owner),
        ]:
            error = ErrorLabel(self)
            self.errors.register(name, error, widget)
            form.addRow(label, widget)
            form.addRow("", error)
        self.general_error = ErrorLabel(self)
        buttons = QDialogButtonBox(self)
        self.record_button = buttons.addButton(_("Record"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.description.submitted.connect(self.accept)  # Ctrl+Enter records from it too
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.general_error)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        (self.category if client_id is not None else self.client).setFocus()

    def _line_chosen(self) -> None:
        staff = self._line_staff.get(self.line.currentData())
        if staff is not None:
            self.staff.setCurrentIndex(max(0, self.staff.findData(staff)))

    @staticmethod
    def _records(event: QEvent) -> bool:
        return (
            isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        """Ctrl+Enter records from any field; Enter alone too, except in the description."""
        if self._records(event):
            self.accept()
            return
        super().keyPressEvent(event)

    def draft(self) -> ComplaintDraft:
        return ComplaintDraft(
            client_id=self.client.client_id(),
            description=self.description.toPlainText(),
            category=self.category.currentData(),
            severity=self.severity.currentData(),
            channel=self.channel.currentData(),
            wanted=self.wanted.text(),
            sale_id=self.sale_id,
            sale_line_id=self.line.currentData() if self.line.count() > 1 else self.sale_line_id,
            staff_id=self.staff.currentData(),
            owner_id=self.owner.currentData(),
        )

    def accept(self) -> None:
        draft, actor = self.draft(), self.env.actor()
        self.errors.clear()

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            for e in self.errors.show(failure.validation):
                self.general_error.show_error(_(e.message))
            return True

        def done(complaint_id: int) -> None:
            self.recorded = complaint_id
            super(RecordComplaintDialog, self).accept()

        Write(
            self.env,
            self,
            lambda ctx: ctx.complaints.record(draft, actor),
            changes=lambda _id: Changes.of(
                feedback=True, clients=[] if draft.client_id is None else [draft.client_id]
            ),
        ).message_to(self.general_error).success(done).failure(refused).run()


def open_record_dialog(
    env: UiEnv,
    parent: QWidget,
    client_id: int | None = None,
    client_name: str = "",
    sale_id: int | None = None,
    **about,
) -> RecordComplaintDialog:
    """The dialog, opened window-modal without a nested event loop (``open``, not
    ``exec``): the slot that opens it returns at once, and the dialog deletes
    itself when closed. ``about``: ``sale_line_id``, ``staff_id``, ``visit_text``,
    ``lines`` (see ``RecordComplaintDialog``)."""
    dialog = RecordComplaintDialog(env, client_id, client_name, sale_id, parent, **about)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
