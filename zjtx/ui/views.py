"""Rendering helpers for pages: verdict cards, charts, criteria tables, citations. Render only —
every number and sentence comes from the engine's results via zjtx.present / zjtx.charts."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from .. import charts, fmt, present
from ..describe import citation_check, citation_ref
from ..engine import SIZE_CLASS_TEXT, Assessment, CriterionResult, TierResult
from ..limits import markdown_literal
from ..i18n import POINTS, colon, t

VERDICT_COLOUR = {"meets": "green", "fails": "red", "incomplete": "orange"}
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def verdict_badge(verdict: str, lang: str) -> str:
    """Icon + text + colour (never colour alone)."""
    return f":{VERDICT_COLOUR[verdict]}[{present.VERDICT_ICON[verdict]} **{present.verdict_text(verdict, lang)}**]"


def static_table(df: pd.DataFrame, key: str) -> None:
    """A static HTML table: text wraps, renders at once, prints and projects well. A table of four
    or more columns also comes as cards, shown instead on a phone (≤ 640 px, CSS in shell)."""
    with st.container(key=f"tbl-{key}"):
        if len(df.columns) < 4:
            st.table(df, hide_index=True, border="horizontal")
            return
        with st.container(key=f"wide-{key}"):
            st.table(df, hide_index=True, border="horizontal")
        with st.container(key=f"rows-{key}"):
            st.html(row_cards(df))


def row_cards(df: pd.DataFrame) -> str:
    """Each row as a card: the first column as its title, the others as 'column：value' (escaped)."""
    esc = html.escape
    cols = [str(c) for c in df.columns]
    sep = t("card_sep")
    out = []
    for row in df.itertuples(index=False):
        vals = ["" if v is None else str(v) for v in row]
        facts = "".join(f'<div class="zjtx-facts"><span class="zjtx-k">{esc(c)}</span>{sep}{esc(v)}</div>'
                        for c, v in zip(cols[1:], vals[1:]) if v.strip() not in ("", "—"))
        out.append(f'<div class="zjtx-card"><div><b>{esc(vals[0])}</b></div>{facts}</div>')
    return "".join(out)


def errors_box(errors, lang: str, year: int) -> None:
    """Inputs that need fixing, said plainly (each field named with its real year; the values as
    typed) and that they count as blank until fixed — never only a small grey note."""
    if not errors:
        return
    from . import inputs
    lines = "\n".join(f"- {markdown_literal(inputs.message(e, lang, int(year)))}" for e in errors)
    st.warning(f"**{t('profile_errors', lang)}**\n\n{lines}", icon=":material/error:")


def gap_list(tiers: list[TierResult], lang: str, key: str, title: str = "") -> None:
    """主要差距: every failing criterion, grouped by tier; a tier with nothing failing says whether
    that is because it meets or because information is missing (blank is never "no gaps").
    One Markdown element (cheap to re-send on every slider step)."""
    parts = [f"**{title}**"] if title else []
    for g in charts.gap_groups(tiers, lang):
        head = f"**{t(g.tier, lang)}**"
        if g.fails:
            parts.append(f"{head} · :red[{present.STATUS_ICON['fail']} {t('failing_n', lang, n=len(g.fails))}]")
            parts.append("\n".join(f"- {x}" for x in g.fails))
        elif g.missing:
            parts.append(f"{head} · :orange[{present.STATUS_ICON['missing']} {t('missing_n', lang, n=len(g.missing))}]")
        else:
            parts.append(f"{head} · :green[{present.STATUS_ICON['pass']} {t('all_met', lang)}]")
        if g.missing:
            parts.append(":small[:gray[" + t("gaps_not_judged", lang, names=t("list_sep", lang).join(g.missing)) + "]]")
    with st.container(key=f"gaps-{key}"):
        st.markdown("\n\n".join(parts))


def summary_lines(a: Assessment, lang: str) -> list[str]:
    """One Markdown line per tier: name · standard: verdict (n failing, n missing)."""
    lines = []
    for tier in (a.gate, *a.tiers.values()):
        extra = present.count_phrases(tier, lang)
        std = f" · {tier.standard}" if tier.tier != "gate" else ""
        note = ""
        if extra:
            note = f" <small>{t('paren', lang, x=t('comma_sep', lang).join(extra))}</small>"
        lines.append(t("summary_line", lang, tier=t(tier.tier, lang), std=std, verdict=verdict_badge(tier.verdict, lang),
                       note=note))
    return lines


def summary(a: Assessment, errors, lang: str) -> None:
    """One line per tier: name · standard: verdict (n failing, n missing), and how many inputs need
    fixing. The sidebar's summary (the self-check panel lists the errors in full instead)."""
    with st.container(key="summary"):
        st.markdown("<br>".join(summary_lines(a, lang)), unsafe_allow_html=True)       # one element: light to resend
        if errors:
            st.warning(t("errors_n", lang, n=len(errors)), icon=":material/error:")


