"""The shared frame: page config, sidebar (language, live summary, year, application type,
standard, examples, save/load/reset) and navigation over pages/."""

from __future__ import annotations

import json

import streamlit as st

from ..dataio import InputError, decode_text, profile_from_json_bytes
from ..examples import examples
from ..fields import FIELD
from .. import limits
from ..limits import markdown_literal
from ..i18n import t
from . import boot, inputs, state, views

PAGES = (
    ("pages/input.py", "nav_input", "input", ":material/edit_note:"),
    ("pages/results.py", "nav_results", "results", ":material/insights:"),
    ("pages/compare.py", "nav_compare", "compare", ":material/compare_arrows:"),
    ("pages/plan.py", "nav_plan", "plan", ":material/route:"),
    ("pages/batch.py", "nav_batch", "batch", ":material/table_view:"),
    ("pages/rules.py", "nav_rules", "rules", ":material/gavel:"),
)
MAX_PROFILE_BYTES = 200_000

_CSS = """
<style>
/* the live panel beside the form stays in view while scrolling */
.st-key-live-panel { position: sticky; top: 3.75rem; align-self: flex-start; }
[data-testid="stSidebar"] .st-key-summary p { margin-bottom: 0.1rem; }
/* the form's number boxes have sliders beside them: drop the +/- steppers so figures fit */
.st-key-form [data-testid="stNumberInputStepUp"], .st-key-form [data-testid="stNumberInputStepDown"] { display: none; }
/* criteria tables: short columns never wrap (status, actual, required, self-declared) */
[class*="st-key-table-"] th, [class*="st-key-table-"] th * { white-space: nowrap !important; }
[class*="st-key-table-"] td:nth-child(1) *, [class*="st-key-table-"] td:nth-child(3) *,
[class*="st-key-table-"] td:nth-child(4) *, [class*="st-key-table-"] td:nth-child(6) * {
  white-space: nowrap !important; word-break: keep-all !important; }
</style>
"""


def _on_upload() -> None:
    up = st.session_state.get(state.UPLOAD)
    if up is None:
        return
    data = up.getvalue()
    if len(data) > MAX_PROFILE_BYTES:
        state.flash(t("load_failed", "zh", msg="文件过大（档案应小于 200 KB）"),
                    t("load_failed", "en", msg="file too large (a profile is under 200 KB)"), "error")
        return
    try:
        profile_from_json_bytes(data, up.name)            # validate everything first
        raw = json.loads(decode_text(data, up.name))
    except InputError as exc:
        state.flash(t("load_failed", "zh", msg=markdown_literal(exc.zh)),
                    t("load_failed", "en", msg=markdown_literal(exc.en)), "error")
        return
    state.set_raw_profile({k: v for k, v in raw.items() if not str(k).startswith("_")}, None)
    name = markdown_literal(limits.echo(raw.get("company_name") or up.name, 80))
    state.flash(t("loaded_ok", "zh", name=name), t("loaded_ok", "en", name=name))


def _on_reset() -> None:
    state.reset()
    state.flash(t("reset_done", "zh"), t("reset_done", "en"), "info")


def sidebar(show_summary: bool = True) -> None:
    """The shared sidebar. The self-check page shows its live summary beside the form instead
    (that part reruns alone as a fragment, so a sidebar copy would go stale)."""
    with st.sidebar:
        st.radio(t("lang", state.lang()), ("zh", "en"), key=state.LANG, horizontal=True,
                 format_func=lambda v: "中文" if v == "zh" else "English")
        lang = state.lang()
        if show_summary:
            st.markdown(f"**{t('summary', lang)}**")
            views.summary(*state.assessment(), lang)
        st.divider()
        profile, _ = state.parsed()
        year = int(profile.assessment_year)
        inputs.number_field(FIELD["assessment_year"], lang, year, scope="sb", slider=False,
                            label=t("assessment_year", lang))
        _application_type(lang)
        state.standard_select(lang)
        names = {k: v.get("company_name", k) for k, v in examples().items()}
        st.selectbox(t("example", lang), list(names), key=state.EXAMPLE, format_func=names.get,
                     on_change=state.load_selected_example, help=t("example_help", lang))
        _save_load_reset(lang)
        msg = state.pop_flash()
        if msg:
            kind, zh, en = msg
            getattr(st, kind)(zh if lang == "zh" else en)
        st.caption(t("disclaimer", lang))


def _application_type(lang: str) -> None:
    key = inputs.widget_key("sb", "application_type")
    inputs.register("sb", "application_type")
    current = state.raw_profile().get("application_type")
    current = current if current in ("new", "review") else "new"
    st.segmented_control(t("application_type", lang), ["new", "review"], default=current, key=key, required=True,
                         format_func=lambda v: t(f"app_{v}", lang),
                         on_change=inputs.sync_field, args=("application_type", "sb", key, lambda v: v or "new"))


def _save_load_reset(lang: str) -> None:
    raw = state.raw_profile()
    name = (raw.get("company_name") or "profile").strip().replace("/", "_")[:40]
    st.download_button(t("save", lang), json.dumps(raw, ensure_ascii=False, indent=2).encode("utf-8"),
                       file_name=f"{name}.json", mime="application/json", key="save-profile", width="stretch")
    st.file_uploader(t("load", lang), type=["json"], key=state.UPLOAD, on_change=_on_upload,
                     help=t("load_help", lang))
    st.button(t("reset", lang), key="reset-profile", on_click=_on_reset, width="stretch")


def run() -> None:
    st.set_page_config(page_title="专精特新自测看板 · zjtx", page_icon="📊", layout="wide")
    state.init()
    st.markdown(_CSS, unsafe_allow_html=True)
    lang = state.lang()
    pages = [st.Page(path, title=t(key, lang), url_path=url, icon=icon, default=(i == 0))
             for i, (path, key, url, icon) in enumerate(PAGES)]
    page = st.navigation(pages)
    sidebar(show_summary=page.url_path not in ("", "input"))
    with boot.entered():
        page.run()
