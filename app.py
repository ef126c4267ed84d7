"""专精特新自测看板 — entry point: `streamlit run app.py` (or `make run`)."""

from zjtx.ui.shell import run

run()