def _counts_line(tier: TierResult, lang: str) -> str:
    bits = [t("standard_line", lang, std=tier.standard)] if tier.tier != "gate" else []
    bits += present.count_phrases(tier, lang)
    if tier.verdict != tier.own_verdict:
        bits.append(t("held_by_gate", lang))
    if tier.tier == "gate" and tier.size_class:
        bits.append(f"{t('size_class', lang)}{colon(lang)}{SIZE_CLASS_TEXT[tier.size_class].get(lang)}")
    return " · ".join(bits)


def tier_card(tier: TierResult, lang: str) -> None:
    with st.container(border=True, key=f"card-{tier.tier}"):
        st.markdown(f"**{t(tier.tier, lang)}**")
        st.markdown(verdict_badge(tier.verdict, lang))
        st.caption(_counts_line(tier, lang) or "\u00a0")


def tier_header(tier: TierResult, lang: str) -> None:
    st.subheader(f"{t(tier.tier, lang)}", anchor=f"tier-{tier.tier}")
    st.markdown(f"{verdict_badge(tier.verdict, lang)} &nbsp; {_counts_line(tier, lang)}", unsafe_allow_html=True)
    if tier.standard_reason is not None:
        why = tier.standard_reason.get(lang)
        st.caption(f"{t('why_standard', lang)}{colon(lang)}{why}")
    if tier.standard_interpretation is not None:
        st.caption(f"ⓘ {t('interpretation', lang)}{colon(lang)}" + tier.standard_interpretation.get(lang))


STATUS_CSS = {present.STATUS_ICON[k]: css for k, css in (
    ("pass", "color:#1a7f37"), ("fail", "color:#c62828;font-weight:600"), ("missing", "color:#b26a00"),
    ("exempt", "color:#1f5aa6"), ("not_applicable", "color:#666"))}


def _status_style(v: str) -> str:
    return STATUS_CSS.get(str(v)[:1], "")


def criteria_table(tier: TierResult, lang: str) -> None:
    """A static table (text wraps; readable on a projector); status = icon + text + colour. On a
    phone (≤ 640 px, CSS in shell) the same rows show as cards instead: a 7-column table would
    wrap two characters a line with columns off screen."""
    df = pd.DataFrame(present.criteria_rows(tier, lang))
    styled = df.style.map(_status_style, subset=[t("col_status", lang)])
    with st.container(key=f"table-{tier.tier}"):
        st.table(styled, hide_index=True, border="horizontal")
    criteria_cards(tier, lang)


def criteria_cards(tier: TierResult, lang: str) -> None:
    """Each criterion as a small card (one HTML block: every string escaped)."""
    esc = html.escape
    cards = []
    for c in tier.criteria:
        status = f"{present.STATUS_ICON[c.status]} {present.status_text(c.status, lang)}"
        facts = []
        if c.actual is not None:
            facts.append(f"{t('col_actual', lang)} {present.actual_cell(c, lang)}")
        if c.threshold is not None:
            facts.append(f"{t('col_required', lang)} {present.threshold_cell(c, lang)}")
        gap = present.gap_cell(c, lang)
        if gap != "—":
            facts.append(f"{t('col_gap', lang)} {gap}")
        if c.self_declared:
            facts.append(t("self_declared_short", lang))
        colour = STATUS_CSS.get(present.STATUS_ICON[c.status], "")
        cards.append(f'<div class="zjtx-card"><div><span style="{colour}">{esc(status)}</span> · '
                     f'<b>{esc(present.label(c, lang))}</b></div>'
                     + (f'<div class="zjtx-facts">{esc(" · ".join(facts))}</div>' if facts else "")
                     + f'<div class="zjtx-why">{esc(present.reason(c, lang))}</div></div>')
    with st.container(key=f"cards-{tier.tier}"):
        st.html("".join(cards))


