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

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import Client, Staff
from salon_desktop.db.models_feedback import Survey, SurveyAnswer, SurveyQuestion
from salon_desktop.db.models_sales import Sale, SaleLine
from salon_desktop.domain.feedback import (
    Satisfaction,
    SatisfactionRule,
)
from salon_desktop.domain.surveys import (
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
from salon_desktop.services.sales_common import kept_file
from salon_desktop.services.sales_read import client_display
from salon_desktop.services.survey_figures import (
    SurveyFigures,
    SurveyFiguresReader,
    add_day_counts,
    day_counts,
)
from salon_desktop.services.survey_views import (
    AnswerView,
    FormLine,
    FormQuestion,
    QuestionItem,
    Recorded,
    SurveyForm,
    SurveyView,
    VisitToSurvey,
    answer_rows,
    rating_counts,
)

WAITING_DAYS = 30  # visits older than this are no longer offered for a survey


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
        self._figures = SurveyFiguresReader(sm, min_answers, rule, jalali, today)

    def today(self) -> dt.date:
        return self._today()

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
        # A visit of a file merged since into another: the survey is the kept file's.
        client_id = kept_file(s.connection(), sale.client_id)
        client = s.get(Client, client_id)
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
            client_id,
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
        rows = answer_rows(0, form, draft, language, services)
        ratings, satisfied, total = rating_counts(rows)
        survey = Survey(
            sale_id=sale.id,
            client_id=form.client_id,
            visit_date=form.business_date,
            taken_at=self._now(),
            channel=draft.channel.value,
            language=language,
            recommend=draft.recommend,
            comment=comment,
            ratings=ratings,
            ratings_satisfied=satisfied,
            ratings_sum=total,
            entered_by_id=actor_id,
        )
        s.add(survey)
        s.flush()
        for row in rows:
            row["survey_id"] = survey.id
        add_day_counts(
            s.connection(),
            day_counts(form.business_date, draft.recommend, rows, ratings, satisfied),
        )
        if rows:
            s.execute(insert(SurveyAnswer), rows)
        audit.record(s, actor_id, "survey", survey.id, "record", sale=sale.id)
        return Recorded(survey.id, unhappy_survey(draft))

    # -- reading one ----------------------------------------------------------------------
    def get(self, survey_id: int) -> SurveyView:
        with self._sm() as s:
            sv = s.get(Survey, survey_id)
            if sv is None:
                raise LookupError(survey_id)
            client = s.get(Client, sv.client_id)
            codes = dict(s.execute(select(SurveyQuestion.id, SurveyQuestion.code)).all())
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
                    codes.get(a.question_id, "") if a.question_id is not None else "",
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

    # -- the figures and the category (``services.survey_figures``) ----------------------
    def figures(self, date_from: dt.date, date_to: dt.date) -> SurveyFigures:
        return self._figures.figures(date_from, date_to)

    def category(self, client_id: int) -> Satisfaction | None:
        return self._figures.categories([client_id]).get(client_id)

    def categories(self, client_ids: Iterable[int]) -> dict[int, Satisfaction | None]:
        return self._figures.categories(client_ids)

    def everyone(self) -> tuple[dict[int, Satisfaction], dict[int, int]]:
        """Every client's satisfaction category and latest recommend score (for scoring)."""
        return self._figures.everyone()

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


__all__ = [
    "AnswerView",
    "FormLine",
    "FormQuestion",
    "QuestionItem",
    "Recorded",
    "SurveyForm",
    "SurveyService",
    "SurveyView",
    "VisitToSurvey",
]
