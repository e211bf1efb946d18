"""Start-up: the window frame is drawn before the database layer is loaded."""

from __future__ import annotations

import os
import subprocess
import sys

from salon_desktop.services.context import open_context
from salon_desktop.ui.main_window import MainWindow

HEAVY = ("sqlalchemy", "alembic", "babel", "phonenumbers", "reportlab", "faker")


def test_start_up_path_imports_nothing_heavy():
    code = (
        "import sys, salon_desktop.cli, salon_desktop.ui.app;"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_frame_first_then_screens(qtbot, make_env):
    env = make_env("fa")
    window = MainWindow(salon_name="سالن تست")
    qtbot.addWidget(window)
    window.show()
    assert window.salon_label.text() == "سالن تست"
    assert not window.desk_combo.isEnabled()
    with qtbot.waitSignal(window.ready):
        window.attach(env)
    assert window.stack.currentWidget() is window.clients
    assert window.desk_combo.isEnabled() and window.desk_combo.currentText() == "Mina"


def run_app(profile, *extra):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SALON_EXIT_AFTER_PAINT="1")
    return subprocess.run(
        [sys.executable, "-m", "salon_desktop", "--data-dir", str(profile), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_app_starts_paints_and_opens_the_database(tmp_path):
    from salon_desktop.demo import fill_demo

    ctx = open_context(data_dir=tmp_path)
    fill_demo(ctx, clients=20, language="pl")
    ctx.close()
    first = run_app(tmp_path)  # language read from the database, cached on this PC
    assert first.returncode == 0, first.stderr
    second = run_app(tmp_path)  # frame drawn from the cache, then the database opened
    assert second.returncode == 0, second.stderr
    lines = second.stdout.split()
    assert "first-paint" in lines and "ready" in lines
    assert float(lines[lines.index("first-paint") + 1]) <= float(lines[lines.index("ready") + 1])


def test_the_other_screens_are_imported_off_the_ui_thread_after_opening(tmp_path):
    """After the profile is open, the other screens' modules (and ReportLab, which the
    reports screen prints with) are imported by the opening's worker thread, so that
    showing one later does not hold the window while Python imports them."""
    open_context(data_dir=tmp_path).close()
    code = f"""
import sys, time
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from salon_desktop.ui.opening import LATER_MODULES, ProfileOpener
opener = ProfileOpener()
opened = []
opener.opened.connect(opened.append)
opener.start({str(tmp_path)!r}, None)
end = time.monotonic() + 60
while time.monotonic() < end and not (opened and all(m in sys.modules for m in LATER_MODULES)):
    app.processEvents()
    time.sleep(0.01)
print("opened" if opened else "not-opened")
print(",".join(m for m in LATER_MODULES if m not in sys.modules) or "all-imported")
print("reportlab" in sys.modules)
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["opened", "all-imported", "True"]
