"""Engine results → the content of a report (every sentence and number, already formatted).

One model feeds the three formats (HTML/PDF share a template; XLSX reads the same rows), so the
formats can never disagree. Nothing here re-evaluates a rule: verdicts, gaps, money equivalents
and reasons are read off the Assessment; formatting goes through zjtx.present / zjtx.fmt.
"""

from __future__ import annotations

from functools import partial
import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .. import fmt, present
from ..engine import SIZE_CLASS_TEXT, Assessment, CriterionResult, TierResult
from ..i18n import Text, colon, pair, t, word
from ..rules import CRITERIA_DIR, RuleBook
from ..text import APP_TYPE

# the ladder of 《优质中小企业梯度培育管理办法》, bottom rung first
LADDER = ("tech_sme", "innovative", "specialized", "little_giant")
DETAIL_TIERS = ("specialized", "little_giant")           # charts and the self-declared checklist
SHORT_TIER = MappingProxyType({
    "gate": Text("申报条件", "Eligibility"), "specialized": Text("专精特新", "Specialized"),
    "little_giant": Text("小巨人", "Little Giant"), "innovative": Text("创新型", "Innovative"),
    "tech_sme": Text("科技型", "Tech-based")})
# the report's own sentences (the labels of its template are LABELS / PLAN_LABELS below)
WORDS = MappingProxyType({
    "in_force": Text("{eff} 起施行", "in force from {eff}"),
    "enterprise": Text("{cls}企业", "{cls} enterprise"),
    "semi": Text("；", "; "),
    "list": Text("、", ", "),
    "top_bars": Text("（前 {n} 项）", " (top {n})"),
    "anonymous": Text("（已匿名）", "(anonymised)"),
    "first_year": Text("{fy} 年", "{fy}"),
    "never": Text("预测期内（至 {last} 年）未达标", "not met by {last}"),
    "more_held": Text(" 等 {n} 项", " and {more} more"),
    "total": Text("合计 {cost}", "total {cost}"),
    "n_missing": Text("另有 {n} 项信息不足：补全后才能给出完整方案（见逐项结果中的“信息不足”）",
                      "{n} more criteria lack figures: fill them in for a complete plan (see “Missing” below)"),
    "minimal": Text("“最小”：先使资金无法解决的条件最少，再使调整金额合计（万元）最小；方案只改动所列数字。",
                    "“Minimal”: first the fewest conditions money cannot meet, then the least money moved (万元); "
                    "a plan changes only the figures it names."),
    "flat": Text("首个达标年度按每年相同的假设预测：{x}；称号按梯度递进。",
                 "First qualifying year projected with the same assumptions each year: {x}; titles follow the ladder."),
})
ANSWER = MappingProxyType({"pass": Text("已自报满足", "declared as met"), "fail": Text("自报不满足", "declared as not met"),
                           "missing": Text("尚未填写", "not answered yet"), "exempt": Text("豁免", "exempt")})


_w = partial(word, WORDS)


def _texts(table: dict[str, tuple[str, str]]) -> MappingProxyType:
    return MappingProxyType({k: Text(*v) for k, v in table.items()})
CLAUSE_CHARS = 90                                         # quoted clause in the PDF/HTML table
MAX_BINDING = 6                                           # criteria named as holding a tier back
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
    reason: str                 # the engine's sentence, where the columns do not already say it
    reason_full: str            # the engine's sentence, always (XLSX)
    citation: str               # "认定条件（项号待核对）" (the tier names the document), or in full
    citation_full: str          # "工信部企业〔2026〕2号 · 附件2 … · 认定条件"
    clause: str
    clause_short: str           # at most CLAUSE_CHARS (PDF/HTML; the XLSX has the whole clause)
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


def _money(c: CriterionResult, year: int, lang: str) -> tuple[str, Any, str]:
    """The money equivalent of a failing gap, with its assumption (from the engine's Remedy)."""
    if c.status != "fail" or not c.remedies:
        return "", None, ""
    from ..explain import remedy_text      # the reasons' own sentence, so reports and reasons agree
    r = c.remedies[0]
    zh, en = remedy_text(r, year)
    text = pair(zh, en[:1].upper() + en[1:]).get(lang)
    return text, fmt.json_number(fmt.round_gap(r.amount, r.unit), 2), r.unit


def _explain(c: CriterionResult) -> bool:
    """Whether the table needs the engine's sentence: not for a pass, nor for a failure of a single
    figure, whose actual, threshold, gap and money line already say all of it."""
    if c.status == "pass":
        return False
    return not (c.status == "fail" and len(c.parts) <= 1 and c.actual is not None)


