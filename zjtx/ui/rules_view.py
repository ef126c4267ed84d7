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
    st.markdown(rs.summary.get(lang))
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
    st.caption(t("rules_doc_note", lang))
    for rid in book.page_order:
        rs = book.rulesets[rid]
        with st.expander(ruleset_title(rs, lang), expanded=(rid == book.page_order[1])):
            _ruleset(rs, lang)
    with st.expander(t("rules_indicators", lang)):
        static_table(pd.DataFrame(indicator_rows(lang, code="")), "rules-indicators")
    with st.expander(t("size_rules", lang)):
        size = book.size
        st.caption(size_caption(book, lang))
        st.caption(f"{w('basis', lang)}{colon(lang)}{citation_text(size.citation)} — {citation_check(size.citation, lang)}")
        if size.interpretation:
            st.info(size.interpretation.get(lang), icon=":material/info:")
        static_table(pd.DataFrame(size_rows(book, lang)), "rules-size")
    with st.expander(t("selection_rules", lang)):
        static_table(pd.DataFrame(selection_rows(book, lang)), "rules-selection")
    cits = all_citations(book, lang)
    unv = [(where, c) for where, c in cits if not c.verified]
    with st.expander(t("rules_unverified", lang, n=len(unv), ok=len(cits) - len(unv))):
        static_table(pd.DataFrame([{t("rules_used_by", lang): where, t("rules_where", lang): citation_ref(c),
                                    t("rules_why", lang): c.note.get(lang) if c.note else ""}
                                   for where, c in unv]), "rules-unverified")
