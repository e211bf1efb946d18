"""The "Action lists" screen: the lists on the side (win back, birthdays, due back…),
the chosen list's clients in a table with why each is on it. Enter (or a double
click) opens the client's file; Export CSV… writes the list for an SMS or e-mail
service; Print letters… merges the list's letter into one PDF (preview, print,
save); Letter templates… edits the wording. Every read is a ``Query`` (off the UI
thread); the export, which the audit log records, is a ``Write``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.action_lists import LIST_HELP, LIST_LABELS, LIST_LETTERS, ListName
from salon_desktop.domain.letters import KIND_LABELS, LetterKind
from salon_desktop.i18n import _, ngettext
from salon_desktop.services.action_lists import ActionLists, ActionRow
from salon_desktop.ui.actions.model import ActionRowsModel
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.till.models import table_view
from salon_desktop.ui.widgets.file_dialogs import remember_folder, save_file_dialog
from salon_desktop.ui.widgets.forms import ErrorLabel
from salon_desktop.ui.widgets.pdf_preview import PdfPreview


class ActionsScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("actionsScreen")
        self._env = env
        self.preview: PdfPreview | None = None  # the last one shown (tests)
        self.last_export: Path | None = None

        self.lists = QListWidget(self)
        self.lists.setObjectName("actionListNames")
        self.lists.setFixedWidth(250)
        self.lists.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for name in ListName:
            item = QListWidgetItem(_(LIST_LABELS[name]))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(_(LIST_HELP[name]))
            self.lists.addItem(item)
        self.title = QLabel(self)
        self.title.setObjectName("actionListTitle")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.count = QLabel(self)
        self.count.setObjectName("actionListCount")
        self.model = ActionRowsModel(env.fmt, env.region, self)
        self.table = table_view(self.model, self, "actionListTable", stretch=ActionRowsModel.EMAIL)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.export_button = QPushButton(_("Export CSV…"), self)
        self.export_button.setObjectName("actionListExport")
        self.export_button.setToolTip(_("The list as a CSV file for an SMS or e-mail service"))
        self.letters_button = QPushButton(_("Print letters…"), self)
        self.letters_button.setObjectName("actionListLetters")
        self.templates_button = QPushButton(_("Letter templates…"), self)
        self.templates_button.setObjectName("actionListTemplates")
        self.message = ErrorLabel(self)
        for b in (self.export_button, self.letters_button, self.templates_button):
            b.setAutoDefault(False)
        self.export_button.clicked.connect(self.ask_export)
        self.letters_button.clicked.connect(self.print_letters)
        self.templates_button.clicked.connect(self.edit_templates)

        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.letters_button)
        buttons.addWidget(self.templates_button)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.help)
        right.addWidget(self.table, 1)
        right.addWidget(self.message)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.lists)
        layout.addLayout(right, 1)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self._open_current)
        self.lists.currentRowChanged.connect(lambda _row: self.refresh())
        self._soon = QTimer(self)  # many changes in a row: one reading
        self._soon.setSingleShot(True)
        self._soon.setInterval(500)
        self._soon.timeout.connect(self.refresh)
        env.bus.client_changed.connect(lambda *_a: self._soon.start())
        env.bus.sale_posted.connect(lambda *_a: self._soon.start())
        self.lists.setCurrentRow(0)

    # -- the list ------------------------------------------------------------------------
    def current_list(self) -> ListName:
        item = self.lists.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ListName.WIN_BACK

    def choose(self, name: ListName | str) -> None:
        self.lists.setCurrentRow(list(ListName).index(ListName(name)))

    def refresh(self) -> None:
        name = self.current_list()
        self.title.setText(_(LIST_LABELS[name]))
        self.help.setText(_(LIST_HELP[name]))
        letter = LetterKind(LIST_LETTERS[name])
        self.letters_button.setText(
            _("Print letters: {letter}…").format(letter=_(KIND_LABELS[letter]))
        )
        self.message.clear_error()

        def shown(rows: list[ActionRow]) -> None:
            if self.current_list() is not name:
                return  # another list was chosen meanwhile
            self.model.show(name, rows)
            n = len(rows)
            self.count.setText(
                ngettext("{n} client", "{n} clients", n).format(n=self._env.fmt.integer(n))
            )
            if rows and not self.table.currentIndex().isValid():
                self.table.selectRow(0)

        Query(self._env, self, lambda ctx: ActionLists(ctx).rows(name)).message_to(
            self.message
        ).success(shown).run_in_background()

    def _open_current(self) -> None:
        self.open_row(self.table.currentIndex().row())

    def open_row(self, row: int) -> None:
        r = self.model.row_at(row)
        if r is not None:
            self._env.bus.client_file_requested.emit(r.client_id)

    # -- export and letters ----------------------------------------------------------------
    def ask_export(self) -> None:
        name = self.current_list()
        stamp = dt.date.today().isoformat()
        dialog = save_file_dialog(
            self, _("Export the list"), f"{name.value}-{stamp}.csv", _("CSV files (*.csv)")
        )
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    def export_to(self, path: str) -> None:
        name, actor, out = self.current_list(), self._env.actor(), Path(path)

        def done(n: int) -> None:
            remember_folder(out.parent)
            self.last_export = out
            self.count.setText(
                ngettext("{rows} row written to {file}", "{rows} rows written to {file}", n).format(
                    rows=self._env.fmt.integer(n), file=out.name
                )
            )

        Write(self._env, self, lambda ctx: ActionLists(ctx).write_csv(name, out, actor)).message_to(
            self.message
        ).success(done).run_in_background()

    def print_letters(self) -> None:
        name = self.current_list()
        kind = LetterKind(LIST_LETTERS[name])

        def call(ctx) -> tuple[bytes, int]:
            from salon_desktop.services.letters import LetterService

            return LetterService(ctx).pdf_for_list(kind, name.value)

        def shown(result: tuple[bytes, int]) -> None:
            from salon_desktop.ui.clients.printing import show_preview

            data, n = result
            if not n:
                self.message.show_error(_("There is nobody on this list today."))
                return
            title = _("{letter}: {list}").format(
                letter=_(KIND_LABELS[kind]), list=_(LIST_LABELS[name])
            )
            stamp = dt.date.today().isoformat()
            self.preview = show_preview(self.window(), data, title, f"letters-{stamp}.pdf")

        Query(self._env, self, call).message_to(self.message).success(shown).run_in_background()

    def edit_templates(self) -> None:
        from salon_desktop.ui.actions.templates_dialog import LetterTemplatesDialog

        name = self.current_list()
        dialog = LetterTemplatesDialog(self._env, self, LetterKind(LIST_LETTERS[name]))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.templates_dialog = dialog
        dialog.open()
