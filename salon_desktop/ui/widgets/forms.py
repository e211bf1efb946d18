"""Field errors shown beside the field they concern."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from salon_desktop.domain.validation import FieldError, ValidationError
from salon_desktop.i18n import _, current_language
from salon_desktop.i18n.formatting import Formatter


def error_text(error: FieldError, fmt: Formatter | None = None) -> str:
    """The translated message of a field error, numbers in the language's digits.

    Parameters named ``*_amount`` are money (stored minor units) and are shown
    with ``fmt``, which carries the salon's currency; dates are shown as the
    language writes them.
    """
    fmt = fmt or Formatter(current_language())
    params = {
        k: (fmt.amount(v) if k.endswith("_amount") else fmt.integer(v, grouping=False))
        if isinstance(v, int)
        else fmt.date(v)
        if isinstance(v, dt.date)
        else v
        for k, v in error.params.items()
    }
    return _(error.message).format(**params) if params else _(error.message)


class ErrorLabel(QLabel):
    """A red message under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setVisible(False)

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")


class FormErrors:
    """Maps field names of a ValidationError to the labels beside the fields."""

    def __init__(self, fmt: Formatter | None = None) -> None:
        self._labels: dict[str, ErrorLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._fmt = fmt  # the screen's formatter: amounts in the salon's currency

    def register(
        self, field_name: str, label: ErrorLabel, widget: QWidget | None = None
    ) -> ErrorLabel:
        self._labels[field_name] = label
        if widget is not None:
            self._widgets[field_name] = widget
        return label

    def _prune(self) -> None:
        """Forget labels and widgets that were deleted with their rows (a removed phone)."""
        self._labels = {k: v for k, v in self._labels.items() if shiboken6.isValid(v)}
        self._widgets = {k: v for k, v in self._widgets.items() if shiboken6.isValid(v)}

    def clear(self) -> None:
        self._prune()
        for label in self._labels.values():
            label.clear_error()

    def show(self, exc: ValidationError) -> list[FieldError]:
        """Show each error beside its field; return those with no field on this form.

        The first field in error gets the keyboard focus.
        """
        self.clear()
        unplaced: list[FieldError] = []
        focused = False
        for field_name, err in exc.by_field().items():
            label = self._labels.get(field_name) or self._labels.get(field_name.split(".")[0])
            if label is None:
                unplaced.append(err)
                continue
            label.show_error(error_text(err, self._fmt))
            widget = self._widgets.get(field_name) or self._widgets.get(field_name.split(".")[0])
            if widget is not None and not focused:
                widget.setFocus()
                focused = True
        return unplaced

    def label(self, field_name: str) -> ErrorLabel:
        """The label beside a registered field (a KeyError for a field never registered)."""
        self._prune()
        return self._labels[field_name]

    def find_label(self, field_name: str) -> ErrorLabel | None:
        """The label beside ``field_name`` if one was registered."""
        self._prune()
        return self._labels.get(field_name)


def align_leading(label: QLabel) -> QLabel:
    """Align a label's text with the start of the layout (the right in Persian) whatever
    its text: Qt aligns a plain-text label by the direction of its own text, so a value
    like "۶" or "23/11/2026" would otherwise cling to the left of a mirrored form."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    rtl = QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    side = (
        (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        if rtl
        else Qt.AlignmentFlag.AlignLeft
    )
    label.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)
    return label
