"""The evaluator: a pure function from a profile and a standard choice to an Assessment.

No Streamlit, no I/O, no globals: the rule book is passed in. Three-valued logic throughout —
a condition is pass, fail or missing; "missing" means the answer depends on a value the user has
not given, so a criterion fails only when it fails whatever the missing values turn out to be.
Scores are intervals for the same reason (unknown items count 0..max).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Iterable, Literal, Mapping

from . import fmt, rulelang
from .explain import ANY_OF_HINT, INDUSTRY, SIZE_CLASS_TEXT, YEAR_OFFSET, YES_NO, bound_text, chosen_by_hand, \
    explain, not_applicable_reason, period_text, sector, with_caveat
from .fields import FIELD
from .i18n import bilingual
from .indicators import OPS, Indicator, Measure, Remedy, frac
from .rules import (AllOf, AnyOf, Citation, Compare, Cond, Criterion, Flag, Member, RuleBook, RuleSet,
                    Scorecard, ScoreTest, SmeSize, Switch, Text, fill_year, walk)

Status = Literal["pass", "fail", "exempt", "missing", "not_applicable"]
Verdict = Literal["meets", "fails", "incomplete"]
# The tiers in the rule book's order (RuleBook.tiers; tests/test_code_health.py holds the two equal): for
# modules that name tiers without a book at hand. evaluate() reads them from the book it is given.
TIERS = ("specialized", "little_giant", "innovative", "tech_sme")
# YEAR_OFFSET and SIZE_CLASS_TEXT: from zjtx.explain (the words), kept importable from here


# ------------------------------------------------------------------------------ results

@dataclass(frozen=True, slots=True)
class Part:
    """One leaf of a criterion's condition tree, evaluated."""
    kind: Literal["number", "flag", "member", "score", "size", "band"]
    status: Literal["pass", "fail", "missing"]
    label_zh: str
    label_en: str
    actual: Fraction | None = None
    threshold: Fraction | None = None
    op: str | None = None
    unit: str = ""
    gap: Fraction | None = None
    year: int | None = None             # fiscal year the figure belongs to
    fields: tuple[str, ...] = ()        # profile fields read
    missing: tuple[str, ...] = ()       # of those, the empty ones
    problem: tuple[str, str] | None = None
    remedy: Remedy | None = None
    value_zh: str = ""                  # flag/member: the value as text
    value_en: str = ""
    expect_zh: str = ""                 # member: the accepted options
    expect_en: str = ""
    group: int = 0                      # per-year siblings share a group number
    lo: Fraction | None = None          # score: the interval the total can still take (lo == hi: known)
    hi: Fraction | None = None
    bound_zh: str = ""                  # score decided by a bound: how the undecided items were counted
    bound_en: str = ""

    # each (zh, en) pair as one Text, for `.get(lang)`; the pairs stay (the JSON contract's keys)
    label = bilingual("label")
    value = bilingual("value")
    expect = bilingual("expect")
    bound = bilingual("bound")


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Literal["pass", "fail", "missing"]
    parts: tuple[Part, ...]             # every leaf under the node
    why: tuple[Part, ...]               # the leaves that explain the status
    why_text: tuple[tuple[str, str], ...] = ()   # extra (zh, en) phrases (e.g. "满足其一即可")


@dataclass(frozen=True, slots=True)
class ItemScore:
    id: str
    group: str
    label_zh: str
    label_en: str
    max: Fraction
    lo: Fraction
    hi: Fraction
    actual: Fraction | None
    unit: str
    missing: tuple[str, ...]
    interpretation: Text | None
    problems: tuple[tuple[str, str], ...] = ()   # why a known input cannot be scored ("营业收入为 0")

    label = bilingual("label")

    @property
    def points(self) -> Fraction | None:
        return self.lo if self.lo == self.hi else None


@dataclass(frozen=True, slots=True)
class GroupScore:
    id: str
    label_zh: str
    label_en: str
    max: Fraction
    lo: Fraction
    hi: Fraction

    label = bilingual("label")


