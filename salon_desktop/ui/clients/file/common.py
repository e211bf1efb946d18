"""Small pieces the tabs of the client file share."""

from __future__ import annotations

import datetime as dt
import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import N_, _
from salon_desktop.ui.widgets.date_field import DateField, InvalidDate
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors

NOT_A_DATE = N_("Not a valid date. Type it like {pattern}.")


def today(env) -> dt.date:
    """The service's idea of today (a test profile may fix it)."""
    return env.ctx.clients.today()


def with_error(widget: QWidget, errors: FormErrors, field_name: str) -> QWidget:
    """``widget`` with an error label under it, registered for ``field_name``."""
    box = QWidget(widget.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    label = ErrorLabel(box)
    label.setObjectName(f"error_{field_name}")
    layout.addWidget(label)
    errors.register(field_name, label, widget)
    # Never taller than the field and its message: spare height stays below the form.
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box


def form_layout(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(6)
    return form


def scrolled(inner: QWidget | QLayout, parent: QWidget | None = None) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if isinstance(inner, QLayout):
        holder = QWidget()
        holder.setLayout(inner)
        inner = holder
    area.setWidget(inner)
    return area


def ltr(edit: QLineEdit) -> QLineEdit:
    """Phones and e-mail addresses read left to right, even in a Persian form."""
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


def read_date(field: DateField, errors: Errors, field_name: str, pattern: str) -> dt.date | None:
    """The date of ``field``; invalid text adds 'Not a valid date' for ``field_name``."""
    try:
        return field.date()
    except InvalidDate:
        errors.add(field_name, NOT_A_DATE, pattern=pattern)
        return None


def date_or_today(env, field: DateField, errors: Errors, field_name: str) -> dt.date | None:
    """The date typed in ``field``, or today when it is left empty; None when invalid."""
    value = read_date(field, errors, field_name, env.fmt.date_pattern())
    if value is None and not errors.errors:
        value = today(env)
    return value


def enum_combo(parent: QWidget, labels: dict, none_text: str | None = None) -> QComboBox:
    """A combo of an enum's translated labels, with a first 'none' entry (data None).

    Qt keeps the enum's plain string value; ``enum_value`` turns it back into the enum.
    """
    combo = QComboBox(parent)
    if none_text is not None:
        combo.addItem(none_text, None)
    for value, label in labels.items():
        combo.addItem(_(label), value.value)
    return combo


def enum_value(combo: QComboBox, cls):
    data = combo.currentData()
    return cls(data) if data else None


def set_combo_data(combo: QComboBox, value) -> None:
    if isinstance(value, enum.Enum):
        value = value.value
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class PlainTextEdit(QTextEdit):
    """Multi-line plain text. A QTextEdit, not QPlainTextEdit: only this one aligns each
    paragraph by its own direction (Persian right, Latin left) in a mirrored layout."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)


def plain_text(parent: QWidget, lines: int = 4, max_lines: int | None = None) -> PlainTextEdit:
    edit = PlainTextEdit(parent)
    line = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(line * lines + 12)
    if max_lines is not None:
        edit.setMaximumHeight(line * max_lines + 12)
    return edit


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str | None = None) -> bool:
    """Ask a yes/no question with our own (translated) button texts."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no or _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    answer = box.clickedButton() is yes_button
    box.deleteLater()
    return answer


def inform(parent: QWidget, title: str, text: str, warning: bool = False) -> None:
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    box.deleteLater()


def write_attachment(
    env,
    parent: QWidget,
    client_id: int | None,
    call,
    errors: FormErrors,
    message: ErrorLabel,
    on_os_error: str | None = None,
) -> bool:
    """A change to one file's formulas, photos or consents, through the operations
    layer: refused input beside its field, anything else in ``message``."""
    from salon_desktop.services.changes import Changes
    from salon_desktop.services.failures import Failure, Kind
    from salon_desktop.ui.operations import Write

    def refused(failure: Failure) -> bool:
        if failure.validation is not None:
            errors.show(failure.validation)
            return True
        if on_os_error and isinstance(failure.exc, OSError) and failure.kind is not Kind.DISK_FULL:
            message.show_error(on_os_error)
            return True
        return False

    op = Write(
        env, parent, call, changes=Changes.of(clients=[] if client_id is None else [client_id])
    )
    op.message_to(message).failure(refused).run()
    return op.succeeded
