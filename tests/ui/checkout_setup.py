"""A small salon for the checkout tests: staff, two services, a product with a
barcode, and a client with an allergy who prefers Sara."""

from __future__ import annotations

from dataclasses import dataclass

from salon_desktop.domain.client import ClientDraft
from salon_desktop.services.catalog import ProductItem, ServiceItem

BARCODE = "5901234123457"


@dataclass
class Salon:
    sara: int
    cut: int
    colour: int
    shampoo: int
    anna: int


def stock_salon(env, stock: int = 10) -> Salon:
    ctx, actor = env.ctx, env.actor()
    big = 10 if ctx.salon.currency == "IRT" else 1  # Toman salons: prices in rials
    sara = ctx.staff.add("Sara", "Stylist").id
    cat = ctx.catalog.save_category("Hair")
    cut = ctx.catalog.save_service(ServiceItem(0, "Haircut", cat.id, "", 4500 * big, 45, 2300, 0))
    colour = ctx.catalog.save_service(
        ServiceItem(0, "Colour", cat.id, "", 12000 * big, 90, 2300, 0)
    )
    shampoo = ctx.catalog.save_product(
        ProductItem(0, "Shampoo", "SH1", BARCODE, 3990 * big, 1500, 2300, stock, 2)
    )
    anna = ctx.clients.create(
        ClientDraft(
            first_name="Anna",
            last_name="Nowak",
            allergies="PPD hair dye",
            notes="Likes tea",
            preferred_staff_id=sara,
        ),
        actor,
    )
    env.bus.staff_changed.emit()
    env.bus.catalog_changed.emit()
    return Salon(sara, cut.id, colour.id, shampoo.id, anna)
