"""The complaints screen: two tabs. "Complaints": filters above, the list, the
chosen complaint below with its owner, steps and history; overdue ones in red.
"Figures": the process measured over a chosen period, by category or staff.

Keyboard: Ctrl+N records one, Ctrl+P prints the client's acknowledgement,
Alt+O reaches the owner, Ctrl+Tab moves between the tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.complaints import OPEN_STATES, STATE_LABELS, State
from salon_desktop.i18n import _
from salon_desktop.services.complaints import ComplaintFilter, ComplaintView
from salon_desktop.ui.complaints.detail import ComplaintDetail
from salon_desktop.ui.complaints.figures_panel import FiguresPanel
from salon_desktop.ui.complaints.model import ComplaintsModel, category_text
from salon_desktop.ui.complaints.record_dialog import RecordComplaintDialog
from salon_desktop.ui.complaints.step_dialog import StepDialog
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.till.models import table_view
from salon_desktop.ui.widgets.forms import ErrorLabel

OPEN, ALL = "open", "all"


class ComplaintsScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintsScreen")
        self._env = env

        self.state = QComboBox(self)
        self.state.setObjectName("complaintStateFilter")
        self.state.addItem(_("Still open"), OPEN)
        self.state.addItem(_("Every state"), ALL)
        for st in State:
            self.state.addItem(_(STATE_LABELS[st]), st)
        self.category = QComboBox(self)
        self.category.setObjectName("complaintCategoryFilter")
        self.owner_filter = QComboBox(self)
        self.owner_filter.setObjectName("complaintOwnerFilter")
        self.overdue = QCheckBox(_("Overdue only"), self)
        self.overdue.setObjectName("complaintOverdueFilter")
        self.settings_button = QPushButton(_("Subjects and targets…"), self)
        self.settings_button.setObjectName("complaintSettings")
        self.settings_button.setToolTip(
            _("The subjects of complaints and the times to answer them, by severity")
        )
        self.new_button = QPushButton(_("Record a complaint…"), self)
        self.new_button.setObjectName("newComplaint")
        self.new_button.setToolTip(_("Record a complaint (Ctrl+N)"))
        bar = QHBoxLayout()
        for w, chars in ((self.state, 12), (self.category, 16), (self.owner_filter, 14)):
            # As wide as a few words, not as the longest subject or staff name.
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(chars)
            bar.addWidget(w)
        bar.addWidget(self.overdue)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        self.fill_choices()

        self.model = ComplaintsModel(env, self)
        self.table = table_view(self.model, self, "complaintsTable", stretch=1)
        self.empty = QLabel(_("No complaints here."), self)
        self.message = ErrorLabel(self)
        self.detail = ComplaintDetail(env, self)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.empty)
        ll.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical, self)  # the list above, the complaint below
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.figures = FiguresPanel(env, self)
        self.figures.bar.addWidget(self.settings_button)  # beside what they measure
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("complaintTabs")
        self.tabs.addTab(split, _("Complaints"))
        self.tabs.addTab(self.figures, _("Figures"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

        for w in (self.state, self.category, self.owner_filter):
            w.currentIndexChanged.connect(self.refresh)
        self.overdue.toggled.connect(self.refresh)
        self.new_button.clicked.connect(self._record_clicked)
        self.settings_button.clicked.connect(self._settings_clicked)
        self.detail.step_asked.connect(self.take_step)
        self.detail.print_asked.connect(self.print_acknowledgement)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        QShortcut(
            QKeySequence.StandardKey.New,
            self,
            self._record_clicked,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(
            QKeySequence.StandardKey.Print,
            self,
            self.print_acknowledgement,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        env.bus.feedback_changed.connect(self.refresh)
        env.bus.settings_changed.connect(self.fill_choices)
        env.bus.staff_changed.connect(self.fill_choices)
        self.refresh()

    # -- what the tests and the other screens read ------------------------------------------
    @property
    def current(self) -> ComplaintView | None:
        return self.detail.current

    @property
    def summary(self) -> QLabel:
        return self.detail.summary

    @property
    def history(self) -> QListWidget:
        return self.detail.history

    @property
    def step_buttons(self) -> dict[State, QPushButton]:
        return self.detail.step_buttons

    # -- the list ---------------------------------------------------------------------------
    def fill_choices(self) -> None:
        """The subjects (settings) and the owners (staff) the filters offer."""
        for box, first, items in (
            (
                self.category,
                _("Any subject"),
                [(category_text(k), k) for k in self._env.ctx.salon.complaint_categories],
            ),
            (
                self.owner_filter,
                _("Anyone's"),
                [(m.name, m.id) for m in self._env.ctx.staff.list()],
            ),
        ):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(0, box.findData(keep)))
            box.blockSignals(False)
        if hasattr(self, "detail"):
            self.detail.fill_owners()

    def filter(self) -> ComplaintFilter:
        state = self.state.currentData()
        states = OPEN_STATES if state == OPEN else None if state == ALL else frozenset({state})
        return ComplaintFilter(
            states=states,
            overdue_only=self.overdue.isChecked(),
            category=self.category.currentData(),
            owner_id=self.owner_filter.currentData(),
        )

    def refresh(self) -> None:
        """Filtering runs off the UI thread (a chain has many complaints)."""
        f = self.filter()
        keep = self.current.id if self.current else None
        Query(self._env, self, lambda ctx: ctx.complaints.list(f)).message_to(self.message).success(
            lambda rows: self._show_rows(rows, keep)
        ).run_in_background()

    def _show_rows(self, rows, keep: int | None) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        row = self.model.row_of(keep) if keep is not None else -1
        if rows:
            self.table.selectRow(max(0, row))
        self._show_current()

    def _show_current(self) -> None:
        """The chosen complaint, read off the UI thread (``ComplaintDetail``)."""
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        self.detail.show_complaint(row.id if row is not None else None)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.figures:
            self.figures.refresh()

    # -- acting -------------------------------------------------------------------------------
    def take_step(self, target: State) -> bool:
        if self.current is None:
            return False
        dialog = StepDialog(self._env, self.current, target, self)
        try:
            return bool(dialog.exec())
        finally:
            dialog.deleteLater()

    def _record_clicked(self) -> None:
        self.record()

    def record(
        self, client_id: int | None = None, client_name: str = "", sale_id=None
    ) -> int | None:
        dialog = RecordComplaintDialog(self._env, client_id, client_name, sale_id, parent=self)
        try:
            dialog.exec()
            return dialog.recorded
        finally:
            dialog.deleteLater()

    def _settings_clicked(self) -> None:
        self.edit_settings()

    def edit_settings(self) -> bool:
        from salon_desktop.ui.complaints.settings_dialog import ComplaintSettingsDialog

        dialog = ComplaintSettingsDialog(self._env, self)
        try:
            return bool(dialog.exec())
        finally:
            dialog.deleteLater()

    def print_acknowledgement(self) -> bytes | None:
        if self.current is None:
            return None
        from salon_desktop.documents.complaint import acknowledgement_pdf
        from salon_desktop.ui.widgets.pdf_preview import PdfPreview

        ctx = self._env.ctx
        data = acknowledgement_pdf(ctx.complaints.notice(self.current.id), ctx.header())
        preview = PdfPreview(
            data, _("Your complaint"), f"complaint-{self.current.number}.pdf", self
        )
        try:
            preview.exec()
        finally:
            preview.deleteLater()
        return data
