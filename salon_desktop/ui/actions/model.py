"""The rows of one action list as a table: number, name, phone, e-mail, last visit, why."""

from __future__ import annotations

from salon_desktop.domain.action_lists import ListName
from salon_desktop.i18n import N_
from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.action_lists import ActionRow, reason
from salon_desktop.ui.widgets.rows_model import CellsModel


class ActionRowsModel(CellsModel):
    HEADERS = (N_("No."), N_("Name"), N_("Why"), N_("Phone"), N_("Last visit"), N_("E-mail"))
    EMAIL = 5  # the last column takes what room is left

    def __init__(self, fmt: Formatter, region: str = "PL", parent=None):
        super().__init__(parent)
        self._fmt, self._region = fmt, region
        self.list_name = ListName.WIN_BACK

    def show(self, name: ListName, rows: list[ActionRow]) -> None:
        self.list_name = name
        self.set_rows(rows)

    def cells(self, row: ActionRow) -> tuple[str, ...]:
        fmt = self._fmt
        return (
            fmt.client_number(row.number),
            row.name,
            reason(self.list_name, row, fmt),
            fmt.phone(row.phone, self._region) if row.phone else "",
            fmt.date(row.last_visit) if row.last_visit else "",
            row.email,
        )
