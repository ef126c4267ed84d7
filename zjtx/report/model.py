"""Engine results → the content of a report (every sentence and number, already formatted).

One model feeds the three formats (HTML/PDF share a template; XLSX reads the same rows), so the
formats can never disagree. Nothing here re-evaluates a rule: verdicts, gaps, money equivalents
and reasons are read off the Assessment; formatting goes through zjtx.present / zjtx.fmt.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import fmt, present
from ..engine import SIZE_CLASS_TEXT, Assessment, CriterionResult, TierResult
from ..i18n import t
from ..rules import CRITERIA_DIR, RuleBook
from ..text import APP_TYPE

# the ladder of 《优质中小企业梯度培育管理办法》, bottom rung first
LADDER = ("tech_sme", "innovative", "specialized", "little_giant")
DETAIL_TIERS = ("specialized", "little_giant")           # charts and the self-declared checklist
SHORT_TIER = {"gate": ("申报条件", "Eligibility"), "specialized": ("专精特新", "Specialized"),
              "little_giant": ("小巨人", "Little Giant"), "innovative": ("创新型", "Innovative"), "tech_sme": ("科技型", "Tech-based")}
MAX_BARS = 8                                              # bars on the report's gap chart


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A short digest of the rule data (criteria/*.yaml), printed on every report so a report
    can be traced to the exact rules it was computed with."""
    h = hashlib.sha256()
    for p in sorted(CRITERIA_DIR.glob("*.yaml")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


@dataclass(frozen=True)
class Row:
    """One criterion, as every report format shows it."""
    id: str
    status: str                 # pass | fail | exempt | missing | not_applicable
    status_text: str            # "✘ 未达标"
    label: str
    self_declared: bool
    actual: str
    threshold: str
    gap: str                    # "1.46 个百分点（约 700 万元）" or "—"
    money: str                  # "其他业务收入不变时，需增加2025年主营业务收入约 700 万元" or ""
    reason: str                 # shown for fail / missing / exempt / not applicable
    citation: str               # "认定条件（项号待核对）" (the tier names the document), or in full
    citation_full: str          # "工信部企业〔2026〕2号 · 附件2 … · 认定条件"
    clause: str
    verified: bool
    interpretation: str
    # raw values for the spreadsheet
    actual_num: Any = None
    threshold_num: Any = None
    gap_num: Any = None
    unit: str = ""
    gap_unit: str = ""
    money_num: Any = None
    money_unit: str = ""
    op: str = ""


@dataclass(frozen=True)
class Tier:
    key: str
    name: str
    verdict: str
    verdict_text: str
    own_verdict: str
    standard: str
    ruleset: str
    ruleset_title: str
    source: str                 # 文号 · 附件 · effective date
    why: str                    # why this standard
    interpretation: str
    counts: str                 # "3 项未达标 · 1 项信息不足"
    held_by_gate: bool
    rows: tuple[Row, ...]
    size_class: str = ""        # gate only


@dataclass(frozen=True)
class CheckItem:
    label: str
    tiers: str                  # which tiers need it
    answer: str                 # the company's current answer (status)
    status: str
    proof: str                  # the clause the company must be able to document


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    company: str
    anonymised: bool
    assessment_year: int
    fiscal_years: str
    application_type: str
    standard_choice: str
    generated: str
    rules_version: str
    gate: Tier
    tiers: tuple[Tier, ...]     # ladder order, bottom rung first
    checklist: tuple[CheckItem, ...]
    disclaimer: str
    labels: dict[str, str]
    plan: Any = None            # zjtx.plan result when the planning module provides one
    charts: dict[str, Any] = field(default_factory=dict)   # plotly figures (built by the renderers)

    def tier(self, key: str) -> Tier:
        return next(x for x in self.tiers if x.key == key)


def _zh(lang: str) -> bool:
    return lang == "zh"


def _money(c: CriterionResult, year: int, lang: str) -> tuple[str, Any, str]:
    """The money equivalent of a failing gap, with its assumption (from the engine's Remedy)."""
    if c.status != "fail" or not c.remedies:
        return "", None, ""
    from ..engine import _remedy_text      # the engine's own sentence, so reports and reasons agree
    r = c.remedies[0]
    zh, en = _remedy_text(r, year)
    text = zh if _zh(lang) else en[:1].upper() + en[1:]
    return text, fmt.json_number(fmt.round_gap(r.amount, r.unit), 2), r.unit


def _citation(c: CriterionResult, source: Any = None) -> str:
    """文号 · 附件 · 条/项; only the item when the tier's header already names the same document
    and annex (the full reference stays in the XLSX)."""
    cit = c.citation
    if source is not None and cit.doc == source.doc and cit.annex == source.annex:
        return cit.item
    return " · ".join(x for x in (cit.doc, cit.annex, cit.item) if x)


def row(c: CriterionResult, year: int, lang: str, source: Any = None) -> Row:
    money, money_num, money_unit = _money(c, year, lang)
    g = fmt.round_gap(c.gap, c.gap_unit)
    interp = c.interpretation.zh if c.interpretation and _zh(lang) else c.interpretation.en if c.interpretation else ""
    return Row(
        id=c.id, status=c.status,
        status_text=f"{present.STATUS_ICON[c.status]} {present.status_text(c.status, lang)}",
        label=present.label(c, lang), self_declared=c.self_declared,
        actual=present.actual_cell(c, lang), threshold=present.threshold_cell(c, lang),
        gap=present.gap_cell(c, lang), money=money,
        reason=present.reason(c, lang) if c.status != "pass" else "",
        citation=_citation(c, source), citation_full=_citation(c), clause=c.citation.clause, verified=c.citation.verified, interpretation=interp,
        actual_num=fmt.json_number(c.actual, versus=c.threshold if c.status == "fail" else None),
        threshold_num=fmt.json_number(c.threshold),
        gap_num=fmt.json_number(g, 2) if g is not None and c.threshold is not None else None,
        unit=c.unit, gap_unit=c.gap_unit if c.threshold is not None else "",
        money_num=money_num, money_unit=money_unit, op=present.OP_SYMBOL.get(c.op or "", ""),
    )


def _counts(tier: TierResult, lang: str) -> str:
    c = tier.counts()
    bits = []
    if c["fail"]:
        bits.append(t("failing_n", lang, n=c["fail"]))
    if c["missing"]:
        bits.append(t("missing_n", lang, n=c["missing"]))
    if c["exempt"]:
        bits.append(f"{c['exempt']} 项豁免" if _zh(lang) else f"{c['exempt']} exempt")
    if not bits:
        bits.append(f"{c['pass']} 项全部达标" if _zh(lang) else f"all {c['pass']} met")
    return " · ".join(bits)


def tier(tr: TierResult, book: RuleBook, year: int, lang: str) -> Tier:
    rs = book.rulesets[tr.ruleset]
    zh = _zh(lang)
    eff = rs.effective_from.isoformat()
    source = f"{rs.source.doc} · {rs.source.annex} · " + (f"{eff} 起施行" if zh else f"in force from {eff}")
    why = ""
    if tr.standard_reason is not None:
        why = tr.standard_reason.zh if zh else tr.standard_reason.en
    interp = ""
    if tr.standard_interpretation is not None:
        interp = tr.standard_interpretation.zh if zh else tr.standard_interpretation.en
    size = ""
    if tr.tier == "gate" and tr.size_class:
        size = SIZE_CLASS_TEXT[tr.size_class][0 if zh else 1] + ("企业" if zh else " enterprise")
    return Tier(
        key=tr.tier, name=t(tr.tier, lang), verdict=tr.verdict,
        verdict_text=f"{present.VERDICT_ICON[tr.verdict]} {present.verdict_text(tr.verdict, lang)}",
        own_verdict=tr.own_verdict, standard=tr.standard, ruleset=tr.ruleset,
        ruleset_title=rs.title.zh if zh else rs.title.en, source=source, why=why, interpretation=interp,
        counts=_counts(tr, lang), held_by_gate=tr.verdict != tr.own_verdict,
        rows=tuple(row(c, year, lang, rs.source) for c in tr.criteria), size_class=size)


def checklist(a: Assessment, lang: str) -> tuple[CheckItem, ...]:
    """What the company states itself and must be able to document: the self-declared criteria of
    the eligibility gate and the two tiers this tool is about, one line per distinct label."""
    zh = _zh(lang)
    items: dict[str, dict[str, Any]] = {}
    for tr in (a.gate, *(a.tiers[k] for k in DETAIL_TIERS)):
        for c in tr.criteria:
            if not c.self_declared or c.status == "not_applicable":
                continue
            key = present.label(c, lang)
            it = items.setdefault(key, {"tiers": [], "status": c.status, "proof": c.citation.clause})
            it["tiers"].append(SHORT_TIER[tr.tier][0 if zh else 1])
            rank = ("fail", "missing", "exempt", "pass")
            if rank.index(c.status) < rank.index(it["status"]):
                it["status"] = c.status
    answer = {"pass": ("已自报满足", "declared as met"), "fail": ("自报不满足", "declared as not met"),
              "missing": ("尚未填写", "not answered yet"), "exempt": ("豁免", "exempt")}
    return tuple(CheckItem(label=k, tiers=("、" if zh else ", ").join(v["tiers"]),
                           answer=answer[v["status"]][0 if zh else 1], status=v["status"], proof=v["proof"])
                 for k, v in items.items())


LABELS = {
    "report_title": ("专精特新自测报告", "Specialized SME self-check report"),
    "company": ("企业名称", "Company"),
    "year": ("评估年度", "Assessment year"),
    "app_type": ("申报类型", "Application type"),
    "standard_choice": ("标准选择", "Standard choice"),
    "generated": ("生成日期", "Generated on"),
    "rules_version": ("规则数据版本", "Rule data version"),
    "ladder": ("梯度培育阶梯上的结论", "Verdicts on the ladder"),
    "gate": ("申报条件", "Eligibility"),
    "size_class": ("企业规模", "Size class"),
    "standards": ("适用标准与规则集", "Standards and rule sets used"),
    "tier": ("层级", "Tier"),
    "standard": ("标准", "Standard"),
    "ruleset": ("规则集", "Rule set"),
    "why": ("为何适用", "Why"),
    "charts": ("达标程度与差距", "How close, and the gaps"),
    "criteria": ("逐项结果", "Criterion by criterion"),
    "status": ("状态", "Status"),
    "criterion": ("指标", "Criterion"),
    "actual": ("实际值", "Actual"),
    "required": ("要求", "Required"),
    "gap": ("差距", "Gap"),
    "money": ("折合", "In money"),
    "self": ("自报", "self-declared"),
    "citation": ("依据", "Source"),
    "verified": ("已逐字核对", "verified"),
    "unverified": ("未逐字核对", "unverified"),
    "verify_legend": ("“依据”后的“已逐字核对”表示条文摘录已与官方文本逐字核对；“未逐字核对”表示摘录据公开资料整理，尚未与官方文本逐字核对。"
                      "带“自报”标记的指标以企业自述为准。",
                      "After each source, “verified” means the quoted clause was checked word for word against the official "
                      "text; “unverified” means it was compiled from public copies and not yet checked. Criteria marked "
                      "“self-declared” are taken as the company states them."),
    "interpretation": ("口径说明（本工具的解读）", "Interpretation (our reading)"),
    "held_by_gate": ("受申报条件影响", "held back by the eligibility gate"),
    "checklist": ("企业须自行举证的事项（自报项核对清单）", "What the company must document itself (self-declared items)"),
    "checklist_note": ("以下各项由企业自行填报，本工具无法核验；申报时须备齐证明材料。括号内为涉及的层级，破折号后为当前填报。",
                       "The company states these itself and this tool cannot check them; have the evidence ready when "
                       "applying. In brackets: the tiers that need it; after the dash: the current answer."),
    "plan": ("达标方案与首个达标年度", "Plan and first qualifying year"),
    "no_gaps": ("差距图：两个层级都没有未达标或临界的量化指标（信息不足的指标不画差距）。",
                "Gap chart: no failing or near-miss quantitative criteria in either tier (missing figures have no gap)."),
    "disclaimer_title": ("声明", "Disclaimer"),
    "page": ("第 {p} 页", "Page {p}"),
    "interactive_note": ("本文件可离线打开；图表可悬停查看数值。打印：Ctrl+P（A4）。",
                         "Opens offline; hover the charts for values. Print with Ctrl+P (A4)."),
}

DISCLAIMER = (
    "本报告为企业自测结果，仅供参考，不是认定结论，也不代表任何主管部门的意见；认定以主管部门公布为准。"
    "“自报”项以企业自述为准，申报时须提供证明材料。专精特新发展评价得分以优质中小企业梯度培育平台"
    "给出的分数为准，本工具不计算该分数，报告中的得分为企业填报值。",
    "A self-check for reference only: not a recognition, and not the view of any authority, which decides and "
    "publishes recognitions. Self-declared items are taken as stated and must be documented when applying. The "
    "development score (发展评价得分) comes from the official platform; this tool never computes it and shows the "
    "score the company entered.")


def anonymous_name(lang: str) -> str:
    return "（已匿名）" if _zh(lang) else "(anonymised)"


def build(a: Assessment, book: RuleBook, lang: str = "zh", anonymise: bool = False,
          today: _dt.date | None = None, plan: Any = None) -> Report:
    """The report content for one Assessment. `anonymise` hides the company name (and any free
    text) everywhere the report shows it."""
    zh = _zh(lang)
    i = 0 if zh else 1
    year = a.assessment_year
    fy = a.fiscal_years
    name = anonymous_name(lang) if anonymise else (a.company_name or t("blank_company", lang))
    app = APP_TYPE.get(a.application_type, (a.application_type, a.application_type))[i]
    return Report(
        lang=lang, title=LABELS["report_title"][i], company=name, anonymised=anonymise,
        assessment_year=year,
        fiscal_years=t("fiscal_years", lang, y1=fy["y1"], y2=fy["y2"]),
        application_type=app,
        standard_choice=t(f"standard_{a.standard_choice}", lang),
        generated=(today or _dt.date.today()).isoformat(),
        rules_version=rules_version(),
        gate=tier(a.gate, book, year, lang),
        tiers=tuple(tier(a.tiers[k], book, year, lang) for k in LADDER),
        checklist=checklist(a, lang),
        disclaimer=DISCLAIMER[i],
        labels={k: v[i] for k, v in LABELS.items()},
        plan=plan,
        charts=figures(a, lang),
    )


def figures(a: Assessment, lang: str) -> dict[str, Any]:
    """The radar and the gap chart of the two main tiers, from zjtx.charts (the same builders as
    the dashboard), sized for an A4 page."""
    from .. import charts
    main = [a.tiers[k] for k in DETAIL_TIERS]
    zh = _zh(lang)
    title = t("gap_chart", lang) + ("：" if zh else ": ") + ("、" if zh else ", ").join(t(x.tier, lang) for x in main)
    radar = charts.radar(main, lang, height=330, compact=True)
    radar.update_layout(width=340, margin=dict(l=58, r=58, t=14, b=64), legend=dict(font=dict(size=9)),
                        font=dict(size=9.5))
    crit = [c for x in main for c in x.criteria]
    bars = charts.gap_bars(crit, lang)
    if len(bars) > MAX_BARS:             # the largest gaps; every gap is in the criteria table
        keep = {b.id for b in bars[:MAX_BARS]}
        crit = [c for c in crit if c.id in keep]
        title += (f"（前 {MAX_BARS} 项）" if zh else f" (top {MAX_BARS})")
    gap = charts.gap_chart(crit, lang, title=title, names_only=True)
    n = min(len(bars), MAX_BARS)
    gap.update_layout(width=340, height=max(200, 330 if n <= 6 else 80 + 36 * n),
                      margin=dict(l=10, r=40, t=34, b=40), font=dict(size=9.5), bargap=0.3,
                      title=dict(font=dict(size=11)))
    gap.update_xaxes(title=dict(font=dict(size=8.5)))
    return {"radar": radar, "gap": gap if bars else None}
