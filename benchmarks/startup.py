"""Start-up time: the real app on a 200,000-client profile beside a bare PySide6 window.

    .venv/bin/python benchmarks/startup.py [--data-dir DIR] [--runs 10]

Each run is a fresh process, launched with ``QT_QPA_PLATFORM=offscreen``; the
time is the wall clock in this (parent) process from ``subprocess.Popen`` to
reading the child's ``first-paint`` line. The two kinds alternate, so both see
the same machine state.

* bare: ``python -c BARE`` opens an empty ``QMainWindow`` of the main window's
  size and prints ``first-paint <s>`` from its first paint (paint event, then
  ``QTimer.singleShot(0)``), then quits.
* app: ``python -m salon_desktop --data-dir DIR`` with ``SALON_EXIT_AFTER_PAINT=1``:
  the main window prints ``first-paint <seconds since process start>`` after its
  first paint and quits.

The second number of each line, the child's own "seconds since process start"
(from /proc), is shown as well. Target (issue 2, item 10): app median at most
1.7x the bare window's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _profile import DB_NAME, DEFAULT_DIR, ROOT, open_profile

TARGET = 1.7

BARE = r"""
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def since_start():
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat") as f:
        start = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        return float(f.read().split()[0]) - start / ticks

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.report)

    def report(self):
        print(f"first-paint {since_start():.4f}", flush=True)
        app.quit()

app = QApplication(sys.argv)
window = Window()
window.resize(1180, 760)
window.show()
app.processEvents()
sys.exit(app.exec())
"""


READY: dict[str, list[float]] = {}


def run_once(cmd: list[str], env: dict, timeout: float) -> tuple[float | None, float | None, str]:
    """Seconds from launch to the ``first-paint`` line, the child's own figure, and any error.

    The app also prints ``ready`` once its screens are built and filled from the
    database; that time is kept in READY, keyed by the command's last argument.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    wall = child = None
    try:
        for line in proc.stdout:
            if line.startswith("first-paint"):
                wall = time.perf_counter() - t0
                try:
                    child = float(line.split()[1])
                except (IndexError, ValueError):
                    child = None
            elif line.startswith("ready"):
                READY.setdefault(cmd[-1], []).append(time.perf_counter() - t0)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return wall, child, "timed out"
    err = "" if wall is not None else (proc.stderr.read().strip().splitlines() or ["no output"])[-1]
    return wall, child, err


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DIR,
        help=f"profile folder, built with demo clients if empty (default {DEFAULT_DIR})",
    )
    p.add_argument("--clients", type=int, default=200_000, help="clients when building")
    p.add_argument("--runs", type=int, default=10, help="runs of each kind")
    p.add_argument("--timeout", type=float, default=60.0)
    a = p.parse_args(argv)

    data_dir = a.data_dir.resolve()
    ctx = open_profile(data_dir / DB_NAME, a.clients)  # build if needed, and migrate
    clients = ctx.clients.count() + ctx.clients.count(archived=True)
    ctx.close()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SALON_EXIT_AFTER_PAINT="1")
    env.pop("SALON_DB_URL", None)
    env.pop("SALON_DATA_DIR", None)
    kinds = {
        "bare PySide6 window": [sys.executable, "-c", BARE],
        "Salon Desktop": [sys.executable, "-m", "salon_desktop", "--data-dir", str(data_dir)],
    }
    results: dict[str, list[tuple[float, float | None]]] = {k: [] for k in kinds}
    errors: dict[str, str] = {}
    for cmd in kinds.values():  # one unmeasured warm-up each (disk cache, .pyc files)
        run_once(cmd, env, a.timeout)
    for i in range(a.runs):
        order = list(kinds.items()) if i % 2 == 0 else list(reversed(kinds.items()))
        for name, cmd in order:
            wall, child, err = run_once(cmd, env, a.timeout)
            if wall is None:
                errors[name] = err
            else:
                results[name].append((wall, child))

    print(
        f"# {clients:,} clients in {data_dir}; {a.runs} runs each, alternating; "
        "QT_QPA_PLATFORM=offscreen"
    )
    header = (
        f"{'':<22} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7} {'child median s':>15}"
    )
    print(header)
    print("-" * len(header))
    medians = {}
    for name, rows in results.items():
        if not rows:
            print(f"{name:<22} {0:>4}  no first-paint line: {errors.get(name, '?')}")
            continue
        walls = [w for w, _ in rows]
        childs = [c for _, c in rows if c is not None]
        medians[name] = statistics.median(walls)
        child_med = f"{statistics.median(childs):.3f}" if childs else "-"
        print(
            f"{name:<22} {len(rows):>4} {medians[name]:>9.3f} {min(walls):>7.3f} "
            f"{max(walls):>7.3f} {child_med:>15}"
        )
        if name in errors:
            print(f"{'':<22} (some runs failed: {errors[name]})")
    if len(medians) < 2:
        print(
            "ratio: not measured (the app did not print 'first-paint'; "
            "SALON_EXIT_AFTER_PAINT not supported yet?)"
        )
        return 1
    ready = READY.get(str(data_dir), [])
    if ready:
        print(
            f"{'Salon Desktop, filled':<22} {len(ready):>4} {statistics.median(ready):>9.3f} "
            f"{min(ready):>7.3f} {max(ready):>7.3f}   (screens built, first page of clients shown)"
        )
    ratio = medians["Salon Desktop"] / medians["bare PySide6 window"]
    met = ratio <= TARGET
    print(f"ratio app/bare: {ratio:.2f}x  (target <= {TARGET}x)  {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
