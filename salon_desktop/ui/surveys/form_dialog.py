"""Typing in one visit's survey from a paper card or a conversation, keyboard only.

Each score is one field: a digit that completes it moves on by itself (any
digit on a 1–5 scale; 0 and 2–9 on the 0–10 scale, where 1 waits for a 0 or
Enter), Enter moves on from a field left blank, Enter in the comment (or
Ctrl+Enter anywhere) saves. Digits in any script. A score out of its scale is
said beside its field at once and nothing is sent.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.feedback import RATING_MAX, RATING_MIN, RECOMMEND_MAX, RECOMMEND_MIN
from salon_desktop.domain.surveys import (
    CHANNEL_LABELS,
    RECOMMEND_QUESTION,
    Channel,
    SurveyDraft,
    read_score,
)
from salon_desktop.i18n import _, is_rtl
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.services.surveys import Recorded, SurveyForm
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors


def _is_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _ctrl(event: QKeyEvent) -> bool:
    return bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)


class ScoreField(QLineEdit):
    """One score on a scale; ``completed`` when nothing more can be typed into it."""

    completed = Signal()

    def __init__(self, low: int, high: int, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.low, self.high, self._env = low, high, env
        self.setMaxLength(len(str(high)) + 1)
        self.setFixedWidth(56)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = ErrorLabel(parent)
        self.textEdited.connect(self._edited)

    def value(self) -> int | None:
        """The score typed, or None; ValueError when it is not one of the scale."""
        v = read_score(self.text())
        if v is not None and not self.low <= v <= self.high:
            raise ValueError(self.text())
        return v

    def problem(self) -> str:
        try:
            self.value()
        except ValueError:
            fmt = self._env.fmt
            return _("From {low} to {high}.").format(
                low=fmt.integer(self.low, grouping=False),
                high=fmt.integer(self.high, grouping=False),
            )
        return ""

    def _edited(self, _text: str) -> None:
        problem = self.problem()
        self.error.show_error(problem)
        if problem:
            return
        v = self.value()
        if v is not None and (v == 0 or v * 10 > self.high):
            self.completed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if _is_enter(event) and not _ctrl(event):
            self.completed.emit()  # a blank or a "1" on the 0–10 scale: on to the next
            return
        super().keyPressEvent(event)


class _Comment(QLineEdit):
    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if _is_enter(event):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class SurveyDialog(QDialog):
    """The survey of one visit; ``recorded`` once saved."""

    def __init__(self, env: UiEnv, form: SurveyForm, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("surveyDialog")
        self.setWindowTitle(_("Survey of a visit"))
        self.env, self.form = env, form
        self.recorded: Recorded | None = None
        self.errors = FormErrors(env.fmt)
        fmt = env.fmt
        title = QLabel(
            _("{client} — visit of {date}, receipt {receipt}").format(
                client=isolate(form.client_name),
                date=fmt.date(form.business_date),
                receipt=fmt.receipt(form.receipt_no),
            ),
            self,
        )
        title.setObjectName("surveyTitle")
        title.setStyleSheet("font-weight: bold;")
        title.setWordWrap(True)

        body = QWidget(self)
        grid = QGridLayout(body)  # the question | the score | its scale | what is wrong
        grid.setColumnStretch(0, 1)
        grid.setColumnMinimumWidth(3, 130)
        grid.setHorizontalSpacing(10)
        self.fields: list[ScoreField] = []

        def add_row(label: QWidget | str, field: QWidget | None = None, span: int = 1) -> None:
            r = grid.rowCount()
            if isinstance(label, str):
                label = QLabel(label, body)
                label.setWordWrap(True)
            grid.addWidget(label, r, 0, 1, 1 if field is not None else 4)
            if field is not None:
                grid.addWidget(field, r, 1, 1, span)

        def score_row(label: str, name: str, low: int, high: int) -> ScoreField:
            f = ScoreField(low, high, env, body)
            f.setObjectName(name)
            scale = QLabel(
                _("{low} to {high}").format(
                    low=fmt.integer(low, grouping=False), high=fmt.integer(high, grouping=False)
                ),
                body,
            )
            scale.setStyleSheet("color: #666;")
            add_row(label, f)
            r = grid.rowCount() - 1
            grid.addWidget(scale, r, 2)
            grid.addWidget(f.error, r, 3)
            self.errors.register(name, f.error, f)
            self.fields.append(f)
            return f

        self.recommend = score_row(_(RECOMMEND_QUESTION), "recommend", RECOMMEND_MIN, RECOMMEND_MAX)
        # A label starting with an isolated name takes the screen's direction, not the name's.
        lead = "\u200f" if is_rtl() else ""
        heading = QLabel(_("Satisfaction, from 1 (very unhappy) to 5 (delighted):"), body)
        heading.setStyleSheet("font-weight: bold; margin-top: 6px;")
        add_row(heading)
        self.lines = {
            line.line_id: score_row(
                lead
                + isolate(line.description)
                + (" — " + isolate(line.staff_name) if line.staff_name else ""),
                f"line:{line.line_id}",
                RATING_MIN,
                RATING_MAX,
            )
            for line in form.lines
        }
        self.staff = {
            sid: score_row(lead + isolate(name), f"staff:{sid}", RATING_MIN, RATING_MAX)
            for sid, name in form.staff
        }
        self.questions = {
            q.id: score_row(q.text, f"question:{q.id}", q.scale_min, q.scale_max)
            for q in form.questions
        }
        self.comment = _Comment(body)
        self.comment.setObjectName("surveyComment")
        self.comment.setPlaceholderText(_("In the client's words"))
        comment_error = ErrorLabel(body)
        self.errors.register("comment", comment_error, self.comment)
        add_row(_("Comment:"), self.comment, 3)
        grid.addWidget(comment_error, grid.rowCount(), 1, 1, 3)
        self.channel = QComboBox(body)
        self.channel.setObjectName("surveyChannel")
        for ch in Channel:
            self.channel.addItem(_(CHANNEL_LABELS[ch]), ch)
        add_row(_("Answered on:"), self.channel, 3)
        grid.setRowStretch(grid.rowCount(), 1)  # the rows stay together at the top
        for i, f in enumerate(self.fields):
            nxt = self.fields[i + 1] if i + 1 < len(self.fields) else self.comment
            f.completed.connect(nxt.setFocus)
            f.completed.connect(nxt.selectAll)
        self.comment.submitted.connect(self.save)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.general_error = ErrorLabel(self)
        self.general_error.setObjectName("surveyError")
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveSurvey")
        self.save_button.setToolTip(_("Save the survey (Ctrl+Enter)"))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        for b in (self.save_button, cancel):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.general_error)
        lay.addWidget(buttons)
        self.resize(760, min(720, body.sizeHint().height() + 130))
        self.recommend.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if _is_enter(event) and _ctrl(event):
            self.save()
            return
        if _is_enter(event):
            return  # Enter never closes the form by surprise
        super().keyPressEvent(event)

    # -- saving ---------------------------------------------------------------------------
    def draft(self) -> SurveyDraft | None:
        """The survey as typed, or None (each bad score said beside its field)."""
        bad = [f for f in self.fields if f.problem()]
        for f in self.fields:
            f.error.show_error(f.problem())
        if bad:
            bad[0].setFocus()
            bad[0].selectAll()
            self.general_error.show_error(
                _("Please correct the highlighted fields; nothing was saved.")
            )
            return None
        return SurveyDraft(
            sale_id=self.form.sale_id,
            recommend=self.recommend.value(),
            lines={k: f.value() for k, f in self.lines.items()},
            staff={k: f.value() for k, f in self.staff.items()},
            questions={k: f.value() for k, f in self.questions.items()},
            comment=self.comment.text(),
            channel=self.channel.currentData(),
        )

    def save(self) -> None:
        self.errors.clear()
        self.general_error.clear_error()
        draft = self.draft()
        if draft is None:
            return
        actor, client = self.env.actor(), self.form.client_id

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            for e in self.errors.show(failure.validation):
                from salon_desktop.ui.widgets.forms import error_text

                self.general_error.show_error(error_text(e, self.env.fmt))
            return True

        def done(recorded: Recorded) -> None:
            self.recorded = recorded
            self.accept()

        Write(
            self.env,
            self,
            lambda ctx: ctx.surveys.record(draft, actor),
            changes=Changes.of(feedback=True, clients=[client]),
        ).message_to(self.general_error).success(done).failure(refused).run()
