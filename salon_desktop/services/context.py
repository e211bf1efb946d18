"""The application context: one object holding the engine and the services.

Made by ``open_context``, passed to whoever needs it (CLI, screens, tests);
nothing is global and nothing connects at import time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from salon_desktop.db.engine import make_engine, make_sessionmaker
from salon_desktop.db.migrate import upgrade
from salon_desktop.paths import resolve_data_dir, resolve_db_url
from salon_desktop.services.client_search import ClientSearch
from salon_desktop.services.clients import ClientService
from salon_desktop.services.desk import DeskPrefsStore
from salon_desktop.services.settings import SalonSettings, SettingsService
from salon_desktop.services.staff import StaffService


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

    def reload_settings(self) -> SalonSettings:
        self.salon = self.settings.load()
        self._cache_on_desk()
        return self.salon

    def save_settings(self, settings: SalonSettings) -> SalonSettings:
        self.salon = self.settings.save(settings)
        self._cache_on_desk()
        return self.salon

    def _cache_on_desk(self) -> None:
        """Keep this PC's copy of the language and salon name (used before the
        database is opened at the next start) in step with the settings."""
        prefs = self.desk.load()
        if (prefs.language, prefs.salon_name) != (self.salon.language, self.salon.salon_name):
            self.desk.update(language=self.salon.language, salon_name=self.salon.salon_name)

    def store_logo(self, source: Path) -> str:
        """Copy a logo image into the profile; returns its file name there."""
        import shutil

        name = "logo" + source.suffix.lower()[:6]
        for old in self.data_dir.glob("logo.*"):
            old.unlink(missing_ok=True)
        shutil.copyfile(source, self.data_dir / name)
        return name

    def close(self) -> None:
        self.engine.dispose()


def open_context(data_dir: str | Path | None = None, db_url: str | None = None,
                 today=dt.date.today) -> AppContext:
    """Open (creating and migrating if needed) the profile's database."""
    folder = resolve_data_dir(str(data_dir) if data_dir else None)
    url = resolve_db_url(folder, db_url)
    engine = make_engine(url)
    upgrade(engine)
    sm = make_sessionmaker(engine)
    settings = SettingsService(sm)
    ctx = AppContext(
        data_dir=folder, db_url=url, engine=engine, settings=settings,
        staff=StaffService(sm),
        clients=None,  # type: ignore[arg-type]  # set below: it reads ctx.salon
        search=ClientSearch(engine), desk=DeskPrefsStore(folder), salon=settings.load(),
    )
    ctx.clients = ClientService(
        sm, folder / "photos", region=lambda: ctx.salon.phone_region,
        reconfirm_months=lambda: ctx.salon.reconfirm_months, today=today,
    )
    ctx._cache_on_desk()
    return ctx
