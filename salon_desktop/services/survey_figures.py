"""The survey figures and each client's satisfaction category, aggregated by the
database: NPS and CSAT are one ``GROUP BY`` each over an index of
``survey_answers`` (which carries its survey's visit date and recommend score),
never answers loaded into Python; a client's category reads her few answers of
the window and her open complaints, for a page of clients at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, and_, case, func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Staff
from salon_desktop.db.models_feedback import Complaint, Survey, SurveyAnswer
from salon_desktop.db.models_sales import Service
from salon_desktop.domain.complaints import OPEN_STATES
from salon_desktop.domain.feedback import (
    DETRACTOR_MAX,
    PROMOTER_MIN,
    RATING_MAX,
    RATING_MIN,
    SATISFIED_MIN,
    Csat,
    Heard,
    Nps,
    Satisfaction,
    SatisfactionRule,
    csat_of_counts,
    nps_of_counts,
    satisfaction,
    window_start,
)
from salon_desktop.domain.surveys import AnswerKind

ANSWERS = cast(Table, SurveyAnswer.__table__)


@dataclass(frozen=True)
class Figure:
    """NPS and CSAT of one group (a period, a staff member, a service, a month)."""

    key: object  # staff id, service id, (year, month) or None for all
    label: str
    nps: Nps
    csat: Csat
    first_day: dt.date | None = None  # of a month
    last_day: dt.date | None = None


@dataclass(frozen=True)
class SurveyFigures:
    date_from: dt.date
    date_to: dt.date
    min_answers: int
    surveys: int
    overall: Figure
    by_staff: tuple[Figure, ...]
    by_service: tuple[Figure, ...]
    by_month: tuple[Figure, ...]


def _promoter(col):
    return func.sum(case((col >= PROMOTER_MIN, 1), else_=0))


def _detractor(col):
    return func.sum(case((col <= DETRACTOR_MAX, 1), else_=0))


def _satisfied(col):
    return func.sum(case((col >= SATISFIED_MIN, 1), else_=0))


def _month_of(d: dt.date, jalali: bool) -> tuple[tuple[int, int], dt.date, dt.date]:
    """The month of ``d`` (in the salon's calendar): its key, first and last day."""
    if jalali:
        from persiantools.jdatetime import JalaliDate

        j = JalaliDate(d)
        first = JalaliDate(j.year, j.month, 1)
        nxt = JalaliDate(j.year + (j.month == 12), j.month % 12 + 1, 1)
        return (j.year, j.month), first.to_gregorian(), nxt.to_gregorian() - dt.timedelta(1)
    first_g = d.replace(day=1)
    nxt_g = (first_g + dt.timedelta(days=32)).replace(day=1)
    return (d.year, d.month), first_g, nxt_g - dt.timedelta(1)


class SurveyFiguresReader:
    def __init__(
        self,
        sm: sessionmaker[Session],
        min_answers: Callable[[], int],
        rule: Callable[[], SatisfactionRule],
        jalali: Callable[[], bool],
        today: Callable[[], dt.date],
    ):
        self._sm = sm
        self._min_answers = min_answers
        self._rule = rule
        self._jalali = jalali
        self._today = today

    # -- the figures ----------------------------------------------------------------------
    def figures(self, date_from: dt.date, date_to: dt.date) -> SurveyFigures:
        """NPS and CSAT of the visits of a period (inclusive): overall, by staff member,
        by service and by month of the salon's calendar, each with its answer counts
        (no score below the minimum count)."""
        least = self._min_answers()
        a = ANSWERS.c
        period = and_(a.visit_date >= date_from, a.visit_date <= date_to)
        rec_n, rec_p, rec_d = (
            func.count(a.recommend),
            _promoter(a.recommend),
            _detractor(a.recommend),
        )
        sat_n, sat_s = func.count(a.score), _satisfied(a.score)

        def fig(key, label, n, p, d, cn, cs, **kw) -> Figure:
            return Figure(
                key,
                label,
                nps_of_counts(n or 0, p or 0, d or 0, least),
                csat_of_counts(cn or 0, cs or 0, least),
                **kw,
            )

        is_rec = a.kind == AnswerKind.RECOMMEND.value
        is_rating = and_(
            a.kind != AnswerKind.RECOMMEND.value,
            a.scale_min == RATING_MIN,
            a.scale_max == RATING_MAX,
        )
        day_stmt = (
            select(
                a.visit_date,
                func.count(case((is_rec, a.score))),
                func.sum(case((and_(is_rec, a.score >= PROMOTER_MIN), 1), else_=0)),
                func.sum(case((and_(is_rec, a.score <= DETRACTOR_MAX), 1), else_=0)),
                func.count(case((is_rating, a.score))),
                func.sum(case((and_(is_rating, a.score >= SATISFIED_MIN), 1), else_=0)),
            )
            .where(period)
            .group_by(a.visit_date)
        )
        staff_stmt = (
            select(a.staff_id, rec_n, rec_p, rec_d, sat_n, sat_s)
            .where(a.kind == AnswerKind.STAFF.value, period)
            .group_by(a.staff_id)
        )
        service_stmt = (
            select(a.service_id, rec_n, rec_p, rec_d, sat_n, sat_s)
            .where(a.kind == AnswerKind.SERVICE.value, period)
            .group_by(a.service_id)
        )
        surveys_stmt = select(func.count(Survey.id)).where(
            Survey.visit_date >= date_from, Survey.visit_date <= date_to
        )
        jalali = self._jalali()
        with self._sm() as s:
            days = s.execute(day_stmt).all()
            staff_rows = s.execute(staff_stmt).all()
            service_rows = s.execute(service_stmt).all()
            surveys = s.scalar(surveys_stmt) or 0
            staff_names = dict(s.execute(select(Staff.id, Staff.name)).all())
            service_names = dict(s.execute(select(Service.id, Service.name)).all())
        totals = [0] * 5
        months: dict[tuple[int, int], list] = {}
        for day, *counts in days:
            key, first, last = _month_of(day, jalali)
            month = months.setdefault(key, [first, last, 0, 0, 0, 0, 0])
            for i, c in enumerate(counts):
                totals[i] += c or 0
                month[2 + i] += c or 0
        by_month = tuple(
            fig(key, "", *m[2:], first_day=m[0], last_day=m[1]) for key, m in sorted(months.items())
        )

        def ordered(rows, names) -> tuple[Figure, ...]:
            figs = [fig(k, names.get(k, "") if k is not None else "", *r) for k, *r in rows]
            return tuple(sorted(figs, key=lambda f: (-f.nps.answers, f.label)))

        return SurveyFigures(
            date_from,
            date_to,
            least,
            surveys,
            fig(None, "", *totals),
            ordered(staff_rows, staff_names),
            ordered(service_rows, service_names),
            by_month,
        )

    # -- the satisfaction category ---------------------------------------------------------
    def categories(self, client_ids: Iterable[int]) -> dict[int, Satisfaction | None]:
        """Each client's category from her answers of the window and her open complaints."""
        ids = sorted(set(client_ids))
        if not ids:
            return {}
        rule = self._rule()
        since = window_start(self._today(), rule.months)
        recommend: dict[int, list[tuple[dt.datetime, int]]] = {i: [] for i in ids}
        ratings: dict[int, list[int]] = {i: [] for i in ids}
        with self._sm() as s:
            for cid, when, score in s.execute(
                select(Survey.client_id, Survey.taken_at, Survey.recommend).where(
                    Survey.client_id.in_(ids),
                    Survey.visit_date >= since,
                    Survey.recommend.is_not(None),
                )
            ):
                if score is not None:
                    recommend[cid].append((when, score))
            for cid, score in s.execute(
                select(Survey.client_id, SurveyAnswer.score)
                .join(SurveyAnswer, SurveyAnswer.survey_id == Survey.id)
                .where(
                    Survey.client_id.in_(ids),
                    Survey.visit_date >= since,
                    SurveyAnswer.kind != AnswerKind.RECOMMEND.value,
                    SurveyAnswer.scale_min == RATING_MIN,
                    SurveyAnswer.scale_max == RATING_MAX,
                    SurveyAnswer.score.is_not(None),
                )
            ):
                if score is not None:
                    ratings[cid].append(score)
            complaints = dict(
                s.execute(
                    select(Complaint.client_id, func.count())
                    .where(
                        Complaint.client_id.in_(ids),
                        Complaint.state.in_([st.value for st in OPEN_STATES]),
                    )
                    .group_by(Complaint.client_id)
                ).all()
            )
        return {
            cid: satisfaction(Heard(recommend[cid], ratings[cid], complaints.get(cid, 0)), rule)
            for cid in ids
        }


__all__ = ["Figure", "SurveyFigures", "SurveyFiguresReader"]
