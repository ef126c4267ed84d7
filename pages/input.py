"""企业自评 / Self-check: the company's figures in, a live verdict beside them."""

import streamlit as st

from zjtx.i18n import t
from zjtx.ui import boot, live, meeting, state

boot.ensure_entrypoint()
st.title(t("nav_input", state.lang()))
if state.presenter():
    meeting.workspace()            # presenter mode: the strip, the figures of the current gaps, a large radar
else:
    live.show()
