"""Browse the rule data: each rule set's criteria, thresholds, periods and citations."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..i18n import t
from ..rules import Compare, ScoreTest, rulebook, walk


def _thresholds(c, lang: str) -> str:
    out = []
    for n in walk(c.test):
        if isinstance(n, (Compare, ScoreTest)):
            sym = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[n.op]
            out.append(f"{sym} {n.threshold:f} {n.unit}".strip())
    return "；".join(dict.fromkeys(out)) or "—"


def render(lang: str) -> None:
    book = rulebook()
    for rs in book.rulesets.values():
        with st.expander(f"{rs.title.zh if lang == 'zh' else rs.title.en} · {rs.source.doc}", expanded=False):
            st.markdown(rs.summary.zh if lang == "zh" else rs.summary.en)
            st.caption(f"{t('effective', lang)}：{rs.effective_from}"
                       + (f" · {t('superseded', lang)}：{rs.superseded_for_new_from}" if rs.superseded_for_new_from else ""))
            rows = [{"ID": c.id, t("col_criterion", lang): c.label.zh if lang == "zh" else c.label.en,
                     t("col_required", lang): _thresholds(c, lang),
                     t("col_self", lang): "✓" if c.self_declared else "",
                     t("citations", lang): f"{c.citation.doc} {c.citation.annex} {c.citation.item}：{c.citation.clause}"}
                    for c in rs.criteria]
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"rules-{rs.id}")
            for c in rs.criteria:
                if c.interpretation is not None:
                    st.info(f"**{c.id}** {t('interpretation', lang)}："
                            + (c.interpretation.zh if lang == "zh" else c.interpretation.en))
