"""Staff accounts: the owner's first PIN, logging in, lock-out, every role against
every guarded action, and the audit trail (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select, text

from salon_desktop.db.models import AuditEntry, Staff
from salon_desktop.domain.permissions import LOCK_FOR, MATRIX, Action, Role
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.accounts import PermissionDenied, WrongPin
from salon_desktop.services.audit import AuditFilter
from salon_desktop.services.context import open_context
from salon_desktop.services.failures import Kind, classify
from tests.services.sales_helpers import make_shop, pay, prod_line, svc_line, ten_percent

TODAY = dt.date(2026, 11, 23)
PINS = {Role.OWNER: "9753", Role.MANAGER: "8642", Role.STYLIST: "1357", Role.RECEPTIONIST: "2468"}


@pytest.fixture
def day():
    return [TODAY]


@pytest.fixture
def salon(tmp_path, db_url, day):
    """A context whose day can move, with a small shop and one account per role."""
    c = open_context(data_dir=tmp_path / "p", db_url=db_url, today=lambda: day[0])
    shop = make_shop(c)
    owner = c.accounts.create_owner("Olga Owner", PINS[Role.OWNER]).id
    ids = {Role.OWNER: owner}
    for role in (Role.MANAGER, Role.STYLIST, Role.RECEPTIONIST):
        ids[role] = c.staff.add(role.value.title(), "", owner, access=role, pin=PINS[role]).id
    yield c, shop, ids
    c.close()


def audit_actions(ctx, entity: str | None = None) -> list[tuple[str, int, str]]:
    stmt = select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action).order_by(
        AuditEntry.id
    )
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    with ctx.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


# -- the owner and logging in ---------------------------------------------------------------
def test_before_any_owner_every_action_is_allowed_then_the_roles_apply(ctx):
    stylist = ctx.staff.add("Sara", "Hair stylist").id
    assert not ctx.accounts.in_use()
    assert ctx.accounts.may(stylist, Action.CHANGE_SETTINGS)  # an older profile: nobody locked out
    owner = ctx.accounts.create_owner("Olga", "9753")
    assert owner.role is Role.OWNER and ctx.accounts.in_use()
    assert not ctx.accounts.may(stylist, Action.CHANGE_SETTINGS)
    assert ctx.staff.get(stylist).access is Role.STYLIST  # from the job title
    with pytest.raises(PermissionDenied):  # there is an owner now: they add staff
        ctx.accounts.create_owner("Mallory", "1234")


def test_an_existing_member_can_be_made_the_owner(ctx):
    mina = ctx.staff.add("Mina", "Manager").id
    assert ctx.staff.get(mina).access is Role.MANAGER
    ctx.accounts.create_owner("", "9753", staff_id=mina)
    assert ctx.staff.get(mina).access is Role.OWNER
    assert [a.name for a in ctx.accounts.accounts()] == ["Mina"]


def test_the_owner_pin_is_checked_and_stored_only_as_a_hash(ctx):
    with pytest.raises(ValidationError) as exc:
        ctx.accounts.create_owner("Olga", "12")
    assert "pin" in exc.value.by_field()
    assert not ctx.accounts.in_use()
    owner = ctx.accounts.create_owner("Olga", "9753").id
    with ctx.engine.connect() as conn:
        stored = conn.execute(select(Staff.pin_hash).where(Staff.id == owner)).scalar_one()
    assert stored.startswith("$argon2id$") and "9753" not in stored


def test_login_with_the_right_pin_and_a_wrong_one(salon):
    ctx, _shop, ids = salon
    assert ctx.accounts.login(ids[Role.STYLIST], PINS[Role.STYLIST]).role is Role.STYLIST
    with pytest.raises(WrongPin) as exc:
        ctx.accounts.login(ids[Role.STYLIST], "0000")
    assert exc.value.errors[0].field == "pin" and exc.value.errors[0].params["left"] == 4
    assert classify(exc.value).kind is Kind.VALIDATION
    ctx.accounts.login(ids[Role.STYLIST], PINS[Role.STYLIST])  # a right PIN starts the count again
    with pytest.raises(WrongPin) as exc:
        ctx.accounts.login(ids[Role.STYLIST], "0000")
    assert exc.value.errors[0].params["left"] == 4


def test_five_wrong_pins_lock_the_account_and_a_restart_does_not_unlock_it(tmp_path, db_url):
    clock = [dt.datetime(2026, 11, 23, 10, 0)]
    c = open_context(data_dir=tmp_path / "p", db_url=db_url)
    c.accounts._now = lambda: clock[0]
    owner = c.accounts.create_owner("Olga", "9753").id
    for _ in range(5):
        with pytest.raises(WrongPin):
            c.accounts.login(owner, "0000")
    c.close()
    c = open_context(data_dir=tmp_path / "p", db_url=db_url)  # the app restarted
    c.accounts._now = lambda: clock[0]
    try:
        with pytest.raises(WrongPin) as exc:  # even the right PIN: locked
            c.accounts.login(owner, "9753")
        assert "locked" in exc.value.errors[0].message
        clock[0] += LOCK_FOR
        assert c.accounts.login(owner, "9753").id == owner
        wrong = [a for e, i, a in audit_actions(c, "staff") if a == "wrong_pin"]
        assert len(wrong) == 5
    finally:
        c.close()


def test_an_inactive_member_cannot_log_in(salon):
    ctx, _shop, ids = salon
    owner, sid = ids[Role.OWNER], ids[Role.STYLIST]
    ctx.staff.update(sid, "Stylist", "", False, owner)
    with pytest.raises(ValidationError):
        ctx.accounts.login(sid, PINS[Role.STYLIST])
    assert sid not in [a.id for a in ctx.accounts.accounts()]


def test_the_last_owner_cannot_be_demoted_or_deactivated(salon):
    ctx, _shop, ids = salon
    owner = ids[Role.OWNER]
    with pytest.raises(ValidationError) as exc:
        ctx.staff.update(owner, "Olga Owner", "", True, owner, access=Role.MANAGER)
    assert "access" in exc.value.by_field()
    with pytest.raises(ValidationError):
        ctx.staff.update(owner, "Olga Owner", "", False, owner)
    assert ctx.staff.get(owner).access is Role.OWNER and ctx.staff.get(owner).active


def test_a_manager_approves_a_sale_out_of_stock_with_their_pin(salon):
    ctx, shop, ids = salon
    desk = ids[Role.RECEPTIONIST]
    ticket = pay(ctx, [prod_line(shop, "serum", qty=9)])
    with pytest.raises(PermissionDenied):
        ctx.sales.post(ticket, desk, allow_out_of_stock=True)
    with pytest.raises(PermissionDenied):  # a stylist's PIN is not a manager's decision
        ctx.accounts.approve(ids[Role.STYLIST], PINS[Role.STYLIST], Action.SELL_OUT_OF_STOCK)
    with pytest.raises(WrongPin):
        ctx.accounts.approve(ids[Role.MANAGER], "0000", Action.SELL_OUT_OF_STOCK)
    manager = ctx.accounts.approve(
        ids[Role.MANAGER], PINS[Role.MANAGER], Action.SELL_OUT_OF_STOCK
    ).id
    posted = ctx.sales.post(ticket, desk, allow_out_of_stock=True, approved_by=manager)
    rows = ctx.audit.search(ids[Role.OWNER], AuditFilter(kind="out_of_stock"))
    assert [(r.entity_id, r.staff_id, r.detail["approved_by"]) for r in rows] == [
        (posted.sale_id, desk, manager)
    ]


# -- every role against every guarded action ------------------------------------------------
def _earlier_day_void(ctx, shop, actor, day):
    sale = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    day[0] = TODAY + dt.timedelta(days=1)
    ctx.sales.void(sale.sale_id, "Found the next morning", actor)


def _sell_out_of_stock(ctx, shop, actor, day):
    ctx.sales.post(pay(ctx, [prod_line(shop, "serum", qty=9)]), actor, allow_out_of_stock=True)


def _close_earlier_session(ctx, shop, actor, day):
    """Yesterday's session, left open, counted and closed this morning."""
    ctx.till.open_session(10_000, shop.desk)
    day[0] = TODAY + dt.timedelta(days=1)
    try:
        ctx.till.close_session(10_000, "", actor, day=TODAY)
    except Exception:
        assert not ctx.till.is_closed(TODAY)  # refused: still open, nothing written
        raise
    assert ctx.till.is_closed(TODAY)


