"""Letter templates: the wording of each letter in each language, with a live preview
filled in for a sample client. The placeholders are listed beside the text; an
unknown one is said beside its field and nothing is saved. The preview follows
the typing after a short pause (a ``Query``, off the UI thread)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.letters import KIND_LABELS, PLACEHOLDERS, Letter, LetterKind, Template
from salon_desktop.i18n import LANGUAGES, _
from salon_desktop.services.changes import Changes
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors

LANGUAGE_NAMES = {"en": "English", "pl": "Polski", "fa": "فارسی"}
PREVIEW_DELAY_MS = 300


class LetterTemplatesDialog(QDialog):
    def __init__(self, env: UiEnv, parent: QWidget | None, kind: LetterKind = LetterKind.BIRTHDAY):
        super().__init__(parent)
        self.setObjectName("letterTemplatesDialog")
        self.setWindowTitle(_("Letter templates"))
        self._env = env
        self._loading = False
        self.previewed: Letter | None = None  # the last preview shown (tests)

        self.kind = QComboBox(self)
        self.kind.setObjectName("letterKind")
        for k in LetterKind:
            self.kind.addItem(_(KIND_LABELS[k]), k)
        self.kind.setCurrentIndex(list(LetterKind).index(kind))
        self.language = QComboBox(self)
        self.language.setObjectName("letterLanguage")
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(LANGUAGES.index(env.ctx.salon.language))
        self.subject = QLineEdit(self)
        self.subject.setObjectName("letterSubject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("letterBody")
        self.body.setTabChangesFocus(True)
        self.errors = FormErrors(env.fmt)
        subject_error, body_error = ErrorLabel(self), ErrorLabel(self)
        self.errors.register("subject", subject_error, self.subject)
        self.errors.register("body", body_error, self.body)
        self.state = QLabel(self)
        self.state.setObjectName("letterState")
        names = "  ".join("{" + p + "}" for p in PLACEHOLDERS)
        self.placeholders = QLabel(_("Placeholders: {names}").format(names=names), self)
        self.placeholders.setWordWrap(True)
        self.placeholders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("letterPreview")
        self.message = ErrorLabel(self)  # what a save or a reading could not do
        self.preview_message = ErrorLabel(self)  # the preview's own (never hides a save's)

        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setObjectName("letterSave")
        self.save_button.setDefault(True)
        self.reset_button = QPushButton(_("Back to the default wording"), self)
        self.reset_button.setObjectName("letterReset")
        self.reset_button.setAutoDefault(False)
        close = QPushButton(_("Close"), self)
        close.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        close.clicked.connect(self.reject)

        form = QFormLayout()
        pick = QHBoxLayout()
        pick.addWidget(self.kind, 1)
        pick.addWidget(self.language)
        form.addRow(_("Letter"), pick)
        form.addRow(_("Subject"), self.subject)
        form.addRow("", subject_error)
        form.addRow(_("Text"), self.body)
        form.addRow("", body_error)
        left = QVBoxLayout()
        left.addLayout(form, 1)
        left.addWidget(self.placeholders)
        left.addWidget(self.state)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Preview (a sample client)"), self))
        right.addWidget(self.preview, 1)
        right.addWidget(self.preview_message)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.resize(960, 620)

        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(PREVIEW_DELAY_MS)
        self._soon.timeout.connect(self.update_preview)
        self.subject.textChanged.connect(self._edited)
        self.body.textChanged.connect(self._edited)
        self.kind.currentIndexChanged.connect(lambda _i: self.load())
        self.language.currentIndexChanged.connect(lambda _i: self.load())
        self.load()

    def current(self) -> tuple[LetterKind, str]:
        return self.kind.currentData(), self.language.currentData()

    def load(self) -> None:
        kind, lang = self.current()

        def shown(t: Template) -> None:
            if self.current() != (kind, lang):
                return
            self._loading = True
            self.subject.setText(t.subject)
            self.body.setPlainText(t.body)
            self._loading = False
            self.body.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if lang == "fa" else Qt.LayoutDirection.LeftToRight
            )
            self.state.setText(_("The salon's own wording") if t.custom else _("Default wording"))
            self.update_preview()

        def call(ctx) -> Template:
            from salon_desktop.services.letters import LetterService

            return LetterService(ctx).template(kind, lang)

        Query(self._env, self, call).message_to(self.message).success(shown).run_in_background()

    def _edited(self) -> None:
        if not self._loading:
            self._soon.start()

    def update_preview(self) -> None:
        self._soon.stop()
        kind, lang = self.current()
        subject, body = self.subject.text(), self.body.toPlainText()

        def call(ctx) -> Letter:
            from salon_desktop.services.letters import SAMPLE, LetterService

            return LetterService(ctx).letter(Template(kind, lang, subject, body), SAMPLE)

        def shown(letter: Letter) -> None:
            self.errors.clear()
            self.previewed = letter
            self.preview.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if lang == "fa" else Qt.LayoutDirection.LeftToRight
            )
            self.preview.setPlainText(f"{letter.subject}\n\n{letter.body}")

        def refused(failure) -> bool:
            if failure.validation is not None:
                self.errors.show(failure.validation)
                return True
            return False

        Query(self._env, self, call).message_to(self.preview_message).success(shown).failure(
            refused
        ).run_in_background()

    def save(self) -> None:
        kind, lang = self.current()
        subject, body, actor = self.subject.text(), self.body.toPlainText(), self._env.actor()

        def call(ctx) -> Template:
            from salon_desktop.services.letters import LetterService

            return LetterService(ctx).save(kind, lang, subject, body, actor)

        def refused(failure) -> bool:
            if failure.validation is not None:
                self.errors.show(failure.validation)
                return True
            return False

        def saved(_t: Template) -> None:
            self.errors.clear()
            self.state.setText(_("Saved: the salon's own wording"))

        Write(self._env, self, call, changes=Changes(settings=True)).message_to(
            self.message
        ).success(saved).failure(refused).run_in_background()

    def reset(self) -> None:
        kind, lang = self.current()
        actor = self._env.actor()

        def call(ctx) -> Template:
            from salon_desktop.services.letters import LetterService

            return LetterService(ctx).reset(kind, lang, actor)

        Write(self._env, self, call, changes=Changes(settings=True)).message_to(
            self.message
        ).success(lambda _t: self.load()).run_in_background()
