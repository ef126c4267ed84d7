"""Guard against Streamlit's legacy pages/ fallback (a trap of Streamlit 1.67, described below).

On a freshly started server, a deep link opened first makes Streamlit run `pages/x.py`
directly (app.py never runs: no session defaults, file names in the sidebar). Every page calls
`ensure_entrypoint()` first; when the page was not entered through app.py's st.navigation and
the legacy flag is set, it clears the flag and reruns, which hands over to app.py (verified
recipe; the browser test `test_deep_link_on_fresh_server` keeps it honest).

`entered()` marks "inside app.py's navigation" with a context variable (per script run, never
shared between sessions), so a page entered properly is never rerun.
"""

import contextvars
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_ENTERED = contextvars.ContextVar("zjtx_entered_via_app", default=False)


@contextmanager
def entered():
    token = _ENTERED.set(True)
    try:
        yield
    finally:
        _ENTERED.reset(token)


def ensure_entrypoint() -> None:
    if _ENTERED.get():
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
