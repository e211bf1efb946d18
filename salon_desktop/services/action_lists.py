"""Action lists read from the database: a few aggregate queries per list (SQLAlchemy
Core, never ORM objects per client), the rules of ``domain/action_lists.py`` applied
to their rows, and the CSV of a list for an SMS or e-mail service.

Only current client files appear: archived, merged-away and erased files
(``services/gdpr.py`` empties and archives them) never do. The win-back list reads
the stored scores (``client_scores``, as the last run computed them); the others
read the visits, surveys, complaints and accounts as they are now. A row's
language is the salon's (client files have no language of their own yet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, bindparam, extract, func, or_, select
from sqlalchemy.orm import Session

from salon_desktop.db.models import AccountEntry, Client
from salon_desktop.db.models_feedback import Complaint, Survey
from salon_desktop.db.models_sales import Sale
from salon_desktop.db.models_segments import ClientScore, ClientScoreMonth, ClientVisits
from salon_desktop.domain import action_lists as rules
from salon_desktop.domain.action_lists import LIST_LABELS, ListName, ListRule
from salon_desktop.domain.client import contact_is_stale
from salon_desktop.domain.complaints import OPEN_STATES
from salon_desktop.domain.csv_cells import escape_cell
from salon_desktop.domain.feedback import window_start
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.segments import Category, CategoryRule, is_lapsed
from salon_desktop.i18n import _, ngettext, speaking
from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services import accounts, audit
from salon_desktop.services.export import (
    csv_body,
    currency_header,
    plain_amount,
    write_recorded,
)
from salon_desktop.services.gdpr import ERASED_NAME
from salon_desktop.services.sales_common import money_sum
from salon_desktop.services.score_history import reference_month

_C = Client.__table__
_S = Sale.__table__
_K = Complaint.__table__
_V = Survey.__table__
_A = AccountEntry.__table__
_SC = ClientScore.__table__
_CM = ClientScoreMonth.__table__
_CHUNK = 500
_EPOCH = dt.date(1970, 1, 1)

_CURRENT = and_(
    _C.c.archived.is_(False), _C.c.merged_into_id.is_(None), _C.c.first_name != ERASED_NAME
)
_BASE_COLUMNS = (
    _C.c.id,
    _C.c.number,
    _C.c.first_name,
    _C.c.last_name,
    _C.c.main_phone,
    _C.c.email,
)
_BY_IDS = select(*_BASE_COLUMNS).where(_CURRENT, _C.c.id.in_(bindparam("ids", expanding=True)))
# Each file's last visit (a day number), as the scores count visits (kept by triggers).
_CV = ClientVisits.__table__
_LAST_VISITS = select(_CV.c.client_id, _CV.c.last_day)
_LAST_VISITS_OF = _LAST_VISITS.where(_CV.c.client_id.in_(bindparam("ids", expanding=True)))
_OPEN = _K.c.state.in_(sorted(st.value for st in OPEN_STATES))
_OPEN_COMPLAINTS = select(_K.c.client_id, func.count()).where(_OPEN).group_by(_K.c.client_id)


@dataclass(frozen=True)
class ActionRow:
    """One client of an action list, with what the letters and the CSV need."""

    client_id: int
    number: int
    first_name: str
    last_name: str
    phone: str  # E.164, the file's first phone ("" without one)
    email: str
    language: str
    figure: int | None = None  # the list's own figure: see ``ActionLists.figure_kind``
    day: dt.date | None = None  # birthday, contact confirmed on
    last_visit: dt.date | None = None
    amount_due: int = 0  # minor units the client owes on her account
    p_alive: float | None = None
    p_alive_before: float | None = None  # about a month ago (win back), when known

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


# What each list's figure is: an amount, a number of days, a 0–10 score, a count.
FIGURE_KINDS: dict[ListName, str] = {
    ListName.WIN_BACK: "amount",
    ListName.BIRTHDAYS_TODAY: "age",
    ListName.BIRTHDAYS_WEEK: "age",
    ListName.BIRTHDAYS_NEXT_MONTH: "age",
    ListName.DUE_BACK: "days",
    ListName.STALE_CONTACTS: "none",
    ListName.DISSATISFIED_NO_COMPLAINT: "score",
    ListName.PROMOTERS: "score",
    ListName.OPEN_DEBT: "amount",
}


def reason(name: ListName, row: ActionRow, fmt: Formatter) -> str:
    """Why the client is on the list, in plain words (the current language)."""
    n = row.figure
    if name is ListName.WIN_BACK:
        if row.p_alive is not None and row.p_alive_before is not None:
            return _(
                "{amount} at stake; {percent} likely to come again, down from {before}"
            ).format(
                amount=fmt.amount(n or 0),
                percent=fmt.percent(round(row.p_alive * 10_000)),
                before=fmt.percent(round(row.p_alive_before * 10_000)),
            )
        if row.p_alive is not None:
            return _("{amount} at stake; {percent} likely to come again").format(
                amount=fmt.amount(n or 0), percent=fmt.percent(round(row.p_alive * 10_000))
            )
        return _("{amount} at stake").format(amount=fmt.amount(n or 0))
    if name in (ListName.BIRTHDAYS_TODAY, ListName.BIRTHDAYS_WEEK, ListName.BIRTHDAYS_NEXT_MONTH):
        if n is None:
            return fmt.date(row.day, "long")
        return ngettext("{date}: turns {age}", "{date}: turns {age}", n).format(
            date=fmt.date(row.day, "long"), age=fmt.integer(n)
        )
    if name is ListName.DUE_BACK:
        return ngettext(
            "{days} day past her usual interval", "{days} days past her usual interval", n or 0
        ).format(days=fmt.integer(n or 0))
    if name is ListName.STALE_CONTACTS:
        if row.day is None:
            return _("Contact details never confirmed")
        return _("Last confirmed on {date}").format(date=fmt.date(row.day))
    if name is ListName.DISSATISFIED_NO_COMPLAINT:
        if n is not None:
            return _("Recommend score {score} of 10, no open complaint").format(
                score=fmt.integer(n)
            )
        return _("Low satisfaction ratings, no open complaint")
    if name is ListName.PROMOTERS:
        if n is not None:
            return _("Recommend score {score} of 10").format(score=fmt.integer(n))
        return _("Referred a new client")
    return _("Owes {amount}").format(amount=fmt.amount(row.amount_due))


def _chunks(values: Sequence[int], size: int = _CHUNK) -> Iterable[list[int]]:
    for i in range(0, len(values), size):
        yield list(values[i : i + size])


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):  # raw SQLite
        return dt.date.fromisoformat(value[:10])
    return value


class UnknownList(ValueError):
    """No action list has that name."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(name)


