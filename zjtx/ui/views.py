"""Rendering helpers for pages: verdict cards, criteria tables, citations. Render only —
every number and sentence comes from the engine's results via zjtx.present."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import present
from ..engine import SIZE_CLASS_TEXT, Assessment, TierResult
from ..i18n import t

VERDICT_COLOUR = {"meets": "green", "fails": "red", "incomplete": "orange"}


def verdict_badge(verdict: str, lang: str) -> str:
    """Icon + text + colour (never colour alone)."""
    return f":{VERDICT_COLOUR[verdict]}[{present.VERDICT_ICON[verdict]} **{present.verdict_text(verdict, lang)}**]"


def tier_card(tier: TierResult, lang: str) -> None:
    with st.container(border=True, key=f"card-{tier.tier}"):
        st.markdown(f"#### {t(tier.tier, lang)}")
        st.markdown(verdict_badge(tier.verdict, lang))
        counts = tier.counts()
        bits = []
        if counts["fail"]:
            bits.append(t("failing_n", lang, n=counts["fail"]))
        if counts["missing"]:
            bits.append(t("missing_n", lang, n=counts["missing"]))
        if tier.verdict != tier.own_verdict:
            bits.append(t("held_by_gate", lang))
        if tier.tier == "gate" and tier.size_class:
            bits.append(f"{t('size_class', lang)}：{SIZE_CLASS_TEXT[tier.size_class][0 if lang == 'zh' else 1]}")
        if tier.tier != "gate":
            bits.insert(0, f"{t('standard_used', lang)}：{tier.standard}")
        st.caption(" · ".join(bits) if bits else "\u00a0")


def criteria_table(tier: TierResult, lang: str) -> None:
    rows = present.criteria_rows(tier, lang)
    df = pd.DataFrame(rows)
    reason_col = t("col_reason", lang)
    st.dataframe(df, hide_index=True, width="stretch", key=f"table-{tier.tier}",
                 column_config={reason_col: st.column_config.TextColumn(width="large")})


def citations(tier: TierResult, lang: str) -> None:
    with st.expander(t("citations", lang)):
        for c in tier.criteria:
            cit = c.citation
            st.markdown(f"**{present.label(c, lang)}** · `{c.id}` — {cit.doc} · {cit.annex} · {cit.item}")
            st.markdown(f"> {cit.clause}")
            if not cit.verified:
                st.caption(t("unverified", lang))
            if c.interpretation is not None:
                st.info(f"{t('interpretation', lang)}：{c.interpretation.zh if lang == 'zh' else c.interpretation.en}")
            if c.score is not None:
                score_table(c, lang)


def score_table(c, lang: str) -> None:
    from .. import fmt
    s = c.score
    rows = [{t("col_criterion", lang): (i.label_zh if lang == "zh" else i.label_en),
             t("points", lang): fmt.num(i.points, "分") if i.points is not None else f"{fmt.num(i.lo, '分')}–{fmt.num(i.hi, '分')}",
             t("max_points", lang): fmt.num(i.max, "分")} for i in s.items]
    st.markdown(f"*{t('score_breakdown', lang)}：{s.label_zh if lang == 'zh' else s.label_en}*")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"score-{c.id}")


def tier_section(tier: TierResult, lang: str) -> None:
    head = f"{t(tier.tier, lang)} · {verdict_badge(tier.verdict, lang)}"
    st.markdown(f"### {head}")
    if tier.standard_reason is not None:
        why = tier.standard_reason.zh if lang == "zh" else tier.standard_reason.en
        st.caption(f"{t('why_standard', lang)}：{why}")
    if tier.standard_interpretation is not None:
        st.caption(f"{t('interpretation', lang)}：" + (tier.standard_interpretation.zh if lang == "zh"
                                                       else tier.standard_interpretation.en))
    criteria_table(tier, lang)
    citations(tier, lang)


def overview(a: Assessment, lang: str) -> None:
    cols = st.columns(5)
    for col, tier in zip(cols, (a.gate, *a.tiers.values())):
        with col:
            tier_card(tier, lang)
    for tier in (a.gate, *a.tiers.values()):
        tier_section(tier, lang)
