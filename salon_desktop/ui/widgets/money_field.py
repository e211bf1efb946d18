"""Fields for amounts of money and percentages, typed in any digit script.

``MoneyField`` reads what the receptionist types in the salon's *shown* units
with ``domain.money.parse_amount`` (a Toman salon types tomans; the value is
stored rials) and, on leaving the field, shows the amount as the lists show it
(``Formatter.amount`` without the currency sign). ``PercentField`` reads
"23", "23,5", "۲۳٫۵" or "8 %" as basis points (2350 = 23.5 %); ``IntegerField`` reads a whole
number (a quantity, a stock count) in any digit script.

Each returns ``None`` for an empty field *and* for text that is not an amount:
ask ``is_valid()`` (or ``error()``, the message to show beside the field)
before saving. Invalid text gets a red frame when the user leaves the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from salon_desktop.domain.money import (
    CURRENCIES,
    AmountError,
    Currency,
    parse_amount,
    parse_percent,
)
from salon_desktop.domain.text import ascii_digits
from salon_desktop.i18n import _, current_language
from salon_desktop.i18n.formatting import Formatter

_MINUS = ("-", "−", "‐", "–")
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))
_INVALID_STYLE = "QLineEdit { border: 2px solid #b00020; }"


class _NumberEdit(QLineEdit):
    """The shared behaviour: parse on every edit, tidy and flag on focus-out."""

    valueChanged = Signal(object)  # noqa: N815 - Qt naming; int | None, when the value changes

    def __init__(self, fmt: Formatter, parent: QWidget | None = None):
        super().__init__(parent)
        self._fmt = fmt
        self._value: int | None = None
        self._error = ""
        self.setMaxLength(40)
        self.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(self._reparse)
        self.editingFinished.connect(self._tidy)

    # -- to be provided ----------------------------------------------------------
    def _parse(self, text: str) -> int:  # raises ValueError with nothing to say
        raise NotImplementedError

    def _show(self, value: int) -> str:
        raise NotImplementedError

    def _message(self, text: str) -> str:
        raise NotImplementedError

    # -- value -------------------------------------------------------------------
    def _current(self) -> int | None:
        return self._value

    def is_valid(self) -> bool:
        """Empty or a correct value."""
        return not self._error

    def error(self) -> str:
        """The message to show beside the field, or "" when the text is fine."""
        return self._error

    def _set(self, value: int | None) -> None:
        self.setText("" if value is None else self._show(value))
        self._flag(False)

    # -- behaviour -----------------------------------------------------------------
    def _reparse(self, text: str) -> None:
        old = self._value
        if not text.strip():
            self._value, self._error = None, ""
        else:
            try:
                self._value, self._error = self._parse(text), ""
            except ValueError:
                self._value, self._error = None, self._message(text)
        if not self._error:
            self._flag(False)
        if self._value != old:
            self.valueChanged.emit(self._value)

    def _tidy(self) -> None:
        if self._error:
            self._flag(True)
            return
        if self._value is not None:
            shown = self._show(self._value)
            if shown != self.text():
                self.blockSignals(True)  # same value: no valueChanged
                self.setText(shown)
                self.blockSignals(False)

    def _flag(self, invalid: bool) -> None:
        if bool(self.property("invalid")) == invalid:
            return
        self.setProperty("invalid", invalid)
        self.setStyleSheet(_INVALID_STYLE if invalid else "")


class MoneyField(_NumberEdit):
    """An amount in the salon's currency; ``value()`` is in stored minor units.

    ``MoneyField("IRT")``: typing ``120,000`` or ``۱۲۰٬۰۰۰`` gives 1,200,000 (rials).
    ``allow_zero=False`` makes an explicit 0 an error (a price that must be set).
    """

    def __init__(
        self,
        currency: str,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
        maximum: int | None = None,
    ):
        super().__init__(Formatter(language or current_language(), currency), parent)
        self._currency = Currency(currency)
        self._maximum = maximum
        info = CURRENCIES[self._currency]
        self.setPlaceholderText(self._fmt.amount(0, with_symbol=False))
        self.setToolTip(_("Amount in {currency}").format(currency=_(info.label)))

    @property
    def currency(self) -> str:
        return self._currency.value

    def value(self) -> int | None:
        """Stored minor units; None when empty or not an amount (see ``is_valid``)."""
        return self._current()

    def set_value(self, minor: int | None) -> None:
        self._set(minor)

    def _parse(self, text: str) -> int:
        value = parse_amount(text, self._currency, self._fmt.language)
        if self._maximum is not None and value > self._maximum:
            raise ValueError("too large")
        return value

    def _show(self, value: int) -> str:
        return self._fmt.amount(value, with_symbol=False)

    def _message(self, text: str) -> str:
        stripped = text.translate(_MARKS).strip()
        if stripped.startswith(_MINUS) or stripped.endswith(_MINUS):
            return _("An amount cannot be negative.")
        decimals = CURRENCIES[self._currency].minor_digits
        example = self._fmt.amount(123_450 if decimals else 1_200_000, with_symbol=False)
        try:
            value = parse_amount(stripped, self._currency, self._fmt.language)
        except AmountError as exc:
            if exc.reason == AmountError.DECIMALS and not decimals:
                return _("This currency has no decimals. Type it like {example}.").format(
                    example=example
                )
            if exc.reason == AmountError.DECIMALS:
                return _(
                    "Too many decimal places: at most {count}. Type it like {example}."
                ).format(count=self._fmt.integer(decimals), example=example)
            if exc.reason == AmountError.GROUPING:
                return _(
                    "Thousands are not separated like that here. Type it like {example}."
                ).format(example=example)
            return _("Not an amount. Type it like {example}.").format(example=example)
        if self._maximum is not None and value > self._maximum:
            return _("This amount is too large to be right.")
        return _("Not an amount.")


class PercentField(_NumberEdit):
    """A rate (tax, commission) in basis points: "23" is 2300, "23,5" is 2350."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
        maximum_bp: int = 10_000,
    ):
        super().__init__(Formatter(language or current_language()), parent)
        self._maximum = maximum_bp
        self.setMaxLength(12)
        self.setPlaceholderText(self._fmt.integer(0))

    def value_bp(self) -> int | None:
        """Basis points; None when empty or not a percentage (see ``is_valid``)."""
        return self._current()

    def set_bp(self, bp: int | None) -> None:
        self._set(bp)

    def _parse(self, text: str) -> int:
        bp = parse_percent(text)
        if bp > self._maximum:
            raise ValueError("too large")
        return bp

    def _show(self, value: int) -> str:
        return self._fmt.percent_number(value)

    def _message(self, text: str) -> str:
        stripped = text.strip()
        if stripped.startswith(_MINUS):
            return _("A percentage cannot be negative.")
        try:
            parse_percent(stripped)
        except ValueError:
            return _("Not a percentage. Type it like {example}.").format(example=self._show(2350))
        return _("At most {max} %.").format(max=self._show(self._maximum))


class IntegerField(_NumberEdit):
    """A whole number (a quantity, minutes, a stock count) in any digit script."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
        minimum: int = 0,
        maximum: int = 1_000_000,
    ):
        super().__init__(Formatter(language or current_language()), parent)
        self._minimum, self._maximum = minimum, maximum
        self.setMaxLength(12)

    def value(self) -> int | None:
        """The number; None when empty or not a whole number in range (see ``is_valid``)."""
        return self._current()

    def set_value(self, n: int | None) -> None:
        self._set(n)

    def _parse(self, text: str) -> int:
        s = ascii_digits(text).strip()
        if not (s.isascii() and s.isdigit()):
            raise ValueError(text)
        n = int(s)
        if not self._minimum <= n <= self._maximum:
            raise ValueError(text)
        return n

    def _show(self, value: int) -> str:
        return self._fmt.integer(value, grouping=False)

    def _message(self, text: str) -> str:
        return _("Enter a whole number from {min} to {max}.").format(
            min=self._show(self._minimum), max=self._show(self._maximum)
        )