class ActionLists:
    """The action lists of one salon: ``names()``, ``rows(name)``, ``csv(name)``."""

    def __init__(self, ctx, rule: ListRule | None = None):
        self._ctx = ctx
        self._rule = rule or ListRule()

    # -- the lists ----------------------------------------------------------------------
    @staticmethod
    def names() -> tuple[str, ...]:
        return tuple(n.value for n in ListName)

    @staticmethod
    def label(name: str | ListName) -> str:
        return _(LIST_LABELS[_list(name)])

    def today(self) -> dt.date:
        return self._ctx.clients.today()

    def rows(
        self, name: str | ListName, today: dt.date | None = None, limit: int | None = None
    ) -> list[ActionRow]:
        """The clients of the list, in its order (at most ``limit``)."""
        which = _list(name)
        day = today or self.today()
        with self._ctx.engine.connect() as conn:
            out = getattr(self, f"_{which.value}")(conn, day, which)
            if which not in (ListName.WIN_BACK, ListName.DUE_BACK, ListName.STALE_CONTACTS):
                out = self._with_last_visits(conn, out)
        return out[:limit] if limit is not None else out

    def _clients(self, conn: Connection, ids: Sequence[int]) -> dict[int, Any]:
        found: dict[int, Any] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            found.update({r.id: r for r in conn.execute(_BY_IDS, {"ids": chunk})})
        return found

    def _row(self, c: Any, **kw: Any) -> ActionRow:
        return ActionRow(
            client_id=c.id,
            number=c.number,
            first_name=c.first_name,
            last_name=c.last_name,
            phone=c.main_phone or "",
            email=c.email or "",
            language=self._ctx.salon.language,
            **kw,
        )

    def _last_visits(self, conn: Connection, ids: Sequence[int]) -> dict[int, dt.date]:
        def day(n: int) -> dt.date:
            return _EPOCH + dt.timedelta(days=n)

        if len(ids) > 4 * _CHUNK:
            return {cid: day(d) for cid, d in conn.execute(_LAST_VISITS)}
        out: dict[int, dt.date] = {}
        for chunk in _chunks(list(ids)):
            for cid, d in conn.execute(_LAST_VISITS_OF, {"ids": chunk}):
                out[cid] = day(d)
        return out

    def _with_last_visits(self, conn: Connection, rows: list[ActionRow]) -> list[ActionRow]:
        if not rows:
            return rows
        last = self._last_visits(conn, [r.client_id for r in rows])
        import dataclasses

        return [dataclasses.replace(r, last_visit=last.get(r.client_id)) for r in rows]

    def _win_back(self, conn: Connection, today: dt.date, which: ListName) -> list[ActionRow]:
        # her probability alive about a month ago, from the monthly snapshots
        month = reference_month(conn, today, self._rule.fall_days)
        q = (
            select(
                *_BASE_COLUMNS,
                _SC.c.category,
                _SC.c.visits,
                _SC.c.first_visit,
                _SC.c.last_visit,
                _SC.c.margin,
                _SC.c.future_value,
                _SC.c.p_alive,
                _CM.c.p_alive.label("p_before"),
            )
            .join(_SC, _SC.c.client_id == _C.c.id)
            .outerjoin(_CM, and_(_CM.c.client_id == _C.c.id, _CM.c.month == month))
            .where(
                _CURRENT,
                _SC.c.valuable.is_(True),
                or_(
                    _SC.c.category == Category.LAPSED.value,
                    and_(_SC.c.visits >= 2, _SC.c.p_alive < self._rule.slipping_below),
                ),
            )
        )
        out = []
        for r in conn.execute(q):
            lapsed = r.category == Category.LAPSED.value
            p = r.p_alive if r.visits >= 2 else None
            before = r.p_before if p is not None else None
            if not rules.slipping(lapsed, r.visits, p, self._rule, before):
                continue
            first, last = _as_date(r.first_visit), _as_date(r.last_visit)
            lost = rules.value_lost(r.future_value, p, r.margin, first, last, self._rule)
            out.append(self._row(r, figure=lost, last_visit=last, p_alive=p, p_alive_before=before))
        out.sort(key=lambda x: (-(x.figure or 0), x.number))
        return out

    def _birthdays(self, conn: Connection, today: dt.date, which: ListName) -> list[ActionRow]:
        jalali = self._ctx.salon.uses_jalali()
        start, end = rules.birthday_window(which, today, jalali, self._rule)
        months: set[int] = set()
        d = start - dt.timedelta(days=1)  # a Jalali birthday may move by a day
        while d <= end + dt.timedelta(days=1):
            months.add(d.month)
            d += dt.timedelta(days=1)
        q = select(*_BASE_COLUMNS, _C.c.birth_date).where(
            _CURRENT,
            _C.c.birth_date.is_not(None),
            extract("month", _C.c.birth_date).in_(sorted(months)),
        )
        out = []
        for r in conn.execute(q):
            birth = _as_date(r.birth_date)
            assert birth is not None
            day = rules.birthday_between(birth, start, end, jalali)
            if day is None:
                continue
            age = rules.age_on(birth, day)
            out.append(self._row(r, figure=age if age > 0 else None, day=day))
        out.sort(key=lambda x: (x.day, x.last_name.casefold(), x.first_name.casefold(), x.number))
        return out

    _birthdays_today = _birthdays_week = _birthdays_next_month = _birthdays

    def _due_back(self, conn: Connection, today: dt.date, which: ListName) -> list[ActionRow]:
        from salon_desktop.services.segments import EPOCH, read_aggregates

        cat = CategoryRule()
        agg = read_aggregates(conn, today, cat.window_days)
        found: list[tuple[int, int, dt.date]] = []
        t_day = (today - EPOCH).days
        for cid, visits, first_day, last_day in zip(
            agg.client_id.tolist(),
            agg.visits.tolist(),
            agg.first_day.tolist(),
            agg.last_day.tolist(),
            strict=True,
        ):
            if visits < 2:
                continue
            first = EPOCH + dt.timedelta(days=first_day)
            last = EPOCH + dt.timedelta(days=last_day)
            interval = rules.usual_interval(visits, first, last)
            lapsed = is_lapsed(t_day - last_day, interval, cat)
            late = rules.days_overdue(visits, first, last, today, lapsed, self._rule)
            if late is not None:
                found.append((cid, late, last))
        clients = self._clients(conn, [f[0] for f in found])
        out = [
            self._row(clients[cid], figure=late, last_visit=last)
            for cid, late, last in found
            if cid in clients
        ]
        out.sort(key=lambda x: (-(x.figure or 0), x.number))
        return out

    def _stale_contacts(self, conn: Connection, today: dt.date, which: ListName) -> list[ActionRow]:
        months = self._ctx.salon.reconfirm_months
        # A superset in SQL (a month is at least 28 days), then the exact rule.
        cutoff = today - dt.timedelta(days=28 * months)
        q = select(*_BASE_COLUMNS, _C.c.contact_confirmed_on).where(
            _CURRENT,
            or_(_C.c.contact_confirmed_on.is_(None), _C.c.contact_confirmed_on < cutoff),
        )
        stale = [
            r
            for r in conn.execute(q)
            if contact_is_stale(_as_date(r.contact_confirmed_on), today, months)
        ]
        last = self._last_visits(conn, [r.id for r in stale])
        out = [
            self._row(r, day=_as_date(r.contact_confirmed_on), last_visit=last.get(r.id))
            for r in stale
        ]
        out.sort(
            key=lambda x: (
                x.last_visit is None,
                -(x.last_visit or dt.date.min).toordinal(),
                x.number,
            )
        )
        return out

    def _heard(self, conn: Connection, today: dt.date) -> dict[int, rules.Heard]:
        rule = self._ctx.salon.satisfaction_rule()
        since = window_start(today, rule.months)
        in_window = _V.c.visit_date >= since
        ratings = (
            select(_V.c.client_id, func.sum(_V.c.ratings_sum), func.sum(_V.c.ratings))
            .where(in_window)
            .group_by(_V.c.client_id)
        )
        latest = (
            select(_V.c.client_id, func.max(_V.c.taken_at).label("at"))
            .where(in_window, _V.c.recommend.is_not(None))
            .group_by(_V.c.client_id)
            .subquery()
        )
        v2 = _V.alias("v2")
        recommend = (
            select(v2.c.client_id, func.max(v2.c.recommend))
            .join(latest, and_(v2.c.client_id == latest.c.client_id, v2.c.taken_at == latest.c.at))
            .where(v2.c.recommend.is_not(None), v2.c.visit_date >= since)
            .group_by(v2.c.client_id)
        )
        since_at = dt.datetime.combine(since, dt.time())
        referrals = (
            select(_C.c.referred_by_id, func.count())
            .where(_C.c.referred_by_id.is_not(None), _C.c.created_at >= since_at)
            .group_by(_C.c.referred_by_id)
        )
        facts: dict[int, dict[str, int | None]] = {}

        def at(cid: int) -> dict[str, int | None]:
            return facts.setdefault(cid, {})

        for cid, total, count in conn.execute(ratings):
            at(cid).update(rating_sum=int(total or 0), rating_count=int(count or 0))
        for cid, score in conn.execute(recommend):
            at(cid)["latest_recommend"] = score
        for cid, n in conn.execute(_OPEN_COMPLAINTS):
            at(cid)["open_complaints"] = n
        for cid, n in conn.execute(referrals):
            at(cid)["referrals"] = n
        return {cid: rules.Heard(**f) for cid, f in facts.items()}  # type: ignore[arg-type]

    def _told(self, conn: Connection, today: dt.date, keep) -> list[ActionRow]:
        low = self._ctx.salon.satisfaction_rule().low_csat
        heard = {cid: h for cid, h in self._heard(conn, today).items() if keep(h, low)}
        clients = self._clients(conn, list(heard))
        return [
            self._row(clients[cid], figure=h.latest_recommend)
            for cid, h in heard.items()
            if cid in clients
        ]

    def _dissatisfied_no_complaint(
        self, conn: Connection, today: dt.date, which: ListName
    ) -> list[ActionRow]:
        out = self._told(conn, today, rules.dissatisfied_without_complaint)
        out.sort(key=lambda x: (x.figure if x.figure is not None else 11, x.number))
        return out

    def _promoters(self, conn: Connection, today: dt.date, which: ListName) -> list[ActionRow]:
        out = self._told(conn, today, rules.promoter)
        out.sort(key=lambda x: (-(x.figure if x.figure is not None else -1), x.number))
        return out

    def _open_debt(self, conn: Connection, today: dt.date, which: ListName) -> list[ActionRow]:
        owner = func.coalesce(_C.c.merged_into_id, _C.c.id)
        balance = money_sum(_A.c.amount)
        q = (
            select(owner.label("owner"), balance.label("balance"))
            .join(_C, _C.c.id == _A.c.client_id)
            .group_by(owner)
            .having(money_sum(_A.c.amount) < 0)
        )
        owed = {r.owner: -int(r.balance) for r in conn.execute(q)}
        clients = self._clients(conn, list(owed))
        out = [
            self._row(clients[cid], figure=due, amount_due=due)
            for cid, due in owed.items()
            if cid in clients
        ]
        out.sort(key=lambda x: (-x.amount_due, x.number))
        return out

    # -- CSV ------------------------------------------------------------------------------
    def csv_rows(self, name: str | ListName, today: dt.date | None = None) -> Iterable[list[str]]:
        """The header, then one row per client: cells ready for the CSV file."""
        which = _list(name)
        salon = self._ctx.salon
        fmt = Formatter(salon.language, salon.currency)
        kind = FIGURE_KINDS[which]
        rows = self.rows(which, today)
        with speaking(salon.language):
            figure_header = {
                "amount": _("Amount ({currency})").format(currency=currency_header(salon.currency)),
                "age": _("Age"),
                "days": _("Days overdue"),
                "score": _("Recommend score"),
                "none": _("Confirmed on"),
            }[kind]
            yield [
                _("Client no."),
                _("First name"),
                _("Last name"),
                _("Phone"),
                _("E-mail"),
                _("Language"),
                _("Date"),
                _("Last visit"),
                figure_header,
                _("Why"),
            ]
            for r in rows:
                if kind == "amount":
                    figure = plain_amount(r.figure or 0, salon.currency)
                elif kind == "none":
                    figure = r.day.isoformat() if r.day else ""
                else:
                    figure = "" if r.figure is None else str(r.figure)
                yield [
                    str(r.number),
                    escape_cell(r.first_name),
                    escape_cell(r.last_name),
                    escape_cell(r.phone),
                    escape_cell(r.email),
                    r.language,
                    r.day.isoformat() if r.day and kind != "none" else "",
                    r.last_visit.isoformat() if r.last_visit else "",
                    figure,
                    escape_cell(reason(which, r, fmt)),
                ]

    def csv(self, name: str | ListName, today: dt.date | None = None) -> bytes:
        """The list as a CSV file (UTF-8 with a BOM, CRLF, formulas escaped), as bytes."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in self.csv_rows(name, today):
            writer.writerow(row)
        return buf.getvalue().encode("utf-8-sig")

    def write_csv(
        self,
        name: str | ListName,
        out: Path | str,
        actor_id: int | None = None,
        today: dt.date | None = None,
    ) -> int:
        """Write the list's CSV file (managers and the owner: it is an export of
        personal data, recorded in the audit log); the number of rows. Raises
        ``ExportFailed`` (nothing written) or ``PermissionDenied``."""
        from salon_desktop.db.engine import make_sessionmaker

        which = _list(name)
        out = Path(out).expanduser()
        with self._ctx.engine.connect() as conn:
            accounts.require(conn, actor_id, Action.EXPORT_DATA)

        def entry(s: Session, n: int) -> None:
            audit.record(s, actor_id, "export", 0, f"list:{which.value}", rows=n, file=out.name)

        return write_recorded(
            make_sessionmaker(self._ctx.engine),
            out,
            csv_body(self.csv_rows(which, today)),
            entry,
        )


def _list(name: str | ListName) -> ListName:
    if isinstance(name, ListName):
        return name
    try:
        return rules.parse_list(name)
    except ValueError:
        raise UnknownList(name) from None
