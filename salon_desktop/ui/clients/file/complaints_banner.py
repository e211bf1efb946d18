"""The client's open complaints, where she is on screen (the top of her file, the
checkout's ticket): she is at risk of leaving. With "Record a complaint…" and
Ctrl+Shift+K (``install_shortcut``) to record a new one about her.

Recording opens the dialog with ``open()`` (window-modal, no nested event loop,
deleted when closed) from a slot that takes no arguments. The abort at exit
("bool_dealloc") seen when a first version ran after the main window's tests did
not come back with PySide6 6.12 in any variant tried (``exec()`` from a
``clicked`` slot, the record dialog's old ``eventFilter`` override); the tests of
tests/ui/test_complaints_places.py run beside tests/ui/test_main_window.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from salon_desktop.domain.complaints import STATE_LABELS
from salon_desktop.i18n import _, ngettext
from salon_desktop.services.sales_read import local
from salon_desktop.ui.env import UiEnv

if TYPE_CHECKING:
    from salon_desktop.ui.complaints.record_dialog import RecordComplaintDialog
from salon_desktop.ui.operations import Query

RECORD_KEY = "Ctrl+Shift+K"


class ComplaintsBanner(QFrame):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintsBanner")
        self.setStyleSheet(
            "QFrame#complaintsBanner { background: #fde7e9; border-radius: 4px; }"
            "QFrame#complaintsBanner QLabel { color: #7a0010; }"
        )
        self._env = env
        self._client_id: int | None = None
        self._client_name = ""
        self.dialog: RecordComplaintDialog | None = None  # recording, while it is open
        self.rows: list = []
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.record_button = QPushButton(_("Record a complaint…"), self)
        self.record_button.setObjectName("recordComplaintForClient")
        self.record_button.setToolTip(
            _("Record a complaint of this client ({key})").format(key=RECORD_KEY)
        )
        self.record_button.setAutoDefault(False)
        self.record_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.record_button.clicked.connect(self._record_clicked)
        row.addWidget(self.text, 1)
        row.addWidget(self.record_button)
        self.setVisible(False)
        env.bus.feedback_changed.connect(self.refresh)

    def install_shortcut(self, screen: QWidget) -> None:
        """Ctrl+Shift+K records a complaint of the client shown, from anywhere in ``screen``."""
        QShortcut(
            QKeySequence(RECORD_KEY),
            screen,
            self._record_clicked,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def set_client(self, client_id: int | None, name: str = "") -> None:
        self._client_id, self._client_name = client_id, name
        self.refresh()

    def _record_clicked(self) -> None:
        self.record()

    def record(self, **about):
        """Open the recording dialog for the client shown (None without one); ``about``:
        the visit, line and staff member (``open_record_dialog``)."""
        from salon_desktop.ui.complaints.record_dialog import open_record_dialog

        if self._client_id is None:
            return None
        dialog = open_record_dialog(
            self._env, self.window(), self._client_id, self._client_name, **about
        )
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        return dialog

    def _dialog_closed(self) -> None:
        self.dialog = None

    def refresh(self) -> None:
        cid = self._client_id
        if cid is None:
            self.rows = []
            self.setVisible(False)
            return
        Query(self._env, self, lambda ctx: ctx.complaints.open_for_client(cid)).success(
            lambda rows: self._show(cid, rows)
        ).run_in_background()

    def _show(self, client_id: int, rows) -> None:
        if client_id != self._client_id:
            return  # another file was opened meanwhile
        self.rows = list(rows)
        self.setVisible(bool(rows))
        if not rows:
            return
        fmt = self._env.fmt
        first = rows[0]
        text = ngettext("{count} open complaint", "{count} open complaints", len(rows)).format(
            count=fmt.integer(len(rows))
        )
        text += " — " + _("no. {number}, {state}, answer by {date}").format(
            number=fmt.integer(first.number, grouping=False),
            state=_(STATE_LABELS[first.state]),
            date=fmt.date(local(first.resolve_by)),
        )
        if any(r.overdue for r in rows):
            text += " — " + _("overdue")
        self.text.setText(text)
