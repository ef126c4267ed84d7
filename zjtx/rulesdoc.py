"""The rule book as tables and text: what the 规则说明 page shows and what docs/rules.md says.

Pure: reads only the rule data it is given (RuleBook, RuleSet …) and returns rows (lists of dicts with
column names in the chosen language), notes and Markdown. The page (zjtx/ui/rules_view.py) lays the
rows out with Streamlit; `rules_markdown` writes the same rows as Markdown, so the page and the
document cannot say different things. `python -m zjtx.docgen` writes docs/rules.md (Chinese) and
docs/rules.en.md (English); tests/test_docs.py fails when they are stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Iterable

from .periods import PERIODS
from .describe import citation_check, citation_ref, criterion_text, node_text, scope_text
from .i18n import colon, t, word
from .indicators import INDICATORS
from .rules import YEAR_PLACEHOLDER, Citation, Criterion, RuleBook, RuleSet, Scorecard, Text

def ruleset_order(book: RuleBook) -> tuple[str, ...]:
    """The order of the page and the document (RuleBook.page_order): the gate, the newest standard's tiers,
    the base tiers, the older standards' tiers."""
    return book.page_order

# (zh, en) of each period, from the one table of period labels (zjtx.periods.PERIODS; some are blank)
PERIOD_TEXT = MappingProxyType({k: (p.zh, p.en) for k, p in PERIODS.items()})

# Words of the page and the document that are not UI strings elsewhere.
_W = MappingProxyType({k: Text(*v) for k, v in {
    "period": ("期间", "Period"), "citation": ("条文", "Citation"), "checked": ("核对", "Checked"),
    "see_also": ("另见", "see also"), "group": ("分组", "Group"), "bands": ("分档", "Bands"),
    "points_value": ("得分 = 填报值", "points = the value entered"), "otherwise": ("其他", "otherwise"),
    "measure": ("计量", "Measured by"),
    "industry": ("行业", "Industry"), "clause": ("条文", "Clause"), "tier": ("层级", "Tier"),
    "years": ("年度", "Years"), "sme_below": ("中小企业：低于任一上限", "SME: below any upper bound"),
    "medium": ("中型：同时达到", "Medium: reaches all of"), "small": ("小型：同时达到", "Small: reaches all of"),
    "micro": ("其余为微型", "the rest are micro"),
    "note": ("说明", "Note"), "not_applicable": ("不考核时", "When not assessed"),
    "exempt": ("豁免", "Exemption"), "basis": ("依据", "Source"),
    "source": ("来源", "Source"), "fixed": ("固定", "fixed"),
    "not_assessed_for": ("{when}不考核", "Not assessed for {when}"), "not_assessed": ("不考核", ": not assessed"),
    "stop": ("。", ". "), "semi": ("；", "; "), "list": ("、", ", "), "or": (" 或 ", " or "),
    "bound": ("{measure} {value} {unit}", "{measure} {value} {unit}"),
    "name": ("名称", "Name"), "unit": ("单位", "Unit"), "formula": ("计算", "Formula"),
    "each_year": ("（每年分别计算）", " (each year)"), "fields_read": ("读取的字段", "Fields read"),
}.items()})
# each size measure: (its name, its unit)
_MEASURE = MappingProxyType({"employees": (Text("从业人员", "employees"), Text("人", "persons")),
                             "revenue": (Text("营业收入", "revenue"), Text("万元", "×10k CNY")),
                             "assets": (Text("资产总额", "total assets"), Text("万元", "×10k CNY"))})


def w(key: str, lang: str = "zh", **kw: object) -> str:
    return word(_W, key, lang, **kw)


