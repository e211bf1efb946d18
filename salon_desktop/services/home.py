"""The day at a glance, for the home screen: today's sales so far, complaints open
and overdue, visits waiting for a survey, birthdays, clients due back, and the
revenue and NPS trends. Every figure is one aggregate query (or a few); the lists
are short (the screen shows the first few and the count)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Sale
from salon_desktop.db.models_feedback import Complaint
from salon_desktop.domain.action_lists import ListName
from salon_desktop.domain.complaints import OPEN_STATES
from salon_desktop.domain.sale import SaleKind
from salon_desktop.services.action_lists import ActionRow
from salon_desktop.services.complaints import ComplaintFilter, ComplaintService
from salon_desktop.services.sales_common import money_sum
from salon_desktop.services.surveys import SurveyService

SHOWN = 8  # names listed on the screen under each count
TREND_DAYS = 30
TREND_MONTHS = 12


@dataclass(frozen=True)
class Person:
    client_id: int
    name: str
    detail: int = 0  # birthdays: age she turns (0 unknown); due back: days since last visit


@dataclass(frozen=True)
class Today:
    day: dt.date
    sales: int  # sales posted today (voids and refunds not counted)
    revenue: int  # minor units, corrections of today taken off
    open_complaints: int
    overdue_complaints: int
    surveys_waiting: int
    birthdays: tuple[Person, ...]  # the first SHOWN
    birthday_count: int
    due_back: tuple[Person, ...]  # the most overdue first, the first SHOWN
    due_back_count: int
    scores_known: bool  # False until the first refit (no "due back" without it)
    revenue_by_day: tuple[tuple[dt.date, int], ...]  # the last TREND_DAYS days, oldest first
    nps_by_month: tuple[tuple[dt.date, int | None, int], ...]  # (month start, NPS, answers)


def _name(first: str, last: str) -> str:
    return " ".join(p for p in (first, last) if p)


class HomeService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        complaints: ComplaintService,
        surveys: SurveyService,
        lists: Callable[[str], list[ActionRow]],
        scores_known: Callable[[], bool],
        today: Callable[[], dt.date] = dt.date.today,
    ):
        self._sm = sm
        self._complaints = complaints
        self._surveys = surveys
        self._lists = lists  # an action list's rows, by its name
        self._scores_known = scores_known
        self._today = today

    def today(self) -> Today:
        day = self._today()
        since = day - dt.timedelta(days=TREND_DAYS - 1)
        s_ = Sale.__table__
        with self._sm() as s:
            conn = s.connection()
            count = conn.execute(
                select(func.count()).where(
                    s_.c.business_date == day, s_.c.kind == SaleKind.SALE.value
                )
            ).scalar_one()
            by_day: dict[dt.date, int] = dict(
                conn.execute(
                    select(s_.c.business_date, money_sum(s_.c.total))
                    .where(s_.c.business_date >= since, s_.c.business_date <= day)
                    .group_by(s_.c.business_date)
                ).all()
            )
            open_n = conn.execute(
                select(func.count()).where(
                    Complaint.state.in_(sorted(st.value for st in OPEN_STATES))
                )
            ).scalar_one()
        birthdays, birthday_count = self._birthdays(day)
        due, due_count, known = self._due_back(day)
        overdue = len(self._complaints.list(ComplaintFilter(overdue_only=True), limit=10_000))
        waiting = len(self._surveys.waiting())
        days = [since + dt.timedelta(days=i) for i in range(TREND_DAYS)]
        return Today(
            day,
            count,
            int(by_day.get(day, 0) or 0),
            open_n,
            overdue,
            waiting,
            birthdays,
            birthday_count,
            due,
            due_count,
            known,
            tuple((d, int(by_day.get(d, 0) or 0)) for d in days),
            self._nps(day),
        )

    # -- the lists (``services.action_lists``) ------------------------------------------
    def _birthdays(self, day: dt.date) -> tuple[tuple[Person, ...], int]:
        """Born on this day and month; the list's figure is the age she turns."""
        rows = self._lists(ListName.BIRTHDAYS_TODAY.value)
        people = [
            Person(r.client_id, _name(r.first_name, r.last_name), r.figure or 0) for r in rows
        ]
        return tuple(people[:SHOWN]), len(people)

    def _due_back(self, day: dt.date) -> tuple[tuple[Person, ...], int, bool]:
        """Past their own usual interval (the action list, from the stored scores: none
        before the first refit)."""
        if not self._scores_known():
            return (), 0, False
        rows = self._lists(ListName.DUE_BACK.value)
        people = [
            Person(
                r.client_id,
                _name(r.first_name, r.last_name),
                (day - r.last_visit).days if r.last_visit else 0,
            )
            for r in rows
        ]
        return tuple(people[:SHOWN]), len(people), True

    def _nps(self, day: dt.date) -> tuple[tuple[dt.date, int | None, int], ...]:
        """NPS by month (the salon's calendar: Jalali months in a Persian salon) over the
        last year, months without answers left out."""
        start = _month_start(day, -(TREND_MONTHS - 1))
        figures = self._surveys.figures(start, day)
        return tuple(
            (m.first_day, m.nps.score, m.nps.answers)
            for m in figures.by_month[-TREND_MONTHS:]
            if m.first_day is not None
        )


def _month_start(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


__all__ = ["HomeService", "Person", "Today"]
