"""The shared frame: page config, sidebar (language, example, standard) and navigation."""

from __future__ import annotations

import streamlit as st

from ..examples import examples
from ..i18n import t
from . import boot, state

PAGES = (
    ("pages/overview.py", "nav_overview", "overview", "📊"),
    ("pages/rules.py", "nav_rules", "rules", "📜"),
)


def sidebar() -> None:
    lang = state.lang()
    with st.sidebar:
        st.radio(t("lang", lang), ("zh", "en"), key=state.LANG, horizontal=True,
                 format_func=lambda v: "中文" if v == "zh" else "English")
        lang = state.lang()
        names = {k: v.get("company_name", k) for k, v in examples().items()}
        st.selectbox(t("example", lang), list(names), key=state.EXAMPLE, format_func=names.get,
                     on_change=state.load_selected_example, help=t("example_help", lang))
        st.selectbox(t("standard", lang), ("auto", "2026", "2022"), key=state.STANDARD,
                     format_func=lambda v: t(f"standard_{v}", lang))
        st.caption(t("disclaimer", lang))


def run() -> None:
    st.set_page_config(page_title="专精特新自测看板 · zjtx", page_icon="📊", layout="wide")
    state.init()
    sidebar()
    lang = state.lang()
    pages = [st.Page(path, title=t(key, lang), url_path=url, icon=icon, default=(i == 0))
             for i, (path, key, url, icon) in enumerate(PAGES)]
    page = st.navigation(pages)
    with boot.entered():
        page.run()
