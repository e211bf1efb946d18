"""The client's satisfaction category beside her name in the file header."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from salon_desktop.domain.feedback import Satisfaction
from salon_desktop.i18n import _
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.surveys.category import (
    SATISFACTION_COLOURS,
    satisfaction_text,
    satisfaction_tip,
)


class SatisfactionBadge(QLabel):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("satisfactionBadge")
        self.setToolTip(satisfaction_tip())
        self._env = env
        self._client_id: int | None = None
        self.category: Satisfaction | None = None
        self.setVisible(False)
        env.bus.feedback_changed.connect(self.refresh)
        env.bus.settings_changed.connect(self.refresh)

    def set_client(self, client_id: int | None) -> None:
        self._client_id = client_id
        self.refresh()

    def refresh(self) -> None:
        cid = self._client_id
        if cid is None:
            self._show(None, None)
            return
        Query(self._env, self, lambda ctx: ctx.surveys.category(cid)).success(
            lambda cat: self._show(cid, cat)
        ).run_in_background()

    def _show(self, client_id: int | None, category: Satisfaction | None) -> None:
        if client_id != self._client_id:
            return  # another file was opened meanwhile
        self.category = category
        self.setVisible(category is not None)
        if category is None:
            return
        colour = SATISFACTION_COLOURS[category].name()
        self.setText(_("Satisfaction: {category}").format(category=satisfaction_text(category)))
        self.setStyleSheet(
            f"QLabel {{ color: {colour}; border: 1px solid {colour}; border-radius: 4px;"
            " padding: 1px 6px; }"
        )