ATTEMPTS = {
    Action.CLOSE_EARLIER_SESSION: _close_earlier_session,
    Action.CORRECT_EARLIER_DAY: _earlier_day_void,
    Action.SELL_OUT_OF_STOCK: _sell_out_of_stock,
    Action.EXPORT_DATA: lambda ctx, shop, actor, day: ctx.client_data.export_json(
        shop.client, ctx.data_dir / "her.json", actor
    ),
    Action.ERASE_CLIENT: lambda ctx, shop, actor, day: ctx.client_data.erase(shop.client, actor),
    Action.SEE_REPORTS: lambda ctx, shop, actor, day: ctx.till.earnings(TODAY, TODAY, actor),
    Action.CHANGE_SETTINGS: lambda ctx, shop, actor, day: ctx.save_settings(
        dataclasses.replace(ctx.salon, salon_name="Renamed"), actor
    ),
    Action.MANAGE_STAFF: lambda ctx, shop, actor, day: ctx.staff.add("Newcomer", "", actor),
    Action.SEE_AUDIT: lambda ctx, shop, actor, day: ctx.audit.search(actor, AuditFilter()),
}


def _table_counts(ctx) -> dict[str, int]:
    with ctx.engine.connect() as conn:
        return {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("sales", "staff", "settings")
        } | {"name": ctx.settings.load().salon_name}


