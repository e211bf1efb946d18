"""The window as this PC left it: place, size, splitters and columns come back at the
next start, and a window saved on a big monitor still fits a 1024×768 screen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter

from salon_desktop.services.desk import DeskPrefsStore
from salon_desktop.ui.layout_memory import WINDOW, clamp_rect, restore_window
from salon_desktop.ui.main_window import MainWindow
from tests.ui.helpers import settle

SMALL = QRect(0, 0, 1024, 768)

coord = st.integers(-5000, 5000)
size = st.integers(1, 5000)


@given(coord, coord, size, size)
def test_a_saved_window_always_comes_back_on_the_screen(x, y, w, h):
    got = clamp_rect(QRect(x, y, w, h), SMALL)
    assert SMALL.contains(got)
    assert got.width() == min(w, 1024) and got.height() == min(h, 768)
    if SMALL.contains(QRect(x, y, w, h)):
        assert got == QRect(x, y, w, h)  # a window that fits is left where it was


def test_a_window_saved_on_a_big_monitor_fits_the_small_one(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    assert restore_window(window, {WINDOW: [2600, 300, 2400, 1300, 0]})
    avail = QGuiApplication.primaryScreen().availableGeometry()
    assert avail.contains(window.geometry())
    assert window.width() == avail.width()
    # Nothing saved, or a file edited by hand: the default size.
    assert not restore_window(window, {})
    store = DeskPrefsStore(tmp_path)
    (tmp_path / "desk.json").write_text('{"layout": {"window": ["x"], "ok": [1, 2]}}')
    assert store.load().layout == {"ok": [1, 2]}


def test_splitters_columns_and_size_are_remembered_on_this_pc(qtbot, main_window):
    window = main_window("en")
    env = window.env
    # The test screen is 800 pixels wide: the window as wide as it, or as it must be.
    avail = QGuiApplication.primaryScreen().availableGeometry()
    wide = max(min(900, avail.width()), window.minimumSizeHint().width())
    window.resize(wide, 640)
    window.show_page(window.checkout)
    split = window.checkout.findChild(QSplitter)
    split.setSizes([410, 480])
    header = window.clients.list.table.horizontalHeader()
    movable = next(
        i
        for i in range(header.count())
        if header.sectionResizeMode(i) == header.ResizeMode.Interactive
    )
    header.resizeSection(movable, 177)
    settle(env)
    saved_sizes = split.sizes()
    window.close()
    layout = env.ctx.desk.load().layout
    assert layout[WINDOW][2:] == [wide, 640, 0]

    again = MainWindow(env)  # the next start on this PC
    qtbot.addWidget(again)
    restore_window(again, layout)
    again.show()
    assert (again.width(), again.height()) == (wide, 640)
    assert again.clients.list.table.horizontalHeader().sectionSize(movable) == 177
    again.show_page(again.checkout)
    assert again.checkout.findChild(QSplitter).sizes() == saved_sizes
    again.clients.file.discard_changes()
    again.close()