@dataclass(frozen=True, slots=True)
class ScoreResult:
    id: str
    label_zh: str
    label_en: str
    max: Fraction
    lo: Fraction
    hi: Fraction
    groups: tuple[GroupScore, ...]
    items: tuple[ItemScore, ...]

    label = bilingual("label")

    @property
    def total(self) -> Fraction | None:
        return self.lo if self.lo == self.hi else None

    def target(self, name: str) -> tuple[Fraction, Fraction]:
        if name == "total":
            return self.lo, self.hi
        kind, _, key = name.partition(":")
        pool = self.groups if kind == "group" else self.items
        for x in pool:
            if x.id == key:
                return x.lo, x.hi
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    topic: str
    label_zh: str
    label_en: str
    status: Status
    actual: Fraction | None
    threshold: Fraction | None
    gap: Fraction | None
    unit: str
    self_declared: bool
    reason_zh: str
    reason_en: str
    citation: Citation
    interpretation: Text | None
    note: Text | None
    period_zh: str
    period_en: str
    parts: tuple[Part, ...]
    remedies: tuple[Remedy, ...]
    score: ScoreResult | None
    year: int | None = None           # the fiscal year of the headline figure (per-year rules)
    op: str | None = None             # comparator of the headline figure (>=, <=, >, <)
    quantitative: bool = False        # the rule compares numbers (from the rule data; radar spokes)
    short_zh: str = ""                # a few characters for chart spokes (defaults to the label)
    short_en: str = ""
    see_also: tuple[Citation, ...] = ()   # further sources of the rule (e.g. an unverified 附件3 sentence)
    basis: Citation | None = None     # the notice that set the criterion aside (not_applicable), if any
    score_min: Fraction | None = None  # a score criterion: the interval the headline score can take
    score_max: Fraction | None = None
    actual_bound: str | None = None    # "max" / "min" when `actual` is only the best / worst case
    caveat: Text | None = None        # a doubt the law leaves for this assessment (stated in the reason)

    # each (zh, en) pair as one Text, for `.get(lang)`; the pairs stay (the JSON contract's keys)
    label = bilingual("label")
    reason = bilingual("reason")
    period = bilingual("period")
    short = bilingual("short")

    @property
    def gap_unit(self) -> str:
        return fmt.gap_unit(self.unit)


@dataclass(frozen=True, slots=True)
class TierResult:
    tier: str
    ruleset: str
    standard: str
    title_zh: str
    title_en: str
    verdict: Verdict                  # including the gate
    own_verdict: Verdict              # the tier's own criteria only
    criteria: tuple[CriterionResult, ...]
    standard_reason: Text | None
    standard_interpretation: Text | None
    standard_source: Literal["auto", "explicit", "fixed", "gate"]
    size_class: str | None = None     # gate only: large/medium/small/micro

    title = bilingual("title")

    def criterion(self, cid: str) -> CriterionResult:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def counts(self) -> Mapping[str, int]:
        out = {s: 0 for s in ("pass", "fail", "exempt", "missing", "not_applicable")}
        for c in self.criteria:
            out[c.status] += 1
        return MappingProxyType(out)


@dataclass(frozen=True, slots=True)
class Assessment:
    company_name: str | None
    assessment_year: int
    application_type: str
    fiscal_years: Mapping[str, int]
    standard_choice: str
    gate: TierResult
    tiers: Mapping[str, TierResult]

    def all_criteria(self) -> Iterable[CriterionResult]:
        yield from self.gate.criteria
        for t in self.tiers.values():
            yield from t.criteria


# ---------------------------------------------------------------------- evaluation context

@dataclass
class _Ctx:
    profile: Any
    book: RuleBook
    year: int
    ruleset: RuleSet
    scores: dict[str, ScoreResult] = field(default_factory=dict)
    group_seq: int = 0

    def fy(self, y: str | None) -> int | None:
        return self.year - YEAR_OFFSET[y] if y in YEAR_OFFSET else None

    def next_group(self) -> int:
        self.group_seq += 1
        return self.group_seq


