"""Language for Qt: our gettext catalog, Qt's own qtbase catalog, direction, locale."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from salon_desktop.i18n import is_rtl, set_language

QT_LOCALES = {"en": "en_GB", "pl": "pl_PL", "fa": "fa_IR"}

_installed: list[QTranslator] = []


def apply_language(app: QApplication, language: str) -> None:
    """Switch gettext, Qt's translations, the default QLocale and the layout direction."""
    set_language(language)
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if language != "en":
        tr = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if tr.load(f"qtbase_{language}", folder):
            app.installTranslator(tr)
            _installed.append(tr)
    QLocale.setDefault(QLocale(QT_LOCALES.get(language, "en_GB")))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight
    )
