"""Property: whatever text the client form holds is saved exactly as shown, or
refused with a message beside a field and nothing saved. Never a crash."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salon_desktop.ui.clients.file import ClientFileScreen

SPECIAL = [
    "زهرا\u200cسادات",
    "\u200fمریم\u200e",
    "Żółw 🐢",
    "'); DROP TABLE clients;--",
    '=HYPERLINK("http://x","y")',
    "+SUM(A1)",
    "a\x00b",
    "x" * 10_000,
    "  spaced  ",
    "line\nbreak",
    "tab\tin",
    "\u202eevil",
    "ﷺ",
    "\ud800",
]
texts = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.text(string.printable, max_size=40),
)
SINGLE = ("first_name", "last_name", "email")
MULTI = ("address", "allergies", "notes")


def widgets(w: ClientFileScreen) -> dict:
    d, care = w.details, w.care
    return {
        "first_name": d.first_name,
        "last_name": d.last_name,
        "email": d.email,
        "address": d.address,
        "allergies": care.allergies,
        "notes": w.notes.notes,
    }


def shown(widget) -> str:
    return widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=40
)
@given(values=st.fixed_dictionaries({k: texts for k in SINGLE + MULTI}))
def test_form_saves_what_it_shows_or_says_why(qtbot, make_env, values):
    env = make_env("fa")  # a fresh profile per example
    w = ClientFileScreen(env)
    qtbot.addWidget(w)
    w.show()
    w.new_client()
    fields = widgets(w)
    for name, value in values.items():
        widget = fields[name]
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setText(value)
    on_screen = {name: shown(widget) for name, widget in fields.items()}
    before = env.ctx.clients.count()

    saved = w.save()

    if saved:
        f = env.ctx.clients.get(w.current_client_id())
        for name in SINGLE:
            assert getattr(f.draft, name) == on_screen[name].strip(), name
        for name in MULTI:
            assert getattr(f.draft, name) == on_screen[name], name
        assert env.ctx.clients.count() == before + 1
    else:
        assert env.ctx.clients.count() == before
        messages = [lbl for lbl in w.findChildren(type(w.general_error)) if lbl.isVisibleTo(w)]
        assert messages, f"refused without a message: {values!r}"
    w.discard_changes()
    w.close()