def _shorten(text: str, limit: int | None = None) -> str:
    limit = limit or CLAUSE_CHARS
    return text if len(text) <= limit else text[:limit - 1].rstrip("，、；：,;: ") + "…"


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
    interp = c.interpretation.get(lang) if c.interpretation else ""
    return Row(
        id=c.id, status=c.status,
        status_text=f"{present.STATUS_ICON[c.status]} {present.status_text(c.status, lang)}",
        label=present.label(c, lang), self_declared=c.self_declared,
        actual=present.actual_cell(c, lang), threshold=present.threshold_cell(c, lang),
        gap=present.gap_cell(c, lang), money=money,
        reason=present.reason(c, lang) if _explain(c) else "", reason_full=present.reason(c, lang),
        citation=_citation(c, source), citation_full=_citation(c), clause=c.citation.clause,
        clause_short=_shorten(c.citation.clause), verified=c.citation.verified, interpretation=interp,
        actual_num=fmt.json_number(c.actual, versus=c.threshold if c.status == "fail" else None),
        threshold_num=fmt.json_number(c.threshold),
        gap_num=fmt.json_number(g, 2) if g is not None and c.threshold is not None else None,
        unit=c.unit, gap_unit=c.gap_unit if c.threshold is not None else "",
        money_num=money_num, money_unit=money_unit, op=present.OP_SYMBOL.get(c.op or "", ""),
    )


def _counts(tier: TierResult, lang: str) -> str:
    return " · ".join(present.count_phrases(tier, lang, exempt=True, all_met=True))


def tier(tr: TierResult, book: RuleBook, year: int, lang: str) -> Tier:
    rs = book.rulesets[tr.ruleset]
    eff = rs.effective_from.isoformat()
    source = f"{rs.source.doc} · {rs.source.annex} · " + _w("in_force", lang, eff=eff)
    why = ""
    if tr.standard_reason is not None:
        why = tr.standard_reason.get(lang)
    interp = ""
    if tr.standard_interpretation is not None:
        interp = tr.standard_interpretation.get(lang)
    size = ""
    if tr.tier == "gate" and tr.size_class:
        size = _w("enterprise", lang, cls=SIZE_CLASS_TEXT[tr.size_class].get(lang))
    return Tier(
        key=tr.tier, name=t(tr.tier, lang), verdict=tr.verdict,
        verdict_text=f"{present.VERDICT_ICON[tr.verdict]} {present.verdict_text(tr.verdict, lang)}",
        own_verdict=tr.own_verdict, standard=tr.standard, ruleset=tr.ruleset,
        ruleset_title=rs.title.get(lang), source=source, why=why, interpretation=interp,
        counts=_counts(tr, lang), held_by_gate=tr.verdict != tr.own_verdict,
        rows=tuple(row(c, year, lang, rs.source) for c in tr.criteria), size_class=size)


def checklist(a: Assessment, lang: str) -> tuple[CheckItem, ...]:
    """What the company states itself and must be able to document: the self-declared criteria of
    the eligibility gate and the two tiers this tool is about, one line per distinct label. Where
    the tiers disagree (3 Ⅰ类 IP meet 专精特新's 1 but not 小巨人's 4), the answer is given per tier."""
    items: dict[str, dict[str, Any]] = {}
    for tr in (a.gate, *(a.tiers[k] for k in DETAIL_TIERS)):
        for c in tr.criteria:
            if not c.self_declared or c.status == "not_applicable":
                continue
            it = items.setdefault(present.label(c, lang), {"tiers": [], "proof": c.citation.clause})
            it["tiers"].append((SHORT_TIER[tr.tier].get(lang), c.status))
    rank = ("fail", "missing", "exempt", "pass")
    out = []
    for label, v in items.items():
        statuses = [st for _, st in v["tiers"]]
        worst = min(statuses, key=rank.index)
        if len(set(statuses)) == 1:
            text = ANSWER[worst].get(lang)
        else:
            text = _w("semi", lang).join(f"{name}{colon(lang)}{ANSWER[st].get(lang)}" for name, st in v["tiers"])
        out.append(CheckItem(label=label, tiers=_w("list", lang).join(n for n, _ in v["tiers"]),
                             answer=text, status=worst, proof=v["proof"]))
    return tuple(out)


