"""新旧标准对比 / 2022 vs 2026: the same company under both standards, side by side."""

import streamlit as st

from zjtx import compare
from zjtx.i18n import t
from zjtx.rules import rulebook
from zjtx.limits import markdown_literal
from zjtx.ui import boot, compare_view, state, views

boot.ensure_entrypoint()
lang = state.lang()
profile, errors = state.parsed()

names = compare.names(rulebook())            # the two standards compared: 2022 and 2026 today
st.title(t("nav_compare", lang, **names))
st.markdown(f"**{markdown_literal(state.shown_name(profile.company_name, lang))}**")
st.caption(t("compare_intro", lang, **names))
if errors:
    views.errors_box(errors, lang, profile.assessment_year)
compare_view.render(lang)
st.caption(t("disclaimer", lang))
