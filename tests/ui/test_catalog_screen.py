"""The catalog page, driven at the keyboard as the receptionist or manager does."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from salon_desktop.services.catalog import ProductItem, ServiceItem
from salon_desktop.ui.catalog.screen import PRODUCTS, CatalogScreen
from salon_desktop.ui.widgets.money_field import PercentField
from tests.ui.helpers import Modal, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


def open_screen(qtbot, env) -> CatalogScreen:
    screen = CatalogScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def new_dialog(qtbot, screen, tab):
    """Ctrl+N from the tab's table, as a user does; the dialog that opened."""
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, CTRL)
    dialog = tab.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def fill(qtbot, field, text: str) -> None:
    field.clear()
    type_text(qtbot, field, text)


def rate_editor(tab) -> PercentField:
    editors = [e for e in tab.table.findChildren(PercentField, "commissionEditor") if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def product(env, name, barcode="", stock=0, reorder=0, price=1000) -> ProductItem:
    return env.ctx.catalog.save_product(
        ProductItem(0, name, "", barcode, price, 0, 0, stock, reorder), actor_id=env.actor()
    )


def test_service_typed_into_the_dialog_and_saved_with_enter(qtbot, make_env):
    env = make_env("en")
    announced = []
    env.bus.catalog_changed.connect(lambda: announced.append(1))
    screen = open_screen(qtbot, env)
    dialog = new_dialog(qtbot, screen, screen.services)
    type_text(qtbot, dialog.name, "Cut and blow-dry")
    type_text(qtbot, dialog.price, "45.50")
    fill(qtbot, dialog.duration, "60")
    fill(qtbot, dialog.tax, "20")
    type_text(qtbot, dialog.material, "3")
    qtbot.keyClick(dialog.material, ENTER)
    assert not dialog.isVisible()
    [saved] = env.ctx.catalog.services()
    assert (
        saved.name,
        saved.price,
        saved.duration_min,
        saved.tax_rate_bp,
        saved.material_cost,
    ) == ("Cut and blow-dry", 4550, 60, 2000, 300)
    assert announced == [1]
    table = screen.services.model
    assert [table.index(0, c).data() for c in range(5)] == [
        "Cut and blow-dry",
        "",
        "£45.50",
        "60 min",
        "20 %",
    ]
    assert screen.services.current().id == saved.id
    # Enter on the selected row edits it; the new price is saved.
    qtbot.keyClick(screen.services.table, ENTER)
    edit = screen.services.dialog
    assert edit is not dialog and edit.price.value() == 4550
    fill(qtbot, edit.price, "48")
    qtbot.keyClick(edit.price, ENTER)
    assert env.ctx.catalog.get_service(saved.id).price == 4800
    assert screen.services.model.index(0, 2).data() == "£48.00"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "cannot be negative"),
        ("abc", "Not an amount"),
        ("", "Enter the price"),
    ],
)
def test_bad_price_refused_beside_the_field_and_nothing_saved(qtbot, make_env, typed, message):
    env = make_env("en")
    screen = open_screen(qtbot, env)
    dialog = new_dialog(qtbot, screen, screen.services)
    type_text(qtbot, dialog.name, "Manicure")
    type_text(qtbot, dialog.price, typed)
    qtbot.keyClick(dialog.price, ENTER)
    label = dialog.errors.label("price")
    assert dialog.isVisible()
    assert label.isVisible() and message in label.text()
    assert env.ctx.catalog.services(include_inactive=True) == []
    # Corrected, it saves.
    fill(qtbot, dialog.price, "30")
    qtbot.keyClick(dialog.price, ENTER)
    assert [s.price for s in env.ctx.catalog.services()] == [3000]


def test_service_without_a_name_and_duration_shows_both_errors(qtbot, make_env):
    env = make_env("en")
    screen = open_screen(qtbot, env)
    dialog = new_dialog(qtbot, screen, screen.services)
    type_text(qtbot, dialog.price, "30")
    fill(qtbot, dialog.duration, "0")
    qtbot.keyClick(dialog.price, ENTER)
    assert dialog.errors.label("name").isVisible()
    assert "required" in dialog.errors.label("name").text()
    assert dialog.errors.label("duration_min").isVisible()
    assert env.ctx.catalog.services(include_inactive=True) == []


