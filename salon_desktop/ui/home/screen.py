"""The first page of the day: today's sales so far, complaints open and overdue,
visits waiting for a survey, birthdays, clients due back, and the revenue and NPS
trends. Each figure is a button to where it is dealt with (the till, the complaints,
the surveys, the list of names); Enter on a name opens her file.

Filled by one ``Query`` (``ctx.home.today``) when the page is shown and whenever a
sale, a complaint, a survey, a client file or the scores change while it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import N_, _, ngettext
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.home import Person, Today
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.widgets.bar_chart import BarChart

CLIENT_ID = Qt.ItemDataRole.UserRole + 1


class _Names(QListView):
    """A few names; Enter or a double click opens the client's file."""

    def __init__(self, env: UiEnv, name: str, parent: QWidget):
        super().__init__(parent)
        self._env = env
        self.setObjectName(name)
        self.names = QStandardItemModel(self)
        self.setModel(self.names)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activated.connect(self._open)

    def set_people(self, people: tuple[Person, ...], detail) -> None:
        self.names.clear()
        for p in people:
            name = isolate(p.name)  # a Persian name in an English line keeps its place
            item = QStandardItem(f"{name} · {detail(p)}" if detail(p) else name)
            item.setData(p.client_id, CLIENT_ID)
            self.names.appendRow(item)
        if people:
            self.setCurrentIndex(self.names.index(0, 0))

    def _open(self, index: QModelIndex) -> None:
        cid = index.data(CLIENT_ID)
        if cid is not None:
            self._env.bus.client_file_requested.emit(int(cid))


class HomeScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.today: Today | None = None
        self._stale = True
        outer = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("homeHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        outer.addWidget(self.heading)

        tiles = QGridLayout()
        self.tiles: dict[str, QPushButton] = {}
        for i, key in enumerate(("sales", "complaints", "surveys", "birthdays", "due")):
            button = QPushButton(self)
            button.setObjectName(f"tile_{key}")
            button.setAutoDefault(True)
            button.setMinimumHeight(52)
            tiles.addWidget(button, i // 3, i % 3)
            self.tiles[key] = button
        outer.addLayout(tiles)
        go = env.bus.page_requested.emit
        self.tiles["sales"].clicked.connect(lambda: go(N_("Till")))
        self.tiles["complaints"].clicked.connect(lambda: go(N_("Complaints")))
        self.tiles["surveys"].clicked.connect(lambda: go(N_("Surveys")))

        lists = QGridLayout()
        self.birthdays_box = QGroupBox(_("Birthdays today"), self)
        self.birthdays = _Names(env, "birthdays", self.birthdays_box)
        QVBoxLayout(self.birthdays_box).addWidget(self.birthdays)
        self.due_box = QGroupBox(_("Due back (past their usual interval)"), self)
        self.due = _Names(env, "dueBack", self.due_box)
        QVBoxLayout(self.due_box).addWidget(self.due)
        lists.addWidget(self.birthdays_box, 0, 0)
        lists.addWidget(self.due_box, 0, 1)
        self.tiles["birthdays"].clicked.connect(self.birthdays.setFocus)
        self.tiles["due"].clicked.connect(self.due.setFocus)

        self.revenue_box = QGroupBox(_("Revenue, the last 30 days"), self)
        self.revenue_chart = BarChart(self.revenue_box)
        self.revenue_chart.setObjectName("revenueChart")
        QVBoxLayout(self.revenue_box).addWidget(self.revenue_chart)
        self.nps_box = QGroupBox(_("NPS by month"), self)
        self.nps_chart = BarChart(self.nps_box)
        self.nps_chart.setObjectName("npsChart")
        self.nps_note = QLabel(self.nps_box)
        self.nps_note.setWordWrap(True)
        nps_layout = QVBoxLayout(self.nps_box)
        nps_layout.addWidget(self.nps_chart)
        nps_layout.addWidget(self.nps_note)
        lists.addWidget(self.revenue_box, 1, 0)
        lists.addWidget(self.nps_box, 1, 1)
        outer.addLayout(lists, 1)

        bus = env.bus
        for signal in (bus.feedback_changed, bus.clients_changed, bus.scores_changed):
            signal.connect(self.refresh_if_shown)
        bus.sale_posted.connect(lambda _id: self.refresh_if_shown())
        bus.client_changed.connect(lambda _id: self.refresh_if_shown())
        self._show(None)

    # -- filling it ----------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # filled when next shown

    def refresh(self) -> None:
        self._stale = False
        Query(self._env, self, lambda ctx: ctx.home.today()).success(self._show).run_in_background()

    def _show(self, today: Today | None) -> None:
        self.today = today
        fmt = self._env.fmt
        t = self.tiles
        if today is None:
            self.heading.setText(_("Today"))
            for button in t.values():
                button.setText("…")
            return
        self.heading.setText(_("Today, {date}").format(date=fmt.date(today.day, "long")))
        t["sales"].setText(
            ngettext("{n} sale today", "{n} sales today", today.sales).format(
                n=fmt.integer(today.sales)
            )
            + "\n"
            + fmt.amount(today.revenue)
        )
        complaints = ngettext(
            "{n} complaint open", "{n} complaints open", today.open_complaints
        ).format(n=fmt.integer(today.open_complaints))
        overdue = ngettext("{n} overdue", "{n} overdue", today.overdue_complaints).format(
            n=fmt.integer(today.overdue_complaints)
        )
        t["complaints"].setText(complaints + "\n" + overdue)
        t["surveys"].setText(
            ngettext(
                "{n} visit waiting\nfor a survey",
                "{n} visits waiting\nfor a survey",
                today.surveys_waiting,
            ).format(n=fmt.integer(today.surveys_waiting))
        )
        t["birthdays"].setText(
            ngettext("{n} birthday\ntoday", "{n} birthdays\ntoday", today.birthday_count).format(
                n=fmt.integer(today.birthday_count)
            )
        )
        if today.scores_known:
            t["due"].setText(
                ngettext(
                    "{n} client\ndue back", "{n} clients\ndue back", today.due_back_count
                ).format(n=fmt.integer(today.due_back_count))
            )
        else:
            t["due"].setText(_("Due back:\nscores not computed yet"))
        self.birthdays.set_people(
            today.birthdays,
            lambda p: _("turns {age}").format(age=fmt.integer(p.detail)) if p.detail else "",
        )
        self.due.set_people(
            today.due_back,
            lambda p: ngettext("{n} day since", "{n} days since", p.detail).format(
                n=fmt.integer(p.detail)
            ),
        )
        self.revenue_chart.set_bars(
            [(fmt.date(d), float(v), fmt.amount(v)) for d, v in today.revenue_by_day]
        )
        self.nps_chart.set_bars(
            [
                (
                    fmt.month(m, short=True),
                    None if score is None else float(score),
                    _("NPS {nps} on {n} answers").format(
                        nps=fmt.integer(score) if score is not None else "—",
                        n=fmt.integer(answers),
                    ),
                )
                for m, score, answers in today.nps_by_month
            ]
        )
        self.nps_note.setText(
            "" if today.nps_by_month else _("No survey answers in the last twelve months.")
        )
