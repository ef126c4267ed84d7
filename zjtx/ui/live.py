"""The live panel beside the form: verdicts, a radar of both tiers and the main gaps."""

from __future__ import annotations

import streamlit as st

from .. import charts
from .. import limits
from ..limits import markdown_literal
from ..i18n import colon, t
from . import form, inputs, state, views


def show() -> None:
    """The page's body: the company banner, then the form and the live panel (a fragment)."""
    lang = state.lang()
    banner(lang, _years(_year(), lang))
    workspace()


def _year() -> int:
    return int(state.parsed()[0].assessment_year)


def _years(year: int, lang: str) -> str:
    return t("fiscal_years", lang, y1=year - 1, y2=year - 2)


@st.fragment
def workspace() -> None:
    """The form and the live panel, rerun on their own when a figure changes (a fragment: the
    sidebar, the page header and the banner are not re-sent, which keeps a slider move fast)."""
    lang = state.lang()
    # a field shown outside this fragment changed, or the banner would read differently (the first
    # edit marks the profile 已修改): rerun everything
    year = _year()
    if state.pop_full_rerun() or state.banner_shown() != banner_parts(lang, _years(year, lang)):
        st.rerun()
    left, right = st.columns([11, 9], gap="medium")
    with right:          # the verdicts and the radar go out first, before the form's widgets
        panel(lang)
    with left, st.container(key="form"):
        form.render(lang, year)
    state.sync_url()


def banner_parts(lang: str, years: str = "") -> tuple[str, str | None]:
    """The banner's Markdown: which company is on screen and where it came from (an example, a
    file, a link), and which years "上年度" means; and what the last load left out, if anything.
    The name is the user's text: shown as typed, never as Markdown."""
    raw = state.raw_profile()
    name = markdown_literal(limits.echo(state.shown_name(raw.get("company_name"), lang), 200))
    edited = t("modified", lang) if state.modified() else ""
    src = state.source()
    if state.loaded_example():
        head = t("example_badge", lang)
    elif src["kind"] == "file":
        head = t("loaded_banner", lang)
        if src.get("file"):
            file = markdown_literal(state.shown_name(src["file"], lang))
            edited = t("live_file", lang, file=file) + edited
    elif src["kind"] == "client" or state.active_client() is not None:
        head = t("client_banner", lang)
    elif src["kind"] == "link":
        head = t("link_banner", lang)
    else:
        head = t("current_banner", lang)
    info = f"**{head}** — {name}{edited}" + (f"  \n:small[{years}]" if years else "")
    notes = state.load_notes()
    warn = (f"**{t('load_notes', lang)}**\n\n" + "\n".join(f"- {markdown_literal(n.text(lang))}" for n in notes)
            if notes else None)
    return info, warn


def banner(lang: str, years: str = "") -> None:
    """The banner, drawn outside the fragment (a slider step does not re-send it); the fragment
    reruns the whole page when what it says changes."""
    info, warn = banner_parts(lang, years)
    state.set_banner_shown((info, warn))
    with st.container(key="company-banner"):
        st.info(info)
        if warn:
            st.warning(warn)


def panel(lang: str) -> None:
    """Verdicts first (a compact strip that stays in view while the panel scrolls, with what the
    last edit changed), then input errors, the radar and every gap by tier. At 1366×768 the panel
    is one screen high and scrolls on its own, so the form's slider and the gaps show together.

    Every slider step re-sends all of this to the browser, whose cost grows with the number of
    elements (a bordered box or a column costs as much as a chart's redraw): so each part is one
    Markdown element (bench/README, "Dashboard")."""
    a, errors = state.assessment()
    with st.container(key="live-panel", border=True):
        # drawn in screen order (strip, input errors, radar, gaps) but sent radar first: the strip's
        # box is created empty and filled after, so the chart reaches the browser a few elements sooner
        summary = st.container(key="summary")        # the verdict strip (sticky: shell's CSS)
        views.errors_box(errors, lang, a.assessment_year)
        data = charts.radar_data([a.tiers["specialized"], a.tiers["little_giant"]], lang)
        st.markdown(f"**{t('radar', lang)}** <small style='color:#666'>{t('radar_hint', lang)}</small><br>"
                    f"<small>{charts.legend_html(data, lang)}</small>" + charts.radar_svg(data, lang),
                    unsafe_allow_html=True)
        with summary:
            st.markdown(strip_text(a, lang), unsafe_allow_html=True)
        tiers = [a.tiers["specialized"], a.tiers["little_giant"]]
        views.gap_list([a.gate, *tiers] if a.gate.verdict == "fails" else tiers, lang, "live",
                       title=t("top_gaps", lang))


def strip_text(a, lang: str) -> str:
    """The verdict strip as one Markdown text: a line per tier and what the last edit changed.
    Only our own words and numbers: no user text."""
    lines = views.summary_lines(a, lang)          # the errors are listed in full just below
    change = state.last_change(a)
    if change:
        lines.append(f"<small>{t('last_edit', lang)}{colon(lang)}{change_text(change, lang)}</small>")
    return "<br>".join(lines)


def change_text(change: list[tuple], lang: str) -> str:
    """[(tier, (verdict, fails), (verdict, fails)), …] → '小巨人 7 → 6 项未达标；专精特新 达标 → 未达标'."""
    if not change:
        return ""
    bits = []
    for tier, (v0, n0), (v1, n1) in change:
        name = t(f"tier_short_{tier}", lang) if tier != "gate" else t("gate_short", lang)
        if v0 == v1 == "fails":
            bits.append(t("live_still_failing", lang, name=name, n0=n0, n1=n1))
        else:
            def say(v, n):
                w = t(f"verdict_{v}", lang)
                return t("live_fails_n", lang, w=w, n=n) if v == "fails" else w
            bits.append(f"{name} {say(v0, n0)} → {say(v1, n1)}")
    return t("semi_sep", lang).join(bits) if bits else ""
