"""Rule data → a compact sentence of what it requires ("研发费用占营业收入比重（每年） ≥ 3 %"),
for the rules page and the 2022-vs-2026 comparison. Reads only the rule data."""

from __future__ import annotations

from functools import partial
from types import MappingProxyType

from . import fmt
from .fields import FIELD
from .i18n import Text, word
from .periods import PERIODS
from .rules import (AllOf, AnyOf, Citation, Compare, Criterion, Flag, Member, RuleSet, Scope, ScoreTest,
                    SmeSize, Switch)

SYM = MappingProxyType({">=": "≥", "<=": "≤", ">": ">", "<": "<"})
YEARS = MappingProxyType({y: Text(PERIODS[y].zh, PERIODS[y].brief) for y in ("y1", "y2", "y3")})   # zjtx.periods

# the words of the requirement sentences
W = MappingProxyType({
    "years_sep": Text("、", " and "),
    "all_years": Text("{x}均", "{x}"),
    "when": Text("{name}（{when}）", "{name} ({when})"),
    "top": Text("{name}前 {top} 名", "{name} in the top {top}"),
    "yes": Text("是", "yes"),
    "no": Text("否", "no"),
    "flag": Text("{name}：{yes}", "{name}: {yes}"),
    "list": Text("、", ", "),
    "member": Text("{name}为 {opts}", "{name} is {opts}"),
    "sme": Text("属于中小企业（按300号划型）", "an SME under the No. 300 size rules"),
    "or": Text(" 或 ", " or "),
    "and": Text("；且 ", "; and "),
    "labelled": Text("{label}：{inner}", "{label}: {inner}"),
    "otherwise": Text("其他", "otherwise"),
    "cases": Text("；", "; "),
    "review": Text("（复核：{x}）", " (review: {x})"),
    "new_only": Text("（复核不考核）", " (not for reviews)"),
    "only": Text("（仅{x}）", " (only {x})"),
    "not_assessed": Text("（{x}不考核，{doc}）", " (not assessed for {x}, {doc})"),
    "exempt": Text("；豁免：{x}", "; exempt if: {x}"),
    "in_year": Text("{lo} 年", "in {lo}"),
    "in_years": Text("{lo}–{hi} 年", "in {lo}–{hi}"),
    "from_year": Text("{lo} 年起", "from {lo}"),
    "up_to": Text("{hi} 年及以前", "up to {hi}"),
    "scope": Text("{years}的{app}", "{app} {years}"),
    "new": Text("新申报", "new applications"),
    "review_app": Text("复核", "reviews"),
    "both": Text("申报和复核", "applications and reviews"),
    "verified": Text("✓ 已与存储的官方文本逐字核对", "✓ Checked word for word against a stored official copy"),
    "verified_note": Text("{head}（{note}）", "{head} ({note})"),
    "unverified": Text("⚠ 未核对", "⚠ Unverified"),
    "unverified_note": Text("{head}：{note}", "{head}: {note}"),
})


