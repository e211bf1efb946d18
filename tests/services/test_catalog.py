"""The price list and the shelf on SQLite and PostgreSQL: categories, services,
products, stock received and adjusted, the reorder list, commission rates."""

from __future__ import annotations

import dataclasses

import pytest

from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.catalog import ProductItem, ServiceItem

from .sales_helpers import set_currency


@pytest.fixture
def desk(ctx) -> int:
    return ctx.staff.add("Desk Reception", "reception").id


def errors_of(exc) -> dict[str, tuple[str, dict]]:
    return {e.field: (e.message, e.params) for e in exc.value.errors}


def product(name="Shampoo", price=4_500, **kw) -> ProductItem:
    base = dict(
        id=0,
        name=name,
        sku="",
        barcode="",
        price=price,
        cost=2_000,
        tax_rate_bp=2300,
        stock=0,
        reorder_level=2,
    )
    base.update(kw)
    return ProductItem(**base)


def service(name="Cut", price=10_000, category_id=None, **kw) -> ServiceItem:
    base = dict(
        id=0,
        name=name,
        category_id=category_id,
        category="",
        price=price,
        duration_min=45,
        tax_rate_bp=2300,
        material_cost=0,
    )
    base.update(kw)
    return ServiceItem(**base)


def test_categories_in_order_renamed_hidden_and_unique(ctx, desk):
    hair = ctx.catalog.save_category("  Hair  ", actor_id=desk)
    nails = ctx.catalog.save_category("Nails", actor_id=desk)
    assert (hair.name, hair.position, nails.position) == ("Hair", 1, 2)
    ctx.catalog.save_category("Nails & feet", nails.id, active=False, actor_id=desk)
    assert [c.name for c in ctx.catalog.categories()] == ["Hair"]
    assert [c.name for c in ctx.catalog.categories(include_inactive=True)] == [
        "Hair",
        "Nails & feet",
    ]
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_category("Hair")
    assert "already exists" in errors_of(exc)["name"][0]
    with pytest.raises(ValidationError):
        ctx.catalog.save_category("   ")
    assert len(ctx.catalog.categories(include_inactive=True)) == 2


def test_services_saved_listed_searched_and_updated(ctx, desk):
    hair = ctx.catalog.save_category("Hair")
    nails = ctx.catalog.save_category("Nails")
    cut = ctx.catalog.save_service(
        service("Women's cut", category_id=hair.id, material_cost=300), desk
    )
    mani = ctx.catalog.save_service(service("Manicure", 6_000, nails.id, duration_min=30), desk)
    assert cut.id and cut.category == "Hair" and cut.material_cost == 300
    assert [s.name for s in ctx.catalog.services()] == ["Women's cut", "Manicure"]
    assert [s.name for s in ctx.catalog.services("NAIL")] == ["Manicure"]  # by category
    assert [s.name for s in ctx.catalog.services("cut")] == ["Women's cut"]
    ctx.catalog.save_service(dataclasses.replace(mani, price=6_500, active=False), desk)
    assert [s.name for s in ctx.catalog.services()] == ["Women's cut"]
    assert ctx.catalog.get_service(mani.id).price == 6_500
    assert ctx.catalog.get_service(99_999) is None
    assert len(ctx.catalog.services(include_inactive=True)) == 2


@pytest.mark.parametrize(
    "price, message",
    [
        (-1, "cannot be negative"),
        (100_000_001, "too large"),
        (10**15, "too large"),
    ],
)
def test_negative_and_absurd_prices_are_refused(ctx, desk, price, message):
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_service(service(price=price), desk)
    assert message in errors_of(exc)["price"][0]
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_product(product(price=price, cost=price), desk)
    assert message in errors_of(exc)["price"][0] and message in errors_of(exc)["cost"][0]
    assert ctx.catalog.services(include_inactive=True) == []
    assert ctx.catalog.products(include_inactive=True) == []


