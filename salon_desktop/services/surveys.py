"""Satisfaction surveys: the visits waiting for one, a visit's form, its answers
recorded in one transaction, the figures, and each client's satisfaction category.

The rules (scales, what a survey must hold, NPS, CSAT, the category) are
``domain.surveys`` and ``domain.feedback``. The figures are aggregated by the
database (``GROUP BY`` over an index of ``survey_answers``), never by loading
answers into Python; the category reads a client's few answers of the window.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import Client, Staff
from salon_desktop.db.models_feedback import Complaint, Survey, SurveyAnswer, SurveyQuestion
from salon_desktop.db.models_sales import Sale, SaleLine, Service
from salon_desktop.domain.complaints import OPEN_STATES
from salon_desktop.domain.feedback import (
    DETRACTOR_MAX,
    PROMOTER_MIN,
    RATING_MAX,
    RATING_MIN,
    RECOMMEND_MAX,
    RECOMMEND_MIN,
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
from salon_desktop.domain.surveys import (
    RECOMMEND_QUESTION,
    SERVICE_QUESTION,
    STAFF_QUESTION,
    AnswerKind,
    Channel,
    QuestionDraft,
    SurveyDraft,
    check_question,
    check_survey,
    question_text,
    unhappy_survey,
)
from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.i18n import N_, _, speaking
from salon_desktop.services import audit
from salon_desktop.services.sales_read import client_display

WAITING_DAYS = 30  # visits older than this are no longer offered for a survey


@dataclass(frozen=True)
class VisitToSurvey:
    """A line of the waiting list."""

    sale_id: int
    receipt_no: str
    business_date: dt.date
    client_id: int
    client_name: str
    services: tuple[str, ...]
    staff: tuple[str, ...]


@dataclass(frozen=True)
class FormLine:
    line_id: int
    description: str
    staff_id: int | None
    staff_name: str


@dataclass(frozen=True)
class FormQuestion:
    id: int
    text: str
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class SurveyForm:
    """What the entry form asks about one visit."""

    sale_id: int
    receipt_no: str
    business_date: dt.date
    client_id: int
    client_name: str
    lines: tuple[FormLine, ...]
    staff: tuple[tuple[int, str], ...]
    questions: tuple[FormQuestion, ...]


@dataclass(frozen=True)
class Recorded:
    survey_id: int
    unhappy: bool  # a detractor's score or a satisfaction of 1–2: offer a complaint


@dataclass(frozen=True)
class AnswerView:
    kind: AnswerKind
    question_text: str
    subject: str
    scale_min: int
    scale_max: int
    score: int | None
    sale_line_id: int | None
    staff_id: int | None
    service_id: int | None
    question_id: int | None


@dataclass(frozen=True)
class SurveyView:
    id: int
    sale_id: int
    client_id: int
    client_name: str
    visit_date: dt.date
    taken_at: dt.datetime
    channel: Channel
    language: str
    recommend: int | None
    comment: str
    answers: tuple[AnswerView, ...]

    def complaint_text(self) -> str:
        """The survey in a few lines, for a complaint recorded from it."""
        parts = [f"{a.question_text} {a.score}/{a.scale_max}" for a in self.answers if a.score]
        if self.comment:
            parts.append(self.comment)
        return "\n".join(parts)

    def low_staff(self) -> int | None:
        """The staff member rated lowest (1–2), if one was."""
        low = [a for a in self.answers if a.kind is AnswerKind.STAFF and a.score is not None]
        low = [a for a in low if a.score is not None and a.score <= 2]
        return min(low, key=lambda a: a.score or 0).staff_id if low else None


@dataclass(frozen=True)
class QuestionItem:
    id: int
    code: str
    texts: dict[str, str]
    scale_min: int
    scale_max: int
    active: bool
    position: int
    text: str  # as asked in the salon's language


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


class SurveyService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        language: Callable[[], str] = lambda: "en",
        min_answers: Callable[[], int] = lambda: 5,
        rule: Callable[[], SatisfactionRule] = SatisfactionRule,
        jalali: Callable[[], bool] = lambda: False,
        now: Callable[[], dt.datetime] = utcnow,
        today: Callable[[], dt.date] = dt.date.today,
    ):
        self._sm = sm
        self._language = language
        self._min_answers = min_answers
        self._rule = rule
        self._jalali = jalali
        self._now = now
        self._today = today

    # -- the waiting list -----------------------------------------------------------------
    def waiting(self, days: int = WAITING_DAYS, limit: int = 300) -> list[VisitToSurvey]:
        """Recent visits of a client, not voided and without a survey, newest first."""
        since = self._today() - dt.timedelta(days=days)
        void = aliased(Sale)
        stmt = (
            select(
                Sale.id,
                Sale.receipt_no,
                Sale.business_date,
                Sale.client_id,
                Client.first_name,
                Client.last_name,
            )
            .join(Client, Client.id == Sale.client_id)
            .outerjoin(Survey, Survey.sale_id == Sale.id)
            .where(
                Sale.kind == "sale",
                Sale.business_date >= since,
                Survey.id.is_(None),
                ~select(void.id)
                .where(void.original_sale_id == Sale.id, void.kind == "void")
                .exists(),
                select(SaleLine.id)
                .where(SaleLine.sale_id == Sale.id, SaleLine.kind == "service")
                .exists(),
            )
            .order_by(Sale.business_date.desc(), Sale.id.desc())
            .limit(limit)
        )
        with self._sm() as s:
            rows = s.execute(stmt).all()
            ids = [r.id for r in rows]
            services: dict[int, list[str]] = {i: [] for i in ids}
            staff: dict[int, list[str]] = {i: [] for i in ids}
            if ids:
                for sale_id, desc, name in s.execute(
                    select(SaleLine.sale_id, SaleLine.description, Staff.name)
                    .outerjoin(Staff, Staff.id == SaleLine.staff_id)
                    .where(SaleLine.sale_id.in_(ids), SaleLine.kind == "service")
                    .order_by(SaleLine.sale_id, SaleLine.position)
                ):
                    services[sale_id].append(desc)
                    if name and name not in staff[sale_id]:
                        staff[sale_id].append(name)
        return [
            VisitToSurvey(
                r.id,
                r.receipt_no,
                r.business_date,
                r.client_id,
                client_display(r.first_name, r.last_name),
                tuple(services[r.id]),
                tuple(staff[r.id]),
            )
            for r in rows
        ]

    # -- one visit's form -----------------------------------------------------------------
    def form(self, sale_id: int) -> SurveyForm:
        """What to ask about this visit; refused (ValidationError on ``sale_id``) when
        the visit does not exist, is not a client's or already has its survey."""
        with self._sm() as s:
            return self._form(s, sale_id, self._language())

    def _form(self, s: Session, sale_id: int, language: str) -> SurveyForm:
        errors = Errors()
        sale = s.get(Sale, sale_id)
        if sale is None or sale.kind != "sale":
            errors.add("sale_id", N_("This visit does not exist."))
        elif sale.client_id is None:
            errors.add("sale_id", N_("This visit has no client file to survey."))
        elif s.scalar(select(Survey.id).where(Survey.sale_id == sale_id)) is not None:
            errors.add("sale_id", N_("This visit already has its survey."))
        errors.raise_if_any()
        assert sale is not None and sale.client_id is not None
        client = s.get(Client, sale.client_id)
        names: dict[int, str] = dict(s.execute(select(Staff.id, Staff.name)).all())
        lines = tuple(
            FormLine(line.id, line.description, line.staff_id, names.get(line.staff_id or 0, ""))
            for line in s.scalars(
                select(SaleLine)
                .where(SaleLine.sale_id == sale_id, SaleLine.kind == "service")
                .order_by(SaleLine.position)
            )
        )
        staff: list[tuple[int, str]] = []
        for line in lines:
            if line.staff_id is not None and all(line.staff_id != i for i, _n in staff):
                staff.append((line.staff_id, line.staff_name))
        with speaking(language):
            questions = tuple(
                FormQuestion(q.id, self._text(q, language), q.scale_min, q.scale_max)
                for q in s.scalars(
                    select(SurveyQuestion)
                    .where(SurveyQuestion.active.is_(True))
                    .order_by(SurveyQuestion.position, SurveyQuestion.id)
                )
            )
        return SurveyForm(
            sale_id,
            sale.receipt_no,
            sale.business_date,
            sale.client_id,
            client_display(client.first_name, client.last_name) if client else "",
            lines,
            tuple(staff),
            questions,
        )

    @staticmethod
    def _text(q: SurveyQuestion, language: str) -> str:
        return question_text(json.loads(q.texts or "{}"), q.code, language, _)

    # -- recording ------------------------------------------------------------------------
    def record(self, draft: SurveyDraft, actor_id: int | None) -> Recorded:
        """The survey and all its answers, or nothing (ValidationError)."""
        language = self._language()
        try:
            with self._sm.begin() as s:
                return self._record(s, draft, actor_id, language)
        except IntegrityError as exc:  # the same visit surveyed on another desk meanwhile
            with self._sm() as s:
                if s.scalar(select(Survey.id).where(Survey.sale_id == draft.sale_id)) is None:
                    raise
            errors = Errors()
            errors.add("sale_id", N_("This visit already has its survey."))
            raise ValidationError(errors.errors) from exc

    def _record(
        self, s: Session, draft: SurveyDraft, actor_id: int | None, language: str
    ) -> Recorded:
        form = self._form(s, draft.sale_id, language)
        errors, comment = check_survey(
            draft,
            {line.line_id for line in form.lines},
            {sid for sid, _n in form.staff},
            {q.id: (q.scale_min, q.scale_max) for q in form.questions},
        )
        errors.raise_if_any()
        sale = s.get(Sale, draft.sale_id)
        assert sale is not None
        services = dict(
            s.execute(
                select(SaleLine.id, SaleLine.service_id).where(SaleLine.sale_id == sale.id)
            ).all()
        )
        survey = Survey(
            sale_id=sale.id,
            client_id=form.client_id,
            visit_date=form.business_date,
            taken_at=self._now(),
            channel=draft.channel.value,
            language=language,
            recommend=draft.recommend,
            comment=comment,
            entered_by_id=actor_id,
        )
        s.add(survey)
        s.flush()
        common = {  # every row has every key: an executemany takes the first row's
            "survey_id": survey.id,
            "recommend": draft.recommend,
            "visit_date": form.business_date,
            "question_id": None,
            "sale_line_id": None,
            "service_id": None,
            "staff_id": None,
        }
        rows: list[dict] = []
        with speaking(language):
            if draft.recommend is not None:
                rows.append(
                    dict(
                        common,
                        kind=AnswerKind.RECOMMEND.value,
                        question_text=_(RECOMMEND_QUESTION),
                        subject="",
                        scale_min=RECOMMEND_MIN,
                        scale_max=RECOMMEND_MAX,
                        score=draft.recommend,
                    )
                )
            for line in form.lines:
                rows.append(
                    dict(
                        common,
                        kind=AnswerKind.SERVICE.value,
                        question_text=_(SERVICE_QUESTION).format(service=line.description),
                        subject=line.description,
                        scale_min=RATING_MIN,
                        scale_max=RATING_MAX,
                        score=draft.lines.get(line.line_id),
                        sale_line_id=line.line_id,
                        service_id=services.get(line.line_id),
                        staff_id=line.staff_id,
                    )
                )
            for staff_id, name in form.staff:
                rows.append(
                    dict(
                        common,
                        kind=AnswerKind.STAFF.value,
                        question_text=_(STAFF_QUESTION).format(name=name),
                        subject=name,
                        scale_min=RATING_MIN,
                        scale_max=RATING_MAX,
                        score=draft.staff.get(staff_id),
                        staff_id=staff_id,
                    )
                )
        for q in form.questions:
            score = draft.questions.get(q.id)
            if score is None:
                continue
            rows.append(
                dict(
                    common,
                    kind=AnswerKind.QUESTION.value,
                    question_id=q.id,
                    question_text=q.text,
                    subject="",
                    scale_min=q.scale_min,
                    scale_max=q.scale_max,
                    score=score,
                )
            )
        if rows:
            s.execute(SurveyAnswer.__table__.insert(), rows)
        audit.record(s, actor_id, "survey", survey.id, "record", sale=sale.id)
        return Recorded(survey.id, unhappy_survey(draft))

    # -- reading one ----------------------------------------------------------------------
    def get(self, survey_id: int) -> SurveyView:
        with self._sm() as s:
            sv = s.get(Survey, survey_id)
            if sv is None:
                raise LookupError(survey_id)
            client = s.get(Client, sv.client_id)
            answers = tuple(
                AnswerView(
                    AnswerKind(a.kind),
                    a.question_text,
                    a.subject,
                    a.scale_min,
                    a.scale_max,
                    a.score,
                    a.sale_line_id,
                    a.staff_id,
                    a.service_id,
                    a.question_id,
                )
                for a in s.scalars(
                    select(SurveyAnswer)
                    .where(SurveyAnswer.survey_id == survey_id)
                    .order_by(SurveyAnswer.id)
                )
            )
            return SurveyView(
                sv.id,
                sv.sale_id,
                sv.client_id,
                client_display(client.first_name, client.last_name) if client else "",
                sv.visit_date,
                sv.taken_at,
                Channel(sv.channel),
                sv.language,
                sv.recommend,
                sv.comment,
                answers,
            )

    # -- the template ---------------------------------------------------------------------
    def questions(self, active_only: bool = False) -> list[QuestionItem]:
        language = self._language()
        stmt = select(SurveyQuestion).order_by(SurveyQuestion.position, SurveyQuestion.id)
        if active_only:
            stmt = stmt.where(SurveyQuestion.active.is_(True))
        with self._sm() as s, speaking(language):
            return [self._item(q, language) for q in s.scalars(stmt)]

    def _item(self, q: SurveyQuestion, language: str) -> QuestionItem:
        return QuestionItem(
            q.id,
            q.code,
            json.loads(q.texts or "{}"),
            q.scale_min,
            q.scale_max,
            q.active,
            q.position,
            self._text(q, language),
        )

    def save_question(
        self, question_id: int | None, draft: QuestionDraft, actor_id: int | None
    ) -> int:
        """A new question (last) or a question edited; its id. Past answers keep the
        text and scale they were asked with."""
        errors, texts = check_question(draft)
        errors.raise_if_any()
        with self._sm.begin() as s:
            if question_id is None:
                last = s.scalar(select(func.max(SurveyQuestion.position)))
                q = SurveyQuestion(code=draft.code, position=(last or 0) + 1)
                s.add(q)
            else:
                found = s.get(SurveyQuestion, question_id)
                if found is None:
                    raise LookupError(question_id)
                q = found
            q.texts = json.dumps(texts, ensure_ascii=False, sort_keys=True)
            q.scale_min, q.scale_max, q.active = draft.scale_min, draft.scale_max, draft.active
            s.flush()
            audit.record(s, actor_id, "survey_question", q.id, "save")
            return q.id

    # -- the figures ----------------------------------------------------------------------
    def figures(self, date_from: dt.date, date_to: dt.date) -> SurveyFigures:
        """NPS and CSAT of the visits of a period (inclusive): overall, by staff member,
        by service and by month of the salon's calendar, each with its answer counts
        (no score below the minimum count)."""
        least = self._min_answers()
        a = SurveyAnswer.__table__.c
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
    def category(self, client_id: int) -> Satisfaction | None:
        return self.categories([client_id]).get(client_id)

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


__all__ = [
    "AnswerView",
    "Figure",
    "FormLine",
    "FormQuestion",
    "QuestionItem",
    "Recorded",
    "SurveyFigures",
    "SurveyForm",
    "SurveyService",
    "SurveyView",
    "VisitToSurvey",
]