def _label(node_label: Text | None, zh: str, en: str) -> tuple[str, str]:
    return (node_label.zh, node_label.en) if node_label else (zh, en)


def _compare_part(ctx: _Ctx, ind: Indicator, year: str | None, op: str, t: Fraction, unit: str,
                  label: tuple[str, str], group: int) -> Part:
    m: Measure = ind.measure(ctx.profile, year)
    fy = ctx.fy(year)
    if year is None and len(ind.inputs()) == 1:        # a plain field: its own fiscal year
        fy = ctx.fy(FIELD[ind.inputs()[0]].period)
    common = dict(label_zh=label[0], label_en=label[1], threshold=t, op=op, unit=unit, year=fy,
                  fields=m.inputs, missing=m.missing, group=group)
    if not m.known:
        return Part("number", "missing", problem=m.problem, **common)
    ok = ind.compare(m, op, t)
    gap = Fraction(0) if ok else rulelang.shortfall(m.value, op, t, unit)
    remedy = None if ok else ind.remedy(ctx.profile, year, op, t)
    return Part("number", "pass" if ok else "fail", actual=m.value, gap=gap, remedy=remedy, **common)


def _eval(node: Cond, ctx: _Ctx) -> Outcome:
    if isinstance(node, Compare):
        ind = node.source()
        t = frac(node.threshold)
        label = _label(node.label, ind.zh, ind.en)
        if node.years:
        # one leaf per fiscal year; all must hold ("each of the two years")
            g = ctx.next_group()
            leaves = [_compare_part(ctx, ind, y, node.op, t, node.unit, label, g) for y in node.years]
            return _combine_all([Outcome(p.status, (p,), (p,)) for p in leaves])
        p = _compare_part(ctx, ind, None, node.op, t, node.unit, label, ctx.next_group())
        return Outcome(p.status, (p,), (p,))
    if isinstance(node, Flag):
        spec = FIELD[node.field]
        v = getattr(ctx.profile, node.field)
        label = _label(node.label, spec.short_zh, spec.short_en)
        st = "missing" if v is None else ("pass" if v is node.is_ else "fail")
        vz, ve = ("", "") if v is None else YES_NO[v]
        p = Part("flag", st, label[0], label[1], fields=(node.field,),
                 missing=(node.field,) if v is None else (), value_zh=vz, value_en=ve,
                 expect_zh=YES_NO[node.is_][0], expect_en=YES_NO[node.is_][1])
        return Outcome(st, (p,), (p,))
    if isinstance(node, Member):
        spec = FIELD[node.field]
        v = getattr(ctx.profile, node.field)
        label = _label(node.label, spec.short_zh, spec.short_en)
        st = "missing" if v is None else ("pass" if v in node.in_ else "fail")
        opt = spec.option(v) if v is not None else None
        p = Part("member", st, label[0], label[1], fields=(node.field,),
                 missing=(node.field,) if v is None else (),
                 value_zh=opt.zh if opt else "", value_en=opt.en if opt else "",
                 expect_zh="、".join(spec.option(x).zh for x in node.in_),
                 expect_en=", ".join(spec.option(x).en for x in node.in_))
        return Outcome(st, (p,), (p,))
    if isinstance(node, ScoreTest):
        return _eval_score_test(node, ctx)
    if isinstance(node, AllOf):
        return _with_label(_combine_all([_eval(c, ctx) for c in node.all_of]), node.label)
    if isinstance(node, AnyOf):
        return _with_label(_combine_any([_eval(c, ctx) for c in node.any_of]), node.label)
    if isinstance(node, Switch):
        return _eval_switch(node, ctx)
    if isinstance(node, SmeSize):
        return _eval_size(ctx)[0]
    raise TypeError(f"unknown condition node {type(node).__name__}")  # pragma: no cover


