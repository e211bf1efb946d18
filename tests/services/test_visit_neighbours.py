"""``client_visit_days.prev_day`` / ``next_day`` (migration 0017): each visit day's
neighbours among the same client file's days, kept by the triggers on
``client_visit_days`` through back-dated sales, voids, two sales on one day and
merged files, and by the bulk builders' fill; on SQLite and PostgreSQL.

The check is independent: the stored columns against each file's days sorted in
Python (what LAG / LEAD over the file's days give)."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from salon_desktop.domain.client import ClientDraft
from tests.services.sales_helpers import at_once, make_shop, prod_line, svc_line
from tests.services.test_segments import TODAY, Desk
from tests.services.test_visit_days import day, from_sales, kept, totals

EXAMPLES = min(settings().max_examples, 25)
VERSIONS = Path(__file__).resolve().parents[2] / "salon_desktop/db/migrations/versions"
EPOCH = dt.date(1970, 1, 1)


def stored(ctx) -> dict[tuple[int, dt.date], tuple[dt.date | None, dt.date | None]]:
    """(file, day) -> (day before, day after) as the table holds them."""
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT client_id, day, prev_day, next_day FROM client_visit_days")
        ).all()

    def as_date(n):
        return None if n is None else EPOCH + dt.timedelta(days=n)

    return {(c, as_date(d)): (as_date(p), as_date(n)) for c, d, p, n in rows}


def recomputed(ctx) -> dict[tuple[int, dt.date], tuple[dt.date | None, dt.date | None]]:
    """The same from each file's visit days, sorted here."""
    days: dict[int, list[dt.date]] = {}
    for c, d in kept(ctx):
        days.setdefault(c, []).append(d)
    out = {}
    for c, ds in days.items():
        ds.sort()
        for i, d in enumerate(ds):
            out[(c, d)] = (ds[i - 1] if i else None, ds[i + 1] if i + 1 < len(ds) else None)
    return out


def check(ctx) -> dict:
    have = stored(ctx)
    assert have == recomputed(ctx)
    assert set(have) == set(from_sales(ctx))
    totals(ctx)
    return have


def test_back_dated_sales_and_voids_keep_each_days_neighbours(ctx):
    shop = make_shop(ctx)
    desk = Desk(ctx)
    c = shop.client
    desk.visit(40, [svc_line(shop)], c)
    assert check(ctx) == {(c, day(40)): (None, None)}
    desk.visit(10, [svc_line(shop)], c)
    assert check(ctx) == {(c, day(40)): (None, day(10)), (c, day(10)): (day(40), None)}
    # a sale back-dated between the two: both neighbours point at it
    middle = desk.visit(25, [prod_line(shop)], c)
    assert check(ctx) == {
        (c, day(40)): (None, day(25)),
        (c, day(25)): (day(40), day(10)),
        (c, day(10)): (day(25), None),
    }
    # before the first and after the last
    first = desk.visit(60, [svc_line(shop)], c)
    desk.visit(3, [svc_line(shop)], c)
    assert check(ctx)[(c, day(60))] == (None, day(40))
    assert stored(ctx)[(c, day(3))] == (day(10), None)
    # a second sale on a day changes nothing; voiding one of the two leaves the day
    again = desk.visit(25, [svc_line(shop)], c)
    desk.sales.void(again.sale_id, "Entered twice", shop.desk)
    assert check(ctx)[(c, day(25))] == (day(40), day(10))
    # the day's last sale voided: the day goes, its neighbours join
    desk.day = TODAY
    desk.sales.void(middle.sale_id, "Wrong client", shop.desk)
    have = check(ctx)
    assert (c, day(25)) not in have
    assert have[(c, day(40))] == (day(60), day(10))
    assert have[(c, day(10))] == (day(40), day(3))
    # the first day voided: the next one has no day before
    desk.sales.void(first.sale_id, "Wrong client", shop.desk)
    assert check(ctx)[(c, day(40))] == (None, day(10))


