"""批量筛查 / Batch screening: a list of companies in, verdicts, closeness ranks and downloads out."""

import streamlit as st

from zjtx.i18n import t
from zjtx.ui import batch_view, boot, state

boot.ensure_entrypoint()
lang = state.lang()
st.title(t("nav_batch", lang))
batch_view.render(lang)
st.caption(t("disclaimer", lang))
