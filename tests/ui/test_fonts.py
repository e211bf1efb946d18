"""The screens draw what the salon's fonts lack (a client named with an emoji or ③)
from a fallback font, as the receipts do, never as an empty box."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from salon_desktop.ui.app import _font_for, _load_fonts


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_name_with_an_emoji_and_a_circled_digit_has_every_glyph(qapp, language):
    before = QFont(QApplication.font())
    _load_fonts()
    try:
        _font_for(language)
        layout = QTextLayout("زهرا 💇 Karimi ③", QApplication.font())
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        assert runs
        missing = [run.rawFont().familyName() for run in runs if 0 in run.glyphIndexes()]
        assert not missing, f"drawn as boxes in {missing}"
    finally:
        QApplication.setFont(before)