LABELS = _texts({
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
    "verify_legend": ("“已逐字核对”：条文摘录已与官方文本逐字核对；“未逐字核对”：据公开资料整理，尚未逐字核对。“自报”：以企业自述为准。",
                      "“verified”: the quoted clause was checked word for word against the official text; “unverified”: "
                      "compiled from public copies, not yet checked. “self-declared”: as the company states it."),
    "interpretation": ("口径说明（本工具的解读）", "Interpretation (our reading)"),
    "held_by_gate": ("受申报条件影响", "held back by the eligibility gate"),
    "checklist": ("企业须自行举证的事项（自报项核对清单）", "What the company must document itself (self-declared items)"),
    "checklist_note": ("以下各项由企业自行填报，本工具无法核验，申报时须备齐证明材料；括号内为涉及的层级，破折号后为当前填报。",
                       "The company states these itself and this tool cannot check them; have the evidence ready when "
                       "applying. In brackets: the tiers that need it; after the dash: the current answer."),
    "plan": ("达标方案与首个达标年度", "Plan and first qualifying year"),
    "no_gaps": ("差距图：两个层级都没有未达标或临界的量化指标（信息不足的指标不画差距）。",
                "Gap chart: no failing or near-miss quantitative criteria in either tier (missing figures have no gap)."),
    "disclaimer_title": ("声明", "Disclaimer"),
    "page": ("第 {p} 页", "Page {p}"),
    "interactive_note": ("本文件可离线打开；图表可悬停查看数值。打印：Ctrl+P（A4）。",
                         "Opens offline; hover the charts for values. Print with Ctrl+P (A4)."),
})

DISCLAIMER = Text(
    "本报告为企业自测结果，仅供参考，不是认定结论，也不代表任何主管部门的意见；认定以主管部门公布为准。"
    "“自报”项以企业自述为准，申报时须提供证明材料。专精特新发展评价得分以优质中小企业梯度培育平台"
    "给出的分数为准，本工具不计算该分数，报告中的得分为企业填报值。",
    "A self-check for reference only: not a recognition, and not the view of any authority, which decides and "
    "publishes recognitions. Self-declared items are taken as stated and must be documented when applying. The "
    "development score (发展评价得分) comes from the official platform; this tool never computes it and shows the "
    "score the company entered.")


def anonymous_name(lang: str) -> str:
    return _w("anonymous", lang)


def build(a: Assessment, book: RuleBook, lang: str = "zh", anonymise: bool = False,
          today: _dt.date | None = None, plan: "PlanSection | None" = None, profile: Any = None) -> Report:
    """The report content for one Assessment. `anonymise` hides the company name (and any free
    text) everywhere the report shows it. With the `profile` the assessment came from, the report
    gets a plan section (zjtx.plan / zjtx.project); or pass a ready `plan`."""
    if plan is None and profile is not None:
        from ..project import PlanInputError
        try:
            plan = plan_section(profile, a, book, lang)
        except PlanInputError:           # a profile the planner cannot take: the report goes without
            plan = None
    year = a.assessment_year
    fy = a.fiscal_years
    name = anonymous_name(lang) if anonymise else (a.company_name or t("blank_company", lang))
    app = APP_TYPE[a.application_type].get(lang) if a.application_type in APP_TYPE else a.application_type
    return Report(
        lang=lang, title=LABELS["report_title"].get(lang), company=name, anonymised=anonymise,
        assessment_year=year,
        fiscal_years=t("fiscal_years", lang, y1=fy["y1"], y2=fy["y2"]),
        application_type=app,
        standard_choice=t(f"standard_{a.standard_choice}", lang),
        generated=(today or _dt.date.today()).isoformat(),
        rules_version=rules_version(),
        gate=tier(a.gate, book, year, lang),
        tiers=tuple(tier(a.tiers[k], book, year, lang) for k in LADDER),
        checklist=checklist(a, lang),
        disclaimer=DISCLAIMER.get(lang),
        labels={k: v.get(lang) for k, v in {**LABELS, **PLAN_LABELS}.items()},
        plan=plan,
        charts=figures(a, lang),
    )


def figures(a: Assessment, lang: str) -> dict[str, Any]:
    """The radar and the gap chart of the two main tiers, from zjtx.charts (the same builders as
    the dashboard), sized for an A4 page."""
    from .. import charts
    main = [a.tiers[k] for k in DETAIL_TIERS]
    title = t("gap_chart", lang) + colon(lang) + _w("list", lang).join(t(x.tier, lang) for x in main)
    radar = charts.radar(main, lang, height=330, compact=True)
    radar.update_layout(width=340, margin=dict(l=72, r=72, t=30, b=64), legend=dict(font=dict(size=9)),
                        font=dict(size=9.5))
    crit = [c for x in main for c in x.criteria]
    bars = charts.gap_bars(crit, lang)
    if len(bars) > MAX_BARS:             # the largest gaps; every gap is in the criteria table
        keep = {b.id for b in bars[:MAX_BARS]}
        crit = [c for c in crit if c.id in keep]
        title += _w("top_bars", lang, n=MAX_BARS)
    gap = charts.gap_chart(crit, lang, title=title, names_only=True)
    n = min(len(bars), MAX_BARS)
    gap.update_layout(width=340, height=max(200, 330 if n <= 6 else 80 + 36 * n),
                      margin=dict(l=10, r=40, t=34, b=40), font=dict(size=9.5), bargap=0.3,
                      title=dict(font=dict(size=11)))
    gap.update_xaxes(title=dict(font=dict(size=8.5)))
    return {"radar": radar, "gap": gap if bars else None}


