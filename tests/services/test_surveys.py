"""Surveys through the service, on SQLite and PostgreSQL: the visits waiting for one,
a survey recorded with the questions as asked, refused input leaving nothing behind,
NPS and CSAT aggregated by the database, each client's satisfaction category."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import text

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import ComplaintDraft, State, Step
from salon_desktop.domain.feedback import Satisfaction
from salon_desktop.domain.surveys import AnswerKind, Channel, QuestionDraft, SurveyDraft
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.sales import SalesService
from tests.services.sales_helpers import make_shop, pay, prod_line, svc_line


@pytest.fixture
def shop(ctx):
    return make_shop(ctx)


def visit(ctx, shop, *lines, client=None, on: dt.date | None = None) -> int:
    sales = ctx.sales
    if on is not None:
        sales = SalesService(make_sessionmaker(ctx.engine), lambda: ctx.salon, today=lambda: on)
    t = pay(ctx, list(lines) or [svc_line(shop)], client=client or shop.client)
    return sales.post(t, shop.desk).sale_id


def survey_rows(ctx) -> tuple[int, int]:
    with ctx.engine.connect() as conn:
        return (
            conn.execute(text("SELECT count(*) FROM surveys")).scalar_one(),
            conn.execute(text("SELECT count(*) FROM survey_answers")).scalar_one(),
        )


def fields_of(exc: pytest.ExceptionInfo) -> list[str]:
    return [e.field for e in exc.value.errors]


def test_the_waiting_list_shows_visits_without_a_survey(ctx, shop):
    first = visit(ctx, shop, svc_line(shop, "cut"), svc_line(shop, "colour", staff=shop.bea))
    walk_in = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk).sale_id
    retail = visit(ctx, shop, prod_line(shop))
    voided = visit(ctx, shop)
    ctx.sales.void(voided, "Wrong client", shop.desk)
    old = visit(ctx, shop, on=dt.date(2026, 10, 14))  # 40 days before the tests’ today
    waiting = ctx.surveys.waiting()
    assert [w.sale_id for w in waiting] == [first]
    w = waiting[0]
    assert (w.client_name, w.services, w.staff) == (
        "Zahra Ahmadi",
        ("Cut", "Colour"),
        ("Anna Stylist", "Bea Colourist"),
    )
    assert {walk_in, retail, voided, old}.isdisjoint(x.sale_id for x in waiting)
    ctx.surveys.record(SurveyDraft(first, recommend=9), shop.desk)
    assert ctx.surveys.waiting() == []


def test_a_survey_keeps_each_question_as_it_was_asked(ctx, shop):
    sale = visit(ctx, shop, svc_line(shop, "cut"), svc_line(shop, "colour", staff=shop.bea))
    form = ctx.surveys.form(sale)
    assert [(line.description, line.staff_name) for line in form.lines] == [
        ("Cut", "Anna Stylist"),
        ("Colour", "Bea Colourist"),
    ]
    assert [name for _id, name in form.staff] == ["Anna Stylist", "Bea Colourist"]
    assert [q.text for q in form.questions] == [
        "How clean and tidy was the salon?",
        "How satisfied were you with the waiting time?",
        "How satisfied were you with the value for money?",
    ]
    cut, colour = (line.line_id for line in form.lines)
    clean = form.questions[0].id
    rec = ctx.surveys.record(
        SurveyDraft(
            sale,
            recommend=10,
            lines={cut: 5, colour: 4},
            staff={shop.anna: 5},  # Bea not rated: her row counts her recommend score
            questions={clean: 4},
            comment="  Lovely colour  ",
            channel=Channel.SPOKEN,
        ),
        shop.desk,
    )
    assert not rec.unhappy
    # The question is changed afterwards: the answer keeps what was asked.
    ctx.surveys.save_question(clean, QuestionDraft({"en": "Was it clean?"}, "cleanliness"), None)
    got = ctx.surveys.get(rec.survey_id)
    assert (got.recommend, got.comment, got.channel) == (10, "Lovely colour", Channel.SPOKEN)
    assert [(a.kind, a.question_text, a.score) for a in got.answers] == [
        (AnswerKind.RECOMMEND, "How likely are you to recommend us to a friend?", 10),
        (AnswerKind.SERVICE, "How satisfied were you with Cut?", 5),
        (AnswerKind.SERVICE, "How satisfied were you with Colour?", 4),
        (AnswerKind.STAFF, "How satisfied were you with Anna Stylist?", 5),
        (AnswerKind.STAFF, "How satisfied were you with Bea Colourist?", None),
        (AnswerKind.QUESTION, "How clean and tidy was the salon?", 4),
    ]
    assert ctx.surveys.form(visit(ctx, shop)).questions[0].text == "Was it clean?"


def test_questions_are_asked_in_the_salon_language(ctx, shop):
    ctx.save_settings(dataclasses.replace(ctx.salon, language="fa"))
    sale = visit(ctx, shop)
    form = ctx.surveys.form(sale)
    assert form.questions[0].text == "سالن چقدر تمیز و مرتب بود؟"
    qid = ctx.surveys.save_question(
        None, QuestionDraft({"en": "Music?", "fa": "موسیقی چطور بود؟"}, scale_max=10), None
    )
    assert [q.text for q in ctx.surveys.questions()][-1] == "موسیقی چطور بود؟"
    rec = ctx.surveys.record(SurveyDraft(sale, recommend=3, questions={qid: 10}), shop.desk)
    assert rec.unhappy
    got = ctx.surveys.get(rec.survey_id)
    assert got.language == "fa"
    assert got.answers[0].question_text == "چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟"
    assert (got.answers[-1].question_text, got.answers[-1].scale_max) == ("موسیقی چطور بود؟", 10)


@pytest.mark.parametrize(
    "make, wrong",
    [
        (lambda f, s: SurveyDraft(f.sale_id, recommend=11), "recommend"),
        (lambda f, s: SurveyDraft(f.sale_id, recommend=-1), "recommend"),
        (lambda f, s: SurveyDraft(f.sale_id, lines={f.lines[0].line_id: 6}), "line"),
        (lambda f, s: SurveyDraft(f.sale_id, lines={f.lines[0].line_id: 0}), "line"),
        (lambda f, s: SurveyDraft(f.sale_id, lines={999_999: 5}), "line"),
        (lambda f, s: SurveyDraft(f.sale_id, staff={s.bea: 5}), "staff"),
        (lambda f, s: SurveyDraft(f.sale_id, questions={f.questions[0].id: 9}), "question"),
        (lambda f, s: SurveyDraft(f.sale_id, questions={999_999: 3}), "question"),
        (lambda f, s: SurveyDraft(f.sale_id), "recommend"),  # nothing answered
        (lambda f, s: SurveyDraft(f.sale_id, recommend=8, comment="a\x00b"), "comment"),
        (lambda f, s: SurveyDraft(999_999, recommend=8), "sale_id"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(ctx, shop, make, wrong):
    form = ctx.surveys.form(visit(ctx, shop))
    with pytest.raises(ValidationError) as exc:
        ctx.surveys.record(make(form, shop), shop.desk)
    assert [f.split(":")[0] for f in fields_of(exc)] == [wrong]
    assert survey_rows(ctx) == (0, 0)


def test_a_visit_is_surveyed_once(ctx, shop):
    sale = visit(ctx, shop)
    ctx.surveys.record(SurveyDraft(sale, recommend=9), shop.desk)
    before = survey_rows(ctx)
    for call in (
        lambda: ctx.surveys.record(SurveyDraft(sale, recommend=2), shop.desk),
        lambda: ctx.surveys.form(sale),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.errors[0].message == "This visit already has its survey."
    assert survey_rows(ctx) == before
    # Not a visit at all: a correction, or a walk-in's sale with no client file.
    void = ctx.sales.void(visit(ctx, shop), "Mistake", shop.desk).sale_id
    walk_in = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk).sale_id
    for sale_id in (void, walk_in):
        with pytest.raises(ValidationError):
            ctx.surveys.form(sale_id)


def test_a_template_question_is_refused_without_a_text_or_with_a_bad_scale(ctx):
    with pytest.raises(ValidationError) as exc:
        ctx.surveys.save_question(None, QuestionDraft({"en": "  "}, scale_min=5, scale_max=5), None)
    assert fields_of(exc) == ["text_en", "scale"]
    qid = ctx.surveys.save_question(None, QuestionDraft({"pl": "Muzyka?"}, scale_min=0), None)
    ctx.surveys.save_question(qid, QuestionDraft({"pl": "Muzyka?"}, active=False), None)
    assert qid not in [q.id for q in ctx.surveys.questions(active_only=True)]
    assert [q.text for q in ctx.surveys.questions() if q.id == qid] == ["Muzyka?"]


def test_thirty_percent_promoters_and_twenty_detractors_is_plus_ten(ctx, shop):
    ctx.save_settings(dataclasses.replace(ctx.salon, survey_min_answers=10))
    scores = [10, 9, 9] + [8, 7, 7, 8, 7] + [6, 0]
    nov, dec = dt.date(2026, 11, 10), dt.date(2026, 10, 20)
    for i, score in enumerate(scores):
        staff = shop.anna if i % 2 else shop.bea
        sale = visit(ctx, shop, svc_line(shop, "cut", staff=staff), on=nov if i < 6 else dec)
        form = ctx.surveys.form(sale)
        rating = 5 if score >= 9 else 3 if score <= 6 else 4
        ctx.surveys.record(
            SurveyDraft(sale, score, {form.lines[0].line_id: rating}, {staff: rating}), shop.desk
        )
    f = ctx.surveys.figures(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert f.surveys == 10
    assert (f.overall.nps.answers, f.overall.nps.score) == (10, 10)
    # 20 satisfaction answers: 3 fives and 5 fours on each of service and staff
    assert (f.overall.csat.answers, f.overall.csat.satisfied, f.overall.csat.percent) == (
        20,
        16,
        80,
    )
    by_staff = {x.label: (x.nps.answers, x.nps.score, x.csat.answers) for x in f.by_staff}
    assert by_staff == {"Anna Stylist": (5, None, 5), "Bea Colourist": (5, None, 5)}
    assert [(x.label, x.nps.answers) for x in f.by_service] == [("Cut", 10)]
    assert [(m.key, m.nps.answers, m.first_day) for m in f.by_month] == [
        ((2026, 10), 4, dt.date(2026, 10, 1)),
        ((2026, 11), 6, dt.date(2026, 11, 1)),
    ]
    ctx.save_settings(dataclasses.replace(ctx.salon, survey_min_answers=5))
    f = ctx.surveys.figures(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert f.overall.nps.answers == 6 and f.overall.nps.score == 50  # 3 promoters of 6
    assert ctx.surveys.figures(dt.date(2025, 1, 1), dt.date(2025, 12, 31)).overall.nps.score is None


def test_months_follow_the_salon_calendar(ctx, shop):
    ctx.save_settings(dataclasses.replace(ctx.salon, language="fa", currency="IRT"))
    # 1405/08/30 and 1405/09/01 are in two Jalali months of one Gregorian month
    for day in (dt.date(2026, 11, 21), dt.date(2026, 11, 22)):
        ctx.surveys.record(SurveyDraft(visit(ctx, shop, on=day), recommend=9), shop.desk)
    f = ctx.surveys.figures(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [(m.key, m.first_day, m.last_day) for m in f.by_month] == [
        ((1405, 8), dt.date(2026, 10, 23), dt.date(2026, 11, 21)),
        ((1405, 9), dt.date(2026, 11, 22), dt.date(2026, 12, 21)),
    ]


def test_each_client_gets_a_satisfaction_category(ctx, shop):
    make = ctx.clients.create
    happy = make(ClientDraft(first_name="Happy", last_name="One"), None)
    so_so = make(ClientDraft(first_name="Soso", last_name="Two"), None)
    unhappy = make(ClientDraft(first_name="Sad", last_name="Three"), None)
    complained = make(ClientDraft(first_name="Loud", last_name="Four"), None)
    silent = make(ClientDraft(first_name="Quiet", last_name="Five"), None)
    long_ago = make(ClientDraft(first_name="Old", last_name="Six"), None)

    def answer(client, recommend, rating=None, on=None):
        sale = visit(ctx, shop, client=client, on=on)
        line = ctx.surveys.form(sale).lines[0].line_id
        ctx.surveys.record(SurveyDraft(sale, recommend, {line: rating}), shop.desk)

    answer(happy, 3, on=dt.date(2026, 6, 1))
    answer(happy, 10)  # the latest score counts
    answer(so_so, 8, 3)
    answer(unhappy, None, 2)
    answer(complained, 10, 5)
    answer(long_ago, 2, 1, on=dt.date(2025, 10, 1))  # outside the 12 months
    cid = ctx.complaints.record(ComplaintDraft(complained, "Rude on the phone"), None)
    cats = ctx.surveys.categories([happy, so_so, unhappy, complained, silent, long_ago])
    assert cats == {
        happy: Satisfaction.SATISFIED,
        so_so: Satisfaction.AVERAGE,
        unhappy: Satisfaction.DISSATISFIED,
        complained: Satisfaction.DISSATISFIED,
        silent: None,
        long_ago: None,
    }
    ctx.complaints.step(cid, Step(State.REJECTED, reason="Not us"), None)
    assert ctx.surveys.category(complained) is Satisfaction.SATISFIED
    # The thresholds and the window are settings.
    ctx.save_settings(
        dataclasses.replace(ctx.salon, satisfaction_months=24, satisfaction_high_x10=30)
    )
    assert ctx.surveys.category(so_so) is Satisfaction.SATISFIED
    assert ctx.surveys.category(long_ago) is Satisfaction.DISSATISFIED


def test_survey_settings_are_checked(ctx):
    for bad in (
        {"survey_min_answers": 0},
        {"satisfaction_months": 0},
        {"satisfaction_low_x10": 40, "satisfaction_high_x10": 40},
    ):
        with pytest.raises(ValidationError):
            ctx.save_settings(dataclasses.replace(ctx.salon, **bad))


def test_the_counts_kept_survey_by_survey_equal_a_group_by_of_the_answers(ctx, shop):
    from salon_desktop.services.survey_figures import rebuild_day_counts

    for i, score in enumerate((10, 3, None, 8, 9)):
        lines = [svc_line(shop, "cut"), svc_line(shop, "cut", staff=shop.bea)]
        if i % 2:
            lines.append(svc_line(shop, "colour", staff=shop.bea))
        sale = visit(ctx, shop, *lines, on=dt.date(2026, 11, 1 + i % 2))
        form = ctx.surveys.form(sale)
        ratings = {
            line.line_id: (i + n) % 5 + 1 if n else None for n, line in enumerate(form.lines)
        }
        comment = "only a comment" if score is None else ""
        ctx.surveys.record(
            SurveyDraft(sale, score, ratings, {shop.anna: 5}, comment=comment), shop.desk
        )

    def table():
        with ctx.engine.connect() as conn:
            return sorted(
                tuple(r) for r in conn.execute(text("SELECT * FROM survey_day_counts")).all()
            )

    kept = table()
    assert [r[0] for r in kept].count("all") == 2  # two days
    with ctx.engine.begin() as conn:
        rebuild_day_counts(conn)
    assert table() == kept


def test_the_demo_answers_like_a_real_salon_consistently_with_its_visits(ctx):
    from salon_desktop.demo import fill_demo
    from salon_desktop.services.survey_figures import rebuild_day_counts

    fill_demo(ctx, clients=60, years=1, language="en", now=dt.datetime(2026, 11, 23, 18))
    with ctx.engine.connect() as conn:
        q = conn.execute
        n = q(text("SELECT count(*) FROM surveys")).scalar_one()
        visits = q(
            text("SELECT count(*) FROM sales WHERE kind = 'sale' AND client_id IS NOT NULL")
        ).scalar_one()
        assert 0.2 * visits < n < 0.45 * visits
        # Each survey is of a client's own visit, never a voided one; its staff answers
        # are the staff of the visit's service lines.
        assert not q(
            text(
                "SELECT s.id FROM surveys s JOIN sales v ON v.id = s.sale_id"
                " WHERE v.kind != 'sale' OR v.client_id != s.client_id"
                " OR v.business_date != s.visit_date"
                " OR EXISTS (SELECT 1 FROM sales x WHERE x.original_sale_id = v.id"
                " AND x.kind = 'void')"
            )
        ).all()
        assert not q(
            text(
                "SELECT a.id FROM survey_answers a JOIN surveys s ON s.id = a.survey_id"
                " WHERE a.kind = 'staff' AND NOT EXISTS (SELECT 1 FROM sale_lines l"
                " WHERE l.sale_id = s.sale_id AND l.staff_id = a.staff_id)"
            )
        ).all()
        kept = sorted(tuple(r) for r in q(text("SELECT * FROM survey_day_counts")))
    with ctx.engine.begin() as conn:
        rebuild_day_counts(conn)
    with ctx.engine.connect() as conn:
        assert (
            sorted(tuple(r) for r in conn.execute(text("SELECT * FROM survey_day_counts"))) == kept
        )
    f = ctx.surveys.figures(dt.date(2025, 11, 24), dt.date(2026, 11, 23))
    nps = f.overall.nps
    assert nps.promoters > nps.passives > 0 and 0 < nps.detractors < nps.passives
    assert 30 <= (nps.score or 0) <= 75 and 70 <= (f.overall.csat.percent or 0) <= 95
    waiting = ctx.surveys.waiting()  # the last days' visits are waiting
    assert waiting
    # A survey typed in after the demo's gets the next id (PostgreSQL's sequence follows).
    rec = ctx.surveys.record(SurveyDraft(waiting[0].sale_id, recommend=9), None)
    assert rec.survey_id == n + 1


def test_a_complaint_from_a_survey_is_prefilled_from_its_lowest_answer(ctx, shop):
    sale = visit(ctx, shop)
    form = ctx.surveys.form(sale)
    waiting_q = next(q.id for q in form.questions if "waiting" in q.text)
    rec = ctx.surveys.record(
        SurveyDraft(sale, 0, {form.lines[0].line_id: 3}, questions={waiting_q: 1}), shop.desk
    )
    view = ctx.surveys.get(rec.survey_id)
    assert rec.unhappy and view.complaint_category() == "waiting_time"
    assert "How likely are you to recommend us to a friend? 0/10" in view.complaint_text()
    assert view.low_staff() is None


def test_a_clients_surveys_are_exported_and_their_words_erased(ctx, shop):
    sale = visit(ctx, shop)
    line = ctx.surveys.form(sale).lines[0].line_id
    sid = ctx.surveys.record(
        SurveyDraft(sale, 9, {line: 5}, comment="Ask for Anna-marker"), shop.desk
    ).survey_id
    data = ctx.client_data.export(shop.client)
    [exported] = data["surveys"]
    assert exported["comment"] == "Ask for Anna-marker" and exported["recommend"] == 9
    assert [a["score"] for a in exported["answers"]] == [9, 5, None]
    ctx.client_data.erase(shop.client, None)
    got = ctx.surveys.get(sid)
    assert got.comment == "" and got.recommend == 9  # the figures stay, not her words
