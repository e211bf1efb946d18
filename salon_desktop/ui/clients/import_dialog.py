"""Import clients from a CSV or vCard file: choose the file, check the columns, look at
what each row becomes, import all of it or nothing.

Reading and checking run as a ``Query`` (a large file takes seconds), the import as a
``Write``; both in the background with a progress bar. The preview is a dry run: it is
what the import will do, rows with problems included, and nothing is written until
Import is pressed, which imports every row in one transaction or none.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.import_presets import PRESETS, TARGET_LABELS, VCARD, Target
from salon_desktop.domain.importing import unescape_cell
from salon_desktop.i18n import N_, _, ngettext
from salon_desktop.services.changes import Changes
from salon_desktop.services.importing import (
    Action,
    ImportPreview,
    ImportResult,
    ImportTable,
    OnMatch,
)
from salon_desktop.ui.clients.import_model import PreviewModel
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write, failure_text
from salon_desktop.ui.widgets.forms import ErrorLabel

_STAGES = {"checking": N_("Checking the rows…"), "writing": N_("Writing the client files…")}


def _summary_part(action: Action, n: int) -> str:
    if action == Action.NEW:
        return ngettext("{n} new client", "{n} new clients", n)
    if action == Action.FILL:
        return ngettext("{n} already on file to complete", "{n} already on file to complete", n)
    if action == Action.UNCHANGED:
        return ngettext(
            "{n} already on file with nothing to add", "{n} already on file with nothing to add", n
        )
    if action == Action.SKIP:
        return ngettext(
            "{n} already on file, left as it is", "{n} already on file, left as they are", n
        )
    if action == Action.SAME:
        return ngettext("{n} row repeats an earlier one", "{n} rows repeat an earlier one", n)
    return ngettext("{n} row with problems", "{n} rows with problems", n)


class _Progress(QObject):
    """Carries a worker's progress to the UI thread (a queued signal)."""

    moved = Signal(str, int, int)


