"""The till: today's cash sessions and the day, what the staff earned, and gift
vouchers. The top line says which session is open (or that the till is closed)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.views import DayCloseReport
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.till.day_panel import DayPanel
from salon_desktop.ui.till.earnings_panel import EarningsPanel
from salon_desktop.ui.till.left_open import close_left_open, left_open_text
from salon_desktop.ui.till.voucher_panel import VoucherPanel
from salon_desktop.ui.widgets.when_shown import WhenShown


class TillScreen(QWidget):
    """Reads everything from ``ctx.till`` and ``ctx.reader``; refreshes when a sale is
    posted or the till changes (here or at another desk's screen)."""

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tillScreen")
        self.env = env
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("tillTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title.setFont(font)
        self.state = QLabel(self)
        self.state.setObjectName("tillState")
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.state)
        top.addStretch(1)
        layout.addLayout(top)

        # A session left open on an earlier day: said plainly, counted and closed here.
        self.left_open = QFrame(self)
        self.left_open.setObjectName("leftOpenBanner")
        self.left_open.setFrameShape(QFrame.Shape.StyledPanel)
        self.left_open.setStyleSheet(
            "#leftOpenBanner { background: #fdecea; border: 1px solid #b00020; }"
        )
        banner = QHBoxLayout(self.left_open)
        self.left_open_text = QLabel(self.left_open)
        self.left_open_text.setObjectName("leftOpenText")
        self.left_open_text.setWordWrap(True)
        self.left_open_text.setStyleSheet("color: #b00020; font-weight: bold;")
        self.left_open_button = QPushButton(_("Count and close it…"), self.left_open)
        self.left_open_button.setObjectName("closeLeftOpen")
        self.left_open_button.clicked.connect(self.close_left_open)
        banner.addWidget(self.left_open_text, 1)
        banner.addWidget(self.left_open_button)
        self.left_open.hide()
        self._left_open_report: DayCloseReport | None = None
        layout.addWidget(self.left_open)

        self.tabs = QTabWidget(self)
        self.day = DayPanel(env, self)
        self.earnings = EarningsPanel(env, self)
        self.vouchers = VoucherPanel(env, self)
        self.tabs.addTab(self.day, _("Today"))
        self.tabs.addTab(self.earnings, _("Staff earnings"))
        self.tabs.addTab(self.vouchers, _("Gift voucher"))
        layout.addWidget(self.tabs, 1)

        # A sale posted or the till changed (here or at another desk): read again now
        # if the till is on screen, else when it is next shown, as also when the day
        # has changed since it was read.
        self._read_on: dt.date | None = None
        self.when_shown = WhenShown(
            self, self.refresh, lambda: self._read_on != env.ctx.clients.today()
        )
        env.bus.sale_posted.connect(self.when_shown.changed)
        env.bus.till_changed.connect(self.when_shown.changed)
        self.refresh()

    def refresh(self) -> DayCloseReport:
        self._read_on = self.env.ctx.clients.today()
        r = self.day.refresh()
        fmt = self.env.fmt
        self.title.setText(_("Cash day {date}").format(date=fmt.date(r.business_date, "long")))
        day = self.day.day_report
        sessions = day.sessions if day is not None else ()
        last = sessions[-1] if sessions else None
        if last is not None and last.closed_at is not None:
            by = last.closed_by or _("unknown")
            self.state.setText(
                _(
                    "Session {number} closed at {time} by {name}: "
                    "the next sale opens a new session."
                ).format(
                    number=fmt.integer(last.number),
                    time=fmt.digits(last.closed_at.strftime("%H:%M")),
                    name=isolate(by),
                )
            )
            self.state.setStyleSheet("color: #b00020; font-weight: bold;")
        elif last is not None:
            self.state.setText(
                _("Session {number} open since {time}").format(
                    number=fmt.integer(last.number),
                    time=fmt.digits(last.opened_at.strftime("%H:%M")),
                )
            )
            self.state.setStyleSheet("color: #1b5e20; font-weight: bold;")
        else:
            self.state.setText(_("Not opened yet: set the opening float."))
            self.state.setStyleSheet("color: #7a5a00;")
        self._show_left_open()
        self.earnings.refresh()
        self.vouchers.refresh()
        return r

    def _show_left_open(self) -> None:
        till = self.env.ctx.till
        view = till.left_open()
        if view is None:
            self._left_open_report = None
            self.left_open.hide()
            return
        self._left_open_report = till.session_report(view.id)
        self.left_open_text.setText(
            left_open_text(self.env, view, self._left_open_report.business_date)
        )
        self.left_open.show()

    def close_left_open(self) -> bool:
        """Count and close the earlier day's session (a manager, or a manager's PIN)."""
        report = self._left_open_report
        if report is None or not close_left_open(self.env, self, report):
            return False
        self.refresh()
        return True