def test_each_file_of_a_merged_client_keeps_its_own_neighbours(ctx):
    shop = make_shop(ctx)
    desk = Desk(ctx)
    other = ctx.clients.create(ClientDraft(first_name="Zahra", last_name="A."), shop.desk)
    desk.visit(50, [svc_line(shop)], other)
    desk.visit(30, [svc_line(shop)], shop.client)
    desk.visit(20, [svc_line(shop)], other)
    desk.visit(20, [prod_line(shop)], shop.client)  # the same day on both files
    ctx.clients.merge(shop.client, other, shop.desk)
    desk.visit(35, [svc_line(shop)], other)  # posted on the merged file, back-dated
    desk.visit(5, [svc_line(shop)], shop.client)
    have = check(ctx)
    assert have[(other, day(35))] == (day(50), day(20))
    assert have[(other, day(20))] == (day(35), None)
    assert have[(shop.client, day(30))] == (None, day(20))
    assert have[(shop.client, day(20))] == (day(30), day(5))


def _migration(name: str):
    path = VERSIONS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"test_migration_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bulk_builders_fill_and_triggers_give_the_same_columns(ctx):
    """benchmarks/segments.py drops the triggers, writes in bulk, fills, puts them back."""
    shop = make_shop(ctx)
    desk = Desk(ctx)
    for ago in (70, 40, 41, 12):
        desk.visit(ago, [svc_line(shop)], shop.client)
    want = check(ctx)
    m = _migration("0017_visit_day_neighbours")
    dialect = ctx.engine.dialect.name
    with ctx.engine.begin() as conn:
        for stmt in m.drop_trigger(dialect):
            conn.execute(text(stmt))
        conn.execute(text("DELETE FROM client_visit_days"))
        conn.execute(text("DELETE FROM client_visits"))
        for stmt in m.fill(dialect):
            conn.execute(text(stmt))
        for stmt in m.create_trigger(dialect):
            conn.execute(text(stmt))
    assert check(ctx) == want
    desk.visit(20, [svc_line(shop)], shop.client)  # the triggers are back
    assert check(ctx)[(shop.client, day(20))] == (day(40), day(12))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_sales_and_voids_keep_the_neighbours_equal_to_lag_and_lead(ctx, data):
    """Each example adds sales on random days (any order) for two files and voids
    some of the sales posted so far; the columns always equal LAG / LEAD."""
    shop = _shop(ctx)
    desk = Desk(ctx)
    posted: list[int] = getattr(ctx, "_posted", [])
    ctx._posted = posted
    steps = data.draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("sale"), st.sampled_from([0, 1]), st.integers(0, 20)),
                st.tuples(st.just("void"), st.integers(0, 10_000), st.just(0)),
            ),
            min_size=1,
            max_size=6,
        )
    )
    for kind, a, b in steps:
        if kind == "sale":
            posted.append(desk.visit(b, [svc_line(shop)], shop.files[a]).sale_id)
        elif posted:
            desk.day = TODAY
            desk.sales.void(posted.pop(a % len(posted)), "Wrong", shop.desk)
    check(ctx)


def _shop(ctx):
    """One shop (two client files) for all the examples of a test."""
    shop = getattr(ctx, "_shop", None)
    if shop is None:
        shop = make_shop(ctx)
        other = ctx.clients.create(ClientDraft(first_name="Mina", last_name="K."), shop.desk)
        shop.files = [shop.client, other]
        ctx._shop = shop
    return shop


def test_two_desks_posting_for_one_client_at_once_keep_the_neighbours(ctx, tmp_path):
    """Two desks post back-dated sales for the same file at once (and one voids): on
    PostgreSQL the per-client lock orders them, so each day's neighbours come out right."""
    from salon_desktop.services.context import open_context

    shop = make_shop(ctx)
    other = open_context(data_dir=tmp_path / "desk2", db_url=ctx.db_url)

    def post_many(c, days: list[int]) -> None:
        desk = Desk(c)
        for i, ago in enumerate(days):
            sale = desk.visit(ago, [svc_line(shop)], shop.client)
            if i % 3 == 2:
                desk.day = TODAY
                desk.sales.void(sale.sale_id, "Wrong day", shop.desk)

    try:
        errors = at_once(
            lambda: post_many(ctx, [30, 10, 22, 4, 16, 28]),
            lambda: post_many(other, [29, 11, 21, 5, 15, 27]),
        )
    finally:
        other.close()
    assert not errors
    have = check(ctx)
    assert len(have) == 8  # twelve sales, four voided
