"""Report downloads of one assessment (PDF / HTML / XLSX), on the results page and for a batch row.

Each button's file is made only when it is clicked (st.download_button with a callable: Streamlit
runs it on another thread and shows a spinner on the button meanwhile), by zjtx.report.report_bytes
— the very function `python -m zjtx report` calls, with the same arguments (assessment, format,
language, anonymise, the profile for the plan section). A PDF needs the system's Chromium: when it is
missing the PDF button is disabled and a Chinese sentence says why and what to do instead.
"""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from ..engine import Assessment
from ..i18n import pair, t
from ..report import FORMATS, MIME, PdfError, file_name, report_bytes
from ..report.pdf import chromium
from . import state

ICON = {"pdf": ":material/picture_as_pdf:", "html": ":material/language:", "xlsx": ":material/table_view:"}
_FAILURES = "zjtx:report_failures"     # {(key, fmt): (zh, en)} — this session's last failed build, said once


def maker(a: Assessment, profile: Any, fmt: str, lang: str, anonymise: bool,
          failures: dict | None = None, key: str = "") -> Callable[[], bytes]:
    """The callable a download button runs when clicked (on a Streamlit worker thread: no st.* here;
    `failures` is a plain dict of this session, given in)."""
    def make() -> bytes:
        try:
            return report_bytes(a, fmt, lang, anonymise, profile=profile)
        except PdfError as exc:
            if failures is not None:
                failures[(key, fmt)] = (exc.zh, exc.en)
            raise
    return make


def downloads(a: Assessment, profile: Any, lang: str, key: str) -> None:
    """An anonymise switch and three download buttons, for the assessment `a` of `profile`."""
    failures = st.session_state.setdefault(_FAILURES, {})
    with st.container(key=f"report-{key}"):
        for fmt in FORMATS:
            said = failures.pop((key, fmt), None)
            if said is not None:
                st.warning(t("report_failed", lang, fmt=fmt.upper(), msg=pair(*said).get(lang)),
                           icon=":material/error:")
        c0, c1, c2, c3 = st.columns([1.4, 1, 1, 1], vertical_alignment="center")
        with c0:                                   # the session-wide switch: screen and reports agree
            anonymise = state.anonymise_toggle(f"report-{key}", t("report_anonymise", lang),
                                               t("report_anonymise_help", lang))
        no_pdf = chromium() is None
        for col, fmt in zip((c1, c2, c3), FORMATS):
            col.download_button(
                t(f"report_{fmt}", lang), maker(a, profile, fmt, lang, anonymise, failures, key),
                file_name=file_name(a, fmt, lang, anonymise), mime=MIME[fmt], key=f"report-{fmt}-{key}",
                on_click="ignore", icon=ICON[fmt], width="stretch", disabled=fmt == "pdf" and no_pdf,
                help=t(f"report_{fmt}_help", lang),
                type="primary" if fmt == "pdf" else "secondary")
        if no_pdf:
            st.warning(t("report_no_chromium", lang), icon=":material/print_disabled:")
        st.caption(t("report_note", lang))
