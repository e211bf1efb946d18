"""The client file screen, one module per tab."""

from salon_desktop.ui.clients.file.screen import ClientFileScreen

__all__ = ["ClientFileScreen"]
