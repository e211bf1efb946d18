"""The surveys screen, driven from the keyboard as the receptionist does: a survey
typed in a dozen keystrokes, digits in Persian, a score out of its scale said
beside its field, an unhappy client's complaint recorded from the survey in one
action, the figures; in English and Persian."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from salon_desktop.domain.complaints import State
from salon_desktop.domain.surveys import AnswerKind, SurveyDraft
from salon_desktop.ui.surveys import SurveysScreen
from salon_desktop.ui.surveys.form_dialog import SurveyDialog
from tests.faults import EXPECTED_WORDS, KINDS
from tests.services.sales_helpers import make_shop, pay, svc_line
from tests.ui.helpers import Modal, settle
from tests.ui.test_write_failures import failing, snapshot

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


class Keyboard:
    """Keys sent where the focus is, as a keyboard does, and counted."""

    def __init__(self, qtbot):
        self.qtbot, self.count = qtbot, 0

    def focused(self):
        """The widget with the focus, once the window in front has it."""

        def ready() -> bool:
            w, modal = QApplication.focusWidget(), QApplication.activeModalWidget()
            return w is not None and (modal is None or w.window() is modal)

        self.qtbot.waitUntil(ready, timeout=3000)
        return QApplication.focusWidget()

    def type(self, text: str) -> None:
        for ch in text:
            w = self.focused()
            if ch.isascii():
                self.qtbot.keyClicks(w, ch)
            else:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    ev = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
                    QApplication.sendEvent(w, ev)
            self.count += 1
        QApplication.processEvents()

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)
        self.count += 1


def plain(text: str) -> str:
    """What is read on the screen, without the invisible direction marks."""
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069")


def setup(make_env, language="en"):
    env = make_env(language)
    shop = make_shop(env.ctx, 10 if language == "fa" else 1)
    t = pay(
        env.ctx,
        [svc_line(shop, "cut"), svc_line(shop, "colour", staff=shop.bea)],
        client=shop.client,
    )
    sale = env.ctx.sales.post(t, shop.desk).sale_id
    return env, shop, sale


def open_screen(qtbot, env) -> SurveysScreen:
    w = SurveysScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    settle(env)
    w.focus_list()
    return w


def test_a_survey_typed_from_the_keyboard_alone(qtbot, make_env):
    env, shop, sale = setup(make_env)
    w = open_screen(qtbot, env)
    assert w.model.rowCount() == 1 and plain(w.model.text(0, 2)) == "Cut, Colour"
    keys = Keyboard(qtbot)

    def fill(dialog):
        assert isinstance(dialog, SurveyDialog)
        assert keys.focused() is dialog.recommend
        # recommend, Cut, Colour, Anna, Bea, cleanliness, waiting, value: one digit each
        keys.type("95454544")
        assert dialog.comment.hasFocus()
        keys.type("ok")
        keys.press(ENTER)

    m = Modal(fill)
    keys.press(ENTER)  # on the visit in the list
    m.check()
    settle(env)
    assert keys.count == 12
    got = env.ctx.surveys.get(1)
    assert got.sale_id == sale and got.recommend == 9 and got.comment == "ok"
    assert [a.score for a in got.answers] == [9, 5, 4, 5, 4, 5, 4, 4]
    assert w.model.rowCount() == 0 and w.empty.isVisible()


def test_persian_digits_and_a_score_out_of_its_scale(qtbot, make_env):
    env, shop, sale = setup(make_env, "fa")
    open_screen(qtbot, env)
    keys = Keyboard(qtbot)

    def fill(dialog):
        keys.type("۱")  # 1 on the 0–10 scale waits for a 0
        assert dialog.recommend.hasFocus()
        keys.type("۰")
        first = dialog.lines[next(iter(dialog.lines))]
        assert first.hasFocus()
        keys.type("٧")  # 7 of 5 (Arabic-Indic digit): said beside it, the focus stays
        assert first.hasFocus() and first.error.isVisible()
        assert first.error.text() == "از ۱ تا ۵."
        keys.press(Qt.Key.Key_Backspace)
        keys.type("۴")
        assert not first.error.isVisible()
        keys.press(ENTER, CTRL)  # saved with the rest left blank

    m = Modal(fill)
    keys.press(ENTER)
    m.check()
    settle(env)
    got = env.ctx.surveys.get(1)
    assert got.recommend == 10
    assert [(a.kind, a.score) for a in got.answers][:2] == [
        (AnswerKind.RECOMMEND, 10),
        (AnswerKind.SERVICE, 4),
    ]


def test_a_bad_score_is_not_sent(qtbot, make_env):
    env, shop, sale = setup(make_env)
    open_screen(qtbot, env)
    keys = Keyboard(qtbot)

    def fill(dialog):
        keys.type("9")
        keys.type("8")  # 8 on 1–5
        keys.press(ENTER, CTRL)
        assert dialog.isVisible() and dialog.general_error.isVisible()
        assert dialog.lines[next(iter(dialog.lines))].error.text() == "From 1 to 5."

    m = Modal(fill)
    keys.press(ENTER)
    m.check()
    settle(env)
    assert env.ctx.surveys.waiting()[0].sale_id == sale  # nothing saved


def test_an_unhappy_client_gets_a_complaint_in_one_action(qtbot, make_env):
    env, shop, sale = setup(make_env)
    open_screen(qtbot, env)
    keys = Keyboard(qtbot)
    seen = {}

    def complaint(dialog):
        seen["description"] = dialog.description.toPlainText()
        seen["staff"] = dialog.staff.currentData()
        keys.press(ENTER, CTRL)  # recorded as prefilled

    def offer(box):
        seen["complaint"] = Modal(complaint)
        keys.press(ENTER)  # the default: record a complaint

    def fill(dialog):
        seen["offer"] = Modal(offer)
        keys.type("3")  # a detractor
        keys.type("44")
        keys.type("51")  # Bea: 1
        keys.press(ENTER, CTRL)

    m = Modal(fill)
    keys.press(ENTER)
    m.check()
    seen["offer"].check()
    seen["complaint"].check()
    settle(env)
    assert "How satisfied were you with Bea Colourist? 1/5" in seen["description"]
    assert seen["staff"] == shop.bea
    [c] = env.ctx.complaints.list()
    assert (c.client_id, c.sale_id, c.staff_id, c.state) == (shop.client, sale, shop.bea, State.NEW)
    assert c.category == "staff_behaviour"


def test_the_figures_with_their_counts(qtbot, make_env):
    env, shop, _sale = setup(make_env)
    ctx = env.ctx
    for score in (10, 9, 3, 8, 10, 10):
        t = pay(ctx, [svc_line(shop, "cut")], client=shop.client)
        sid = ctx.sales.post(t, shop.desk).sale_id
        line = ctx.surveys.form(sid).lines[0].line_id
        ctx.surveys.record(SurveyDraft(sid, score, {line: 5}, {shop.anna: 4}), shop.desk)
    w = open_screen(qtbot, env)
    w.tabs.setCurrentIndex(1)
    settle(env)
    assert plain(w.overall.text()) == "NPS +50 on 6 answers · CSAT 100 % on 12 answers · 6 surveys"
    assert [plain(w.figures_model.text(r, 0)) for r in range(w.figures_model.rowCount())] == [
        "Anna Stylist"
    ]
    w.group.setCurrentIndex(w.group.findData("month"))
    assert w.figures_model.rowCount() == 1
    assert w.figures_model.text(0, 2) == "6"


def test_the_screen_in_persian(qtbot, make_env):
    env, shop, sale = setup(make_env, "fa")
    w = open_screen(qtbot, env)
    assert w.tabs.tabText(0) == "در انتظار نظرسنجی"
    assert w.model.text(0, 0) == env.fmt.date(dt.date(2026, 11, 23))


def test_the_category_in_the_client_file_and_the_list(qtbot, main_window):
    window = main_window("en")
    env = window.env
    shop = make_shop(env.ctx)
    sid = env.ctx.sales.post(pay(env.ctx, [svc_line(shop)], client=shop.client), shop.desk).sale_id
    line = env.ctx.surveys.form(sid).lines[0].line_id
    page = window.clients
    page.open_client(shop.client)
    settle(env)
    badge = page.file.satisfaction
    assert not badge.isVisible()  # nothing heard from her yet
    # Recorded on the surveys screen: the file and the list follow.
    from salon_desktop.services.changes import Changes
    from salon_desktop.ui.operations import Write

    Write(
        env,
        window,
        lambda ctx: ctx.surveys.record(SurveyDraft(sid, 4, {line: 2}), shop.desk),
        changes=Changes.of(feedback=True, clients=[shop.client]),
    ).run()
    settle(env)
    assert badge.isVisible() and badge.text() == "Satisfaction: Dissatisfied"
    m = page.list.model
    m.refresh()
    settle(env)  # the categories arrive off the UI thread
    row = next(r for r in range(m.rowCount()) if m.row_at(r).id == shop.client)
    assert m.index(row, m.COL_SATISFACTION).data() == "Dissatisfied"


@pytest.mark.parametrize("kind", KINDS)
def test_saving_a_survey_on_a_failing_database(qtbot, make_env, kind):
    """As tests/ui/test_write_failures.py does for the other screens' writes."""
    env, shop, sale = setup(make_env)
    open_screen(qtbot, env)
    keys = Keyboard(qtbot)
    before = snapshot(env)
    seen = {}

    def fill(dialog):
        keys.type("9")
        keys.type("5")
        failing(qtbot, env, kind, lambda: keys.press(ENTER, CTRL))
        seen["open"] = dialog.isVisible()
        seen["text"] = dialog.general_error.text()
        seen["typed"] = (dialog.recommend.text(), next(iter(dialog.lines.values())).text())
        seen["snapshot"] = snapshot(env)
        keys.press(ENTER, CTRL)  # the database is back: saved

    m = Modal(fill)
    keys.press(ENTER)
    m.check()
    settle(env)
    assert seen["open"] and EXPECTED_WORDS[kind] in seen["text"]
    assert seen["typed"] == ("9", "5")
    assert seen["snapshot"] == before
    assert env.ctx.surveys.get(1).recommend == 9