def test_every_action_is_guarded():
    assert set(ATTEMPTS) == set(Action)


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_against_each_guarded_action(salon, day, role, action):
    ctx, shop, ids = salon
    actor = ids[role]
    if action in MATRIX[role]:
        ATTEMPTS[action](ctx, shop, actor, day)
        return
    before = None
    with pytest.raises(PermissionDenied) as exc:
        if action is Action.CORRECT_EARLIER_DAY:  # the sale is made by the desk first
            sale = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
            day[0] = TODAY + dt.timedelta(days=1)
            before = _table_counts(ctx)
            ctx.sales.void(sale.sale_id, "Found the next morning", actor)
        else:
            before = _table_counts(ctx)
            ATTEMPTS[action](ctx, shop, actor, day)
    assert classify(exc.value).kind is Kind.PERMISSION_DENIED
    assert _table_counts(ctx) == before  # nothing written


def test_a_void_of_today_is_anyones_to_make(salon):
    ctx, shop, ids = salon
    sale = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    ctx.sales.void(sale.sale_id, "Wrong client", ids[Role.RECEPTIONIST])


# -- the audit trail --------------------------------------------------------------------------
def test_voids_refunds_discounts_and_price_overrides_are_audited(salon):
    ctx, shop, ids = salon
    desk = ids[Role.RECEPTIONIST]
    cheap = dataclasses.replace(svc_line(shop), unit_price=8_000)
    sale = ctx.sales.post(
        pay(ctx, [cheap, prod_line(shop, discount=ten_percent())], client=shop.client), desk
    )
    other = ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), desk)
    ctx.sales.void(other.sale_id, "Wrong client", desk)
    kinds = [
        (r.kind, r.entity_id)
        for r in ctx.audit.search(ids[Role.MANAGER], AuditFilter(client_id=shop.client))
        if r.entity == "sale"
    ]
    assert ("discount", sale.sale_id) in kinds
    assert ("price_override", sale.sale_id) in kinds
    assert ("void", other.sale_id) in kinds
    assert ("discount", other.sale_id) not in kinds


def test_an_opened_file_is_recorded_once_in_a_while(salon):
    ctx, shop, ids = salon
    clock = [0.0]
    ctx.audit._clock = lambda: clock[0]
    desk = ids[Role.RECEPTIONIST]
    assert ctx.audit.opened("client", shop.client, desk)
    assert not ctx.audit.opened("client", shop.client, desk)  # reopened a moment later
    assert ctx.audit.opened("client", shop.client, ids[Role.STYLIST])  # someone else
    clock[0] += 601
    assert ctx.audit.opened("client", shop.client, desk)
    rows = ctx.audit.search(ids[Role.OWNER], AuditFilter(kind="client_open"))
    assert sorted(r.staff_id for r in rows) == sorted([desk, desk, ids[Role.STYLIST]])
    assert {r.staff_name for r in rows} == {"Receptionist", "Stylist"}


def test_the_audit_viewer_filters_by_who_what_client_and_period(salon):
    ctx, shop, ids = salon
    desk, stylist, owner = ids[Role.RECEPTIONIST], ids[Role.STYLIST], ids[Role.OWNER]
    ctx.audit.opened("client", shop.client, desk)
    ctx.audit.opened("client", shop.client + 1000, stylist)
    everything = ctx.audit.search(owner, AuditFilter())
    assert len(everything) > 3
    mine = ctx.audit.search(owner, AuditFilter(staff_id=stylist))
    assert mine and all(r.staff_id == stylist for r in mine)
    client = ctx.audit.search(owner, AuditFilter(client_id=shop.client))
    assert {r.action for r in client} >= {"create", "open"}
    assert all(r.entity_id == shop.client for r in client if r.entity == "client")
    tomorrow = ctx.audit.search(owner, AuditFilter(date_from=dt.date.today() + dt.timedelta(2)))
    assert tomorrow == []
    today = dt.date.today()  # days on this PC's clock, the entries in UTC
    assert len(ctx.audit.search(owner, AuditFilter(date_from=today, date_to=today))) == len(
        everything
    )
    logins = ctx.audit.search(owner, AuditFilter(kind="staff"))
    assert logins and all(r.entity == "staff" for r in logins)


def test_the_audit_log_is_append_only(salon):
    ctx, _shop, _ids = salon
    with ctx.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    assert n > 0
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="cannot be changed"):  # noqa: B017
            with ctx.engine.begin() as conn:
                conn.execute(text(sql))
    with ctx.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == n
