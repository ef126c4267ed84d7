"""新旧标准对比: the same company under the two standards compared (book.compared_standards: 2022 and
2026 today), criterion by criterion. Every label naming a standard comes from zjtx.compare."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import present
from ..compare import CHANGE_ICON, change_cell, column, rows
from ..i18n import t
from ..rules import rulebook
from . import state, views


def _cell(c, lang: str) -> str:
    if c is None:
        return "—"
    s = f"{present.STATUS_ICON[c.status]} {present.status_text(c.status, lang)}"
    if c.actual is not None:
        s += f" · {present.actual_cell(c, lang)}"
    gap = present.gap_cell(c, lang)
    if gap != "—":
        s += t("compare_short", lang, gap=gap)
    return s


def render(lang: str) -> None:
    book = rulebook()
    old, new = book.compared_standards
    a_old, _ = state.assessment(old)
    a_new, _ = state.assessment(new)
    col_old, col_new = column(book, "old", lang), column(book, "new", lang)
    for tier in ("specialized", "little_giant"):
        st.subheader(t(tier, lang))
        c1, c2 = st.columns(2)
        with c1:
            st.markdown(t("compare_verdict", lang, std=col_old, verdict=views.verdict_badge(a_old.tiers[tier].verdict, lang)))
        with c2:
            st.markdown(t("compare_verdict", lang, std=col_new, verdict=views.verdict_badge(a_new.tiers[tier].verdict, lang)))
        data = []
        for r in rows(book, tier, a_old, a_new, lang):
            rule = r.rule_new or r.rule_old
            data.append({
                t("col_criterion", lang): f"{CHANGE_ICON[r.change]} {rule.label.get(lang)}",
                col_old: _cell(r.result_old, lang),
                col_new: _cell(r.result_new, lang),
                t("col_change", lang): change_cell(r, book, lang),
            })
        views.static_table(pd.DataFrame(data), f"compare-{tier}")
