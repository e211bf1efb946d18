"""Action lists on hand-built histories, at their boundaries, on SQLite and PostgreSQL;
each list against an independent reading (plain SQL or the history as built); the CSV
escapes a hostile name; erased and archived files never appear."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest
from sqlalchemy import insert, text

from salon_desktop.db.models_feedback import Survey
from salon_desktop.db.models_segments import ClientScore, ClientScoreMonth, ScoreMonth, ScoreRun
from salon_desktop.domain.action_lists import ListName, ListRule
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import ComplaintDraft
from salon_desktop.domain.sale import PaymentDraft, PayMethod, TicketDraft, compute
from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.action_lists import ActionLists, UnknownList, reason
from tests.conftest import FIXED_DATE
from tests.services.sales_helpers import make_shop, svc_line
from tests.services.test_segments import Desk

TODAY = FIXED_DATE  # Monday 23 November 2026 (2 Azar 1405)
HOSTILE = "=cmd|' /C calc'!A0"


@pytest.fixture
def shop(ctx):
    return make_shop(ctx)


def client(ctx, shop, first: str, last: str = "Test", **kw) -> int:
    return ctx.clients.create(
        ClientDraft(first_name=first, last_name=last, **kw), shop.desk, allow_duplicate=True
    )


def numbers_of(rows) -> list[str]:
    return [r.first_name for r in rows]


def test_the_names_and_an_unknown_list(ctx):
    lists = ActionLists(ctx)
    assert lists.names() == (
        "win_back",
        "birthdays_today",
        "birthdays_week",
        "birthdays_next_month",
        "due_back",
        "stale_contacts",
        "dissatisfied_no_complaint",
        "promoters",
        "open_debt",
    )
    with pytest.raises(UnknownList):
        lists.rows("everyone")
    assert lists.rows("due-back") == []  # a dash is read as an underscore


def test_birthdays_at_their_edges(ctx, shop):
    born = {
        "Today": dt.date(1990, 11, 23),
        "Yesterday": dt.date(1990, 11, 22),
        "SixDays": dt.date(1985, 11, 29),
        "SevenDays": dt.date(1985, 11, 30),
        "FirstDec": dt.date(2000, 12, 1),
        "LastDec": dt.date(2000, 12, 31),
        "January": dt.date(2000, 1, 1),
    }
    for name, day in born.items():
        client(ctx, shop, name, birth_date=day)
    client(ctx, shop, "NoBirthday")
    lists = ActionLists(ctx)
    today = lists.rows("birthdays_today")
    assert numbers_of(today) == ["Today"]
    assert today[0].figure == 36 and today[0].day == TODAY
    assert numbers_of(lists.rows("birthdays_week")) == ["Today", "SixDays"]
    assert numbers_of(lists.rows("birthdays_next_month")) == ["FirstDec", "LastDec"]
    # An independent reading: every birth date whose month is December.
    with ctx.engine.connect() as conn:
        dec = conn.execute(
            text("SELECT birth_date FROM clients WHERE birth_date IS NOT NULL")
        ).all()
    expected = sum(
        1 for (d,) in dec if (d if isinstance(d, dt.date) else dt.date.fromisoformat(d)).month == 12
    )
    assert len(lists.rows("birthdays_next_month")) == expected


def test_29_february_and_the_new_year(ctx, shop):
    client(ctx, shop, "Leap", birth_date=dt.date(1996, 2, 29))
    client(ctx, shop, "NewYear", birth_date=dt.date(1970, 1, 2))
    lists = ActionLists(ctx)
    feb = lists.rows("birthdays_next_month", today=dt.date(2027, 1, 15))
    assert [(r.first_name, r.day) for r in feb] == [("Leap", dt.date(2027, 2, 28))]
    week = lists.rows("birthdays_week", today=dt.date(2026, 12, 28))
    assert [(r.first_name, r.day, r.figure) for r in week] == [("NewYear", dt.date(2027, 1, 2), 57)]


def test_a_persian_salon_reads_its_birthdays_by_the_jalali_month(ctx, shop):
    # Next Jalali month after 2 Azar 1405 is Dey 1405: 22 Dec 2026 to 20 Jan 2027.
    client(ctx, shop, "FirstDey", birth_date=dt.date(1990, 12, 22))  # 1 Dey 1369
    client(ctx, shop, "LastAzar", birth_date=dt.date(1990, 12, 21))  # 30 Azar 1369
    client(ctx, shop, "MidJanuary", birth_date=dt.date(1990, 1, 15))  # 25 Dey 1368
    lists = ActionLists(ctx)
    assert numbers_of(lists.rows("birthdays_next_month")) == ["LastAzar", "FirstDey"]
    ctx.save_settings(dataclasses.replace(ctx.salon, language="fa"))
    assert numbers_of(lists.rows("birthdays_next_month")) == ["FirstDey", "MidJanuary"]


def test_due_back_past_their_own_interval(ctx, shop):
    desk = Desk(ctx)
    on_time = client(ctx, shop, "OnTime")  # every 21 days, last 21 days ago: not yet
    late = client(ctx, shop, "Late")  # every 21 days, last 22 days ago: one day late
    much_late = client(ctx, shop, "MuchLate")  # every 10 days, last 40 days ago
    once = client(ctx, shop, "Once")  # one visit: no interval of her own
    gone = client(ctx, shop, "Gone")  # lapsed (over a year): for win-back, not here
    for cid, days in (
        (on_time, (42, 21)),
        (late, (43, 22)),
        (much_late, (60, 50, 40)),
        (once, (100,)),
        (gone, (420, 400)),
    ):
        for d in days:
            desk.visit(d, [svc_line(shop)], cid)
    rows = ActionLists(ctx).rows("due_back")
    assert [(r.first_name, r.figure) for r in rows] == [("MuchLate", 30), ("Late", 1)]
    assert rows[1].last_visit == TODAY - dt.timedelta(days=22)
    assert ActionLists(ctx).rows("due_back", limit=1)[0].first_name == "MuchLate"


def _scores(ctx, rows: list[dict]) -> None:
    with ctx.engine.begin() as conn:
        run = conn.execute(
            insert(ScoreRun).returning(ScoreRun.id),
            dict(as_of=TODAY, model="bgnbd", clients=len(rows)),
        ).scalar_one()
        base = dict(
            run_id=run,
            visits_year=0,
            revenue=0,
            r=1,
            f=1,
            m=1,
            rfm_segment=None,
            value_model="bgnbd",
            expected_visits=None,
            satisfaction=None,
            strategy="win_back",
            strategy_rule=2,
        )
        conn.execute(insert(ClientScore), [base | r for r in rows])


def test_win_back_ranks_valuable_slipping_clients_by_value_lost(ctx, shop):
    first, last = dt.date(2024, 1, 2), dt.date(2025, 1, 1)  # under a year: counted as one
    ids = {n: client(ctx, shop, n) for n in ("A", "B", "Edge", "Cheap", "OneVisit", "Lapsed")}

    def row(name, category, visits, p, future, margin=0, valuable=True):
        return dict(
            client_id=ids[name],
            category=category,
            visits=visits,
            first_visit=first,
            last_visit=last,
            margin=margin,
            future_value=future,
            p_alive=p,
            valuable=valuable,
        )

    _scores(
        ctx,
        [
            row("A", "occasional", 3, 0.2, 1_000),  # lost 1000 × 0.8 / 0.2 = 4000
            row("B", "loyal", 5, 0.3, 3_000),  # 3000 × 0.7 / 0.3 = 7000
            row("Edge", "loyal", 5, 0.5, 9_000),  # at the threshold: not slipping
            row("Cheap", "occasional", 3, 0.1, 500, valuable=False),
            row("OneVisit", "new", 1, 0.2, 900),  # a probability after one visit says nothing
            # The simple formula: margin 36 525 over one year × 3 years.
            row("Lapsed", "lapsed", 4, None, 0, margin=36_525),
        ],
    )
    rows = ActionLists(ctx).rows("win_back")
    assert [(r.first_name, r.figure) for r in rows] == [
        ("Lapsed", 109_575),
        ("B", 7_000),
        ("A", 4_000),
    ]
    assert rows[1].p_alive == pytest.approx(0.3) and rows[0].p_alive is None


def _snapshot(ctx, month: dt.date, as_of: dt.date, p_alive: dict[int, float | None]) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(insert(ScoreMonth), dict(month=month, as_of=as_of, clients=len(p_alive)))
        conn.execute(
            insert(ClientScoreMonth),
            [
                dict(month=month, client_id=c, category="loyal", p_alive=p, future_value=0)
                for c, p in p_alive.items()
            ],
        )


def test_win_back_lists_the_falling_ranked_by_value_lost(ctx, shop):
    """With a snapshot of about a month ago, only clients whose probability alive fell
    since are on the list (a client who came back since is not), ranked by value lost."""
    first, last = dt.date(2024, 1, 2), dt.date(2025, 1, 1)
    names = ("Fell", "FellMore", "CameBack", "Same", "New", "Lapsed", "RecentOnly")
    ids = {n: client(ctx, shop, n) for n in names}

    def row(name, category, p, future, margin=0):
        return dict(
            client_id=ids[name],
            category=category,
            visits=4,
            first_visit=first,
            last_visit=last,
            margin=margin,
            future_value=future,
            p_alive=p,
            valuable=True,
        )

    _scores(
        ctx,
        [
            row("Fell", "occasional", 0.2, 1_000),  # 1000 × 0.8 / 0.2 = 4000
            row("FellMore", "loyal", 0.3, 3_000),  # 7000
            row("CameBack", "occasional", 0.25, 9_000),  # rose from 0.1: she came back
            row("Same", "occasional", 0.4, 9_000),  # did not move
            row("New", "occasional", 0.45, 1_100),  # not in the snapshot: the threshold alone
            row("Lapsed", "lapsed", None, 0, margin=36_525),  # no probability: as before
            row("RecentOnly", "occasional", 0.3, 5_000),  # only in a snapshot too recent
        ],
    )
    # October's snapshot as of 26 October (28 days before today) is the one compared with;
    # November's of 20 November (3 days) is too recent.
    _snapshot(
        ctx,
        dt.date(2026, 10, 1),
        TODAY - dt.timedelta(days=28),
        {
            ids["Fell"]: 0.35,
            ids["FellMore"]: 0.9,
            ids["CameBack"]: 0.1,
            ids["Same"]: 0.4,
            ids["Lapsed"]: None,
        },
    )
    _snapshot(ctx, dt.date(2026, 11, 1), TODAY - dt.timedelta(days=3), {ids["RecentOnly"]: 0.1})
    rows = ActionLists(ctx).rows("win_back")
    assert [(r.first_name, r.figure) for r in rows] == [
        ("Lapsed", 109_575),
        ("RecentOnly", 11_667),  # 5000 × 0.7 / 0.3, with no usable snapshot
        ("FellMore", 7_000),
        ("Fell", 4_000),
        ("New", 1_344),  # 1100 × 0.55 / 0.45
    ]
    fell = next(r for r in rows if r.first_name == "FellMore")
    assert (fell.p_alive, fell.p_alive_before) == (pytest.approx(0.3), pytest.approx(0.9))
    new = next(r for r in rows if r.first_name == "New")
    assert new.p_alive_before is None
    fmt = Formatter("en", "PLN")
    assert "down from 90" in reason(ListName.WIN_BACK, fell, fmt)
    assert "down from" not in reason(ListName.WIN_BACK, new, fmt)
    # with a rule of 29 days no snapshot is old enough: the threshold alone, as before
    strict = ActionLists(ctx, ListRule(fall_days=29)).rows("win_back")
    assert {"CameBack", "Same"} <= set(numbers_of(strict))
    assert all(r.p_alive_before is None for r in strict)


def test_stale_contacts_at_the_reconfirm_period(ctx, shop):
    never = client(ctx, shop, "Never")
    client(ctx, shop, "YearAgo", contact_confirmed_on=dt.date(2025, 11, 23))  # not yet
    client(ctx, shop, "YearAndDay", contact_confirmed_on=dt.date(2025, 11, 22))
    client(ctx, shop, "Recent", contact_confirmed_on=dt.date(2026, 10, 1))
    with ctx.engine.begin() as conn:  # a file typed in before the field existed
        conn.execute(
            text("UPDATE clients SET contact_confirmed_on = NULL WHERE id = :id"), {"id": never}
        )
    rows = ActionLists(ctx).rows("stale_contacts")
    # make_shop's client was confirmed when her file was made, today
    assert sorted(numbers_of(rows)) == ["Never", "YearAndDay"]
    assert {r.first_name: r.day for r in rows}["YearAndDay"] == dt.date(2025, 11, 22)


def _survey(ctx, shop, cid, visit_date, recommend=None, ratings=(), taken_days_ago=0):
    sale = ctx.sales.post(_paid(ctx, shop, cid), shop.desk)
    with ctx.engine.begin() as conn:
        conn.execute(
            insert(Survey),
            dict(
                sale_id=sale.sale_id,
                client_id=cid,
                visit_date=visit_date,
                taken_at=dt.datetime(2026, 11, 23, 12) - dt.timedelta(days=taken_days_ago),
                channel="paper",
                language="en",
                recommend=recommend,
                ratings=len(ratings),
                ratings_satisfied=sum(1 for r in ratings if r >= 4),
                ratings_sum=sum(ratings),
            ),
        )


def _paid(ctx, shop, cid, on_account: int = 0) -> TicketDraft:
    t = TicketDraft(client_id=cid, lines=[svc_line(shop)])
    due = compute(t, ctx.salon.currency).due
    if on_account:
        t.payments.append(PaymentDraft(PayMethod.ACCOUNT, on_account))
    t.payments.append(PaymentDraft(PayMethod.CASH, due - on_account, due - on_account))
    return t


def test_dissatisfied_without_a_complaint_and_promoters(ctx, shop):
    recent, old = dt.date(2026, 10, 1), dt.date(2025, 11, 22)  # the window starts 2025-11-23
    names = ("Nine", "TurnedTen", "Six", "SixComplained", "LowRatings", "FairRatings", "Old")
    ids = {n: client(ctx, shop, n) for n in names}
    _survey(ctx, shop, ids["Nine"], recent, 9)
    _survey(ctx, shop, ids["TurnedTen"], recent, 3, taken_days_ago=20)
    _survey(ctx, shop, ids["TurnedTen"], recent, 10, taken_days_ago=2)
    _survey(ctx, shop, ids["Six"], recent, 6)
    _survey(ctx, shop, ids["SixComplained"], recent, 6)
    _survey(ctx, shop, ids["LowRatings"], recent, None, (2, 3))  # average 2.5: at the threshold
    _survey(ctx, shop, ids["FairRatings"], recent, None, (2, 3, 3, 3, 2))  # 2.6
    _survey(ctx, shop, ids["Old"], old, 1)
    ctx.complaints.record(ComplaintDraft(ids["SixComplained"], "Too short"), shop.desk)
    referrer = client(ctx, shop, "Referrer")
    client(ctx, shop, "Friend", referred_by_id=referrer)

    lists = ActionLists(ctx)
    unhappy = lists.rows("dissatisfied_no_complaint")
    assert [(r.first_name, r.figure) for r in unhappy] == [("Six", 6), ("LowRatings", None)]
    happy = lists.rows("promoters")
    assert [(r.first_name, r.figure) for r in happy] == [
        ("TurnedTen", 10),
        ("Nine", 9),
        ("Referrer", None),
    ]
    assert happy[0].last_visit == TODAY


def test_open_debt_against_the_accounts(ctx, shop):
    owes = client(ctx, shop, "Owes")
    owes_more = client(ctx, shop, "OwesMore")
    settled = client(ctx, shop, "Settled")
    ctx.sales.post(_paid(ctx, shop, owes, on_account=3_000), shop.desk)
    ctx.sales.post(_paid(ctx, shop, owes_more, on_account=8_000), shop.desk)
    ctx.sales.post(_paid(ctx, shop, settled, on_account=2_000), shop.desk)
    ctx.sales.post(_account_in(ctx, settled, 2_000), shop.desk)
    rows = ActionLists(ctx).rows("open_debt")
    with ctx.engine.connect() as conn:
        independent = dict(
            conn.execute(
                text(
                    "SELECT client_id, -sum(amount) FROM account_entries GROUP BY client_id"
                    " HAVING sum(amount) < 0"
                )
            ).all()
        )
    assert (
        {r.client_id: r.amount_due for r in rows}
        == independent
        == {
            owes: 3_000,
            owes_more: 8_000,
        }
    )
    assert [r.first_name for r in rows] == ["OwesMore", "Owes"]


def _account_in(ctx, cid, amount) -> TicketDraft:
    from salon_desktop.domain.sale import LineDraft, LineKind

    t = TicketDraft(
        client_id=cid, lines=[LineDraft(LineKind.ACCOUNT, "Into account", amount, 1, 0)]
    )
    t.payments.append(PaymentDraft(PayMethod.CASH, amount, amount))
    return t


def test_erased_and_archived_files_never_appear(ctx, shop):
    erased = client(ctx, shop, "Erased", birth_date=dt.date(1990, 11, 23))
    archived = client(ctx, shop, "Archived", birth_date=dt.date(1991, 11, 23))
    kept = client(ctx, shop, "Kept", birth_date=dt.date(1992, 11, 23))
    ctx.sales.post(_paid(ctx, shop, erased, on_account=3_000), shop.desk)
    ctx.client_data.erase(erased, None)
    ctx.clients.set_archived(archived, True, shop.desk)
    lists = ActionLists(ctx)
    assert [r.client_id for r in lists.rows("birthdays_today")] == [kept]
    assert lists.rows("open_debt") == []
    for name in lists.names():
        assert erased not in {r.client_id for r in lists.rows(name)}


def test_the_csv_escapes_a_hostile_name(ctx, shop):
    client(ctx, shop, HOSTILE, "@SUM(A1)", birth_date=dt.date(1990, 11, 23), email="+x@y.pl")
    data = ActionLists(ctx).csv("birthdays_today")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Client no.", "First name", "Last name"]
    assert rows[1][1] == "'" + HOSTILE and rows[1][2] == "'@SUM(A1)"
    assert rows[1][4] == "'+x@y.pl"
    assert rows[1][6] == "2026-11-23" and rows[1][8] == "36"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_writing_the_csv_is_an_export(ctx, shop, tmp_path):
    client(ctx, shop, "Ann", birth_date=dt.date(1990, 11, 23))
    out = tmp_path / "today.csv"
    assert ActionLists(ctx).write_csv("birthdays_today", out, shop.desk) == 1
    assert out.read_bytes() == ActionLists(ctx).csv("birthdays_today")
    with ctx.engine.connect() as conn:
        actions = [a for (a,) in conn.execute(text("SELECT action FROM audit_log"))]
    assert "list:birthdays_today" in actions
