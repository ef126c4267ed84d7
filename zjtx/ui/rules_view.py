"""规则说明: browse every rule set from the data — criteria, requirements, periods, citations,
interpretations — plus the SME size table and how the standard is chosen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..describe import citation_check, citation_ref, criterion_text, scope_text
from ..i18n import colon, t
from ..rules import fill_year, rulebook
from .views import static_table

PERIOD_TEXT = {
    "y1": ("上年度", "last fiscal year"), "y1_y2": ("近两年（每年）", "last two years"),
    "y1_y3": ("近三个年度", "last three fiscal years"), "y1_y2_y3": ("近三个年度", "last three fiscal years"),
    "year_end": ("上年末", "last year end"), "to_year_end": ("截至上年末", "to last year end"),
    "current": ("本年度", "this year"), "current_or_previous": ("近两年", "last two years"),
    "last3": ("近三年", "last three years"), "last5": ("近五年", "last five years"),
    "at_application": ("申报时", "at application"), "mixed": ("见各项", "see each item"),
    "prev_and_current": ("填报上一年及当年", "filing year and the year before"),
}


def _citation_cell(c) -> str:
    """Where the rule is and its clause, word for word; further sources after "另见"."""
    out = f"{citation_ref(c.citation)}：“{c.citation.clause}”"
    for x in c.see_also:
        out += f" ｜ 另见 {citation_ref(x)}：“{x.clause}”"
    return out


def _ruleset(rs, lang: str) -> None:
    zh = lang == "zh"
    st.markdown(rs.summary.zh if zh else rs.summary.en)
    st.caption(f"{rs.source.doc} {rs.source.name} · {rs.source.annex} · {t('effective', lang)}{colon(lang)}{rs.effective_from}"
               + (f" · {t('superseded', lang)}{colon(lang)}{rs.superseded_for_new_from}" if rs.superseded_for_new_from else ""))
    rows = [{"ID": c.id,
             t("col_criterion", lang): c.label.zh if zh else c.label.en,
             t("col_required", lang): criterion_text(c, rs, lang),
             ("期间" if zh else "Period"): PERIOD_TEXT[c.period][0 if zh else 1],
             t("col_self", lang): "✓" if c.self_declared else "",
             ("条文" if zh else "Citation"): _citation_cell(c),
             ("核对" if zh else "Checked"): " ｜ ".join(citation_check(x, lang) for x in (c.citation, *c.see_also))}
            for c in rs.criteria]
    static_table(pd.DataFrame(rows), f"rules-{rs.id}")
    for c in rs.criteria:
        if c.interpretation is not None:
            st.info(f"**{c.id}** {t('interpretation', lang)}{colon(lang)}" + (c.interpretation.zh if zh else c.interpretation.en),
                    icon=":material/info:")
        for cv in c.caveats:
            text = fill_year(cv.text, cv.when.from_year or 0) if cv.when.from_year else cv.text
            st.warning(f"**{c.id}** {scope_text(cv.when, lang)}{colon(lang)}" + (text.zh if zh else text.en),
                       icon=":material/help:")
    for card in rs.scorecards:
        st.markdown(f"**{card.label.zh if zh else card.label.en}**")
        items = []
        for i in card.items:
            bands = []
            for b in i.bands:
                cond = (f"≥ {b.at_least.normalize():f}" if b.at_least is not None else
                        f"≤ {b.at_most.normalize():f}" if b.at_most is not None else "…")
                bands.append(f"{cond}: {b.points.normalize():f}")
            items.append({("分组" if zh else "Group"): i.group, t("col_criterion", lang): i.label.zh if zh else i.label.en,
                          t("max_points", lang): f"{i.max.normalize():f}",
                          ("分档" if zh else "Bands"): "；".join(bands) if bands else (
                              "得分 = 填报值" if zh else "points = the value entered")})
        static_table(pd.DataFrame(items), f"card-{card.id}")


def render(lang: str) -> None:
    book = rulebook()
    zh = lang == "zh"
    order = ("gate", "specialized@2026", "little_giant@2026", "innovative@2022", "tech_sme@2017",
             "specialized@2022", "little_giant@2022")
    for rid in order:
        rs = book.rulesets[rid]
        with st.expander(f"{rs.title.zh if zh else rs.title.en} · {rs.source.doc}", expanded=(rid == "specialized@2026")):
            _ruleset(rs, lang)
    with st.expander(t("size_rules", lang)):
        size = book.size
        st.caption(f"{size.source.doc} {size.source.name} {size.source.annex}")
        if size.interpretation:
            st.info(size.interpretation.zh if zh else size.interpretation.en, icon=":material/info:")
        static_table(pd.DataFrame([{("行业" if zh else "Industry"): i.label.zh if zh else i.label.en,
                                    ("条文" if zh else "Clause"): i.clause} for i in size.industries]), "rules-size")
    with st.expander(t("selection_rules", lang)):
        sel = book.selection
        rows = [{("层级" if zh else "Tier"): t(r.tier, lang),
                 t("application_type", lang): t(f"app_{r.application_type}", lang),
                 ("年度" if zh else "Years"): f"{r.from_year or '…'}–{r.to_year or '…'}",
                 t("standard", lang): r.standard,
                 t("why_standard", lang): (r.reason.zh if zh else r.reason.en)
                 + (f"（{r.interpretation.zh}）" if zh and r.interpretation else
                    f" ({r.interpretation.en})" if r.interpretation else "")} for r in sel.rules]
        rows += [{("层级" if zh else "Tier"): t(f.tier, lang), t("application_type", lang): "—",
                  ("年度" if zh else "Years"): "—", t("standard", lang): f.standard,
                  t("why_standard", lang): f.reason.zh if zh else f.reason.en} for f in sel.fixed]
        static_table(pd.DataFrame(rows), "rules-selection")
