"""A readable text table of an Assessment (the CLI's --format text), Chinese or English."""

from __future__ import annotations

import unicodedata

from .engine import Assessment, TierResult
from .present import actual_cell, gap_cell, threshold_cell
from .serialize import STATUS_TEXT, VERDICT_TEXT

from .present import STATUS_ICON as ICON
TIER_NAME = {"gate": ("申报条件", "Eligibility"), "specialized": ("专精特新中小企业", "Specialized SME"),
             "little_giant": ("专精特新“小巨人”企业", "Little Giant"), "innovative": ("创新型中小企业", "Innovative SME"),
             "tech_sme": ("科技型中小企业", "Tech-based SME")}
APP_TYPE = {"new": ("新申报", "new application"), "review": ("复核", "review")}


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, w: int) -> str:
    if width(s) > w:
        while s and width(s + "…") > w:
            s = s[:-1]
        s += "…"
    return s + " " * (w - width(s))


def tier_text(t: TierResult, lang: str = "zh") -> list[str]:
    zh = lang == "zh"
    i = 0 if zh else 1
    head = f"{TIER_NAME[t.tier][i]}"
    if t.tier != "gate":
        head += f"（{t.standard} 年标准）" if zh else f" ({t.standard} standard)"
    verdict = VERDICT_TEXT[t.verdict][i]
    line = f"{head}：{verdict}" if zh else f"{head}: {verdict}"
    if t.tier == "gate" and t.size_class:
        from .engine import SIZE_CLASS_TEXT
        line += f"（{SIZE_CLASS_TEXT[t.size_class][0]}企业）" if zh else f" ({SIZE_CLASS_TEXT[t.size_class][1]} enterprise)"
    if t.verdict != t.own_verdict:
        line += "（受申报条件影响）" if zh else " (held back by the eligibility gate)"
    out = [line]
    if t.standard_reason is not None and t.tier != "gate":
        out.append(("  依据：" if zh else "  Why: ") + (t.standard_reason.zh if zh else t.standard_reason.en))
    cols = (("状态", "指标", "实际值", "要求", "差距") if zh else ("Status", "Criterion", "Actual", "Required", "Gap"))
    widths = (12, 34, 20, 18, 30)
    out.append("  " + "".join(pad(h, w) for h, w in zip(cols, widths)).rstrip())
    for c in t.criteria:
        status = f"{ICON[c.status]} {STATUS_TEXT[c.status][i]}"
        label = (c.label_zh if zh else c.label_en) + ("（自报）" if c.self_declared and zh else " (self)" if c.self_declared else "")
        row = (status, label, actual_cell(c, lang), threshold_cell(c, lang), gap_cell(c, lang))
        out.append("  " + "".join(pad(v, w) for v, w in zip(row, widths)).rstrip())
        if c.status in ("fail", "missing", "exempt"):
            out.append("      " + (c.reason_zh if zh else c.reason_en))
    return out


def assessment_text(a: Assessment, lang: str = "zh") -> str:
    zh = lang == "zh"
    fy = a.fiscal_years
    app = APP_TYPE.get(a.application_type, (a.application_type, a.application_type))
    if zh:
        lines = [f"企业：{a.company_name or '（未命名）'}    评估年度：{a.assessment_year}（上年度 = {fy['y1']} 年）"
                 f"    申报类型：{app[0]}", ""]
    else:
        lines = [f"Company: {a.company_name or '(unnamed)'}    Assessment year: {a.assessment_year} "
                 f"(last fiscal year = {fy['y1']})    Application: {app[1]}", ""]
    for t in (a.gate, *a.tiers.values()):
        lines += tier_text(t, lang)
        lines.append("")
    lines.append("说明：本结果为自测，不代表认定结论；“自报”项以企业自述为准；发展评价得分以官方平台为准。" if zh else
                 "Note: a self-check, not a recognition; self-declared items are taken as given; the development "
                 "score comes from the official platform.")
    return "\n".join(lines) + "\n"
