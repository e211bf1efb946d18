"""The audit trail for managers and the owner: who opened or changed what, when.

Filtered by who, what, client and period; read through ``Query`` (the service
refuses it to the other roles, and the sentence is shown here). Newest first,
at most ``LIMIT`` entries.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import N_, _
from salon_desktop.services.audit import KIND_LABELS, AuditFilter, AuditRow
from salon_desktop.services.sales_read import local
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.widgets.client_picker import ClientPicker
from salon_desktop.ui.widgets.date_field import DateField, InvalidDate
from salon_desktop.ui.widgets.forms import ErrorLabel
from salon_desktop.ui.widgets.rows_model import CellsModel

LIMIT = 1000
ENTITY_LABELS = {
    "client": N_("Client file"),
    "sale": N_("Sale"),
    "staff": N_("Staff member"),
    "complaint": N_("Complaint"),
    "settings": N_("Settings"),
    "category": N_("Catalog"),
    "service": N_("Catalog"),
    "product": N_("Catalog"),
    "export": N_("Export"),
}


class AuditModel(CellsModel):
    HEADERS = (N_("When"), N_("Who"), N_("What"), N_("Concerns"), N_("Details"))

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env

    def cells(self, row: AuditRow) -> tuple[str, ...]:
        fmt = self._env.fmt
        what = _(KIND_LABELS[row.kind]) if row.kind else row.action
        if row.kind in ("login", "staff", "client_change"):
            what = f"{what} ({row.action})"
        entity = _(ENTITY_LABELS.get(row.entity, row.entity))
        record = (
            f"{entity} {fmt.integer(row.entity_id, grouping=False)}" if row.entity_id else entity
        )
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(row.detail.items()))
        return (fmt.datetime(local(row.at)), row.staff_name or "—", what, record, detail)


class AuditDialog(QDialog):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.setObjectName("auditDialog")
        self.setWindowTitle(_("Audit trail"))
        self.who = QComboBox()
        self.who.setObjectName("auditWho")
        self.who.addItem(_("Anyone"), None)
        for m in env.ctx.staff.list(include_inactive=True):
            self.who.addItem(m.name, m.id)
        self.what = QComboBox()
        self.what.setObjectName("auditWhat")
        self.what.addItem(_("Anything"), None)
        for key, label in KIND_LABELS.items():
            self.what.addItem(_(label), key)
        self.client = ClientPicker(env, self)
        self.client.setObjectName("auditClient")
        self.date_from = DateField(env.fmt, self)
        self.date_from.setObjectName("auditFrom")
        self.date_to = DateField(env.fmt, self)
        self.date_to.setObjectName("auditTo")
        self.show_button = QPushButton(_("Show"))
        self.show_button.setObjectName("auditShow")
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.refresh)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Who")), 0, 0)
        grid.addWidget(self.who, 0, 1)
        grid.addWidget(QLabel(_("What")), 0, 2)
        grid.addWidget(self.what, 0, 3)
        grid.addWidget(QLabel(_("Client")), 1, 0)
        grid.addWidget(self.client, 1, 1)
        grid.addWidget(QLabel(_("From")), 1, 2)
        grid.addWidget(self.date_from, 1, 3)
        grid.addWidget(QLabel(_("To")), 1, 4)
        grid.addWidget(self.date_to, 1, 5)
        grid.addWidget(self.show_button, 1, 6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.error = ErrorLabel()
        self.error.setObjectName("auditError")
        self.model = AuditModel(env, self)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(980, 620)
        for combo in (self.who, self.what):
            combo.activated.connect(lambda _i: self.refresh())
        self.client.client_picked.connect(lambda _cid: self.refresh())
        self.client.cleared.connect(self.refresh)
        for field in (self.date_from, self.date_to):
            field.edit.returnPressed.connect(self.refresh)
        self.refresh()

    def _period(self) -> tuple[dt.date | None, dt.date | None] | None:
        try:
            return self.date_from.date(), self.date_to.date()
        except InvalidDate:
            self.error.show_error(
                _("Not a valid date. Type it like {pattern}.").format(
                    pattern=self._env.fmt.date_pattern()
                )
            )
            return None

    def refresh(self) -> None:
        self.error.clear_error()
        period = self._period()
        if period is None:
            return
        f = AuditFilter(
            staff_id=self.who.currentData(),
            kind=self.what.currentData(),
            client_id=self.client.client_id(),
            date_from=period[0],
            date_to=period[1],
        )
        actor = self._env.actor()

        def shown(rows: list[AuditRow]) -> None:
            self.model.set_rows(rows)
            self.count.setText(
                _("The newest {limit} entries; narrow the filter to see older ones.").format(
                    limit=self._env.fmt.integer(LIMIT)
                )
                if len(rows) >= LIMIT
                else ""
            )

        def refused(_failure) -> bool:
            self.model.set_rows([])
            return False  # the sentence, in self.error

        Query(self._env, self, lambda ctx: ctx.audit.search(actor, f, LIMIT)).message_to(
            self.error
        ).success(shown).failure(refused).run_in_background()
