"""The cash day: opening float, cash paid in and out, the close (once), and what
each staff member earned (commission and tips) over any period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.chains import seal_later
from salon_desktop.db.models import (
    CashDay,
    CashMovement,
    Sale,
    SaleLine,
    SalePayment,
    SaleTip,
    Staff,
)
from salon_desktop.domain.money import max_amount
from salon_desktop.domain.sale import LineKind, PayMethod, SaleKind
from salon_desktop.domain.validation import Errors, FieldError, ValidationError, check_text
from salon_desktop.domain.views import CashMovementView, DayCloseReport, StaffEarnings
from salon_desktop.i18n import N_
from salon_desktop.services.sales import DayClosed, lock_day, money_sum
from salon_desktop.services.sales_read import local


class TillService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        currency: Callable[[], str],
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = utcnow,
    ):
        self._sm = sm
        self._currency = currency
        self._today = today
        self._now = now  # the UTC clock stamped on rows (the demo's history sets it)

    def _amount(self, errors: Errors, name: str, value: int, allow_zero: bool = True) -> None:
        if value < 0 or (value == 0 and not allow_zero):
            errors.add(name, N_("Enter an amount above zero."))
        elif value > max_amount(self._currency()):
            errors.add(name, N_("This amount is too large to be right."))

    def _day(self, s: Session, day: dt.date, actor_id: int | None) -> CashDay:
        row = s.get(CashDay, day)
        if row is None:
            row = CashDay(
                business_date=day, opening_float=0, opened_by_id=actor_id, opened_at=self._now()
            )
            s.add(row)
            s.flush()
        elif row.closed_at is not None:
            raise DayClosed(day)
        return row

    def open_day(self, opening_float: int, actor_id: int | None = None) -> DayCloseReport:
        """Set the cash in the drawer at the start of today."""
        errors = Errors()
        self._amount(errors, "opening_float", opening_float)
        errors.raise_if_any()
        day = self._today()
        with self._sm.begin() as s:
            row = self._day(s, day, actor_id)
            row.opening_float = opening_float
        return self.report(day)

    def move_cash(self, amount: int, reason: str, actor_id: int | None = None) -> DayCloseReport:
        """Cash paid into (+) or out of (-) the drawer outside a sale; a reason is required."""
        errors = Errors()
        reason = check_text(errors, "reason", reason, required=True, max_len=500)
        if amount == 0:
            errors.add("amount", N_("Enter an amount above zero."))
        else:
            self._amount(errors, "amount", abs(amount))
        errors.raise_if_any()
        day = self._today()
        with self._sm.begin() as s:
            self._day(s, day, actor_id)
            movement = CashMovement(
                business_date=day,
                at=self._now(),
                amount=amount,
                reason=reason,
                staff_id=actor_id,
            )
            s.add(movement)
            seal_later(s, "cash", movement)
        return self.report(day)

    def close_day(
        self,
        counted_cash: int,
        note: str = "",
        actor_id: int | None = None,
        day: dt.date | None = None,
    ) -> DayCloseReport:
        """Close the day with the cash counted in the drawer. A day closes once."""
        errors = Errors()
        self._amount(errors, "counted_cash", counted_cash)
        note = check_text(errors, "note", note, max_len=2000, single_line=False)
        errors.raise_if_any()
        day = day or self._today()
        with self._sm.begin() as s:
            lock_day(s.connection(), day, exclusive=True)
            # Counted while no sale can be posted into the day (the lock above; on
            # SQLite this transaction holds the write lock).
            expected = self.report(day).expected_cash
            row = s.get(CashDay, day, with_for_update=True)
            if row is not None and row.closed_at is not None:
                raise ValidationError([FieldError("day", N_("This day is already closed."))])
            if row is None:
                row = CashDay(
                    business_date=day, opening_float=0, opened_by_id=actor_id, opened_at=self._now()
                )
                s.add(row)
            row.closed_at, row.closed_by_id = self._now(), actor_id
            row.expected_cash, row.counted_cash, row.note = expected, counted_cash, note
        return self.report(day)

    def report(self, day: dt.date | None = None) -> DayCloseReport:
        day = day or self._today()
        with self._sm() as s:
            names: dict[int | None, str] = dict(s.execute(select(Staff.id, Staff.name)).all())
            row = s.get(CashDay, day)
            moves = s.scalars(
                select(CashMovement)
                .where(CashMovement.business_date == day)
                .order_by(CashMovement.id)
            ).all()
            by_method: dict[str, int] = dict(
                s.execute(
                    select(SalePayment.method, money_sum(SalePayment.amount))
                    .join(Sale, Sale.id == SalePayment.sale_id)
                    .where(Sale.business_date == day)
                    .group_by(SalePayment.method)
                ).all()
            )
            kinds = {
                k: (n, t, d)
                for k, n, t, d in s.execute(
                    select(Sale.kind, func.count(), money_sum(Sale.total), money_sum(Sale.discount))
                    .where(Sale.business_date == day)
                    .group_by(Sale.kind)
                )
            }
            tips = s.execute(
                select(SaleTip.staff_id, money_sum(SaleTip.amount))
                .join(Sale, Sale.id == SaleTip.sale_id)
                .where(Sale.business_date == day)
                .group_by(SaleTip.staff_id)
            ).all()
        opening = row.opening_float if row else 0
        cash_moves = sum(m.amount for m in moves)
        # Cash payments are stored as applied amounts: the change never entered the drawer.
        expected = opening + by_method.get(PayMethod.CASH.value, 0) + cash_moves
        sales = kinds.get(SaleKind.SALE.value, (0, 0, 0))
        voids = kinds.get(SaleKind.VOID.value, (0, 0, 0))
        refunds = kinds.get(SaleKind.REFUND.value, (0, 0, 0))
        return DayCloseReport(
            business_date=day,
            currency=self._currency(),
            opening_float=opening,
            movements=tuple(
                CashMovementView(local(m.at), m.amount, m.reason, names.get(m.staff_id, ""))
                for m in moves
            ),
            by_method=tuple((m.value, by_method.get(m.value, 0)) for m in PayMethod),
            sales_count=sales[0],
            sales_total=sales[1],
            discounts=sales[2] + voids[2] + refunds[2],
            voids_count=voids[0],
            voids_total=voids[1],
            refunds_count=refunds[0],
            refunds_total=refunds[1],
            tips_by_staff=tuple(sorted((names.get(sid, "?"), amt) for sid, amt in tips)),
            expected_cash=(
                row.expected_cash
                if row and row.closed_at and row.expected_cash is not None
                else expected
            ),
            counted_cash=row.counted_cash if row else None,
            opened=row is not None,
            closed_at=local(row.closed_at) if row and row.closed_at else None,
            closed_by=names.get(row.closed_by_id, "") if row else "",
            note=row.note if row else "",
        )

    def is_closed(self, day: dt.date | None = None) -> bool:
        with self._sm() as s:
            row = s.get(CashDay, day or self._today())
            return row is not None and row.closed_at is not None

    def earnings(self, date_from: dt.date, date_to: dt.date) -> list[StaffEarnings]:
        """Net sales, commission and tips per staff member, corrections included."""
        with self._sm() as s:
            names = dict(s.execute(select(Staff.id, Staff.name)).all())
            svc = case((SaleLine.kind == LineKind.SERVICE.value, SaleLine.net), else_=0)
            prod = case((SaleLine.kind == LineKind.PRODUCT.value, SaleLine.net), else_=0)
            rows = s.execute(
                select(
                    SaleLine.staff_id,
                    money_sum(svc),
                    money_sum(prod),
                    money_sum(SaleLine.commission),
                )
                .join(Sale, Sale.id == SaleLine.sale_id)
                .where(
                    Sale.business_date.between(date_from, date_to), SaleLine.staff_id.is_not(None)
                )
                .group_by(SaleLine.staff_id)
            ).all()
            tips: dict[int, int] = dict(
                s.execute(
                    select(SaleTip.staff_id, money_sum(SaleTip.amount))
                    .join(Sale, Sale.id == SaleTip.sale_id)
                    .where(Sale.business_date.between(date_from, date_to))
                    .group_by(SaleTip.staff_id)
                ).all()
            )
        out = {
            sid: StaffEarnings(
                sid, names.get(sid, "?"), sv or 0, pr or 0, cm or 0, tips.get(sid, 0)
            )
            for sid, sv, pr, cm in rows
        }
        for sid, t in tips.items():
            if sid not in out:
                out[sid] = StaffEarnings(sid, names.get(sid, "?"), 0, 0, 0, t)
        return sorted(out.values(), key=lambda e: e.staff_name)
