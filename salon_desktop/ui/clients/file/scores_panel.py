"""What the salon knows of the client as a whole: her category, RFM segment, expected
value (and which model gave it), the probability that she is still coming, and the
suggested strategy with its reason in plain words.

Read from the stored scores (``ctx.segments.for_client``) through a ``Query``; the
scores are computed for every client by a refit (``ctx.segments.refit``), which the
"Compute now" link runs in the background when none is stored yet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from salon_desktop.domain.clv import ValueModel
from salon_desktop.domain.segments import CATEGORY_LABELS, RFM_SEGMENTS, STRATEGY_LABELS
from salon_desktop.i18n import N_, _
from salon_desktop.services.segments import ClientScoreView
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.score_keeper import SCORES
from salon_desktop.ui.widgets.forms import align_leading

MODEL_NAMES = {
    ValueModel.PROBABILISTIC: N_("BG/NBD and Gamma-Gamma model"),
    ValueModel.SIMPLE: N_("simple formula: margin per visit × visits a year × years"),
    ValueModel.NONE: N_("no visits yet"),
}
_MEANINGS = {row.segment: (row.label, row.meaning) for row in RFM_SEGMENTS}


class ScoresPanel(QFrame):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scoresPanel")
        self.setStyleSheet(
            "QFrame#scoresPanel { background: palette(alternate-base); border-radius: 4px; }"
        )
        self._env = env
        self._client_id: int | None = None
        self.score: ClientScoreView | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.values: dict[str, QLabel] = {}
        captions = (
            ("category", _("Category")),
            ("rfm", _("RFM segment")),
            ("value", _("Value ahead")),
            ("alive", _("Still coming")),
        )
        for i, (key, caption) in enumerate(captions):
            value = align_leading(QLabel(self))
            value.setObjectName(f"score_{key}")
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(QLabel(caption + ":", self), 0, i * 2)
            grid.addWidget(value, 0, i * 2 + 1)
            self.values[key] = value
        for col in (1, 3, 5, 7):
            grid.setColumnStretch(col, 1)
        self.strategy = align_leading(QLabel(self))
        self.strategy.setObjectName("score_strategy")
        self.strategy.setWordWrap(True)
        self.strategy.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.strategy, 1, 0, 1, 7)
        self.compute_button = QPushButton(_("Compute now"), self)
        self.compute_button.setObjectName("computeScores")
        self.compute_button.setAutoDefault(False)
        self.compute_button.setToolTip(
            _("Computes the categories, segments and values of every client, in the background.")
        )
        self.compute_button.clicked.connect(self.compute)
        grid.addWidget(self.compute_button, 1, 7)
        env.bus.sale_posted.connect(lambda _id: self.refresh())
        env.bus.feedback_changed.connect(self.refresh)
        env.bus.scores_changed.connect(self.refresh)
        self._show(None, None)

    def set_client(self, client_id: int | None) -> None:
        self._client_id = client_id
        self.refresh()

    def refresh(self) -> None:
        cid = self._client_id
        if cid is None:
            self._show(None, None)
            return
        Query(self._env, self, lambda ctx: ctx.segments.for_client(cid)).success(
            lambda score: self._show(cid, score)
        ).run_in_background()

    def compute(self) -> None:
        """Score every client now: computed on a reader thread (a few seconds for a
        large salon), then stored in one short write, so sales are never held up."""
        self.compute_button.setEnabled(False)
        self.strategy.setText(_("Computing the scores of every client…"))

        def failed(_failure) -> bool:
            self.compute_button.setEnabled(True)
            self.strategy.setText("")
            return False  # the sentence is shown as usual

        def store(scores) -> None:
            Write(self._env, self, lambda ctx: ctx.segments.store(scores), SCORES).success(
                stored
            ).failure(failed).run_in_background()

        def stored(_run) -> None:
            self.compute_button.setEnabled(True)
            self.refresh()

        Query(self._env, self, lambda ctx: ctx.segments.compute()).success(store).failure(
            failed
        ).run_in_background()

    def _show(self, client_id: int | None, score: ClientScoreView | None) -> None:
        if client_id != self._client_id:
            return  # another file was opened meanwhile
        self.score = score
        fmt = self._env.fmt
        self.compute_button.setVisible(client_id is not None and score is None)
        if score is None:
            for label in self.values.values():
                label.setText("—")
                label.setToolTip("")
            self.strategy.setText(_("Not computed yet.") if client_id is not None else "")
            self.strategy.setToolTip("")
            return
        v = self.values
        v["category"].setText(_(CATEGORY_LABELS[score.category]))
        if score.rfm_segment is not None:
            name, meaning = _MEANINGS[score.rfm_segment]
            v["rfm"].setText(
                f"{_(name)} ({fmt.integer(score.r)}-{fmt.integer(score.f)}-{fmt.integer(score.m)})"
            )
            v["rfm"].setToolTip(
                _(meaning)
                + "\n"
                + _("Recency {r}, frequency {f}, money {m}, each from 1 to 5.").format(
                    r=fmt.integer(score.r), f=fmt.integer(score.f), m=fmt.integer(score.m)
                )
            )
        else:
            v["rfm"].setText("—")
            v["rfm"].setToolTip("")
        v["value"].setText(
            fmt.amount(score.future_value) if score.value_model is not ValueModel.NONE else "—"
        )
        v["value"].setToolTip(
            _("Expected margin from her future visits ({model}); so far: margin {margin}.").format(
                model=_(MODEL_NAMES[score.value_model]), margin=fmt.amount(score.margin)
            )
        )
        if score.p_alive is not None and score.visits > 1:
            v["alive"].setText(fmt.percent(round(score.p_alive * 100) * 100))
            v["alive"].setToolTip(_("The probability that she will come again."))
        else:
            v["alive"].setText("—")
            v["alive"].setToolTip(_("Known once she has come back at least once."))
        self.strategy.setText(
            _("Strategy: {strategy} — {reason}").format(
                strategy=_(STRATEGY_LABELS[score.strategy]), reason=_(score.rule.reason)
            )
        )
        self.strategy.setToolTip(
            _("Because: {when}. Computed on {date}.").format(
                when=_(score.rule.when), date=fmt.date(score.as_of)
            )
        )
