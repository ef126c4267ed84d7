"""规则说明: browse every rule set from the data — criteria, requirements, periods, citations with
their verified marks, interpretations — plus the SME size table, how the standard is chosen and every
citation that could not be verified. The rows come from zjtx/rulesdoc.py, which also writes
docs/rules.md: the page and the document say the same."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..describe import citation_check, citation_ref
from ..i18n import colon, t
from ..rules import rulebook
from ..rulesdoc import (all_citations, citation_text, criteria_rows, criterion_notes, indicator_rows,
                        ruleset_caption, ruleset_title, scorecard_rows, scorecard_title, selection_rows, size_caption, size_rows, w)
from .views import static_table

_ICON = {"interpretation": ":material/info:", "waiver": ":material/block:", "caveat": ":material/help:"}


def _ruleset(rs, lang: str) -> None:
    zh = lang == "zh"
    st.markdown(rs.summary.zh if zh else rs.summary.en)
    st.caption(ruleset_caption(rs, lang))
    static_table(pd.DataFrame(criteria_rows(rs, lang)), f"rules-{rs.id}")
    for n in criterion_notes(rs, lang):
        text = f"**{n.cid}** {n.text}"
        if n.kind in ("interpretation", "waiver"):
            st.info(text, icon=_ICON[n.kind])
        elif n.kind == "caveat":
            st.warning(text, icon=_ICON[n.kind])
        else:
            st.caption(text)
    for card in rs.scorecards:
        st.markdown(f"**{scorecard_title(card, lang)}**")
        static_table(pd.DataFrame(scorecard_rows(card, rs, lang)), f"card-{card.id}")


def render(lang: str) -> None:
    book = rulebook()
    zh = lang == "zh"
    st.caption("同一内容（由 criteria/ 生成）见仓库中的 docs/rules.md；✓ = 已与存储的官方文本逐字核对，⚠ = 未核对（附原因）。" if zh
               else "The same content, generated from criteria/, is in docs/rules.en.md in the repository; "
                    "✓ = checked word for word against a stored official copy, ⚠ = unverified (with the reason).")
    for rid in book.page_order:
        rs = book.rulesets[rid]
        with st.expander(ruleset_title(rs, lang), expanded=(rid == book.page_order[1])):
            _ruleset(rs, lang)
    with st.expander("指标的计算" if zh else "How the indicators are computed"):
        static_table(pd.DataFrame(indicator_rows(lang, code="")), "rules-indicators")
    with st.expander(t("size_rules", lang)):
        size = book.size
        st.caption(size_caption(book, lang))
        st.caption(f"{w('basis', lang)}{colon(lang)}{citation_text(size.citation)} — {citation_check(size.citation, lang)}")
        if size.interpretation:
            st.info(size.interpretation.zh if zh else size.interpretation.en, icon=":material/info:")
        static_table(pd.DataFrame(size_rows(book, lang)), "rules-size")
    with st.expander(t("selection_rules", lang)):
        static_table(pd.DataFrame(selection_rows(book, lang)), "rules-selection")
    cits = all_citations(book, lang)
    unv = [(where, c) for where, c in cits if not c.verified]
    head = (f"未核对的条文（{len(unv)} 处；已核对 {len(cits) - len(unv)} 处）" if zh
            else f"Unverified citations ({len(unv)}; {len(cits) - len(unv)} verified)")
    with st.expander(head):
        static_table(pd.DataFrame([{("用于" if zh else "Used by"): where, ("出处" if zh else "Where"): citation_ref(c),
                                    ("原因" if zh else "Why"): (c.note.zh if zh else c.note.en) if c.note else ""}
                                   for where, c in unv]), "rules-unverified")
