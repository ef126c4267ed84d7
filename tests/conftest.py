import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]


@pytest.fixture(autouse=True)
def _streamlit_pages_like_a_running_server(monkeypatch):
    """AppTest resets Streamlit's legacy `pages/` flag before *every* run, so each run after the
    first executes the last page directly instead of app.py (the fresh-server trap of
    tooling.md §0, on every rerun). A real server clears the flag once st.navigation has run.
    Mirror the server: clear it whenever a PagesManager is made. The trap itself is covered by
    the browser test that deep-links into a freshly started server."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
