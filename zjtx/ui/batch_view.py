"""批量筛查: upload a list, screen it with the vectorised engine, summarise, rank, open, download.

The screened list lives in this session only (st.session_state), keyed by a digest of the file
and the standard, so changing a filter never screens again; the results part is a fragment.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from .. import charts
from ..dataio import InputError
from ..i18n import t
from ..limits import markdown_literal
from ..profile import ProfileError, field_for_header, parse_profile, profile_to_dict
from ..rank import DEFINITION_EN, DEFINITION_ZH, RANK_TIERS
from ..rules import rulebook
from ..screen import check_headers, csv_bytes, ignored_text, iter_chunks, screen_table, xlsx_bytes
from ..summary import fail_counts, tier_counts
from ..template import TEMPLATE_PATH
from . import state, views

MAX_MB = 50
PAGE_CHUNK = 20_000
MAX_TABLE_ROWS = 5000     # the grid shows the closest 5000 (after filters); downloads have every row
TIERS_SHOWN = ("gate", *RANK_TIERS)


def _screen(name: str, data: bytes, standard: str, lang: str) -> dict | None:
    try:
        headers, chunks, total = iter_chunks(Path(name), data=data, chunk_rows=PAGE_CHUNK)
        ignored = check_headers(name, headers)
        raw_parts = list(chunks)
    except InputError as exc:
        st.error(markdown_literal(exc.zh if lang == "zh" else exc.en))
        return None
    total = sum(len(p) for p in raw_parts)
    bar = st.progress(0.0, text=t("screening", lang, done=0, total=total))
    t0 = time.monotonic()

    def progress(done: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=t("screening", lang, done=done, total=total))

    try:
        result = screen_table(headers, iter(raw_parts), standard, rulebook(), on_progress=progress)
    except InputError as exc:
        bar.empty()
        st.error(markdown_literal(exc.zh if lang == "zh" else exc.en))
        return None
    bar.empty()
    raw = pd.concat(raw_parts, ignore_index=True) if raw_parts else pd.DataFrame(columns=headers)
    return {"result": result, "raw": raw, "ignored": ignored, "seconds": time.monotonic() - t0, "name": name}


def _record(raw: pd.DataFrame, i: int) -> dict:
    """One uploaded row as a profile dict (typed when it reads cleanly, else as typed in the file)."""
    rec = {}
    for col, v in raw.iloc[i].items():
        f = field_for_header(col)
        if f is not None and str(v).strip() != "":
            rec[f.key] = v
    try:
        return profile_to_dict(parse_profile(rec))
    except ProfileError:
        return rec


def render(lang: str) -> None:
    st.caption(t("batch_intro", lang))
    c1, c2 = st.columns([1, 2])
    with c1:
        st.download_button(t("template", lang), TEMPLATE_PATH.read_bytes(), file_name="批量筛查模板.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="download-template", help=t("template_help", lang), width="stretch")
        st.caption(DEFINITION_ZH if lang == "zh" else DEFINITION_EN)
    with c2:
        up = st.file_uploader(t("upload_list", lang), type=["csv", "xlsx"], key=state.BATCH_UPLOAD)
    if up is not None:
        data = up.getvalue()
        if len(data) > MAX_MB * 1024 * 1024:
            st.error(t("too_big", lang, mb=len(data) / 1024 / 1024, limit=MAX_MB))
        else:
            # the name is part of the key: the same bytes named .csv and .xlsx are read differently
            digest = hashlib.sha256(data + b"\0" + up.name.encode("utf-8", "replace") + b"\0"
                                    + state.standard().encode()).hexdigest()
            if state.batch_digest() != digest:
                screened = _screen(up.name, data, state.standard(), lang)
                if screened is not None:
                    state.set_batch(digest, screened)
    batch = state.batch()
    if batch is None:
        st.info(t("no_list", lang))
        return
    results(lang)


@st.fragment
def results(lang: str) -> None:
    batch = state.batch()
    if batch is None:
        return
    frame: pd.DataFrame = batch["result"]
    errors = int((frame["error"].astype(str) != "").sum())
    st.success(t("screened", lang, n=len(frame), s=batch["seconds"], e=errors))
    if batch["ignored"]:
        st.warning(t("ignored_cols", lang, cols=markdown_literal(ignored_text(batch["ignored"], lang))))
    book = rulebook()

    st.subheader(t("batch_summary", lang))
    counts = tier_counts(frame, TIERS_SHOWN)
    table = pd.DataFrame({
        t("col_tier", lang): [t(x, lang) for x in counts.index],
        t("verdict_meets", lang): counts["meets"], t("verdict_fails", lang): counts["fails"],
        t("verdict_incomplete", lang): counts["incomplete"], t("errors_label", lang): counts["error"]})
    views.static_table(table, "batch-summary")
    fc = fail_counts(frame, book, lang)
    if fc:
        st.plotly_chart(charts.fail_counts_chart(fc, len(frame), lang), key="batch-fails", config=views.CHART_CONFIG)

    f1, f2, f3 = st.columns(3)
    tier = f1.selectbox(t("rank_by", lang), RANK_TIERS, format_func=lambda x: t(x, lang), key=state.lang_key("batch-tier"))
    verdicts = f2.multiselect(t("verdict_filter", lang), ("meets", "fails", "incomplete"),
                              format_func=lambda v: t(f"verdict_{v}", lang), key=state.lang_key("batch-verdicts"),
                              placeholder=t("all", lang))
    query = f3.text_input(t("search", lang), key="batch-search")
    shown = frame
    if verdicts:
        shown = shown[shown[f"{tier}.verdict"].astype(str).isin(verdicts)]
    if query:
        shown = shown[shown["company_name"].astype(str).str.contains(query, regex=False)]
    shown = shown.sort_values([f"{tier}.rank", "row"], na_position="last")
    if len(shown) > MAX_TABLE_ROWS:
        st.caption(t("table_capped", lang, n=MAX_TABLE_ROWS, total=len(shown)))
        shown = shown.iloc[:MAX_TABLE_ROWS]
    view = pd.DataFrame({
        t("col_rank", lang): shown[f"{tier}.rank"],
        t("col_row", lang): shown["row"],
        t("col_company", lang): shown["company_name"],
        **{t(x, lang): shown[f"{x}.verdict"].astype(str).map(lambda v: t(f"verdict_{v}", lang) if v else "")
           for x in TIERS_SHOWN},
        t("col_fails", lang): shown[f"{tier}.fails"],
        t("col_shortfall", lang): shown[f"{tier}.shortfall"],
        t("col_error", lang): shown["error"],
    })
    st.caption(t("select_hint", lang))
    event = st.dataframe(view, hide_index=True, width="stretch", height=min(440, 38 + 35 * max(len(view), 1)),
                         key="batch-table",
                         on_select="rerun", selection_mode="single-row")
    picked = event.selection.rows if event is not None else []
    if st.button(t("open_in_check", lang), key="batch-open", disabled=not picked, type="primary"):
        i = int(shown.index[picked[0]])
        state.set_raw_profile(_record(batch["raw"], i), None)
        st.switch_page("pages/input.py")

    d1, d2 = st.columns(2)
    stem = Path(batch["name"]).stem

    d1.download_button(t("download_csv", lang), lambda: csv_bytes(frame), file_name=f"{stem}-筛查结果.csv", mime="text/csv",
                       key="download-csv", width="stretch")
    d2.download_button(t("download_xlsx", lang), lambda: xlsx_bytes(frame), file_name=f"{stem}-筛查结果.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="download-xlsx", width="stretch")
