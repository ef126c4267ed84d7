"""The live panel beside the form: verdicts, a radar of both tiers and the main gaps."""

from __future__ import annotations

import streamlit as st

from .. import charts, present
from ..limits import markdown_literal
from ..i18n import t
from . import form, state, views


@st.fragment
def workspace() -> None:
    """The form and the live panel, rerun on their own when a figure changes (a fragment: the
    sidebar and page header are not re-sent, which keeps a slider move fast)."""
    lang = state.lang()
    profile, _ = state.parsed()
    year = int(profile.assessment_year)
    name = markdown_literal(profile.company_name or t("blank_company", lang))
    if state.loaded_example():
        st.info(f"**{t('example_badge', lang)}** — {name}" + (t("modified", lang) if state.modified() else ""))
    st.caption(t("fiscal_years", lang, y1=year - 1, y2=year - 2))
    left, right = st.columns([11, 9], gap="medium")
    with right:          # the verdicts and the radar go out first, before the form's widgets
        panel(lang)
    with left, st.container(key="form"):
        form.render(lang, year)


def panel(lang: str) -> None:
    a, errors = state.assessment()
    with st.container(key="live-panel", border=True):
        views.summary(a, errors, lang)
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
