"""The Backups section of the settings: where backups go, how many are kept, the last
one's time and result, Back up now, Restore…, and Export… (to a spreadsheet).

Backups and restores run in the background through ``ui.operations``; their
failures (a USB stick not plugged in, a full disk, a file that is not a backup)
are sentences shown here, never exceptions.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _, ngettext
from salon_desktop.services.backup import (
    BackupFailed,
    BackupInfo,
    BackupStatus,
    RestoreResult,
    default_folder,
)
from salon_desktop.services.change_feed import EVERYTHING
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.services.settings import SalonSettings
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, error_text

LTR = "\u2066{}\u2069"  # a path reads left to right in a right-to-left sentence


def _ltr(path: object) -> str:
    return LTR.format(path)


def failed_text(failed: BackupFailed | BackupStatus) -> str:
    return _(failed.message).format(where=_ltr(failed.where))


class BackupsSection(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupsSection")
        self._env = env
        self._errors = FormErrors(env.fmt)
        server = env.ctx.backups.on_server

        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        self.folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.folder.setPlaceholderText(str(default_folder(env.ctx.data_dir)))
        self.folder.editingFinished.connect(self._folder_typed)
        self.choose_button = QPushButton(_("Choose…"))
        self.choose_button.clicked.connect(self._choose_folder)
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 999)
        self.keep.valueChanged.connect(self._keep_suffix)
        self.keep.editingFinished.connect(self._save_choices)
        self.last = QLabel()
        self.last.setObjectName("lastBackup")
        self.last.setWordWrap(True)
        self.last.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.setObjectName("backUpNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self._choose_backup)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setObjectName("exportData")
        self.export_button.setToolTip(
            _("Clients, visits or sales as a CSV file for a spreadsheet.")
        )
        self.export_button.clicked.connect(self.open_export)
        self.message = ErrorLabel()  # a failure: a sentence saying what to do
        self.message.setObjectName("backupMessage")
        self.done = QLabel()  # what went through
        self.done.setObjectName("backupDone")
        self.done.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        folder_box = QVBoxLayout()
        folder_box.setSpacing(2)
        folder_box.addLayout(folder_row)
        folder_box.addWidget(self._errors.register("backup_folder", ErrorLabel(), self.folder))
        keep_box = QVBoxLayout()
        keep_box.setSpacing(2)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep)
        keep_row.addStretch(1)
        keep_box.addLayout(keep_row)
        keep_box.addWidget(self._errors.register("backup_keep", ErrorLabel(), self.keep))
        form.addRow(_("Backup folder"), folder_box)
        form.addRow(_("Keep the last"), keep_box)
        form.addRow(_("Last backup"), self.last)

        about = QLabel(
            _(
                "A backup is made at the first start of each day and after each close of "
                "the till, and checked after it is written. A USB stick is a good place: "
                "keep it away from this computer."
            )
        )
        about.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        title = QLabel(_("Backups"))
        title.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(title)
        if server:
            note = QLabel(
                _(
                    "The salon's database is on a PostgreSQL server: back it up on the "
                    "server with its own tools (pg_dump and pg_restore), as the README shows."
                )
            )
            note.setObjectName("serverBackups")
            note.setWordWrap(True)
            layout.addWidget(note)
        else:
            layout.addWidget(about)
            layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.done)
        layout.addWidget(self.message)
        layout.addStretch(1)
        for w in (self.folder, self.choose_button, self.keep, self.backup_button):
            w.setEnabled(not server)
        self.restore_button.setEnabled(not server)

        env.bus.settings_changed.connect(self.load)
        self.load()

    # -- showing --------------------------------------------------------------------------
    def load(self) -> None:
        s = self._env.ctx.salon
        if not self.folder.hasFocus():
            self.folder.setText(s.backup_folder)
        self.keep.blockSignals(True)
        self.keep.setValue(s.backup_keep)
        self.keep.blockSignals(False)
        self._keep_suffix(s.backup_keep)
        self.show_status(self._env.ctx.backups.status())

    def _keep_suffix(self, n: int) -> None:
        self.keep.setSuffix(" " + ngettext("backup", "backups", n))

    def show_status(self, status: BackupStatus) -> None:
        fmt = self._env.fmt
        if status.at is None:
            self.last.setText(_("No backup made yet."))
            self.last.setStyleSheet("")
        elif status.ok:
            self.last.setText(
                _("{when}: made and checked ({file})").format(
                    when=fmt.datetime(status.at), file=_ltr(Path(status.file).name)
                )
            )
            self.last.setStyleSheet("color: #1b5e20;")
        else:
            text = _("{when}: failed. {why}").format(
                when=fmt.datetime(status.at), why=failed_text(status)
            )
            if status.last_ok_at is not None:
                text += " " + _("The last good one: {when}.").format(
                    when=fmt.datetime(status.last_ok_at)
                )
            self.last.setText(text)
            self.last.setStyleSheet("color: #b00020;")

    def _busy(self, busy: bool, text: str = "") -> None:
        server = self._env.ctx.backups.on_server
        for w in (self.backup_button, self.restore_button):
            w.setEnabled(not busy and not server)
        self.done.setText(text)

    def _not_busy(self, _failure: Failure) -> bool:
        """A failure of a backup or a restore: the buttons back, the sentence shown."""
        self._busy(False)
        return False

    # -- the choices ----------------------------------------------------------------------
    def _choose_folder(self) -> None:
        start = self.folder.text().strip() or str(default_folder(self._env.ctx.data_dir))
        name = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"), start)
        if name:
            self.set_folder(name)

    def set_folder(self, folder: str) -> None:
        self.folder.setText(folder)
        self._save_choices()

    def _folder_typed(self) -> None:
        if self.folder.text().strip() != self._env.ctx.salon.backup_folder:
            self._save_choices()

    def _save_choices(self) -> None:
        folder, keep = self.folder.text().strip(), self.keep.value()
        s = self._env.ctx.salon
        if (folder, keep) == (s.backup_folder, s.backup_keep):
            return
        self._errors.clear()

        def call(ctx):
            # Only these two fields: the rest as the context has them now.
            return ctx.save_settings(
                dataclasses.replace(ctx.salon, backup_folder=folder, backup_keep=keep)
            )

        def saved(_salon: SalonSettings) -> None:
            self.done.setText(_("Backup settings saved."))

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            for err in self._errors.show(failure.validation):
                self.message.show_error(error_text(err, self._env.fmt))
            return True

        Write(self._env, self, call, changes=Changes(settings=True)).message_to(
            self.message
        ).success(saved).failure(refused).run_in_background()

    # -- backing up -----------------------------------------------------------------------
    def back_up_now(self) -> None:
        self.message.clear_error()
        self._busy(True, _("Backing up…"))

        def done(status: BackupStatus) -> None:
            self._busy(False)
            self.show_status(status)
            if status.ok:
                self.done.setText(
                    _("Backup made and checked: {file}").format(file=_ltr(status.file))
                )
            else:
                self.message.show_error(failed_text(status))

        Query(self._env, self, lambda ctx: ctx.backups.attempt("manual")).message_to(
            self.message
        ).success(done).failure(self._not_busy).run_in_background()

    # -- restoring ------------------------------------------------------------------------
    def _choose_backup(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the backup to restore"),
            str(self._env.ctx.backups.folder()),
            _("Salon Desktop backups (*.sqlite3);;All files (*)"),
        )
        if name:
            self.restore_from(Path(name))

    def restore_from(self, file: Path) -> None:
        """Check the file (in the background), then ask before replacing anything."""
        self.message.clear_error()
        self._busy(True, _("Checking the backup…"))

        def call(ctx) -> BackupInfo | BackupFailed:
            try:
                return ctx.backups.inspect(file)
            except BackupFailed as failed:
                return failed

        def checked(result: BackupInfo | BackupFailed) -> None:
            self._busy(False)
            if isinstance(result, BackupFailed):
                self.message.show_error(failed_text(result))
                return
            # Asked once this operation has reported back (not inside its callback).
            QTimer.singleShot(0, lambda: self._confirm(file, result))

        Query(self._env, self, call).message_to(self.message).success(checked).failure(
            self._not_busy
        ).run_in_background()

    def _confirm(self, file: Path, info: BackupInfo) -> None:
        dialog = RestoreDialog(self._env, info, self)
        try:
            if dialog.exec():
                self._restore(file)
        finally:
            dialog.deleteLater()

    def _restore(self, file: Path) -> None:
        self._busy(True, _("Restoring…"))

        def call(ctx) -> RestoreResult | BackupFailed:
            try:
                result = ctx.backups.restore(file)
            except BackupFailed as failed:
                return failed
            ctx.reload_settings()
            return result

        def changes(result) -> Changes:
            return EVERYTHING if isinstance(result, RestoreResult) else Changes()

        def done(result: RestoreResult | BackupFailed) -> None:
            self._busy(False)
            if isinstance(result, BackupFailed):
                self.message.show_error(failed_text(result))
                return
            self._env.restart_feed()  # the change log was restored too
            text = _("The salon's data was restored from {file}.").format(
                file=_ltr(result.info.file.name)
            )
            if result.kept is not None:
                text += " " + _("The data as it was is kept in {file}.").format(
                    file=_ltr(result.kept)
                )
            self.done.setText(text)

        Write(self._env, self, call, changes=changes).message_to(self.message).success(
            done
        ).failure(self._not_busy).run_in_background()

    # -- export -----------------------------------------------------------------------------
    def open_export(self) -> None:
        from salon_desktop.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self._env, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


class RestoreDialog(QDialog):
    """What the backup holds, and what restoring it does: asked before anything changes."""

    def __init__(self, env: UiEnv, info: BackupInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(_("Restore a backup"))
        self.setMinimumWidth(460)
        fmt = env.fmt
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(_("File"), QLabel(_ltr(info.file.name)))
        form.addRow(_("Written"), QLabel(fmt.datetime(info.modified)))
        if info.salon_name:
            form.addRow(_("Salon"), QLabel(info.salon_name))
        form.addRow(_("Client files"), QLabel(fmt.number(info.clients)))
        form.addRow(_("Sales"), QLabel(fmt.number(info.sales)))
        form.addRow(_("Last sale"), QLabel(fmt.date(info.last_sale) if info.last_sale else "—"))
        layout.addLayout(form)
        warning = QLabel(
            _(
                "The salon's data will be replaced by this backup: whatever was entered "
                "after it was made will not be in it. The data as it is now is kept as a "
                "copy in the profile's Backups folder first."
            )
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            _("Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("confirmRestore")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setDefault(True)  # replacing the data is never what Enter does
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def tell_if_failed(status: BackupStatus | None, parent: QWidget | None) -> bool:
    """A message box (not blocking) when an automatic backup failed; whether it did."""
    if status is None or status.ok or status.at is None:
        return False
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Salon Desktop"),
        _("The automatic backup was not made.") + "\n\n" + failed_text(status),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("backupFailedMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return True
