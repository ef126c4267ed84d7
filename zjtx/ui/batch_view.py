"""批量筛查: upload a list, screen it with the vectorised engine, summarise, rank, open, download.

The screened list lives in this session only (st.session_state via zjtx.ui.state), with the file's
name, its rows as read and their spreadsheet lines, so it outlives the page: Streamlit drops a file
uploader's file when its page is left, so once a list is loaded the page shows "已载入：name（n 家）"
and a button to clear it instead of the uploader — the same thing whether the user just uploaded
it or came back. A change of standard screens the kept rows again. Changing a filter never screens
again; the results part is a fragment.

The list is read by zjtx.dataio (the reader of `screen`); blank rows are not companies, every row
keeps the line a spreadsheet shows (zjtx.dataio.lines).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from .. import charts
from ..dataio import InputError
from ..dataio.cells import check_headers, ignored_text, record_of
from ..dataio.lines import Listed, read_list, renumber
from ..dataio.template import TEMPLATE_PATH, template_bytes
from ..dataio.write import clean_text, csv_bytes
from ..engine import evaluate
from ..i18n import pair, t
from .. import limits
from ..limits import markdown_literal as md
from ..people import fail_labels, people_csv_bytes, people_xlsx_bytes
from ..profile import ProfileError, parse_profile, profile_to_dict
from ..rank import DEFINITION_EN, DEFINITION_ZH, RANK_TIERS
from ..rules import rulebook
from ..screen import screen_table
from ..summary import tier_counts
from . import report_view, state, views

MAX_MB = limits.MAX_UPLOAD_MB       # one number for the page, SECURITY.md and config.toml's comment
PAGE_CHUNK = 20_000
MAX_TABLE_ROWS = 5000     # the grid shows the closest 5000 (after filters); downloads have every row
TIERS_SHOWN = ("gate", *RANK_TIERS)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plain(text: str, bold: bool = False) -> None:
    """A line holding user text (a file or company name) shown exactly as typed: escaped HTML, not
    markdown — markdown, even escaped, turns "http://…" into a live link."""
    import html
    body = html.escape(text, quote=False)
    st.html(f'<p class="zjtx-plain" style="margin:0">{"<b>" + body + "</b>" if bold else body}</p>')


def _error(exc: InputError, lang: str) -> None:
    st.error(md(pair(exc.zh, exc.en).get(lang)))


def _screen_rows(listed: Listed, standard: str, lang: str) -> pd.DataFrame | None:
    total = listed.rows
    bar = st.progress(0.0, text=t("screening", lang, done=0, total=total))

    def progress(done: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=t("screening", lang, done=done, total=total))

    try:
        result = screen_table(listed.headers, iter(listed.parts), standard, rulebook(), on_progress=progress,
                              neutralise=False)
    except InputError as exc:
        bar.empty()
        _error(exc, lang)
        return None
    bar.empty()
    return renumber(result, listed.lines, listed.records)


def _screen(name: str, data: bytes, standard: str, lang: str) -> dict | None:
    t0 = time.monotonic()
    try:
        listed = read_list(name, data, chunk_rows=PAGE_CHUNK)
        ignored = check_headers(name, listed.headers)
    except InputError as exc:
        _error(exc, lang)
        return None
    result = _screen_rows(listed, standard, lang)
    if result is None:
        return None
    return {"result": result, "parts": listed.parts, "headers": listed.headers, "lines": listed.lines,
            "records": listed.records, "blank": listed.blank, "ignored": ignored, "standard": standard,
            "seconds": time.monotonic() - t0, "name": name}


def _rescreen(batch: dict, standard: str, lang: str) -> None:
    """The standard changed since the list was screened: screen the kept rows again."""
    t0 = time.monotonic()
    listed = Listed(batch["name"], batch["headers"], batch["parts"], batch["lines"], batch["blank"],
                    batch["records"])
    result = _screen_rows(listed, standard, lang)
    if result is not None:
        state.set_batch(batch["digest"], {**{k: v for k, v in batch.items() if k != "digest"},
                                         "result": result, "standard": standard, "seconds": time.monotonic() - t0})
        st.info(t("batch_rescreened", lang, std=t(f"standard_{standard}", lang)))


def _profile_dict(rec: dict) -> dict:
    """Typed when the row reads cleanly, else as typed in the file (the self-check shows the errors)."""
    try:
        return profile_to_dict(parse_profile(rec))
    except ProfileError:
        return rec


def _clear() -> None:
    st.session_state.pop(state.BATCH, None)


def render(lang: str) -> None:
    st.caption(t("batch_intro", lang))
    c1, c2 = st.columns([1, 2])
    with c1:
        st.download_button(t("template", lang), template_bytes(), file_name=TEMPLATE_PATH.name,
                           mime=XLSX_MIME, key="download-template", help=t("template_help", lang), width="stretch")
        st.caption(pair(DEFINITION_ZH, DEFINITION_EN).get(lang))
    batch = state.batch()
    with c2:
        if batch is None:
            up = st.file_uploader(t("upload_list", lang), type=["csv", "xlsx"], key=state.BATCH_UPLOAD)
            if up is not None:
                data = up.getvalue()
                if len(data) > MAX_MB * 1024 * 1024:
                    st.error(t("too_big", lang, mb=len(data) / 1024 / 1024, limit=MAX_MB))
                else:
                    digest = hashlib.sha256(data + b"\0" + up.name.encode("utf-8", "replace")).hexdigest()
                    screened = _screen(up.name, data, state.standard(), lang)
                    if screened is not None:
                        state.set_batch(digest, screened)
                        st.rerun()              # show the loaded list as a returning user sees it
        else:
            with st.container(border=True, key="batch-loaded"):
                n, blank = len(batch["result"]), batch["blank"]
                line = t("batch_loaded", lang, name=state.shown_name(batch["name"], lang), n=n)
                if blank:
                    line += t("batch_loaded_blank", lang, k=blank)
                plain(line)
                st.button(t("batch_clear", lang), key="batch-clear", on_click=_clear, icon=":material/close:")
    if batch is None:
        st.info(t("no_list", lang))
        return
    if batch.get("standard") != state.standard():
        _rescreen(batch, state.standard(), lang)
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
        st.warning(t("ignored_cols", lang, cols=md(ignored_text(batch["ignored"], lang))))
    book = rulebook()

    st.subheader(t("batch_summary", lang))
    counts = tier_counts(frame, TIERS_SHOWN)
    table = pd.DataFrame({
        t("col_tier", lang): [t(x, lang) for x in counts.index],
        t("verdict_meets", lang): counts["meets"], t("verdict_fails", lang): counts["fails"],
        t("verdict_incomplete", lang): counts["incomplete"], t("errors_label", lang): counts["error"]})
    views.static_table(table, "batch-summary")
    fc = fail_labels(frame, book, lang)
    if fc:
        st.plotly_chart(charts.fail_counts_chart(fc, len(frame), lang), key="batch-fails", config=views.CHART_CONFIG)

    f1, f2, f3 = st.columns(3)
    tier = f1.selectbox(t("rank_by", lang), RANK_TIERS, format_func=lambda x: t(x, lang), key=state.lang_key("batch-tier"))
    verdicts = f2.multiselect(t("verdict_filter", lang), ("meets", "fails", "incomplete"),
                              format_func=lambda v: t(f"verdict_{v}", lang), key=state.lang_key("batch-verdicts"),
                              placeholder=t("all", lang))
    anon = state.anonymised()            # names hidden: searching them would reveal them
    query = f3.text_input(t("search", lang), key="batch-search", disabled=anon,
                          help=t("anon_field_note", lang) if anon else None)
    query = "" if anon else query
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
        t("col_line", lang): pd.to_numeric(shown["row"], errors="coerce").astype("Int64") + 1,
        t("col_company", lang): shown["company_name"].map(lambda v: state.shown_name(v, lang, blank="")) if anon
        else shown["company_name"],
        **{t(x, lang): shown[f"{x}.verdict"].astype(str).map(lambda v: t(f"verdict_{v}", lang) if v else "")
           for x in TIERS_SHOWN},
        t("col_fails", lang): shown[f"{tier}.fails"],
        t("col_shortfall", lang): shown[f"{tier}.shortfall"],
        t("col_error", lang): shown["error"],
    })
    st.caption(t("batch_pick_hint", lang))
    event = st.dataframe(view, hide_index=True, width="stretch", height=min(440, 38 + 35 * max(len(view), 1)),
                         key="batch-table", on_select="rerun", selection_mode="single-row",
                         column_config={t("col_line", lang): st.column_config.NumberColumn(
                             help=t("line_help", lang), format="%d")})
    picked = event.selection.rows if event is not None else []
    if picked and picked[0] < len(shown):
        picked_row(batch, int(shown.index[picked[0]]), lang)
    else:
        st.button(t("open_in_check", lang), key="batch-open", disabled=True, type="primary")
    downloads(batch, lang)


def picked_row(batch: dict, i: int, lang: str) -> None:
    """The selected company: open it in 自评, or download its report (the results page's buttons)."""
    frame = batch["result"]
    name = state.shown_name(str(frame.at[i, "company_name"]), lang)
    line = int(frame.at[i, "row"]) + 1
    rec = record_of(batch["parts"], i)
    with st.container(border=True, key="batch-picked"):
        plain(t("batch_picked", lang, name=name, line=line), bold=True)
        if st.button(t("open_in_check", lang), key="batch-open", type="primary"):
            state.set_raw_profile(_profile_dict(rec), None)
            st.switch_page("pages/input.py")
        try:
            profile = parse_profile(rec)
        except ProfileError as exc:
            st.warning(t("batch_pick_unreadable", lang, msg=md(exc.text(lang))))
            return
        a = evaluate(profile, rulebook(), batch.get("standard", "auto"))
        report_view.downloads(a, profile, lang, "batch")


def machine_csv(frame: pd.DataFrame) -> bytes:
    """The machine columns (docs/cli.md) as CSV; text a spreadsheet could run gets an apostrophe
    (CSV has no cell types), line breaks become spaces — as `python -m zjtx screen` writes it."""
    return csv_bytes(clean_text(frame))


def downloads(batch: dict, lang: str) -> None:
    frame = batch["result"]
    book = rulebook()
    anon = state.anonymised()
    base = t("batch_file", lang) if anon else Path(batch["name"]).stem
    stem = base + "-" + t("file_results", lang)
    meta = {t("meta_input", lang): state.shown_name(batch["name"], lang),
            t("meta_standard", lang): t(f"standard_{batch.get('standard', 'auto')}", lang),
            t("meta_companies", lang): len(frame),
            t("meta_generated", lang): _dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    st.subheader(t("batch_downloads", lang))
    d1, d2, d3 = st.columns(3)
    d1.download_button(t("download_people_xlsx", lang), lambda: people_xlsx_bytes(frame, book, lang, meta),
                       file_name=f"{stem}.xlsx", mime=XLSX_MIME, key="download-people-xlsx", width="stretch",
                       type="primary", icon=":material/table_view:", on_click="ignore")
    d2.download_button(t("download_people_csv", lang), lambda: people_csv_bytes(frame, book, lang),
                       file_name=f"{stem}.csv", mime="text/csv", key="download-people-csv", width="stretch",
                       icon=":material/description:", on_click="ignore")
    d3.download_button(t("download_machine_csv", lang), lambda: machine_csv(frame),
                       file_name=f"{base}-machine.csv", mime="text/csv", key="download-csv",
                       width="stretch", icon=":material/data_object:", on_click="ignore")
    st.caption(t("downloads_help", lang))
