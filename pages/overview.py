"""结果总览 / Overview: the gate and every tier's verdict with its criteria table."""

import streamlit as st

from zjtx.ui import boot, state, views
from zjtx.i18n import t

boot.ensure_entrypoint()
lang = state.lang()
a, errors = state.assessment()

st.title(t("app_title", lang))
st.caption(t("app_tagline", lang))
if state.loaded_example():
    st.info(f"**{t('example_badge', lang)}** — {a.company_name}")
else:
    st.markdown(f"**{a.company_name or ''}**")
st.caption(t("fiscal_years", lang, y1=a.fiscal_years["y1"], y2=a.fiscal_years["y2"]))
if errors:
    st.error(t("profile_errors", lang) + "\n\n" + "\n".join(f"- {e.text(lang)}" for e in errors))
views.overview(a, lang)
