"""The clients page: the list, and the client file opened from it.

The file screen (seven tabs, a hundred widgets) is built when the first file is
opened, not with the list: the window is ready to type a name sooner.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from salon_desktop.domain.client import name_from_search
from salon_desktop.ui.clients.file import ClientFileScreen
from salon_desktop.ui.clients.list_screen import ClientListScreen
from salon_desktop.ui.env import UiEnv


class ClientsPage(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.list = ClientListScreen(env)
        self._file: ClientFileScreen | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.list.open_client.connect(self.open_client)
        self.list.new_client.connect(self.new_client)

    @property
    def file(self) -> ClientFileScreen:
        """The client file screen, built the first time it is needed."""
        if self._file is None:
            self._file = ClientFileScreen(self._env)
            self.stack.addWidget(self._file)
            self._file.closed.connect(self.show_list)
            self._file.open_requested.connect(self.open_client)
        return self._file

    def open_client(self, client_id: int) -> None:
        if self.file_shown() and self.file.current_client_id() == client_id:
            return
        if not self.confirm_leave():
            return
        self.file.open_client(client_id)
        self.stack.setCurrentWidget(self.file)
        self.file.focus_start()

    def new_client(self, typed: str = "") -> None:
        """Ctrl+N: a new file, with the name typed in the search split into first and
        last name (Persian letter forms for a Persian salon); digits give no name."""
        if not self.confirm_leave():
            return
        env = self._env
        first, last = name_from_search(typed, env.fmt.persian or env.region.upper() == "IR")
        self.file.new_client(first, last)
        self.stack.setCurrentWidget(self.file)
        self.file.focus_start()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)
        self.list.focus_search()

    def confirm_leave(self) -> bool:
        """True when the open file may be left (saved, or the user chose to discard)."""
        if not self.file_shown():
            return True
        return self.file.ask_to_leave()

    def file_shown(self) -> bool:
        return self._file is not None and self.stack.currentWidget() is self._file
