"""The home screen: the day at a glance (``screen.HomeScreen``)."""

from salon_desktop.ui.home.screen import HomeScreen

__all__ = ["HomeScreen"]
