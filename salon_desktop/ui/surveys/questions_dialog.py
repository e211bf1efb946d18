"""The survey's extra questions: their texts in each language, their scale, active or not.

A built-in question reads from the translations until the salon writes its own
text; answers already given keep the text and scale they were asked with."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.surveys import SCALE_HIGHEST, SCALE_LOWEST, QuestionDraft
from salon_desktop.i18n import N_, _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.services.surveys import QuestionItem
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors

LANGUAGE_NAMES = (("en", N_("In English:")), ("pl", N_("In Polish:")), ("fa", N_("In Persian:")))


class QuestionsDialog(QDialog):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("surveyQuestionsDialog")
        self.setWindowTitle(_("Survey questions"))
        self.env = env
        self.items: list[QuestionItem] = []
        self.editing: QuestionItem | None = None
        self.errors = FormErrors(env.fmt)

        self.list = QListWidget(self)
        self.list.setObjectName("questionList")
        self.list.currentRowChanged.connect(self._show)
        self.new_button = QPushButton(_("New question"), self)
        self.new_button.setObjectName("newQuestion")
        self.new_button.clicked.connect(self.new_question)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        form = QFormLayout()
        self.texts: dict[str, QLineEdit] = {}
        for lang, label in LANGUAGE_NAMES:
            edit = QLineEdit(self)
            edit.setObjectName(f"questionText_{lang}")
            error = ErrorLabel(self)
            self.errors.register(f"text_{lang}", error, edit)
            self.texts[lang] = edit
            form.addRow(_(label), edit)
            form.addRow("", error)
        self.builtin = QLabel(self)
        self.builtin.setWordWrap(True)
        self.builtin.setStyleSheet("color: #666;")
        form.addRow("", self.builtin)
        self.low, self.high = QSpinBox(self), QSpinBox(self)
        for box, name in ((self.low, "scaleMin"), (self.high, "scaleMax")):
            box.setObjectName(name)
            box.setRange(SCALE_LOWEST, SCALE_HIGHEST)
        scale = QHBoxLayout()
        scale.addWidget(self.low)
        scale.addWidget(QLabel(_("to"), self))
        scale.addWidget(self.high)
        scale.addStretch(1)
        scale_error = ErrorLabel(self)
        self.errors.register("scale", scale_error, self.low)
        form.addRow(_("Scale:"), scale)
        form.addRow("", scale_error)
        self.active = QCheckBox(_("Asked in every survey"), self)
        self.active.setObjectName("questionActive")
        form.addRow("", self.active)
        self.message = ErrorLabel(self)
        self.save_button = QPushButton(_("Save the question"), self)
        self.save_button.setObjectName("saveQuestion")
        self.save_button.clicked.connect(self.save)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        right.addWidget(self.message)
        right.addLayout(buttons)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addLayout(right, 3)
        self.resize(820, 440)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        items = (
            Query(self.env, self, lambda ctx: ctx.surveys.questions())
            .message_to(self.message)
            .run()
        )
        self.items = items or []
        self.list.blockSignals(True)
        self.list.clear()
        for q in self.items:
            text = q.text if q.active else _("{question} (not asked)").format(question=q.text)
            QListWidgetItem(text, self.list)
        self.list.blockSignals(False)
        row = next((i for i, q in enumerate(self.items) if q.id == select), 0)
        if self.items:
            self.list.setCurrentRow(row)
            self._show(row)
        else:
            self.new_question()

    def _show(self, row: int) -> None:
        self.errors.clear()
        self.message.clear_error()
        q = self.items[row] if 0 <= row < len(self.items) else None
        self.editing = q
        for lang, edit in self.texts.items():
            edit.setText(q.texts.get(lang, "") if q else "")
        self.builtin.setText(
            _("Left blank, a language asks: {question}").format(question=q.text)
            if q is not None and q.code
            else ""
        )
        self.low.setValue(q.scale_min if q else 1)
        self.high.setValue(q.scale_max if q else 5)
        self.active.setChecked(q.active if q else True)

    def new_question(self) -> None:
        self.list.clearSelection()
        self.editing = None
        for edit in self.texts.values():
            edit.clear()
        self.builtin.clear()
        self.low.setValue(1)
        self.high.setValue(5)
        self.active.setChecked(True)
        self.texts[self.env.fmt.language].setFocus()

    def draft(self) -> QuestionDraft:
        return QuestionDraft(
            texts={lang: edit.text() for lang, edit in self.texts.items()},
            code=self.editing.code if self.editing else "",
            scale_min=self.low.value(),
            scale_max=self.high.value(),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        draft, actor = self.draft(), self.env.actor()
        qid = self.editing.id if self.editing else None
        self.errors.clear()

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            self.errors.show(failure.validation)
            return True

        Write(
            self.env,
            self,
            lambda ctx: ctx.surveys.save_question(qid, draft, actor),
            changes=Changes(feedback=True),
        ).message_to(self.message).success(lambda new_id: self.refresh(new_id)).failure(
            refused
        ).run()
