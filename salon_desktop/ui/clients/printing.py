"""Printing a client's documents from the client file and the client list: cards,
the client file printout and the consent and intake form.

Each document is read and rendered off the UI thread (a ``Query``: the service
reads the rows, ``documents/`` draws the PDF in the salon's language), then shown
in the PDF preview (preview, Qt's print dialog, save as PDF). The preview opens
window-modal without blocking, so the window keeps painting and a result for a
screen closed meanwhile is dropped by the operation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from salon_desktop.i18n import N_, _
from salon_desktop.services.context import AppContext
from salon_desktop.services.printouts import CardRequest
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.widgets.pdf_preview import PdfPreview

LAYOUT_LABELS = {
    "card": N_("Cards, one a page (card printer)…"),
    "a4": N_("Cards, ten to an A4 sheet…"),
}


def cards_document(ids: Sequence[int], layout: str) -> Callable[[AppContext], tuple[bytes, int]]:
    """The call that makes the cards of ``ids`` (worker thread): (PDF, how many)."""
    wanted = tuple(ids)

    def call(ctx: AppContext) -> tuple[bytes, int]:
        from salon_desktop.documents.card import cards_pdf

        cards = ctx.printouts.cards(CardRequest(ids=wanted))
        return cards_pdf(cards, ctx.header(), layout=layout), len(cards)

    return call


def file_document(client_id: int, which: str) -> Callable[[AppContext], tuple[bytes, str, int]]:
    """The call that makes one client's ``card``, ``file`` or ``intake`` PDF:
    (PDF, client name, client number)."""

    def call(ctx: AppContext) -> tuple[bytes, str, int]:
        view = ctx.printouts.client_file(client_id)
        header = ctx.header()
        today = ctx.clients.today()
        if which == "card":
            from salon_desktop.documents.card import cards_pdf

            data = cards_pdf([view.card()], header, layout="card")
        elif which == "file":
            from salon_desktop.documents.client_file import client_file_pdf

            data = client_file_pdf(view, header, printed_on=today)
        else:
            from salon_desktop.documents.intake import intake_pdf

            data = intake_pdf(view, header, printed_on=today)
        return data, view.name, view.number

    return call


def show_preview(parent: QWidget, data: bytes, title: str, file_name: str) -> PdfPreview:
    """The preview, window-modal, without blocking; it deletes itself when closed."""
    preview = PdfPreview(data, title, file_name, parent)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screen = parent.screen() if parent is not None else None
    if screen is not None:  # 720 × 820 does not fit a 1024 × 768 desk screen
        room = screen.availableGeometry()
        preview.resize(
            min(preview.width(), room.width()), min(preview.height(), room.height() - 60)
        )
    preview.open()
    return preview


class FilePrintButton(QPushButton):
    """ "Print" in the client file header: the card, the file, the intake form."""

    TITLES = {
        "card": N_("Client card: {name}"),
        "file": N_("Client file: {name}"),
        "intake": N_("Client details and consent: {name}"),
    }
    FILES = {
        "card": "card-{number}.pdf",
        "file": "client-{number}.pdf",
        "intake": "consent-{number}.pdf",
    }

    def __init__(self, env: UiEnv, parent: QWidget, client_id: Callable[[], int | None]):
        super().__init__(_("Print"), parent)
        self.setObjectName("filePrintButton")
        self.setToolTip(_("Print the client card, the client file or the consent form (Ctrl+P)"))
        self.setAutoDefault(False)
        self._env = env
        self._client_id = client_id
        self.preview: PdfPreview | None = None  # the last one shown (tests)
        menu = QMenu(self)
        self.actions_by_kind = {
            "card": menu.addAction(_("Client card…")),
            "file": menu.addAction(_("Client file…")),
            "intake": menu.addAction(_("Consent and intake form…")),
        }
        for kind, action in self.actions_by_kind.items():
            action.triggered.connect(lambda _checked=False, k=kind: self.print_document(k))
        from salon_desktop.domain.letters import KIND_LABELS, LetterKind

        letters = menu.addMenu(_("Print a letter…"))
        letters.setObjectName("filePrintLetterMenu")
        self.letter_actions = {}
        for letter in LetterKind:
            action = letters.addAction(_(KIND_LABELS[letter]))
            action.triggered.connect(lambda _checked=False, k=letter: self.print_letter(k))
            self.letter_actions[letter] = action
        self.setMenu(menu)

    def print_letter(self, kind) -> None:
        """One letter to this client (in the salon's language), previewed."""
        from salon_desktop.domain.letters import KIND_LABELS

        client_id = self._client_id()
        if client_id is None:
            return

        def call(ctx: AppContext) -> tuple[bytes, str, int]:
            from salon_desktop.services.letters import LetterService

            service = LetterService(ctx)
            letter = service.for_client(kind, client_id)
            return service.pdf([letter]), letter.name, letter.client_number

        def shown(result: tuple[bytes, str, int]) -> None:
            data, name, number = result
            title = _("{letter}: {name}").format(letter=_(KIND_LABELS[kind]), name=name)
            self.preview = show_preview(
                self.window(), data, title, f"letter-{kind.value}-{number}.pdf"
            )

        Query(self._env, self, call).success(shown).run_in_background()

    def print_document(self, which: str) -> None:
        client_id = self._client_id()
        if client_id is None:
            return

        def shown(result: tuple[bytes, str, int]) -> None:
            data, name, number = result
            self.preview = show_preview(
                self.window(),
                data,
                _(self.TITLES[which]).format(name=name),
                self.FILES[which].format(number=number),
            )

        Query(self._env, self, file_document(client_id, which)).success(shown).run_in_background()


class CardsButton(QPushButton):
    """ "Print cards" under the client list: cards for the selected clients."""

    def __init__(self, env: UiEnv, parent: QWidget, selected: Callable[[], list[int]]):
        super().__init__(_("Print cards"), parent)
        self.setObjectName("printCardsButton")
        self.setToolTip(
            _("Client cards for the selected clients (Ctrl or Shift and a click selects several)")
        )
        self.setAutoDefault(False)
        self._env = env
        self._selected = selected
        self.preview: PdfPreview | None = None
        menu = QMenu(self)
        self.actions_by_layout = {}
        for layout, label in LAYOUT_LABELS.items():
            action = menu.addAction(_(label))
            action.triggered.connect(lambda _checked=False, lay=layout: self.print_cards(lay))
            self.actions_by_layout[layout] = action
        self.setMenu(menu)

    def print_cards(self, layout: str) -> None:
        ids = self._selected()
        if not ids:
            return

        def shown(result: tuple[bytes, int]) -> None:
            data, count = result
            if not count:
                return
            title = _("Client cards ({count})").format(count=self._env.fmt.integer(count))
            stamp = dt.date.today().isoformat()
            self.preview = show_preview(self.window(), data, title, f"cards-{stamp}.pdf")

        Query(self._env, self, cards_document(ids, layout)).success(shown).run_in_background()