def test_category_added_and_new_service_goes_into_the_chosen_category(qtbot, make_env):
    env = make_env("en")
    screen = open_screen(qtbot, env)
    tab = screen.services
    qtbot.mouseClick(tab.new_category_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, tab.dialog.name, "Nails")
    qtbot.keyClick(tab.dialog.name, ENTER)
    [cat] = env.ctx.catalog.categories()
    assert cat.name == "Nails" and tab.category_filter() == cat.id
    dialog = new_dialog(qtbot, screen, tab)
    assert dialog.category.currentData() == cat.id
    type_text(qtbot, dialog.name, "Gel polish")
    type_text(qtbot, dialog.price, "25")
    qtbot.keyClick(dialog.name, ENTER)
    [svc] = env.ctx.catalog.services()
    assert (svc.category_id, svc.category) == (cat.id, "Nails")
    assert tab.model.index(0, 1).data() == "Nails"
    # A second category with the same name is refused beside the field.
    qtbot.mouseClick(tab.new_category_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, tab.dialog.name, "Nails")
    qtbot.keyClick(tab.dialog.name, ENTER)
    assert tab.dialog.isVisible() and tab.dialog.errors.label("name").isVisible()


def test_delete_takes_a_service_off_the_list_after_asking(qtbot, make_env):
    env = make_env("en")
    kept = env.ctx.catalog.save_service(ServiceItem(0, "Colour", None, "", 9000, 90, 0, 0))
    gone = env.ctx.catalog.save_service(ServiceItem(0, "Perm", None, "", 7000, 120, 0, 0))
    screen = open_screen(qtbot, env)
    tab = screen.services
    tab.table.select_row(tab.model.row_of(gone.id))
    modal = Modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    modal.check()
    assert env.ctx.catalog.get_service(gone.id).active
    modal = Modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    modal.check()
    assert not env.ctx.catalog.get_service(gone.id).active
    assert [r.id for r in tab.model.rows] == [kept.id]
    tab.show_inactive.setChecked(True)
    assert {r.id for r in tab.model.rows} == {kept.id, gone.id}


def test_product_created_with_barcode_then_found_by_scanning(qtbot, make_env):
    env = make_env("en")
    other = product(env, "Argan oil", barcode="4000000000001")
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    tab = screen.products
    dialog = new_dialog(qtbot, screen, tab)
    type_text(qtbot, dialog.name, "Shampoo 250 ml")
    type_text(qtbot, dialog.barcode, "5901234123457")
    qtbot.keyClick(dialog.barcode, ENTER)  # the scanner's Enter moves on, it does not save
    assert dialog.isVisible()
    type_text(qtbot, dialog.price, "12.99")
    type_text(qtbot, dialog.cost, "6")
    fill(qtbot, dialog.stock, "4")
    fill(qtbot, dialog.reorder, "2")
    qtbot.keyClick(dialog.price, ENTER)
    assert not dialog.isVisible()
    made = env.ctx.catalog.find_code("5901234123457")
    assert (made.name, made.price, made.cost, made.stock, made.reorder_level) == (
        "Shampoo 250 ml",
        1299,
        600,
        4,
        2,
    )
    # Scan the code into the search field: the product is selected.
    tab.table.select_row(tab.model.row_of(other.id))
    tab.search.setFocus()
    type_text(qtbot, tab.search, "5901234123457")
    qtbot.keyClick(tab.search, ENTER)
    assert tab.current().id == made.id
    assert tab.search.selectedText() == "5901234123457"  # the next scan replaces it
    assert "Shampoo" in tab.history_title.text()
    assert tab.history.rowCount() == 1  # the opening stock
    # An unknown code says so.
    type_text(qtbot, tab.search, "999")
    qtbot.keyClick(tab.search, ENTER)
    assert "999" in tab.message.text()


def test_product_with_a_barcode_already_used_is_refused(qtbot, make_env):
    env = make_env("en")
    product(env, "Argan oil", barcode="4000000000001")
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    dialog = new_dialog(qtbot, screen, screen.products)
    type_text(qtbot, dialog.name, "Copy")
    type_text(qtbot, dialog.barcode, "4000000000001")
    type_text(qtbot, dialog.price, "5")
    qtbot.keyClick(dialog.price, ENTER)
    assert dialog.isVisible() and dialog.errors.label("barcode").isVisible()
    assert [p.name for p in env.ctx.catalog.products()] == ["Argan oil"]


def test_receive_then_adjust_with_a_reason(qtbot, make_env):
    env = make_env("en")
    item = product(env, "Hair mask")
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    tab = screen.products
    assert tab.current().id == item.id
    qtbot.mouseClick(tab.receive_button, Qt.MouseButton.LeftButton)
    receive = tab.dialog
    type_text(qtbot, receive.qty, "5")
    type_text(qtbot, receive.note, "Delivery 12/11")
    qtbot.keyClick(receive.qty, ENTER)
    assert env.ctx.catalog.get_product(item.id).stock == 5
    assert tab.model.index(0, 6).data() == "5"
    # Adjust to 3 without a reason: refused beside the reason, stock unchanged.
    qtbot.mouseClick(tab.adjust_button, Qt.MouseButton.LeftButton)
    adjust = tab.dialog
    type_text(qtbot, adjust.counted, "3")
    qtbot.keyClick(adjust.counted, ENTER)
    assert adjust.isVisible() and adjust.errors.label("reason").isVisible()
    assert env.ctx.catalog.get_product(item.id).stock == 5
    type_text(qtbot, adjust.reason, "Stock count")
    qtbot.keyClick(adjust.reason, ENTER)
    assert not adjust.isVisible()
    assert env.ctx.catalog.get_product(item.id).stock == 3
    assert tab.model.index(0, 6).data() == "3"
    history = [
        [tab.history.index(r, c).data() for c in (1, 2, 3)] for r in range(tab.history.rowCount())
    ]
    assert history == [["−2", "Adjusted", "Stock count"], ["+5", "Received", "Delivery 12/11"]]


