"""新旧标准对比 / 2022 vs 2026: the same company under both standards, side by side."""

import streamlit as st

from zjtx.i18n import t
from zjtx.limits import markdown_literal
from zjtx.ui import boot, compare_view, state

boot.ensure_entrypoint()
lang = state.lang()
profile, errors = state.parsed()

st.title(t("nav_compare", lang))
st.markdown(f"**{markdown_literal(profile.company_name or t('blank_company', lang))}**")
st.caption(t("compare_intro", lang))
if errors:
    st.error(t("profile_errors", lang) + "\n\n" + "\n".join(f"- {markdown_literal(e.text(lang))}" for e in errors))
compare_view.render(lang)
st.caption(t("disclaimer", lang))
