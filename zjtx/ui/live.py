"""The live panel beside the form: verdicts, a radar of both tiers and the main gaps."""

from __future__ import annotations

import streamlit as st

from .. import charts, present
from .. import limits
from ..limits import markdown_literal
from ..i18n import t
from . import form, inputs, state, views


@st.fragment
def workspace() -> None:
    """The form and the live panel, rerun on their own when a figure changes (a fragment: the
    sidebar and page header are not re-sent, which keeps a slider move fast)."""
    if state.pop_full_rerun():      # a field shown outside this fragment changed: rerun everything
        st.rerun()
    lang = state.lang()
    profile, _ = state.parsed()
    year = int(profile.assessment_year)
    banner(lang)
    st.caption(t("fiscal_years", lang, y1=year - 1, y2=year - 2))
    left, right = st.columns([11, 9], gap="medium")
    with right:          # the verdicts and the radar go out first, before the form's widgets
        panel(lang)
    with left, st.container(key="form"):
        form.render(lang, year)
    state.sync_url()


def banner(lang: str) -> None:
    """Which company is on screen and where it came from (an example, a file, a link). The name is
    the user's text: shown as typed, never as Markdown."""
    raw = state.raw_profile()
    name = raw.get("company_name")
    name = markdown_literal(limits.echo(name, 200)) if name not in (None, "") else t("blank_company", lang)
    edited = t("modified", lang) if state.modified() else ""
    src = state.source()
    if state.loaded_example():
        head = t("example_badge", lang)
    elif src["kind"] == "file":
        head = t("loaded_banner", lang)
        if src.get("file"):
            edited = f"（{markdown_literal(src['file'])}）{edited}" if lang == "zh" else f" ({markdown_literal(src['file'])}){edited}"
    elif src["kind"] == "link":
        head = t("link_banner", lang)
    else:
        head = t("current_banner", lang)
    with st.container(key="company-banner"):
        st.info(f"**{head}** — {name}{edited}")
        notes = state.load_notes()
        if notes:
            st.warning(f"**{t('load_notes', lang)}**\n\n" + "\n".join(f"- {markdown_literal(n.text(lang))}" for n in notes))


def panel(lang: str) -> None:
    a, errors = state.assessment()
    with st.container(key="live-panel", border=True):
        views.summary(a, (), lang)
        views.errors_box(errors, lang, a.assessment_year)
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
