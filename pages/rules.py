"""规则说明 / Rules: every rule set, read from criteria/ (never hand-written here)."""

import streamlit as st

from zjtx.i18n import t
from zjtx.ui import boot, rules_view, state

boot.ensure_entrypoint()
lang = state.lang()
st.title(t("nav_rules", lang))
st.caption(t("rules_intro", lang))
rules_view.render(lang)
st.warning(t("disclaimer", lang), icon=":material/warning:")
