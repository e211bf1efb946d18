"""The price list and the retail shelf: service categories, services, products,
stock (received and adjusted with a reason), staff commission rates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import (
    Product,
    Service,
    ServiceCategory,
    StaffCommission,
    StockMovement,
)
from salon_desktop.domain.money import max_amount, quantum
from salon_desktop.domain.text import ascii_digits, fold, storable, text_problem
from salon_desktop.domain.validation import Errors, check_text
from salon_desktop.i18n import N_
from salon_desktop.services import audit

MAX_STOCK = 1_000_000


@dataclass(frozen=True)
class CategoryItem:
    id: int
    name: str
    position: int
    active: bool


@dataclass(frozen=True)
class ServiceItem:
    id: int
    name: str
    category_id: int | None
    category: str
    price: int
    duration_min: int
    tax_rate_bp: int
    material_cost: int
    active: bool = True


@dataclass(frozen=True)
class ProductItem:
    id: int
    name: str
    sku: str
    barcode: str
    price: int
    cost: int
    tax_rate_bp: int
    stock: int
    reorder_level: int
    active: bool = True

    @property
    def low(self) -> bool:
        return self.active and self.stock <= self.reorder_level


@dataclass(frozen=True)
class Commission:
    staff_id: int
    service_bp: int
    product_bp: int


def _service(sv: Service, cat: str) -> ServiceItem:
    return ServiceItem(
        sv.id,
        sv.name,
        sv.category_id,
        cat,
        sv.price,
        sv.duration_min,
        sv.tax_rate_bp,
        sv.material_cost,
        sv.active,
    )


def _product(p: Product) -> ProductItem:
    return ProductItem(
        p.id,
        p.name,
        p.sku or "",
        p.barcode or "",
        p.price,
        p.cost,
        p.tax_rate_bp,
        p.stock,
        p.reorder_level,
        p.active,
    )


class CatalogService:
    def __init__(self, sm: sessionmaker[Session], currency: Callable[[], str]):
        self._sm = sm
        self._currency = currency

    # -- checks ------------------------------------------------------------------
    def _money(self, errors: Errors, name: str, value: int, *, required: bool = False) -> None:
        cur = self._currency()
        if value < 0:
            errors.add(name, N_("A price cannot be negative."))
        elif value > max_amount(cur):
            errors.add(name, N_("This amount is too large to be right."))
        elif value % quantum(cur):
            errors.add(name, N_("The price has more decimals than the currency allows."))
        elif required and value == 0:
            errors.add(name, N_("Enter an amount above zero."))

    @staticmethod
    def _rate(errors: Errors, name: str, bp: int) -> None:
        if not 0 <= bp <= 10_000:
            errors.add(name, N_("A tax rate is between 0 and 100 %."))

    # -- categories ----------------------------------------------------------------
    def categories(self, include_inactive: bool = False) -> list[CategoryItem]:
        stmt = select(ServiceCategory).order_by(ServiceCategory.position, ServiceCategory.name)
        if not include_inactive:
            stmt = stmt.where(ServiceCategory.active.is_(True))
        with self._sm() as s:
            return [CategoryItem(c.id, c.name, c.position, c.active) for c in s.scalars(stmt)]

    def save_category(
        self,
        name: str,
        category_id: int | None = None,
        active: bool = True,
        actor_id: int | None = None,
    ) -> CategoryItem:
        errors = Errors()
        name = check_text(errors, "name", name, required=True)
        errors.raise_if_any()
        try:
            with self._sm.begin() as s:
                if category_id is None:
                    pos = (
                        s.scalar(select(func.coalesce(func.max(ServiceCategory.position), 0))) or 0
                    )
                    c = ServiceCategory(name=name, position=pos + 1, active=active)
                    s.add(c)
                else:
                    c = s.get_one(ServiceCategory, category_id)
                    c.name, c.active = name, active
                s.flush()
                audit.record(s, actor_id, "category", c.id, "save", name=name)
                return CategoryItem(c.id, c.name, c.position, c.active)
        except IntegrityError:
            errors.add("name", N_("A category with this name already exists."))
            errors.raise_if_any()
            raise

    # -- services --------------------------------------------------------------------
    def services(self, query: str = "", include_inactive: bool = False) -> list[ServiceItem]:
        stmt = (
            select(Service, ServiceCategory.name)
            .outerjoin(ServiceCategory, Service.category_id == ServiceCategory.id)
            .order_by(ServiceCategory.position, Service.name)
        )
        if not include_inactive:
            stmt = stmt.where(Service.active.is_(True))
        with self._sm() as s:
            rows = [_service(sv, cat or "") for sv, cat in s.execute(stmt)]
        if query:
            q = fold(query)
            rows = [r for r in rows if q in fold(r.name) or q in fold(r.category)]
        return rows

    def get_service(self, service_id: int) -> ServiceItem | None:
        with self._sm() as s:
            sv = s.get(Service, service_id)
            if sv is None:
                return None
            cat = s.get(ServiceCategory, sv.category_id) if sv.category_id else None
            return _service(sv, cat.name if cat else "")

    def save_service(self, item: ServiceItem, actor_id: int | None = None) -> ServiceItem:
        """Create (``item.id == 0``) or update a service."""
        errors = Errors()
        name = check_text(errors, "name", item.name, required=True)
        self._money(errors, "price", item.price)
        self._money(errors, "material_cost", item.material_cost)
        self._rate(errors, "tax_rate_bp", item.tax_rate_bp)
        if not 0 < item.duration_min <= 24 * 60:
            errors.add("duration_min", N_("Between 1 and 1440 minutes."))
        errors.raise_if_any()
        with self._sm.begin() as s:
            if item.category_id is not None and s.get(ServiceCategory, item.category_id) is None:
                errors.add("category_id", N_("This category no longer exists."))
                errors.raise_if_any()
            sv = Service() if not item.id else s.get_one(Service, item.id)
            sv.name, sv.category_id, sv.price = name, item.category_id, item.price
            sv.duration_min, sv.tax_rate_bp = item.duration_min, item.tax_rate_bp
            sv.material_cost, sv.active = item.material_cost, item.active
            s.add(sv)
            s.flush()
            audit.record(s, actor_id, "service", sv.id, "save", name=name, price=item.price)
            cat = s.get(ServiceCategory, sv.category_id) if sv.category_id else None
            return _service(sv, cat.name if cat else "")

    # -- products ------------------------------------------------------------------
    def products(
        self, query: str = "", include_inactive: bool = False, low_only: bool = False
    ) -> list[ProductItem]:
        stmt = select(Product).order_by(Product.name)
        if not include_inactive:
            stmt = stmt.where(Product.active.is_(True))
        if low_only:
            stmt = stmt.where(Product.stock <= Product.reorder_level, Product.active.is_(True))
        if query.strip():
            q = query.strip()
            if not storable(q):  # NUL, a lone surrogate: the database would refuse it
                return []
            stmt = stmt.where(
                or_(
                    Product.barcode == q,
                    Product.sku == q,
                    func.lower(Product.name).contains(q.lower(), autoescape=True),
                )
            )
        with self._sm() as s:
            return [_product(p) for p in s.scalars(stmt)]

    def low_stock(self) -> list[ProductItem]:
        """Active products at or below their reorder level: the reorder list."""
        return self.products(low_only=True)

    def get_product(self, product_id: int) -> ProductItem | None:
        with self._sm() as s:
            p = s.get(Product, product_id)
            return _product(p) if p else None

    def find_code(self, code: str) -> ProductItem | None:
        """The active product with this barcode or SKU (what a scanner types, in any
        digit script: a scanner on a Persian keyboard layout types Persian digits).

        Text no product code can hold (NUL, lone surrogates, other controls: a
        scanner's garbage or a paste) finds nothing; it is never sent to the database,
        which would refuse it with an error.
        """
        code = code.strip()
        if not code or text_problem(code) is not None:
            return None
        codes = sorted({code, ascii_digits(code)})
        with self._sm() as s:
            p = s.scalars(
                select(Product)
                .where(
                    or_(Product.barcode.in_(codes), Product.sku.in_(codes)),
                    Product.active.is_(True),
                )
                .order_by(Product.id)
                .limit(1)
            ).first()
            return _product(p) if p else None

    def save_product(self, item: ProductItem, actor_id: int | None = None) -> ProductItem:
        """Create (``item.id == 0``, with ``item.stock`` as the opening stock) or
        update a product. Stock of an existing product changes only through
        ``receive`` and ``adjust``."""
        errors = Errors()
        name = check_text(errors, "name", item.name, required=True)
        sku = check_text(errors, "sku", item.sku, max_len=60)
        barcode = check_text(errors, "barcode", item.barcode, max_len=60)
        if barcode and not barcode.isascii():
            errors.add("barcode", N_("A barcode has only Latin letters and digits."))
        self._money(errors, "price", item.price)
        self._money(errors, "cost", item.cost)
        self._rate(errors, "tax_rate_bp", item.tax_rate_bp)
        if not 0 <= item.reorder_level <= MAX_STOCK:
            errors.add("reorder_level", N_("Enter a whole number from 0 to {max}."), max=MAX_STOCK)
        if not item.id and not 0 <= item.stock <= MAX_STOCK:
            errors.add("stock", N_("Enter a whole number from 0 to {max}."), max=MAX_STOCK)
        errors.raise_if_any()
        try:
            with self._sm.begin() as s:
                p = Product(stock=0) if not item.id else s.get_one(Product, item.id)
                p.name, p.sku, p.barcode = name, sku or None, barcode or None
                p.price, p.cost, p.tax_rate_bp = item.price, item.cost, item.tax_rate_bp
                p.reorder_level, p.active = item.reorder_level, item.active
                s.add(p)
                s.flush()
                if not item.id and item.stock:
                    self._move(s, p, item.stock, "receive", N_("Opening stock"), actor_id)
                audit.record(s, actor_id, "product", p.id, "save", name=name, price=item.price)
                return _product(p)
        except IntegrityError:
            errors.add(
                "barcode" if barcode else "sku",
                N_("Another product already has this barcode or SKU."),
            )
            errors.raise_if_any()
            raise

    @staticmethod
    def _move(
        s: Session, p: Product, qty: int, kind: str, reason: str, actor_id: int | None
    ) -> None:
        s.add(
            StockMovement(
                product_id=p.id,
                qty=qty,
                kind=kind,
                reason=reason,
                staff_id=actor_id,
                unit_cost=p.cost,
            )
        )
        s.execute(update(Product).where(Product.id == p.id).values(stock=Product.stock + qty))
        s.expire(p, ["stock"])

    def receive(
        self, product_id: int, qty: int, reason: str = "", actor_id: int | None = None
    ) -> ProductItem:
        """Goods delivered: stock goes up by ``qty``."""
        errors = Errors()
        reason = check_text(errors, "reason", reason, max_len=500)
        if not 0 < qty <= MAX_STOCK:
            errors.add("qty", N_("Enter a whole number from 1 to {max}."), max=MAX_STOCK)
        errors.raise_if_any()
        with self._sm.begin() as s:
            p = s.get_one(Product, product_id)
            self._move(s, p, qty, "receive", reason, actor_id)
            return _product(p)

    def adjust(
        self, product_id: int, counted: int, reason: str, actor_id: int | None = None
    ) -> ProductItem:
        """A stock count or a loss: stock becomes ``counted``; the reason is required."""
        errors = Errors()
        reason = check_text(errors, "reason", reason, required=True, max_len=500)
        if not 0 <= counted <= MAX_STOCK:
            errors.add("qty", N_("Enter a whole number from 0 to {max}."), max=MAX_STOCK)
        errors.raise_if_any()
        with self._sm.begin() as s:
            p = s.get_one(Product, product_id)
            if counted != p.stock:
                self._move(s, p, counted - p.stock, "adjust", reason, actor_id)
            return _product(p)

    def stock_history(self, product_id: int, limit: int = 200) -> list[tuple]:
        """(at in local time, qty, kind, reason) newest first."""
        from salon_desktop.services.sales_read import local

        with self._sm() as s:
            return [
                (local(r[0]), *r[1:])
                for r in s.execute(
                    select(
                        StockMovement.at,
                        StockMovement.qty,
                        StockMovement.kind,
                        StockMovement.reason,
                    )
                    .where(StockMovement.product_id == product_id)
                    .order_by(StockMovement.id.desc())
                    .limit(limit)
                )
            ]

    # -- commission ------------------------------------------------------------------
    def commissions(self) -> dict[int, Commission]:
        with self._sm() as s:
            return {
                c.staff_id: Commission(c.staff_id, c.service_bp, c.product_bp)
                for c in s.scalars(select(StaffCommission))
            }

    def set_commission(
        self, staff_id: int, service_bp: int, product_bp: int, actor_id: int | None = None
    ) -> Commission:
        errors = Errors()
        for name, bp in (("service_bp", service_bp), ("product_bp", product_bp)):
            if not 0 <= bp <= 10_000:
                errors.add(name, N_("A commission is between 0 and 100 %."))
        errors.raise_if_any()
        with self._sm.begin() as s:
            s.merge(
                StaffCommission(staff_id=staff_id, service_bp=service_bp, product_bp=product_bp)
            )
            audit.record(
                s,
                actor_id,
                "staff",
                staff_id,
                "commission",
                service_bp=service_bp,
                product_bp=product_bp,
            )
        return Commission(staff_id, service_bp, product_bp)
