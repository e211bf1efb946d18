"""Who is being served: name, number, account balance, the allergy alert (red,
always visible while selling) and the notes of the client file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.checkout.benefits import BenefitsBar
from salon_desktop.ui.checkout.payment_dialog import big
from salon_desktop.ui.clients.file.complaints_banner import ComplaintsBanner
from salon_desktop.ui.env import UiEnv


class ClientHeader(QWidget):
    file_requested = Signal(int)

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.client_id: int | None = None
        self.name = ""
        self.preferred_staff_id: int | None = None
        self.balance = 0
        self.name_label = big(QLabel(), 1.4)
        self.name_label.setObjectName("ticketClient")
        self.number_label = QLabel()
        self.number_label.setObjectName("ticketClientNumber")
        self.balance_label = QLabel()
        self.balance_label.setObjectName("ticketBalance")
        self.file_button = QPushButton(_("Client file"))
        self.file_button.setAutoDefault(False)
        self.file_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.file_button.clicked.connect(
            lambda: self.client_id is not None and self.file_requested.emit(self.client_id)
        )
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name_label)
        top.addWidget(self.number_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addSpacing(16)
        top.addWidget(self.balance_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.file_button)

        self.allergy = QFrame()
        self.allergy.setObjectName("ticketAllergy")
        self.allergy.setStyleSheet(
            "QFrame#ticketAllergy { background: #b00020; border-radius: 4px; }"
            "QLabel { color: white; }"
        )
        self.allergy_text = big(QLabel(), 1.15)
        self.allergy_text.setObjectName("ticketAllergyText")
        self.allergy_text.setWordWrap(True)
        self.allergy_text.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout(self.allergy)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.allergy_text)
        self.notes = QLabel()
        self.notes.setObjectName("ticketNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setStyleSheet("color: #4d3b00; background: #fff8e1; padding: 4px;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addWidget(self.allergy)
        self.complaints = ComplaintsBanner(env, self)  # her open complaints, Ctrl+Shift+K
        lay.addWidget(self.complaints)
        self.benefits = BenefitsBar(env, self)  # what a complaint left her, Ctrl+Shift+B
        lay.addWidget(self.benefits)
        lay.addWidget(self.notes)
        self.set_client(None)

    def set_client(self, client_id: int | None) -> None:
        from salon_desktop.services.clients import ClientNotFound

        ctx, fmt = self.env.ctx, self.env.fmt
        self.client_id, self.preferred_staff_id, self.balance = client_id, None, 0
        allergies = notes = ""
        if client_id is not None:
            try:
                f = ctx.clients.get(client_id)
            except ClientNotFound:
                f = None
            if f is None:
                self.client_id = client_id = None
            else:
                self.name = f.display_name
                self.preferred_staff_id = f.draft.preferred_staff_id
                allergies, notes = f.draft.allergies.strip(), f.draft.notes.strip()
                self.balance = ctx.reader.balance(client_id)
                self.number_label.setText("#" + fmt.client_number(f.number))
        if client_id is None:
            self.name = ""
            self.name_label.setText(_("Walk-in"))
            self.number_label.clear()
            self.balance_label.clear()
        else:
            self.name_label.setText(isolate(self.name))
            self.balance_label.setText(
                _("Account: {balance}").format(
                    balance=self.env.fmt.balance(self.balance, zero_amount=True)
                )
            )
            self.balance_label.setStyleSheet(
                "color: #b00020; font-weight: bold;"
                if self.balance < 0
                else "color: #1b5e20;"
                if self.balance > 0
                else ""
            )
        self.file_button.setVisible(client_id is not None)
        self.allergy_text.setText(
            _("Allergies and contraindications: {text}").format(text=isolate(allergies))
        )
        self.allergy.setVisible(bool(allergies))
        self.notes.setText(_("Notes: {text}").format(text=isolate(notes)))
        self.notes.setVisible(bool(notes))
        self.complaints.set_client(client_id, self.name)