_w = partial(word, W)


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
    if isinstance(node, Compare):
        ind = node.source()
        name = node.label.get(lang) if node.label else ind.get(lang)
        if node.years:
            when = _w("years_sep", lang).join(YEARS[y].get(lang) for y in node.years)
            if len(node.years) > 1:
                when = _w("all_years", lang, x=when)
            name = _w("when", lang, name=name, when=when)
        if node.unit == "名" and node.op == "<=":
            top = fmt.num(node.threshold, "名")
            return _w("top", lang, name=name, top=top)
        return f"{name} {SYM[node.op]} {_num(node, lang)}"
    if isinstance(node, Flag):
        spec = FIELD[node.field]
        name = node.label.get(lang) if node.label else spec.short.get(lang)
        return _w("flag", lang, name=name, yes=_w("yes" if node.is_ else "no", lang))
    if isinstance(node, Member):
        spec = FIELD[node.field]
        if node.label:
            return node.label.get(lang)
        opts = _w("list", lang).join(spec.option(v).get(lang) for v in node.in_)
        return _w("member", lang, name=spec.short.get(lang), opts=opts)
    if isinstance(node, ScoreTest):
        name = node.label.get(lang) if node.label else node.score
        return f"{name} {SYM[node.op]} {_num(node, lang)}"
    if isinstance(node, SmeSize):
        return _w("sme", lang)
    if isinstance(node, AllOf) and node.label is not None and len(node.all_of) <= 2 and all(
            isinstance(k, (Compare, Flag, Member)) for k in node.all_of):
        return node.label.get(lang)      # a short conjunction: its label says it
    if isinstance(node, (AnyOf, AllOf)):
        kids = node.any_of if isinstance(node, AnyOf) else node.all_of
        sep = _w("or" if isinstance(node, AnyOf) else "and", lang)
        inner = sep.join(node_text(k, rs, lang) for k in kids)
        if node.label is not None:
            return _w("labelled", lang, label=node.label.get(lang), inner=inner)
        return inner
    if isinstance(node, Switch):
        parts = []
        for case in node.cases:
            lab = case.label.get(lang) if case.label else f"{SYM[case.op]} {case.threshold}"
            parts.append(f"{lab} → {node_text(case.then, rs, lang)}")
        lab = getattr(node.otherwise, "label", None)
        inner = node.otherwise.model_copy(update={"label": None}) if lab else node.otherwise
        parts.append(f"{lab.get(lang) if lab else _w('otherwise', lang)} → "
                     f"{node_text(inner, rs, lang)}")
        return _w("cases", lang).join(parts)
    raise TypeError(type(node).__name__)  # pragma: no cover


def criterion_text(c: Criterion, rs: RuleSet | None, lang: str = "zh") -> str:
    """What a criterion requires, with its review variant and exemption when it has them."""
    text = node_text(c.test, rs, lang)
    if c.review_test is not None:
        text += _w("review", lang, x=node_text(c.review_test, rs, lang))
    if set(c.applies_to) != {"new", "review"} and "new" in c.applies_to:
        text += _w("new_only", lang)
    if c.assessed_in is not None:
        text += _w("only", lang, x=scope_text(c.assessed_in, lang))
    for w in c.not_assessed:
        text += _w("not_assessed", lang, x=scope_text(w.when, lang), doc=w.citation.doc)
    if c.exempt_if is not None:
        text += _w("exempt", lang, x=node_text(c.exempt_if, rs, lang))
    return text


def scope_text(s: Scope, lang: str = "zh") -> str:
    """Which assessments a scope covers: "2025 年的复核", "2026 年起的复核", "reviews in 2025"."""
    lo, hi = s.from_year, s.to_year
    if lo is not None and lo == hi:
        years = _w("in_year", lang, lo=lo)
    elif lo is not None and hi is not None:
        years = _w("in_years", lang, lo=lo, hi=hi)
    elif lo is not None:
        years = _w("from_year", lang, lo=lo)
    elif hi is not None:
        years = _w("up_to", lang, hi=hi)
    else:
        years = ""
    app = _w({"new": "new", "review": "review_app", None: "both"}[s.application_type], lang)
    return _w("scope", lang, years=years, app=app) if years else app


def citation_ref(cit: Citation) -> str:
    """Where the clause is: 文号 · 附件 · 项 (always the Chinese, as the documents write it)."""
    return f"{cit.doc} {cit.annex} {cit.item}"


def citation_check(cit: Citation, lang: str = "zh") -> str:
    """Whether the clause was checked word for word against a stored official copy, and the note."""
    note = cit.note.get(lang) if cit.note is not None else ""
    if cit.verified:
        head = _w("verified", lang)
        return _w("verified_note", lang, head=head, note=note) if note else head
    return _w("unverified_note", lang, head=_w("unverified", lang), note=note)