def _with_label(o: Outcome, label: Text | None) -> Outcome:
    if label is None:
        return o
    return Outcome(o.status, o.parts, o.why, ((label.zh, label.en),) + o.why_text if o.status == "pass" else o.why_text)


def _combine_all(outs: list[Outcome]) -> Outcome:
    """rulelang.all_of; explained by the parts that decide it (every failing / unknown / passing one)."""
    parts = tuple(p for o in outs for p in o.parts)
    st = rulelang.all_of(o.status for o in outs)
    return Outcome(st, parts, tuple(p for o in outs if o.status == st for p in o.why))


def _combine_any(outs: list[Outcome]) -> Outcome:
    """rulelang.any_of; explained by the first passing part, every unknown one, or every failing one."""
    parts = tuple(p for o in outs for p in o.parts)
    st = rulelang.any_of(o.status for o in outs)
    if st == "pass":
        o = next(o for o in outs if o.status == "pass")
        return Outcome("pass", parts, o.why, o.why_text)
    if st == "missing":
        return Outcome("missing", parts, tuple(p for o in outs if o.status == "missing" for p in o.why))
    return Outcome("fail", parts, tuple(p for o in outs for p in o.why), (ANY_OF_HINT,))


def _eval_switch(node: Switch, ctx: _Ctx) -> Outcome:
    ind = node.source()
    m = ind.measure(ctx.profile, None)
    fy = ctx.fy(FIELD[ind.inputs()[0]].period) if len(ind.inputs()) == 1 else None
    if not m.known:
        p = Part("band", "missing", ind.zh, ind.en, unit=node.unit, year=fy, fields=m.inputs,
                 missing=m.missing, problem=m.problem, group=ctx.next_group())
        return Outcome("missing", (p,), (p,))
    chosen, label = node.otherwise, None
    for case in node.cases:
        if ind.compare(m, case.op, frac(case.threshold)):
            chosen, label = case.then, case.label
            break
    else:
        label = getattr(node.otherwise, "label", None)
    lz, le = (label.zh, label.en) if label else (ind.zh, ind.en)
    band = Part("band", "pass", lz, le, actual=m.value, unit=node.unit, year=fy, fields=m.inputs,
                group=ctx.next_group())
    inner = _eval(chosen, ctx)
    return Outcome(inner.status, (band,) + inner.parts, (band,) + inner.why, inner.why_text)


# ---------------------------------------------------------------------------- scorecards

def _band_cond_status(b, item, ctx: _Ctx) -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(status, missing fields, problems) of one score band's condition."""
    if b.when is not None:
        o = _eval(b.when, ctx)
        return (o.status, tuple(f for p in o.parts for f in p.missing),
                tuple(p.problem for p in o.parts if p.problem))
    ind = item.measure.source()
    m = ind.measure(ctx.profile, item.measure.year)
    if not m.known:
        return "missing", m.missing, (m.problem,) if m.problem else ()
    if b.at_least is not None:
        return ("pass" if ind.compare(m, ">=", frac(b.at_least)) else "fail"), (), ()
    return ("pass" if ind.compare(m, "<=", frac(b.at_most)) else "fail"), (), ()


def _score_item(item, ctx: _Ctx) -> ItemScore:
    mx = frac(item.max)
    actual, unit, missing, probs = None, "", (), ()
    if item.measure is not None:
        ind = item.measure.source()
        m = ind.measure(ctx.profile, item.measure.year)
        actual, unit, missing = m.value, item.measure.unit, m.missing
        probs = (m.problem,) if m.problem else ()
    if item.points_equal_value:
        if actual is None:
            return ItemScore(item.id, item.group, item.label.zh, item.label.en, mx, Fraction(0), mx, None, unit,
                             missing, item.interpretation, probs)
        pts = min(max(actual, Fraction(0)), mx)
        return ItemScore(item.id, item.group, item.label.zh, item.label.en, mx, pts, pts, actual, unit, (),
                         item.interpretation)
    statuses: list[str] = []
    miss: list[str] = list(missing)
    problems: list[tuple[str, str]] = list(probs)
    for b in item.bands:              # in order, up to the first passing band (rulelang.band_interval)
        st, mf, pr = _band_cond_status(b, item, ctx)
        miss.extend(f for f in mf if f not in miss)
        problems.extend(x for x in pr if x not in problems)
        statuses.append(st)
        if st == "pass":
            break
    lo, hi = rulelang.band_interval(statuses, [frac(b.points) for b in item.bands], frac(item.otherwise))
    undecided = lo != hi
    return ItemScore(item.id, item.group, item.label.zh, item.label.en, mx, lo, hi, actual, unit,
                     tuple(miss) if undecided else (), item.interpretation,
                     tuple(problems) if undecided else ())


