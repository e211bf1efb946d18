"""The Details tab: name, phones, e-mail, birth date and the rest of who the client is."""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.client import (
    BEHAVIOUR_LABELS,
    GENDER_LABELS,
    PHONE_LABELS,
    SOURCE_LABELS,
    BuyingBehaviour,
    ClientDraft,
    Gender,
    PhoneEntry,
    Source,
)
from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import LRI, PDI
from salon_desktop.services.clients import ClientFile
from salon_desktop.ui.clients.file.common import (
    enum_combo,
    enum_value,
    form_layout,
    ltr,
    plain_text,
    read_date,
    scrolled,
    set_combo_data,
    with_error,
)
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.widgets.client_picker import ClientPicker
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors

# Phone labels are stored as these keys and shown translated; other text is kept as is.
_TAG_SPLIT = re.compile(r"[,،;؛]")


class PhoneRow(QWidget):
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(1)
        self.number = ltr(QLineEdit(self))
        self.number.setPlaceholderText(_("Phone number"))
        self.number.setMaxLength(40)
        self.label = QComboBox(self)
        self.label.addItem("—", "")
        for key, text in PHONE_LABELS.items():
            self.label.addItem(_(text), key)
        self.label.setCurrentIndex(1)
        self._standard = self.label.count()  # a label of its own is added after these
        self.remove = QToolButton(self)
        self.remove.setText("−")
        self.remove.setToolTip(_("Remove this phone"))
        # A mouse helper, like the date field's calendar button: Tab goes from the
        # number to its label and on, and an emptied number is not saved.
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = ErrorLabel(self)
        grid.addWidget(self.number, 0, 0)
        grid.addWidget(self.label, 0, 1)
        grid.addWidget(self.remove, 0, 2)
        grid.addWidget(self.error, 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)

    def set_entry(self, number_text: str, label: str) -> None:
        self.number.setText(number_text)
        while self.label.count() > self._standard:  # an earlier file's own label
            self.label.removeItem(self.label.count() - 1)
        if label and self.label.findData(label) < 0:
            self.label.addItem(label, label)
        set_combo_data(self.label, label)

    def entry(self) -> PhoneEntry:
        return PhoneEntry(self.number.text(), self.label.currentData() or "")