def year_span(text: Text, lo: int | None, hi: int | None, outside: bool = False) -> Text:
    """A scoped text with `{year}` filled by the span it speaks to (the engine fills one assessment
    year; a table row covers a range): "2026 年起", "2025 年及以前", "2025 年"; `outside` names the
    years the span leaves out ("其他年度")."""
    if YEAR_PLACEHOLDER not in text.zh + text.en:
        return text
    if outside:
        zh, en = "其他年度", (f"non-{lo}" if lo is not None and lo == hi else "another year's")
    elif lo is not None and lo == hi:
        zh, en = f"{lo} 年", str(lo)
    elif lo is not None and hi is not None:
        zh, en = f"{lo}–{hi} 年", f"{lo}–{hi}"
    elif lo is not None:
        zh, en = f"{lo} 年起", f"{lo}+"
    elif hi is not None:
        zh, en = f"{hi} 年及以前", f"≤ {hi}"
    else:
        zh, en = "当年", "this year's"
    return Text(zh=text.zh.replace(YEAR_PLACEHOLDER + " 年", zh).replace(YEAR_PLACEHOLDER, zh),
                en=text.en.replace(YEAR_PLACEHOLDER, en))


def _dec(d: Decimal) -> str:
    return f"{d.normalize():f}"


# ------------------------------------------------------------------------------- citations

def citation_text(cit: Citation) -> str:
    """Where the rule is and its clause, word for word (always the Chinese, as the documents write it)."""
    return f"{citation_ref(cit)}：“{cit.clause}”"


def citation_cell(c: Criterion) -> str:
    """A criterion's citation; further sources after "另见"."""
    out = citation_text(c.citation)
    for x in c.see_also:
        out += f" ｜ 另见 {citation_text(x)}"
    return out


def checks_cell(c: Criterion, lang: str = "zh") -> str:
    """The verified mark (✓ or ⚠ with the reason) of the citation and of each further source."""
    return " ｜ ".join(citation_check(x, lang) for x in (c.citation, *c.see_also))


# ------------------------------------------------------------------------------- rule sets

def ruleset_title(rs: RuleSet, lang: str = "zh") -> str:
    return f"{rs.title.get(lang)} · {rs.source.doc}"


def ruleset_caption(rs: RuleSet, lang: str = "zh") -> str:
    """The source document, annex and dates of a rule set."""
    out = (f"{rs.source.doc} {rs.source.name} · {rs.source.annex} · "
           f"{t('effective', lang)}{colon(lang)}{rs.effective_from}")
    if rs.superseded_for_new_from:
        out += f" · {t('superseded', lang)}{colon(lang)}{rs.superseded_for_new_from}"
    return out


def criteria_rows(rs: RuleSet, lang: str = "zh") -> list[dict[str, str]]:
    """One row per criterion: id, name, what it requires (thresholds, review variant, scope),
    period, self-declared mark, citation and its verified mark."""
    return [{"ID": c.id,
             t("col_criterion", lang): c.label.get(lang),
             t("col_required", lang): criterion_text(c, rs, lang),
             w("period", lang): PERIODS[c.period].get(lang),
             t("col_self", lang): "✓" if c.self_declared else "",
             w("citation", lang): citation_cell(c),
             w("checked", lang): checks_cell(c, lang)}
            for c in rs.criteria]


@dataclass(frozen=True)
class Note:
    """Something said about one criterion beside its row: `kind` is interpretation (our reading),
    caveat (a doubt the law leaves), waiver (a later notice sets it aside), scope (when it is not
    assessed), exempt, or note (what the tool leaves out)."""
    kind: str
    cid: str
    text: str


