"""The complaints screen: the list with its filters, one complaint's steps, recording one."""

from salon_desktop.ui.complaints.screen import ComplaintsScreen

__all__ = ["ComplaintsScreen"]
