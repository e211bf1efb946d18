"""The client file screen, driven as a receptionist would; the database checked after each step."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402
from sqlalchemy import text  # noqa: E402

from salon_desktop.domain.client import ClientDraft, ConsentKind, PhoneEntry  # noqa: E402
from salon_desktop.ui.clients.duplicates_dialog import DuplicatesDialog  # noqa: E402
from salon_desktop.ui.clients.file import ClientFileScreen  # noqa: E402
from salon_desktop.ui.clients.file import screen as screen_module  # noqa: E402
from salon_desktop.ui.clients.merge_dialog import MergeDialog  # noqa: E402
from tests.ui.conftest import TODAY  # noqa: E402
from tests.ui.helpers import Modal, click_button, type_text  # noqa: E402

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def screen(qtbot, make_env):
    """``screen("fa")``: a client file screen on a fresh profile in that language."""

    def factory(language: str = "en") -> ClientFileScreen:
        env = make_env(language)
        w = ClientFileScreen(env)
        qtbot.addWidget(w)
        w.resize(1100, 800)
        w.show()
        return w

    return factory


def db(env, sql: str):
    with env.ctx.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def save(qtbot, w: ClientFileScreen) -> None:
    qtbot.mouseClick(w.save_button, LEFT)


# -- Persian ---------------------------------------------------------------------------


def test_new_client_in_persian_with_persian_digits_and_jalali_birth_date(qtbot, screen):
    w = screen("fa")
    env = w._env
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    w.new_client()
    d = w.details
    type_text(qtbot, d.first_name, "سارا")
    type_text(qtbot, d.last_name, "محمدی")
    type_text(qtbot, d.phones.rows[0].number, "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    type_text(qtbot, d.birth_date.edit, "۱۳۷۰/۰۵/۱۲")
    w.tabs.setCurrentWidget(w.care)
    type_text(qtbot, w.care.allergies, "حساسیت به رنگ مو (PPD)")
    assert w.has_unsaved_changes()
    # Phones and e-mail read left to right inside the mirrored form.
    assert d.phones.rows[0].number.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert d.email.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert d.first_name.isRightToLeft()

    with qtbot.waitSignal(w.saved) as saved:
        save(qtbot, w)
    cid = saved.args[0]
    f = env.ctx.clients.get(cid)
    assert [p.number for p in f.draft.phones] == ["+989123456789"]
    assert f.draft.birth_date == dt.date(1991, 8, 3)
    assert f.draft.allergies == "حساسیت به رنگ مو (PPD)"
    assert db(env, f"SELECT created_by_id FROM clients WHERE id = {cid}")[0][0] == env.actor()
    assert not w.has_unsaved_changes()

    # Found again with Arabic letter forms (ي for ی).
    assert [r.id for r in env.ctx.search.search("محمدي").rows] == [cid]

    # Reopened: the allergy alert is unmissable, the date is Jalali in Persian digits.
    w.new_client()
    assert not w.allergy_banner.isVisible()
    w.open_client(cid)
    assert w.allergy_banner.isVisible()
    assert "حساسیت به رنگ مو (PPD)" in w.allergy_text.text()
    assert w.allergy_text.font().bold()
    assert d.birth_date.text() == "۱۳۷۰/۰۵/۱۲"
    assert w.number_label.text().endswith("۱")

    # Edit and save again.
    d.last_name.clear()
    type_text(qtbot, d.last_name, "محمدی‌نژاد")  # with a ZWNJ
    save(qtbot, w)
    assert env.ctx.clients.get(cid).draft.last_name == "محمدی‌نژاد"
    assert env.ctx.clients.count() == 1


# -- Polish ----------------------------------------------------------------------------


def test_new_client_in_polish_and_ctrl_s(qtbot, screen):
    w = screen("pl")
    env = w._env
    w.window().activateWindow()
    qtbot.waitActive(w)
    w.new_client("Żółw")
    d = w.details
    assert d.first_name.text() == "Żółw"
    type_text(qtbot, d.last_name, "Łęcka")
    type_text(qtbot, d.phones.rows[0].number, "601 234 567")
    qtbot.mouseClick(d.phones.add_button, LEFT)
    type_text(qtbot, d.phones.rows[1].number, "22 123 45 67")
    d.phones.rows[1].label.setCurrentIndex(d.phones.rows[1].label.findData("home"))
    type_text(qtbot, d.email, "zolw@example.pl")
    qtbot.keyClicks(d.birth_date.edit, "03.08.1991")
    type_text(qtbot, d.tags, "VIP, ślub")
    w.tabs.setCurrentWidget(w.care)
    type_text(qtbot, w.care.allergies, "Uczulenie na lateks")

    with qtbot.waitSignal(env.bus.client_changed) as changed:
        qtbot.keyClick(w.care.allergies, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    cid = changed.args[0]
    f = env.ctx.clients.get(cid)
    assert f.display_name == "Żółw Łęcka"
    assert [(p.number, p.label) for p in f.draft.phones] == [
        ("+48601234567", "mobile"),
        ("+48221234567", "home"),
    ]
    assert f.draft.birth_date == dt.date(1991, 8, 3)
    assert f.draft.tags == ["VIP", "ślub"]
    assert [r.id for r in env.ctx.search.search("zolw").rows] == [cid]

    w.open_client(cid)
    assert w.allergy_banner.isVisible() and "Uczulenie na lateks" in w.allergy_text.text()
    assert d.birth_date.text() == "03.08.1991"
    # Remove the home phone, save.
    qtbot.mouseClick(d.phones.rows[1].remove, LEFT)
    save(qtbot, w)
    assert [p.number for p in env.ctx.clients.get(cid).draft.phones] == ["+48601234567"]


# -- bad input -------------------------------------------------------------------------


def test_bad_email_phone_and_date_are_shown_beside_their_fields_and_nothing_is_saved(qtbot, screen):
    w = screen("en")
    env = w._env
    d = w.details
    w.new_client("Anna")
    type_text(qtbot, d.email, "anna@example")
    type_text(qtbot, d.phones.rows[0].number, "12")
    qtbot.keyClicks(d.birth_date.edit, "1/13/1990")
    save(qtbot, w)
    assert env.ctx.clients.count() == 0
    email_error = w.errors.label("email")
    phone_error = d.phones.rows[0].error
    assert email_error.isVisible() and "e-mail" in email_error.text()
    assert phone_error.isVisible() and "phone" in phone_error.text()
    assert w.errors.label("birth_date").isVisible()  # all problems at once
    assert w.tabs.currentWidget() is w.details

    # A date that is not a date is reported without asking the service.
    d.email.clear()
    d.phones.rows[0].number.clear()
    d.birth_date.edit.clear()
    qtbot.keyClicks(d.birth_date.edit, "31/02/1990")
    save(qtbot, w)
    assert env.ctx.clients.count() == 0
    assert "Not a valid date" in w.errors.label("birth_date").text()
    assert not email_error.isVisible()

    # A first name is required.
    d.birth_date.clear()
    d.first_name.clear()
    save(qtbot, w)
    assert w.errors.label("first_name").isVisible()
    assert env.ctx.clients.count() == 0

    # A future consent date is shown beside that consent.
    type_text(qtbot, d.first_name, "Anna")
    qtbot.mouseClick(w.consents.boxes[ConsentKind.MARKETING_SMS], LEFT)
    w.consents.dates[ConsentKind.MARKETING_SMS].setDate(TODAY + dt.timedelta(days=3))
    save(qtbot, w)
    assert env.ctx.clients.count() == 0
    assert w.tabs.currentWidget() is w.consents
    assert w.errors.label("consent.marketing_sms").isVisible()


# -- duplicates ------------------------------------------------------------------------


def _existing(env, first="Ewa", last="Nowak", phone="601 234 567", **kw) -> int:
    return env.ctx.clients.create(
        ClientDraft(first_name=first, last_name=last, phones=[PhoneEntry(phone, "mobile")], **kw),
        actor_id=None,
    )


def test_duplicate_phone_offers_the_existing_file(qtbot, screen):
    w = screen("pl")
    env = w._env
    existing = _existing(env, allergies="Lateks")
    w.new_client("Ewa")
    type_text(qtbot, w.details.phones.rows[0].number, "+48 601-234-567")

    def choose_open(dialog):
        assert isinstance(dialog, DuplicatesDialog)
        assert dialog.table.rowCount() == 1
        assert "Nowak" in dialog.table.item(0, 1).text()
        qtbot.mouseClick(dialog.open_button, LEFT)

    modal = Modal(choose_open)
    with qtbot.waitSignal(w.open_requested) as opened:
        save(qtbot, w)
    modal.check()
    assert opened.args == [existing]
    assert w.current_client_id() == existing
    assert w.allergy_banner.isVisible()
    assert env.ctx.clients.count() == 1


def test_duplicate_saved_anyway_or_cancelled(qtbot, screen):
    w = screen("en")
    env = w._env
    _existing(env, phone="07911 123123")
    w.new_client("Ewa")
    type_text(qtbot, w.details.phones.rows[0].number, "07911 123123")
    modal = Modal(lambda dialog: qtbot.mouseClick(dialog.cancel_button, LEFT))
    save(qtbot, w)
    modal.check()
    assert env.ctx.clients.count() == 1
    assert w.current_client_id() is None and w.has_unsaved_changes()

    modal = Modal(lambda dialog: qtbot.mouseClick(dialog.new_button, LEFT))
    save(qtbot, w)
    modal.check()
    assert env.ctx.clients.count() == 2
    assert w.current_client_id() is not None


# -- merge -----------------------------------------------------------------------------


def test_merge_two_files_through_the_dialog(qtbot, screen):
    w = screen("fa")
    env = w._env
    keep = _existing(env, "مریم", "کریمی", "0912 111 2233")
    other = _existing(
        env,
        "مریم",
        "کریمی‌پور",
        "0935 444 5566",
        email="maryam@example.com",
        birth_date=dt.date(1990, 1, 1),
    )
    env.ctx.clients.add_formula(other, TODAY, "6.0 + 20 vol", None, actor_id=None)
    w.open_client(keep)

    def merge(dialog):
        assert isinstance(dialog, MergeDialog)
        assert not dialog.merge_button.isEnabled()
        type_text(qtbot, dialog.picker.edit, "کریمی‌پور")
        assert [r.id for r in dialog.picker.results()] == [other]  # never the open file
        qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Return)
        assert dialog.other_id() == other
        assert "۰۹۳۵" in dialog.other_box.phones.text()
        qtbot.mouseClick(dialog.merge_button, LEFT)

    modal = Modal(merge)
    qtbot.mouseClick(w.merge_button, LEFT)
    modal.check()
    kept = env.ctx.clients.get(keep)
    gone = env.ctx.clients.get(other)
    assert [p.number for p in kept.draft.phones] == ["+989121112233", "+989354445566"]
    assert kept.draft.email == "maryam@example.com"
    assert [f.formula for f in kept.formulas] == ["6.0 + 20 vol"]
    assert gone.archived and gone.merged_into_id == keep and gone.draft.phones == []
    # The screen shows the merged file.
    assert w.details.phones.rows[1].number.text() == "۰۹۳۵ ۴۴۴ ۵۵۶۶"
    assert w.care.formulas.model.rowCount() == 1

    # The archived file says where it went, and opens it.
    w.open_client(other)
    assert w.archived_banner.isVisible() and "کریمی" in w.archived_text.text()
    assert not w.save_button.isEnabled() and not w.merge_button.isEnabled()
    with qtbot.waitSignal(w.open_requested):
        qtbot.mouseClick(w.open_merged_button, LEFT)
    assert w.current_client_id() == keep


# -- consents, formulas, photos ----------------------------------------------------------


def test_consents_and_a_colour_formula(qtbot, screen):
    w = screen("en")
    env = w._env
    cid = _existing(env, "Kate", "Bell", "07911 123456")
    w.open_client(cid)
    w.tabs.setCurrentWidget(w.consents)
    box = w.consents.boxes[ConsentKind.DATA_PROCESSING]
    qtbot.mouseClick(box, LEFT)
    assert box.isChecked()
    assert w.consents.dates[ConsentKind.DATA_PROCESSING].date() == TODAY
    qtbot.mouseClick(w.consents.boxes[ConsentKind.HEALTH_DATA], LEFT)
    health = w.consents.dates[ConsentKind.HEALTH_DATA]
    health.edit.clear()
    qtbot.keyClicks(health.edit, "01/11/2026")
    save(qtbot, w)
    assert env.ctx.clients.get(cid).draft.consents == {
        ConsentKind.DATA_PROCESSING: TODAY,
        ConsentKind.HEALTH_DATA: dt.date(2026, 11, 1),
    }

    # Unticking withdraws the consent.
    qtbot.mouseClick(w.consents.boxes[ConsentKind.HEALTH_DATA], LEFT)
    save(qtbot, w)
    assert set(env.ctx.clients.get(cid).draft.consents) == {ConsentKind.DATA_PROCESSING}

    w.tabs.setCurrentWidget(w.care)
    box = w.care.formulas
    assert box.date.date() == TODAY
    box.date.edit.clear()
    qtbot.keyClicks(box.date.edit, "20/11/2026")
    qtbot.keyClicks(box.formula, "7.1 + 8.1 (1:1), 6% oxidant")
    with qtbot.waitSignal(env.bus.client_changed):
        qtbot.mouseClick(box.add_button, LEFT)
    formulas = env.ctx.clients.get(cid).formulas
    assert [(f.applied_on, f.formula, f.staff_id) for f in formulas] == [
        (dt.date(2026, 11, 20), "7.1 + 8.1 (1:1), 6% oxidant", env.actor())
    ]
    assert box.model.rowCount() == 1 and "20/11/2026" in box.model.index(0, 0).data()
    assert not w.has_unsaved_changes()

    # An empty formula is refused beside the field.
    qtbot.mouseClick(box.add_button, LEFT)
    assert box.errors.label("formula").isVisible()
    assert len(env.ctx.clients.get(cid).formulas) == 1

    box.table.selectRow(0)
    import salon_desktop.ui.clients.file.care_tab as care_tab

    care_tab.confirm, old = (lambda *a, **k: True), care_tab.confirm
    try:
        qtbot.mouseClick(box.remove_button, LEFT)
    finally:
        care_tab.confirm = old
    assert env.ctx.clients.get(cid).formulas == []


def test_photo_added_from_a_file_shows_a_thumbnail(qtbot, screen, tmp_path, monkeypatch):
    w = screen("en")
    env = w._env
    cid = _existing(env, "Kate", "Bell", "07911 123456")
    w.new_client()
    assert not w.photos.add_button.isEnabled()  # a file must exist first
    w.open_client(cid)
    png = tmp_path / "before.png"
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#d08770"))
    assert image.save(str(png))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")

    w.tabs.setCurrentWidget(w.photos)
    type_text(qtbot, w.photos.note, "Before balayage")
    assert w.photos.add_photo_file(png)
    assert w.photos.add_photo_file(broken)
    photos = env.ctx.clients.get(cid).photos
    assert len(photos) == 2 and all(p.path.is_file() for p in photos)
    assert photos[0].path.parent.parent == env.ctx.data_dir / "photos"
    strip = w.photos.strip
    assert strip.count() == 2
    readable = {strip.photo_id(i): strip.is_readable(i) for i in range(strip.count())}
    by_note = {p.note: p.id for p in photos}
    assert readable[by_note["Before balayage"]] is True
    assert readable[by_note[""]] is False  # shown with a placeholder
    assert not strip.item(0).icon().isNull()

    # The "Add photo…" button goes through a file dialog.
    import salon_desktop.ui.clients.file.photos_tab as photos_tab

    monkeypatch.setattr(
        photos_tab.QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(png), ""))
    )
    qtbot.mouseClick(w.photos.add_button, LEFT)
    assert strip.count() == 3

    monkeypatch.setattr(photos_tab, "confirm", lambda *a, **k: True)
    strip.setCurrentRow(0)
    strip.item(0).setSelected(True)
    qtbot.mouseClick(w.photos.remove_button, LEFT)
    assert len(env.ctx.clients.get(cid).photos) == 2
    assert strip.count() == 2


# -- closing, archive, contact confirmation, concurrent edits ------------------------------


def test_esc_asks_before_dropping_changes(qtbot, screen):
    w = screen("en")
    w.new_client("Anna")
    w.activateWindow()
    qtbot.waitActive(w)
    closed = []
    w.closed.connect(lambda: closed.append(True))
    assert not w.has_unsaved_changes()  # the name typed in the search is not worth a question
    type_text(qtbot, w.details.last_name, "Nowak")
    assert w.has_unsaved_changes()

    modal = Modal(lambda box: click_button(box, "Keep editing"))
    qtbot.keyClick(w.details.first_name, Qt.Key.Key_Escape)
    assert isinstance(modal.check(), QMessageBox)
    assert closed == []

    # The offscreen platform gives the focus back to nobody when the box closes.
    w.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.details.first_name.setFocus()
    modal = Modal(lambda box: click_button(box, "Discard changes"))
    qtbot.keyClick(w.details.first_name, Qt.Key.Key_Escape)
    modal.check()
    assert closed == [True]
    assert w._env.ctx.clients.count() == 0

    cid = _existing(w._env, "Kate", "Bell", "07911 123456")
    w.open_client(cid)
    qtbot.mouseClick(w.close_button, LEFT)  # nothing changed: no question
    assert closed == [True, True]


def test_archive_and_restore(qtbot, screen, monkeypatch):
    w = screen("en")
    env = w._env
    cid = _existing(env, "Kate", "Bell", "07911 123456")
    monkeypatch.setattr(screen_module, "confirm", lambda *a, **k: True)
    w.open_client(cid)
    qtbot.mouseClick(w.archive_button, LEFT)
    assert env.ctx.clients.get(cid).archived
    assert w.archived_banner.isVisible() and w.archive_button.text() == "Restore"
    assert env.ctx.search.search("Bell").rows == []
    qtbot.mouseClick(w.archive_button, LEFT)
    assert not env.ctx.clients.get(cid).archived
    assert w.save_button.isEnabled()


def test_stale_contact_details_confirmed(qtbot, screen):
    w = screen("en")
    env = w._env
    cid = _existing(env, "Kate", "Bell", "07911 123456", contact_confirmed_on=dt.date(2024, 1, 5))
    w.open_client(cid)
    assert w.stale_banner.isVisible() and "05/01/2024" in w.stale_text.text()
    with qtbot.waitSignal(env.bus.client_changed):
        qtbot.mouseClick(w.confirm_button, LEFT)
    assert env.ctx.clients.get(cid).draft.contact_confirmed_on == TODAY
    assert not w.stale_banner.isVisible()
    assert w.details.contact_confirmed_on.date() == TODAY
    # Saving afterwards is not a conflict with the confirmation.
    type_text(qtbot, w.details.last_name, "-Smith")
    save(qtbot, w)
    assert env.ctx.clients.get(cid).draft.last_name == "Bell-Smith"


def test_someone_else_saved_first(qtbot, screen, monkeypatch):
    w = screen("en")
    env = w._env
    cid = _existing(env, "Kate", "Bell", "07911 123456")
    w.open_client(cid)
    other = env.ctx.clients.get(cid).draft
    other.notes = "Changed at the other desk"
    env.ctx.clients.update(cid, other, actor_id=None)

    type_text(qtbot, w.details.last_name, "-Smith")
    asked = []
    monkeypatch.setattr(screen_module, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    save(qtbot, w)
    assert asked and "Someone else" in asked[0]
    f = env.ctx.clients.get(cid)
    assert f.draft.last_name == "Bell" and f.draft.notes == "Changed at the other desk"
    assert w.notes.notes.toPlainText() == "Changed at the other desk"  # reloaded


def test_referrer_picked_by_typing(qtbot, screen):
    w = screen("pl")
    env = w._env
    ref = _existing(env, "Zofia", "Wójcik", "601 000 111")
    w.new_client("Ola")
    type_text(qtbot, w.details.referred_by.edit, "wojc")
    assert [r.id for r in w.details.referred_by.results()] == [ref]
    popup = w.details.referred_by.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert w.details.referred_by.client_id() == ref
    assert w.details.source.currentData() == "recommendation"
    with qtbot.waitSignal(w.saved) as saved:
        save(qtbot, w)
    f = env.ctx.clients.get(saved.args[0])
    assert f.draft.referred_by_id == ref and f.referred_by_name == "Zofia Wójcik"

    # Text that picks nobody is refused beside the field.
    w.new_client("Ala")
    type_text(qtbot, w.details.referred_by.edit, "nikt taki")
    save(qtbot, w)
    assert w.errors.label("referred_by_id").isVisible()


# -- the desk, hardened ---------------------------------------------------------------------


def test_a_possible_but_invalid_phone_is_refused_beside_the_field(qtbot, screen):
    """09123 was stored as +989123: long enough to be "possible", not a number anyone has."""
    w = screen("fa")
    env, d = w._env, w.details
    w.new_client("سارا")
    type_text(qtbot, d.phones.rows[0].number, "۰۹۱۲۳")
    save(qtbot, w)
    assert env.ctx.clients.count() == 0
    error = d.phones.rows[0].error
    assert error.isVisible() and error.text()
    d.phones.rows[0].number.clear()
    type_text(qtbot, d.phones.rows[0].number, "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    with qtbot.waitSignal(w.saved) as saved:
        save(qtbot, w)
    assert [p.number for p in env.ctx.clients.get(saved.args[0]).draft.phones] == ["+989123456789"]


@pytest.mark.parametrize("tab, field", [("details", "first_name"), ("notes", "notes")])
def test_text_that_would_reorder_a_receipt_is_refused_beside_its_field(qtbot, screen, tab, field):
    """A right-to-left override at the end of a name reverses what is printed after it."""
    w = screen("en")
    env = w._env
    w.new_client("Anna")
    w.tabs.setCurrentWidget(getattr(w, tab))
    edit = getattr(getattr(w, tab), field)
    if hasattr(edit, "setPlainText"):
        edit.setPlainText("Anna\u202e 0.00 :latoT")
    else:
        edit.setText("Anna\u202e")
    save(qtbot, w)
    assert env.ctx.clients.count() == 0
    label = w.errors.label(field)
    assert label.isVisible() and "direction" in label.text()
    assert w.tabs.currentWidget() is getattr(w, tab)


def test_a_new_file_does_not_ask_to_confirm_what_was_just_taken(qtbot, screen):
    w = screen("en")
    env, d = w._env, w.details
    w.new_client("Anna")
    type_text(qtbot, d.phones.rows[0].number, "07911 123123")
    with qtbot.waitSignal(w.saved):
        save(qtbot, w)
    assert not w.stale_banner.isVisible()
    assert d.contact_confirmed_on.date() == env.ctx.clients.today()


def test_files_opened_one_after_another_show_their_own_phones_and_staff(qtbot, screen):
    """The phone rows and the staff list are kept between files (nothing rebuilt on
    each opening): each file still shows exactly its own phones, no earlier error or
    label left behind, and a stylist added meanwhile is in the list."""
    w = screen("en")
    env = w._env
    d = w.details
    two = env.ctx.clients.create(
        ClientDraft(
            first_name="Ewa",
            last_name="Nowak",
            phones=[PhoneEntry("07922 123456", "Husband"), PhoneEntry("07922 123457", "mobile")],
        ),
        actor_id=None,
    )
    one = _existing(env, "Anna", "Kowalska", "07922 111222")
    w.open_client(two)
    assert [r.number.text() for r in d.phones.rows] == ["07922 123456", "07922 123457"]
    assert d.phones.rows[0].label.currentText() == "Husband"
    # a bad number typed on Ewa's first row, refused beside it
    d.phones.rows[0].number.clear()
    type_text(qtbot, d.phones.rows[0].number, "12")
    save(qtbot, w)
    assert d.phones.rows[0].error.isVisible()
    w.discard_changes()
    w.open_client(one)
    assert [r.number.text() for r in d.phones.rows] == ["07922 111222"]
    row = d.phones.rows[0]
    assert not row.error.isVisible() and row.label.currentData() == "mobile"
    assert row.label.findText("Husband") < 0  # Ewa's own label is not offered to Anna
    names = [d.preferred_staff.itemText(i) for i in range(d.preferred_staff.count())]
    assert "Zoe Stylist" not in names
    env.ctx.staff.add("Zoe Stylist", "stylist")
    env.bus.staff_changed.emit()
    w.open_client(two)
    assert [r.number.text() for r in d.phones.rows] == ["07922 123456", "07922 123457"]
    names = [d.preferred_staff.itemText(i) for i in range(d.preferred_staff.count())]
    assert "Zoe Stylist" in names
    # Tab still walks Ewa's rows in order, and an edit is saved to her file
    with qtbot.waitActive(w):  # focus moves only in the active window
        w.activateWindow()
    qtbot.waitUntil(d.phones.rows[1].number.isVisible)  # a row added is shown by the loop
    d.phones.rows[0].number.setFocus()
    qtbot.keyClick(d.phones.rows[0].number, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.phones.rows[0].label
    qtbot.keyClick(d.phones.rows[0].label, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.phones.rows[1].number
    assert d.phones.rows[0].label.currentText() == "Husband"
    d.phones.rows[1].number.clear()
    type_text(qtbot, d.phones.rows[1].number, "07922 123458")
    save(qtbot, w)
    numbers = [p.number for p in env.ctx.clients.get(two).draft.phones]
    assert numbers == ["+447922123456", "+447922123458"]
    assert [p.number for p in env.ctx.clients.get(one).draft.phones] == ["+447922111222"]
