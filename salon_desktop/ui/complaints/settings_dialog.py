"""The subjects of complaints and the times to answer them, by severity.

The subjects are a list: ticked ones are offered when a complaint is recorded
(Space ticks, Delete removes one the salon added); a new one is typed below and
added with Enter. Ctrl+Enter saves. The targets are hours to acknowledge and to resolve for each
severity. Saved together (``ctx.save_settings``) or not at all."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.complaints import (
    CATEGORY_LABELS,
    DEFAULT_CATEGORIES,
    MAX_CATEGORY_LEN,
    MAX_TARGET_MINUTES,
    SEVERITY_LABELS,
    Severity,
)
from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.complaints.model import category_text
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel

KEY = Qt.ItemDataRole.UserRole


class ComplaintSettingsDialog(QDialog):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintSettingsDialog")
        self.setWindowTitle(_("Complaints: subjects and targets"))
        self.env = env
        salon = env.ctx.salon

        self.subjects = QListWidget(self)
        self.subjects.setObjectName("complaintSubjects")
        in_use = list(salon.complaint_categories)
        for key in in_use + [k for k in DEFAULT_CATEGORIES if k not in in_use]:
            self._add_item(key, key in in_use)
        self.new_subject = QLineEdit(self)
        self.new_subject.setObjectName("newSubject")
        self.new_subject.setMaxLength(MAX_CATEGORY_LEN)
        self.new_subject.setPlaceholderText(_("A new subject, then Enter"))
        add = QPushButton(_("Add"), self)
        add.setObjectName("addSubject")
        add.setAutoDefault(False)
        remove = QPushButton(_("Remove"), self)
        remove.setObjectName("removeSubject")
        remove.setAutoDefault(False)
        remove.setToolTip(_("Remove a subject the salon added (Delete)"))
        adding = QHBoxLayout()
        adding.addWidget(self.new_subject, 1)
        adding.addWidget(add)
        adding.addWidget(remove)
        self.subjects_error = ErrorLabel(self)

        grid = QGridLayout()
        grid.addWidget(QLabel(_("Severity"), self), 0, 0)
        grid.addWidget(QLabel(_("Acknowledge within"), self), 0, 1)
        grid.addWidget(QLabel(_("Resolve within"), self), 0, 2)
        self.acknowledge: dict[Severity, QSpinBox] = {}
        self.resolve: dict[Severity, QSpinBox] = {}
        for row, sev in enumerate(Severity, start=1):
            grid.addWidget(QLabel(_(SEVERITY_LABELS[sev]), self), row, 0)
            for col, (boxes, saved) in enumerate(
                (
                    (self.acknowledge, salon.complaint_acknowledge_minutes),
                    (self.resolve, salon.complaint_resolve_minutes),
                ),
                start=1,
            ):
                box = QSpinBox(self)
                box.setObjectName(f"{'ack' if col == 1 else 'res'}_{sev.value}")
                box.setRange(1, MAX_TARGET_MINUTES // 60)
                box.setSuffix(" " + _("h"))
                box.setValue(max(1, round(saved.get(sev.value, 60) / 60)))
                boxes[sev] = box
                grid.addWidget(box, row, col)
        self.targets_error = ErrorLabel(self)

        self.general_error = ErrorLabel(self)
        buttons = QDialogButtonBox(self)
        save = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("saveComplaintSettings")
        save.setAutoDefault(False)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("Subjects offered (ticked):"), self))
        lay.addWidget(self.subjects, 1)
        lay.addLayout(adding)
        lay.addWidget(self.subjects_error)
        lay.addWidget(QLabel(_("Times to answer, by severity:"), self))
        lay.addLayout(grid)
        lay.addWidget(self.targets_error)
        lay.addWidget(self.general_error)
        lay.addWidget(buttons)

        self.new_subject.returnPressed.connect(self.add_subject)
        add.clicked.connect(self._add_clicked)
        remove.clicked.connect(self._remove_clicked)
        QShortcut(
            QKeySequence(Qt.Key.Key_Delete),
            self.subjects,
            self.remove_subject,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.resize(480, min(700, self.sizeHint().height()))
        self.subjects.setCurrentRow(0)
        self.subjects.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        """Enter adds the subject typed (never closes the dialog); Ctrl+Enter saves."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.accept()
            return
        super().keyPressEvent(event)

    def _add_item(self, key: str, ticked: bool) -> QListWidgetItem:
        item = QListWidgetItem(category_text(key), self.subjects)
        item.setData(KEY, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        return item

    def _add_clicked(self) -> None:
        self.add_subject()

    def _remove_clicked(self) -> None:
        self.remove_subject()

    def add_subject(self) -> None:
        name = " ".join(self.new_subject.text().split())
        self.subjects_error.clear_error()
        if not name:
            return
        for i in range(self.subjects.count()):
            item = self.subjects.item(i)
            if name.casefold() in (item.text().casefold(), str(item.data(KEY)).casefold()):
                item.setCheckState(Qt.CheckState.Checked)
                self.subjects.setCurrentItem(item)
                self.new_subject.clear()
                return
        self.subjects.setCurrentItem(self._add_item(name, True))
        self.new_subject.clear()

    def remove_subject(self) -> None:
        item = self.subjects.currentItem()
        if item is None:
            return
        if item.data(KEY) in CATEGORY_LABELS:  # a built-in one is only unticked
            item.setCheckState(Qt.CheckState.Unchecked)
            return
        self.subjects.takeItem(self.subjects.row(item))

    def chosen(self) -> list[str]:
        return [
            self.subjects.item(i).data(KEY)
            for i in range(self.subjects.count())
            if self.subjects.item(i).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        for label in (self.subjects_error, self.targets_error, self.general_error):
            label.clear_error()
        new = dataclasses.replace(
            self.env.ctx.salon,
            complaint_categories=self.chosen(),
            complaint_acknowledge_minutes={
                s.value: b.value() * 60 for s, b in self.acknowledge.items()
            },
            complaint_resolve_minutes={s.value: b.value() * 60 for s, b in self.resolve.items()},
        )

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            from salon_desktop.ui.widgets.forms import error_text

            for e in failure.validation.errors:
                where = (
                    self.subjects_error
                    if e.field == "complaint_categories"
                    else self.targets_error
                    if e.field.startswith("complaint_")
                    else self.general_error
                )
                text = error_text(e, self.env.fmt)
                if "." in e.field:  # which severity
                    sev = Severity(e.field.split(".", 1)[1])
                    text = f"{_(SEVERITY_LABELS[sev])}: {text}"
                where.show_error(text)
            return True

        Write(
            self.env,
            self,
            lambda ctx: ctx.save_settings(new),
            changes=Changes(settings=True),
        ).message_to(self.general_error).success(
            lambda _s: super(ComplaintSettingsDialog, self).accept()
        ).failure(refused).run()
