"""企业自评 / Self-check: the company's figures in, a live verdict beside them."""

import streamlit as st

from zjtx.i18n import t
from zjtx.ui import boot, form, live, state

boot.ensure_entrypoint()
lang = state.lang()
profile, errors = state.parsed()
year = int(profile.assessment_year)

st.title(t("nav_input", lang))
name = profile.company_name or t("blank_company", lang)
if state.loaded_example():
    st.info(f"**{t('example_badge', lang)}** — {name}" + (t("modified", lang) if state.modified() else ""))
st.caption(t("fiscal_years", lang, y1=year - 1, y2=year - 2))

left, right = st.columns([11, 9], gap="medium")
with left:
    form.render(lang, year)
with right:
    live.panel(lang)