def score(card: Scorecard, ctx: _Ctx) -> ScoreResult:
    if card.id in ctx.scores:
        return ctx.scores[card.id]
    items = tuple(_score_item(i, ctx) for i in card.items)
    groups = tuple(GroupScore(g.id, g.label.zh, g.label.en, frac(g.max),
                              sum((i.lo for i in items if i.group == g.id), Fraction(0)),
                              sum((i.hi for i in items if i.group == g.id), Fraction(0)))
                   for g in card.groups)
    res = ScoreResult(card.id, card.label.zh, card.label.en, frac(card.max),
                      sum((i.lo for i in items), Fraction(0)), sum((i.hi for i in items), Fraction(0)),
                      groups, items)
    ctx.scores[card.id] = res
    return res


def _eval_score_test(node: ScoreTest, ctx: _Ctx) -> Outcome:
    res = score(ctx.ruleset.scorecard(node.score), ctx)
    lo, hi = res.target(node.target)
    t = frac(node.threshold)
    st = rulelang.interval_status(OPS[node.op](lo, t), OPS[node.op](hi, t))
    label = _label(node.label, res.label_zh, res.label_en)
    missing = tuple(dict.fromkeys(f for i in res.items for f in i.missing))
    problems = tuple(dict.fromkeys(x for i in res.items for x in i.problems))
    actual = rulelang.interval_actual(lo, hi, node.op, st)
    gap = {"pass": Fraction(0), "fail": None, "missing": None}[st]
    if st == "fail":
        gap = rulelang.shortfall(actual, node.op, t, "分")
    problem = None
    if st == "missing" and problems:
        problem = ("；".join(z for z, _ in problems), "; ".join(e for _, e in problems))
    bz = be = ""
    if lo != hi and st in ("pass", "fail"):
        # decided by a bound: say how the undecided items were counted (best case for a fail, worst for a pass)
        best = (st == "fail") == (node.op in (">=", ">"))
        bz, be = bound_text(_target_items(res, node.target), best, ctx.year)
    p = Part("score", st, label[0], label[1], actual=actual, threshold=t, op=node.op, unit="分", gap=gap,
             missing=missing if st == "missing" else (), fields=missing, group=ctx.next_group(), problem=problem,
             lo=lo, hi=hi, bound_zh=bz, bound_en=be)
    return Outcome(st, (p,), (p,))


def _target_items(res: ScoreResult, target: str) -> tuple[ItemScore, ...]:
    kind, _, key = target.partition(":")
    if kind == "group":
        return tuple(i for i in res.items if i.group == key)
    if kind == "item":
        return tuple(i for i in res.items if i.id == key)
    return res.items


# ------------------------------------------------------------------------------ SME size