def test_receiving_nothing_or_nonsense_is_refused(qtbot, make_env):
    env = make_env("en")
    item = product(env, "Hair mask", stock=1)
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    qtbot.mouseClick(screen.products.receive_button, Qt.MouseButton.LeftButton)
    receive = screen.products.dialog
    for typed in ("0", "two", ""):
        fill(qtbot, receive.qty, typed)
        qtbot.keyClick(receive.qty, ENTER)
        assert receive.isVisible() and receive.errors.label("qty").isVisible(), typed
    assert env.ctx.catalog.get_product(item.id).stock == 1


def test_low_stock_filter_shows_the_reorder_list_highlighted(qtbot, make_env):
    env = make_env("en")
    low = product(env, "Conditioner", stock=2, reorder=2)
    empty = product(env, "Hair spray", stock=0, reorder=1)
    plenty = product(env, "Shampoo", stock=9, reorder=3)
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    tab = screen.products
    assert {r.id for r in tab.model.rows} == {low.id, empty.id, plenty.id}
    colours = {
        r.name: tab.model.index(i, 0).data(Qt.ItemDataRole.BackgroundRole)
        for i, r in enumerate(tab.model.rows)
    }
    assert colours["Shampoo"] is None and colours["Conditioner"] is not None
    qtbot.mouseClick(tab.low_only, Qt.MouseButton.LeftButton)
    assert tab.low_only.isChecked()
    assert [r.id for r in tab.model.rows] == [low.id, empty.id]
    assert {r.id for r in tab.model.rows} == {p.id for p in env.ctx.catalog.low_stock()}
    # Receiving enough takes it off the list.
    tab.table.select_row(tab.model.row_of(low.id))
    qtbot.mouseClick(tab.receive_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, tab.dialog.qty, "10")
    qtbot.keyClick(tab.dialog.qty, ENTER)
    assert [r.id for r in tab.model.rows] == [empty.id]


def test_commission_rates_edited_in_the_table_and_saved(qtbot, make_env):
    env = make_env("pl")
    stylist = env.ctx.staff.add("Ola", "Fryzjerka")
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(2)
    tab = screen.commission
    assert [m.name for m, _rate in tab.model.rows] == ["Mina", "Ola"]
    row = [m.id for m, _rate in tab.model.rows].index(stylist.id)
    for col, typed in ((1, "12,5"), (2, "8")):
        tab.table.setCurrentIndex(tab.model.index(row, col))
        tab.table.setFocus()
        qtbot.keyClick(tab.table, Qt.Key.Key_F2)
        editor = rate_editor(tab)
        editor.selectAll()
        type_text(qtbot, editor, typed)
        qtbot.keyClick(editor, ENTER)  # the delegate commits in a queued call
        qtbot.waitUntil(lambda: tab.table.state() == QAbstractItemView.State.NoState)
    rate = env.ctx.catalog.commissions()[stylist.id]
    assert (rate.service_bp, rate.product_bp) == (1250, 800)
    assert tab.model.index(row, 1).data() == "12,5 %"
    # Nonsense is refused with a message and nothing changes.
    tab.table.setCurrentIndex(tab.model.index(row, 1))
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    editor = rate_editor(tab)
    editor.selectAll()
    type_text(qtbot, editor, "150")
    qtbot.keyClick(editor, ENTER)
    qtbot.waitUntil(tab.error.isVisible)
    assert "100" in tab.error.text()
    assert env.ctx.catalog.commissions()[stylist.id].service_bp == 1250


def test_a_new_staff_member_appears_in_commission(qtbot, make_env):
    env = make_env("en")
    screen = open_screen(qtbot, env)
    env.ctx.staff.add("Sara", "Stylist")
    env.bus.staff_changed.emit()
    assert "Sara" in [m.name for m, _rate in screen.commission.model.rows]


def test_changes_made_elsewhere_show_after_catalog_changed(qtbot, make_env):
    env = make_env("en")
    screen = open_screen(qtbot, env)
    item = product(env, "Serum", stock=3)
    assert screen.products.model.rowCount() == 0
    env.ctx.catalog.adjust(item.id, 1, "Sold elsewhere")
    env.bus.catalog_changed.emit()
    assert [(r.name, r.stock) for r in screen.products.model.rows] == [("Serum", 1)]


