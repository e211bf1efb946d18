"""The survey settings: the fewest answers a score is shown on, and the rule of each
client's satisfaction category (the months counted, the two thresholds of her
average satisfaction). Saved with the salon's settings."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors


class SurveyRulesDialog(QDialog):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("surveyRulesDialog")
        self.setWindowTitle(_("Survey settings"))
        self.env = env
        self.errors = FormErrors(env.fmt)
        cfg = env.ctx.salon
        self.min_answers = QSpinBox(self)
        self.min_answers.setRange(1, 1000)
        self.min_answers.setValue(cfg.survey_min_answers)
        self.months = QSpinBox(self)
        self.months.setRange(1, 60)
        self.months.setValue(cfg.satisfaction_months)
        self.low, self.high = QDoubleSpinBox(self), QDoubleSpinBox(self)
        for box, value in (
            (self.low, cfg.satisfaction_low_x10),
            (self.high, cfg.satisfaction_high_x10),
        ):
            box.setDecimals(1)
            box.setSingleStep(0.1)
            box.setRange(1.0, 5.0)
            box.setValue(value / 10)
        form = QFormLayout()
        for label, name, widget in (
            (_("Fewest answers for a score:"), "survey_min_answers", self.min_answers),
            (_("Months of answers for a client's category:"), "satisfaction_months", self.months),
            (_("Dissatisfied at an average of at most:"), "satisfaction_low_x10", self.low),
            (_("Satisfied at an average of at least:"), "satisfaction_high_x10", self.high),
        ):
            error = ErrorLabel(self)
            self.errors.register(name, error, widget)
            form.addRow(label, widget)
            form.addRow("", error)
        rule = QLabel(
            _(
                "A client with an open complaint, or whose latest recommend score is 6 or "
                "less, is dissatisfied; a promoter's score (9 or 10) makes her satisfied."
            ),
            self,
        )
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #666;")
        self.message = ErrorLabel(self)
        buttons = QDialogButtonBox(self)
        save = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("saveSurveyRules")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(rule)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        new = dataclasses.replace(
            self.env.ctx.salon,
            survey_min_answers=self.min_answers.value(),
            satisfaction_months=self.months.value(),
            satisfaction_low_x10=round(self.low.value() * 10),
            satisfaction_high_x10=round(self.high.value() * 10),
        )
        self.errors.clear()

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            self.errors.show(failure.validation)
            return True

        Write(
            self.env,
            self,
            lambda ctx: ctx.save_settings(new),
            changes=Changes(settings=True, feedback=True, all_clients=True),
        ).message_to(self.message).success(
            lambda _s: super(SurveyRulesDialog, self).accept()
        ).failure(refused).run()