def test_other_service_and_product_fields_are_checked(ctx, desk):
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_service(
            service(name=" ", duration_min=0, tax_rate_bp=10_001, material_cost=-5), desk
        )
    assert set(errors_of(exc)) == {"name", "duration_min", "tax_rate_bp", "material_cost"}
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_product(
            product(barcode="۱۲۳۴۵", reorder_level=-1, stock=-3, tax_rate_bp=-1), desk
        )
    assert set(errors_of(exc)) == {"barcode", "reorder_level", "stock", "tax_rate_bp"}


def test_toman_prices_are_whole_tomans_stored_in_rials(ctx, desk):
    set_currency(ctx, "IRT", "fa")
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_service(service(price=1_250_005), desk)
    assert "decimals" in errors_of(exc)["price"][0]
    assert ctx.catalog.save_service(service(price=1_250_000), desk).price == 1_250_000
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_product(product(price=450_000, cost=200_001), desk)
    assert "decimals" in errors_of(exc)["cost"][0]
    set_currency(ctx, "IRR", "fa")
    assert ctx.catalog.save_product(product(price=450_001, cost=1), desk).price == 450_001
    set_currency(ctx, "PLN")
    assert ctx.catalog.save_product(product("Gel", price=1_999), desk).price == 1_999


def test_duplicate_barcode_or_sku_is_refused(ctx, desk):
    p = ctx.catalog.save_product(product(barcode="5901234123457", sku="SH-1", stock=4), desk)
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_product(product("Other", barcode="5901234123457"), desk)
    assert "barcode" in errors_of(exc)["barcode"][0]
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_product(product("Other", sku="SH-1"), desk)
    assert "SKU" in errors_of(exc)["sku"][0]
    # Empty codes are not duplicates of each other.
    ctx.catalog.save_product(product("No code 1"), desk)
    ctx.catalog.save_product(product("No code 2"), desk)
    assert ctx.catalog.find_code(" 5901234123457 ").id == p.id
    assert ctx.catalog.find_code("SH-1").id == p.id
    assert ctx.catalog.find_code("") is None and ctx.catalog.find_code("nope") is None
    assert [x.name for x in ctx.catalog.products("5901234123457")] == ["Shampoo"]
    assert [x.name for x in ctx.catalog.products("code")] == ["No code 1", "No code 2"]
    ctx.catalog.save_product(dataclasses.replace(p, active=False), desk)
    assert ctx.catalog.find_code("SH-1") is None  # not sold any more


def test_receive_and_adjust_move_stock_with_a_reason(ctx, desk):
    p = ctx.catalog.save_product(product(stock=5, reorder_level=3), desk)
    assert p.stock == 5
    assert ctx.catalog.receive(p.id, 12, "Delivery 4711", desk).stock == 17
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.receive(p.id, 0)
    assert "qty" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.adjust(p.id, 15, "   ", desk)
    assert "reason" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.adjust(p.id, -1, "Count", desk)
    assert "qty" in errors_of(exc)
    assert ctx.catalog.adjust(p.id, 15, "Two broken bottles", desk).stock == 15
    assert ctx.catalog.adjust(p.id, 15, "Counted, all there", desk).stock == 15  # no move
    history = ctx.catalog.stock_history(p.id)
    assert [(q, k, r) for _at, q, k, r in history] == [
        (-2, "adjust", "Two broken bottles"),
        (12, "receive", "Delivery 4711"),
        (5, "receive", "Opening stock"),
    ]
    # Saving the product does not change its stock.
    again = ctx.catalog.save_product(dataclasses.replace(p, stock=999, price=5_000), desk)
    assert (again.stock, again.price) == (15, 5_000)


