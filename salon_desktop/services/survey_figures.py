"""The survey figures and each client's satisfaction category, aggregated by the
database, never answers loaded into Python.

NPS and CSAT by period, month, staff member and service are ``GROUP BY``s over
``survey_day_counts``: per day of visits, the counts they are made of (for all
surveys, per staff member, per service), added to by the transaction that
records a survey and equal to a ``GROUP BY`` of the answers themselves
(``rebuild_day_counts``, which the demo uses and a test compares with). A year
is a few thousand rows, whatever the number of surveys. A client's category
reads her few answers of the window and her open complaints, for a page of
clients at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Connection,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Staff
from salon_desktop.db.models_feedback import Complaint, Survey, SurveyAnswer, SurveyDayCount
from salon_desktop.db.models_sales import Service
from salon_desktop.domain.complaints import OPEN_STATES
from salon_desktop.domain.feedback import (
    DETRACTOR_MAX,
    PROMOTER_MIN,
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
SURVEYS = cast(Table, Survey.__table__)
DAYS = cast(Table, SurveyDayCount.__table__)
ALL = "all"  # the kind of the counts of every survey of a day
COUNTS = ("surveys", "answers", "promoters", "detractors", "ratings", "satisfied")


def day_counts(
    day: dt.date,
    rec: int | None,
    answers: Sequence[Mapping[str, Any]],
    ratings: int,
    satisfied: int,
) -> list[dict]:
    """What one survey adds to ``survey_day_counts``, from its answer rows
    (``services.surveys.answer_rows``): for all surveys of its day, and for each
    staff member and service it rates (a blank rating counts its recommend score)."""
    nps = {
        "answers": int(rec is not None),
        "promoters": int(rec is not None and rec >= PROMOTER_MIN),
        "detractors": int(rec is not None and rec <= DETRACTOR_MAX),
    }
    out: dict[tuple[str, int], dict] = {
        (ALL, 0): dict(
            kind=ALL,
            visit_date=day,
            subject_id=0,
            surveys=1,
            ratings=ratings,
            satisfied=satisfied,
            **nps,
        )
    }
    for a in answers:
        kind = a["kind"]
        if kind not in (AnswerKind.STAFF.value, AnswerKind.SERVICE.value):
            continue
        subject = (a["staff_id"] if kind == AnswerKind.STAFF.value else a["service_id"]) or 0
        score = a["score"]
        row = out.setdefault(
            (kind, subject),
            dict(
                kind=kind,
                visit_date=day,
                subject_id=subject,
                surveys=0,
                answers=0,
                promoters=0,
                detractors=0,
                ratings=0,
                satisfied=0,
            ),
        )
        for k, v in nps.items():
            row[k] += v
        row["ratings"] += score is not None
        row["satisfied"] += score is not None and score >= SATISFIED_MIN
    return list(out.values())


def _upsert(dialect):
    stmt = dialect.insert(DAYS)
    return stmt.on_conflict_do_update(
        index_elements=[DAYS.c.kind, DAYS.c.visit_date, DAYS.c.subject_id],
        set_={c: DAYS.c[c] + stmt.excluded[c] for c in COUNTS},
    )


_UPSERT = {"sqlite": _upsert(sqlite), "postgresql": _upsert(postgresql)}


def add_day_counts(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Add one survey's counts (``day_counts``), in the caller's transaction."""
    if rows:
        conn.execute(_UPSERT[conn.dialect.name], list(rows))


def rebuild_day_counts(conn: Connection) -> None:
    """``survey_day_counts`` made again from the surveys and their answers (the demo's
    bulk writer; what the counts kept survey by survey must always equal)."""
    a, sv = ANSWERS.c, SURVEYS.c
    conn.execute(delete(DAYS))
    cols = ["kind", "visit_date", "subject_id", *COUNTS]
    conn.execute(
        insert(DAYS).from_select(
            cols,
            select(
                literal(ALL),
                sv.visit_date,
                literal(0),
                func.count(),
                func.count(sv.recommend),
                _promoter(sv.recommend),
                _detractor(sv.recommend),
                func.sum(sv.ratings),
                func.sum(sv.ratings_satisfied),
            ).group_by(sv.visit_date),
        )
    )
    for kind, column in ((AnswerKind.STAFF, a.staff_id), (AnswerKind.SERVICE, a.service_id)):
        subject = func.coalesce(column, 0)
        conn.execute(
            insert(DAYS).from_select(
                cols,
                select(
                    literal(kind.value),
                    a.visit_date,
                    subject,
                    literal(0),
                    func.count(a.recommend),
                    _promoter(a.recommend),
                    _detractor(a.recommend),
                    func.count(a.score),
                    _satisfied(a.score),
                )
                .where(a.kind == kind.value)
                .group_by(a.visit_date, subject),
            )
        )


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


