"""The integrity report in the app: are the records as they were written?

Opened from Settings ("Check the records…"), and at start-up when the quick
check of the opening found something (a guard put back, a record changed,
deleted or added behind the app's back): the owner is told at once, in plain
sentences, which record is the first broken one. The full check reads every
chained record, so it runs in the background through ``ui.operations``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.services.integrity import CHAIN_NAMES, IntegrityReport, verify
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.widgets.forms import ErrorLabel


class IntegrityDialog(QDialog):
    def __init__(
        self, env: UiEnv, report: IntegrityReport | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._env = env
        self.setObjectName("integrityDialog")
        self.setWindowTitle(_("Check the records"))
        self.resize(640, 420)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("integritySummary")
        self.problems = QListWidget()
        self.problems.setObjectName("integrityProblems")
        self.problems.setWordWrap(True)
        self.seals = QLabel()
        self.seals.setWordWrap(True)
        self.seals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = ErrorLabel()
        self.check = QPushButton(_("Check every record now"))
        self.check.setObjectName("checkRecords")
        self.check.clicked.connect(self.run_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.check, QDialogButtonBox.ButtonRole.ActionRole)
        explain = QLabel(
            _(
                "Every sale, correction, cash movement and audit entry is sealed in a chain "
                "when it is recorded. The check recomputes the seals from the records as they "
                "are now: a record changed, deleted or added outside Salon Desktop is named "
                "here, even if the database's protections were removed first."
            )
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.seals)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if report is not None:
            self.show_report(report, full=False)
        else:
            self.summary.setText(_("Not checked yet."))

    def run_check(self) -> None:
        self.check.setEnabled(False)
        self.summary.setText(_("Checking every record…"))

        def done(report: IntegrityReport) -> None:
            self.check.setEnabled(True)
            self.show_report(report, full=True)

        def failed(_failure) -> bool | None:
            self.check.setEnabled(True)
            self.summary.setText("")
            return None  # the sentence goes to the message label

        Query(self._env, self, lambda ctx: verify(ctx.engine)).message_to(self.message).success(
            done
        ).failure(failed).run_in_background()

    def show_report(self, report: IntegrityReport, full: bool) -> None:
        fmt = self._env.fmt
        self.problems.clear()
        for problem in report.problems:
            self.problems.addItem(fmt.digits(problem.sentence()))
        if report.more:
            self.problems.addItem(_("… and {n} more problems.").format(n=fmt.integer(report.more)))
        if report.ok and full:
            self.summary.setText(_("The records are as they were written."))
        elif report.ok:
            self.summary.setText(
                _("The newest records are as they were written. Check every record to be sure.")
            )
        else:
            self.summary.setText(
                _(
                    "Some records are not as they were written. Keep this list, make a backup "
                    "of the database as it is now, and ask who had access to it."
                )
            )
        self.summary.setStyleSheet("" if report.ok else "color: #b00020; font-weight: bold;")
        seals = [
            _("{chain}: {n} records, seal {seal}").format(
                chain=_(CHAIN_NAMES[c]),
                n=fmt.integer(report.links.get(c, 0)),
                seal="\u2066" + report.heads.get(c, "—")[:16] + "\u2069",
            )
            for c in CHAIN_NAMES
            if c in report.links
        ]
        self.seals.setText("\n".join(seals))


def warn_if_tampered(env: UiEnv, parent: QWidget) -> IntegrityDialog | None:
    """At start-up: the opening's quick check found something; say so at once."""
    report = env.ctx.integrity
    if report is None or not report.problems:
        return None
    dialog = IntegrityDialog(env, report, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