class ImportDialog(QDialog):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(_("Import clients"))
        self._env = env
        self._table: ImportTable | None = None
        self._preview: ImportPreview | None = None
        self._generation = 0
        self._busy = False
        self.result_of_import: ImportResult | None = None
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)

        intro = QLabel(
            _(
                "A client list exported from another program (CSV: Fresha, Square, Vagaro or "
                "any spreadsheet) or contacts from a phone (vCard). Nothing is saved until "
                "you press Import, and then every row is imported or none."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.path = QLineEdit(self)
        self.path.setObjectName("importPath")
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(_("No file chosen"))
        self.choose_button = QPushButton(_("Choose file…"), self)
        self.choose_button.setObjectName("importChoose")
        self.choose_button.clicked.connect(self._choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)

        self.info = QLabel(self)
        self.info.setObjectName("importInfo")
        self.info.setWordWrap(True)
        self.preset = QComboBox(self)
        self.preset.setObjectName("importPreset")
        for key, preset in PRESETS.items():
            self.preset.addItem(_(preset.label), key)
        self.preset.addItem(_(VCARD.label), VCARD.key)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.on_match = QComboBox(self)
        self.on_match.setObjectName("importOnMatch")
        self.on_match.addItem(_("fill in only their empty fields"), OnMatch.FILL.value)
        self.on_match.addItem(_("leave them as they are"), OnMatch.SKIP.value)
        self.on_match.currentIndexChanged.connect(lambda _i: self._recheck())
        origin_row = QHBoxLayout()
        origin_row.addWidget(QLabel(_("The file comes from:"), self))
        origin_row.addWidget(self.preset)
        origin_row.addSpacing(16)
        origin_row.addWidget(QLabel(_("Clients already on file:"), self))
        origin_row.addWidget(self.on_match)
        origin_row.addStretch(1)

        self.columns = QTableWidget(0, 3, self)
        self.columns.setObjectName("importColumns")
        self.columns.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First value"), _("Read as")]
        )
        self.columns.verticalHeader().setVisible(False)
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.columns.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.model = PreviewModel(env, self)
        self.rows = QTableView(self)
        self.rows.setObjectName("importPreview")
        self.rows.setModel(self.model)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.verticalHeader().setVisible(False)
        self.rows.setWordWrap(False)
        rh = self.rows.horizontalHeader()
        rh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rh.setStretchLastSection(True)
        for col, width in ((0, 50), (1, 180), (2, 140), (3, 120), (4, 140), (5, 90)):
            self.rows.setColumnWidth(col, width)
        self.detail = QLabel(self)
        self.detail.setObjectName("importRowDetail")
        self.detail.setWordWrap(True)
        self.rows.selectionModel().currentRowChanged.connect(self._current_row)
        self.only_problems = QCheckBox(_("Only rows with problems"), self)
        self.only_problems.setObjectName("importOnlyProblems")
        self.only_problems.toggled.connect(self.model.set_only_problems)
        preview_page = QWidget(self)
        pv = QVBoxLayout(preview_page)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addWidget(self.only_problems)
        pv.addWidget(self.rows, 1)
        pv.addWidget(self.detail)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("importTabs")
        self.tabs.addTab(preview_page, _("What each row becomes"))
        self.tabs.addTab(self.columns, _("Columns"))

        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.error.setObjectName("importError")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("importProgress")
        self.bar.setVisible(False)
        self.stage = QLabel(self)
        self.stage.setVisible(False)
        self.import_button = QPushButton(_("Import"), self)
        self.import_button.setObjectName("importRun")
        self.import_button.setEnabled(False)
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.stage)
        bottom.addWidget(self.bar, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.info)
        layout.addLayout(origin_row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(960, 640)

    # -- choosing and reading the file ----------------------------------------------------
    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the client list"),
            "",
            _("Client lists (*.csv *.txt *.vcf *.vcard);;All files (*)"),
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """Read ``path`` and show what its rows become (in the background)."""
        self.path.setText(path)
        self._table, self._preview = None, None
        self.model.set_preview(None)
        self.columns.setRowCount(0)
        self.info.clear()
        self.summary.clear()
        self.error.clear_error()
        self.import_button.setEnabled(False)
        self.result_of_import = None
        relay = self._progress.moved.emit
        on_match = self._on_match()

        def call(ctx):
            table = ctx.importing.read(path)
            return table, ctx.importing.preview(table, on_match=on_match, progress=relay)

        self._start(_("Reading the file…"))
        self._generation += 1
        gen = self._generation
        Query(self._env, self, call).message_to(self.error).success(
            lambda got: self._read(gen, *got)
        ).failure(self._query_failed).run_in_background()

    def _read(self, gen: int, table: ImportTable, preview: ImportPreview) -> None:
        if gen != self._generation:
            return
        self._table = table
        fmt = self._env.fmt
        kind = _("contacts (vCard)") if table.kind == "vcard" else _("CSV")
        self.info.setText(
            ngettext(
                "{file}: {kind}, {n} row, characters in {encoding}.",
                "{file}: {kind}, {n} rows, characters in {encoding}.",
                len(table.rows),
            ).format(
                file=table.name,
                kind=kind,
                n=fmt.integer(len(table.rows)),
                encoding=_(table.encoding_name),
            )
        )
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(max(0, self.preset.findData(table.preset)))
        self.preset.setEnabled(table.kind == "csv")
        self.preset.blockSignals(False)
        self._fill_columns(table, preview.mapping)
        self._show(preview)

    def _fill_columns(self, table: ImportTable, mapping: tuple[Target, ...]) -> None:
        self.columns.setRowCount(len(table.headers))
        for i, header in enumerate(table.headers):
            self.columns.setItem(i, 0, QTableWidgetItem(header or f"#{i + 1}"))
            sample = next(
                (unescape_cell(r[i]) for r in table.rows if i < len(r) and unescape_cell(r[i])),
                "",
            )
            self.columns.setItem(i, 1, QTableWidgetItem(sample.replace("\n", " ⏎ ")[:80]))
            box = QComboBox(self.columns)
            for target in Target:
                box.addItem(_(TARGET_LABELS[target]), target.value)
            box.setCurrentIndex(box.findData(mapping[i].value))
            box.setEnabled(table.kind == "csv")
            box.currentIndexChanged.connect(lambda _i: self._recheck())
            self.columns.setCellWidget(i, 2, box)

    def mapping(self) -> tuple[Target, ...]:
        out = []
        for i in range(self.columns.rowCount()):
            box = self.columns.cellWidget(i, 2)
            assert isinstance(box, QComboBox)
            out.append(Target(box.currentData()))
        return tuple(out)

    def _on_match(self) -> OnMatch:
        return OnMatch(self.on_match.currentData())

    def _preset_chosen(self) -> None:
        table = self._table
        if table is None:
            return
        from salon_desktop.domain.import_presets import auto_mapping

        key = self.preset.currentData()
        preset = VCARD if key == VCARD.key else PRESETS[key]
        self._fill_columns(
            table, table.mapping if key == table.preset else auto_mapping(table.headers, preset)
        )
        self._recheck()

    def _recheck(self) -> None:
        """The columns or the choice for clients on file changed: check the rows again."""
        table = self._table
        if table is None:
            return
        mapping, preset, on_match = self.mapping(), self.preset.currentData(), self._on_match()
        relay = self._progress.moved.emit
        self._generation += 1
        gen = self._generation
        self.import_button.setEnabled(False)
        self._start(_("Checking the rows…"))

        def call(ctx):
            return ctx.importing.preview(
                table, mapping, preset=preset, on_match=on_match, progress=relay
            )

        Query(self._env, self, call).message_to(self.error).success(
            lambda p: self._show(p) if gen == self._generation else None
        ).failure(self._query_failed).run_in_background()

    def _show(self, preview: ImportPreview) -> None:
        self._stop()
        self._preview = preview
        self.model.set_preview(preview)
        self.detail.clear()
        fmt = self._env.fmt
        parts = []
        for action in Action:
            n = preview.count(action)
            if n:
                parts.append(_summary_part(action, n).format(n=fmt.integer(n)))
        comma = "، " if fmt.persian else ", "
        sentences = [comma.join(parts) + "." if parts else ""]
        for message, params in preview.problems:
            sentences.append(
                _(message).format(
                    **{k: _(v) if isinstance(v, str) else v for k, v in params.items()}
                )
            )
        if preview.error_rows:
            sentences.append(
                _(
                    "Correct the file, or the columns, and choose it again: nothing is imported "
                    "while a row has a problem."
                )
            )
            self.tabs.setCurrentIndex(0)
        self.summary.setText(" ".join(s for s in sentences if s))
        self.import_button.setEnabled(preview.ok)
        if preview.ok:
            self.import_button.setText(
                ngettext(
                    "Import {n} client", "Import {n} clients", self._to_import(preview)
                ).format(n=fmt.integer(self._to_import(preview)))
            )

    def _current_row(self, current, _previous) -> None:
        """The whole problem (or what is filled in) of the row the cursor is on."""
        index = self.model.index(current.row(), self.model.COL_DETAIL)
        self.detail.setText(index.data() or "" if current.isValid() else "")

    @staticmethod
    def _to_import(preview: ImportPreview) -> int:
        return preview.count(Action.NEW) + preview.count(Action.FILL)

    # -- importing ---------------------------------------------------------------------------
    def run_import(self) -> None:
        preview, table = self._preview, self._table
        if preview is None or table is None or not preview.ok:
            return
        actor, relay = self._env.actor(), self._progress.moved.emit
        mapping, preset, on_match = preview.mapping, preview.preset, preview.on_match

        def call(ctx):
            return ctx.importing.run(
                table,
                mapping,
                preset=preset,
                on_match=on_match,
                actor_id=actor,
                progress=relay,
                checked=preview,
            )

        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self._start(_("Writing the client files…"))
        Write(self._env, self, call, changes=Changes(all_clients=True)).message_to(
            self.error
        ).success(self._imported).failure(self._refused).run_in_background()

    def _imported(self, result: ImportResult) -> None:
        self._stop()
        self.result_of_import = result
        self.choose_button.setEnabled(True)
        fmt = self._env.fmt
        text = ngettext(
            "Imported: {n} new client file", "Imported: {n} new client files", result.created
        ).format(n=fmt.integer(result.created))
        if result.filled:
            text += "; " + ngettext(
                "{n} file on record completed", "{n} files on record completed", result.filled
            ).format(n=fmt.integer(result.filled))
        self.summary.setText(text + ".")
        self.import_button.setText(_("Import"))
        self.close_button.setFocus()

    def _query_failed(self, failure) -> bool:
        self._stop()
        return False  # the sentence goes to the error label

    def _refused(self, failure) -> bool:
        self._stop()
        self.choose_button.setEnabled(True)
        self.import_button.setEnabled(self._preview is not None and self._preview.ok)
        self.error.show_error(failure_text(failure, self._env.fmt))
        return True

    # -- progress -------------------------------------------------------------------------------
    def _start(self, label: str) -> None:
        self._busy = True
        self.stage.setText(label)
        self.stage.setVisible(True)
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.bar.setVisible(True)

    def _stop(self) -> None:
        self._busy = False
        self.bar.setVisible(False)
        self.stage.setVisible(False)

    def _moved(self, stage: str, done: int, total: int) -> None:
        if not self._busy:
            return
        self.stage.setText(_(_STAGES.get(stage, stage)))
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def busy(self) -> bool:
        return self._busy

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Esc closes only when idle
        if event.key() == Qt.Key.Key_Escape and self._busy:
            return
        super().keyPressEvent(event)