def citations(tier: TierResult, lang: str) -> None:
    with st.expander(t("citations", lang)):
        for c in tier.criteria:
            citation(c, lang)


def citation(c: CriterionResult, lang: str) -> None:
    cit = c.citation
    st.markdown(f"**{present.label(c, lang)}** · `{c.id}` — {cit.doc} · {cit.annex} · {cit.item}")
    st.markdown(f"> {cit.clause}")
    st.caption(citation_check(cit, lang))
    for x in ((c.basis,) if c.basis is not None else ()) + c.see_also:
        st.markdown(f"{t('basis_ref' if x is c.basis else 'see_also', lang)} {citation_ref(x)}")
        st.markdown(f"> {x.clause}")
        st.caption(citation_check(x, lang))
    if c.interpretation is not None:
        st.info(f"{t('interpretation', lang)}{colon(lang)}{c.interpretation.get(lang)}",
                icon=":material/info:")
    if c.note is not None:
        st.caption(c.note.get(lang))
    if c.score is not None:
        score_table(c, lang, where="cit")


def score_table(c: CriterionResult, lang: str, where: str = "main") -> None:
    s = c.score
    grp = {g.id: g.label.get(lang) for g in s.groups}
    rows = [{t("col_group", lang): grp[i.group],
             t("col_criterion", lang): i.label.get(lang),
             t("col_actual", lang): "—" if i.actual is None else fmt.with_unit(i.actual, i.unit, lang),
             t("points", lang): fmt.num(i.points, POINTS) if i.points is not None
             else f"{fmt.num(i.lo, POINTS)}–{fmt.num(i.hi, POINTS)}",
             t("max_points", lang): fmt.num(i.max, POINTS)} for i in s.items]
    total = fmt.num(s.total, POINTS) if s.total is not None else f"{fmt.num(s.lo, POINTS)}–{fmt.num(s.hi, POINTS)}"
    st.markdown(f"*{t('score_breakdown', lang)}{colon(lang)}{s.label.get(lang)}* — "
                f"**{total}** / {fmt.num(s.max, POINTS)}")
    static_table(pd.DataFrame(rows), f"score-{where}-{c.id}")


def charts_row(tiers: list[TierResult], lang: str, key: str) -> None:
    """The radar beside a list of the gaps in words; the gap chart full width below."""
    crit = [c for tr in tiers for c in tr.criteria]
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(_sized(charts.radar(tiers, lang)), key=f"radar-{key}", config=CHART_CONFIG)
    with right:
        st.markdown(f"**{t('top_gaps', lang)}**")
        gap_list(tiers, lang, key)
        nears = [b for b in charts.gap_bars(crit, lang) if b.kind == "near"]
        if nears:
            st.markdown(f"**{t('near_misses', lang)}**")
            st.markdown("\n".join(f"- :orange[△] {b.text}" for b in nears))
    title = t("gap_chart", lang) + colon(lang) + t("list_sep", lang).join(t(tr.tier, lang) for tr in tiers)
    tier_of = {c.id: t(f"tier_short_{tr.tier}", lang) for tr in tiers for c in tr.criteria} if len(tiers) > 1 else None
    st.plotly_chart(_sized(charts.gap_chart(crit, lang, title=title, tier_of=tier_of)), key=f"gap-{key}",
                    config=CHART_CONFIG)


def _sized(fig):
    from .meeting import sized            # presenter mode: taller charts, larger type
    return sized(fig)


def results(a: Assessment, lang: str, overlay: bool) -> None:
    cols = st.columns(5)
    for col, tier in zip(cols, (a.gate, *a.tiers.values())):
        with col:
            tier_card(tier, lang)
    st.caption(t("verdict_legend", lang))
    tier_header(a.gate, lang)
    criteria_table(a.gate, lang)
    citations(a.gate, lang)
    main = [a.tiers["specialized"], a.tiers["little_giant"]]
    if overlay:
        charts_row(main, lang, "both")
    for tier in main:
        tier_header(tier, lang)
        if not overlay:
            charts_row([tier], lang, tier.tier)
        criteria_table(tier, lang)
        citations(tier, lang)
    for tier in (a.tiers["innovative"], a.tiers["tech_sme"]):
        tier_header(tier, lang)
        criteria_table(tier, lang)
        for c in tier.criteria:
            if c.score is not None:
                score_table(c, lang)
        citations(tier, lang)
