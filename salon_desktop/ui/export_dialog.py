"""Export…: clients, visits or sales as a CSV file for a spreadsheet (``services.export``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import N_, _, ngettext
from salon_desktop.services.export import ExportFailed
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import ErrorLabel

WHAT = {
    "clients": N_("Client files"),
    "visits": N_("Visits (one row per service or product)"),
    "sales": N_("Sales (one row per receipt)"),
}
FILE_NAMES = {"clients": N_("clients"), "visits": N_("visits"), "sales": N_("sales")}


def month_start(day: dt.date, jalali: bool) -> dt.date:
    """The first day of the month ``day`` is in (of the Jalali calendar for Persian)."""
    if not jalali:
        return day.replace(day=1)
    from persiantools.jdatetime import JalaliDate

    return JalaliDate(day).replace(day=1).to_gregorian()


def ltr(text: object) -> str:
    """A path or file name, read left to right inside a right-to-left sentence."""
    return f"\u2066{text}\u2069"


class ExportDialog(QDialog):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(_("Export to a spreadsheet"))
        self.setMinimumWidth(480)
        self._env = env
        self.what = QComboBox()
        self.what.setObjectName("exportWhat")
        for key, label in WHAT.items():
            self.what.addItem(_(label), key)
        today = env.ctx.clients.today()
        self.date_from = DateField(env.fmt)
        self.date_from.setObjectName("exportFrom")
        self.date_from.setDate(month_start(today, env.fmt.persian))
        self.date_to = DateField(env.fmt)
        self.date_to.setObjectName("exportTo")
        self.date_to.setDate(today)
        self.dates_error = ErrorLabel()
        self.message = ErrorLabel()
        self.message.setObjectName("exportMessage")
        self.written = QLabel()
        self.written.setObjectName("exportDone")
        self.written.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("Export"), self.what)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(_("to")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        dates_box = QVBoxLayout()
        dates_box.setSpacing(2)
        dates_box.addLayout(dates)
        dates_box.addWidget(self.dates_error)
        self.dates_label = QLabel(_("From"))
        form.addRow(self.dates_label, dates_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        about = QLabel(
            _(
                "A CSV file (UTF-8) that Excel, LibreOffice and Google Sheets open. "
                "Amounts are plain numbers in the salon's currency; phones are in "
                "international form."
            )
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addWidget(self.written)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton(_("Export…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportChoose")
        self.export_button.setDefault(True)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self._choose_file)
        layout.addWidget(buttons)
        self.what.currentIndexChanged.connect(self._what_changed)
        self._what_changed()

    def _what_changed(self) -> None:
        dated = self.what.currentData() != "clients"  # every client file, whatever the date
        for w in (self.date_from, self.date_to, self.dates_label):
            w.setEnabled(dated)

    def _range(self) -> tuple[dt.date | None, dt.date | None] | None:
        """The dates typed, or None (and why, beside them) when they are not dates."""
        self.dates_error.clear_error()
        if self.what.currentData() == "clients":
            return None, None
        for field in (self.date_from, self.date_to):
            if not field.is_valid():
                self.dates_error.show_error(
                    _("Enter a date, e.g. {example}.").format(
                        example=self._env.fmt.date(self._env.ctx.clients.today())
                    )
                )
                field.setFocus()
                return None
        start, end = self.date_from.date(), self.date_to.date()
        if start and end and start > end:
            self.dates_error.show_error(_("The first date is after the last."))
            self.date_from.setFocus()
            return None
        return start, end

    def suggested_name(self) -> str:
        what = self.what.currentData()
        return f"{_(FILE_NAMES[what])}-{self._env.ctx.clients.today().isoformat()}.csv"

    def _choose_file(self) -> None:
        if self._range() is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export to"),
            str(Path.home() / self.suggested_name()),
            _("CSV files (*.csv)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, out: Path) -> None:
        """Write the chosen export to ``out`` in the background; the result shown here."""
        dates = self._range()
        if dates is None:
            return
        start, end = dates
        what, actor = self.what.currentData(), self._env.actor()
        if out.suffix.lower() != ".csv":
            out = out.with_name(out.name + ".csv")
        self.written.clear()
        self.export_button.setEnabled(False)

        def call(ctx) -> int | ExportFailed:
            try:
                return ctx.export.write(what, out, start, end, actor_id=actor)
            except ExportFailed as failed:
                return failed

        def finished(result: int | ExportFailed) -> None:
            self.export_button.setEnabled(True)
            if isinstance(result, ExportFailed):
                self.message.show_error(_(result.message).format(where=ltr(result.where)))
                return
            self.written.setText(
                ngettext(
                    "{rows} row written to {file}", "{rows} rows written to {file}", result
                ).format(rows=self._env.fmt.number(result), file=ltr(out))
            )

        def failed(_failure) -> bool:
            self.export_button.setEnabled(True)
            return False  # the sentence shown as usual

        Write(self._env, self, call).message_to(self.message).success(finished).failure(
            failed
        ).run_in_background()
