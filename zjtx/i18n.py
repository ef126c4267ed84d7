"""Every user-facing string of the UI, in Chinese and English. Pure data, no Streamlit."""

from __future__ import annotations

from types import MappingProxyType

_T = {
    "app_title": ("专精特新自测看板", "Specialized SME self-check"),
    "app_tagline": ("按 2026 年新标准逐项自测专精特新中小企业与“小巨人”，看清差距。",
                    "Check your company against the 2026 Specialized SME and Little Giant criteria, item by item."),
    "nav_overview": ("结果总览", "Overview"),
    "nav_rules": ("规则说明", "Rules"),
    "lang": ("语言 / Language", "语言 / Language"),
    "example": ("示例企业", "Example company"),
    "example_help": ("载入一家虚构的示例企业，可随时修改。", "Load a fictional example company; edit it freely."),
    "standard": ("适用标准", "Standard"),
    "standard_auto": ("自动（按申报类型和年度）", "Auto (by application type and year)"),
    "standard_2026": ("2026 年标准", "2026 standard"),
    "standard_2022": ("2022 年标准", "2022 standard"),
    "gate": ("申报条件", "Eligibility"),
    "specialized": ("专精特新中小企业", "Specialized SME"),
    "little_giant": ("专精特新“小巨人”企业", "Little Giant"),
    "innovative": ("创新型中小企业", "Innovative SME"),
    "tech_sme": ("科技型中小企业", "Tech-based SME"),
    "verdict_meets": ("达标", "Meets"),
    "verdict_fails": ("未达标", "Does not meet"),
    "verdict_incomplete": ("信息不足", "Incomplete"),
    "status_pass": ("达标", "Pass"),
    "status_fail": ("未达标", "Fail"),
    "status_exempt": ("豁免", "Exempt"),
    "status_missing": ("信息不足", "Missing"),
    "status_not_applicable": ("不适用", "N/A"),
    "col_status": ("状态", "Status"),
    "col_criterion": ("指标", "Criterion"),
    "col_actual": ("实际值", "Actual"),
    "col_required": ("要求", "Required"),
    "col_gap": ("差距", "Gap"),
    "col_self": ("自报", "Self-declared"),
    "col_reason": ("说明", "Why"),
    "citations": ("条文依据与口径说明", "Citations and interpretations"),
    "interpretation": ("口径说明（本工具的解读）", "Interpretation (our reading)"),
    "unverified": ("条文摘录据公开资料整理，未与官方文本逐字核对", "Clause compiled from public copies, not checked word for word"),
    "standard_used": ("适用标准", "Standard used"),
    "why_standard": ("为何适用该标准", "Why this standard"),
    "size_class": ("企业规模", "Size class"),
    "fiscal_years": ("上年度 = {y1} 年，近两年 = {y2}–{y1} 年", "Last fiscal year = {y1}; last two = {y2}–{y1}"),
    "example_badge": ("示例企业（虚构数据）", "Example company (fictional figures)"),
    "disclaimer": ("自测结果仅供参考，不代表认定结论。“自报”项以企业自述为准；专精特新发展评价得分以优质中小企业梯度培育平台为准，本工具不计算该分数。",
                   "A self-check, not a recognition. Self-declared items are taken as given; the development score "
                   "comes from the official platform and is never computed here."),
    "profile_errors": ("档案中有需要修正的内容：", "Some figures need fixing:"),
    "missing_n": ("{n} 项信息不足", "{n} missing"),
    "failing_n": ("{n} 项未达标", "{n} failing"),
    "held_by_gate": ("受申报条件影响", "held back by the eligibility gate"),
    "page_error": ("页面出错了，已记录的输入不受影响。请刷新页面或重置。", "Something went wrong on this page; your inputs are kept. Reload or reset."),
    "rules_intro": ("下列规则全部来自 criteria/ 目录中的规则数据，页面不另写条文。", "Every rule below is read from the rule data in criteria/."),
    "effective": ("施行日期", "In force from"),
    "superseded": ("新申报停止适用", "No longer used for new applications from"),
    "score_breakdown": ("评分明细", "Score breakdown"),
    "points": ("得分", "Points"),
    "max_points": ("满分", "Max"),
}

STRINGS = MappingProxyType({k: MappingProxyType({"zh": v[0], "en": v[1]}) for k, v in _T.items()})


def t(key: str, lang: str = "zh", **kw: object) -> str:
    s = STRINGS[key]["en" if lang == "en" else "zh"]
    return s.format(**kw) if kw else s
