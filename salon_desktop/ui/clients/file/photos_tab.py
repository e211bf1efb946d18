"""The Photos tab: before/after pictures with date and note, stored in the profile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.client import PHOTO_KIND_LABELS, PhotoKind
from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.clients import ClientFile, PhotoEntry
from salon_desktop.ui.clients.file.common import (
    confirm,
    date_or_today,
    enum_combo,
    enum_value,
    today,
    with_error,
    write_attachment,
)
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors
from salon_desktop.ui.widgets.photo_strip import PhotoStrip, Thumb

IMAGE_FILTER = "*.png *.jpg *.jpeg *.webp *.bmp *.gif *.heic *.tif *.tiff"


class PhotosTab(QWidget):
    """Photos are saved at once (the file must exist); the picture is copied into the profile."""

    changed = Signal()

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self._client_id: int | None = None
        self._photos: dict[int, PhotoEntry] = {}
        self.errors = FormErrors()
        layout = QVBoxLayout(self)
        self.strip = PhotoStrip(self)
        self.strip.setObjectName("photos")
        self.strip.opened.connect(self._open)
        layout.addWidget(self.strip, 1)

        grid = QGridLayout()
        self.kind = enum_combo(self, PHOTO_KIND_LABELS)
        self.date = DateField(env.fmt, self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("Note (optional)"))
        self.add_button = QPushButton(_("Add photo…"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.choose_photo)
        self.remove_button = QPushButton(_("Remove selected"), self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        grid.addWidget(QLabel(_("Kind"), self), 0, 0)
        grid.addWidget(self.kind, 0, 1)
        grid.addWidget(QLabel(_("Taken on"), self), 0, 2)
        grid.addWidget(with_error(self.date, self.errors, "taken_on"), 0, 3)
        grid.addWidget(QLabel(_("Note"), self), 1, 0)
        grid.addWidget(with_error(self.note, self.errors, "note"), 1, 1, 1, 4)
        grid.setColumnStretch(4, 1)
        layout.addLayout(grid)
        buttons = QGridLayout()
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.setColumnStretch(2, 1)
        layout.addLayout(buttons)
        self.file_error = self.errors.register("file", ErrorLabel(self))
        layout.addWidget(self.file_error)
        self.hint = QLabel(_("Save the client first to add photos."), self)
        layout.addWidget(self.hint)

    def load(self, f: ClientFile | None) -> None:
        self._client_id = f.id if f else None
        self.errors.clear()
        self.note.clear()
        self.date.setDate(today(self._env))
        self.show_photos(f.photos if f else [])
        for w in (self.kind, self.date, self.note, self.add_button, self.remove_button):
            w.setEnabled(f is not None and not f.archived)
        self.hint.setVisible(f is None)

    def show_photos(self, photos: list[PhotoEntry]) -> None:
        fmt = self._env.fmt
        ordered = sorted(photos, key=lambda p: (p.taken_on, p.id), reverse=True)
        self._photos = {p.id: p for p in ordered}
        thumbs = []
        for p in ordered:
            caption = f"{_(PHOTO_KIND_LABELS[p.kind])} · {fmt.date(p.taken_on)}"
            if p.note:
                caption += "\n" + isolate(p.note if len(p.note) <= 40 else p.note[:39] + "…")
            thumbs.append(Thumb(p.id, p.path, caption))
        self.strip.set_photos(thumbs)

    def choose_photo(self) -> bool:
        if self._client_id is None:
            return False
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Add photo"),
            "",
            _("Pictures") + f" ({IMAGE_FILTER});;" + _("All files") + " (*)",
        )
        return self.add_photo_file(Path(path)) if path else False

    def add_photo_file(self, path: str | Path) -> bool:
        """Attach the picture at ``path`` with the kind, date and note now in the form."""
        if self._client_id is None:
            return False
        self.errors.clear()
        errors = Errors()
        taken_on = date_or_today(self._env, self.date, errors, "taken_on")
        try:
            errors.raise_if_any()
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        cid, kind = self._client_id, enum_value(self.kind, PhotoKind) or PhotoKind.OTHER
        note, actor = self.note.text(), self._env.actor()
        if not write_attachment(
            self._env,
            self,
            cid,
            lambda ctx: ctx.clients.add_photo(
                cid, Path(path), kind, taken_on, note, actor_id=actor
            ),
            self.errors,
            self.file_error,
            on_os_error=_("The file cannot be read."),
        ):
            return False
        self.note.clear()
        self.changed.emit()
        return True

    def remove_selected(self) -> bool:
        photo_id = self.strip.selected_id()
        if photo_id is None:
            return False
        if not confirm(
            self,
            _("Remove photo"),
            _("Remove the selected photo from this client file?"),
            _("Remove"),
        ):
            return False
        actor = self._env.actor()
        if not write_attachment(
            self._env,
            self,
            self._client_id,
            lambda ctx: ctx.clients.remove_photo(photo_id, actor_id=actor),
            self.errors,
            self.file_error,
        ):
            return False
        self.changed.emit()
        return True

    def _open(self, photo_id: int) -> None:
        photo = self._photos.get(photo_id)
        if photo is not None and photo.path.is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(photo.path)))
