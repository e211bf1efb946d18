"""A realistic demo salon: staff, settings, client files, and years of sales.

``fill_demo`` sets up the salon through the real services (``ctx.staff``,
``ctx.save_settings``, ``ctx.catalog``), then writes the client files and the
history in bulk (``demo.clients``, ``demo.sales``: few transactions, rows built
by the same code as the services' own), or, with ``bulk=False``, through the
services one call at a time (what the tests compare the bulk path with).

Needs Faker (the optional ``demo`` extra); without it ``fill_demo`` raises
``DemoNeedsFaker`` (a ``ValidationError`` whose message says so).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import struct
import tempfile
import zlib
from pathlib import Path

from salon_desktop.db.base import utcnow
from salon_desktop.db.chains import seal_all
from salon_desktop.demo import data
from salon_desktop.demo.catalog import has_sales, plan_clients, setup_catalog
from salon_desktop.demo.clients import BATCH, insert_bulk, insert_with_services, today_of
from salon_desktop.demo.complaints import FORCED, add_complaints
from salon_desktop.demo.people import Generator, StaffIds, faker_class
from salon_desktop.demo.sales import write_bulk, write_with_services
from salon_desktop.demo.surveys import add_surveys
from salon_desktop.demo.visits import VisitPlan
from salon_desktop.domain.client import PhotoKind


def _setup_salon(ctx, language: str) -> StaffIds:
    salon = data.SALONS[language]
    settings = dataclasses.replace(
        ctx.salon,
        language=language,
        first_run_done=True,
        default_tax_bp=data.PRODUCT_TAX[salon["currency"]],
        **salon,
    )
    ctx.save_settings(settings)
    existing = {m.name: m for m in ctx.staff.list(include_inactive=True)}
    roles = data.ROLES[language]
    by_role: dict[str, list[int]] = {}
    inactive: list[int] = []
    desk = None
    for name, role, active in data.STAFF[language]:
        member = existing.get(name) or ctx.staff.add(name, roles[role])
        if not active and member.active:
            member = ctx.staff.update(member.id, member.name, member.role, False)
        if active:
            by_role.setdefault(role, []).append(member.id)
        else:
            inactive.append(member.id)
        if role == "reception":
            desk = member.id
    if desk is not None and ctx.desk.load().desk_staff_id is None:
        ctx.desk.update(desk_staff_id=desk)
    return StaffIds(by_role, inactive, desk)


def fill_demo(
    ctx,
    clients: int = 300,
    seed: int = 2026,
    language: str | None = None,
    *,
    years: int = 0,
    bulk: bool = True,
    batch: int = BATCH,
    progress=None,
    sales_progress=None,
    now: dt.datetime | None = None,
    complaints: int | None = None,
) -> int:
    """Fill the profile behind ``ctx`` with a demo salon; returns the clients created.

    ``language`` (en, pl, fa) sets the salon's language, country and currency;
    None keeps the current language. ``years`` > 0 adds the price list, the
    retail shelf and that many years of visits and sales of the new clients
    (``demo.visits``; only into a profile without sales), none later than
    ``now`` (UTC; default the clock). ``bulk`` (the default) writes clients and
    sales in few transactions; False writes them through the services one by
    one. ``progress(done, total)`` is called after each batch of clients on the
    bulk path, ``sales_progress(sales, day)`` after each batch of sales.
    With visits, complaints about them are recorded too (``demo.complaints``: every
    state, some overdue, some resolved late): ``complaints`` of them, by default
    about one for a hundred visits (at least eight); their compensations are given
    through the till and some used at a later visit (``demo.compensations``).
    Raises ``DemoNeedsFaker`` when Faker (the ``demo`` extra) is not installed.
    """
    language = language or ctx.salon.language or "en"
    if language not in data.SALONS:
        raise ValueError(f"unknown language {language!r}")
    if clients < 0:
        raise ValueError("clients must be >= 0")
    faker_class()  # before anything is written
    staff = _setup_salon(ctx, language)
    gen = Generator(seed, language, today_of(ctx), staff)
    items = gen.clients(clients)
    if bulk:
        ids = insert_bulk(ctx, items, staff.desk, batch=batch, total=clients, progress=progress)
    else:
        ids = insert_with_services(ctx, items, staff.desk)
    _add_photos(ctx, ids, gen, staff.desk)
    if years > 0:
        now = now or utcnow()
        sales = _add_history(
            ctx,
            ids,
            staff,
            seed,
            language,
            gen.today,
            years,
            bulk,
            sales_progress,
            now,
        )
        if sales:
            count = max(len(FORCED), sales // 100) if complaints is None else complaints
            owners = [i for r in ("manager", "reception") for i in staff.by_role.get(r, [])]
            manager = next(iter(staff.by_role.get("manager", [])), staff.desk)
            add_complaints(ctx, count, owners, seed, language, now, manager=manager)
    if bulk:  # what the bulk writers left unlinked, in its hash chain
        with ctx.engine.begin() as conn:
            seal_all(conn)
    return len(ids)


def _add_history(
    ctx,
    ids: list[int],
    staff: StaffIds,
    seed: int,
    language: str,
    today: dt.date,
    years: int,
    bulk: bool,
    progress,
    now: dt.datetime,
) -> int:
    """The catalog and ``years`` of sales of the clients ``ids``; returns the sales written."""
    if has_sales(ctx):
        return 0
    catalog = setup_catalog(ctx, language, staff.by_role, seed, staff.desk)
    if catalog is None:
        return 0
    plan = VisitPlan(
        seed=seed,
        language=language,
        currency=ctx.salon.currency,
        net_pricing=ctx.salon.net_pricing,
        today=today,
        years=years,
        clients=plan_clients(ctx, ids),
        staff_by_role=staff.by_role,
        inactive_staff=staff.inactive,
        catalog=catalog,
        now=now,
    )
    if bulk:
        written = write_bulk(ctx, plan, staff.desk, progress=progress)
    else:
        written = write_with_services(ctx, plan, staff.desk)
    add_surveys(ctx, seed, language, today, staff.desk)  # the same on both paths
    return written


# -- photos ---------------------------------------------------------------------


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A small gradient PNG, made without an imaging library."""
    r0, g0, b0 = colour
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in (min(255, r0 + y), min(255, g0 + x), b0))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _add_photos(ctx, ids: list[int], gen: Generator, actor: int | None) -> None:
    """Before/after photos for the first two clients, through the service."""
    today = gen.today
    with tempfile.TemporaryDirectory() as tmp:
        for n, cid in enumerate(ids[:2]):
            for kind, colour in (
                (PhotoKind.BEFORE, (90, 60, 40)),
                (PhotoKind.AFTER, (150, 80, 60)),
            ):
                path = Path(tmp) / f"{n}-{kind.value}.png"
                path.write_bytes(_png(48, 48, colour))
                ctx.clients.add_photo(cid, path, kind, today - dt.timedelta(days=14 * n), "", actor)