def criterion_notes(rs: RuleSet, lang: str = "zh") -> list[Note]:
    out: list[Note] = []

    def pick(x):
        return x.get(lang)

    for c in rs.criteria:
        if c.interpretation is not None:
            out.append(Note("interpretation", c.id, f"{t('interpretation', lang)}{colon(lang)}{pick(c.interpretation)}"))
        for wv in c.not_assessed:
            head = w("not_assessed_for", lang, when=scope_text(wv.when, lang))
            out.append(Note("waiver", c.id,
                            f"{head}{colon(lang)}{pick(year_span(wv.reason, wv.when.from_year, wv.when.to_year))}{w('stop', lang)}"
                            f"{w('basis', lang)}{colon(lang)}{citation_text(wv.citation)} — "
                            f"{citation_check(wv.citation, lang)}"))
        for cv in c.caveats:
            text = year_span(cv.text, cv.when.from_year, cv.when.to_year)
            out.append(Note("caveat", c.id, f"{scope_text(cv.when, lang)}{colon(lang)}{pick(text)}"))
        if c.not_applicable is not None:
            scope = c.assessed_in
            text = year_span(c.not_applicable, scope.from_year if scope else None, scope.to_year if scope else None,
                             outside=True)
            out.append(Note("scope", c.id, f"{w('not_applicable', lang)}{colon(lang)}{pick(text)}"))
        if c.exempt is not None:
            out.append(Note("exempt", c.id, f"{w('exempt', lang)}{colon(lang)}{pick(c.exempt)}"))
        if c.note is not None:
            out.append(Note("note", c.id, f"{w('note', lang)}{colon(lang)}{pick(c.note)}"))
    return out


def band_text(b, rs: RuleSet | None, lang: str = "zh") -> str:
    if b.at_least is not None:
        cond = f"≥ {_dec(b.at_least)}"
    elif b.at_most is not None:
        cond = f"≤ {_dec(b.at_most)}"
    else:
        cond = node_text(b.when, rs, lang)
    return f"{cond} → {_dec(b.points)}"


def scorecard_title(card: Scorecard, lang: str = "zh") -> str:
    return card.label.get(lang)


def scorecard_rows(card: Scorecard, rs: RuleSet | None, lang: str = "zh") -> list[dict[str, str]]:
    """One row per scorecard item: group, item, maximum, bands (best first; else the last band's 0)."""
    groups = {g.id: g.label.get(lang) for g in card.groups}
    rows = []
    for i in card.items:
        if i.points_equal_value:
            bands = w("points_value", lang)
        else:
            bands = w("semi", lang).join(band_text(b, rs, lang) for b in i.bands)
            bands += f"{w('semi', lang)}{w('otherwise', lang)} → {_dec(i.otherwise)}"
        row = {w("group", lang): groups.get(i.group, i.group),
               t("col_criterion", lang): i.label.get(lang),
               t("max_points", lang): _dec(i.max),
               w("bands", lang): bands}
        if i.interpretation is not None:
            row[w("bands", lang)] += t("paren_after", lang, x=i.interpretation.get(lang))
        rows.append(row)
    return rows


# ------------------------------------------------------------------------ size and selection

def _bounds(bounds, lang: str, joiner: str) -> str:
    return joiner.join(w("bound", lang, measure=_MEASURE[b.measure][0].get(lang), value=_dec(b.value),
                         unit=_MEASURE[b.measure][1].get(lang)) for b in bounds)


def size_caption(book: RuleBook, lang: str = "zh") -> str:
    size = book.size
    return f"{size.source.doc} {size.source.name} {size.source.annex} · {t('effective', lang)}{colon(lang)}{size.effective_from}"


def size_rows(book: RuleBook, lang: str = "zh") -> list[dict[str, str]]:
    """The 300号 table, per industry: the SME upper bounds, the medium and small bands, the clause."""
    rows = []
    for i in book.size.industries:
        rows.append({w("industry", lang): i.label.get(lang),
                     w("sme_below", lang): _bounds(i.sme_if_below_any, lang, w("or", lang)),
                     w("medium", lang): _bounds(i.medium.all_of, lang, w("list", lang)),
                     w("small", lang): _bounds(i.small.all_of, lang, w("list", lang)),
                     w("clause", lang): i.clause})
    return rows