# What a page of clients told us: cached statements (a page of the client list
# costs a millisecond or two, not the building of three statements).
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_SINCE: BindParameter[dt.date] = bindparam("since")
_HEARD = select(
    Survey.client_id, Survey.taken_at, Survey.recommend, Survey.ratings_sum, Survey.ratings
).where(Survey.client_id.in_(_IDS), Survey.visit_date >= _SINCE)
_HEARD_ALL = select(
    Survey.client_id, Survey.taken_at, Survey.recommend, Survey.ratings_sum, Survey.ratings
).where(Survey.client_id.is_not(None), Survey.visit_date >= _SINCE)
_OPEN_COMPLAINTS_ALL = (
    select(Complaint.client_id, func.count())
    .where(
        Complaint.client_id.is_not(None),
        Complaint.state.in_(sorted(st.value for st in OPEN_STATES)),
    )
    .group_by(Complaint.client_id)
)
_OPEN_COMPLAINTS = _OPEN_COMPLAINTS_ALL.where(Complaint.client_id.in_(_IDS))


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
        d = DAYS.c
        sums = (
            func.sum(d.answers),
            func.sum(d.promoters),
            func.sum(d.detractors),
            func.sum(d.ratings),
            func.sum(d.satisfied),
        )
        period = and_(d.visit_date >= date_from, d.visit_date <= date_to)

        def fig(key, label, n, p, dd, cn, cs, **kw) -> Figure:
            return Figure(
                key,
                label,
                nps_of_counts(n or 0, p or 0, dd or 0, least),
                csat_of_counts(cn or 0, cs or 0, least),
                **kw,
            )

        day_stmt = (
            select(d.visit_date, *sums, func.sum(d.surveys))
            .where(d.kind == ALL, period)
            .group_by(d.visit_date)
        )
        staff_stmt = (
            select(d.subject_id, *sums)
            .where(d.kind == AnswerKind.STAFF.value, period)
            .group_by(d.subject_id)
        )
        service_stmt = (
            select(d.subject_id, *sums)
            .where(d.kind == AnswerKind.SERVICE.value, period)
            .group_by(d.subject_id)
        )
        jalali = self._jalali()
        with self._sm() as s:
            days = s.execute(day_stmt).all()
            staff_rows = s.execute(staff_stmt).all()
            service_rows = s.execute(service_stmt).all()
            staff_names = dict(s.execute(select(Staff.id, Staff.name)).all())
            service_names = dict(s.execute(select(Service.id, Service.name)).all())
        totals = [0] * 5
        surveys = 0
        months: dict[tuple[int, int], list] = {}
        for day, *counts, surveys_of_day in days:
            surveys += surveys_of_day
            key, first, last = _month_of(day, jalali)
            month = months.setdefault(key, [first, last, 0, 0, 0, 0, 0])
            for i, c in enumerate(counts):
                totals[i] += c or 0
                month[2 + i] += c or 0
        by_month = tuple(
            fig(key, "", *m[2:], first_day=m[0], last_day=m[1]) for key, m in sorted(months.items())
        )

        def ordered(rows, names) -> tuple[Figure, ...]:
            figs = [fig(k or None, names.get(k, "") if k else "", *r) for k, *r in rows]
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
        heard = self._heard(ids)
        rule = self._rule()
        return {cid: satisfaction(heard.get(cid, Heard()), rule) for cid in ids}

    def everyone(self) -> tuple[dict[int, Satisfaction], dict[int, int]]:
        """For scoring every client at once: the category of each client who told us
        something in the window (answers or an open complaint), and her latest
        would-recommend score (0–10) where she gave one."""
        rule = self._rule()
        cats: dict[int, Satisfaction] = {}
        latest: dict[int, int] = {}
        for cid, heard in self._heard(None).items():
            sat = satisfaction(heard, rule)
            if sat is not None:
                cats[cid] = sat
            if heard.recommend:
                latest[cid] = max(heard.recommend)[1]
        return cats, latest

    def _heard(self, ids: list[int] | None) -> dict[int, Heard]:
        """What each of ``ids`` (None: every client) told us within the window."""
        since = window_start(self._today(), self._rule().months)
        recommend: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
        ratings: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        with self._sm() as s:
            conn = s.connection()
            if ids is None:
                answers = conn.execute(_HEARD_ALL, {"since": since})
                complaints = dict(conn.execute(_OPEN_COMPLAINTS_ALL).all())
            else:
                answers = conn.execute(_HEARD, {"ids": ids, "since": since})
                complaints = dict(conn.execute(_OPEN_COMPLAINTS, {"ids": ids}).all())
            for cid, when, score, total, count in answers:
                if score is not None:
                    recommend[cid].append((when, score))
                ratings[cid][0] += total
                ratings[cid][1] += count
        return {
            cid: Heard(
                recommend.get(cid, ()), (), complaints.get(cid, 0), *ratings.get(cid, (0, 0))
            )
            for cid in set(recommend) | set(ratings) | set(complaints)
            if cid is not None
        }


__all__ = ["Figure", "SurveyFigures", "SurveyFiguresReader"]
