"""The client file screen (kept in the ``file`` package, split by tab)."""

from salon_desktop.ui.clients.file.screen import ClientFileScreen

__all__ = ["ClientFileScreen"]
