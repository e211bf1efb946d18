"""What the till reads from posted sales: how often each service sells, and what a
client had before (voided sales do not count)."""

from __future__ import annotations

from salon_desktop.domain.client import ClientDraft
from tests.services.sales_helpers import make_shop, pay, svc_line


def test_popularity_and_a_clients_habits(ctx):
    shop = make_shop(ctx)
    post = lambda lines, client=None: ctx.sales.post(pay(ctx, lines, client=client), shop.desk)  # noqa: E731
    post([svc_line(shop, "cut"), svc_line(shop, "cut")])
    post([svc_line(shop, "colour", staff=shop.anna)], shop.client)
    post([svc_line(shop, "colour", staff=shop.bea)], shop.client)  # newest: Bea
    voided = post([svc_line(shop, "cut", staff=shop.bea)], shop.client)
    ctx.sales.void(voided.sale_id, "wrong client", shop.desk)
    assert ctx.habits.popularity() == {shop.cut.id: 2, shop.colour.id: 2}
    habits = ctx.habits.client(shop.client)
    assert dict(habits.counts) == {shop.colour.id: 2}
    assert dict(habits.last_staff) == {shop.colour.id: shop.bea}
    # Nothing yet for a new client.
    new = ctx.clients.create(ClientDraft(first_name="Nina", last_name="Nowa"), shop.desk)
    assert not ctx.habits.client(new).counts
    assert ctx.habits.popularity(days=0) == {shop.cut.id: 2, shop.colour.id: 2}  # today