def test_low_stock_lists_active_products_at_or_below_their_reorder_level(ctx, desk):
    low = ctx.catalog.save_product(product("Low", stock=2, reorder_level=2), desk)
    ctx.catalog.save_product(product("Fine", stock=3, reorder_level=2), desk)
    gone = ctx.catalog.save_product(product("Gone", stock=0, reorder_level=1), desk)
    ctx.catalog.save_product(dataclasses.replace(gone, active=False), desk)
    assert [p.name for p in ctx.catalog.low_stock()] == ["Low"]
    assert ctx.catalog.get_product(low.id).low
    ctx.catalog.receive(low.id, 1)
    assert ctx.catalog.low_stock() == []


def test_commission_rates_are_set_and_checked(ctx, desk):
    anna = ctx.staff.add("Anna", "stylist").id
    assert ctx.catalog.commissions() == {}
    ctx.catalog.set_commission(anna, 4_000, 1_000, desk)
    ctx.catalog.set_commission(anna, 4_500, 500, desk)
    (c,) = ctx.catalog.commissions().values()
    assert (c.staff_id, c.service_bp, c.product_bp) == (anna, 4_500, 500)
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.set_commission(anna, 10_001, -1, desk)
    assert set(errors_of(exc)) == {"service_bp", "product_bp"}
    assert ctx.catalog.commissions()[anna].service_bp == 4_500


def test_product_search_treats_percent_and_underscore_as_letters(ctx):
    from salon_desktop.services.catalog import ProductItem

    ctx.catalog.save_product(ProductItem(0, "Serum 100% natural", "", "", 5000, 2000, 0, 1, 0))
    ctx.catalog.save_product(ProductItem(0, "Serum 100 ml", "", "", 5000, 2000, 0, 1, 0))
    assert [p.name for p in ctx.catalog.products("100%")] == ["Serum 100% natural"]
    assert ctx.catalog.products("_") == []


def test_a_service_in_a_category_that_is_gone_is_refused(ctx):
    import pytest

    from salon_desktop.domain.validation import ValidationError
    from salon_desktop.services.catalog import ServiceItem

    with pytest.raises(ValidationError) as err:
        ctx.catalog.save_service(ServiceItem(0, "Cut", 999, "", 5000, 30, 0, 0))
    assert "category_id" in err.value.by_field()
    assert ctx.catalog.services() == []


UNSENDABLE = ["\x00", "59012\x0034", "\ud800", "SH-1\udfff", "\x1b[2J", "\u202eSH-1"]


@pytest.mark.parametrize("code", UNSENDABLE)
def test_a_code_the_database_cannot_hold_finds_nothing_without_an_error(ctx, desk, code):
    """A scanner's garbage or a paste (NUL: PostgreSQL refuses it; a lone surrogate:
    not UTF-8) is "not found", like any unknown code, on both databases."""
    ctx.catalog.save_product(product(barcode="5901234123457", sku="SH-1"), desk)
    assert ctx.catalog.find_code(code) is None
    assert ctx.catalog.products(code) == [] or code.startswith(("\x1b", "\u202e"))


def test_a_barcode_scanned_on_a_persian_keyboard_layout_is_found(ctx, desk):
    p = ctx.catalog.save_product(product(barcode="5901234123457"), desk)
    assert ctx.catalog.find_code("۵۹۰۱۲۳۴۱۲۳۴۵۷").id == p.id
    assert ctx.catalog.find_code("٥٩٠١٢٣٤١٢٣٤٥٧").id == p.id


@pytest.mark.parametrize(
    "name",
    ["Shampoo\u202e", "\u202bشامپو", "Se\x85rum", "Gel\x00", "Mask\u2067", "Oil\udc80"],
)
def test_a_product_name_that_could_spoof_a_receipt_is_refused(ctx, desk, name):
    with pytest.raises(ValidationError) as exc:
        ctx.catalog.save_product(product(name), desk)
    assert "name" in errors_of(exc)
    with pytest.raises(ValidationError):
        ctx.catalog.save_service(service(name))
    assert ctx.catalog.products() == [] and ctx.catalog.services() == []
