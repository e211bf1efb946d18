"""Qt's own file dialogs as the receptionist expects them: in the salon's language
and direction (Qt's dialog, translated by qtbase, not the desktop's, which follows
the PC's language), starting in her Documents folder, with a file name in her
language and dated in her calendar."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from salon_desktop.i18n import _, current_language
from salon_desktop.i18n.formatting import Formatter

# Characters no file system of a salon PC takes in a name, and the invisible ones
# (controls, bidi marks and isolates) that would only confuse the name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+')

# The folder last used in this session: the next save starts there.
_last_folder: list[Path] = []


def documents_folder() -> Path:
    """Where the user keeps documents (XDG ``Documents``, or the home folder)."""
    if _last_folder and _last_folder[0].is_dir():
        return _last_folder[0]
    for kind in (
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.HomeLocation,
    ):
        found = QStandardPaths.writableLocation(kind)
        if found and Path(found).is_dir():
            return Path(found)
    return Path.home()


def remember_folder(path: str | Path) -> None:
    _last_folder[:] = [Path(path).parent]


def dated_file_name(title: str, day: dt.date, suffix: str = ".pdf") -> str:
    """``Paragon R-2026-7 2026-11-23.pdf``, ``رسید ۱۴۰۵-۰۹-۰۲.pdf``: the (translated)
    title made safe for a file system, then the day, year first, in the language's
    calendar and digits."""
    fmt = Formatter(current_language())
    if fmt.persian:
        from persiantools.jdatetime import JalaliDate

        j = JalaliDate(day)
        date = fmt.digits(f"{j.year:04d}-{j.month:02d}-{j.day:02d}")
    else:
        date = day.isoformat()
    stem = re.sub(r"\s+", " ", _UNSAFE.sub("-", title)).strip(" .-")[:80]
    return f"{stem} {date}{suffix}" if stem else f"{date}{suffix}"


def _labels(dialog: QFileDialog) -> None:
    """Labels Qt's own catalogs leave in English in Polish and Persian."""
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, _("Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, _("Files of type:"))


def save_file_dialog(parent: QWidget | None, caption: str, name: str, filters: str) -> QFileDialog:
    """A Save dialog (not yet shown) on ``name`` in the Documents folder."""
    dialog = QFileDialog(parent, caption, str(documents_folder() / name), filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setLayoutDirection(
        parent.layoutDirection() if parent is not None else dialog.layoutDirection()
    )
    dialog.selectFile(name)
    _labels(dialog)
    return dialog


def folder_dialog(parent: QWidget | None, caption: str) -> QFileDialog:
    """A dialog choosing a folder (not yet shown), starting in the home folder."""
    dialog = QFileDialog(parent, caption, str(Path.home()))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    _labels(dialog)
    return dialog
