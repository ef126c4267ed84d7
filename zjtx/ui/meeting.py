"""The advisor's meeting kit (issue 11 items 7–9): presenter mode, the anonymise switch and the
client list. Render only; what the reduced input shows comes from the engine's Assessment
(zjtx.present.gap_fields), the list's rules from zjtx.clients, every value lives in the session.
"""

from __future__ import annotations

import streamlit as st

from .. import charts, present
from .. import clients as cl
from ..fields import FIELD
from ..i18n import colon, t
from ..limits import markdown_literal
from ..report.model import DETAIL_TIERS     # the tiers the radar and the report detail: 专精特新, 小巨人
from . import inputs, live, state, views

# Presenter mode: larger type across the page, the verdict strip pinned under the header.
# Static CSS (no user data, nothing fetched), sent only while presenter mode is on.
CSS = """
<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.3rem; line-height: 1.6; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 1.2rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.05rem; }
[data-testid="stMain"] input { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 2rem; padding-top: 0; }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th { font-size: 1.1rem; }
div:has(> .st-key-presenter-strip) { position: sticky; top: 3.75rem; z-index: 5; background: white; }
.st-key-presenter-strip { border-bottom: 2px solid #1F5AA6; padding: 0.3rem 0 0.5rem 0; }
.st-key-presenter-strip [data-testid="stMarkdownContainer"] p { font-size: 1.2rem; line-height: 1.5; }
.st-key-presenter-cells [data-testid="stMarkdownContainer"] p { font-size: 1.3rem; line-height: 1.45; }
.st-key-presenter-strip [data-testid="stButtonGroup"] button p { font-size: 1.15rem; }
</style>
"""
BASE = "__baseline__"          # the switch's option for the baseline (a scenario name is never this)
RADAR_HEIGHT = 400             # × 1.3 in presenter mode (sized)


def sized(fig):
    """A chart as presenter mode shows it: taller, with larger type."""
    if state.presenter():
        h = fig.layout.height or 450
        fig.update_layout(height=int(h * 1.3), font=dict(size=17), legend=dict(font=dict(size=15)))
        fig.update_polars(angularaxis_tickfont_size=16, radialaxis_tickfont_size=13)
        fig.update_xaxes(tickfont_size=15)
        fig.update_yaxes(tickfont_size=15)
    return fig


# ------------------------------------------------------------------------------ sidebar

def sidebar_switches(lang: str) -> None:
    state.presenter_toggle(t("presenter", lang), t("presenter_help", lang))
    state.anonymise_toggle("sidebar", t("anonymise", lang), t("anonymise_help", lang))


def _result_line(result, lang: str) -> str:
    """'申报条件 ✔ · 专精特新 ✘3 · 小巨人 ✘7 · 创新型 ✔ · 科技型 ？' — each tier's verdict and failing count."""
    bits = []
    for tier, verdict, fails in result:
        name = t("gate_short", lang) if tier == "gate" else t(f"tier_short_{tier}", lang)
        bits.append(f'<span style="white-space:nowrap">{name}\u00a0{present.VERDICT_ICON[verdict]}'
                    f"{fails if verdict == 'fails' and fails else ''}</span>")
    return " · ".join(bits)


def _ws_bytes(box: dict):
    """The client list's file, made when clicked: the client on screen with its latest edits."""
    def make() -> bytes:
        items = tuple(box.get("clients", ()))
        active = box.get("active")
        if active is not None and cl.get(items, active) is not None:
            items = cl.update(items, active, box.get("profile", {}), tuple(box.get("scenarios", ())))
            box["saved"] = box.get("profile")        # these edits are in a file now
        return cl.workspace_bytes(items, active)
    return make


def client_list(lang: str) -> None:
    items = state.clients()
    active = state.active_client()
    anon = state.anonymised()
    with st.expander(t("clients", lang) + t("paren_after", lang, x=f"{len(items)}/{cl.MAX_CLIENTS}"), expanded=bool(items),
                     icon=":material/groups:"):
        with st.container(key="client-list"):
            st.caption(t("clients_note", lang, max=cl.MAX_CLIENTS))
            if not items:
                st.caption(t("clients_empty", lang))
            for i, c in enumerate(items):
                here = c.id == active
                raw = state.baseline_raw() if here else c.raw
                name = cl.label(c, i, lang, anon) if not here else \
                    cl.label(cl.Client(c.id, raw), i, lang, anon)
                with st.container(key=f"client-{c.id}", border=True):
                    mark = f" · :blue-background[{t('client_current', lang)}]" if here else ""
                    st.markdown(f"**{markdown_literal(name)}**{mark}")
                    st.markdown(f'<div class="zjtx-res">{_result_line(state.client_result(raw), lang)}</div>',
                                unsafe_allow_html=True)    # our own words and icons only (no user text)
                    b1, b2 = st.columns(2)
                    b1.button(t("client_open", lang), key=f"client-open-{c.id}", on_click=state.switch_client,
                              args=(c.id,), disabled=here, width="stretch")
                    b2.button(t("client_remove", lang), key=f"client-remove-{c.id}", on_click=state.remove_client,
                              args=(c.id,), width="stretch")
            if active is not None:
                st.caption(t("client_in_list", lang))
            st.button(t("client_add", lang), key="client-add", on_click=state.add_current_client, width="stretch",
                      icon=":material/person_add:", disabled=active is not None or len(items) >= cl.MAX_CLIENTS)
            st.download_button(t("ws_save", lang), _ws_bytes(state.live_box()),
                               file_name=t("ws_file", lang),
                               mime="application/json", key="ws-save", width="stretch", on_click="ignore",
                               disabled=not items)
            key = state.ws_uploader_key()
            st.file_uploader(t("ws_load", lang), type=["json"], key=key, on_change=state.load_workspace,
                             args=(key,), help=t("ws_load_help", lang))


