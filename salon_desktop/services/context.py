"""The application context: one object holding the engine and the services.

Made by ``open_context``, passed to whoever needs it (CLI, screens, tests);
nothing is global and nothing connects at import time.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from salon_desktop.db.engine import make_engine, make_sessionmaker, sqlite_path
from salon_desktop.db.migrate import upgrade
from salon_desktop.paths import resolve_data_dir, resolve_db_url
from salon_desktop.services.accounts import AccountService
from salon_desktop.services.action_lists import ActionLists
from salon_desktop.services.audit import AuditService
from salon_desktop.services.backup import BackupService
from salon_desktop.services.catalog import CatalogService
from salon_desktop.services.change_feed import ChangeFeed
from salon_desktop.services.client_search import ClientSearch
from salon_desktop.services.clients import ClientService
from salon_desktop.services.complaints import ComplaintService
from salon_desktop.services.desk import DeskPrefsStore
from salon_desktop.services.export import ExportService
from salon_desktop.services.gdpr import ClientData
from salon_desktop.services.habits import HabitsReader
from salon_desktop.services.home import HomeService
from salon_desktop.services.importing import ImportService
from salon_desktop.services.integrity import IntegrityReport
from salon_desktop.services.printouts import PrintoutService
from salon_desktop.services.privacy import secure_profile
from salon_desktop.services.report_figures import ReportService
from salon_desktop.services.sales import SalesService
from salon_desktop.services.sales_read import SalesReader
from salon_desktop.services.segments import SegmentService
from salon_desktop.services.settings import SalonSettings, SettingsService
from salon_desktop.services.staff import StaffService
from salon_desktop.services.surveys import SurveyService
from salon_desktop.services.tickets import TicketService
from salon_desktop.services.till import TillService


@dataclass
class AppContext:
    data_dir: Path
    db_url: str
    engine: Engine
    settings: SettingsService
    staff: StaffService
    clients: ClientService
    search: ClientSearch
    desk: DeskPrefsStore
    salon: SalonSettings  # the settings as last loaded or saved
    catalog: CatalogService = None  # type: ignore[assignment]
    sales: SalesService = None  # type: ignore[assignment]
    reader: SalesReader = None  # type: ignore[assignment]
    habits: HabitsReader = None  # type: ignore[assignment]
    tickets: TicketService = None  # type: ignore[assignment]
    till: TillService = None  # type: ignore[assignment]
    feed: ChangeFeed = None  # type: ignore[assignment]  # what the other desks changed
    complaints: ComplaintService = None  # type: ignore[assignment]
    printouts: PrintoutService = None  # type: ignore[assignment]  # cards, the printed file
    surveys: SurveyService = None  # type: ignore[assignment]
    accounts: AccountService = None  # type: ignore[assignment]  # PINs, roles, lock-out
    audit: AuditService = None  # type: ignore[assignment]  # the audit trail's viewer
    importing: ImportService = None  # type: ignore[assignment]  # clients from CSV / vCard
    client_data: ClientData = None  # type: ignore[assignment]  # export and erasure (GDPR)
    backups: BackupService = None  # type: ignore[assignment]
    export: ExportService = None  # type: ignore[assignment]
    integrity: IntegrityReport | None = None  # the quick check of the opening, if it ran
    segments: SegmentService = None  # type: ignore[assignment]  # client scores
    home: HomeService = None  # type: ignore[assignment]  # the day at a glance
    reports: ReportService = None  # type: ignore[assignment]  # the monthly report's figures

    def reload_settings(self) -> SalonSettings:
        self.salon = self.settings.load()
        self._cache_on_desk()
        return self.salon

    def save_settings(self, settings: SalonSettings, actor_id: int | None = None) -> SalonSettings:
        self.salon = self.settings.save(settings, actor_id)
        self._cache_on_desk()
        return self.salon

    def _cache_on_desk(self) -> None:
        """Keep this PC's copy of the language and salon name (used before the
        database is opened at the next start) in step with the settings."""
        prefs = self.desk.load()
        if (prefs.language, prefs.salon_name) != (self.salon.language, self.salon.salon_name):
            self.desk.update(language=self.salon.language, salon_name=self.salon.salon_name)

    def save_settings_with_logo(
        self, settings: SalonSettings, logo: Path | None = None, actor_id: int | None = None
    ) -> SalonSettings:
        """Save the settings with ``logo`` copied into the profile as the salon's
        logo (None: as ``settings.logo_file`` says). The old logo file goes only
        once the settings naming the new one are saved; nothing changes if they
        are not."""
        import dataclasses

        new_name = self._copy_logo(logo) if logo is not None else None
        if new_name is not None:
            settings = dataclasses.replace(settings, logo_file=new_name)
        try:
            saved = self.save_settings(settings, actor_id)
        except BaseException:
            if new_name is not None:
                (self.data_dir / new_name).unlink(missing_ok=True)
            raise
        for old in self.data_dir.glob("logo*.*"):
            if old.name != saved.logo_file:
                old.unlink(missing_ok=True)
        return saved

    def _copy_logo(self, source: Path) -> str:
        """A copy of ``source`` in the profile (private), under a new name."""
        import shutil
        import uuid

        from salon_desktop.paths import make_private

        name = f"logo-{uuid.uuid4().hex[:8]}{source.suffix.lower()[:6]}"
        shutil.copyfile(source, self.data_dir / name)
        make_private(self.data_dir / name)
        return name

    def header(self):
        """What printed documents say about the salon."""
        from salon_desktop.domain.views import SalonHeader

        cfg = self.salon
        logo = self.data_dir / cfg.logo_file if cfg.logo_file else None
        return SalonHeader(
            name=cfg.salon_name,
            address=cfg.address,
            phone=cfg.phone,
            tax_id=cfg.tax_id,
            logo_path=str(logo) if logo and logo.exists() else "",
            not_fiscal=cfg.fiscal_printer,
            footer=cfg.receipt_footer,
            language=cfg.language,
            currency=cfg.currency,
            phone_region=cfg.phone_region,
        )

    def close(self) -> None:
        self.engine.dispose()


def open_context(
    data_dir: str | Path | None = None, db_url: str | None = None, today=dt.date.today
) -> AppContext:
    """Open (creating and migrating if needed) the profile's database."""
    folder = resolve_data_dir(str(data_dir) if data_dir else None)
    url = resolve_db_url(folder, db_url)
    engine = make_engine(url)
    try:
        upgrade(engine)
        secure_profile(folder, sqlite_path(url))
        return _services(folder, url, engine, today)
    except BaseException:
        engine.dispose()
        raise