def test_the_survey_settings(qtbot, make_env):
    env, shop, _sale = setup(make_env)
    ctx = env.ctx
    for score in (10, 9):
        sid = ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), shop.desk).sale_id
        ctx.surveys.record(SurveyDraft(sid, score), shop.desk)
    w = open_screen(qtbot, env)
    w.tabs.setCurrentIndex(1)
    settle(env)
    assert plain(w.overall.text()).startswith("NPS — on 2 answers")  # fewer than 5

    def refuse_then_save(d):
        d.low.setValue(4.0)
        d.high.setValue(3.5)
        qtbot.mouseClick(d.findChild(QPushButton, "saveSurveyRules"), Qt.MouseButton.LeftButton)
        assert d.isVisible() and d.errors.label("satisfaction_high_x10").isVisible()
        d.low.setValue(2.0)
        d.min_answers.setValue(2)
        qtbot.mouseClick(d.findChild(QPushButton, "saveSurveyRules"), Qt.MouseButton.LeftButton)

    m = Modal(refuse_then_save)
    w.rules_button.click()
    m.check()
    settle(env)
    assert (ctx.salon.survey_min_answers, ctx.salon.satisfaction_low_x10) == (2, 20)
    assert plain(w.overall.text()).startswith("NPS +100 on 2 answers")


