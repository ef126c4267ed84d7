"""A readable text table of an Assessment (the CLI's --format text), Chinese or English."""

from __future__ import annotations

import unicodedata
from types import MappingProxyType

from .engine import Assessment, TierResult
from .present import actual_cell, gap_cell, threshold_cell
from .serialize import STATUS_TEXT, VERDICT_TEXT

from .i18n import Text
from .present import STATUS_ICON as ICON

TIER_NAME = MappingProxyType({
    "gate": Text("申报条件", "Eligibility"), "specialized": Text("专精特新中小企业", "Specialized SME"),
    "little_giant": Text("专精特新“小巨人”企业", "Little Giant"), "innovative": Text("创新型中小企业", "Innovative SME"),
    "tech_sme": Text("科技型中小企业", "Tech-based SME")})
APP_TYPE = MappingProxyType({"new": Text("新申报", "new application"), "review": Text("复核", "review")})
W = MappingProxyType({        # the table's own words
    "standard": Text("（{std} 年标准）", " ({std} standard)"),
    "line": Text("{head}：{verdict}", "{head}: {verdict}"),
    "size": Text("（{cls}企业）", " ({cls} enterprise)"),
    "held": Text("（受申报条件影响）", " (held back by the eligibility gate)"),
    "why": Text("  依据：", "  Why: "),
    "cols": Text("状态|指标|实际值|要求|差距", "Status|Criterion|Actual|Required|Gap"),
    "self": Text("（自报）", " (self)"),
    "head": Text("企业：{name}    评估年度：{year}（上年度 = {y1} 年）    申报类型：{app}",
                 "Company: {name}    Assessment year: {year} (last fiscal year = {y1})    Application: {app}"),
    "unnamed": Text("（未命名）", "(unnamed)"),
    "note": Text("说明：本结果为自测，不代表认定结论；“自报”项以企业自述为准；发展评价得分以官方平台为准。",
                 "Note: a self-check, not a recognition; self-declared items are taken as given; the development "
                 "score comes from the official platform."),
})


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, w: int) -> str:
    if width(s) > w:
        while s and width(s + "…") > w:
            s = s[:-1]
        s += "…"
    return s + " " * (w - width(s))


def tier_text(t: TierResult, lang: str = "zh") -> list[str]:
    head = TIER_NAME[t.tier].get(lang)
    if t.tier != "gate":
        head += W["standard"].get(lang).format(std=t.standard)
    line = W["line"].get(lang).format(head=head, verdict=VERDICT_TEXT[t.verdict].get(lang))
    if t.tier == "gate" and t.size_class:
        from .engine import SIZE_CLASS_TEXT
        line += W["size"].get(lang).format(cls=SIZE_CLASS_TEXT[t.size_class].get(lang))
    if t.verdict != t.own_verdict:
        line += W["held"].get(lang)
    out = [line]
    if t.standard_reason is not None and t.tier != "gate":
        out.append(W["why"].get(lang) + t.standard_reason.get(lang))
    cols = W["cols"].get(lang).split("|")
    widths = (12, 34, 20, 18, 30)
    out.append("  " + "".join(pad(h, w) for h, w in zip(cols, widths)).rstrip())
    for c in t.criteria:
        status = f"{ICON[c.status]} {STATUS_TEXT[c.status].get(lang)}"
        label = c.label.get(lang) + (W["self"].get(lang) if c.self_declared else "")
        row = (status, label, actual_cell(c, lang), threshold_cell(c, lang), gap_cell(c, lang))
        out.append("  " + "".join(pad(v, w) for v, w in zip(row, widths)).rstrip())
        if c.status in ("fail", "missing", "exempt"):
            out.append("      " + c.reason.get(lang))
    return out


def assessment_text(a: Assessment, lang: str = "zh") -> str:
    fy = a.fiscal_years
    app = APP_TYPE[a.application_type].get(lang) if a.application_type in APP_TYPE else a.application_type
    lines = [W["head"].get(lang).format(name=a.company_name or W["unnamed"].get(lang), year=a.assessment_year,
                                        y1=fy["y1"], app=app), ""]
    for t in (a.gate, *a.tiers.values()):
        lines += tier_text(t, lang)
        lines.append("")
    lines.append(W["note"].get(lang))
    return "\n".join(lines) + "\n"
