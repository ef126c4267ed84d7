"""The live panel beside the form: verdicts, a radar of both tiers and the main gaps."""

from __future__ import annotations

import streamlit as st

from .. import charts, present
from ..i18n import t
from . import state, views


def panel(lang: str) -> None:
    a, _ = state.assessment()
    with st.container(key="live-panel", border=True):
        cols = st.columns(3)
        for col, tier in zip(cols, (a.gate, a.tiers["specialized"], a.tiers["little_giant"])):
            with col:
                st.markdown(f"**{t(tier.tier + '_short', lang)}**<br>{views.verdict_badge(tier.verdict, lang)}",
                            unsafe_allow_html=True)
        st.markdown(f"**{t('radar', lang)}**", help=("100% = 恰好达标，越靠外越好；虚线为达标线。" if lang == "zh"
                                                    else "100% = just meets; outward is better; dashed = pass line."))
        fig = charts.radar([a.tiers["specialized"], a.tiers["little_giant"]], lang, height=360, compact=True)
        st.plotly_chart(fig, key="live-radar", config={"displayModeBar": False})
        st.markdown(f"**{t('top_gaps', lang)}**")
        bars = charts.gap_bars([*a.tiers["specialized"].criteria, *a.tiers["little_giant"].criteria], lang)
        fails = [b for b in bars if b.kind == "fail"][:6]
        if not fails:
            st.caption(t("no_gaps", lang))
        for b in fails:
            tier = "specialized" if b.id.startswith("S") else "little_giant"
            st.markdown(f"{present.STATUS_ICON['fail']} <small>{t(tier, lang)}</small> · {b.text}",
                        unsafe_allow_html=True)
