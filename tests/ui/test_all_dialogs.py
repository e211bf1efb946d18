"""Every dialog and every screen of the app on a 1024×768 desk PC, in English,
Polish and Persian: nothing outside the window, no button or label whose text is
cut, and no English left on a Polish or Persian one.

The dialogs are found by walking ``salon_desktop/ui`` for QDialog subclasses, so
a new dialog without a builder here fails the test until it gets one.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QToolButton,
    QWidget,
)

from salon_desktop.domain.complaints import ComplaintDraft, State
from tests.ui.checkout_setup import stock_salon
from tests.ui.conftest import TODAY
from tests.ui.helpers import settle
from tests.ui.sales_data import post, ticket
from tests.ui.test_every_screen_translated import (
    SAME_EVERYWHERE,
    same_by_translation,
    visible_texts,
)

UI = pathlib.Path(__file__).parents[2] / "salon_desktop" / "ui"
# A dialog shares the screen with its title bar and the desktop's panel.
DIALOG_MAX = (1024, 768 - 60)
LANGUAGES = ["en", "pl", "fa"]
# The demo data of these tests: names, not words to translate.
DATA = {"Anna", "Nowak", "Anna Nowak", "Sara", "Haircut", "Colour", "Shampoo", "Hair", "SH1"}
DATA |= {"PPD hair dye", "Likes tea", "Waited an hour", "Eva", "Eva Nowak", "Olivia"}
DATA |= {"Haircut — Sara"}  # a service and who did it (the survey form)
DATA |= {"Fresha", "Square", "Vagaro"}  # the programs client lists come from (names)


# -- finding the dialogs -------------------------------------------------------
def dialog_classes() -> set[str]:
    """``module:Class`` of every QDialog subclass under salon_desktop/ui."""
    bases: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    for path in sorted(UI.rglob("*.py")):
        module = ".".join(path.relative_to(UI.parents[1]).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = [
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                ]
                bases[node.name] = names
                where[node.name] = module

    def is_dialog(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name in seen:
            return False
        return any(
            b == "QDialog" or (b in bases and is_dialog(b, seen | {name}))
            for b in bases.get(name, [])
        )

    abstract = {"FormDialog"}  # a base of the catalog's forms, never shown itself
    return {f"{where[n]}:{n}" for n in bases if n not in abstract and is_dialog(n)}


def load(qualified: str) -> type:
    module, name = qualified.split(":")
    return getattr(importlib.import_module(module), name)


# -- the salon every dialog is opened on --------------------------------------
class Demo:
    def __init__(self, env):
        self.env = env
        ctx = env.ctx
        self.salon = stock_salon(env)
        ctx.till.open_day(10000, env.actor())
        items = [ctx.catalog.get_service(self.salon.cut)]
        self.posted = post(ctx, TODAY, self.salon.anna, items, self.salon.sara)
        self.sale_row = next(r for r in ctx.reader.day_sales(TODAY) if r.id == self.posted.sale_id)
        self.complaint = ctx.complaints.get(
            ctx.complaints.record(ComplaintDraft(self.salon.anna, "Waited an hour"), None)
        )
        self.ticket = ticket(ctx, self.salon.anna, items, self.salon.sara)
        self.ticket.payments = []


def _pdf(demo: Demo) -> bytes:
    from salon_desktop.documents.receipt import receipt_pdf

    ctx = demo.env.ctx
    return receipt_pdf(ctx.reader.get(demo.posted.sale_id), ctx.header(), paper="A4")


def _closed_session(demo: Demo):
    """The report of a session closed at 14:05 (the demo's till stays open)."""
    import dataclasses
    import datetime as dt

    r = demo.env.ctx.till.session_report()
    at = dt.datetime(2026, 11, 23, 14, 5)
    assert r.session is not None
    session = dataclasses.replace(r.session, closed_at=at, closed_by="Mina")
    return dataclasses.replace(r, closed_at=at, closed_by="Mina", session=session)


def _session_title(demo: Demo) -> str:
    from salon_desktop.i18n import _

    return _("Session {number}").format(number=demo.env.fmt.integer(1))


def _left_open(demo: Demo):
    """A session of yesterday nobody closed (the report's own, dated back)."""
    import dataclasses
    import datetime as dt

    r = demo.env.ctx.till.session_report()
    assert r.session is not None
    return dataclasses.replace(r.session, opened_at=dt.datetime(2026, 11, 22, 9, 0))


def _integrity(demo: Demo):
    from salon_desktop.services.integrity import quick_check

    return quick_check(demo.env.ctx.engine)


def _backup_info(demo: Demo):
    import datetime as dt
    from pathlib import Path

    from salon_desktop.db import HEAD_REVISION
    from salon_desktop.services.backup import BackupInfo

    return BackupInfo(
        Path("/media/usb/salon-backup-20261123-093000.sqlite3"),
        HEAD_REVISION,
        "Salon Test",
        1234,
        56789,
        TODAY,
        dt.datetime(2026, 11, 23, 9, 30),
    )


def _sell_anyway():
    from salon_desktop.domain.permissions import Action

    return Action.SELL_OUT_OF_STOCK


def builders() -> dict[str, Callable[[Demo], QDialog]]:
    """How each dialog is opened from its screen, with the demo's data."""

    def m(module: str, name: str) -> Callable[..., QDialog]:
        return getattr(importlib.import_module(f"salon_desktop.ui.{module}"), name)

    def products(d: Demo):
        return d.env.ctx.catalog.get_product(d.salon.shampoo)

    def service(d: Demo):
        return d.env.ctx.catalog.get_service(d.salon.cut)

    def category(d: Demo):
        return d.env.ctx.catalog.categories()[0]

    return {
        "salon_desktop.ui.catalog.service_dialogs:ServiceDialog": lambda d: m(
            "catalog.service_dialogs", "ServiceDialog"
        )(d.env, service(d)),
        "salon_desktop.ui.catalog.service_dialogs:CategoryDialog": lambda d: m(
            "catalog.service_dialogs", "CategoryDialog"
        )(d.env, category(d)),
        "salon_desktop.ui.catalog.product_dialogs:ProductDialog": lambda d: m(
            "catalog.product_dialogs", "ProductDialog"
        )(d.env, products(d)),
        "salon_desktop.ui.catalog.product_dialogs:ReceiveDialog": lambda d: m(
            "catalog.product_dialogs", "ReceiveDialog"
        )(d.env, products(d)),
        "salon_desktop.ui.catalog.product_dialogs:AdjustDialog": lambda d: m(
            "catalog.product_dialogs", "AdjustDialog"
        )(d.env, products(d)),
        "salon_desktop.ui.checkout.line_dialogs:DiscountDialog": lambda d: m(
            "checkout.line_dialogs", "DiscountDialog"
        )(d.env, 4500, None, _t("Line discount"), "Haircut"),
        "salon_desktop.ui.checkout.line_dialogs:VoucherSaleDialog": lambda d: m(
            "checkout.line_dialogs", "VoucherSaleDialog"
        )(d.env, TODAY),
        "salon_desktop.ui.checkout.line_dialogs:AccountPaymentDialog": lambda d: m(
            "checkout.line_dialogs", "AccountPaymentDialog"
        )(d.env, "Anna Nowak", -2500),
        "salon_desktop.ui.checkout.payment_dialog:PaymentDialog": lambda d: m(
            "checkout.payment_dialog", "PaymentDialog"
        )(d.env, d.ticket, "Anna Nowak", 0, {d.salon.sara: "Sara"}),
        "salon_desktop.ui.checkout.recent_sales:VoidDialog": lambda d: m(
            "checkout.recent_sales", "VoidDialog"
        )(d.env, d.sale_row),
        "salon_desktop.ui.checkout.recent_sales:RefundDialog": lambda d: m(
            "checkout.recent_sales", "RefundDialog"
        )(d.env, d.sale_row),
        "salon_desktop.ui.clients.duplicates_dialog:DuplicatesDialog": lambda d: m(
            "clients.duplicates_dialog", "DuplicatesDialog"
        )(d.env, d.env.ctx.search.search("Anna").rows),
        "salon_desktop.ui.clients.file.statement_dialog:StatementDialog": lambda d: m(
            "clients.file.statement_dialog", "StatementDialog"
        )(d.env),
        "salon_desktop.ui.clients.file.privacy:EraseClientDialog": lambda d: m(
            "clients.file.privacy", "EraseClientDialog"
        )(d.env, d.salon.anna, d.env.ctx.clients.get(d.salon.anna).number, "Anna Nowak"),
        "salon_desktop.ui.clients.merge_dialog:MergeDialog": lambda d: m(
            "clients.merge_dialog", "MergeDialog"
        )(d.env, d.salon.anna),
        "salon_desktop.ui.complaints.record_dialog:RecordComplaintDialog": lambda d: m(
            "complaints.record_dialog", "RecordComplaintDialog"
        )(d.env, d.salon.anna, "Anna Nowak", d.posted.sale_id),
        "salon_desktop.ui.complaints.step_dialog:StepDialog": lambda d: m(
            "complaints.step_dialog", "StepDialog"
        )(d.env, d.complaint, State.RESOLVED),
        "salon_desktop.ui.error_dialog:UnexpectedErrorDialog": lambda d: m(
            "error_dialog", "UnexpectedErrorDialog"
        )(_t(MESSAGES[Kind.UNEXPECTED]), "Traceback (most recent call last): …"),
        "salon_desktop.ui.first_run:FirstRunDialog": lambda d: m("first_run", "FirstRunDialog")(
            d.env.ctx, d.env.fmt.language
        ),
        "salon_desktop.ui.integrity_dialog:IntegrityDialog": lambda d: m(
            "integrity_dialog", "IntegrityDialog"
        )(d.env, _integrity(d)),
        "salon_desktop.ui.till.close_dialog:CloseSessionDialog": lambda d: m(
            "till.close_dialog", "CloseSessionDialog"
        )(d.env, d.env.ctx.till.session_report()),
        "salon_desktop.ui.till.open_dialog:OpenSessionDialog": lambda d: m(
            "till.open_dialog", "OpenSessionDialog"
        )(d.env, _closed_session(d)),
        "salon_desktop.ui.till.count_dialog:CashCountDialog": lambda d: m(
            "till.count_dialog", "CashCountDialog"
        )(d.env, _session_title(d), {5000: 2, 2000: 3, 1000: 12}),
        "salon_desktop.ui.till.left_open:LeftOpenDialog": lambda d: m(
            "till.left_open", "LeftOpenDialog"
        )(d.env, _left_open(d), _closed_session(d)),
        "salon_desktop.ui.backups_section:RestoreDialog": lambda d: m(
            "backups_section", "RestoreDialog"
        )(d.env, _backup_info(d)),
        "salon_desktop.ui.complaints.settings_dialog:ComplaintSettingsDialog": lambda d: m(
            "complaints.settings_dialog", "ComplaintSettingsDialog"
        )(d.env),
        "salon_desktop.ui.surveys.form_dialog:SurveyDialog": lambda d: m(
            "surveys.form_dialog", "SurveyDialog"
        )(d.env, d.env.ctx.surveys.form(d.posted.sale_id)),
        "salon_desktop.ui.surveys.questions_dialog:QuestionsDialog": lambda d: m(
            "surveys.questions_dialog", "QuestionsDialog"
        )(d.env),
        "salon_desktop.ui.surveys.rules_dialog:SurveyRulesDialog": lambda d: m(
            "surveys.rules_dialog", "SurveyRulesDialog"
        )(d.env),
        "salon_desktop.ui.login.pin_dialog:ApproveDialog": lambda d: m(
            "login.pin_dialog", "ApproveDialog"
        )(d.env, _sell_anyway()),
        "salon_desktop.ui.login.pin_dialog:OwnerSetupDialog": lambda d: m(
            "login.pin_dialog", "OwnerSetupDialog"
        )(d.env),
        "salon_desktop.ui.audit_viewer:AuditDialog": lambda d: m("audit_viewer", "AuditDialog")(
            d.env
        ),
        "salon_desktop.ui.clients.import_dialog:ImportDialog": lambda d: m(
            "clients.import_dialog", "ImportDialog"
        )(d.env),
        "salon_desktop.ui.export_dialog:ExportDialog": lambda d: m("export_dialog", "ExportDialog")(
            d.env
        ),
        "salon_desktop.ui.actions.templates_dialog:LetterTemplatesDialog": lambda d: m(
            "actions.templates_dialog", "LetterTemplatesDialog"
        )(d.env, None),
        "salon_desktop.ui.widgets.pdf_preview:PdfPreview": lambda d: m(
            "widgets.pdf_preview", "PdfPreview"
        )(_pdf(d), _t("Receipt"), "receipt.pdf"),
    }


from salon_desktop.services.failures import MESSAGES, Kind  # noqa: E402


def _t(text: str) -> str:
    from salon_desktop.i18n import _

    return _(text)


# -- what a user would see wrong -----------------------------------------------
def shown(root: QWidget) -> Iterator[QWidget]:
    """The visible widgets of ``root`` that are not scrolled inside a scroll area
    (those may leave their viewport: the user scrolls to them)."""
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if any(isinstance(p, QAbstractScrollArea) for p in _parents(w, root)):
            continue
        yield w


def _parents(w: QWidget, root: QWidget) -> Iterator[QWidget]:
    p = w.parentWidget()
    while p is not None and p is not root:
        yield p
        p = p.parentWidget()


def _name(w: QWidget) -> str:
    text = ""
    if isinstance(w, (QAbstractButton, QLabel)):
        text = w.text()
    return f"{type(w).__name__}({w.objectName() or text!r})"


def problems(root: QWidget) -> list[str]:
    found = []
    frame = root.rect()
    for w in shown(root):
        at = QRect(w.mapTo(root, QPoint(0, 0)), w.size())
        # A widget inside a tab, stack or splitter pane is clipped by its parent
        # the same way: checking against the window is enough.
        if not frame.contains(at):
            found.append(f"{_name(w)} outside the window: {at.getRect()} in {frame.getRect()}")
            continue
        if isinstance(w, (QPushButton, QCheckBox, QRadioButton, QToolButton)) and w.text():
            if w.width() < w.minimumSizeHint().width() - 1 or (
                w.width() < w.sizeHint().width() - 1
            ):
                found.append(f"{_name(w)} cut: {w.width()} px for {w.sizeHint().width()} px")
        elif isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                need_h = w.heightForWidth(w.contentsRect().width())
                if need_h > w.contentsRect().height() + 1:
                    found.append(f"{_name(w)} cut: {w.height()} px high for {need_h} px")
            else:
                need = w.sizeHint().width() - (w.width() - w.contentsRect().width())
                if w.contentsRect().width() < need - 1:
                    found.append(f"{_name(w)} cut: {w.contentsRect().width()} px for {need} px")
        elif isinstance(w, QComboBox) and w.currentText():
            room = (
                w.style()
                .subControlRect(
                    w.style().ComplexControl.CC_ComboBox,
                    _combo_option(w),
                    w.style().SubControl.SC_ComboBoxEditField,
                    w,
                )
                .width()
            )
            need = w.fontMetrics().horizontalAdvance(w.currentText())
            if room < need - 1:
                found.append(f"{_name(w)} {w.currentText()!r} cut: {room} px for {need} px")
    return found


def cut_cells(root: QWidget, rows: int = 30) -> list[str]:
    """Table cells whose text does not fit their column (a date "27.11.20…", an
    amount without its "zł"), in the tables shown. A column that stretches with the
    window (names, notes) may elide; amounts, dates and numbers may not."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QHeaderView, QTableView

    found = []
    for view in root.findChildren(QTableView):
        if not view.isVisibleTo(root) or view.model() is None:
            continue
        model, header = view.model(), view.horizontalHeader()
        last = header.count() - 1
        for col in range(header.count()):
            if header.isSectionHidden(col) or (
                header.sectionResizeMode(col) == QHeaderView.ResizeMode.Stretch
                or (col == last and header.stretchLastSection())
            ):
                continue
            for row in range(min(rows, model.rowCount(QModelIndex()))):
                index = model.index(row, col)
                text = model.data(index)
                if not isinstance(text, str) or not text:
                    continue
                if model.data(index, Qt.ItemDataRole.ToolTipRole) == text:
                    continue  # a long list, shown whole in its tooltip
                need = view.sizeHintForIndex(index).width()
                if need > header.sectionSize(col) + 1:
                    title = model.headerData(col, Qt.Orientation.Horizontal)
                    found.append(
                        f"{view.objectName() or type(view).__name__} column {title!r}: "
                        f"{text!r} needs {need} px, has {header.sectionSize(col)}"
                    )
                    break
    return found


def _combo_option(w: QComboBox):
    from PySide6.QtWidgets import QStyleOptionComboBox

    opt = QStyleOptionComboBox()
    opt.initFrom(w)
    opt.editable = w.isEditable()
    opt.currentText = w.currentText()
    return opt


def fit(dialog: QDialog) -> list[str]:
    """Shown at the size it opens with: it fits the screen, and so does its content."""
    dialog.show()
    QApplication.processEvents()
    found = []
    width, height = DIALOG_MAX
    if dialog.width() > width or dialog.height() > height:
        found.append(f"{dialog.width()}×{dialog.height()} is larger than {width}×{height}")
    if dialog.minimumSizeHint().height() > height:
        found.append(f"needs {dialog.minimumSizeHint().height()} px of height")
    return found + problems(dialog) + cut_cells(dialog)


def leftover_english(english: set[str], other: set[str], language: str) -> list[str]:
    kept = SAME_EVERYWHERE | DATA | same_by_translation(language)
    isolates = str.maketrans("", "", "\u2066\u2067\u2068\u2069\u200e\u200f")
    return [
        t
        for t in sorted({t.translate(isolates) for t in english & other})
        if t not in kept
        and t.rstrip(": *") not in kept
        and not re.search(r"\(\w\w\)$", t)  # country names: "Iran (IR)" is also Polish
        and not re.fullmatch(r"[\w.-]+\.(pdf|sqlite3|csv|json)", t)  # file names
        and not re.fullmatch(r"[A-Z0-9-]{6,}", t)  # voucher codes
        and not t.startswith("Traceback")
    ]


# -- the tests --------------------------------------------------------------------
def test_every_dialog_has_a_builder():
    assert dialog_classes() == set(builders()), "a dialog this test does not open"


def open_dialog(qtbot, make_env, language: str, qualified: str) -> tuple[list[str], set[str]]:
    env = make_env(language)
    demo = Demo(env)
    dialog = builders()[qualified](demo)
    qtbot.addWidget(dialog)
    try:
        found = fit(dialog)
        texts = visible_texts(dialog)
        texts.add(dialog.windowTitle())
        settle(env)
    finally:
        dialog.hide()
    return found, texts


@pytest.mark.parametrize("qualified", sorted(builders()))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_dialog_fits_and_speaks_the_language(qtbot, make_env, language, qualified):
    found, texts = open_dialog(qtbot, make_env, language, qualified)
    assert not found, f"{qualified} in {language}: {found}"
    if language != "en":
        english = open_dialog(qtbot, make_env, "en", qualified)[1]
        from salon_desktop.ui.qt_i18n import apply_language

        apply_language(QApplication.instance(), language)  # type: ignore[arg-type]
        left = leftover_english(english, texts, language)
        assert not left, f"untranslated in {qualified} ({language}): {left}"


def every_screen(window) -> Iterator[tuple[str, QWidget]]:
    """Each page of the main window, and each tab of it, as the user opens them."""
    from salon_desktop.ui.main_window import PAGES

    for row in range(len(PAGES)):
        window.nav.setCurrentRow(row)  # built the first time it is shown
        page = window.page(row)
        QApplication.processEvents()
        yield type(page).__name__, page
        for tabs in page.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                QApplication.processEvents()
                if tabs.isVisibleTo(window):
                    yield f"{type(page).__name__} / {tabs.tabText(i)}", tabs.widget(i)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_fits_1024x768(qtbot, main_window, language):
    window = main_window(language)
    demo = Demo(window.env)
    ctx = window.env.ctx
    for _visit in range(25):  # enough for the lists to scroll (a scroll bar takes room)
        post(
            ctx, TODAY, demo.salon.anna, [ctx.catalog.get_service(demo.salon.cut)], demo.salon.sara
        )
    window.env.bus.catalog_changed.emit()
    # The window's inside on a 1024×768 screen, below its title bar and above the panel.
    window.resize(*DIALOG_MAX)
    assert window.minimumSizeHint().height() <= DIALOG_MAX[1]
    settle(window.env)
    found = []
    for name, _page in every_screen(window):
        settle(window.env)
        found += [f"{name}: {p}" for p in problems(window) + cut_cells(window)]
    window.nav.setCurrentRow(0)
    window.clients.open_client(demo.salon.anna)
    settle(window.env)
    for name, _page in every_screen(window):
        if name.startswith("ClientsPage"):
            settle(window.env)
            found += [f"client file {name}: {p}" for p in problems(window) + cut_cells(window)]
    assert (window.width(), window.height()) == DIALOG_MAX
    assert not found, "\n".join(sorted(set(found)))


@pytest.mark.parametrize("language", ["pl", "fa"])
def test_qt_own_dialogs_and_menus_speak_the_language(qtbot, qapp, language):
    """What Qt draws itself: a line edit's context menu, a message box's buttons,
    the file dialog (Qt's own, see ui/widgets/file_dialogs.py)."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

    from salon_desktop.ui.qt_i18n import apply_language
    from salon_desktop.ui.widgets.file_dialogs import save_file_dialog

    def texts() -> set[str]:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        seen = {a.text().split("\t")[0] for a in menu.actions() if a.text()}
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "",
            "",
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        )
        qtbot.addWidget(box)
        seen |= {b.text() for b in box.buttons()}
        dialog = save_file_dialog(None, "", "a.pdf", "PDF (*.pdf)")
        qtbot.addWidget(dialog)
        seen |= {b.text() for b in dialog.findChild(QDialogButtonBox).buttons()}
        seen |= {label.text() for label in dialog.findChildren(QLabel) if label.text()}
        return {t.replace("&", "") for t in seen if re.search(r"[A-Za-z]{2}", t)}

    try:
        english = texts()
        apply_language(qapp, language)
        other = texts()
    finally:
        apply_language(qapp, "en")
    assert len(english) >= 10
    assert not english & other, f"Qt's own texts left in English: {sorted(english & other)}"
