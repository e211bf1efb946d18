"""Salon settings, declared once with types and defaults, stored in the database.

Desk-local preferences (who is working at this PC's desk) live in the profile
folder instead (``services.desk``), since several PCs may share one database.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Setting
from salon_desktop.domain.money import Currency
from salon_desktop.domain.validation import MAX_LONG, Errors, check_text
from salon_desktop.i18n import LANGUAGES, N_

PHONE_REGIONS = ("IR", "PL", "GB", "DE", "US", "AE", "TR", "AF", "IE", "FR", "IT", "ES", "NL", "SE")


@dataclass
class SalonSettings:
    salon_name: str = ""
    address: str = ""
    phone: str = ""
    logo_file: str = ""  # file name inside the profile folder
    language: str = "en"
    currency: str = Currency.PLN.value
    phone_region: str = "PL"
    reconfirm_months: int = 12
    first_run_done: bool = False


def _decode(cls, raw: dict):
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in raw.items():
        default = getattr(cls(), key) if key in known else None
        if key in known and isinstance(value, type(default)) and (
            isinstance(value, bool) == isinstance(default, bool)  # no True for a number
        ):
            values[key] = value
    return cls(**values)


class SettingsService:
    def __init__(self, sm: sessionmaker[Session]):
        self._sm = sm

    def load(self) -> SalonSettings:
        with self._sm() as s:
            rows = s.execute(select(Setting.key, Setting.value)).all()
        return _decode(SalonSettings, {k: json.loads(v) for k, v in rows})

    def save(self, settings: SalonSettings) -> SalonSettings:
        errors = Errors()
        settings = dataclasses.replace(settings)
        settings.salon_name = check_text(errors, "salon_name", settings.salon_name)
        settings.address = check_text(
            errors, "address", settings.address, max_len=MAX_LONG, single_line=False
        )
        settings.phone = check_text(errors, "phone", settings.phone, max_len=40)
        if settings.language not in LANGUAGES:
            errors.add("language", N_("Unknown language."))
        if settings.currency not in {c.value for c in Currency}:
            errors.add("currency", N_("Unknown currency."))
        if not (len(settings.phone_region) == 2 and settings.phone_region.isalpha()):
            errors.add("phone_region", N_("Choose a country."))
        if not 1 <= settings.reconfirm_months <= 120:
            errors.add("reconfirm_months", N_("Between 1 and 120 months."))
        errors.raise_if_any()
        settings.phone_region = settings.phone_region.upper()
        with self._sm.begin() as s:
            for f in fields(SalonSettings):
                s.merge(Setting(key=f.name, value=json.dumps(getattr(settings, f.name))))
        return settings