# ------------------------------------------------------------------------------ the plan section
# zjtx.plan (minimal-change plan) and zjtx.project (first qualifying year) computed it; this only
# formats their results, naming criteria by their labels.

@dataclass(frozen=True)
class PlanTier:
    key: str
    name: str
    verdict_now: str
    meets_now: bool
    total: str                         # "合计 740 万元"
    actions: tuple[tuple[str, str, str], ...]     # (what to do, its assumption, criteria it meets)
    requirements: tuple[str, ...]      # what money cannot buy
    verdict_after: str
    first_year: str                    # "2027 年" / "预测期内（至 2031 年）未达标"
    binding: str                       # for a tier never met: what still fails in the last year (not
                                       # printed: the plan's actions and requirements say it in full)


@dataclass(frozen=True)
class PlanSection:
    tiers: tuple[PlanTier, ...]
    horizon: str                       # "2026–2031 年"
    assumptions: tuple[str, ...]


PLAN_LABELS = _texts({
    "now": ("当前", "Now"), "after": ("按方案调整后（经引擎复核）", "After the plan (re-checked by the engine)"),
    "meets_now": ("当前已达标，无需调整。", "Meets now; nothing to change."),
    "actions": ("最小调整", "Minimal changes"), "requirements": ("尚需满足（资金无法解决）", "Still required (money cannot buy)"),
    "assumes": ("假设", "assumes"), "meets": ("满足", "meets"),
    "first_year": ("首个达标的申报年度", "First qualifying application year"),
    "binding": ("制约", "Held back by"),
    "projection": ("预测假设", "Projection assumptions"),
    "no_money": ("无需资金调整。", "No money changes needed."),
})


def plan_section(profile: Any, a: Assessment, book: RuleBook, lang: str = "zh", years: int = 5) -> PlanSection:
    """The cheapest plan for each of the two main tiers, and the first year each tier is met when
    nothing changes (zjtx.project with its flat defaults, titles following the ladder)."""
    from ..plan import plan as make_plan
    from ..project import FLAT, assumption_text, project
    pr = project(profile, book, years, standard=a.standard_choice)
    last = pr.years[-1]
    names = {c.id: present.label(c, lang) for y in (pr.years[0], last) for c in y.assessment.all_criteria()}
    sep = _w("list", lang)
    out = []
    for key in DETAIL_TIERS:
        tr = a.tiers[key]
        fy = pr.first_year.get(key)
        if fy is not None:
            first = _w("first_year", lang, fy=fy)
            binding = ""
        else:
            first = _w("never", lang, last=last.assessment_year)
            held = list(dict.fromkeys(names.get(x, x) for x in pr.binding.get(key, ())))
            binding = sep.join(held[:MAX_BINDING]) + (
                _w("more_held", lang, n=len(held), more=len(held) - MAX_BINDING) if len(held) > MAX_BINDING else "")
        if tr.verdict == "meets":
            out.append(PlanTier(key, t(key, lang), present.verdict_text(tr.verdict, lang), True, "", (), (),
                                present.verdict_text(tr.verdict, lang), first, binding))
            continue
        pl = make_plan(profile, book, key, a.standard_choice, alternatives=False)
        b = pl.best
        total = _w("total", lang, cost=fmt.with_unit(b.cost, "万元", lang)) if b.actions else ""
        acts = tuple((x.text.get(lang), x.assumption.get(lang),
                      sep.join(dict.fromkeys(names.get(c, c) for c in x.buys))) for x in b.actions)
        reqs = tuple(q.text.get(lang) for q in b.requirements if q.kind != "missing")
        n_missing = sum(q.kind == "missing" for q in b.requirements)
        if n_missing:                    # the criteria table lists them; here only how many
            reqs += (_w("n_missing", lang, n=n_missing),)
        out.append(PlanTier(key, t(key, lang), present.verdict_text(tr.verdict, lang), False, total, acts, reqs,
                            present.verdict_text(b.verdict_after, lang), first, binding))
    horizon = f"{pr.years[0].assessment_year}–{last.assessment_year}"
    assumptions = (_w("minimal", lang), _w("flat", lang, x=assumption_text(FLAT, lang)))
    return PlanSection(tuple(out), horizon, assumptions)
