"""The demo salon's survey answers, shaped like a real salon's and consistent with
its visits: about a third of the visits answered (none of the last few days, so
the waiting list has work), most clients satisfied, some passives, a few
detractors (a handful of clients are unhappy on most visits), staff and service
ratings that agree with the recommend score, the extra questions often
answered, a comment now and then.

Written in bulk: the visits read in three queries, the rows built by the
service's own ``answer_rows`` and inserted in batches in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from salon_desktop.db.models import Staff
from salon_desktop.db.models_feedback import Survey, SurveyAnswer, SurveyQuestion
from salon_desktop.db.models_sales import Sale, SaleLine
from salon_desktop.db.rows import insert_rows, table_of
from salon_desktop.domain.surveys import Channel, SurveyDraft, question_text
from salon_desktop.i18n import _, speaking
from salon_desktop.services.survey_figures import rebuild_day_counts
from salon_desktop.services.survey_views import (
    FormLine,
    FormQuestion,
    SurveyForm,
    answer_rows,
    rating_counts,
)

SHARE = 0.33  # of the visits answered
QUIET_DAYS = 3  # the last days' visits are still waiting
UNHAPPY_CLIENTS = 0.06
BATCH = 5_000

COMMENTS = {
    "en": (
        "Lovely as always, thank you!",
        "Had to wait a little, but the result is great.",
        "The colour came out darker than I wanted.",
        "Very friendly, I will come back.",
        "A bit pricey for what it was.",
    ),
    "pl": (
        "Jak zawsze świetnie, dziękuję!",
        "Trochę czekałam, ale efekt super.",
        "Kolor wyszedł ciemniejszy, niż chciałam.",
        "Bardzo miła obsługa, wrócę.",
        "Trochę drogo jak na tę usługę.",
    ),
    "fa": (
        "مثل همیشه عالی بود، ممنون!",
        "کمی منتظر ماندم، ولی نتیجه عالی شد.",
        "رنگ تیره‌تر از چیزی شد که می‌خواستم.",
        "برخورد بسیار خوبی داشتند، باز هم می‌آیم.",
        "برای این خدمت کمی گران بود.",
    ),
}


def _recommend(rnd: random.Random, unhappy: bool) -> int:
    r = rnd.random()
    if unhappy:
        return rnd.choice((2, 3, 4, 5, 6, 6, 7)) if r < 0.8 else rnd.choice((8, 9))
    if r < 0.68:
        return rnd.choice((9, 10, 10))
    if r < 0.92:
        return rnd.choice((7, 8, 8))
    return rnd.choice((3, 5, 6))


def _rating(rnd: random.Random, recommend: int) -> int | None:
    if rnd.random() < 0.1:
        return None  # left blank
    if recommend >= 9:
        return rnd.choice((5, 5, 5, 4))
    if recommend >= 7:
        return rnd.choice((4, 4, 3, 5))
    return rnd.choice((1, 2, 2, 3, 3, 4))


def add_surveys(ctx, seed: int, language: str, today: dt.date, actor: int | None) -> int:
    """Survey answers for the posted visits of the demo salon; returns the surveys written."""
    rnd = random.Random(seed * 7 + 11)
    engine = ctx.engine
    until = today - dt.timedelta(days=QUIET_DAYS)
    voided = aliased(Sale)
    void = select(voided.original_sale_id).where(
        voided.kind == "void", voided.original_sale_id.is_not(None)
    )
    with engine.connect() as conn:
        visits = conn.execute(
            select(Sale.id, Sale.receipt_no, Sale.business_date, Sale.client_id, Sale.posted_at)
            .where(
                Sale.kind == "sale",
                Sale.client_id.is_not(None),
                Sale.business_date <= until,
                Sale.id.not_in(void.scalar_subquery()),
            )
            .order_by(Sale.id)
        ).all()
        lines: dict[int, list[tuple[int, str, int | None, int | None]]] = {}
        for lid, sid, desc, service_id, staff_id in conn.execute(
            select(
                SaleLine.id,
                SaleLine.sale_id,
                SaleLine.description,
                SaleLine.service_id,
                SaleLine.staff_id,
            )
            .where(SaleLine.kind == "service", SaleLine.original_line_id.is_(None))
            .order_by(SaleLine.sale_id, SaleLine.position)
        ):
            lines.setdefault(sid, []).append((lid, desc, service_id, staff_id))
        names = dict(conn.execute(select(Staff.id, Staff.name)).all())
        questions = conn.execute(
            select(SurveyQuestion)
            .where(SurveyQuestion.active.is_(True))
            .order_by(SurveyQuestion.position, SurveyQuestion.id)
        ).all()
        done = set(conn.execute(select(Survey.sale_id)).scalars())
        next_id = (conn.execute(select(func.max(Survey.id))).scalar() or 0) + 1
    with speaking(language):
        asked = tuple(
            FormQuestion(
                q.id,
                question_text(json.loads(q.texts or "{}"), q.code, language, _),
                q.scale_min,
                q.scale_max,
            )
            for q in questions
        )
    clients = sorted({v.client_id for v in visits})
    unhappy = {c for c in clients if rnd.random() < UNHAPPY_CLIENTS}
    comments = COMMENTS.get(language, COMMENTS["en"])
    surveys: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    written = 0

    def flush(conn) -> None:
        insert_rows(conn, table_of(Survey), surveys)
        insert_rows(conn, table_of(SurveyAnswer), answers)
        surveys.clear()
        answers.clear()

    with engine.begin() as conn:
        for v in visits:
            visit_lines = lines.get(v.id)
            if not visit_lines or v.id in done or rnd.random() >= SHARE:
                continue
            form_lines = tuple(
                FormLine(lid, desc, staff_id, names.get(staff_id, "") if staff_id else "")
                for lid, desc, _service, staff_id in visit_lines
            )
            staff: list[tuple[int, str]] = []
            for line in form_lines:
                if line.staff_id is not None and all(line.staff_id != i for i, _n in staff):
                    staff.append((line.staff_id, line.staff_name))
            form = SurveyForm(
                v.id,
                v.receipt_no,
                v.business_date,
                v.client_id,
                "",
                form_lines,
                tuple(staff),
                asked,
            )
            rec = _recommend(rnd, v.client_id in unhappy)
            draft = SurveyDraft(
                v.id,
                rec if rnd.random() < 0.95 else None,
                {line.line_id: _rating(rnd, rec) for line in form_lines},
                {sid: _rating(rnd, rec) for sid, _n in staff},
                {
                    q.id: min(q.scale_max, max(q.scale_min, (_rating(rnd, rec) or 4)))
                    for q in asked
                    if rnd.random() < 0.6
                },
                rnd.choice(comments) if rnd.random() < 0.12 else "",
                Channel.PAPER if rnd.random() < 0.7 else Channel.SPOKEN,
            )
            sid = next_id
            next_id += 1
            service_of = {lid: service for lid, _d, service, _s in visit_lines}
            rows = answer_rows(sid, form, draft, language, service_of)
            ratings, satisfied, total = rating_counts(rows)
            surveys.append(
                dict(
                    id=sid,
                    sale_id=v.id,
                    client_id=v.client_id,
                    visit_date=v.business_date,
                    taken_at=v.posted_at + dt.timedelta(minutes=rnd.randint(2, 60 * 48)),
                    channel=draft.channel.value,
                    language=language,
                    recommend=draft.recommend,
                    comment=draft.comment,
                    ratings=ratings,
                    ratings_satisfied=satisfied,
                    ratings_sum=total,
                    entered_by_id=actor,
                )
            )
            answers.extend(rows)
            written += 1
            if len(surveys) >= BATCH:
                flush(conn)
        flush(conn)
        rebuild_day_counts(conn)
    if conn.dialect.name == "postgresql":  # ids were given: the sequence follows
        with engine.begin() as c2:
            c2.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('surveys', 'id'), "
                "coalesce((SELECT max(id) FROM surveys), 1))"
            )
    return written
