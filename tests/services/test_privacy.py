"""A profile is readable by its owner only: the folder 0700, every file 0600."""

from __future__ import annotations

import datetime as dt
import logging
import stat

from salon_desktop.applog import setup_logging
from salon_desktop.cli import main
from salon_desktop.domain.client import ClientDraft, PhotoKind
from salon_desktop.services.opening import open_profile


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _everything(folder):
    return [folder, *folder.rglob("*")]


def test_a_new_profile_is_private(tmp_path):
    folder = tmp_path / "new" / "profile"
    assert main(["--data-dir", str(folder), "staff", "--add", "Mina"]) == 0
    ctx = open_profile(folder)
    try:
        cid = ctx.clients.create(ClientDraft(first_name="Ola", allergies="latex"), None)
        image = tmp_path / "before.jpg"
        image.write_bytes(b"\xff\xd8 a photo")
        ctx.clients.add_photo(cid, image, PhotoKind.BEFORE, dt.date(2026, 1, 5), "", None)
        ctx.desk.update(desk_staff_id=1)
    finally:
        ctx.close()
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*")}
    assert {"salon.sqlite3", "desk.json", "logs/salon-desktop.log", "photos"} <= names
    assert any(n.startswith("photos/") and n.endswith(".jpg") for n in names)
    for path in _everything(folder):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert _mode(folder.parent) & 0o077  # only the profile itself is made private


def test_a_profile_of_an_older_version_is_made_private_when_opened(tmp_path):
    folder = tmp_path / "profile"
    ctx = open_profile(folder)
    cid = ctx.clients.create(ClientDraft(first_name="Ola"), None)
    image = tmp_path / "after.png"
    image.write_bytes(b"png")
    ctx.clients.add_photo(cid, image, PhotoKind.AFTER, dt.date(2026, 1, 5), "", None)
    ctx.close()
    for path in _everything(folder):  # as the older version left it
        path.chmod(0o755 if path.is_dir() else 0o644)
    ctx = open_profile(folder)
    ctx.close()
    for path in _everything(folder):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_a_rotated_log_file_is_private_too(tmp_path, monkeypatch):
    import salon_desktop.applog as applog

    monkeypatch.setattr(applog, "MAX_BYTES", 200)
    path = setup_logging(tmp_path / "profile")
    log = logging.getLogger("salon_desktop.test")
    try:
        for i in range(20):
            log.warning("line %d %s", i, "x" * 50)
    finally:
        applog.close_logging()
    logs = sorted(path.parent.iterdir())
    assert len(logs) > 2
    assert all(_mode(p) == 0o600 for p in logs), [(p.name, oct(_mode(p))) for p in logs]
