"""The demo salon's price list and shelf (through the catalog service), and what
the history writers read back: the clients to plan visits for, the sales count."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from salon_desktop.db.models import Client, Sale
from salon_desktop.demo import data
from salon_desktop.demo.visits import CatalogProduct, DemoCatalog, PlanClient, PlanService
from salon_desktop.domain.money import quantum
from salon_desktop.domain.sale import SaleKind
from salon_desktop.services.catalog import ProductItem, ServiceItem

_LANG_COL = {"en": 3, "pl": 4, "fa": 5}


def ean13(first12: str) -> str:
    """``first12`` with its EAN-13 check digit."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def setup_catalog(
    ctx, language: str, by_role: dict[str, list[int]], seed: int, actor: int | None
) -> DemoCatalog | None:
    """The demo price list and shelf, made through the catalog service (or the
    one already there). None when the profile has a catalog of its own."""
    currency = ctx.salon.currency
    cur = currency if currency in data.SERVICE_PRICES else "GBP"
    unit = {"IRT": 10, "IRR": 1}.get(currency, 100)
    q = quantum(currency)
    rng = random.Random(seed * 131 + 5)
    col = _LANG_COL[language]
    existing = {s.name: s for s in ctx.catalog.services(include_inactive=True)}
    if not existing:
        cats = {}
        for key, names in data.CATEGORIES.items():
            cats[key] = ctx.catalog.save_category(names[language], actor_id=actor).id
        for key, spec in data.SERVICES.items():
            price, material = data.SERVICE_PRICES[cur][key]
            tax = data.SERVICE_TAX_EXCEPTIONS.get(cur, {}).get(key, data.SERVICE_TAX[cur][spec[0]])
            ctx.catalog.save_service(
                ServiceItem(
                    0,
                    str(spec[col]),
                    cats[spec[0]],
                    "",
                    price * unit // q * q,
                    spec[2],
                    tax,
                    material * unit // q * q,
                ),
                actor,
            )
        prefix = data.EAN_PREFIX[language]
        for n, p in enumerate(data.PRODUCTS):
            name = {"en": p[0], "pl": p[1] or p[0], "fa": p[2]}[language]
            price, cost = {"PLN": (p[3], p[4]), "GBP": (p[5], p[6]), "IRT": (p[7], p[8])}[cur]
            body = prefix + f"{rng.randrange(10 ** (12 - len(prefix))):0{12 - len(prefix)}d}"
            brand = "".join(c for c in p[0].split()[0].upper() if c.isalpha())[:4]
            ctx.catalog.save_product(
                ProductItem(
                    0,
                    name,
                    f"{brand}-{n + 1:03d}",
                    ean13(body),
                    price * unit,
                    cost * unit,
                    data.PRODUCT_TAX[cur],
                    rng.randint(p[9] + 4, p[9] + 16),
                    p[9],
                ),
                actor,
            )
        for role, ids in by_role.items():
            service_bp, product_bp = data.COMMISSION.get(role, (0, 0))
            for sid in ids:
                ctx.catalog.set_commission(sid, service_bp, product_bp, actor)
        existing = {s.name: s for s in ctx.catalog.services(include_inactive=True)}
    services = {}
    for key, spec in data.SERVICES.items():
        s = existing.get(spec[col])
        if s is None:
            return None
        services[key] = PlanService(s.id, key, s.name, spec[1], s.price, s.tax_rate_bp)
    products = [
        CatalogProduct(p.id, p.name, p.price, p.tax_rate_bp, p.stock, p.reorder_level)
        for p in ctx.catalog.products()
    ]
    return DemoCatalog(services, products) if products else None


def plan_clients(ctx, ids: list[int]) -> list[PlanClient]:
    if not ids:
        return []
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            select(Client.id, Client.gender, Client.preferred_staff_id)
            .where(Client.id.between(min(ids), max(ids)))
            .order_by(Client.id)
        ).all()
    wanted = set(ids)
    return [PlanClient(r[0], r[1] == "male", r[2]) for r in rows if r[0] in wanted]


def count_sales(ctx) -> int:
    """Posted sales in the profile (voids and refunds not counted)."""
    with ctx.engine.connect() as conn:
        return conn.scalar(
            select(func.count()).select_from(Sale).where(Sale.kind == SaleKind.SALE.value)
        )


def has_sales(ctx) -> bool:
    with ctx.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Sale)) > 0
