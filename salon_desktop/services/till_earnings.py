"""What each staff member earned over a period: net sales of services and products,
commission (frozen at posting) and tips, corrections included. Split from
``services.till`` (``TillService.earnings`` calls it)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Sale, SaleLine, SaleTip, Staff
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.sale import LineKind
from salon_desktop.domain.views import StaffEarnings
from salon_desktop.services import accounts
from salon_desktop.services.sales import money_sum


def earnings(
    sm: sessionmaker[Session], date_from: dt.date, date_to: dt.date, actor_id: int | None = None
) -> list[StaffEarnings]:
    """Net sales, commission and tips per staff member, corrections included
    (managers and the owner: ``PermissionDenied`` for the others)."""
    with sm() as s:
        accounts.require(s, actor_id, Action.SEE_REPORTS)
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
            .where(Sale.business_date.between(date_from, date_to), SaleLine.staff_id.is_not(None))
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
        sid: StaffEarnings(sid, names.get(sid, "?"), sv or 0, pr or 0, cm or 0, tips.get(sid, 0))
        for sid, sv, pr, cm in rows
    }
    for sid, t in tips.items():
        if sid not in out:
            out[sid] = StaffEarnings(sid, names.get(sid, "?"), 0, 0, 0, t)
    return sorted(out.values(), key=lambda e: e.staff_name)
