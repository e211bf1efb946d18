"""The Reports screen: the monthly report (or any period's) computed off the UI
thread, its key figures on screen, the PDF previewed, printed or saved, the
figures exported as CSV."""

from salon_desktop.ui.reports.screen import ReportsScreen

__all__ = ["ReportsScreen"]
