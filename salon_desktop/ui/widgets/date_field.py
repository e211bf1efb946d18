"""A keyboard-first date field: type the date, or pick it from a calendar.

Text is read with ``Formatter.parse_date`` (Persian: Jalali year/month/day in
Persian or Latin digits) and shown with ``Formatter.date``, so the field, the
lists and the printouts agree. The calendar popup uses Qt's Jalali calendar
when the language is Persian.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter

_QT_LOCALES = {"en": "en_GB", "pl": "pl_PL", "fa": "fa_IR"}


class InvalidDate(ValueError):
    """The text of a date field is not a date."""


class _CalendarPopup(QFrame):
    picked = Signal(object)  # dt.date

    def __init__(self, fmt: Formatter, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        if fmt.persian:
            self.calendar.setCalendar(QCalendar(QCalendar.System.Jalali))
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
        self.calendar.setLocale(QLocale(_QT_LOCALES.get(fmt.language, "en_GB")))
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        layout.addWidget(self.calendar)

    def _pick(self, qdate: QDate) -> None:
        self.picked.emit(dt.date(qdate.year(), qdate.month(), qdate.day()))
        self.hide()


class DateField(QWidget):
    """A line edit for a date plus a button that opens a calendar.

    ``date()`` returns the date, ``None`` when empty, and raises ``InvalidDate``
    when the text is not a date; ``is_valid()`` asks without raising. Invalid
    text is flagged with a red frame when the user leaves the field.
    """

    dateChanged = Signal(object)  # noqa: N815 - Qt naming; dt.date | None, after a valid edit

    def __init__(self, fmt: Formatter, parent: QWidget | None = None):
        super().__init__(parent)
        self._fmt = fmt
        self._popup: _CalendarPopup | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(fmt.date_pattern())
        self.edit.setMaxLength(40)
        self.edit.setClearButtonEnabled(False)
        self.edit.setToolTip(_("Type the date, or press Alt+Down for a calendar."))
        self.edit.editingFinished.connect(self._tidy)
        self.edit.textEdited.connect(lambda _text: self._flag(False))
        self.edit.installEventFilter(self)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(_("Choose from a calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self._align()
        QShortcut(
            QKeySequence("F4"),
            self.edit,
            self.show_calendar,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000/00/00") + 60)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)

    def _align(self) -> None:
        # A date is left-to-right text; without this it would cling to the far
        # (left) edge of a mirrored form. Align it with the form's leading edge.
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)

    # -- value -----------------------------------------------------------------
    def date(self) -> dt.date | None:
        try:
            return self._fmt.parse_date(self.edit.text())
        except (ValueError, TypeError) as exc:
            raise InvalidDate(self.edit.text()) from exc

    def setDate(self, d: dt.date | None) -> None:  # noqa: N802 - Qt naming
        self.edit.setText(self._fmt.date(d))
        self._flag(False)

    def is_valid(self) -> bool:
        try:
            self.date()
        except InvalidDate:
            return False
        return True

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.setDate(None)

    def setReadOnly(self, value: bool) -> None:  # noqa: N802 - Qt naming
        self.edit.setReadOnly(value)
        self.button.setEnabled(not value)

    # -- behaviour ---------------------------------------------------------------
    def _tidy(self) -> None:
        """On leaving the field: show a valid date in the standard form, flag nonsense."""
        try:
            d = self.date()
        except InvalidDate:
            self._flag(True)
            return
        self._flag(False)
        text = self._fmt.date(d)
        if text != self.edit.text():
            self.edit.setText(text)
        self.dateChanged.emit(d)

    def _flag(self, invalid: bool) -> None:
        if bool(self.edit.property("invalid")) == invalid:
            return
        self.edit.setProperty("invalid", invalid)
        self.edit.setStyleSheet("QLineEdit { border: 2px solid #b00020; }" if invalid else "")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if obj is self.edit and isinstance(event, QKeyEvent):
            if (
                event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier
            ):
                self.show_calendar()
                return True
        return super().eventFilter(obj, event)

    def show_calendar(self) -> None:
        if self.edit.isReadOnly():
            return
        if self._popup is None:
            self._popup = _CalendarPopup(self._fmt, self)
            self._popup.picked.connect(self._picked)
        try:
            current = self.date()
        except InvalidDate:
            current = None
        current = current or dt.date.today()
        self._popup.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._popup.adjustSize()
        size = self._popup.sizeHint()
        below = self.mapToGlobal(self.rect().bottomLeft())
        x = below.x()
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            x = self.mapToGlobal(self.rect().bottomRight()).x() - size.width()
        self._popup.move(x, below.y())
        self._popup.show()
        self._popup.calendar.setFocus()

    def calendar_popup(self) -> QCalendarWidget | None:
        """The calendar widget, once it has been opened (for tests)."""
        return self._popup.calendar if self._popup else None

    def _picked(self, d: dt.date) -> None:
        self.setDate(d)
        self.edit.setFocus()
        self.dateChanged.emit(d)