# ------------------------------------------------------------------------------ presenter

def _copy_view(key: str) -> None:
    v = st.session_state.get(key)
    state.set_view(None if v in (None, BASE) else v)


def strip(lang: str, switch: bool = True) -> None:
    """The verdict strip (pinned under the header in presenter mode) and the switch between the
    baseline and each scenario."""
    a, _ = state.assessment()
    names = [s.name for s in state.scenarios()]
    with st.container(key="presenter-strip"):
        cells(a, lang)
        change = state.last_change(a)
        if switch and names:
            c1, c2 = st.columns([1, 1], vertical_alignment="center")
        else:
            c1, c2 = st.container(), None
        with c1:
            if change:
                st.markdown(f"<small>{t('last_edit', lang)}{colon(lang)}"
                            f"{live.change_text(change, lang)}</small>", unsafe_allow_html=True)
            if state.view():
                st.caption(t("pres_showing_scenario", lang, name=markdown_literal(state.view())))
        if c2 is not None:
            with c2:
                key = state.lang_key(f"zjtx:pres_view:{state.epoch()}:{len(names)}:" + "|".join(names))
                current = state.view() or BASE
                st.segmented_control(t("pres_switch", lang), [BASE, *names], default=current, key=key,
                                     required=True, on_change=_copy_view, args=(key,), label_visibility="collapsed",
                                     format_func=lambda v: t("pres_baseline", lang) if v == BASE
                                     else markdown_literal(v))         # a scenario's name is user text


def cells(a, lang: str) -> None:
    """Each tier's verdict side by side (short name, icon + word + colour, failing count): one row
    a room can read, where the sidebar's summary takes five lines."""
    tiers = (a.gate, *a.tiers.values())
    with st.container(key="presenter-cells"):
        for col, tr in zip(st.columns(len(tiers), gap="small"), tiers):
            name = t("gate_short", lang) if tr.tier == "gate" else t(f"tier_short_{tr.tier}", lang)
            n = tr.counts()["fail"]
            count = t("pres_fail_count", lang, n=n) if tr.verdict == "fails" and n else ""
            col.markdown(f"{name}<br>{views.verdict_badge(tr.verdict, lang)}{count}", unsafe_allow_html=True)


@st.fragment
def workspace() -> None:
    """企业自评 in presenter mode: the strip, the figures that move the current gaps (box and
    slider), a large radar and the gaps. A fragment like the full form: a slider reruns only this."""
    if state.pop_full_rerun():
        st.rerun()
    lang = state.lang()
    a, errors = state.assessment()
    year = int(a.assessment_year)
    strip(lang)
    st.markdown(f"### {markdown_literal(state.shown_name(state.raw_profile().get('company_name'), lang))}")
    left, right = st.columns([1, 1], gap="large")
    with left, st.container(key="pres-form"):
        st.markdown(f"**{t('pres_inputs', lang)}**", help=t("pres_inputs_help", lang))
        fields = state.presenter_fields(present.gap_fields(a, DETAIL_TIERS))
        if not fields:
            st.success(t("pres_no_gaps", lang), icon=":material/check_circle:")
        for f in fields:
            inputs.number_field(FIELD[f], lang, year, scope="pres")
    with right:
        views.errors_box(errors, lang, year)
        main = [a.tiers["specialized"], a.tiers["little_giant"]]
        fig = sized(charts.radar(main, lang, height=RADAR_HEIGHT))
        st.plotly_chart(fig, key="pres-radar", config={"displayModeBar": False})
        st.markdown(f"**{t('top_gaps', lang)}**")
        views.gap_list([a.gate, *main] if a.gate.verdict == "fails" else main, lang, "pres")
    state.sync_url()
