"""Rule data → a compact sentence of what it requires ("研发费用占营业收入比重（每年） ≥ 3 %"),
for the rules page and the 2022-vs-2026 comparison. Reads only the rule data."""

from __future__ import annotations

from types import MappingProxyType

from . import fmt
from .fields import FIELD
from .periods import PERIODS
from .rules import (AllOf, AnyOf, Citation, Compare, Criterion, Flag, Member, RuleSet, Scope, ScoreTest,
                    SmeSize, Switch)

SYM = MappingProxyType({">=": "≥", "<=": "≤", ">": ">", "<": "<"})
YEARS_ZH = MappingProxyType({y: PERIODS[y].zh for y in ("y1", "y2", "y3")})      # zjtx.periods
YEARS_EN = MappingProxyType({y: PERIODS[y].brief for y in ("y1", "y2", "y3")})


def _num(node, lang: str) -> str:
    """A threshold as the law writes it: 80%, 1500 万元 (no padded decimals)."""
    d = node.threshold.normalize()
    text = f"{d:f}"
    if node.unit == "%":
        return f"{text}%"
    if lang == "en":
        return f"{text} {fmt.UNIT_EN.get(node.unit, node.unit)}".strip()
    return f"{text} {node.unit}".strip()


def node_text(node, rs: RuleSet | None, lang: str = "zh") -> str:
    zh = lang == "zh"
    if isinstance(node, Compare):
        ind = node.source()
        name = node.label.get(lang) if node.label else (ind.zh if zh else ind.en)
        if node.years:
            yrs = YEARS_ZH if zh else YEARS_EN
            when = ("、".join(yrs[y] for y in node.years) + ("均" if zh and len(node.years) > 1 else "")) if zh \
                else " and ".join(yrs[y] for y in node.years)
            name = f"{name}（{when}）" if zh else f"{name} ({when})"
        if node.unit == "名" and node.op == "<=":
            top = fmt.num(node.threshold, "名")
            return f"{name}前 {top} 名" if zh else f"{name} in the top {top}"
        return f"{name} {SYM[node.op]} {_num(node, lang)}"
    if isinstance(node, Flag):
        spec = FIELD[node.field]
        name = node.label.get(lang) if node.label else (spec.short_zh if zh else spec.short_en)
        yes = ("是" if node.is_ else "否") if zh else ("yes" if node.is_ else "no")
        return f"{name}：{yes}" if zh else f"{name}: {yes}"
    if isinstance(node, Member):
        spec = FIELD[node.field]
        if node.label:
            return node.label.get(lang)
        opts = ("、" if zh else ", ").join((spec.option(v).zh if zh else spec.option(v).en) for v in node.in_)
        return f"{spec.short_zh}为 {opts}" if zh else f"{spec.short_en} is {opts}"
    if isinstance(node, ScoreTest):
        name = node.label.get(lang) if node.label else node.score
        return f"{name} {SYM[node.op]} {_num(node, lang)}"
    if isinstance(node, SmeSize):
        return "属于中小企业（按300号划型）" if zh else "an SME under the No. 300 size rules"
    if isinstance(node, AllOf) and node.label is not None and len(node.all_of) <= 2 and all(
            isinstance(k, (Compare, Flag, Member)) for k in node.all_of):
        return node.label.get(lang)      # a short conjunction: its label says it
    if isinstance(node, (AnyOf, AllOf)):
        kids = node.any_of if isinstance(node, AnyOf) else node.all_of
        sep = (" 或 " if zh else " or ") if isinstance(node, AnyOf) else ("；且 " if zh else "; and ")
        inner = sep.join(node_text(k, rs, lang) for k in kids)
        if node.label is not None:
            return f"{node.label.get(lang)}：{inner}" if zh else f"{node.label.en}: {inner}"
        return inner
    if isinstance(node, Switch):
        parts = []
        for case in node.cases:
            lab = case.label.get(lang) if case.label else f"{SYM[case.op]} {case.threshold}"
            parts.append(f"{lab} → {node_text(case.then, rs, lang)}")
        lab = getattr(node.otherwise, "label", None)
        inner = node.otherwise.model_copy(update={"label": None}) if lab else node.otherwise
        parts.append(f"{(lab.zh if zh else lab.en) if lab else ('其他' if zh else 'otherwise')} → "
                     f"{node_text(inner, rs, lang)}")
        return ("；" if zh else "; ").join(parts)
    raise TypeError(type(node).__name__)  # pragma: no cover


def criterion_text(c: Criterion, rs: RuleSet | None, lang: str = "zh") -> str:
    """What a criterion requires, with its review variant and exemption when it has them."""
    zh = lang == "zh"
    text = node_text(c.test, rs, lang)
    if c.review_test is not None:
        text += f"（复核：{node_text(c.review_test, rs, lang)}）" if zh else f" (review: {node_text(c.review_test, rs, lang)})"
    if set(c.applies_to) != {"new", "review"}:
        text += "（复核不考核）" if zh and "new" in c.applies_to else (" (not for reviews)" if "new" in c.applies_to else "")
    if c.assessed_in is not None:
        text += f"（仅{scope_text(c.assessed_in, lang)}）" if zh else f" (only {scope_text(c.assessed_in, lang)})"
    for w in c.not_assessed:
        text += (f"（{scope_text(w.when, lang)}不考核，{w.citation.doc}）" if zh
                 else f" (not assessed for {scope_text(w.when, lang)}, {w.citation.doc})")
    if c.exempt_if is not None:
        text += f"；豁免：{node_text(c.exempt_if, rs, lang)}" if zh else f"; exempt if: {node_text(c.exempt_if, rs, lang)}"
    return text


def scope_text(s: Scope, lang: str = "zh") -> str:
    """Which assessments a scope covers: "2025 年的复核", "2026 年起的复核", "reviews in 2025"."""
    zh = lang == "zh"
    lo, hi = s.from_year, s.to_year
    if lo is not None and lo == hi:
        years = f"{lo} 年" if zh else f"in {lo}"
    elif lo is not None and hi is not None:
        years = f"{lo}–{hi} 年" if zh else f"in {lo}–{hi}"
    elif lo is not None:
        years = f"{lo} 年起" if zh else f"from {lo}"
    elif hi is not None:
        years = f"{hi} 年及以前" if zh else f"up to {hi}"
    else:
        years = ""
    app = {"new": ("新申报", "new applications"), "review": ("复核", "reviews"),
           None: ("申报和复核", "applications and reviews")}[s.application_type]
    if zh:
        return f"{years}的{app[0]}" if years else app[0]
    return f"{app[1]} {years}".strip()


def citation_ref(cit: Citation) -> str:
    """Where the clause is: 文号 · 附件 · 项 (always the Chinese, as the documents write it)."""
    return f"{cit.doc} {cit.annex} {cit.item}"


def citation_check(cit: Citation, lang: str = "zh") -> str:
    """Whether the clause was checked word for word against a stored official copy, and the note."""
    zh = lang == "zh"
    note = cit.note.get(lang) if cit.note is not None else ""
    if cit.verified:
        head = "✓ 已与存储的官方文本逐字核对" if zh else "✓ Checked word for word against a stored official copy"
        return f"{head}（{note}）" if note and zh else (f"{head} ({note})" if note else head)
    head = "⚠ 未核对" if zh else "⚠ Unverified"
    return f"{head}：{note}" if zh else f"{head}: {note}"