def _services(folder: Path, url: str, engine: Engine, today) -> AppContext:
    sm = make_sessionmaker(engine)
    settings = SettingsService(sm)
    ctx = AppContext(
        data_dir=folder,
        db_url=url,
        engine=engine,
        settings=settings,
        staff=StaffService(sm),
        clients=None,  # type: ignore[arg-type]  # set below: it reads ctx.salon
        search=ClientSearch(engine),
        desk=DeskPrefsStore(folder),
        salon=settings.load(),
    )
    ctx.clients = ClientService(
        sm,
        folder / "photos",
        region=lambda: ctx.salon.phone_region,
        reconfirm_months=lambda: ctx.salon.reconfirm_months,
        today=today,
    )
    currency = lambda: ctx.salon.currency  # noqa: E731
    ctx.catalog = CatalogService(sm, currency)
    ctx.sales = SalesService(sm, lambda: ctx.salon, today=today)
    ctx.reader = SalesReader(sm, today=today)
    ctx.habits = HabitsReader(sm, today=today)
    ctx.tickets = TicketService(sm)
    ctx.till = TillService(sm, currency, today=today)
    ctx.complaints = ComplaintService(
        sm,
        targets=lambda: ctx.salon.complaint_targets(),
        categories=lambda: tuple(ctx.salon.complaint_categories),
        sales=ctx.sales,
        today=today,
    )
    ctx.printouts = PrintoutService(
        sm, ctx.clients, ctx.reader, ctx.complaints, region=lambda: ctx.salon.phone_region
    )
    ctx.surveys = SurveyService(
        sm,
        language=lambda: ctx.salon.language,
        min_answers=lambda: ctx.salon.survey_min_answers,
        rule=lambda: ctx.salon.satisfaction_rule(),
        jalali=lambda: ctx.salon.uses_jalali(),
        today=today,
    )
    ctx.accounts = AccountService(sm)
    ctx.audit = AuditService(sm)
    ctx.importing = ImportService(
        engine,
        region=lambda: ctx.salon.phone_region,
        language=lambda: ctx.salon.language,
        today=today,
    )
    ctx.client_data = ClientData(sm, engine, folder / "photos")
    ctx.backups = BackupService(
        folder,
        sqlite_path(url),
        folder=lambda: ctx.salon.backup_folder,
        keep=lambda: ctx.salon.backup_keep,
    )
    ctx.till.after_close = ctx.backups.after_till_close  # a backup after each close
    ctx.export = ExportService(
        sm,
        currency,
        language=lambda: ctx.salon.language,
        jalali=lambda: ctx.salon.uses_jalali(),
    )
    ctx.segments = SegmentService(
        sm, today=today, heard=ctx.surveys.everyone, jalali=lambda: ctx.salon.uses_jalali()
    )
    ctx.home = HomeService(
        sm,
        ctx.complaints,
        ctx.surveys,
        lists=lambda name: ActionLists(ctx).rows(name),
        scores_known=lambda: ctx.segments.last_run() is not None,
        today=today,
    )
    ctx.reports = ReportService(sm, ctx.surveys.figures)
    ctx.feed = ChangeFeed(engine, origin=uuid.uuid4().hex)
    try:
        ctx.feed.prune()
    except Exception as exc:  # noqa: BLE001 - a read-only or busy database opens all the same
        logging.getLogger("salon_desktop.feed").warning("change log not pruned: %s", exc)
    ctx._cache_on_desk()
    return ctx
