"""The client file: one screen to read and edit everything the salon knows about a client."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.client import ClientDraft, clean_client
from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.changes import Changes
from salon_desktop.services.clients import (
    ClientFile,
    ClientNotFound,
    PossibleDuplicate,
)
from salon_desktop.services.failures import Failure, Kind
from salon_desktop.ui.clients.duplicates_dialog import DuplicateChoice, DuplicatesDialog
from salon_desktop.ui.clients.file.care_tab import CareTab
from salon_desktop.ui.clients.file.common import confirm, inform, plain_text, with_error
from salon_desktop.ui.clients.file.complaints_banner import ComplaintsBanner
from salon_desktop.ui.clients.file.consents_tab import ConsentsTab
from salon_desktop.ui.clients.file.details_tab import DetailsTab
from salon_desktop.ui.clients.file.photos_tab import PhotosTab
from salon_desktop.ui.clients.file.privacy import ClientDataActions
from salon_desktop.ui.clients.file.satisfaction_badge import SatisfactionBadge
from salon_desktop.ui.clients.file.visits_tab import VisitsTab
from salon_desktop.ui.clients.merge_dialog import MergeDialog
from salon_desktop.ui.clients.printing import FilePrintButton
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, error_text


class NotesTab(QWidget):
    def __init__(self, errors: FormErrors, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.notes = plain_text(self, 8)
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText(_("Anything worth remembering about this client"))
        layout.addWidget(with_error(self.notes, errors, "notes"), 1)

    def load(self, f: ClientFile | None) -> None:
        self.notes.setPlainText(f.draft.notes if f else "")

    def fill(self, d: ClientDraft, errors: Errors) -> None:
        d.notes = self.notes.toPlainText()

    def state(self) -> tuple:
        return (self.notes.toPlainText(),)


def _banner(parent: QWidget, name: str, background: str, foreground: str) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setStyleSheet(
        f"QFrame#{name} {{ background: {background}; border-radius: 4px; }}"
        f"QFrame#{name} QLabel {{ color: {foreground}; }}"
    )
    frame.setVisible(False)
    return frame


class ClientFileScreen(QWidget):
    """Open with ``open_client(id)`` or ``new_client(first_name)``.

    Signals: ``closed`` (Esc or Close, after the receptionist agreed to drop
    unsaved changes), ``saved(id)``, ``open_requested(id)`` (another file was
    opened in place: from the duplicates dialog, or "merged into"). Every
    write is announced on ``env.bus.client_changed``.
    """

    closed = Signal()
    saved = Signal(int)
    open_requested = Signal(int)

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clientFileScreen")
        self._env = env
        self._file: ClientFile | None = None
        self._baseline: tuple = ()
        self.errors = FormErrors()

        root = QVBoxLayout(self)
        root.setSpacing(6)

        # -- header: name, number, actions ---------------------------------------
        top = QHBoxLayout()
        self.name_label = QLabel(self)
        self.name_label.setObjectName("clientName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label = QLabel(self)
        self.number_label.setObjectName("clientNumber")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.name_label)
        top.addSpacing(12)
        top.addWidget(self.number_label, 0, Qt.AlignmentFlag.AlignBottom)
        self.satisfaction = SatisfactionBadge(env, self)
        top.addSpacing(12)
        top.addWidget(self.satisfaction, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.print_button = FilePrintButton(env, self, self.current_client_id)
        self.privacy = ClientDataActions(
            env, self, self.print_button.menu(), self.current_file, self._erased
        )
        self.merge_button = QPushButton(_("Merge with…"), self)
        self.merge_button.clicked.connect(self.merge_with)
        self.archive_button = QPushButton(_("Archive"), self)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.clicked.connect(self.request_close)
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.print_button)
        for b in (self.merge_button, self.archive_button, self.close_button, self.save_button):
            b.setAutoDefault(False)
            top.addWidget(b)
        root.addLayout(top)

        # -- banners ----------------------------------------------------------------
        self.allergy_banner = _banner(self, "allergyBanner", "#b00020", "white")
        row = QHBoxLayout(self.allergy_banner)
        row.setContentsMargins(10, 8, 10, 8)
        icon = QLabel(self.allergy_banner)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.allergy_text = QLabel(self.allergy_banner)
        self.allergy_text.setObjectName("allergyText")
        self.allergy_text.setWordWrap(True)
        self.allergy_text.setTextFormat(Qt.TextFormat.PlainText)
        self.allergy_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.allergy_text.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.allergy_text.setFont(font)
        row.addWidget(icon)
        row.addWidget(self.allergy_text, 1)
        root.addWidget(self.allergy_banner)

        self.stale_banner = _banner(self, "staleBanner", "#fff4ce", "#4d3b00")
        row = QHBoxLayout(self.stale_banner)
        row.setContentsMargins(10, 4, 10, 4)
        self.stale_text = QLabel(self.stale_banner)
        self.stale_text.setWordWrap(True)
        self.confirm_button = QPushButton(_("Confirm details"), self.stale_banner)
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm_contact)
        row.addWidget(self.stale_text, 1)
        row.addWidget(self.confirm_button)
        root.addWidget(self.stale_banner)

        self.archived_banner = _banner(self, "archivedBanner", "#e0e0e0", "#333333")
        row = QHBoxLayout(self.archived_banner)
        row.setContentsMargins(10, 4, 10, 4)
        self.archived_text = QLabel(self.archived_banner)
        self.archived_text.setWordWrap(True)
        self.open_merged_button = QPushButton(_("Open that file"), self.archived_banner)
        self.open_merged_button.setAutoDefault(False)
        self.open_merged_button.clicked.connect(self._open_merged)
        row.addWidget(self.archived_text, 1)
        row.addWidget(self.open_merged_button)
        root.addWidget(self.archived_banner)
        self.complaints_banner = ComplaintsBanner(env, self)
        self.complaints_banner.install_shortcut(self)
        root.addWidget(self.complaints_banner)

        self.general_error = ErrorLabel(self)
        self.general_error.setObjectName("generalError")
        root.addWidget(self.general_error)

        # -- tabs ------------------------------------------------------------------
        self.tabs = QTabWidget(self)
        self.details = DetailsTab(env, self.errors)
        self.care = CareTab(env, self.errors)
        self.consents = ConsentsTab(env, self.errors)
        self.photos = PhotosTab(env)
        self.notes = NotesTab(self.errors)
        self.visits = VisitsTab(env)
        self.visits.install_shortcut(self)
        self.tabs.addTab(self.details, _("Details"))
        self.tabs.addTab(self.visits, _("Visits"))
        self.tabs.addTab(self.care, _("Care"))
        self.tabs.addTab(self.consents, _("Consents"))
        self.tabs.addTab(self.photos, _("Photos"))
        self.tabs.addTab(self.notes, _("Notes"))
        self._form_tabs = (self.details, self.care, self.consents, self.notes)
        root.addWidget(self.tabs, 1)
        self.care.formulas.changed.connect(self._attachments_changed)
        self.photos.changed.connect(self._attachments_changed)

        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=ctx)
        QShortcut(QKeySequence.StandardKey.Print, self, self._print_menu, context=ctx)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.request_close, context=ctx)
        env.bus.client_changed.connect(self._client_changed_elsewhere)
        self.new_client()

    # -- public API -------------------------------------------------------------------
    def current_client_id(self) -> int | None:
        return self._file.id if self._file else None

    def current_file(self) -> ClientFile | None:
        return self._file

    def open_client(self, client_id: int) -> None:
        """Show the saved file ``client_id`` (unsaved edits on screen are dropped)."""
        self._load(self._env.ctx.clients.get(client_id))
        self.tabs.setCurrentIndex(0)
        self._record_opened(client_id)

    def _record_opened(self, client_id: int) -> None:
        """The audit trail learns who opened the file, on the write thread (at most
        once in a while per person and file); a failure to record it is logged."""
        import logging

        actor = self._env.actor()

        def not_recorded(failure: Failure) -> bool:
            logging.getLogger("salon_desktop.audit").warning(
                "opening client file %s not recorded: %s", client_id, failure.kind.value
            )
            return True

        Write(self._env, self, lambda ctx: ctx.audit.opened("client", client_id, actor)).failure(
            not_recorded
        ).run_in_background()

    def new_client(self, first_name: str = "", last_name: str = "") -> None:
        """An empty form for a new client, optionally with the name typed in the search."""
        self._load(None, first_name, last_name)
        self.tabs.setCurrentIndex(0)
        self.details.first_name.setFocus()
        self.details.first_name.setCursorPosition(len(first_name))

    def focus_start(self) -> None:
        """Where the keyboard starts once the screen is shown: the first name of a new
        client; the tabs of an opened file (arrows or Ctrl+Tab move between them)."""
        if self._file is None:
            self.details.first_name.setFocus()
            self.details.first_name.end(False)
        else:
            self.tabs.tabBar().setFocus()

    def has_unsaved_changes(self) -> bool:
        return self._snapshot() != self._baseline

    def discard_changes(self) -> None:
        """Forget unsaved edits (what is on screen stays; nothing is asked on leaving)."""
        self._baseline = self._snapshot()

    def reload(self) -> None:
        if self._file is not None:
            self.open_client(self._file.id)

    def ask_to_leave(self) -> bool:
        """If there are unsaved changes, ask: save, discard or stay. True when it is fine to leave."""
        if not self.has_unsaved_changes():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Unsaved changes"),
            _("This client file has unsaved changes."),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(stay)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is save:
            return self.save()
        return clicked is discard

    def request_close(self) -> bool:
        """Esc / Close: leave the file (asking about unsaved changes first)."""
        if not self.ask_to_leave():
            return False
        self._baseline = self._snapshot()
        self.closed.emit()
        return True

    # -- loading --------------------------------------------------------------------------
    def _load(self, f: ClientFile | None, first_name: str = "", last_name: str = "") -> None:
        self._file = f
        self.errors.clear()
        self.general_error.clear_error()
        self.details.load(f, first_name, last_name)
        self.care.load(f)
        self.consents.load(f)
        self.photos.load(f)
        self.notes.load(f)
        self.visits.load(f)
        self._show_header()
        self._baseline = self._snapshot()

    def _show_header(self) -> None:
        f, fmt = self._file, self._env.fmt
        if f is None:
            self.name_label.setText(_("New client"))
            self.number_label.setText("")
        else:
            self.name_label.setText(f.display_name)
            self.number_label.setText(
                _("Client no. {number}").format(number=fmt.client_number(f.number))
            )
        self.complaints_banner.set_client(
            f.id if f is not None else None, f.display_name if f is not None else ""
        )
        self.satisfaction.set_client(f.id if f is not None else None)
        allergies = f.draft.allergies.strip() if f else ""
        self.allergy_text.setText(
            _("Allergies and contraindications: {text}").format(text=isolate(allergies))
        )
        self.allergy_banner.setVisible(bool(allergies))
        stale = bool(f and f.contact_stale and not f.archived)
        if f is not None and stale:
            confirmed = f.draft.contact_confirmed_on
            self.stale_text.setText(
                _(
                    "Contact details were last confirmed on {date}. Check phone, e-mail and "
                    "address with the client."
                ).format(date=fmt.date(confirmed))
                if confirmed
                else _(
                    "Contact details have never been confirmed. Check phone, e-mail and address "
                    "with the client."
                )
            )
        self.stale_banner.setVisible(stale)
        archived = bool(f and f.archived)
        self.archived_banner.setVisible(archived)
        self.open_merged_button.setVisible(bool(f and f.merged_into_id))
        if f is not None and archived:
            text = _("This client file is archived.")
            if f.merged_into_id:
                try:
                    into = self._env.ctx.clients.get(f.merged_into_id)
                    text += " " + _("It was merged into client no. {number} ({name}).").format(
                        number=fmt.client_number(into.number), name=isolate(into.display_name)
                    )
                except ClientNotFound:
                    pass
            self.archived_text.setText(text)
        self.archive_button.setText(_("Restore") if archived else _("Archive"))
        self.archive_button.setEnabled(f is not None)
        self.merge_button.setEnabled(f is not None and not archived)
        self.print_button.setEnabled(f is not None)
        self.save_button.setEnabled(not archived)
        for tab in self._form_tabs:
            tab.setEnabled(not archived)

    def _snapshot(self) -> tuple:
        return tuple(tab.state() for tab in self._form_tabs)

    # -- saving -------------------------------------------------------------------------------
    def build_draft(self) -> ClientDraft:
        """The form as a draft; raises ValidationError for text that is not a date.

        The draft's other fields are checked at the same time (by the domain rules, without
        saving), so every problem on the form is shown at once.
        """
        draft = ClientDraft()
        errors = Errors()
        for tab in self._form_tabs:
            tab.fill(draft, errors)
        if errors.errors:
            try:
                clean_client(draft, self._env.region, self._env.ctx.clients.today())
            except ValidationError as more:
                taken = {e.field for e in errors.errors}
                errors.errors += [e for e in more.errors if e.field not in taken]
        errors.raise_if_any()
        return draft

    def save(self) -> bool:
        """Create or update the file. True when saved; otherwise the reasons are on screen."""
        if self._file is not None and self._file.archived:
            return False
        self.errors.clear()
        self.general_error.clear_error()
        actor = self._env.actor()
        try:
            draft = self.build_draft()
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        if self._file is None:
            client_id = self._write_file(lambda ctx: _create(ctx, draft, actor, False))
            if isinstance(client_id, PossibleDuplicate):
                dialog = DuplicatesDialog(self._env, client_id.candidates, self)
                self._exec(dialog)
                if dialog.choice is DuplicateChoice.OPEN_EXISTING:
                    existing = dialog.selected_id()
                    if existing is not None:
                        self.open_client(existing)
                        self.open_requested.emit(existing)
                    return False
                if dialog.choice is not DuplicateChoice.SAVE_NEW:
                    return False
                client_id = self._write_file(lambda ctx: _create(ctx, draft, actor, True))
        else:
            client_id, version = self._file.id, self._file.version
            saved = self._write_file(
                lambda ctx: (
                    ctx.clients.update(client_id, draft, actor_id=actor, expected_version=version)
                    or client_id
                )
            )
            client_id = client_id if saved is not None else None
        if not isinstance(client_id, int):
            return False
        self.open_client(client_id)
        self.saved.emit(client_id)
        return True

    def _write_file(self, call):
        """Run a write of this file: its result, or None with the reason on screen."""

        def refused(failure: Failure) -> bool:
            if failure.validation is not None:
                self._show_errors(failure.validation)
                return True
            if failure.kind is Kind.STALE:
                if confirm(
                    self,
                    _("Changed by someone else"),
                    _(
                        "Someone else changed this client file after you opened it. Reload it? "
                        "Your changes on this screen will be lost."
                    ),
                    _("Reload"),
                    _("Keep editing"),
                ):
                    self.reload()
                return True
            if failure.kind is Kind.NOT_FOUND:
                inform(
                    self, _("Client file"), _("This client file no longer exists."), warning=True
                )
                return True
            return False

        return (
            Write(self._env, self, call, changes=_client_changes)
            .message_to(self.general_error)
            .failure(refused)
            .run()
        )

    def _show_errors(self, exc: ValidationError) -> None:
        by_field = exc.by_field()
        for name in by_field:
            label = self.errors.find_label(name) or self.errors.find_label(name.split(".")[0])
            if label is None:
                continue
            for i in range(self.tabs.count()):
                page = self.tabs.widget(i)
                if page is not None and page.isAncestorOf(label):
                    self.tabs.setCurrentIndex(i)
                    break
            break
        unplaced = self.errors.show(exc)
        if unplaced:
            self.general_error.show_error("\n".join(error_text(e) for e in unplaced))

    def _exec(self, dialog) -> int:
        """Run a modal dialog, then let it go (a hidden dialog must not stay the active window)."""
        try:
            return dialog.exec()
        finally:
            dialog.deleteLater()

    def _client_changed_elsewhere(self, client_id: int) -> None:
        if (
            not self._env.bus.initiated_by(self)
            and self._file is not None
            and client_id == self._file.id
            and not self.has_unsaved_changes()
        ):
            try:
                self.reload()
            except ClientNotFound:
                pass

    # -- actions -------------------------------------------------------------------------------
    def confirm_contact(self) -> None:
        """ "Confirm details": record today as the day contact details were checked."""
        if self._file is None:
            return
        dirty = self.has_unsaved_changes()
        cid, actor = self._file.id, self._env.actor()

        def call(ctx):
            ctx.clients.confirm_contact(cid, actor_id=actor)
            return ctx.clients.get(cid)

        fresh = self._write_file(call)
        if fresh is None:
            return
        if dirty:  # keep the edits on screen; only the version and the date change
            self._file = fresh
            self.details.contact_confirmed_on.setDate(fresh.draft.contact_confirmed_on)
            self._show_header()
        else:
            self._load(fresh)

    def toggle_archived(self) -> bool:
        f = self._file
        if f is None:
            return False
        if f.archived:
            question = _("Restore this client file? It will appear in the client list again.")
            yes = _("Restore")
        else:
            if not self.ask_to_leave():
                return False
            question = _(
                "Archive this client file? It leaves the client list and search, and "
                "can be restored from the archive."
            )
            yes = _("Archive")
        if not confirm(self, _("Client file"), question, yes):
            return False
        actor, archive = self._env.actor(), not f.archived
        if (
            self._write_file(
                lambda ctx: ctx.clients.set_archived(f.id, archive, actor_id=actor) or f.id
            )
            is None
        ):
            return False
        self.open_client(f.id)
        return True

    def _erased(self, client_id: int) -> None:
        """The file was erased: nothing of it is left to show, so it closes."""
        if self._file is not None and self._file.id == client_id:
            self._baseline = self._snapshot()
            self.closed.emit()

    def merge_with(self) -> bool:
        """Pick another file of the same client and merge it into this one."""
        f = self._file
        if f is None or f.archived or not self.ask_to_leave():
            return False
        dialog = MergeDialog(self._env, f.id, self)
        other = dialog.other_id() if self._exec(dialog) else None
        if other is None:
            return False
        actor = self._env.actor()

        def refused(failure: Failure) -> bool:
            if failure.kind in (Kind.VALIDATION, Kind.NOT_FOUND):
                inform(
                    self, _("Merge client files"), _("These files cannot be merged."), warning=True
                )
                return True
            return False

        op = Write(
            self._env,
            self,
            lambda ctx: ctx.clients.merge(keep_id=f.id, other_id=other, actor_id=actor),
            changes=Changes.of(clients=[f.id, other]),
        )
        op.message_to(self.general_error).failure(refused).run()
        if not op.succeeded:
            return False
        self.open_client(f.id)
        return True

    def _open_merged(self) -> None:
        if self._file is not None and self._file.merged_into_id:
            target = self._file.merged_into_id
            self.open_client(target)
            self.open_requested.emit(target)

    def _print_menu(self) -> None:
        """Ctrl+P: the Print menu (card, file, intake form), the keyboard on it."""
        if self.print_button.isEnabled():
            self.print_button.showMenu()

    def _attachments_changed(self) -> None:
        """A formula or photo was added or removed: refresh those lists, keep the form."""
        if self._file is None:
            return
        fresh = self._env.ctx.clients.get(self._file.id)
        self._file.formulas[:] = fresh.formulas
        self._file.photos[:] = fresh.photos
        self.care.formulas.show_formulas(fresh.formulas)
        self.photos.show_photos(fresh.photos)


def _create(ctx, draft, actor, allow_duplicate: bool):
    """A new file's id, or the PossibleDuplicate the receptionist is asked about."""
    try:
        return ctx.clients.create(draft, actor_id=actor, allow_duplicate=allow_duplicate)
    except PossibleDuplicate as dup:
        return dup


def _client_changes(result) -> Changes:
    client_id = result.id if hasattr(result, "id") else result
    return Changes.of(clients=[client_id]) if isinstance(client_id, int) else Changes()
