"""A fresh profile's first start offers a demo salon or an empty one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from salon_desktop.services.context import open_context
from salon_desktop.ui.first_run import FirstRunDialog
from salon_desktop.ui.qt_i18n import apply_language
from tests.ui.helpers import type_text


def test_empty_salon_in_persian(qtbot, qapp, tmp_path):
    ctx = open_context(data_dir=tmp_path)
    try:
        assert not ctx.salon.first_run_done
        dialog = FirstRunDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.language.setCurrentIndex(dialog.language.findData("fa"))
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        dialog.empty.setFocus()
        qtbot.keyClick(dialog.empty, Qt.Key.Key_Space)
        assert dialog.your_name.isEnabled()
        type_text(qtbot, dialog.salon_name, "سالن نیلوفر")
        type_text(qtbot, dialog.your_name, "مریم")
        dialog.accept()
        assert dialog.result() == dialog.DialogCode.Accepted
        salon = ctx.settings.load()
        assert (salon.language, salon.phone_region, salon.currency, salon.salon_name) == (
            "fa",
            "IR",
            "IRT",
            "سالن نیلوفر",
        )
        assert salon.first_run_done
        staff = ctx.staff.list()
        assert [m.name for m in staff] == ["مریم"]
        assert ctx.desk.load().desk_staff_id == staff[0].id
        assert ctx.clients.count() == 0
    finally:
        ctx.close()
        apply_language(qapp, "en")


def test_demo_salon_is_loaded(qtbot, qapp, tmp_path):
    ctx = open_context(data_dir=tmp_path)
    try:
        dialog = FirstRunDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.language.setCurrentIndex(dialog.language.findData("pl"))
        assert dialog.demo.isChecked()
        dialog.accept()
        assert ctx.clients.count() > 250  # 300 made, a few archived
        assert ctx.salon.first_run_done and ctx.salon.language == "pl"
        assert ctx.salon.default_tax_bp == 2300  # new catalog items start at Polish VAT
        assert len(ctx.staff.list()) >= 3
        # ...with a price list and two years of its visits, ready for the till.
        assert ctx.catalog.services() and ctx.catalog.products()
        first = ctx.reader.by_receipt(f"{ctx.clients.today().year - 1}/00001")
        assert first is not None and first.lines and first.total > 0
    finally:
        ctx.close()
        apply_language(qapp, "en")


def test_without_faker_the_demo_says_it_needs_the_extra(qtbot, qapp, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "faker", None)  # ``import faker`` raises ImportError
    ctx = open_context(data_dir=tmp_path)
    try:
        dialog = FirstRunDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.demo.isChecked()
        dialog.accept()
        assert dialog.result() != dialog.DialogCode.Accepted  # stays open: choose "empty"
        assert dialog.error.isVisible() and "pip install" in dialog.error.text()
        assert "[demo]" in dialog.error.text()
        assert ctx.staff.list() == [] and ctx.clients.count() == 0
        assert not ctx.settings.load().first_run_done
        # The empty salon still works without it.
        dialog.empty.setChecked(True)
        type_text(qtbot, dialog.salon_name, "Studio")
        dialog.accept()
        assert dialog.result() == dialog.DialogCode.Accepted
        assert ctx.settings.load().first_run_done
    finally:
        ctx.close()
        apply_language(qapp, "en")