@pytest.mark.parametrize("language", ["pl", "fa"])
def test_no_english_left_on_the_survey_screens(qtbot, make_env, language):
    """As tests/ui/test_every_screen_translated.py does for the main window."""
    from salon_desktop.ui.surveys.questions_dialog import QuestionsDialog
    from salon_desktop.ui.surveys.rules_dialog import SurveyRulesDialog
    from tests.ui.test_every_screen_translated import (
        SAME_EVERYWHERE,
        same_by_translation,
        visible_texts,
    )

    def texts(lang: str) -> set[str]:
        env, shop, sale = setup(make_env, lang)
        w = open_screen(qtbot, env)
        found = visible_texts(w)
        for dialog in (
            SurveyDialog(env, env.ctx.surveys.form(sale), w),
            QuestionsDialog(env, w),
            SurveyRulesDialog(env, w),
        ):
            found |= visible_texts(dialog)
            dialog.deleteLater()
        return found

    english, other = texts("en"), texts(language)
    kept = SAME_EVERYWHERE | same_by_translation(language)
    names = {"Cut", "Colour", "Anna Stylist", "Bea Colourist", "Zahra Ahmadi"}
    leftover = [
        t
        for t in sorted(english & other)
        if t not in kept and t.rstrip(": *") not in kept and not any(n in t for n in names)
    ]
    assert not leftover, f"untranslated on the {language} survey screens: {leftover}"