def selection_rows(book: RuleBook, lang: str = "zh") -> list[dict[str, str]]:
    """Which standard applies: the rules `--standard auto` reads (first match), then the tiers with
    one standard; each with its reason, our interpretation where it is one, the citation and its mark."""
    sel = book.selection
    rows = []
    for r in sel.rules:
        reason = year_span(r.reason, r.from_year, r.to_year)
        why = reason.get(lang)
        if r.interpretation:
            why += t("paren_after", lang, x=f"{t('interpretation', lang)}{colon(lang)}{r.interpretation.get(lang)}")
        rows.append({w("tier", lang): t(r.tier, lang),
                     t("application_type", lang): t(f"app_{r.application_type}", lang),
                     w("years", lang): f"{r.from_year or '…'}–{r.to_year or '…'}",
                     t("standard", lang): r.standard,
                     t("why_standard", lang): why,
                     w("citation", lang): citation_text(r.citation),
                     w("checked", lang): citation_check(r.citation, lang)})
    for f in sel.fixed:
        rows.append({w("tier", lang): t(f.tier, lang), t("application_type", lang): "—",
                     w("years", lang): "—", t("standard", lang): f.standard,
                     t("why_standard", lang): f.reason.get(lang),
                     w("citation", lang): citation_text(f.citation),
                     w("checked", lang): citation_check(f.citation, lang)})
    return rows


def indicator_rows(lang: str = "zh", code: str = "`") -> list[dict[str, str]]:
    """The named formulas the rules refer to (zjtx/indicators.py), with the profile fields they read
    (names wrapped in `code`: backticks for Markdown, "" for the page)."""
    rows = []
    for name, ind in INDICATORS.items():
        fields = ind.inputs("y1") if ind.per_year else ind.inputs()
        if not ind.formula_zh:                       # a plain per-year field: nothing to compute
            continue
        rows.append({w("name", lang): f"{code}{name}{code}",
                     t("col_criterion", lang): ind.get(lang),
                     w("unit", lang): ind.unit,
                     w("formula", lang): ind.formula.get(lang) + (w("each_year", lang) if ind.per_year else ""),
                     w("fields_read", lang): w("list", lang).join(f"{code}{f}{code}" for f in fields)})
    return rows


# ------------------------------------------------------------------------- every citation

def all_citations(book: RuleBook, lang: str = "zh") -> list[tuple[str, Citation]]:
    """Every citation of the book with where it is used ("S26.ip", "S26.ip 另见", "L22.main_growth
    2025 复核", "适用标准 …", "300号"), in the document's order."""
    out: list[tuple[str, Citation]] = []
    for rid in ruleset_order(book):
        for c in book.rulesets[rid].criteria:
            out.append((c.id, c.citation))
            out += [(f"{c.id}（{w('see_also', lang)}）", x) for x in c.see_also]
            out += [(f"{c.id}（{scope_text(wv.when, lang)}{w('not_assessed', lang)}）",
                     wv.citation) for wv in c.not_assessed]
    sel = book.selection
    head = f"{t('standard', lang)}{colon(lang)}"
    for r in sel.rules:
        out.append((f"{head}{t(r.tier, lang)} · {t(f'app_{r.application_type}', lang)} · "
                    f"{r.from_year or '…'}–{r.to_year or '…'}", r.citation))
    out += [(f"{head}{t(f.tier, lang)}", f.citation) for f in sel.fixed]
    out.append((t("size_rules", lang), book.size.citation))
    return out


# ------------------------------------------------------------------------------- Markdown

def _cell(v: Any) -> str:
    return str(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def md_table(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    if not rows:
        return ""
    head = list(rows[0])
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(r.get(h, "")) for h in head) + " |" for r in rows]
    return "\n".join(lines)


