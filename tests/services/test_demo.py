"""The demo salon: realistic, valid, searchable, and the bulk path writes what the services write."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid

import phonenumbers
import pytest
from sqlalchemy import text

from salon_desktop.demo import fill_demo
from salon_desktop.domain.text import fold
from salon_desktop.services.context import open_context
from salon_desktop.services.integrity import verify
from tests.pg_admin import drop_database

PG_URL = os.environ.get("SALON_TEST_PG_URL")
TODAY = dt.date(2026, 6, 15)

PERSIAN = re.compile(r"[\u0600-\u06ff]")
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
LATIN_ONLY = re.compile(r"^[A-Za-z' -]+$")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def open_profile(request, tmp_path):
    """A factory of fresh, empty profiles on the parametrised database."""
    contexts, databases = [], []
    admin = None
    if request.param == "postgresql":
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("SALON_TEST_PG_URL is not set")
            pytest.skip("no PostgreSQL server (set SALON_TEST_PG_URL)")
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")

    def make(name: str):
        url = None
        if admin is not None:
            db = f"salon_demo_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{db}"'))
            databases.append(db)
            url = make_url(PG_URL).set(database=db).render_as_string(hide_password=False)
        ctx = open_context(data_dir=tmp_path / name, db_url=url, today=lambda: TODAY)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()
    if admin is not None:
        for db in databases:
            drop_database(admin, db)
        admin.dispose()


def _rows(ctx, sql: str) -> list[tuple]:
    with ctx.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_demo_salon_is_realistic_and_searchable(open_profile):
    ctx = open_profile("pl")
    assert fill_demo(ctx, clients=40, seed=7, language="pl", bulk=False) == 40

    # Settings and staff.
    salon = ctx.reload_settings()
    assert (salon.language, salon.currency, salon.phone_region) == ("pl", "PLN", "PL")
    assert salon.first_run_done and salon.salon_name and salon.address
    staff = ctx.staff.list(include_inactive=True)
    assert 5 <= len(staff) <= 8
    assert sum(not m.active for m in staff) == 1
    assert {"Fryzjerka", "Recepcjonistka", "Kierowniczka"} <= {m.role for m in staff}
    assert ctx.desk.load().desk_staff_id in {m.id for m in staff}

    # Counts.
    active, archived = ctx.clients.count(), ctx.clients.count(archived=True)
    assert active + archived == 40 and active >= 35
    files = [ctx.clients.get(cid) for (cid,) in _rows(ctx, "SELECT id FROM clients ORDER BY id")]
    drafts = [f.draft for f in files]

    # Names in three scripts.
    names = [f"{d.first_name} {d.last_name}" for d in drafts]
    assert any(PERSIAN.search(n) for n in names)
    assert any(POLISH.search(n) for n in names)
    assert any(LATIN_ONLY.match(n) and not POLISH.search(n) for n in names)

    # Phones: E.164 and valid for their country.
    phones = [p.number for d in drafts for p in d.phones]
    assert len(phones) >= 38
    for number in phones:
        assert re.fullmatch(r"\+[1-9]\d{7,14}", number), number
        assert phonenumbers.is_valid_number(phonenumbers.parse(number, None)), number
    assert sum(p.startswith("+48") for p in phones) > len(phones) / 2

    # The rest of the client file.
    assert any(d.allergies for d in drafts)
    assert sum(bool(d.email) for d in drafts) >= 10
    assert sum(d.birth_date is not None for d in drafts) >= 25
    assert all(d.birth_date is None or d.birth_date < TODAY for d in drafts)
    assert any(d.tags for d in drafts) and any(d.hair_notes for d in drafts)
    assert any(d.referred_by_id for d in drafts)
    assert any(d.preferred_staff_id for d in drafts)
    assert any(f.formulas for f in files)
    assert all(f.applied_on <= TODAY for fl in files for f in fl.formulas)
    assert sum(bool(d.consents) for d in drafts) >= 35
    confirmed = [d.contact_confirmed_on for d in drafts if d.contact_confirmed_on]
    assert min(confirmed) < TODAY - dt.timedelta(days=365) < max(confirmed)
    assert any(f.contact_stale for f in files) and not all(f.contact_stale for f in files)
    assert any(f.photos for f in files)

    # Search: a 3-character fragment from inside a name, typed without diacritics.
    active_files = [f for f in files if not f.archived]
    target = (
        next(
            f
            for f in active_files
            if len(fold(f.draft.last_name)) >= 5 and POLISH.search(f.draft.last_name)
        )
        if any(POLISH.search(f.draft.last_name) for f in active_files)
        else active_files[0]
    )
    fragment = fold(target.draft.last_name)[1:4]
    assert target.id in {r.id for r in ctx.search.search(fragment).rows}
    persian = next(f for f in active_files if PERSIAN.search(f.draft.first_name))
    assert persian.id in {r.id for r in ctx.search.search(persian.draft.first_name[:3]).rows}
    # A phone fragment in national and in international form, and two typed characters.
    with_phone = next(f for f in active_files if f.draft.phones)
    number = phonenumbers.parse(with_phone.draft.phones[0].number, None)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    assert with_phone.id in {r.id for r in ctx.search.search(national[:7]).rows}
    assert with_phone.id in {
        r.id for r in ctx.search.search(with_phone.draft.phones[0].number[3:9]).rows
    }
    assert target.id in {r.id for r in ctx.search.search(target.draft.last_name[:2]).rows}


def test_language_none_keeps_the_setting_and_refill_reuses_staff(open_profile):
    ctx = open_profile("en")
    assert fill_demo(ctx, clients=5, seed=1) == 5
    salon = ctx.reload_settings()
    assert (salon.language, salon.currency, salon.phone_region) == ("en", "GBP", "GB")
    assert fill_demo(ctx, clients=3, seed=2) == 3
    assert len(ctx.staff.list(include_inactive=True)) == 7
    numbers = [n for (n,) in _rows(ctx, "SELECT number FROM clients ORDER BY number")]
    assert numbers == list(range(1, 9))


_COMPARE = {
    "clients": "SELECT id, number, first_name, last_name, name_key, sort_key, phone_key, "
    "main_phone, email, birth_date, gender, address, source, referred_by_id, "
    "preferred_staff_id, allergies, skin_notes, hair_notes, notes, buying_behaviour, "
    "contact_confirmed_on, archived, archived_at IS NULL, merged_into_id, "
    "created_by_id, updated_by_id, version FROM clients ORDER BY id",
    "client_phones": "SELECT id, client_id, e164, label, position FROM client_phones ORDER BY id",
    "client_tags": "SELECT client_id, tag FROM client_tags ORDER BY client_id, tag",
    "client_consents": "SELECT client_id, kind, given_on FROM client_consents "
    "ORDER BY client_id, kind",
    "client_search_keys": "SELECT key, client_id FROM client_search_keys ORDER BY key, client_id",
    "colour_formulas": "SELECT id, client_id, applied_on, formula, staff_id FROM colour_formulas "
    "ORDER BY id",
    "client_photos": "SELECT id, client_id, kind, taken_on FROM client_photos ORDER BY id",
    "audit_log": "SELECT staff_id, entity, entity_id, action, detail FROM audit_log "
    "ORDER BY entity, entity_id, action, detail",
    "staff": "SELECT id, name, role, active FROM staff ORDER BY id",
    "settings": "SELECT key, value FROM settings ORDER BY key",
}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_bulk_path_writes_what_the_services_write(open_profile, language):
    by_service, by_bulk = open_profile("service"), open_profile("bulk")
    assert fill_demo(by_service, clients=40, seed=11, language=language, bulk=False) == 40
    assert fill_demo(by_bulk, clients=40, seed=11, language=language, bulk=True, batch=7) == 40
    for table, sql in _COMPARE.items():
        assert _rows(by_bulk, sql) == _rows(by_service, sql), table

    # The search indexes agree too (FTS5 filled by triggers, or pg_trgm).
    files = [by_service.clients.get(cid) for (cid,) in _rows(by_service, "SELECT id FROM clients")]
    queries = {fold(f.draft.first_name)[:3] for f in files} | {
        fold(f.draft.last_name)[-4:] for f in files
    }
    queries |= {f.draft.phones[0].number[4:9] for f in files if f.draft.phones}
    queries |= {fold(f.draft.last_name)[:1] for f in files}
    for q in sorted(queries):
        service_ids = [r.id for r in by_service.search.search(q).rows]
        assert [r.id for r in by_bulk.search.search(q).rows] == service_ids, q
        assert [r.id for r in by_bulk.search.search(q, archived=True).rows] == [
            r.id for r in by_service.search.search(q, archived=True).rows
        ], q
    assert any(by_bulk.search.search(q).rows for q in queries)

    # Ids continue after the bulk insert (PostgreSQL sequences moved on).
    assert fill_demo(by_bulk, clients=2, seed=12, language=language, bulk=False) == 2
    assert _rows(by_bulk, "SELECT max(id), max(number) FROM clients") == [(42, 42)]

    # Both salons' records are whole and in their hash chains, the bulk one too.
    for ctx in (by_service, by_bulk):
        report = verify(ctx.engine)
        assert report.ok, [p.sentence() for p in report.problems]
        assert report.links["audit"] == _rows(ctx, "SELECT count(*) FROM audit_log")[0][0] > 0


def test_same_seed_same_salon(open_profile):
    a, b = open_profile("a"), open_profile("b")
    fill_demo(a, clients=15, seed=3, language="fa", bulk=True)
    fill_demo(b, clients=15, seed=3, language="fa", bulk=True)
    sql = "SELECT first_name, last_name, phone_key, email, birth_date FROM clients ORDER BY id"
    assert _rows(a, sql) == _rows(b, sql)
    c = open_profile("c")
    fill_demo(c, clients=15, seed=4, language="fa", bulk=True)
    assert _rows(c, sql) != _rows(a, sql)


# -- years of visits and sales ---------------------------------------------------------


def _scalar(ctx, sql: str):
    return _rows(ctx, sql)[0][0]


def check_sales_invariants(ctx) -> None:
    """What posting always keeps, checked on the whole profile."""
    from salon_desktop.domain.money import percent_of, quantum
    from salon_desktop.services.sales import calendar_year, receipt_text

    salon = ctx.reload_settings()
    assert _scalar(ctx, "SELECT count(*) FROM sales") > 0
    # Lines add up to the sale, payments to the total and tips, tips to the tip lines.
    assert (
        _rows(
            ctx,
            """
        SELECT s.id FROM sales s JOIN sale_lines l ON l.sale_id = s.id GROUP BY s.id
        HAVING sum(l.total) != max(s.total) OR sum(l.amount) != max(s.subtotal)
            OR sum(l.net) != max(s.net) OR sum(l.tax) != max(s.tax)
            OR sum(l.line_discount + l.ticket_discount) != max(s.discount)""",
        )
        == []
    )
    assert _rows(ctx, "SELECT id FROM sale_lines WHERE net + tax != total") == []
    assert (
        _rows(
            ctx,
            """
        SELECT s.id FROM sales s LEFT JOIN (SELECT sale_id, sum(amount) paid FROM sale_payments
        GROUP BY sale_id) p ON p.sale_id = s.id WHERE coalesce(p.paid, 0) != s.total + s.tips""",
        )
        == []
    )
    assert (
        _rows(
            ctx,
            """
        SELECT s.id FROM sales s LEFT JOIN (SELECT sale_id, sum(amount) t FROM sale_tips
        GROUP BY sale_id) t ON t.sale_id = s.id WHERE coalesce(t.t, 0) != s.tips""",
        )
        == []
    )
    assert (
        _rows(
            ctx,
            "SELECT id FROM sales s WHERE NOT EXISTS "
            "(SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id)",
        )
        == []
    )
    # Receipt numbers: gap-free per series and calendar year, the counter at the last one.
    jalali = salon.uses_jalali()
    numbers: dict[tuple, list[int]] = {}
    for series, year, number, no, day in _rows(
        ctx, "SELECT series, year, number, receipt_no, business_date FROM sales ORDER BY id"
    ):
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        assert year == calendar_year(day, jalali)
        assert no == receipt_text(series, year, number)
        numbers.setdefault((series, year), []).append(number)
    for key, got in numbers.items():
        assert got == list(range(1, len(got) + 1)), key
    counters = {
        (s, y): n
        for s, y, n in _rows(ctx, "SELECT series, year, last_number FROM receipt_counters")
        if s != "CMPL"  # the complaints' numbers (services.complaints)
    }
    assert counters == {k: len(v) for k, v in numbers.items()}
    # Stock and voucher balances are the sums of their movements.
    assert (
        _rows(
            ctx,
            """
        SELECT p.id FROM products p LEFT JOIN (SELECT product_id, sum(qty) n FROM stock_movements
        GROUP BY product_id) m ON m.product_id = p.id WHERE coalesce(m.n, 0) != p.stock
        OR p.stock < 0""",
        )
        == []
    )
    assert (
        _rows(
            ctx,
            """
        SELECT v.id FROM gift_vouchers v LEFT JOIN (SELECT voucher_id, sum(amount) b
        FROM voucher_movements GROUP BY voucher_id) m ON m.voucher_id = v.id
        WHERE coalesce(m.b, 0) != v.balance OR v.balance < 0 OR v.balance > v.initial_value""",
        )
        == []
    )
    # Account entries follow the account lines and payments.
    assert (
        _rows(
            ctx,
            """
        SELECT s.id FROM sales s
        LEFT JOIN (SELECT sale_id, sum(amount) a FROM account_entries GROUP BY sale_id) e
          ON e.sale_id = s.id
        LEFT JOIN (SELECT sale_id, sum(total) a FROM sale_lines WHERE kind = 'account'
          GROUP BY sale_id) l ON l.sale_id = s.id
        LEFT JOIN (SELECT sale_id, sum(amount) a FROM sale_payments WHERE method = 'account'
          GROUP BY sale_id) p ON p.sale_id = s.id
        WHERE coalesce(e.a, 0) != coalesce(l.a, 0) - coalesce(p.a, 0)""",
        )
        == []
    )
    # Commission frozen as posting computes it, costs from the catalog.
    q = quantum(salon.currency)
    rates = {
        sid: (s, p)
        for sid, s, p in _rows(
            ctx, "SELECT staff_id, service_bp, product_bp FROM staff_commissions"
        )
    }
    assert rates
    rows = _rows(
        ctx,
        "SELECT l.kind, l.staff_id, l.net, l.commission FROM sale_lines l "
        "JOIN sales s ON s.id = l.sale_id WHERE s.kind = 'sale'",
    )
    for kind, staff_id, net, commission in rows:
        bp = (
            rates.get(staff_id, (0, 0))[0 if kind == "service" else 1]
            if kind in ("service", "product")
            else 0
        )
        assert commission == percent_of(net, bp, q)
    assert (
        _rows(
            ctx,
            """
        SELECT l.id FROM sale_lines l JOIN services v ON v.id = l.service_id
        WHERE l.original_line_id IS NULL AND l.cost != v.material_cost * l.qty""",
        )
        == []
    )
    # Corrections point to a sale and give back what it had.
    assert (
        _rows(
            ctx,
            """
        SELECT c.id FROM sales c JOIN sales o ON o.id = c.original_sale_id
        WHERE c.kind = 'void' AND (c.total != -o.total OR c.tips != -o.tips)""",
        )
        == []
    )
    assert (
        _rows(
            ctx,
            "SELECT id FROM sales WHERE kind != 'sale' AND (series != 'C' OR "
            "original_sale_id IS NULL)",
        )
        == []
    )
    # Every past day closed, counted near the expected cash, and expected as the till computes.
    today = ctx.clients.today()
    open_days = _rows(ctx, "SELECT business_date FROM cash_sessions WHERE closed_at IS NULL")
    assert [str(d) for (d,) in open_days] in ([], [str(today)])
    for _day, opening, expected, counted in _rows(
        ctx,
        "SELECT business_date, opening_float, expected_cash, counted_cash "
        "FROM cash_sessions WHERE closed_at IS NOT NULL",
    ):
        assert opening > 0 and abs(counted - expected) <= max(1000, 100_000 * q)
    day = _rows(
        ctx,
        "SELECT max(c.business_date) FROM cash_sessions c JOIN sales s ON "
        "s.business_date = c.business_date WHERE c.closed_at IS NOT NULL",
    )[0][0]
    day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
    report = ctx.till.report(day)
    assert report.closed_at is not None and report.sales_count > 0


def _days(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def check_salon_shape(ctx, closed_weekday: int) -> None:
    """Regulars, occasional, lapsed and new clients; closed days; the client's own staff."""
    today = ctx.clients.today()
    visits: dict[int, list[dt.date]] = {}
    for cid, day in _rows(
        ctx,
        "SELECT client_id, business_date FROM sales WHERE kind = 'sale' "
        "AND client_id IS NOT NULL ORDER BY business_date",
    ):
        visits.setdefault(cid, []).append(_days(day))
    assert len(visits) >= 0.8 * _scalar(ctx, "SELECT count(*) FROM clients")
    first = min(d for v in visits.values() for d in v)
    regular = 0
    for days in visits.values():
        gaps = sorted((b - a).days for a, b in zip(days, days[1:], strict=False))
        if len(days) >= 6 and 28 <= gaps[len(gaps) // 2] <= 56:
            regular += 1
    assert regular >= 0.15 * len(visits)
    lapsed = [
        c for c, v in visits.items() if len(v) >= 2 and v[-1] < today - dt.timedelta(days=365)
    ]
    assert lapsed
    assert any(v[0] > first + dt.timedelta(days=120) for v in visits.values())  # new clients
    assert any(len(v) <= 3 for v in visits.values())  # occasional ones
    # Closed on the weekly day off.
    assert all(
        _days(d).weekday() != closed_weekday
        for (d,) in _rows(ctx, "SELECT DISTINCT business_date FROM sales")
    )
    # One to three services a visit, mostly by the client's preferred staff member.
    per_visit = [
        n
        for (n,) in _rows(
            ctx,
            "SELECT count(*) FROM sale_lines l JOIN sales s "
            "ON s.id = l.sale_id WHERE s.kind = 'sale' AND "
            "s.client_id IS NOT NULL AND l.kind = 'service' "
            "GROUP BY s.id",
        )
    ]
    assert set(per_visit) <= {1, 2, 3, 4} and {1, 2} <= set(per_visit)
    own = _rows(
        ctx,
        """
        SELECT sum(CASE WHEN l.staff_id = c.preferred_staff_id THEN 1 ELSE 0 END), count(*)
        FROM sale_lines l JOIN sales s ON s.id = l.sale_id JOIN clients c ON c.id = s.client_id
        JOIN staff m ON m.id = c.preferred_staff_id
        WHERE l.kind = 'service' AND m.active AND s.business_date >= :half
          AND l.service_id IN (SELECT l2.service_id FROM sale_lines l2
                               WHERE l2.staff_id = c.preferred_staff_id)""".replace(
            ":half", f"'{today - dt.timedelta(days=120)}'"
        ),
    )[0]
    assert own[1] and own[0] / own[1] > 0.6
    # What a till sees: cards, cash, tips, discounts, vouchers, accounts, voids and refunds.
    kinds = {k for (k,) in _rows(ctx, "SELECT DISTINCT kind FROM sales")}
    assert kinds == {"sale", "void", "refund"}
    methods = {m for (m,) in _rows(ctx, "SELECT DISTINCT method FROM sale_payments")}
    assert {"card", "cash", "voucher", "account"} <= methods
    assert _scalar(ctx, "SELECT count(*) FROM sale_tips") > 0
    assert _scalar(ctx, "SELECT count(*) FROM sales WHERE discount > 0") > 0
    assert _scalar(ctx, "SELECT count(*) FROM sale_lines WHERE kind = 'product'") > 0
    assert _scalar(ctx, "SELECT count(*) FROM stock_movements WHERE kind = 'receive'") > 16


_SALES_COMPARE = {
    "sales": "SELECT id, uuid, kind, series, year, number, receipt_no, business_date, posted_at, "
    "client_id, staff_id, original_sale_id, reason, currency, net_pricing, subtotal, "
    "discount, discount_reason, net, tax, total, tips, change_given, note FROM sales "
    "ORDER BY id",
    "sale_lines": "SELECT * FROM sale_lines ORDER BY id",
    "sale_payments": "SELECT * FROM sale_payments ORDER BY id",
    "sale_tips": "SELECT * FROM sale_tips ORDER BY id",
    "gift_vouchers": "SELECT id, code, initial_value, balance, expires_on, sold_sale_id, "
    "client_id, created_at, version FROM gift_vouchers ORDER BY id",
    "voucher_movements": "SELECT * FROM voucher_movements ORDER BY id",
    "account_entries": "SELECT * FROM account_entries ORDER BY id",
    "stock_movements": "SELECT id, product_id, qty, kind, reason, sale_id, staff_id, unit_cost "
    "FROM stock_movements ORDER BY id",
    "sale stock movements": "SELECT id, at FROM stock_movements WHERE sale_id IS NOT NULL ORDER BY id",
    "products": "SELECT * FROM products ORDER BY id",
    "cash_sessions": "SELECT id, business_date, number, opening_float, opened_at, opened_by_id, "
    "closed_at, closed_by_id, expected_cash, counted_cash, last_sale_id, last_movement_id, note "
    "FROM cash_sessions ORDER BY business_date",
    "cash_movements": "SELECT id, business_date, at, amount, reason, staff_id "
    "FROM cash_movements ORDER BY id",
    "receipt_counters": "SELECT * FROM receipt_counters ORDER BY series, year",
}


@pytest.fixture(scope="module")
def pl_salon(tmp_path_factory):
    """A Polish salon, 60 clients and 2 years of sales through the services; and the same
    seed through the bulk path."""
    contexts = []
    for bulk in (False, True):
        ctx = open_context(data_dir=tmp_path_factory.mktemp("pl"), today=lambda: TODAY)
        # The sales writers compared (complaints' compensations, posted through the
        # services on both paths, are ``test_compensations_demo``'s).
        fill_demo(
            ctx, clients=60, seed=5, language="pl", years=2, bulk=bulk, batch=13, complaints=0
        )
        contexts.append(ctx)
    yield contexts
    for ctx in contexts:
        ctx.close()


@pytest.mark.slow
def test_demo_sales_through_the_services_keep_every_invariant(pl_salon):
    ctx = pl_salon[0]
    check_sales_invariants(ctx)
    check_salon_shape(ctx, closed_weekday=6)
    salon = ctx.reload_settings()
    assert salon.currency == "PLN"
    # The catalog: VAT 8 % and 23 %, EAN-13 barcodes with their check digit, commission.
    services = ctx.catalog.services()
    assert len(services) >= 20 and {s.tax_rate_bp for s in services} == {800, 2300}
    assert all(s.price > s.material_cost > 0 and s.duration_min > 0 for s in services)
    products = ctx.catalog.products()
    assert len(products) >= 12
    for p in products:
        digits = [int(c) for c in p.barcode]
        assert len(digits) == 13 and p.barcode.startswith("590") and p.sku
        assert sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
        assert p.price > p.cost > 0 and p.tax_rate_bp == 2300
        assert ctx.catalog.find_code(p.barcode).id == p.id
    assert len(ctx.catalog.commissions()) >= 5
    # The client file shows the history and figures.
    cid = _scalar(
        ctx,
        "SELECT client_id FROM sales WHERE client_id IS NOT NULL "
        "GROUP BY client_id ORDER BY count(*) DESC LIMIT 1",
    )
    visits, figures = ctx.reader.history(cid)
    assert figures.visits >= 8 and figures.total_spent > 0 and figures.usual_interval_days
    assert visits[0].business_date >= visits[-1].business_date and visits[0].services


def test_bulk_sales_are_what_the_services_post(pl_salon):
    by_service, by_bulk = pl_salon
    check_sales_invariants(by_bulk)
    for table, sql in _SALES_COMPARE.items():
        assert _rows(by_bulk, sql) == _rows(by_service, sql), table
    # every sale, void, refund and cash movement is in its chain, by either path
    for ctx in (by_service, by_bulk):
        report = verify(ctx.engine)
        assert report.ok, [p.sentence() for p in report.problems]
        assert report.links["sales"] == _scalar(ctx, "SELECT count(*) FROM sales") > 0


@pytest.mark.slow
def test_persian_demo_uses_jalali_receipt_years_and_toman_prices(open_profile):
    ctx = open_profile("fa")
    fill_demo(ctx, clients=30, seed=9, language="fa", years=1, bulk=False)
    bulk = open_profile("fa-bulk")
    fill_demo(bulk, clients=30, seed=9, language="fa", years=1, bulk=True, batch=11)
    for c in (ctx, bulk):
        check_sales_invariants(c)
    for table, sql in _SALES_COMPARE.items():
        assert _rows(bulk, sql) == _rows(ctx, sql), table
    assert ctx.salon.currency == "IRT"
    # Receipt years are Jalali: 2026-03-25 is in 1405, 2026-03-15 in 1404.
    years = {(y, _days(d)) for y, d in _rows(ctx, "SELECT year, business_date FROM sales")}
    assert {y for y, _d in years} == {1404, 1405}
    assert all(y == (1405 if d >= dt.date(2026, 3, 21) else 1404) for y, d in years)
    assert _scalar(ctx, "SELECT count(*) FROM sales WHERE receipt_no LIKE '1405/%'") > 0
    # Toman prices are whole toman: multiples of 10 rials everywhere.
    for sql in (
        "SELECT price FROM services",
        "SELECT price FROM products",
        "SELECT unit_price FROM sale_lines",
        "SELECT total FROM sales",
        "SELECT amount FROM sale_payments",
        "SELECT amount FROM sale_tips",
        "SELECT counted_cash FROM cash_sessions WHERE counted_cash IS NOT NULL",
    ):
        assert all(v % 10 == 0 for (v,) in _rows(ctx, sql)), sql
    haircut = next(s for s in ctx.catalog.services() if s.name == "کوتاهی و براشینگ بانوان")
    assert haircut.price == 3_500_000 and haircut.tax_rate_bp == 1000
    # Closed on Fridays; card and cash.
    assert all(_days(d).weekday() != 4 for (d,) in _rows(ctx, "SELECT business_date FROM sales"))
    methods = dict(
        _rows(ctx, "SELECT method, count(*) FROM sale_payments WHERE amount > 0 GROUP BY method")
    )
    assert methods["card"] > methods["cash"] > methods["card"] / 6


@pytest.mark.slow
def test_bulk_history_is_shaped_like_a_salon():
    """A bigger salon on the bulk path: busier in December and Esfand, quiet days off."""
    for language, peak, closed in (
        ("pl", lambda d: d.month == 12 and d.day <= 23, 6),
        ("fa", lambda d: (d.month, d.day) >= (2, 20) and (d.month, d.day) <= (3, 19), 4),
    ):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            ctx = open_context(data_dir=tmp, today=lambda: TODAY)
            try:
                fill_demo(ctx, clients=1200, seed=3, language=language, years=3)
                check_sales_invariants(ctx)
                check_salon_shape(ctx, closed)
                per_day = {
                    _days(d): n
                    for d, n in _rows(
                        ctx,
                        "SELECT business_date, count(*) FROM sales WHERE kind = 'sale' "
                        "GROUP BY business_date",
                    )
                }
                start = min(per_day) + dt.timedelta(days=200)  # once the book is full
                steady = {d: n for d, n in per_day.items() if d >= start}
                in_peak = [n for d, n in steady.items() if peak(d)]
                average = sum(steady.values()) / len(steady)
                assert sum(in_peak) / len(in_peak) > 1.25 * average
                weekly = [
                    n
                    for (n,) in _rows(
                        ctx,
                        "SELECT count(*) FROM sales WHERE kind = 'sale' "
                        "GROUP BY client_id HAVING count(*) > 100",
                    )
                ]
                assert weekly  # the once-a-week clients
            finally:
                ctx.close()


def test_cli_demo_with_years(tmp_path, capsys):
    from salon_desktop.cli import main

    assert (
        main(
            [
                "--data-dir",
                str(tmp_path),
                "demo",
                "--clients",
                "30",
                "--years",
                "1",
                "--language",
                "en",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "30 clients" in out
    ctx = open_context(data_dir=tmp_path)
    try:
        sold = _scalar(ctx, "SELECT count(*) FROM sales WHERE kind = 'sale'")
        assert sold > 60 and f"{sold} sales" in out
        check_sales_invariants(ctx)
        assert ctx.salon.currency == "GBP"
        assert {s.tax_rate_bp for s in ctx.catalog.services()} == {2000}
    finally:
        ctx.close()
    assert (
        main(["--data-dir", str(tmp_path / "none"), "demo", "--clients", "5", "--years", "0"]) == 0
    )
    assert "5 clients, 0 sales" in capsys.readouterr().out


def test_no_demo_sale_is_later_than_now(tmp_path):
    """Today's visits stop at the clock: nothing posted, voided or paid out later than now."""
    now = dt.datetime.combine(TODAY, dt.time(13, 0))
    ctx = open_context(data_dir=tmp_path / "now", today=lambda: TODAY)
    try:
        fill_demo(ctx, clients=120, seed=5, language="pl", years=1, now=now)
        check_sales_invariants(ctx)
        for sql in (
            "SELECT max(posted_at) FROM sales",
            "SELECT max(at) FROM cash_movements",
            "SELECT max(at) FROM stock_movements WHERE sale_id IS NOT NULL",
            "SELECT max(at) FROM voucher_movements",
            "SELECT max(at) FROM account_entries",
        ):
            latest = _scalar(ctx, sql)
            assert latest is None or _stamp(latest) <= now, sql
        today = _scalar(ctx, f"SELECT count(*) FROM sales WHERE business_date = '{TODAY}'")
        assert today > 0  # the morning's sales are there
        assert _scalar(ctx, "SELECT count(*) FROM cash_sessions WHERE closed_at IS NULL") == 1
    finally:
        ctx.close()
    # Before opening time there is nothing today at all; the days before are whole.
    early = open_context(data_dir=tmp_path / "early", today=lambda: TODAY)
    try:
        fill_demo(early, clients=120, seed=5, language="pl", years=1, now=now.replace(hour=3))
        assert _scalar(early, f"SELECT count(*) FROM sales WHERE business_date = '{TODAY}'") == 0
        assert _scalar(early, "SELECT max(business_date) FROM sales") is not None
    finally:
        early.close()


def _stamp(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def test_without_faker_the_demo_says_it_needs_the_extra(tmp_path, monkeypatch, capsys):
    import sys

    from salon_desktop.cli import main
    from salon_desktop.demo import DemoNeedsFaker

    monkeypatch.setitem(sys.modules, "faker", None)  # ``import faker`` raises ImportError
    ctx = open_context(data_dir=tmp_path / "a", today=lambda: TODAY)
    try:
        with pytest.raises(DemoNeedsFaker) as exc:
            fill_demo(ctx, clients=5, language="pl")
        assert "[demo]" in exc.value.errors[0].message
        assert ctx.staff.list() == [] and ctx.clients.count() == 0  # nothing half-made
        assert not ctx.settings.load().first_run_done
    finally:
        ctx.close()
    assert main(["--data-dir", str(tmp_path / "b"), "demo", "--clients", "5"]) == 2
    err = capsys.readouterr().err
    assert "pip install" in err and "[demo]" in err
