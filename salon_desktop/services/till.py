"""The till: cash sessions (an opening float, cash paid in and out, the sales
paid in cash, then the count that closes the session, not the day: a salon runs
two shifts, or closes and opens again), the Z reports of a session and of the
day, and what each staff member earned (commission and tips) over any period.

A session's sales and cash movements are those of its day after the previous
session's (by id; its close froze the highest ids it held). Sales and cash
movements share the day's lock with a close, which takes it alone: nothing goes
into a session while it is being counted, nor into the till once its last
session closed, until a new one opens with its float (``TillClosed``). A day
nobody opened has a session 1 to be (float 0) that setting the float, a cash
movement or the close makes real."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.chains import seal_later
from salon_desktop.db.models import (
    CashMovement,
    CashSession,
    Sale,
    SalePayment,
    SaleTip,
    Staff,
)
from salon_desktop.domain import denominations as den
from salon_desktop.domain.money import max_amount
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.sale import PayMethod, SaleKind
from salon_desktop.domain.validation import Errors, FieldError, ValidationError, check_text
from salon_desktop.domain.views import (
    CashMovementView,
    CashSessionView,
    DayCloseReport,
    StaffEarnings,
)
from salon_desktop.i18n import N_
from salon_desktop.services import accounts, till_earnings
from salon_desktop.services.sales import TillClosed, lock_day, money_sum
from salon_desktop.services.sales_read import local

log = logging.getLogger("salon_desktop.till")


@dataclass(frozen=True)
class _Bounds:
    """A session's sales and movements: ids after the previous session's, up to its own
    last ones (None: open, everything after)."""

    sale_after: int
    sale_upto: int | None
    move_after: int
    move_upto: int | None


@dataclass
class _Figures:
    moves: list[CashMovement]
    by_method: dict[str, int]
    kinds: dict[str, tuple[int, int, int]]
    tips: list

    def expected(self, opening: int) -> int:
        # Cash payments are stored as applied amounts: the change never entered the drawer.
        cash = self.by_method.get(PayMethod.CASH.value, 0)
        return opening + cash + sum(m.amount for m in self.moves)


def _pieces(text: str | None) -> tuple[tuple[int, int], ...] | None:
    """A stored count as (denomination, quantity), largest first (None: not counted)."""
    count = den.decode(text)
    return None if count is None else tuple(sorted(count.items(), reverse=True))


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
        # Called with the day once a close went through (the context makes a backup);
        # whatever it does, the close stands.
        self.after_close: Callable[[dt.date], object] | None = None

    def _amount(self, errors: Errors, name: str, value: int, allow_zero: bool = True) -> None:
        if value < 0 or (value == 0 and not allow_zero):
            errors.add(name, N_("Enter an amount above zero."))
        elif value > max_amount(self._currency()):
            errors.add(name, N_("This amount is too large to be right."))

    @staticmethod
    def _last(s: Session, day: dt.date, for_update: bool = False) -> CashSession | None:
        stmt = (
            select(CashSession)
            .where(CashSession.business_date == day)
            .order_by(CashSession.number.desc())
            .limit(1)
        )
        if for_update:
            stmt = stmt.with_for_update()
        return s.scalars(stmt).first()

    def _count(
        self, errors: Errors, name: str, amount: int, count: Mapping[int, int] | None
    ) -> str | None:
        """The stored text of a count by denomination (None: none given), refused
        beside ``name`` unless it comes to ``amount``."""
        if count is None:
            return None
        problem = den.count_problem(self._currency(), count)
        if problem is not None:
            errors.add(name, N_("This count has a note or coin that is not of this currency."))
            log.warning("a count refused: %s", problem)
            return None
        if den.count_total(count) != amount:
            errors.add(name, N_("The notes and coins counted do not add up to this amount."))
            return None
        return den.encode(count)

    def _new(
        self,
        s: Session,
        day: dt.date,
        number: int,
        opening: int,
        actor: int | None,
        count: str | None = None,
    ):
        row = CashSession(
            business_date=day,
            number=number,
            opening_float=opening,
            opened_at=self._now(),
            opened_by_id=actor,
            note="",
            opening_count=count,
        )
        s.add(row)
        s.flush()
        return row

    def _open_one(self, s: Session, day: dt.date, actor_id: int | None) -> CashSession:
        """The open session of ``day``; the day's first (float 0) when there is none;
        ``TillClosed`` when its last one is closed."""
        row = self._last(s, day, for_update=True)
        if row is None:
            return self._new(s, day, 1, 0, actor_id)
        if row.closed_at is not None:
            raise TillClosed(day)
        return row

    def open_session(
        self,
        opening_float: int,
        actor_id: int | None = None,
        count: Mapping[int, int] | None = None,
    ) -> DayCloseReport:
        """The cash in the drawer as the till opens: sets the float of the open session,
        or opens the day's next one when the last was closed. ``count``: the float
        counted by denomination (it must come to ``opening_float``), kept with the
        session. Returns its report."""
        errors = Errors()
        self._amount(errors, "opening_float", opening_float)
        counted = self._count(errors, "opening_float", opening_float, count)
        errors.raise_if_any()
        day = self._today()
        with self._sm.begin() as s:
            lock_day(s.connection(), day, exclusive=True)  # one opening at a time
            row = self._last(s, day, for_update=True)
            if row is None or row.closed_at is not None:
                number = row.number + 1 if row else 1
                row = self._new(s, day, number, opening_float, actor_id, counted)
            else:
                row.opening_float, row.opening_count = opening_float, counted
            sid = row.id
        return self.session_report(sid)

    open_day = open_session  # the name of the days before sessions

    def move_cash(self, amount: int, reason: str, actor_id: int | None = None) -> DayCloseReport:
        """Cash paid into (+) or out of (-) the drawer outside a sale, in the open
        session; a reason is required. Returns the session's report."""
        errors = Errors()
        reason = check_text(errors, "reason", reason, required=True, max_len=500)
        if amount == 0:
            errors.add("amount", N_("Enter an amount above zero."))
        else:
            self._amount(errors, "amount", abs(amount))
        errors.raise_if_any()
        day = self._today()
        with self._sm.begin() as s:
            lock_day(s.connection(), day)
            sid = self._open_one(s, day, actor_id).id
            movement = CashMovement(
                business_date=day,
                at=self._now(),
                amount=amount,
                reason=reason,
                staff_id=actor_id,
            )
            s.add(movement)
            seal_later(s, "cash", movement)
        return self.session_report(sid)

    def close_session(
        self,
        counted_cash: int,
        note: str = "",
        actor_id: int | None = None,
        day: dt.date | None = None,
        run_after_close: bool = True,
        count: Mapping[int, int] | None = None,
    ) -> DayCloseReport:
        """Close the open session of ``day`` (today by default) with the cash counted in
        the drawer; the day goes on (the next session opens with its float).
        ``count``: the cash counted by denomination (it must come to
        ``counted_cash``), kept with the session. A session left open on an earlier
        day is closed with its own date, by whoever may (``CLOSE_EARLIER_SESSION``:
        ``PermissionDenied`` for the others). ``after_close`` (the backup) runs
        then, unless the caller runs it itself (the till screen does, in the
        background). Returns the closed session's report."""
        errors = Errors()
        self._amount(errors, "counted_cash", counted_cash)
        counted = self._count(errors, "counted_cash", counted_cash, count)
        note = check_text(errors, "note", note, max_len=2000, single_line=False)
        errors.raise_if_any()
        today = self._today()
        day = day or today
        with self._sm.begin() as s:
            conn = s.connection()
            if day < today:
                accounts.require(s, actor_id, Action.CLOSE_EARLIER_SESSION)
            lock_day(conn, day, exclusive=True)
            # Counted while nothing can be posted into the day (the lock above; on
            # SQLite this transaction holds the write lock).
            row = self._last(s, day, for_update=True)
            if row is not None and row.closed_at is not None:
                raise ValidationError(
                    [FieldError("session", N_("The till is closed already: no session is open."))]
                )
            if row is None:
                row = self._new(s, day, 1, 0, actor_id)
            bounds = self._bounds(s, row)
            figures = self._figures(s, day, bounds)
            row.expected_cash = figures.expected(row.opening_float)
            row.last_sale_id = s.scalar(
                select(func.coalesce(func.max(Sale.id), 0)).where(Sale.business_date == day)
            )
            row.last_movement_id = s.scalar(
                select(func.coalesce(func.max(CashMovement.id), 0)).where(
                    CashMovement.business_date == day
                )
            )
            row.closed_at, row.closed_by_id = self._now(), actor_id
            row.counted_cash, row.note = counted_cash, note
            row.closing_count = counted
            sid = row.id
        if self.after_close is not None and run_after_close:
            try:
                self.after_close(day)
            except Exception as exc:  # noqa: BLE001 - the session is closed all the same
                log.error("after the close of a session of %s", day, exc_info=exc)
        return self.session_report(sid)

    close_day = close_session  # the name of the days before sessions

    # -- reading -----------------------------------------------------------------------
    @staticmethod
    def _bounds(s: Session, row: CashSession) -> _Bounds:
        """The ids of sales and cash movements of ``row``'s day that are its own."""
        before = s.execute(
            select(CashSession.last_sale_id, CashSession.last_movement_id).where(
                CashSession.business_date == row.business_date,
                CashSession.number == row.number - 1,
            )
        ).first()
        return _Bounds(
            (before[0] or 0) if before else 0,
            row.last_sale_id if row.closed_at is not None else None,
            (before[1] or 0) if before else 0,
            row.last_movement_id if row.closed_at is not None else None,
        )

    def _figures(self, s: Session, day: dt.date, b: _Bounds | None) -> _Figures:
        sale_in = [Sale.business_date == day]
        move_in = [CashMovement.business_date == day]
        if b is not None:
            sale_in.append(Sale.id > b.sale_after)
            move_in.append(CashMovement.id > b.move_after)
            if b.sale_upto is not None:
                sale_in.append(Sale.id <= b.sale_upto)
            if b.move_upto is not None:
                move_in.append(CashMovement.id <= b.move_upto)
        moves = s.scalars(select(CashMovement).where(*move_in).order_by(CashMovement.id)).all()
        by_method: dict[str, int] = dict(
            s.execute(
                select(SalePayment.method, money_sum(SalePayment.amount))
                .join(Sale, Sale.id == SalePayment.sale_id)
                .where(*sale_in)
                .group_by(SalePayment.method)
            ).all()
        )
        kinds = {
            k: (n, t, d)
            for k, n, t, d in s.execute(
                select(Sale.kind, func.count(), money_sum(Sale.total), money_sum(Sale.discount))
                .where(*sale_in)
                .group_by(Sale.kind)
            )
        }
        tips = s.execute(
            select(SaleTip.staff_id, money_sum(SaleTip.amount))
            .join(Sale, Sale.id == SaleTip.sale_id)
            .where(*sale_in)
            .group_by(SaleTip.staff_id)
        ).all()
        return _Figures(list(moves), by_method, kinds, list(tips))

    def _view(self, s: Session, row: CashSession, names: dict) -> CashSessionView:
        expected = row.expected_cash
        if row.closed_at is None or expected is None:
            expected = self._figures(s, row.business_date, self._bounds(s, row)).expected(
                row.opening_float
            )
        return CashSessionView(
            id=row.id,
            number=row.number,
            opening_float=row.opening_float,
            opened_at=local(row.opened_at),
            opened_by=names.get(row.opened_by_id, ""),
            expected_cash=expected,
            counted_cash=row.counted_cash,
            closed_at=local(row.closed_at) if row.closed_at else None,
            closed_by=names.get(row.closed_by_id, ""),
            note=row.note,
            opening_count=_pieces(row.opening_count),
            closing_count=_pieces(row.closing_count),
        )

    def sessions(self, day: dt.date | None = None) -> list[CashSessionView]:
        """The sessions of a day, first to last."""
        day = day or self._today()
        with self._sm() as s:
            names = self._names(s)
            rows = s.scalars(
                select(CashSession)
                .where(CashSession.business_date == day)
                .order_by(CashSession.number)
            ).all()
            return [self._view(s, r, names) for r in rows]

    @staticmethod
    def _names(s: Session) -> dict[int | None, str]:
        return dict(s.execute(select(Staff.id, Staff.name)).all())

    def report(self, day: dt.date | None = None) -> DayCloseReport:
        """The day's Z report: every sale and movement of the day, its sessions listed
        (expected and counted cash summed over them)."""
        day = day or self._today()
        with self._sm() as s:
            names = self._names(s)
            figures = self._figures(s, day, None)
            rows = s.scalars(
                select(CashSession)
                .where(CashSession.business_date == day)
                .order_by(CashSession.number)
            ).all()
            views = tuple(self._view(s, r, names) for r in rows)
        if not views:  # nobody opened the till yet: session 1 to be, float 0
            return self._report(day, figures, names, None, ())
        last = views[-1]
        counted = sum(v.counted_cash or 0 for v in views) if all(v.closed for v in views) else None
        return self._report(
            day,
            figures,
            names,
            None,
            views,
            opening=views[0].opening_float,
            expected=sum(v.expected_cash for v in views),
            counted=counted,
            closed_at=last.closed_at,
            closed_by=last.closed_by,
            note="\n".join(v.note for v in views if v.note),
        )

    def session_report(self, session_id: int | None = None) -> DayCloseReport:
        """A session's Z report: by default today's open session, else today's last
        (a session 1 to be, float 0, when nobody opened the till today)."""
        with self._sm() as s:
            names = self._names(s)
            row = s.get(CashSession, session_id) if session_id else self._last(s, self._today())
            if row is None:
                day = self._today()
                return self._report(day, self._figures(s, day, None), names, None, ())
            figures = self._figures(s, row.business_date, self._bounds(s, row))
            view = self._view(s, row, names)
        return self._report(
            row.business_date,
            figures,
            names,
            view,
            (view,),
            opening=view.opening_float,
            expected=view.expected_cash,
            counted=view.counted_cash,
            closed_at=view.closed_at,
            closed_by=view.closed_by,
            note=view.note,
        )

    def _report(
        self,
        day: dt.date,
        f: _Figures,
        names: dict,
        session: CashSessionView | None,
        sessions: tuple[CashSessionView, ...],
        *,
        opening: int = 0,
        expected: int | None = None,
        counted: int | None = None,
        closed_at: dt.datetime | None = None,
        closed_by: str = "",
        note: str = "",
    ) -> DayCloseReport:
        sales = f.kinds.get(SaleKind.SALE.value, (0, 0, 0))
        voids = f.kinds.get(SaleKind.VOID.value, (0, 0, 0))
        refunds = f.kinds.get(SaleKind.REFUND.value, (0, 0, 0))
        return DayCloseReport(
            business_date=day,
            currency=self._currency(),
            opening_float=opening,
            movements=tuple(
                CashMovementView(local(m.at), m.amount, m.reason, names.get(m.staff_id, ""))
                for m in f.moves
            ),
            by_method=tuple((m.value, f.by_method.get(m.value, 0)) for m in PayMethod),
            sales_count=sales[0],
            sales_total=sales[1],
            discounts=sales[2] + voids[2] + refunds[2],
            voids_count=voids[0],
            voids_total=voids[1],
            refunds_count=refunds[0],
            refunds_total=refunds[1],
            tips_by_staff=tuple(sorted((names.get(sid, "?"), amt) for sid, amt in f.tips)),
            expected_cash=f.expected(opening) if expected is None else expected,
            counted_cash=counted,
            opened=bool(sessions),
            closed_at=closed_at,
            closed_by=closed_by,
            note=note,
            session=session,
            sessions=sessions,
        )

    def today(self) -> dt.date:
        """The till's business day now."""
        return self._today()

    def left_open(self) -> CashSessionView | None:
        """The last session of an earlier day that nobody closed (opened yesterday, left
        open overnight), or None. It is closed with its own date (``close_session``
        with ``day``) before today's till opens."""
        with self._sm() as s:
            row = s.scalars(
                select(CashSession)
                .where(CashSession.business_date < self._today(), CashSession.closed_at.is_(None))
                .order_by(CashSession.business_date.desc(), CashSession.number.desc())
                .limit(1)
            ).first()
            return None if row is None else self._view(s, row, self._names(s))

    def is_closed(self, day: dt.date | None = None) -> bool:
        """Whether the till is closed: the day's last session is, none open after it."""
        with self._sm() as s:
            row = self._last(s, day or self._today())
            return row is not None and row.closed_at is not None

    def earnings(
        self, date_from: dt.date, date_to: dt.date, actor_id: int | None = None
    ) -> list[StaffEarnings]:
        """Net sales, commission and tips per staff member, corrections included
        (managers and the owner: ``PermissionDenied`` for the others)."""
        return till_earnings.earnings(self._sm, date_from, date_to, actor_id)