_DOC = MappingProxyType({
    "zh": {
        "title": "规则说明（由 criteria/ 生成）",
        "generated": "本文件由 `make docs`（即 `python -m zjtx.docgen`）从 `criteria/*.yaml` 生成，请勿手改；"
                     "规则有变时改 YAML 再重新生成。`tests/test_docs.py` 在本文件过期时失败。"
                     "English: [rules.en.md](rules.en.md).",
        "intro": "这里是本工具所用的全部规则：每个规则集（层级 × 标准）的每项指标、门槛、期间、条文出处（文号、附件、项）"
                 "及逐字摘录，本工具的解读，以及中小企业划型表和适用标准的选择。页面“规则说明”显示的是同一份数据。",
        "marks": "核对标记：**✓** 表示摘录已与存储的官方文本逐字核对（省略处以“…”表示，不改字）；**⚠ 未核对** 表示没有可核对的官方文本，"
                 "后附原因。“自报”项以企业自述为准，本工具不核实。专精特新发展评价得分来自优质中小企业梯度培育平台，本工具不计算。",
        "verdicts": "结论的判定：一个层级中任一指标（含申报条件）未达标 → 未达标；否则任一信息不足 → 信息不足；否则达标。"
                    "缺少数据只会使指标“信息不足”，不会判为未达标；复核不考核或不适用的指标记为“不适用”，不影响结论。",
        "indicators": "指标的计算", "indicators_intro": "规则中用到的比例、合计和增长率（`zjtx/indicators.py`，精确分数计算）。"
                      "“上年度”= A−1，“上上年度”= A−2，“前三年度”= A−3，A 为评估年度。分母为 0 时无法计算："
                      "门槛类指标记为信息不足，评分表中按该项可能的最高和最低分给出得分区间。",
        "contents": "目录", "selection": "适用标准的选择", "gate_note": "申报条件对所有层级都适用：任一项不满足，各层级均为未达标。",
        "selection_intro": "`--standard auto`（默认）按下表自上而下取第一条与层级、申报类型、年度相符的规则；"
                           "显式选择 2026 或 2022 时，专精特新与“小巨人”都用该标准；创新型与科技型各只有一个标准。",
        "criteria": "指标", "notes": "口径说明与注意事项", "scorecards": "评分表", "size": "中小企业划型标准（300号）",
        "size_intro": "申报条件 gate.sme_size 按下表判断是否为中小企业（所属行业取自档案）。",
        "unverified": "未核对的条文一览", "unverified_intro": "以下条文没有可逐字核对的官方文本（共 {n} 处，已核对 {v} 处）：",
        "where": "用于", "ref": "出处", "why": "原因",
    },
    "en": {
        "title": "Rules (generated from criteria/)",
        "generated": "Generated from `criteria/*.yaml` by `make docs` (`python -m zjtx.docgen`); do not edit by hand: "
                     "change the YAML and regenerate. `tests/test_docs.py` fails when this file is stale. "
                     "中文：[rules.md](rules.md).",
        "intro": "Every rule the tool uses: each rule set's (tier × standard) criteria, thresholds, periods, where each "
                 "is written (document, annex, item) with the clause quoted, our interpretations, the SME size table "
                 "and how the standard is chosen. The Rules page shows the same data. Clauses stay in Chinese, as "
                 "the documents write them.",
        "marks": "Marks: **✓** the clause was checked word for word against a stored official copy (words left out "
                 "are shown as “…”, none changed); **⚠ Unverified** no official copy could be checked, with the "
                 "reason. Self-declared items are taken as given. The development score comes from the official "
                 "platform and is never computed here.",
        "verdicts": "Verdicts: a tier fails if any of its criteria (the eligibility conditions included) fails; else "
                    "it is incomplete if any is missing; else it meets. Missing data only ever makes a criterion "
                    "missing, never failing; a criterion not assessed (e.g. for a review) is not applicable and "
                    "does not count.",
        "indicators": "How the indicators are computed", "indicators_intro": "The ratios, sums and growth rates the "
                      "rules use (`zjtx/indicators.py`, exact fractions). Last year = A−1, the year before = A−2, "
                      "three years back = A−3, where A is the assessment year. A zero denominator cannot be "
                      "computed: a threshold criterion is then missing, and a scorecard counts the item at its "
                      "best and worst to give the score as an interval.",
        "contents": "Contents", "selection": "Which standard applies",
        "gate_note": "The eligibility conditions apply to every tier: failing any one fails every tier.",
        "selection_intro": "`--standard auto` (the default) takes the first rule below whose tier, application type "
                           "and year match; an explicit 2026 or 2022 applies that standard to both Specialized and "
                           "Little Giant; Innovative and Tech-based have one standard each.",
        "criteria": "Criteria", "notes": "Interpretations and notes", "scorecards": "Scorecards",
        "size": "SME size rules (No. 300)",
        "size_intro": "The eligibility condition gate.sme_size reads this table (the industry comes from the profile).",
        "unverified": "Unverified citations", "unverified_intro": "No official copy could be checked for these "
                                                                  "({n} places; {v} are verified):",
        "where": "Used by", "ref": "Where", "why": "Why",
    },
})


