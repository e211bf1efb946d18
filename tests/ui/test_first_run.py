"""A fresh profile's first start offers a demo salon or an empty one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from salon_desktop.services.context import open_context
from salon_desktop.ui.first_run import FirstRunDialog
from salon_desktop.ui.qt_i18n import apply_language
from tests.faults import inject
from tests.ui.helpers import settle, type_text


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
        type_text(qtbot, dialog.pin, "۲۵۸۰")  # Persian digits: the same PIN as 2580
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        assert dialog.isVisible() and "دو رمز یکسان نیستند" in dialog.error.text()  # typed once
        type_text(qtbot, dialog.pin_again, "2580")
        qtbot.keyClick(dialog.pin_again, Qt.Key.Key_Return)
        settle(dialog._env)
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
        assert ctx.accounts.in_use()  # the first start made the owner
        assert ctx.accounts.login(staff[0].id, "2580").role.value == "owner"
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
        assert not dialog.buttons.isEnabled()  # loading in the background, not frozen
        assert dialog.working.isVisible()
        settle(dialog._env)
        assert dialog.result() == dialog.DialogCode.Accepted
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


# 5: the staff member, her audit entry and its seal (chain head made, link, head moved)
@pytest.mark.parametrize("after", [0, 5])
def test_empty_salon_that_fails_to_save_says_why_and_retries_cleanly(qtbot, qapp, tmp_path, after):
    """The disk full at the first write (nothing saved) or after the staff member
    was added (the settings not saved): the dialog says why and stays; the same
    click later makes the salon, with her added once."""
    ctx = open_context(data_dir=tmp_path)
    try:
        dialog = FirstRunDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.empty.setFocus()
        qtbot.keyClick(dialog.empty, Qt.Key.Key_Space)
        type_text(qtbot, dialog.salon_name, "Studio Ola")
        type_text(qtbot, dialog.your_name, "Ola")
        type_text(qtbot, dialog.pin, "2580")
        type_text(qtbot, dialog.pin_again, "2580")
        with inject(ctx.engine, "disk_full", after=after):
            qtbot.keyClick(dialog.your_name, Qt.Key.Key_Return)
            settle(dialog._env)
        assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
        assert dialog.error.isVisible() and "disk is full" in dialog.error.text()
        assert dialog.buttons.isEnabled()
        assert not ctx.settings.load().first_run_done
        assert len(ctx.staff.list()) == (1 if after else 0)  # where the failure struck
        qtbot.keyClick(dialog.your_name, Qt.Key.Key_Return)
        settle(dialog._env)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert ctx.settings.load().salon_name == "Studio Ola"
        assert [m.name for m in ctx.staff.list()] == ["Ola"]
    finally:
        ctx.close()
        apply_language(qapp, "en")
