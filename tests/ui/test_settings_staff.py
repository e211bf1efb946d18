"""Settings and staff, edited at the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from salon_desktop.ui.settings_screen import SettingsScreen
from salon_desktop.ui.staff_screen import StaffScreen
from tests.faults import EXPECTED_WORDS, KINDS, inject
from tests.ui.helpers import settle, type_text


def test_staff_member_added_and_deactivated(qtbot, make_env):
    env = make_env("pl")
    changed = []
    env.bus.staff_changed.connect(lambda: changed.append(1))
    screen = StaffScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    type_text(qtbot, screen.name, "Łucja Wąs")
    type_text(qtbot, screen.role, "Kolorystka")
    qtbot.keyClick(screen.role, Qt.Key.Key_Return)
    settle(env)
    members = {m.name: m for m in env.ctx.staff.list(include_inactive=True)}
    assert members["Łucja Wąs"].role == "Kolorystka" and members["Łucja Wąs"].active
    assert changed == [1]
    assert screen.model.rowCount() == 2
    # Edit: choose her row, untick "works here now", save.
    row = [m.name for m in screen.model.members].index("Łucja Wąs")
    screen.table.selectRow(row)
    assert screen.name.text() == "Łucja Wąs"
    screen.active.setChecked(False)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    assert not env.ctx.staff.get(members["Łucja Wąs"].id).active
    assert "Łucja Wąs" not in [m.name for m in env.ctx.staff.list()]


def test_staff_without_a_name_is_refused_beside_the_field(qtbot, make_env):
    env = make_env("en")
    screen = StaffScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.keyClicks(screen.role, "Stylist")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    label = screen._errors.label("name")
    assert label.isVisible() and "required" in label.text()
    assert len(env.ctx.staff.list(include_inactive=True)) == 1  # only the desk's own


@pytest.mark.parametrize("kind", KINDS)
def test_staff_save_that_fails_says_why_and_saves_nothing(qtbot, make_env, kind):
    env = make_env("en")
    screen = StaffScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    type_text(qtbot, screen.name, "Ola")
    with inject(env.ctx.engine, kind):
        qtbot.keyClick(screen.name, Qt.Key.Key_Return)
        settle(env)
    assert screen.message_error.isVisible()
    assert EXPECTED_WORDS[kind] in screen.message_error.text()
    assert [m.name for m in env.ctx.staff.list(include_inactive=True)] == ["Mina"]
    assert screen.name.text() == "Ola"  # what she typed is still there to try again


def test_settings_saved_and_logo_stored_in_profile(qtbot, make_env, tmp_path):
    env = make_env("en")
    screen = SettingsScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.salon_name.clear()
    type_text(qtbot, screen.salon_name, "Studio Róża")
    screen.currency.setCurrentIndex(screen.currency.findData("PLN"))
    screen.region.setCurrentIndex(screen.region.findData("PL"))
    screen.reconfirm.setValue(6)
    img = QImage(40, 20, QImage.Format.Format_RGB32)
    img.fill(QColor("pink"))
    img.save(str(tmp_path / "logo.png"))
    screen.set_logo_file(tmp_path / "logo.png")
    emitted = []
    env.bus.settings_changed.connect(lambda: emitted.append(1))
    qtbot.keyClick(screen.salon_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(env)
    assert screen.saved_label.text() == "Settings saved."
    saved = env.ctx.settings.load()
    assert (saved.salon_name, saved.currency, saved.phone_region, saved.reconfirm_months) == (
        "Studio Róża",
        "PLN",
        "PL",
        6,
    )
    assert (env.ctx.data_dir / saved.logo_file).is_file()
    assert emitted == [1]
    # Another logo replaces the first one on the disk; removing it leaves none.
    first = saved.logo_file
    img.save(str(tmp_path / "other.jpg"))
    screen.set_logo_file(tmp_path / "other.jpg")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    second = env.ctx.settings.load().logo_file
    assert second != first and second.endswith(".jpg")
    assert sorted(p.name for p in env.ctx.data_dir.glob("logo*")) == [second]
    assert (env.ctx.data_dir / second).stat().st_mode & 0o777 == 0o600
    qtbot.mouseClick(screen.logo_remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    assert env.ctx.settings.load().logo_file == ""
    assert list(env.ctx.data_dir.glob("logo*")) == []


@pytest.mark.parametrize("kind", KINDS)
def test_settings_save_that_fails_says_why_and_saves_nothing(qtbot, make_env, tmp_path, kind):
    env = make_env("en")
    screen = SettingsScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.salon_name.clear()
    type_text(qtbot, screen.salon_name, "Studio Nowe")
    img = QImage(40, 20, QImage.Format.Format_RGB32)
    img.fill(QColor("pink"))
    img.save(str(tmp_path / "logo.png"))
    screen.set_logo_file(tmp_path / "logo.png")
    emitted = []
    env.bus.settings_changed.connect(lambda: emitted.append(1))
    with inject(env.ctx.engine, kind):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
        settle(env)
    assert screen.save_error.isVisible()
    assert EXPECTED_WORDS[kind] in screen.save_error.text()
    assert screen.saved_label.text() != "Settings saved."
    saved = env.ctx.settings.load()
    assert (saved.salon_name, saved.logo_file) == ("Salon Test", "")
    assert env.ctx.salon.salon_name == "Salon Test"  # what the screens show is unchanged too
    assert list(env.ctx.data_dir.glob("logo*")) == []  # the copied logo did not stay behind
    assert emitted == []
    assert screen.salon_name.text() == "Studio Nowe"  # still there to try again
    # Once the database takes writes again, the same click saves it all.
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    assert not screen.save_error.isVisible()
    saved = env.ctx.settings.load()
    assert saved.salon_name == "Studio Nowe" and (env.ctx.data_dir / saved.logo_file).is_file()


def test_settings_refuse_control_characters_and_a_non_image_logo(qtbot, make_env, tmp_path):
    env = make_env("en")
    screen = SettingsScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.salon_name.setText("Bad\x00name")
    (tmp_path / "notes.txt").write_text("not an image")
    screen.set_logo_file(tmp_path / "notes.txt")
    assert screen._errors.label("logo_file").isVisible()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    assert screen._errors.label("salon_name").isVisible()
    assert env.ctx.settings.load().salon_name == "Salon Test"


def test_till_settings_saved_and_a_bad_tax_rate_refused(qtbot, make_env):
    env = make_env("pl")
    screen = SettingsScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    type_text(qtbot, screen.tax_id, "PL5260001246")
    screen.default_tax.clear()
    type_text(qtbot, screen.default_tax, "8,5")
    screen.fiscal.setChecked(True)
    screen.paper.setCurrentIndex(screen.paper.findData("A4"))
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    saved = env.ctx.settings.load()
    assert (saved.tax_id, saved.default_tax_bp, saved.fiscal_printer, saved.receipt_width) == (
        "PL5260001246",
        850,
        True,
        "A4",
    )
    screen.default_tax.clear()
    type_text(qtbot, screen.default_tax, "osiem")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    settle(env)
    assert screen._errors.label("default_tax_bp").isVisible()
    assert env.ctx.settings.load().default_tax_bp == 850  # nothing saved