def _anchor(n: int, title: str) -> str:
    return f"{n}. {title}"


def rules_markdown(book: RuleBook, lang: str = "zh") -> str:
    """docs/rules.md (lang="zh") or docs/rules.en.md (lang="en"), from the rule book alone."""
    d = _DOC.get(lang, _DOC["zh"])
    sections: list[tuple[str, list[str]]] = []

    sel_body = [d["selection_intro"], "", md_table(selection_rows(book, lang))]
    sections.append((d["selection"], sel_body))

    for rid in ruleset_order(book):
        rs = book.rulesets[rid]
        body = [rs.summary.get(lang), "", f"{w('source', lang)}{colon(lang)}{ruleset_caption(rs, lang)}", ""]
        if rid == "gate":
            body += [d["gate_note"], ""]
        body += [f"**{d['criteria']}**", "", md_table(criteria_rows(rs, lang))]
        notes = criterion_notes(rs, lang)
        if notes:
            body += ["", f"**{d['notes']}**", ""]
            body += [f"- **{n.cid}** {n.text}" for n in notes]
        for card in rs.scorecards:
            body += ["", f"**{d['scorecards']}{colon(lang)}{scorecard_title(card, lang)}**", "",
                     md_table(scorecard_rows(card, rs, lang))]
        sections.append((ruleset_title(rs, lang), body))

    sections.append((d["indicators"], [d["indicators_intro"], "", md_table(indicator_rows(lang))]))

    size = book.size
    size_body = [d["size_intro"], "", f"{w('source', lang)}{colon(lang)}{size_caption(book, lang)}", "",
                 f"{w('basis', lang)}{colon(lang)}{citation_text(size.citation)} — {citation_check(size.citation, lang)}", ""]
    if size.interpretation:
        size_body += [f"{t('interpretation', lang)}{colon(lang)}{size.interpretation.get(lang)}", ""]
    size_body += [md_table(size_rows(book, lang)), "", t("paren", lang, x=w('micro', lang))]
    sections.append((d["size"], size_body))

    cits = all_citations(book)
    unv = [(where, c) for where, c in cits if not c.verified]
    un_rows = [{d["where"]: where, d["ref"]: citation_ref(c),
                d["why"]: c.note.get(lang) if c.note else ""} for where, c in unv]
    sections.append((d["unverified"], [d["unverified_intro"].format(n=len(unv), v=len(cits) - len(unv)), "",
                                       md_table(un_rows)]))

    out = [f"# {d['title']}", "", f"> {d['generated']}", "", d["intro"], "", d["marks"], "", d["verdicts"], "",
           f"## {d['contents']}", ""]
    out += [f"{i}. {title}" for i, (title, _) in enumerate(sections, start=1)]
    for i, (title, body) in enumerate(sections, start=1):
        out += ["", f"## {_anchor(i, title)}", ""] + body
    return "\n".join(out).rstrip() + "\n"
