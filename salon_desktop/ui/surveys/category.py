"""A client's satisfaction category as the client file and the client list show it."""

from __future__ import annotations

from PySide6.QtGui import QColor

from salon_desktop.domain.feedback import Satisfaction
from salon_desktop.i18n import N_, _

SATISFACTION_LABELS = {
    Satisfaction.SATISFIED: N_("Satisfied"),
    Satisfaction.AVERAGE: N_("Average"),
    Satisfaction.DISSATISFIED: N_("Dissatisfied"),
}
SATISFACTION_COLOURS = {
    Satisfaction.SATISFIED: QColor("#1b5e20"),
    Satisfaction.AVERAGE: QColor("#5d4037"),
    Satisfaction.DISSATISFIED: QColor("#b00020"),
}


def satisfaction_text(category: Satisfaction | None) -> str:
    return _(SATISFACTION_LABELS[category]) if category is not None else ""


def satisfaction_tip() -> str:
    return _(
        "From the client's survey answers of the last months and her open complaints "
        "(the months and thresholds are settings)."
    )
