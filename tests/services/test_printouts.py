"""What the printed client documents are made from, on SQLite and PostgreSQL: cards
for a selection, for numbers (the command line) or for everyone; one client's file
with its visits and open complaints; a scanned card in the client search."""

from __future__ import annotations

import datetime as dt

import pytest

from salon_desktop.domain.card import card_payload
from salon_desktop.domain.client import ClientDraft, ConsentKind, PhoneEntry
from salon_desktop.domain.complaints import ComplaintDraft
from salon_desktop.services.clients import ClientNotFound
from salon_desktop.services.printouts import CardRequest, UnknownClients
from tests.services.sales_helpers import make_shop, pay, svc_line


def _client(ctx, first: str, last: str = "", **kw) -> int:
    return ctx.clients.create(ClientDraft(first_name=first, last_name=last, **kw), None)


def test_cards_for_ids_numbers_and_everyone(ctx):
    ids = [_client(ctx, name, "Nowak") for name in ("Ewa", "Adam", "Celina")]
    numbers = [ctx.clients.get(i).number for i in ids]
    archived = _client(ctx, "Zofia", "Archiwalna")
    ctx.clients.set_archived(archived, True, None)

    by_id = ctx.printouts.cards(CardRequest(ids=(ids[2], ids[0], ids[2])))
    assert [c.name for c in by_id] == ["Celina Nowak", "Ewa Nowak"]  # as asked, once each
    assert by_id[0].number == numbers[2]
    assert by_id[0].since == dt.date.today()  # the file was opened today (local)
    assert by_id[0].payload == card_payload(numbers[2])

    by_number = ctx.printouts.cards(CardRequest(numbers=(numbers[1], numbers[0])))
    assert [c.name for c in by_number] == ["Adam Nowak", "Ewa Nowak"]

    everyone = ctx.printouts.cards(CardRequest(everyone=True))
    assert [c.name for c in everyone] == ["Adam Nowak", "Celina Nowak", "Ewa Nowak"]

    archived_number = ctx.clients.get(archived).number
    with pytest.raises(UnknownClients) as exc:
        ctx.printouts.cards(CardRequest(numbers=(numbers[0], 99_999, archived_number)))
    assert exc.value.numbers == [99_999, archived_number]


def test_cards_for_a_long_selection(ctx):
    ids = [_client(ctx, f"Klientka{i:04d}") for i in range(520)]  # more than one IN (...) of 500
    cards = ctx.printouts.cards(CardRequest(ids=tuple(ids)))
    assert len(cards) == 520
    assert cards[0].name == "Klientka0000" and cards[-1].name == "Klientka0519"


def test_the_client_file_view(ctx):
    shop = make_shop(ctx)
    cid = ctx.clients.create(
        ClientDraft(
            first_name="Zahra",
            last_name="Karimi",
            phones=[PhoneEntry("+48601234567", "mobile")],
            allergies="Latex",
            preferred_staff_id=shop.bea,
            consents={ConsentKind.DATA_PROCESSING: dt.date(2026, 1, 5)},
        ),
        shop.desk,
    )
    ctx.clients.add_formula(cid, dt.date(2026, 11, 2), "7/1 + 6%", shop.bea, shop.desk)
    ctx.sales.post(pay(ctx, [svc_line(shop, "colour", shop.bea)], client=cid), shop.desk)
    ctx.complaints.record(ComplaintDraft(cid, "Colour faded", category="service_result"), None)

    view = ctx.printouts.client_file(cid)
    assert view.name == "Zahra Karimi"
    assert view.number == ctx.clients.get(cid).number
    assert view.phones == (("mobile", "+48601234567"),)
    assert view.allergies == "Latex"
    assert view.preferred_staff == "Bea Colourist"
    assert view.consents == (("data_processing", dt.date(2026, 1, 5)),)
    assert [(f.formula, f.staff_name) for f in view.formulas] == [("7/1 + 6%", "Bea Colourist")]
    assert len(view.visits) == 1 and view.visits[0].services == ("Colour",)
    assert view.figures is not None and view.figures.visits == 1
    assert [(c.description, c.state) for c in view.complaints] == [("Colour faded", "new")]
    assert view.category == "" and view.strategy == ""  # not computed here (yet)
    with pytest.raises(ClientNotFound):
        ctx.printouts.client_file(10**6)


def test_a_scanned_card_finds_its_client(ctx):
    ewa = _client(ctx, "Ewa", "Nowak")
    number = ctx.clients.get(ewa).number
    _client(ctx, "Sdc", "Somebody")  # a name like the prefix is no card
    for typed in (card_payload(number), card_payload(number).upper(), f"سیز{number:06d}"):
        rows = ctx.search.search(typed).rows
        assert [r.id for r in rows] == [ewa], typed
        assert ctx.search.by_card(typed).id == ewa
    assert ctx.search.search(card_payload(number), offset=100).rows == []
    assert ctx.search.by_card("sdc999999") is None
    assert ctx.search.by_card("Ewa") is None
    assert ctx.search.search("sdc").rows[0].first_name == "Sdc"


def test_a_card_of_a_merged_file_finds_the_kept_one(ctx):
    kept = _client(ctx, "Ewa", "Nowak")
    other = _client(ctx, "Ewa", "Nowak-Duplicate")
    old_number = ctx.clients.get(other).number
    ctx.clients.merge(keep_id=kept, other_id=other, actor_id=None)
    assert ctx.search.by_card(card_payload(old_number)).id == kept
    lone = _client(ctx, "Archiwalna")
    ctx.clients.set_archived(lone, True, None)
    found = ctx.search.by_card(card_payload(ctx.clients.get(lone).number))
    assert found.id == lone and found.archived  # opened, showing it is archived


def test_client_since_is_the_first_visit_or_the_opening_of_the_file():
    from salon_desktop.services.printouts import since
    from salon_desktop.services.sales_read import local

    opened = dt.datetime(2026, 5, 1, 10, 0)  # stored in UTC
    assert since(opened, None) == local(opened).date()
    # typed in from a paper card after years of visits: the years count
    assert since(opened, dt.date(2023, 2, 1)) == dt.date(2023, 2, 1)
    assert since(opened, dt.date(2026, 9, 1)) == local(opened).date()


def test_cards_and_the_file_say_since_the_first_visit(ctx):
    shop = make_shop(ctx)
    ctx.sales.post(pay(ctx, [svc_line(shop, "cut")], client=shop.client), shop.desk)
    first = ctx.printouts.client_file(shop.client).figures.first_visit
    assert first is not None
    (card,) = ctx.printouts.cards(CardRequest(ids=(shop.client,)))
    assert card.since == min(first, dt.date.today())
    assert ctx.printouts.client_file(shop.client).client_since == card.since
    (everyone,) = ctx.printouts.cards(CardRequest(everyone=True))
    assert everyone.since == card.since
