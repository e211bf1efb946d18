"""The "Action lists" screen: who to call, greet or write to today."""

from salon_desktop.ui.actions.screen import ActionsScreen

__all__ = ["ActionsScreen"]
