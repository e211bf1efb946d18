"""Currencies the salon can keep its books in. Amounts are integer minor units."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from salon_desktop.i18n import N_


class Currency(enum.StrEnum):
    PLN = "PLN"
    IRR = "IRR"
    IRT = "IRT"  # Toman: not an ISO code; amounts are stored in rials and shown ÷ 10
    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"


@dataclass(frozen=True)
class CurrencyInfo:
    code: Currency
    label: str  # N_-marked
    minor_digits: int  # decimals shown
    storage_per_unit: int  # stored minor units per shown unit


CURRENCIES = {
    Currency.PLN: CurrencyInfo(Currency.PLN, N_("Polish złoty (PLN)"), 2, 100),
    Currency.IRR: CurrencyInfo(Currency.IRR, N_("Iranian rial (IRR)"), 0, 1),
    Currency.IRT: CurrencyInfo(Currency.IRT, N_("Toman (rials ÷ 10)"), 0, 10),
    Currency.EUR: CurrencyInfo(Currency.EUR, N_("Euro (EUR)"), 2, 100),
    Currency.USD: CurrencyInfo(Currency.USD, N_("US dollar (USD)"), 2, 100),
    Currency.GBP: CurrencyInfo(Currency.GBP, N_("Pound sterling (GBP)"), 2, 100),
}