def test_persian_screen_shows_toman_amounts_in_persian_digits(qtbot, make_env):
    env = make_env("fa")
    env.ctx.catalog.save_service(ServiceItem(0, "کوتاهی مو", None, "", 1_200_000, 45, 900, 0))
    product(env, "شامپو", barcode="6260000000011", stock=12, reorder=3, price=2_500_000)
    screen = open_screen(qtbot, env)
    assert screen.layoutDirection() == Qt.LayoutDirection.RightToLeft
    svc = [screen.services.model.index(0, c).data() for c in (2, 3, 4)]
    assert svc[0].startswith("۱۲۰٬۰۰۰") and not any(ch in "0123456789" for ch in "".join(svc))
    assert svc[2] == "۹٪"
    prod = [screen.products.model.index(0, c).data() for c in (3, 6, 7)]
    assert prod[0].startswith("۲۵۰٬۰۰۰") and prod[1:] == ["۱۲", "۳"]
    screen.tabs.setCurrentIndex(PRODUCTS)
    # A stock change keeps its sign on the left of the number in right-to-left text.
    assert screen.products.history.index(0, 1).data() == "\u2066+۱۲\u2069"


def test_toman_price_typed_in_toman_is_stored_in_rials(qtbot, make_env):
    env = make_env("fa")
    assert env.ctx.salon.currency == "IRT"
    screen = open_screen(qtbot, env)
    dialog = new_dialog(qtbot, screen, screen.services)
    type_text(qtbot, dialog.name, "رنگ مو")
    type_text(qtbot, dialog.price, "120,000")
    qtbot.keyClick(dialog.price, ENTER)
    [svc] = env.ctx.catalog.services()
    assert svc.price == 1_200_000
    # Persian digits and separators too; the field shows the amount it read.
    qtbot.keyClick(screen.services.table, ENTER)
    edit = screen.services.dialog
    assert edit.price.text() == "۱۲۰٬۰۰۰"
    fill(qtbot, edit.price, "۹۵٬۵۰۰")
    qtbot.keyClick(edit.price, ENTER)
    assert env.ctx.catalog.get_service(svc.id).price == 955_000


def test_ctrl_n_on_the_catalog_page_makes_an_item_not_a_client(qtbot, main_window):
    window = main_window("en")
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.stack.currentWidget() is window.catalog
    catalog = window.catalog
    catalog.tabs.setCurrentIndex(PRODUCTS)
    catalog.products.search.setFocus()
    qtbot.keyClick(catalog.products.search, Qt.Key.Key_N, CTRL)
    assert window.stack.currentWidget() is window.catalog
    qtbot.waitUntil(
        lambda: catalog.products.dialog is not None and catalog.products.dialog.isVisible()
    )
    catalog.products.dialog.reject()


def test_deactivated_product_can_be_sold_again(qtbot, make_env):
    env = make_env("en")
    item = product(env, "Old gel")
    env.ctx.catalog.save_product(dataclasses.replace(item, active=False))
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    tab = screen.products
    assert tab.model.rowCount() == 0
    tab.show_inactive.setChecked(True)
    tab.table.select_row(0)
    qtbot.keyClick(tab.table, ENTER)
    tab.dialog.active.setChecked(True)
    qtbot.keyClick(tab.dialog.name, ENTER)
    assert env.ctx.catalog.get_product(item.id).active


def tab_chain(start, n: int) -> list:
    """The next ``n`` widgets Tab reaches from ``start``."""
    out, w = [], start
    while len(out) < n:
        w = w.nextInFocusChain()
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(w)
    return out


def test_tab_goes_down_the_product_form_then_to_save(qtbot, make_env):
    env = make_env("en")
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    d = new_dialog(qtbot, screen, screen.products)
    save = d.buttons.buttons()[0]
    assert tab_chain(d.name, 8) == [
        d.barcode,
        d.sku,
        d.price,
        d.cost,
        d.tax,
        d.reorder,
        d.stock,
        save,
    ]


def test_double_click_edits_a_product(qtbot, make_env):
    env = make_env("en")
    item = product(env, "Old gel")
    screen = open_screen(qtbot, env)
    screen.tabs.setCurrentIndex(PRODUCTS)
    tab = screen.products
    qtbot.waitExposed(tab.table)
    rect = tab.table.visualRect(tab.model.index(0, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    assert tab.dialog.name.text() == "Old gel"
    fill(qtbot, tab.dialog.name, "New gel")
    qtbot.keyClick(tab.dialog.name, ENTER)
    assert env.ctx.catalog.get_product(item.id).name == "New gel"
