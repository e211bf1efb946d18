"""The till's tables: the day's report, cash movements, staff earnings, a voucher's history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from salon_desktop.domain.sale import PAY_METHOD_LABELS, PayMethod
from salon_desktop.domain.views import (
    CashMovementView,
    CashSessionView,
    DayCloseReport,
    StaffEarnings,
    VoucherView,
)
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.rows_model import CellsModel

RED = QColor("#b00020")


@dataclass(frozen=True)
class Cell:
    """One row of a two-column report: a caption and its value."""

    caption: str
    value: str = ""
    count: str = ""
    heading: bool = False  # a section title
    strong: bool = False  # a total
    negative: bool = False  # shown red (short, a correction)
    key: str = ""  # tests and the screen find rows by this


class ReportModel(CellsModel):
    """The day in two columns: what, and how much."""

    HEADERS = (N_("Item"), N_("Count"), N_("Amount"))

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.amount_columns = {1, 2}

    def cells(self, row: Cell) -> tuple[str, ...]:
        return row.caption, row.count, row.value

    def style(self, row: Cell, column: int, role):
        if role == Qt.ItemDataRole.FontRole and (row.heading or row.strong):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.negative and column == 2:
            return QBrush(RED)
        if role == Qt.ItemDataRole.BackgroundRole and row.heading:
            return QBrush(QColor(0, 0, 0, 18))
        return None

    def value_of(self, key: str) -> str | None:
        for row in self.rows:
            if row.key == key:
                return row.value
        return None

    def show_report(self, r: DayCloseReport) -> None:
        fmt = self._env.fmt
        money = fmt.amount

        moves_in = sum(m.amount for m in r.movements if m.amount > 0)
        moves_out = sum(m.amount for m in r.movements if m.amount < 0)
        by_method = dict(r.by_method)
        rows = [
            Cell(_("Sales"), heading=True),
            Cell(_("Sales"), money(r.sales_total), fmt.integer(r.sales_count), key="sales"),
            Cell(_("Discounts given"), money(r.discounts), key="discounts"),
            Cell(
                _("Voids"),
                money(r.voids_total),
                fmt.integer(r.voids_count),
                negative=r.voids_count > 0,
                key="voids",
            ),
            Cell(
                _("Refunds"),
                money(r.refunds_total),
                fmt.integer(r.refunds_count),
                negative=r.refunds_count > 0,
                key="refunds",
            ),
            Cell(_("Payments"), heading=True),
        ]
        rows += [
            Cell(_(label), money(by_method.get(method.value, 0)), key=f"method_{method.value}")
            for method, label in PAY_METHOD_LABELS.items()
        ]
        rows += [
            Cell(_("Cash drawer"), heading=True),
            Cell(_("Opening float"), money(r.opening_float), key="float"),
            Cell(
                _("Cash payments"),
                money(by_method.get(PayMethod.CASH.value, 0)),
                key="cash_payments",
            ),
            Cell(_("Paid in"), money(moves_in), key="paid_in"),
            Cell(_("Paid out"), money(moves_out), negative=moves_out < 0, key="paid_out"),
        ]
        several = r.session is None and len(r.sessions) > 1
        if several:  # the day of two shifts: each session's count first, the sums below
            top = [Cell(_("Cash sessions"), heading=True)]
            for v in r.sessions:
                n = v.number
                top.append(
                    Cell(
                        session_caption(self._env, v),
                        money(v.expected_cash),
                        key=f"session_{n}_expected",
                    )
                )
                if v.counted_cash is not None:
                    d = v.difference or 0
                    top += [
                        Cell(
                            "    " + _("Counted"), money(v.counted_cash), key=f"session_{n}_counted"
                        ),
                        Cell(
                            "    " + _("Difference"),
                            difference_text(self._env, d),
                            negative=d < 0,
                            key=f"session_{n}_difference",
                        ),
                    ]
                else:
                    top.append(Cell("    " + _("Counted"), _("not counted yet")))
            rows = top + rows
        rows.append(
            Cell(
                _("Expected, all sessions") if several else _("Expected in the drawer"),
                money(r.expected_cash),
                strong=True,
                key="expected",
            )
        )
        if r.counted_cash is not None:
            diff = r.difference or 0
            rows += [
                Cell(
                    _("Counted, all sessions") if several else _("Counted"),
                    money(r.counted_cash),
                    strong=True,
                    key="counted",
                ),
                Cell(
                    _("Difference"),
                    difference_text(self._env, diff),
                    strong=True,
                    negative=diff < 0,
                    key="difference",
                ),
            ]
        if r.tips_by_staff:
            rows.append(Cell(_("Tips"), heading=True))
            rows += [
                Cell(isolate(name), money(amount), key=f"tip_{name}")
                for name, amount in r.tips_by_staff
            ]
        self.set_rows(rows)


def session_caption(env: UiEnv, v: CashSessionView) -> str:
    """ "Session 2, 14:05–19:30" or "Session 2, open since 14:05"."""
    fmt = env.fmt
    start = fmt.digits(v.opened_at.strftime("%H:%M"))
    if v.closed_at is None:
        return _("Session {number}, open since {time}").format(
            number=fmt.integer(v.number), time=start
        )
    end = fmt.digits(v.closed_at.strftime("%H:%M"))
    return _("Session {number}, {start}–{end}").format(
        number=fmt.integer(v.number), start=start, end=end
    )


def difference_text(env: UiEnv, diff: int) -> str:
    if diff < 0:
        return _("short by {amount}").format(amount=env.fmt.amount(-diff))
    if diff > 0:
        return _("over by {amount}").format(amount=env.fmt.amount(diff))
    return _("exact")


class MovementsModel(CellsModel):
    HEADERS = (N_("Time"), N_("Amount"), N_("Reason"), N_("By"))

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.amount_columns = {1}

    def cells(self, m: CashMovementView) -> tuple[str, ...]:
        return (
            self._env.fmt.digits(m.at.strftime("%H:%M")),
            self._env.fmt.amount(m.amount),
            isolate(m.reason),
            isolate(m.staff_name),
        )

    def style(self, m: CashMovementView, column: int, role):
        if role == Qt.ItemDataRole.ForegroundRole and m.amount < 0 and column == 1:
            return QBrush(RED)
        return None


class EarningsModel(CellsModel):
    """Per staff member, with a total row last."""

    HEADERS = (
        N_("Staff"),
        N_("Services"),
        N_("Products"),
        N_("Commission"),
        N_("Tips"),
        N_("Commission and tips"),
    )

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.amount_columns = {1, 2, 3, 4, 5}

    def show_earnings(self, rows: list[StaffEarnings]) -> None:
        total = StaffEarnings(
            0,
            _("Total"),
            sum(r.services_net for r in rows),
            sum(r.products_net for r in rows),
            sum(r.commission for r in rows),
            sum(r.tips for r in rows),
        )
        self.set_rows([*rows, total] if rows else [])

    def cells(self, e: StaffEarnings) -> tuple[str, ...]:
        money = self._env.fmt.amount
        name = isolate(e.staff_name) if e.staff_id else e.staff_name
        return (
            name,
            money(e.services_net),
            money(e.products_net),
            money(e.commission),
            money(e.tips),
            money(e.commission + e.tips),
        )

    def style(self, e: StaffEarnings, column: int, role):
        if role == Qt.ItemDataRole.FontRole and not e.staff_id:
            font = QFont()
            font.setBold(True)
            return font
        return None


class VoucherMovesModel(CellsModel):
    HEADERS = (N_("When"), N_("Receipt"), N_("Amount"))

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.amount_columns = {2}

    def show_voucher(self, v: VoucherView | None) -> None:
        self.set_rows(v.movements if v else [])

    def cells(self, m) -> tuple[str, ...]:
        at, receipt, amount = m
        return (
            self._env.fmt.datetime(at),
            self._env.fmt.receipt(receipt),
            self._env.fmt.amount(amount),
        )

    def style(self, m, column: int, role):
        if role == Qt.ItemDataRole.ForegroundRole and m[2] < 0 and column == 2:
            return QBrush(RED)
        return None


def table_view(
    model: QAbstractTableModel, parent: QWidget, name: str, stretch: int | None = 0
) -> QTableView:
    """A read-only, row-selecting table over ``model``; column ``stretch`` takes the space
    (None: every column shares it)."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    if stretch is None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