def _eval_size(ctx: _Ctx) -> tuple[Outcome, str | None]:
    table = ctx.book.size
    ind_key = ctx.profile.industry
    g = ctx.next_group()
    if ind_key is None:
        p = Part("size", "missing", *INDUSTRY, fields=("industry",), missing=("industry",), group=g)
        return Outcome("missing", (p,), (p,)), None
    ind = table.industry(ind_key)
    fields_of = rulelang.size_fields(table)
    fy = ctx.year - 1

    def leaf(b, op) -> Part:
        f = fields_of[b.measure]
        spec = FIELD[f]
        v = frac(getattr(ctx.profile, f))
        t = frac(b.value)
        unit = spec.unit_zh
        if v is None:
            return Part("number", "missing", spec.short_zh, spec.short_en, threshold=t, op=op, unit=unit, year=fy,
                        fields=(f,), missing=(f,), group=g)
        ok = OPS[op](v, t)
        gap = Fraction(0) if ok else rulelang.shortfall(v, op, t, unit)
        return Part("number", "pass" if ok else "fail", spec.short_zh, spec.short_en, actual=v, threshold=t, op=op,
                    unit=unit, year=fy, fields=(f,), group=g, gap=gap)

    sme = _combine_any([Outcome(p.status, (p,), (p,)) for p in (leaf(b, "<") for b in ind.sme_if_below_any)])
    medium = _combine_all([Outcome(p.status, (p,), (p,)) for p in (leaf(b, ">=") for b in ind.medium.all_of)])
    small = _combine_all([Outcome(p.status, (p,), (p,)) for p in (leaf(b, ">=") for b in ind.small.all_of)])
    cls = rulelang.size_class(sme.status, medium.status, small.status)
    z, e = ind.label.zh, ind.label.en
    head = Part("size", sme.status, *sector(z, e), fields=("industry",), group=g,
                value_zh=SIZE_CLASS_TEXT[cls].zh if cls else "", value_en=SIZE_CLASS_TEXT[cls].en if cls else "")
    return Outcome(sme.status, (head,) + sme.parts, (head,) + sme.why, sme.why_text), cls


# ---------------------------------------------------------------------------- criteria

def _headline(o: Outcome, status: str, unit: str) -> Part | None:
    """The part whose actual/threshold/gap stand for the whole criterion (rulelang.headline)."""
    return rulelang.headline(o.parts, o.why, status, unit)


def evaluate_criterion(c: Criterion, ctx: _Ctx, application_type: str) -> CriterionResult:
    period = period_text(c.period, ctx.year)
    quantitative = any(isinstance(n, (Compare, ScoreTest)) for n in walk(c.test, c.review_test))
    base = dict(id=c.id, topic=c.topic, label_zh=c.label.zh, label_en=c.label.en, self_declared=c.self_declared,
                citation=c.citation, see_also=c.see_also, interpretation=c.interpretation, note=c.note,
                period_zh=period[0], period_en=period[1], quantitative=quantitative,
                short_zh=c.short.zh if c.short else c.label.zh, short_en=c.short.en if c.short else c.label.en)
    na = c.applicability(application_type, ctx.year)
    if na is not None:
        text, basis = na
        zh, en = not_applicable_reason(text, basis)
        return CriterionResult(status="not_applicable", actual=None, threshold=None, gap=None, unit=c.unit,
                               reason_zh=zh, reason_en=en, parts=(), remedies=(), score=None, basis=basis, **base)
    caveat = c.caveat(application_type, ctx.year)
    test = rulelang.test_for(c, application_type)
    o = _eval(test, ctx)
    ex: Outcome | None = None
    if o.status != "pass" and c.exempt_if is not None:
        ex = _eval(c.exempt_if, ctx)
    status: Status = rulelang.exempt_status(o.status, ex.status if ex else None)  # type: ignore[assignment]
    head = _headline(o, "pass" if status == "exempt" else status, c.unit)
    actual = head.actual if head and status != "missing" else None
    threshold = head.threshold if head else None
    gap: Fraction | None
    if status in ("pass", "exempt"):
        gap = Fraction(0) if threshold is not None else None
    elif status == "fail":
        gap = head.gap if head else None
    else:
        gap = None
    unit = head.unit if head else c.unit
    remedies = tuple(p.remedy for p in o.why if p.status == "fail" and p.remedy is not None) \
        if status == "fail" else ()
    card = next((ctx.ruleset.scorecard(n.score) for n in walk(test) if isinstance(n, ScoreTest)), None)
    sc = score(card, ctx) if card is not None else None
    zh, en = explain(status, o, ex, c, ctx.year)
    smin = smax = bound = None
    if head is not None and head.kind == "score":
        smin, smax = head.lo, head.hi
        if status in ("pass", "fail") and head.lo != head.hi and actual is not None:
            bound = "max" if actual == head.hi else "min"
    zh, en = with_caveat(zh, en, caveat)
    parts = o.parts + (ex.parts if ex else ())
    return CriterionResult(status=status, actual=actual, threshold=threshold, gap=gap, unit=unit,
                           reason_zh=zh, reason_en=en, parts=parts, remedies=remedies, score=sc,
                           year=head.year if head else None, op=head.op if head else None, caveat=caveat,
                           score_min=smin, score_max=smax, actual_bound=bound, **base)


