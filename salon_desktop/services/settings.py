"""Salon settings, declared once with types and defaults, stored in the database.

Desk-local preferences (who is working at this PC's desk) live in the profile
folder instead (``services.desk``), since several PCs may share one database.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Setting
from salon_desktop.domain.complaints import (
    DEFAULT_CATEGORIES,
    Targets,
    check_complaint_settings,
    default_minutes,
    targets_from,
)
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
    lock_after_minutes: int = 10  # the desk locks after this long without use (0: never)
    first_run_done: bool = False
    # Till and receipts
    tax_id: str = ""  # the salon's own tax number, printed on receipts and invoices
    net_pricing: bool = False  # prices are entered without tax (tax is added at the till)
    default_tax_bp: int = 0  # tax rate for new catalog items, in basis points (2300 = 23 %)
    calendar: str = "auto"  # receipt-number years: auto (Jalali for Persian), gregorian, jalali
    fiscal_printer: bool = False  # a separate fiscal printer: receipts say "not a fiscal receipt"
    receipt_footer: str = ""
    receipt_width: str = "80mm"  # 80mm roll or A4
    # Surveys and the satisfaction category (domain.feedback)
    survey_min_answers: int = 5  # no NPS or CSAT shown on fewer answers
    satisfaction_months: int = 12  # the answers counted for a client's category
    satisfaction_low_x10: int = 25  # average satisfaction at or below (×10): dissatisfied
    satisfaction_high_x10: int = 40  # at or above (×10): satisfied
    # Backups (services.backup): "" is the Backups folder inside the profile
    backup_folder: str = ""
    backup_keep: int = 14  # the last N backups are kept in the folder
    # Complaints: the subjects offered (the built-in keys are translated when shown,
    # others shown as typed) and the minutes to acknowledge and resolve, by severity.
    complaint_categories: list[str] = field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    complaint_acknowledge_minutes: dict[str, int] = field(
        default_factory=lambda: default_minutes("acknowledge")
    )
    complaint_resolve_minutes: dict[str, int] = field(
        default_factory=lambda: default_minutes("resolve")
    )

    def complaint_targets(self) -> Targets:
        return targets_from(self.complaint_acknowledge_minutes, self.complaint_resolve_minutes)

    def satisfaction_rule(self):
        from salon_desktop.domain.feedback import SatisfactionRule

        return SatisfactionRule(
            self.satisfaction_months,
            self.satisfaction_low_x10 / 10,
            self.satisfaction_high_x10 / 10,
        )

    def uses_jalali(self) -> bool:
        if self.calendar == "auto":
            return self.language == "fa" or self.currency in ("IRR", "IRT")
        return self.calendar == "jalali"


def _decode(cls, raw: dict):
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in raw.items():
        default = getattr(cls(), key) if key in known else None
        if (
            key in known
            and isinstance(value, type(default))
            and (
                isinstance(value, bool) == isinstance(default, bool)  # no True for a number
            )
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

    def save(self, settings: SalonSettings, actor_id: int | None = None) -> SalonSettings:
        """Save the settings (managers and the owner: ``PermissionDenied`` for the others)."""
        from salon_desktop.domain.permissions import Action
        from salon_desktop.services import accounts, audit

        settings = self.check(settings)
        with self._sm.begin() as s:
            accounts.require(s, actor_id, Action.CHANGE_SETTINGS)
            old = {k: v for k, v in s.execute(select(Setting.key, Setting.value)).all()}
            changed = sorted(
                f.name
                for f in fields(SalonSettings)
                if old.get(f.name) != json.dumps(getattr(settings, f.name))
            )
            if changed and actor_id is not None:
                audit.record(s, actor_id, "settings", 0, "save", fields=changed)
            for f in fields(SalonSettings):
                s.merge(Setting(key=f.name, value=json.dumps(getattr(settings, f.name))))
        return settings

    def check(self, settings: SalonSettings) -> SalonSettings:
        """The settings as they would be saved, or ``ValidationError`` (nothing written)."""
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
        settings.tax_id = check_text(errors, "tax_id", settings.tax_id, max_len=40)
        settings.receipt_footer = check_text(
            errors, "receipt_footer", settings.receipt_footer, max_len=500, single_line=False
        )
        if not 0 <= settings.default_tax_bp <= 10_000:
            errors.add("default_tax_bp", N_("A tax rate is between 0 and 100 %."))
        if settings.calendar not in ("auto", "gregorian", "jalali"):
            errors.add("calendar", N_("Unknown calendar."))
        if settings.receipt_width not in ("80mm", "A4"):
            errors.add("receipt_width", N_("Choose a paper size."))
        settings.backup_folder = check_text(
            errors, "backup_folder", settings.backup_folder, max_len=1000
        )
        if not 1 <= settings.backup_keep <= 999:
            errors.add("backup_keep", N_("Between 1 and 999 backups."))
        if not 1 <= settings.reconfirm_months <= 120:
            errors.add("reconfirm_months", N_("Between 1 and 120 months."))
        settings.complaint_categories, complaint_errors = check_complaint_settings(
            settings.complaint_categories,
            settings.complaint_acknowledge_minutes,
            settings.complaint_resolve_minutes,
        )
        errors.errors.extend(complaint_errors.errors)
        if not 1 <= settings.survey_min_answers <= 1000:
            errors.add("survey_min_answers", N_("Between 1 and 1000 answers."))
        if not 1 <= settings.satisfaction_months <= 60:
            errors.add("satisfaction_months", N_("Between 1 and 60 months."))
        if not 10 <= settings.satisfaction_low_x10 < settings.satisfaction_high_x10 <= 50:
            errors.add(
                "satisfaction_high_x10",
                N_("The thresholds are between 1 and 5, the dissatisfied one lower."),
            )
        if not 0 <= settings.lock_after_minutes <= 240:
            errors.add("lock_after_minutes", N_("Between 0 (never) and 240 minutes."))
        errors.raise_if_any()
        settings.phone_region = settings.phone_region.upper()
        return settings
