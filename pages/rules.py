"""规则说明 / Rules: every rule set, read from criteria/ (never hand-written here)."""

import streamlit as st

from zjtx.ui import boot, state, rules_view
from zjtx.i18n import t

boot.ensure_entrypoint()
lang = state.lang()
st.title(t("nav_rules", lang))
st.caption(t("rules_intro", lang))
rules_view.render(lang)
st.caption(t("disclaimer", lang))