# ------------------------------------------------------------------------------- tiers

_verdict = rulelang.verdict          # the weakest criterion's verdict
_with_gate = rulelang.with_gate      # the weaker of the tier's own and the gate's


def evaluate_ruleset(rs: RuleSet, profile: Any, book: RuleBook, year: int, application_type: str) -> tuple[
        tuple[CriterionResult, ...], str | None]:
    ctx = _Ctx(profile, book, year, rs)
    results = tuple(evaluate_criterion(c, ctx, application_type) for c in rs.criteria)
    size = None
    if rs.tier == "gate":
        size = _eval_size(ctx)[1]
    return results, size


def check_standard(book: RuleBook, standard: str) -> None:
    """ValueError unless `standard` is one of book.standard_choices (auto, 2026, 2022 …)."""
    choices = book.standard_choices
    if standard not in choices:
        raise ValueError(f"standard must be {', '.join(choices[:-1])} or {choices[-1]}, not {standard!r}")


def choose_standard(book: RuleBook, tier: str, application_type: str, year: int, choice: str):
    """(standard, reason, interpretation, source) for a tier under --standard auto|2026|2022."""
    sel = book.selection
    if book.is_fixed(tier):
        f = sel.fixed_for(tier)
        return f.standard, f.reason, None, "fixed"
    if choice in book.choosable_standards:
        zh, en = chosen_by_hand(choice)
        return choice, Text(zh=zh, en=en), None, "explicit"
    r = sel.pick(tier, application_type, year)
    return r.standard, fill_year(r.reason, year), fill_year(r.interpretation, year), "auto"


def evaluate(profile: Any, book: RuleBook, standard: str = "auto") -> Assessment:
    """Assess one company. `standard`: auto (criteria/selection.yaml; docs/rules.md 适用标准的选择), 2026 or 2022 (both tiers).

    Pure: reads only its arguments; the same inputs always give the same Assessment."""
    check_standard(book, standard)
    year = int(profile.assessment_year)
    app = profile.application_type or "new"
    gate_rs = book.get("gate")
    gate_crit, size = evaluate_ruleset(gate_rs, profile, book, year, app)
    gate_verdict = _verdict(c.status for c in gate_crit)
    gate = TierResult("gate", gate_rs.id, gate_rs.standard, gate_rs.title.zh, gate_rs.title.en, gate_verdict,
                      gate_verdict, gate_crit, None, None, "gate", size)
    tiers = {}
    for tier in book.tiers:
        std, reason, interp, src = choose_standard(book, tier, app, year, standard)
        rs = book.get(tier, std)
        crit, _ = evaluate_ruleset(rs, profile, book, year, app)
        own = _verdict(c.status for c in crit)
        tiers[tier] = TierResult(tier, rs.id, rs.standard, rs.title.zh, rs.title.en, _with_gate(own, gate_verdict),
                                 own, crit, reason, interp, src)
    return Assessment(profile.company_name, year, app,
                      MappingProxyType({"y1": year - 1, "y2": year - 2, "y3": year - 3}), standard, gate,
                      MappingProxyType(tiers))
