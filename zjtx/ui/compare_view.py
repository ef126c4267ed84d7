"""新旧标准对比: the same company under 2022 and 2026, criterion by criterion."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import present
from ..compare import rows
from ..i18n import t
from ..rules import rulebook
from . import state, views

CHANGE_ICON = {"same": "＝", "changed": "≠", "new": "＋", "dropped": "－"}


def _cell(c, lang: str) -> str:
    if c is None:
        return "—"
    s = f"{present.STATUS_ICON[c.status]} {present.status_text(c.status, lang)}"
    if c.actual is not None:
        s += f" · {present.actual_cell(c, lang)}"
    gap = present.gap_cell(c, lang)
    if gap != "—":
        s += (f"（差 {gap}）" if lang == "zh" else f" (short {gap})")
    return s


def render(lang: str) -> None:
    book = rulebook()
    a22, _ = state.assessment(book.compared_standards[0])
    a26, _ = state.assessment(book.compared_standards[1])
    for tier in ("specialized", "little_giant"):
        st.subheader(t(tier, lang))
        c1, c2 = st.columns(2)
        with c1:
            st.markdown(f"**{t('col_2022', lang)}**：{views.verdict_badge(a22.tiers[tier].verdict, lang)}")
        with c2:
            st.markdown(f"**{t('col_2026', lang)}**：{views.verdict_badge(a26.tiers[tier].verdict, lang)}")
        data = []
        for r in rows(book, tier, a22, a26, lang):
            rule = r.rule26 or r.rule22
            name = rule.label.zh if lang == "zh" else rule.label.en
            change = {"same": t("same_rule", lang), "new": t("only_2026", lang),
                      "dropped": t("only_2022", lang)}.get(r.change)
            if change is None:
                change = f"2022：{r.text22}\n→ 2026：{r.text26}"
            data.append({
                t("col_criterion", lang): f"{CHANGE_ICON[r.change]} {name}",
                t("col_2022", lang): _cell(r.result22, lang),
                t("col_2026", lang): _cell(r.result26, lang),
                t("col_change", lang): change if r.change != "same" else f"{change}：{r.text26}",
            })
        views.static_table(pd.DataFrame(data), f"compare-{tier}")
