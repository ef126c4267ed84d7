"""结果与差距 / Results & gaps: verdicts, radar and gap charts, the criteria with citations."""

import streamlit as st

from zjtx.i18n import t
from zjtx.limits import markdown_literal
from zjtx.ui import report_view
from zjtx.ui import boot, state, views

boot.ensure_entrypoint()
lang = state.lang()
a, errors = state.assessment()

st.title(t("nav_results", lang))
name = markdown_literal(state.shown_name(a.company_name, lang))
badge = f" · {t('example_badge', lang)}" if state.loaded_example() else ""
st.markdown(f"**{name}**{badge}")
st.caption(t("fiscal_years", lang, y1=a.fiscal_years["y1"], y2=a.fiscal_years["y2"]))
with st.expander(t("report_title", lang), icon=":material/download:", expanded=True):
    report_view.downloads(a, state.parsed()[0], lang, "results")
c1, c2 = st.columns([2, 1])
with c1:
    state.standard_switch(lang)
with c2:
    state.overlay_toggle(t("overlay", lang))
if errors:
    views.errors_box(errors, lang, a.assessment_year)
views.results(a, lang, state.overlay())
st.caption(t("disclaimer", lang))