class PhoneRows(QWidget):
    """Several phones, each a number and a label; rows are added and removed.

    ``rows_changed`` tells the form to put the rows back in its tab order: a row made
    after the form would otherwise be reached last, after every other field.
    """

    rows_changed = Signal()

    def __init__(self, env: UiEnv, errors: FormErrors, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self._errors = errors
        self.rows: list[PhoneRow] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(3)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(3)
        outer.addLayout(self._rows_layout)
        bottom = QHBoxLayout()
        self.add_button = QPushButton(_("Add phone"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row().number.setFocus())
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        outer.addLayout(bottom)
        self.general_error = ErrorLabel(self)
        outer.addWidget(self.general_error)
        errors.register("phones", self.general_error)

    def add_row(self, number_text: str = "", label: str | None = None) -> PhoneRow:
        row = PhoneRow(self)
        if label is not None:
            row.set_entry(number_text, label)
        row.remove_requested.connect(self.remove_row)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        self._register()
        self.rows_changed.emit()
        return row

    def remove_row(self, row: PhoneRow) -> None:
        self.rows.remove(row)
        self._drop(row)
        if not self.rows:
            self.add_row()
        self._register()
        self.rows_changed.emit()

    def _drop(self, row: PhoneRow) -> None:
        """Take a row off the form. Hidden explicitly and kept parented until deleted: a
        row unparented with its "show" still pending appeared as a window of its own and
        took the focus (and the keys typed next) away from the form."""
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _register(self) -> None:
        for i, row in enumerate(self.rows):
            self._errors.register(f"phones.{i}", row.error, row.number)

    def set_phones(self, phones: list[PhoneEntry]) -> None:
        """Show ``phones`` (an empty row when there are none), reusing the rows on
        screen: opening files one after another builds no widgets."""
        entries: list[tuple[str, str | None]] = [
            (self._env.fmt.phone(p.number, self._env.region).strip(LRI + PDI), p.label)
            for p in phones
        ] or [("", None)]
        while len(self.rows) > len(entries):
            self._drop(self.rows.pop())
        while len(self.rows) < len(entries):
            row = PhoneRow(self)
            row.remove_requested.connect(self.remove_row)
            self.rows.append(row)
            self._rows_layout.addWidget(row)
        for row, (text, label) in zip(self.rows, entries, strict=True):
            row.error.clear_error()
            if label is None:
                row.number.clear()
                row.label.setCurrentIndex(1)
            else:
                row.set_entry(text, label)
        self._register()
        self.rows_changed.emit()

    def focus_chain(self) -> list[QWidget]:
        """The fields of the rows, top to bottom, then the "Add phone" button."""
        return [w for row in self.rows for w in (row.number, row.label)] + [self.add_button]

    def phones(self) -> list[PhoneEntry]:
        """Every row, empty ones included, so error ``phones.<i>`` is row ``i``."""
        return [row.entry() for row in self.rows]


class _TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt naming
        return [_TAG_SPLIT.split(path)[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt naming
        edit = self.widget()
        text = edit.text() if isinstance(edit, QLineEdit) else ""
        parts = _TAG_SPLIT.split(text)
        head = text[: len(text) - len(parts[-1])]
        return f"{head} {index.data()}".lstrip() if head else str(index.data())


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in _TAG_SPLIT.split(text) if t.strip()]


class DetailsTab(QWidget):
    def __init__(self, env: UiEnv, errors: FormErrors, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        fmt = env.fmt
        body = QWidget()
        form = form_layout(body)
        self.first_name = QLineEdit(body)
        self.first_name.setObjectName("first_name")
        self.last_name = QLineEdit(body)
        self.last_name.setObjectName("last_name")
        for edit in (self.first_name, self.last_name):
            edit.setMaxLength(200)
        self.phones = PhoneRows(env, errors, body)
        self.email = ltr(QLineEdit(body))
        self.email.setObjectName("email")
        self.email.setPlaceholderText("name@example.com")
        self.birth_date = DateField(fmt, body)
        self.birth_date.setObjectName("birth_date")
        self.gender = enum_combo(body, GENDER_LABELS, _("Not given"))
        self.address = plain_text(body, 3, 3)
        self.source = enum_combo(body, SOURCE_LABELS, _("Not known"))
        self.referred_by = ClientPicker(env, body)
        self.referred_by.client_picked.connect(self._referrer_picked)
        self.preferred_staff = QComboBox(body)
        self.tags = QLineEdit(body)
        self.tags.setPlaceholderText(_("e.g. VIP, bride, sensitive skin"))
        self._tag_completer = _TagCompleter(self)
        self._tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._tag_completer.setWidget(self.tags)
        self.tags.setCompleter(self._tag_completer)
        self._staff_key: tuple[int, int | None] | None = None
        self._tags_stale = True
        env.bus.client_changed.connect(self._tags_changed)
        env.bus.clients_changed.connect(self._tags_changed)
        self.buying_behaviour = enum_combo(body, BEHAVIOUR_LABELS, _("Not set"))
        self.contact_confirmed_on = DateField(fmt, body)

        rows = [
            (_("First name *"), self.first_name, "first_name"),
            (_("Last name"), self.last_name, "last_name"),
            (_("Phones"), self.phones, None),
            (_("E-mail"), self.email, "email"),
            (_("Date of birth"), self.birth_date, "birth_date"),
            (_("Gender"), self.gender, "gender"),
            (_("Address"), self.address, "address"),
            (_("How they found us"), self.source, "source"),
            (_("Referred by"), self.referred_by, "referred_by_id"),
            (_("Preferred staff member"), self.preferred_staff, "preferred_staff_id"),
            (_("Tags"), self.tags, "tags"),
            (_("Buying behaviour"), self.buying_behaviour, "buying_behaviour"),
            (_("Contact details confirmed on"), self.contact_confirmed_on, "contact_confirmed_on"),
        ]
        for text, widget, name in rows:
            form.addRow(text, with_error(widget, errors, name) if name else widget)
        self._chain_after_phones: list[QWidget] = [
            self.email,
            self.birth_date.edit,
            self.gender,
            self.address,
            self.source,
            self.referred_by.edit,
            self.preferred_staff,
            self.tags,
            self.buying_behaviour,
            self.contact_confirmed_on.edit,
        ]
        self.phones.rows_changed.connect(self._chain_focus)
        self._chain_focus()
        body.setMaximumWidth(760)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        hl = QHBoxLayout(holder)
        hl.addWidget(body, 1)
        hl.addStretch(0)
        outer.addWidget(scrolled(holder, self))

    def focus_chain(self) -> list[QWidget]:
        """Every field in the order it is shown, top to bottom: the order of Tab."""
        return [
            self.first_name,
            self.last_name,
            *self.phones.focus_chain(),
            *self._chain_after_phones,
        ]

    def _chain_focus(self) -> None:
        chain = self.focus_chain()
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # -- loading and reading -------------------------------------------------------
    def refresh_choices(self, keep_staff_id: int | None) -> None:
        """Staff list (active staff, plus the saved one if no longer active) and tags.
        The staff box is filled again only when the staff or that one has changed; the
        tags are read again only after a client file was saved (opening files one
        after another reads neither)."""
        staff = self._env.staff_list()
        inactive = next((st.id for st in staff if st.id == keep_staff_id and not st.active), None)
        key = (id(staff), inactive)
        if key != self._staff_key:
            self._staff_key = key
            self.preferred_staff.clear()
            self.preferred_staff.addItem(_("None"), None)
            for st in staff:
                if st.active:
                    self.preferred_staff.addItem(st.name, st.id)
                elif st.id == inactive:
                    self.preferred_staff.addItem(
                        _("{name} (no longer active)").format(name=st.name), st.id
                    )
        if self._tags_stale:
            self._tags_stale = False
            # Counting the tags in use can take a while on a big salon: off the UI thread.
            Query(self._env, self, lambda ctx: ctx.clients.all_tags()).success(
                self._set_tags
            ).run_in_background()

    def _tags_changed(self, *_args) -> None:
        self._tags_stale = True

    def _set_tags(self, tags: list[str]) -> None:
        self._tag_completer.setModel(QStringListModel(tags, self._tag_completer))

    def load(self, f: ClientFile | None, first_name: str = "", last_name: str = "") -> None:
        d = f.draft if f else ClientDraft(first_name=first_name, last_name=last_name)
        self.refresh_choices(d.preferred_staff_id)
        self.first_name.setText(d.first_name)
        self.last_name.setText(d.last_name)
        self.phones.set_phones(d.phones)
        self.email.setText(d.email)
        self.birth_date.setDate(d.birth_date)
        set_combo_data(self.gender, d.gender)
        self.address.setPlainText(d.address)
        set_combo_data(self.source, d.source)
        self.referred_by.set_excluded({f.id} if f else set())
        self.referred_by.set_client(d.referred_by_id, f.referred_by_name if f else "")
        set_combo_data(self.preferred_staff, d.preferred_staff_id)
        self.tags.setText(", ".join(d.tags) if not self._env.fmt.persian else "، ".join(d.tags))
        set_combo_data(self.buying_behaviour, d.buying_behaviour)
        self.contact_confirmed_on.setDate(d.contact_confirmed_on)

    def fill(self, d: ClientDraft, errors: Errors) -> None:
        pattern = self._env.fmt.date_pattern()
        d.first_name = self.first_name.text()
        d.last_name = self.last_name.text()
        d.phones = self.phones.phones()
        d.email = self.email.text()
        d.birth_date = read_date(self.birth_date, errors, "birth_date", pattern)
        d.gender = enum_value(self.gender, Gender)
        d.address = self.address.toPlainText()
        d.source = enum_value(self.source, Source)
        d.referred_by_id = self.referred_by.client_id()
        if d.referred_by_id is None and self.referred_by.edit.text().strip():
            errors.add("referred_by_id", N_("Choose a client from the list, or clear the field."))
        d.preferred_staff_id = self.preferred_staff.currentData()
        d.tags = split_tags(self.tags.text())
        d.buying_behaviour = enum_value(self.buying_behaviour, BuyingBehaviour)
        d.contact_confirmed_on = read_date(
            self.contact_confirmed_on, errors, "contact_confirmed_on", pattern
        )

    def state(self) -> tuple:
        return (
            self.first_name.text(),
            self.last_name.text(),
            tuple((r.number.text(), r.label.currentData()) for r in self.phones.rows),
            self.email.text(),
            self.birth_date.text(),
            self.gender.currentIndex(),
            self.address.toPlainText(),
            self.source.currentIndex(),
            self.referred_by.client_id(),
            self.referred_by.edit.text(),
            self.preferred_staff.currentIndex(),
            self.tags.text(),
            self.buying_behaviour.currentIndex(),
            self.contact_confirmed_on.text(),
        )

    def _referrer_picked(self, _client_id: int) -> None:
        if self.source.currentData() is None:
            set_combo_data(self.source, Source.RECOMMENDATION)
