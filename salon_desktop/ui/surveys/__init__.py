"""The surveys screen: visits waiting for a survey, the entry form, the figures, the questions."""

from salon_desktop.ui.surveys.screen import SurveysScreen

__all__ = ["SurveysScreen"]
