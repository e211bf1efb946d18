"""The window as this PC left it: its place and size, its splitters and the widths
of its table columns, kept in the profile's desk preferences (``desk.json``).

A window saved on a big monitor comes back on the screen it is opened on: never
larger than what that screen has room for, never outside it.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QTreeView,
    QWidget,
)

WINDOW = "window"


def clamp_rect(saved: QRect, available: QRect) -> QRect:
    """``saved``, made to fit inside ``available``: shrunk if larger, moved if outside."""
    width = max(1, min(saved.width(), available.width()))
    height = max(1, min(saved.height(), available.height()))
    x = min(max(saved.x(), available.left()), available.left() + available.width() - width)
    y = min(max(saved.y(), available.top()), available.top() + available.height() - height)
    return QRect(x, y, width, height)


def restore_window(window: QWidget, layout: dict[str, list[int]]) -> bool:
    """Place ``window`` as it was saved; False (and nothing changed) when nothing was."""
    saved = layout.get(WINDOW)
    if not saved or len(saved) != 5:
        return False
    x, y, w, h, maximized = saved
    rect = QRect(x, y, w, h)
    screen = QGuiApplication.screenAt(rect.center()) or QGuiApplication.primaryScreen()
    if screen is None:
        return False
    window.setGeometry(clamp_rect(rect, screen.availableGeometry()))
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return True


def capture_window(window: QWidget) -> list[int]:
    g = window.normalGeometry() if window.isMaximized() else window.geometry()
    if not g.isValid():
        g = window.geometry()
    return [g.x(), g.y(), g.width(), g.height(), int(window.isMaximized())]


# -- splitters and columns ------------------------------------------------------------
def _own_class(w: QWidget) -> bool:
    return type(w).__module__.startswith("salon_desktop.")


def _key(w: QWidget, root: QWidget) -> str:
    """A name for ``w`` that stays the same from one start to the next: the chain of
    the app's own widgets around it, then its object name or its place among them."""
    chain = []
    p = w.parentWidget()
    while p is not None and p is not root:
        if _own_class(p):
            chain.append(p.objectName() or type(p).__name__)
        p = p.parentWidget()
    owner = _owner(w, root)
    if w.objectName():
        name = w.objectName()
    else:
        kind = QSplitter if isinstance(w, QSplitter) else QAbstractItemView
        same = [c for c in owner.findChildren(kind) if _owner(c, root) is owner]
        name = f"{type(w).__name__}{same.index(w) if w in same else 0}"
    return "/".join([*reversed(chain), name])


def _ancestors(w: QWidget, root: QWidget) -> Iterator[QWidget]:
    p = w.parentWidget()
    while p is not None and p is not root:
        yield p
        p = p.parentWidget()


def _owner(w: QWidget, root: QWidget) -> QWidget:
    return next((a for a in _ancestors(w, root) if _own_class(a)), root)


def _views(root: QWidget) -> Iterator[QAbstractItemView]:
    for v in root.findChildren(QAbstractItemView):
        if isinstance(v, (QTableView, QTreeView)):
            yield v


def _header(view: QAbstractItemView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()  # type: ignore[attr-defined]


def capture_panes(root: QWidget) -> dict[str, list[int]]:
    """The splitters' sizes and the widths of the columns the user can resize."""
    found: dict[str, list[int]] = {}
    for s in root.findChildren(QSplitter):
        sizes = s.sizes()
        if sizes and sum(sizes) > 0:
            found["splitter:" + _key(s, root)] = sizes
    for v in _views(root):
        header = _header(v)
        if header.count() and any(
            header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive
            for i in range(header.count())
        ):
            found["columns:" + _key(v, root)] = [
                header.sectionSize(i) for i in range(header.count())
            ]
    return found


def restore_panes(root: QWidget, layout: dict[str, list[int]]) -> None:
    """Splitters and columns of ``root`` (a window, or a screen built into one later)
    as :func:`capture_panes` saved them for its window."""
    top = root.window()
    for s in root.findChildren(QSplitter):
        sizes = layout.get("splitter:" + _key(s, top))
        if sizes and len(sizes) == s.count() and all(v >= 0 for v in sizes):
            s.setSizes(sizes)
    for v in _views(root):
        widths = layout.get("columns:" + _key(v, top))
        header = _header(v)
        if not widths or len(widths) != header.count():
            continue
        for i, width in enumerate(widths):
            if header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive and width > 0:
                header.resizeSection(i, max(width, header.minimumSectionSize()))
