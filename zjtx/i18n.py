"""Bilingual text: the one `Text` type, and every user-facing string of the UI in Chinese and English.
Pure data, no Streamlit.

`Text` is the project's only bilingual type: rule data (criteria/ labels, notes), engine and chart
words and the UI strings below are all `Text`; `.get(lang)` picks the language ("en" → English,
anything else → Chinese, the default). The JSON contract's `*_zh` / `*_en` keys are built from it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, Field


class Text(BaseModel):
    """One text in Chinese (official terms first) and English. Frozen and hashable; `Text("中", "en")`
    or `Text(zh=…, en=…)`; strictly validated when read from rule data (both non-empty, no other key)."""
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __init__(self, zh: str | None = None, en: str | None = None, /, **data: Any) -> None:
        if zh is not None:
            data["zh"] = zh
        if en is not None:
            data["en"] = en
        super().__init__(**data)

    def get(self, lang: str = "zh") -> str:
        """The text in `lang`: "en" gives English, anything else Chinese."""
        return self.en if lang == "en" else self.zh

    @property
    def both(self) -> tuple[str, str]:
        """(Chinese, English): to recognise a text in either language."""
        return (self.zh, self.en)

    def format(self, **kw: object) -> "Text":
        """Both languages with the same fields filled in."""
        return Text(self.zh.format(**kw), self.en.format(**kw))


def pair(zh: str, en: str) -> Text:
    """A `Text` view of two strings a result may leave empty (a flag's value, an optional note): not
    validated, so `pair("", "")` is allowed. For text read from data, use `Text(zh, en)`."""
    return Text.model_construct(zh=zh, en=en)


def bilingual(name: str) -> property:
    """`label = bilingual("label")` in a class with `label_zh` / `label_en` attributes: `x.label` is their
    `Text`, so a caller writes `x.label.get(lang)`. The two attributes stay (the JSON contract's keys)."""
    zh, en = f"{name}_zh", f"{name}_en"
    return property(lambda self: pair(getattr(self, zh), getattr(self, en)),
                    doc=f"`{zh}` / `{en}` as one Text.")


class Bilingual:
    """For objects that carry `.zh` and `.en` (messages, options, field names): `.get(lang)` as on `Text`."""
    __slots__ = ()
    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

_T = {
    "app_title": ("专精特新自测看板", "Specialized SME self-check"),
    "app_tagline": ("按 2026 年新标准逐项自测专精特新中小企业与“小巨人”，看清差距。",
                    "Check your company against the 2026 Specialized SME and Little Giant criteria, item by item."),
    "nav_rules": ("规则说明", "Rules"),
    "lang": ("语言 / Language", "语言 / Language"),
    "example": ("示例企业", "Example company"),
    "example_help": ("载入一家虚构的示例企业，可随时修改。", "Load a fictional example company; edit it freely."),
    "standard": ("适用标准", "Standard"),
    "standard_auto": ("自动（按申报类型和年度）", "Auto (by application type and year)"),
    "standard_2026": ("2026 年标准", "2026 standard"),
    "standard_2022": ("2022 年标准", "2022 standard"),
    "standard_year": ("{year} 年标准", "{year} standard"),     # any other standard of the rule data
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
    "profile_errors": ("以下输入需要修正（修正前按未填写计算，相关指标显示为“信息不足”）：", "These inputs need fixing (until then they count as blank, so the criteria using them show “missing”):"),
    "missing_n": ("{n} 项信息不足", "{n} missing"),
    "failing_n": ("{n} 项未达标", "{n} failing"),
    "exempt_n": ("{n} 项豁免", "{n} exempt"),
    "all_met_n": ("{n} 项全部达标", "all {n} met"),
    "held_by_gate": ("受申报条件影响", "held back by the eligibility gate"),
    "rules_intro": ("下列规则全部来自 criteria/ 目录中的规则数据，页面不另写条文。", "Every rule below is read from the rule data in criteria/."),
    "effective": ("施行日期", "In force from"),
    "superseded": ("新申报停止适用", "No longer used for new applications from"),
    "score_breakdown": ("评分明细", "Score breakdown"),
    "points": ("得分", "Points"),
    "max_points": ("满分", "Max"),
    "nav_input": ("企业自评", "Self-check"),
    "nav_results": ("结果与差距", "Results & gaps"),
    "nav_compare": ("新旧标准对比", "{old} vs {new}"),     # {old}, {new}: zjtx.compare.names(book)
    "assessment_year": ("评估年度", "Assessment year"),
    "application_type": ("申报类型", "Application type"),
    "app_new": ("新申报", "New"),
    "app_review": ("复核", "Review"),
    "save": ("保存档案（JSON）", "Save profile (JSON)"),
    "load": ("载入档案（JSON）", "Load profile (JSON)"),
    "save_help": ("把当前档案存为 JSON 文件，以后可再载入。文件中保留真实企业名称（匿名模式下也是如此；匿名只改文件名）。",
                  "Save the current profile as a JSON file to load later. The file keeps the real company name "
                  "(also when anonymised; anonymise changes only the file name)."),
    "load_help": ("载入之前保存的企业档案；出错时保留当前数据。", "Load a saved profile; on error the current one is kept."),
    "loaded_ok": ("已载入档案：{name}", "Profile loaded: {name}"),
    "load_failed": ("未能载入，当前数据保持不变：{msg}", "Not loaded; your current figures are kept: {msg}"),
    "reset": ("重置为空白档案", "Reset to a blank profile"),
    "example_pick": ("选择示例企业…", "Choose an example…"),
    "pending_blank": ("空白档案", "a blank profile"),
    "pending_named": ("「{name}」", "'{name}'"),
    "pending_q": ("当前档案有未保存的修改。改用{what}会替换这些修改（可先点“保存档案”）。",
                  "The current profile has unsaved edits. Switching to {what} replaces them (save the profile first if needed)."),
    "pending_yes": ("替换", "Replace"),
    "pending_no": ("保留当前", "Keep mine"),
    "loaded_banner": ("已载入档案", "Loaded profile"),
    "link_banner": ("由链接恢复的档案", "Profile restored from the link"),
    "current_banner": ("当前档案", "Current profile"),
    "load_notes": ("载入时未载入的内容", "Left out when loading"),
    "url_note": ("档案保存在本页网址中：刷新或复制网址到新标签页都会保留当前数据（服务器不存储任何内容；分享网址即分享数据）。",
                 "The profile lives in this page's address: a reload or the same address in a new tab keeps it "
                 "(nothing is stored on the server; sharing the address shares the figures)."),
    "reset_done": ("已重置为空白档案。", "Reset to a blank profile."),
    "summary": ("实时结果", "Live result"),
    "modified": ("（已修改）", " (edited)"),
    "sections": ("填写内容", "Section"),
    "specialized_short": ("专精特新", "Specialized"),
    "little_giant_short": ("小巨人", "Little Giant"),
    "gate_short": ("申报条件", "Eligibility"),
    "sec_basic": ("基本信息", "Basics"),
    "sec_finance": ("收入", "Revenue"),
    "sec_balance": ("利润与资产", "Profit and assets"),
    "sec_rd": ("研发", "R&D"),
    "sec_ip": ("知识产权与奖励", "IP and awards"),
    "sec_market": ("市场与产品", "Market and product"),
    "sec_titles": ("资质与称号", "Titles"),
    "sec_score": ("发展评价得分", "Development score"),
    "sec_gate": ("申报条件", "Eligibility"),
    "finance_years": ("三个会计年度并列：上年度 {y1}、上上年度 {y2}、前三年度 {y3}。金额单位：万元。",
                      "Three fiscal years side by side: {y1} (last), {y2}, {y3}. Amounts in ×10k CNY."),
    "balance_sheet": ("利润、成本费用与资产负债", "Profit, costs and balance sheet"),
    "equity_title": ("新增股权融资（合格机构投资者实缴）", "New equity from qualified investors (paid-in)"),
    "score_2022": ("以下三项仅用于 2022 年标准的评分", "The three items below are used only by the 2022 score"),
    "score_note": ("发展评价得分由优质中小企业梯度培育平台给出，请照实填写；本工具不计算。",
                   "The development score comes from the official platform; enter it as given. We never compute it."),
    "gate_note": ("以下为申报前提：前四项任一为“否”则各层级都不能申报；最后两项是科技型中小企业评价（115号第六条）自己的条件，只影响科技型。",
                  "Preconditions: any “No” in the first four blocks every tier; the last two are the Tech-based SME evaluation's own conditions (No. 115, Art. 6) and affect that tier only."),
    "radar": ("雷达图", "Radar"),
    "radar_hint": ("100% = 恰好达标，越靠外越好", "100% = just meets; outward is better"),
    "gap_chart": ("差距图", "Gap chart"),
    "overlay": ("叠加两个层级", "Overlay both tiers"),
    "top_gaps": ("主要差距", "Main gaps"),
    "no_gaps": ("没有未达标的量化指标。", "No failing quantitative criteria."),
    "all_met": ("全部达标", "all met"),
    "last_edit": ("上次修改", "Last edit"),
    "near_misses": ("临界指标（余量很小）", "Near misses (thin margin)"),
    "switch_standard": ("切换标准", "Switch standard"),
    "compare_intro": ("同一家企业分别按 {old} 年和 {new} 年标准评估，逐项对照；“规则变化”一栏直接读取规则数据。",
                      "The same company under both standards, item by item; “What changed” is read from the rule data."),
    "col_change": ("规则变化", "What changed"),
    "only_new": ("{new} 年新增", "new in {new}"),
    "only_old": ("{new} 年取消", "dropped in {new}"),
    "compare_changed": ("{old}：{a}\n→ {new}：{b}", "{old}: {a}\n→ {new}: {b}"),
    "compare_same": ("{word}：{text}", "{word}: {text}"),
    "compare_verdict": ("**{std}**：{verdict}", "**{std}**: {verdict}"),
    "compare_short": ("（差 {gap}）", " (short {gap})"),
    "same_rule": ("未变", "unchanged"),
    "size_rules": ("中小企业划型标准（300号）", "SME size rules (No. 300)"),
    "selection_rules": ("适用标准的选择", "Which standard applies"),
    "blank_company": ("（未命名企业）", "(unnamed company)"),
    "verdict_legend": ("✔ 达标　✘ 未达标　？ 信息不足　◎ 豁免　— 不适用（图标 + 文字，不只靠颜色）",
                       "✔ pass　✘ fail　? missing　◎ exempt　— n/a (icon + text, never colour alone)"),
    "nav_batch": ("批量筛查", "Batch screening"),
    "batch_intro": ("上传企业名单（CSV 或 XLSX），按与单家企业相同的规则逐家判断，并按与达标的接近程度排序。数据只在本次会话中处理，不保存。",
                    "Upload a list of companies (CSV or XLSX); each is judged by the same rules as the one-company check and ranked by how close it is. Data stays in this session only."),
    "template": ("下载模板（XLSX）", "Download the template (XLSX)"),
    "template_help": ("中文表头、单位、示例行，另有逐列说明。", "Chinese headers with units, an example row, and a sheet explaining each column."),
    "upload_list": ("上传企业名单（CSV / XLSX）", "Upload a list (CSV / XLSX)"),
    "too_big": ("文件过大：{mb:.1f} MB，上限 {limit} MB。请拆分后上传，或用命令行 python -m zjtx screen 处理大文件。",
                "File too large: {mb:.1f} MB; the limit is {limit} MB. Split it, or use python -m zjtx screen for big files."),
    "screening": ("正在筛查：{done}/{total} 家", "Screening: {done}/{total}"),
    "screened": ("已筛查 {n} 家企业（{s:.1f} 秒），其中 {e} 行无法读取。", "Screened {n} companies in {s:.1f} s; {e} rows could not be read."),
    "ignored_cols": ("已忽略未知列：{cols}", "Unknown columns ignored: {cols}"),
    "batch_summary": ("各层级结果", "Results per tier"),
    "rank_by": ("按哪个层级排序", "Rank by tier"),
    "verdict_filter": ("只看", "Show only"),
    "search": ("按企业名称搜索", "Search by name"),
    "open_in_check": ("在“企业自评”中打开所选企业", "Open the selected company in Self-check"),
    "select_hint": ("在表格中点选一行，即可在“企业自评”中打开该企业继续调整。", "Select a row to open that company in Self-check."),
    "download_csv": ("下载结果（CSV）", "Download results (CSV)"),
    "download_xlsx": ("下载结果（XLSX）", "Download results (XLSX)"),
    "col_row": ("行号", "Row"),
    "col_company": ("企业名称", "Company"),
    "col_error": ("错误", "Error"),
    "col_rank": ("接近程度名次", "Closeness rank"),
    "col_fails": ("未达标项数", "Failing"),
    "col_shortfall": ("差距合计", "Shortfall"),
    "count": ("家数", "Companies"),
    "col_tier": ("层级", "Tier"),
    "all": ("全部", "All"),
    "table_capped": ("表格显示最接近达标的前 {n} 家（共 {total} 家）；可用筛选和搜索查找其他企业，下载文件包含全部结果。",
                     "The table shows the {n} closest of {total}; filter or search to find others; downloads have every row."),
    "errors_label": ("无法读取", "Unreadable"),
    "no_list": ("尚未上传名单。可先下载模板填写，或直接上传已有的 CSV/XLSX（表头可用中文列名或字段键）。",
                "No list yet. Download the template, or upload a CSV/XLSX whose headers are the Chinese labels or field keys."),
    # ---- 规划 / Plan page (issue 10): plan, projection, scenarios, ladder
    "nav_plan": ("规划", "Plan"),
    "plan_intro": ("最少要改什么、哪一年可以申报：由与自评相同的规则计算，每个数字都注明所依据的假设。",
                   "The least to change, and the first year you can apply: computed by the same rules as the self-check; "
                   "every number names the assumption it rests on."),
    "ladder_title": ("晋级路径", "The ladder"),
    "ladder_held": ("已持有称号", "Title held"),
    "ladder_not_held": ("尚未持有", "Not held yet"),
    "ladder_next": ("下一目标", "Next target"),
    "ladder_prereq": ("前置条件", "Prerequisite"),
    "ladder_now": ("当前", "Now"),
    "ladder_plan": ("方案", "Plan"),
    "ladder_first": ("预测首次达标", "First qualifying year"),
    "ladder_first_year": ("{year} 年", "{year}"),
    "ladder_not_within": ("{years} 年内未达标", "not within {years} years"),
    "ladder_caption": ("首次达标年度按“多年预测”中的假设计算；称号按梯度递进（达标当年获认定、次年起持有）。",
                       "First years use the projection's assumptions; titles follow the ladder (recognised the year a tier is met, held from the next)."),
    "tab_plan": ("最小调整方案", "Minimal-change plan"),
    "tab_project": ("多年预测", "Multi-year projection"),
    "tab_scen": ("情景对比", "Scenarios"),
    "plan_tier": ("目标层级", "Target tier"),
    "plan_year": ("申报年度", "Application year"),
    "plan_year_now": ("{year} 年（本次申报）", "{year} (this application)"),
    "plan_year_ahead": ("{year} 年（提前规划）", "{year} (plan ahead)"),
    "plan_locks": ("锁定不调整的项目", "Locked (must not change)"),
    "plan_locks_help": ("例如“营业收入就是这么多”。锁定的数字在任何方案中都不会改变。",
                        "E.g. “revenue is what it is”. A locked figure never moves in any plan."),
    "plan_now": ("当前", "Now"),
    "plan_after": ("调整后", "After the plan"),
    "plan_cost": ("资金调整合计", "Money moved"),
    "plan_reqs": ("非资金条件", "Non-money conditions"),
    "plan_meets_now": ("{tier}当前已达标，无需调整。", "{tier} is met now; nothing to change."),
    "plan_reachable": ("按下列调整，{tier}即可达标（已用同一规则复核）。",
                       "With the changes below, {tier} is met (re-checked by the same rules)."),
    "plan_not_reachable": ("资金调整之外，还需满足下列 {n} 项条件。", "Beyond money, {n} condition(s) below must also be met."),
    "plan_actions": ("行动清单（按金额从大到小）", "Actions (largest first)"),
    "plan_buys": ("带来", "Meets"),
    "plan_assumes": ("假设", "Assumes"),
    "plan_all_done": ("全部完成 → {tier} {verdict}", "All done → {tier}: {verdict}"),
    "plan_requirements": ("资金无法解决的条件", "What money cannot buy"),
    "plan_alternatives": ("其他路径", "Alternatives"),
    "plan_alt_line": ("合计 {cost}", "total {cost}"),
    "plan_alt_reqs": ("另需满足 {n} 项", "{n} more condition(s)"),
    "plan_apply": ("应用到新情景", "Apply to a new scenario"),
    "plan_applied": ("已生成情景「{name}」：{tier} {verdict}。可在“情景对比”中查看。",
                     "Scenario '{name}' created: {tier} {verdict}. See Scenarios."),
    "plan_assumptions": ("本方案依据的假设", "What this plan assumes"),
    "plan_forward_note": ("提前规划：{last} 年及以前的会计年度已结账、不变；{first}–{end} 年度先按“多年预测”中的假设滚动，再作调整。",
                          "Planning ahead: fiscal years up to {last} are closed; FY{first}–{end} start from the projection's assumptions, then move."),
    "plan_standard": ("适用标准：{std}（可在侧栏切换）", "Standard: {std} (switch it in the sidebar)"),
    "plan_none": ("没有可调整的资金杠杆，或方案无法求解。", "No money lever is free, or no plan could be found."),
    "lever_moves": ("资产负债表操作", "Balance-sheet moves"),
    "proj_subject": ("预测对象", "Project"),
    "proj_years": ("预测年数", "Years ahead"),
    "proj_growth": ("营业收入年增长率（%）", "Revenue growth per year (%)"),
    "proj_share": ("主营业务收入占比（%）", "Main-business share (%)"),
    "proj_rd_mode": ("研发费用按", "R&D expense as"),
    "proj_rd_ratio": ("占营业收入比重（%）", "share of revenue (%)"),
    "proj_rd_amount": ("固定金额（万元）", "fixed amount (×10k CNY)"),
    "proj_debt": ("年末资产负债率（%）", "Year-end debt ratio (%)"),
    "proj_ip": ("每年新增Ⅰ类知识产权（项）", "New Class I IP per year"),
    "proj_score": ("预计发展评价得分", "Expected development score"),
    "proj_equity": ("每年新增合格机构投资者实缴股权投资（万元）", "New qualified paid-in equity per year (×10k CNY)"),
    "proj_keep": ("留空 = 同上年", "blank = as last year"),
    "proj_per_year": ("逐年设置假设", "Set assumptions year by year"),
    "proj_ladder": ("称号按梯度递进（达标当年获认定，次年起持有）", "Titles follow the ladder (recognised the year met, held from the next)"),
    "proj_first": ("首次达标年度", "First qualifying year"),
    "proj_first_line": ("{tier}：{year} 年", "{tier}: {year}"),
    "proj_never": ("{tier}：预测期内未达标（制约：{what}）", "{tier}: not within the horizon (binding: {what})"),
    "proj_assumptions": ("各会计年度的假设", "Assumptions per fiscal year"),
    "proj_fy": ("会计年度", "Fiscal year"),
    "proj_bad": ("假设有误：{msg}", "Assumption error: {msg}"),
    "scen_baseline": ("当前档案（基准）", "Current profile (baseline)"),
    "scen_new": ("新建情景（复制当前档案）", "New scenario (copy of the current profile)"),
    "scen_default_name": ("情景", "Scenario"),
    "scen_plan_name": ("方案·{tier}", "Plan · {tier}"),
    "scen_name": ("情景名称", "Scenario name"),
    "scen_delete": ("删除", "Delete"),
    "scen_none": ("还没有情景。可在“最小调整方案”中一键生成，或复制当前档案新建（最多 3 个，只保存在本次会话中）。",
                  "No scenarios yet. Create one from a plan, or copy the current profile (up to 3, kept in this session only)."),
    "scen_edit": ("情景中的关键数字（基准列不可改）", "Key figures per scenario (the baseline column is read-only)"),
    "scen_bad_value": ("情景「{name}」未修改：{msg}", "Scenario '{name}' not changed: {msg}"),
    "scen_verdicts": ("各层级结果", "Verdicts per tier"),
    "scen_tier": ("对比层级", "Tier to compare"),
    "scen_criteria": ("逐项对比", "Criterion by criterion"),
    "scen_note_plan": ("由{tier}最小调整方案生成", "from the {tier} minimal-change plan"),
    "scen_field": ("项目", "Figure"),
    "plan_no_locks": ("不锁定（全部可调整）", "Nothing locked (every lever may move)"),
    "plan_after_money": ("完成上述资金调整后：{verdict}（还需满足上面 {n} 项条件）",
                         "After these money changes: {verdict} ({n} condition(s) above still needed)"),
    "proj_zero": ("留空 = 0", "blank = 0"),
    "proj_unchanged": ("留空 = 不变", "blank = unchanged"),
    "proj_rd_ratio_short": ("占比", "Share"),
    "proj_rd_amount_short": ("金额", "Amount"),
    "timeline_legend": ("✔ 达标　✘ 未达标　？ 信息不足　★ 首次达标（悬停查看未达标的指标）",
                        "✔ meets　✘ fails　? incomplete　★ first qualifying year (hover for what fails)"),
    "tier_short_specialized": ("专精特新", "Specialized"),
    "tier_short_little_giant": ("小巨人", "Little Giant"),
    "tier_short_innovative": ("创新型", "Innovative"),
    "tier_short_tech_sme": ("科技型", "Tech-based"),
    # ---- reports and batch downloads (issue 11)
    "report_title": ("下载报告", "Download a report"),
    "report_anonymise": ("匿名（不写企业名称）", "Anonymise"),
    "report_anonymise_help": ("与侧栏的“匿名”是同一个开关：企业名称在页面、报告和文件名中都以“（已匿名）”代替；其他内容不变。",
                              "The same switch as the sidebar's Anonymise: the company name is replaced by "
                              "“(anonymised)” on screen, in the report and in its file name; nothing else changes."),
    "report_pdf": ("PDF 报告", "PDF report"),
    "report_html": ("HTML 报告", "HTML report"),
    "report_xlsx": ("XLSX 表格", "XLSX workbook"),
    "report_pdf_help": ("A4，2–4 页，中文字体已嵌入，可直接打印或发送。", "A4, 2–4 pages, fonts embedded: print or send it."),
    "report_html_help": ("单个文件，无需联网即可打开，图表可交互，也可用浏览器打印。",
                         "One file that opens with no network; interactive charts; prints from a browser."),
    "report_xlsx_help": ("汇总表 + 每个层级一张表：数值、单位、阈值、差距与引用。",
                         "A summary sheet and one sheet per tier: figures, units, thresholds, gaps and citations."),
    "report_note": ("报告在点击时生成（PDF 约需 2–5 秒，按钮上会显示进度），内容与命令行 python -m zjtx report 相同："
                    "结论、逐项差距、引用、图表、规划与自报事项清单。",
                    "Made when you click (a PDF takes about 2–5 s; the button shows progress); the same as "
                    "python -m zjtx report: verdicts, every gap, citations, charts, the plan and the self-declared checklist."),
    "report_no_chromium": ("无法生成 PDF：本机未安装 Chromium 浏览器（Debian：apt-get install chromium）。"
                           "可下载 HTML 报告，用浏览器打开后打印为 PDF。",
                           "No PDF: Chromium is not installed on the server (apt-get install chromium). Download "
                           "the HTML report and print it to PDF from your browser."),
    "report_failed": ("上次生成 {fmt} 报告失败：{msg}", "The last {fmt} report could not be made: {msg}"),
    "batch_loaded": ("已载入：{name}（{n} 家企业）", "Loaded: {name} ({n} companies)"),
    "batch_loaded_blank": ("，已跳过 {k} 个空行", "; {k} blank rows skipped"),
    "batch_clear": ("清除名单，上传其他文件", "Clear the list and upload another file"),
    "batch_rescreened": ("适用标准已改为“{std}”，已按新标准重新筛查。", "The standard is now “{std}”; the list was screened again."),
    "col_line": ("行号", "Line"),
    "line_help": ("与 Excel 等表格软件左侧显示的行号一致（表头为第 1 行；空行不计为企业，但保留行号）。",
                  "The line number a spreadsheet shows (the header is line 1; blank rows are not companies "
                  "but keep their lines)."),
    "batch_picked": ("所选企业：{name}（第 {line} 行）", "Selected: {name} (line {line})"),
    "batch_pick_unreadable": ("该行无法读取，不能生成报告：{msg}", "This row could not be read, so no report: {msg}"),
    "batch_pick_hint": ("在表格中点选一行：可在“企业自评”中打开该企业，或下载它的报告（PDF / HTML / XLSX）。",
                        "Select a row to open that company in Self-check or download its report (PDF / HTML / XLSX)."),
    "batch_downloads": ("下载筛查结果", "Download the results"),
    "download_people_xlsx": ("Excel（中文表头，含汇总表）", "Excel (readable headers, summary sheet)"),
    "download_people_csv": ("CSV（中文表头）", "CSV (readable headers)"),
    "download_machine_csv": ("CSV（程序用列名）", "CSV (machine columns)"),
    "downloads_help": ("Excel 与中文 CSV：列名、结论为中文（达标 / 未达标 / 信息不足 / 豁免 / 不适用），Excel 另有“汇总”表。"
                       "程序用 CSV 的列名见 docs/cli.md（gate.verdict、S26.rd_ratio.status = pass/fail…）。",
                       "Excel and readable CSV: headers and values in words (Meets / Does not meet / …), and a Summary "
                       "sheet in Excel. The machine CSV's columns are documented in docs/cli.md."),
    "file_results": ("筛查结果", "screening"),
    # ---- the advisor's meeting kit (issue 11 items 7–9)
    "presenter": ("演示模式", "Presenter mode"),
    "presenter_help": ("客户会议用：字号与图表放大，结论条始终可见；“企业自评”只留下影响当前差距的滑块；"
                       "可一键切换基线与各情景。", "For a client meeting: larger type and charts, the verdict strip "
                       "always in view; Self-check keeps only the sliders that move the current gaps; switch "
                       "between the baseline and each scenario in one click."),
    "pres_baseline": ("基线", "Baseline"),
    "pres_switch": ("展示", "Show"),
    "pres_showing_scenario": ("正在展示情景「{name}」：滑块修改的是该情景，基线不变。",
                              "Showing the scenario '{name}': the sliders change this scenario, never the baseline."),
    "pres_plan_baseline": ("规划页始终显示基线（各情景在“情景对比”中并列）。",
                           "The Plan page always shows the baseline (scenarios are side by side under Scenarios)."),
    "pres_inputs": ("影响当前差距的指标", "Figures that move the current gaps"),
    "pres_inputs_help": ("只列出当前未达标、且差距可用数值衡量的指标所用的数据（申报条件、专精特新、小巨人）；"
                         "刚刚补足差距的指标仍保留在这里。完整表单：关闭演示模式。",
                         "Only the figures read by criteria that fail now with a numeric gap (eligibility, "
                         "Specialized, Little Giant); a figure whose gap has just closed stays here. The full "
                         "form: turn presenter mode off."),
    "pres_no_gaps": ("当前没有可用数值缩小的差距。", "No current gap can be closed by a figure."),
    "anonymise": ("匿名（隐藏企业名称）", "Anonymise (hide the company name)"),
    "anonymise_help": ("开启后，页面、客户列表、所有报告及下载文件名中的企业名称和文件名都以“（已匿名）”代替。"
                       "保存的档案 / 客户列表 JSON 仍保留真实名称（以便下次载入），请妥善保管。",
                       "On: the company name and file names are replaced by “(anonymised)” on screen, in the client "
                       "list, in every report and in every download's file name. Saved profile / client-list JSON "
                       "files keep the real name (so they load back): keep them safe."),
    "anon_field_note": ("匿名模式下不显示企业名称；关闭匿名即可修改。", "Hidden while anonymised; turn anonymise off to edit it."),
    "clients": ("客户列表", "Client list"),
    "clients_note": ("最多 {max} 家。只保存在本次会话中（不上传服务器），关闭页面即清空：请用“保存客户列表”存为文件。",
                     "Up to {max} clients. Kept only in this session (never on the server) and gone when the page "
                     "closes: save the list as a file."),
    "clients_empty": ("列表为空：点“加入客户列表”把当前档案加入。", "The list is empty: add the current profile."),
    "client_add": ("加入客户列表", "Add to the client list"),
    "client_in_list": ("当前档案是列表中的客户：修改自动保存到列表。", "The profile on screen is a client: edits go back to the list."),
    "client_open": ("打开", "Open"),
    "client_remove": ("移除", "Remove"),
    "client_current": ("当前", "on screen"),
    "client_added": ("已加入客户列表：{name}", "Added to the client list: {name}"),
    "client_opened": ("已打开客户：{name}", "Client opened: {name}"),
    "client_banner": ("客户列表中的客户", "Client from the list"),
    "client_n": ("客户 {n}", "Client {n}"),                 # a client without a name (or anonymised)
    "ws_save": ("保存客户列表（JSON）", "Save the client list (JSON)"),
    "ws_load": ("载入客户列表（JSON）", "Load a client list (JSON)"),
    "ws_load_help": ("载入之前保存的客户列表：其中的客户加入当前列表（不替换已有客户）。出错时列表保持不变。",
                     "Load a saved client list: its clients join the current list (none is replaced). On error "
                     "the list is kept."),
    "ws_failed": ("未能载入客户列表，当前列表保持不变：{msg}", "Client list not loaded; the current list is kept: {msg}"),
    "ws_too_many": ("载入后将有 {n} 家客户，超过上限 {max} 家：请先移除一些。",
                    "That would make {n} clients, more than {max}: remove some first."),
    "ws_loaded": ("已载入 {n} 家客户", "{n} clients loaded"),
    # ---- words in figures (charts.py, charts_plan.py)
    "chart_spoke_missing": ("{label}（信息不足）", "{label} (missing)"),
    "chart_spoke_exempt": ("{label}（豁免）", "{label} (exempt)"),
    "chart_pass_line": ("达标线 100%", "Pass line 100%"),
    "chart_missing": ("信息不足", "Missing"),
    "chart_cross_fails": ("✕ = 未达标", "✕ = fails"),
    "chart_radar_title": ("达标程度雷达图（100% = 恰好达标，越靠外越好）", "Share of each threshold met (100% = just meets)"),
    "chart_at_most": ("最高 {a}", "at most {a}"),
    "chart_at_least": ("最低 {a}", "at least {a}"),
    "gap_at_least": ("至少 {g}", "at least {g}"),
    "about_amount": ("{label}约 {amt}", "{label} ≈ {amt}"),
    "paren_about": ("（约 {amt}）", " (≈ {amt})"),
    "self_short": ("自报", "self"),
    "chart_gap_fail": ("{name} {a} → {th}，差 {g}", "{name} {a} → {th}, short by {g}"),
    "chart_gap_near": ("{name} {a}（门槛 {th}，余量很小）", "{name} {a} (threshold {th}, thin margin)"),
    "chart_short_by": ("，差 ", ", short by "),        # where a gap sentence breaks onto its second line
    "chart_bracket": ("（", " ("),                      # where a long name breaks onto its second line
    "chart_short_by_br": ("<br>差 ", "<br>short by "),
    "chart_bracket_br": ("<br>（", "<br>("),
    "full_stop": ("。", "."),
    "reason_fails_head": ("未达标：", "Does not meet: "),  # the head of a failing reason (explain.py)
    "chart_gaps_title": ("差距与临界指标", "Gaps and near misses"),
    "chart_gaps_axis": ("← 余量（高于门槛的 %）   |   差距（门槛的 %）→",
                        "← margin (% above threshold)   |   shortfall (% of threshold) →"),
    "chart_gaps_missing": ("信息不足：尚无可比较的数字", "Not enough information: no figures to compare yet"),
    "chart_gaps_none": ("没有未达标或临界的量化指标", "No failing or near-miss criteria"),
    "chart_share": ("{n}（{p:.0%}）", "{n} ({p:.0%})"),
    "chart_fails_title": ("最常见的未达标指标（家数）", "Criteria most often failed (companies)"),
    "chart_companies": ("家数", "companies"),
    "chart_companies_unit": ("家", " companies"),
    "list_sep": ("、", ", "),
    "chart_failing": ("未达标：", "failing: "),
    "chart_missing_list": ("信息不足：", "missing: "),
    "chart_timeline_title": ("逐年预测：各层级是否达标", "Year by year: does each tier meet?"),
    "chart_assessment_year": ("申报年度", "Assessment year"),
    "chart_scenarios_title": ("情景对比雷达图（100% = 恰好达标）", "Scenarios compared (100% = just meets)"),
    # ---- results views (ui/views.py)
    "card_sep": ("：", ": "),                 # a phone card's 'column：value' (the page uses the Chinese one in both languages)
    "gaps_not_judged": ("信息不足（未判断）：{names}", "Not enough information (not judged): {names}"),
    "paren": ("（{x}）", "({x})"),
    "paren_after": ("（{x}）", " ({x})"),      # after a word: "营业收入（万元）", "Revenue (×10k CNY)"
    "comma_sep": ("，", ", "),
    "summary_line": ("{tier}{std}：{verdict}{note}", "{tier}{std}: {verdict}{note}"),   # the sidebar's summary
    "errors_n": ("{n} 项输入需修正，修正前按未填写计算", "{n} inputs need fixing; they count as blank until then"),
    "standard_line": ("适用标准：{std}", "Standard: {std}"),
    "self_declared_short": ("自报", "self-declared"),
    "basis_ref": ("不适用的依据", "Why not applicable"),
    "see_also": ("另见", "See also"),
    "col_group": ("分组", "Group"),
    # ---- the frame (ui/shell.py): Streamlit's own words, the upload boxes' hints, file names
    "st_enter": ("按回车键确认", "Press Enter to apply"),          # only the Chinese is written into the page
    "st_choose_file": ("选择文件", "Browse files"),
    "st_select_all": ("全选", "Select all"),
    "st_select_n": ("选择 $1 个匹配项", "Select $1 matches"),
    "st_add": ("添加：$1", "Add: $1"),
    "st_not_found": ("页面不存在", "Page not found"),          # Streamlit's dialog for an unknown address
    "st_not_found_body": ("所请求的页面不存在，已打开首页。", "The page that you have requested does not seem to exist."),
    "drop_profile": ("JSON 档案，不超过 {max}", "JSON profile, up to {max}"),
    "drop_list": ("CSV 或 XLSX，不超过 {max}", "CSV or XLSX, up to {max}"),
    "profile_file": ("企业档案", "profile"),
    # ---- loading a profile file or link (ui/loading.py)
    "json_array": ("数组", "an array"),
    "json_string": ("字符串", "a string"),
    "json_number": ("数字", "a number"),
    "json_boolean": ("布尔值", "a boolean"),
    "json_other": ("其他类型", "another type"),
    "load_not_object": ("档案须为一个 JSON 对象（{{\"字段\": 值, …}}），而不是{kind}",
                        "a profile must be a JSON object ({{\"field\": value, …}}), not {kind}"),
    "load_twice": ("{name}：重复给出，只载入第一个值", "{name}: given twice; the first value was loaded"),
    "load_not_scalar": ("{name}：值不是单个数字或文字，未载入", "{name}: not a single number or text; not loaded"),
    "load_unknown": ("已忽略未知字段：{names}{more}", "Unknown fields ignored: {names}{more}"),
    "load_unknown_item": ("「{u}」", "'{u}'"),
    "load_unknown_more": ("等", " …"),
    "load_encoding": ("无法识别文件编码（支持 UTF-8 和 GB18030）", "unknown text encoding (UTF-8 and GB18030 are supported)"),
    "load_bad_json": ("不是有效的 JSON（第 {line} 行第 {col} 列：{msg}）", "not valid JSON (line {line}, column {col}: {msg})"),
    "load_too_deep": ("不是可读取的档案：嵌套层数过多", "not a readable profile: nested too deeply"),
    "load_long_number": ("不是可读取的档案：含有过长的数字", "not a readable profile: a number is far too long"),
    "load_too_big": ("文件过大（{kb:.0f} KB，档案文件上限 {lim}）", "file too large ({kb:.0f} KB; a profile file is limited to {lim})"),
    "load_unreadable": ("无法读取该文件（{err}）", "cannot read this file ({err})"),
    "load_bad_link": ("链接中的档案无法读取（链接可能不完整）", "the profile in the link cannot be read (the link may be cut short)"),
    # ---- the form (ui/inputs.py, ui/form.py)
    "in_as_of": ("所属时点：{fy} 年 12 月 31 日", "As of 31 Dec {fy}"),
    "in_fiscal_year": ("所属年度：{fy} 年度", "Fiscal year {fy}"),
    "in_used_by": ("用于：", "Used by: "),
    "semi_sep": ("；", "; "),
    "report_stem": ("专精特新自测报告", "zjtx-self-check"),    # a report's file name begins so
    "in_year_end": ("{fy}年末", "end {fy}"),
    "in_name_year_end": ("{name}（{fy}年末）", "{name} (end {fy})"),
    "in_name_year": ("{name}（{fy}）", "{name} ({fy})"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "hint_money": ("金额以万元计，例如 1200 或 1,200.5", "an amount in ×10k CNY, e.g. 1200 or 1,200.5"),
    "hint_money_signed": ("金额以万元计，亏损填负数，例如 -350", "an amount in ×10k CNY; a loss is negative, e.g. -350"),
    "hint_persons": ("人数为整数，例如 120", "a whole number of persons, e.g. 120"),
    "hint_count": ("项数为整数，例如 3", "a whole number, e.g. 3"),
    "hint_rank": ("名次为整数，1 表示第一", "a whole number, 1 = first"),
    "hint_years": ("年数，例如 3 或 3.5", "a number of years, e.g. 3 or 3.5"),
    "hint_percent": ("百分数，12.5 表示 12.5%", "a percentage, 12.5 means 12.5 %"),
    "hint_score": ("0–100 之间的分数", "a score between 0 and 100"),
    "hint_year": ("四位年份，例如 2026", "a four-digit year, e.g. 2026"),
    "hint_level": ("整数等级", "a whole-number level"),
    "hint_points": ("分数", "points"),
    "in_not_number": ("「{v}」不是有效数字：{hint}", "'{v}' is not a number: {hint}"),
    "in_not_integer": ("「{v}」不是整数：{hint}", "'{v}' is not a whole number: {hint}"),
    "in_negative": ("「{v}」不能为负数（应不小于 0）", "'{v}' must not be negative (at least 0)"),
    "in_too_small": ("「{v}」太小：应在 {lo}–{hi} 之间", "'{v}' is too small: between {lo} and {hi}"),
    "in_money_too_large": ("「{v}」过大：金额不能超过 {hi} 万元。金额以万元计——若按元填写，请除以 10000",
                           "'{v}' is too large: at most {hi} ×10k CNY. Amounts are in ×10k CNY — "
                           "if you typed yuan, divide by 10,000"),
    "in_too_large": ("「{v}」过大：不能超过 {hi}", "'{v}' is too large: at most {hi}"),
    "in_out_of_range": ("「{v}」超出范围：应在 {lo}–{hi} 之间（{hint}）", "'{v}' is out of range: between {lo} and {hi} ({hint})"),
    "in_pair": ("{la}「{va}」不能大于{lb}「{vb}」，请核对这两项（改正前两项都按未填写计算）",
                "{la} ({va}) cannot exceed {lb} ({vb}); please check both (both count as blank until fixed)"),
    "in_unknown_blank": ("不清楚（留空）", "unknown (blank)"),
    "in_blank_year": ("留空 = {year}", "blank = {year}"),
    "in_yuan_warning": ("「{v}」万元 = {yi} 亿元，对中小企业而言过大：是否按“元”填写了？",
                        "{v} ×10k CNY = {yuan} CNY — implausible for an SME: was it typed in yuan?"),
    "in_yuan_convert": ("按元换算为万元：{v}", "Convert from yuan: {v}"),
    "in_no_selection": ("\n\n不选 = 不清楚", "\n\nNo selection = unknown"),
    "in_unknown": ("不清楚", "Unknown"),
    "fy_head": ("{y} 年度", "{y} "),                # a fiscal year's column head in the finance table
    # ---- the live panel (ui/live.py) and the session (ui/state.py)
    "live_file": ("（{file}）", " ({file})"),
    "live_radar_help": ("100% = 恰好达标，越靠外越好；虚线为达标线。", "100% = just meets; outward is better; dashed = pass line."),
    "live_still_failing": ("{name} {n0} → {n1} 项未达标", "{name} {n0} → {n1} failing"),
    "live_fails_n": ("{w}（{n} 项）", "{w} ({n})"),
    "link_failed_example": ("{msg}，已打开示例企业。", "{msg}; the example company is shown."),
    "far_too_large": ("{name}：数值过大", "{name}: far too large"),
    # ---- the batch page (ui/batch_view.py)
    "batch_file": ("批量筛查", "batch"),
    "meta_input": ("输入文件", "Input file"),
    "meta_standard": ("标准选择", "Standard choice"),
    "meta_companies": ("企业数", "Companies"),
    "meta_generated": ("生成时间", "Generated"),
    # ---- the meeting kit (ui/meeting.py)
    "ws_file": ("客户列表.json", "clients.json"),
    "pres_fail_count": ("（{n} 项）", " ({n})"),
    # ---- rules page (ui/rules_view.py)
    "rules_doc_note": ("同一内容（由 criteria/ 生成）见仓库中的 docs/rules.md；✓ = 已与存储的官方文本逐字核对，⚠ = 未核对（附原因）。",
                       "The same content, generated from criteria/, is in docs/rules.en.md in the repository; "
                       "✓ = checked word for word against a stored official copy, ⚠ = unverified (with the reason)."),
    "rules_indicators": ("指标的计算", "How the indicators are computed"),
    "rules_unverified": ("未核对的条文（{n} 处；已核对 {ok} 处）", "Unverified citations ({n}; {ok} verified)"),
    "rules_used_by": ("用于", "Used by"),
    "rules_where": ("出处", "Where"),
    "rules_why": ("原因", "Why"),
    # ---- plan page (ui/plan_view.py)
    "with_fy": ("{base}（{year}）", "{base} (FY{year})"),     # a figure or a name with its fiscal year
}

STRINGS: MappingProxyType[str, Text] = MappingProxyType({k: Text(*v) for k, v in _T.items()})


# Python's json messages, said in Chinese (the English message is shown as Python says it)
JSON_ERROR_ZH = MappingProxyType({
    "Expecting value": "此处缺少值", "Expecting ',' delimiter": "缺少逗号",
    "Expecting property name enclosed in double quotes": "键名须用双引号",
    "Unterminated string starting at": "字符串没有结束引号", "Extra data": "对象之后还有多余内容",
    "Invalid control character at": "含有非法控制字符", "Expecting ':' delimiter": "缺少冒号"})
LANG_NAMES = MappingProxyType({"zh": "中文", "en": "English"})    # the language switch, each in its own language
# the unit words a typed number may end with ("1,200 万元", "120人"): read off, never needed
NUMBER_SUFFIXES = ("万元", "万", "元", "%", "人", "项", "年", "分", "名", "级")
POINTS = "分"          # the unit of a score, as the rule data names it (fmt says it in either language)


def text(key: str) -> Text:
    """The UI string `key` in both languages."""
    entry = STRINGS.get(key)
    if entry is None and key.startswith("standard_") and key.removeprefix("standard_").isdigit():
        return STRINGS["standard_year"].format(year=key.removeprefix("standard_"))  # a standard the rule data added
    if entry is None:
        raise KeyError(key)
    return entry


def word(table: Mapping[str, Text], key: str, lang: str = "zh", **kw: object) -> str:
    """Entry `key` of a table of Text in `lang`, its {fields} filled from kw (a module's own words:
    `_w = partial(word, WORDS)`)."""
    s = table[key].get(lang)
    return s.format(**kw) if kw else s


def t(key: str, lang: str = "zh", **kw: object) -> str:
    """The UI string `key` in `lang`, its {fields} filled from kw."""
    s = text(key).get(lang)
    return s.format(**kw) if kw else s


def colon(lang: str = "zh") -> str:
    """The label separator: full-width in Chinese, ': ' in English."""
    return _COLON.get(lang)


_COLON = Text("：", ": ")
