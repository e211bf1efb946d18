"""Posting sales for screen tests: services from the catalog, tickets paid in full,
on any business date (a SalesService whose "today" is that date)."""

from __future__ import annotations

import datetime as dt

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.sale import (
    LineDraft,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    compute,
)
from salon_desktop.services.catalog import ServiceItem
from salon_desktop.services.sales import Posted, SalesService


def service(ctx, name: str, price: int, tax_bp: int = 0) -> ServiceItem:
    return ctx.catalog.save_service(ServiceItem(0, name, None, "", price, 45, tax_bp, 0))


def client(ctx, first: str, last: str) -> int:
    return ctx.clients.create(
        ClientDraft(first_name=first, last_name=last), actor_id=None, allow_duplicate=True
    )


def sales_on(ctx, day: dt.date) -> SalesService:
    """The sales service as it was on ``day``."""
    return SalesService(make_sessionmaker(ctx.engine), lambda: ctx.salon, today=lambda: day)


def ticket(
    ctx,
    client_id: int | None,
    items,
    staff_id: int,
    pay=PayMethod.CASH,
    note: str = "",
    split: int = 0,
) -> TicketDraft:
    """``items``: ServiceItems, or (kind, description, price[, voucher code]) tuples.
    Paid in full by ``pay`` (``split``: that much by card first)."""
    lines = []
    for it in items:
        if isinstance(it, ServiceItem):
            lines.append(
                LineDraft(
                    LineKind.SERVICE,
                    it.name,
                    it.price,
                    1,
                    it.tax_rate_bp,
                    staff_id=staff_id,
                    service_id=it.id,
                )
            )
        else:
            kind, desc, price, *code = it
            lines.append(LineDraft(kind, desc, price, 1, 0, voucher_code=code[0] if code else ""))
    t = TicketDraft(client_id=client_id, lines=lines, note=note)
    total = compute(t, ctx.salon.currency, ctx.salon.net_pricing).total
    if split:
        t.payments = [PaymentDraft(PayMethod.CARD, split), PaymentDraft(pay, total - split)]
    else:
        t.payments = [PaymentDraft(pay, total)]
    return t


def post(ctx, day: dt.date, client_id: int | None, items, staff_id: int, **kw) -> Posted:
    return sales_on(ctx, day).post(ticket(ctx, client_id, items, staff_id, **kw), staff_id)
