"""A client's rights from her file (GDPR): "Export this client's data…" (a readable
PDF and the JSON beside it, saved through the usual Save dialog) and "Erase this
client…" (a dialog that says what goes and what stays, the client's number typed
to confirm). Both are a manager's: a receptionist gets a manager's PIN asked
first. Both run through ``ui.operations`` (``Write``) off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.permissions import Action
from salon_desktop.domain.text import ascii_digits
from salon_desktop.i18n import _
from salon_desktop.services.changes import NOTHING, Changes
from salon_desktop.services.clients import ClientFile
from salon_desktop.services.export import ExportFailed
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write, failure_text
from salon_desktop.ui.widgets.file_dialogs import dated_file_name, remember_folder, save_file_dialog
from salon_desktop.ui.widgets.forms import ErrorLabel


def decider(env: UiEnv, action: Action, parent: QWidget) -> int | None | bool:
    """Who takes ``action``: the person at the desk when their role allows it, else
    the manager who typed their PIN; False when nobody did (cancelled)."""
    actor = env.actor()
    if Query(env, parent, lambda ctx: ctx.accounts.may(actor, action)).run():
        return actor
    from salon_desktop.ui.login.pin_dialog import ApproveDialog

    dialog = ApproveDialog(env, action, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.approved is None:
            return False
        return dialog.approved
    finally:
        dialog.deleteLater()


class EraseClientDialog(QDialog):
    """What erasing removes and what it keeps; the client number typed to confirm.
    Accepted once the erasure went through."""

    def __init__(
        self, env: UiEnv, client_id: int, number: int, name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._env, self._client_id, self._number = env, client_id, number
        self._busy = False
        self.setObjectName("eraseClientDialog")
        self.setWindowTitle(_("Erase this client"))
        fmt = env.fmt
        intro = QLabel(
            _(
                "Erase every personal detail of {name} (no. {number})? This cannot be undone."
            ).format(name=name, number=fmt.client_number(number))
        )
        intro.setWordWrap(True)
        font = intro.font()
        font.setBold(True)
        intro.setFont(font)
        removed = QLabel(
            _(
                "Removed: the name, phones, e-mail, address, date of birth, notes, allergies, "
                "tags, consents, colour formulas, photos (their files too) and open tickets; "
                "the words of her complaints and survey comments."
            )
        )
        kept = QLabel(
            _(
                "Kept, without her name: her sales and receipts, payments, account and "
                "voucher movements (the accounts stay whole), the scores of her surveys, "
                "the figures of her complaints and the audit trail. Export her data first "
                "if she asked for a copy."
            )
        )
        for label in (removed, kept):
            label.setWordWrap(True)
            label.setObjectName("eraseRemoved" if label is removed else "eraseKept")
        self.number_edit = QLineEdit(self)
        self.number_edit.setObjectName("eraseNumber")
        self.number_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.error = ErrorLabel(self)
        self.error.setObjectName("eraseError")
        form = QFormLayout()
        form.addRow(
            _("Type the client number ({number}) to confirm").format(
                number=fmt.client_number(number)
            ),
            self.number_edit,
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = self.buttons.addButton(
            _("Erase"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        # Enter in the number field erases (once it matches), never cancels.
        for b in self.buttons.buttons():
            if isinstance(b, QPushButton):
                b.setAutoDefault(False)
                b.setDefault(False)
        self.number_edit.textChanged.connect(self._typed)
        self.number_edit.returnPressed.connect(self.erase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(removed)
        layout.addWidget(kept)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.number_edit.setFocus()

    def _matches(self) -> bool:
        typed = ascii_digits(self.number_edit.text()).strip().lstrip("0")
        return typed.isdigit() and int(typed) == self._number

    def _typed(self) -> None:
        self.error.clear_error()
        self.erase_button.setEnabled(self._matches())

    def erase(self) -> None:
        if self._busy:
            return
        if not self._matches():
            self.error.show_error(_("Type the client number as it is shown, to confirm."))
            return
        actor = decider(self._env, Action.ERASE_CLIENT, self)
        if actor is False:
            return
        cid = self._client_id

        def done(_removed: int) -> None:
            self._busy = False
            QDialog.accept(self)

        def failed(failure: Failure) -> bool:
            self._busy = False
            self.error.show_error(failure_text(failure, self._env.fmt))
            return True

        self._busy = True
        self.erase_button.setEnabled(False)
        Write(
            self._env,
            self,
            lambda ctx: ctx.client_data.erase(cid, actor),
            changes=Changes.of(clients=[cid]),
        ).message_to(self.error).success(done).failure(failed).run_in_background()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class ClientDataActions(QObject):
    """The two entries at the end of the file's Print menu, and what they do."""

    def __init__(
        self,
        env: UiEnv,
        parent: QWidget,
        menu: QMenu,
        current: Callable[[], ClientFile | None],
        erased: Callable[[int], None],
    ):
        super().__init__(parent)
        self._env, self._parent, self._current, self._erased = env, parent, current, erased
        menu.addSeparator()
        self.export_action = menu.addAction(_("Export this client's data…"))
        self.export_action.setObjectName("exportClientData")
        self.erase_action = menu.addAction(_("Erase this client…"))
        self.erase_action.setObjectName("eraseClient")
        self.export_action.triggered.connect(lambda _checked=False: self.export())
        self.erase_action.triggered.connect(lambda _checked=False: self.erase())
        self.saved: tuple[Path, Path] | None = None  # the last export's files (tests)

    def file_dialog(self, f: ClientFile):
        title = _("Client data {name}").format(name=f.display_name)
        name = dated_file_name(title, self._env.ctx.clients.today())
        dialog = save_file_dialog(
            self._parent, _("Export this client's data…"), name, "PDF (*.pdf)"
        )
        dialog.setDefaultSuffix("pdf")
        return dialog

    def export(self) -> None:
        f = self._current()
        if f is None:
            return
        dialog = self.file_dialog(f)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return
            path = Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()
        actor = decider(self._env, Action.EXPORT_DATA, self._parent)
        if actor is False:
            return
        cid = f.id

        def call(ctx) -> tuple[Path, Path] | ExportFailed:
            try:
                return ctx.client_data.export_both(
                    cid, path, actor, ctx.header(), ctx.salon.phone_region, ctx.clients.today()
                )
            except ExportFailed as failed:  # the disk's problem, said in words
                return failed

        def done(files: tuple[Path, Path] | ExportFailed) -> None:
            if isinstance(files, ExportFailed):
                QMessageBox.warning(
                    self._parent,
                    _("Export this client's data…"),
                    _(files.message).format(where=files.where),
                )
                return
            self.saved = files
            remember_folder(files[0])
            QMessageBox.information(
                self._parent,
                _("Export this client's data…"),
                _("Everything held about this client is in {pdf} and {json}.").format(
                    pdf=files[0].name, json=files[1].name
                ),
            )

        def failed(failure: Failure) -> bool:
            QMessageBox.warning(
                self._parent,
                _("Export this client's data…"),
                failure_text(failure, self._env.fmt),
            )
            return True

        Write(self._env, self._parent, call, changes=NOTHING).success(done).failure(
            failed
        ).run_in_background()

    def erase(self) -> None:
        f = self._current()
        if f is None:
            return
        dialog = EraseClientDialog(self._env, f.id, f.number, f.display_name, self._parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if accepted:
            self._erased(f.id)
