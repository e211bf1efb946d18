"""The client's open complaints, at the top of her file: she is at risk of leaving."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from salon_desktop.domain.complaints import STATE_LABELS
from salon_desktop.i18n import _, ngettext
from salon_desktop.services.sales_read import local
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query


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
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.setVisible(False)
        env.bus.feedback_changed.connect(self.refresh)

    def set_client(self, client_id: int | None, name: str = "") -> None:
        self._client_id, self._client_name = client_id, name
        self.refresh()

    def refresh(self) -> None:
        cid = self._client_id
        if cid is None:
            self.setVisible(False)
            return
        Query(self._env, self, lambda ctx: ctx.complaints.open_for_client(cid)).success(
            lambda rows: self._show(cid, rows)
        ).run_in_background()

    def _show(self, client_id: int, rows) -> None:
        if client_id != self._client_id:
            return  # another file was opened meanwhile
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
