"""The minimal-change plan: the least money that makes a tier pass, computed from the rule data.

Pure (no Streamlit, no I/O). The tier's rule set (plus the eligibility gate) is compiled into a
mixed-integer linear programme and solved with scipy's HiGHS (`scipy.optimize.milp`); every
plan is then re-checked exactly by the engine (`engine.evaluate`) on the changed profile, so a
plan is never out of step with the law. No threshold is written here: all of them are read from
the RuleBook, so a change in criteria/*.yaml needs no change in this module.

## What "minimal" means
1. First, as few conditions as possible that money cannot meet (requirements: Ⅰ类 IP, niche
   years, the platform score, titles, self-declared items, the 申报条件, missing figures);
2. then the smallest **total money moved**, summed over the levers in 万元, **1 万元 of any lever
   = 1** (R&D, revenue, equity, repayment, conversion weigh the same). Why: every lever is money
   the company must find, earn or move; any exchange rate between them (margins, cost of capital,
   a creditor's consent) depends on facts the profile does not hold, and a hidden rate would make
   the plan impossible to check by hand. Users who rule a lever out lock it instead.
   Ties go to the more natural lever (main-business over other revenue, the later fiscal year
   over the earlier one) by a negligible epsilon.

## Levers (each only increases, in 万元; `--lock` a field or a lever to rule it out)
| lever | moves | assumption stated on the number |
|---|---|---|
| `rd_y1`, `rd_y2` | 研发费用 of that fiscal year | 营业收入 unchanged by it |
| `main_y1` | 主营业务收入 y1 **and** 营业收入 y1 | new main-business revenue is also operating revenue |
| `other_y1` | 营业收入 y1 only | other (non-main) revenue |
| `equity_y1`, `equity_y2` | 新增股权投资 of that year **and** 上年末资产总额 | paid in by qualified institutional investors; the cash is still held at 上年末 |
| `repay` | 负债总额 **and** 资产总额, both down | debt repaid from cash (enough cash assumed) |
| `convert` | 负债总额 down only | 债转股: creditors convert debt to equity |
Revenue before FY A−1 and every non-money field (staff, IP, score, titles …) are not levers:
earlier revenue only enters the rules as a base (ratio denominators, growth bases), where
raising it never helps. Levers touch only the figures named: net profit, total costs and the
balance sheet do not follow R&D or revenue changes (the plan says so).

## Law structure
OR-paths (营业收入 or 股权投资; Ⅰ类 IP or an exemption; share or rank) are binary choices;
per-year rules are one constraint per fiscal year (a strong year never offsets a weak one);
couplings come from the shared variables (more revenue raises the R&D a ratio needs; a two-year
total and both yearly ratios bind the same R&D figures; CAGR compares y1 against y3; the SME
size bounds cap revenue and assets); review applications use the rule's review test. The
cheapest plan is reported together with the alternatives: each other OR-branch solved on its own,
and, when the debt ratio binds, each balance-sheet move alone (repay / convert / new capital).

## Forward planning (`for_year` = A' > A)
The profile is rolled forward with the projection's assumptions (zjtx.project); fiscal years
before A are fixed (closed), fiscal years A … A'−1 are the levers.
"""

from __future__ import annotations

from functools import partial
import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from . import fmt, rulelang
from .engine import TIERS, Assessment, evaluate, evaluate_ruleset
from .fields import FIELD
from .indicators import FIELD_INDICATORS, Indicator, frac
from .i18n import Text, bilingual, pair, word
from .moves import MOVE_TEXT, MOVES, LeverText
from .project import PlanInputError
from .rules import AllOf, AnyOf, Compare, Cond, Criterion, Flag, Member, RuleBook, RuleSet, ScoreTest, SmeSize, Switch

PLAN_TIERS = TIERS      # every tier of the rule book (engine.TIERS = RuleBook.tiers)
_CENT = Decimal("0.01")
_U = 100.0            # lever upper bound, in units of the profile's money scale
_W_REQ = 1000.0       # weight of one requirement in the objective (above any money total)
_EPS = 1e-6           # tie-break weight


class PlanError(PlanInputError):
    """Bad plan input (unknown tier or lock, year out of range). `.zh` is one clear Chinese line."""


# ----------------------------------------------------------------------------------- levers

@dataclass(frozen=True)
class Lever:
    id: str
    effects: tuple[tuple[str, int], ...]      # (field, +1/-1 per 万元 of the lever)
    kind: str                                 # rd | main | other | equity | repay | convert
    offset: int | None                        # fiscal year offset (1 = y1) or None (year end)
    tie: float = 0.0                          # tie-break epsilon weight

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.effects)


LEVERS: tuple[Lever, ...] = (
    Lever("rd_y1", (("rd_expense_y1", 1),), "rd", 1),
    Lever("rd_y2", (("rd_expense_y2", 1),), "rd", 2, _EPS),
    Lever("main_y1", (("main_revenue_y1", 1), ("revenue_y1", 1)), "main", 1),
    Lever("other_y1", (("revenue_y1", 1),), "other", 1, _EPS),
    # the balance-sheet moves' effects come from zjtx.moves (debt_routes prices the same moves)
    Lever("equity_y1", (("equity_y1", 1), *MOVES["capital"]), "equity", 1),
    Lever("equity_y2", (("equity_y2", 1), *MOVES["capital"]), "equity", 2, _EPS),
    Lever("repay", MOVES["repay"], "repay", None),
    Lever("convert", MOVES["convert"], "convert", None),
)
LEVER = MappingProxyType({lv.id: lv for lv in LEVERS})
LOCKABLE = tuple(dict.fromkeys([f for lv in LEVERS for f in lv.fields] + [lv.id for lv in LEVERS]))

# each lever kind's name and assumption; the balance-sheet moves' words are zjtx.moves.MOVE_TEXT's
LEVER_TEXT = MappingProxyType({
    "rd": LeverText(Text("研发费用", "R&D expense"), Text("营业收入不因此变化", "operating revenue unchanged by it")),
    "main": LeverText(Text("主营业务收入", "main-business revenue"),
                      Text("新增主营业务收入同时计入营业收入", "new main-business revenue also counts as operating revenue")),
    "other": LeverText(Text("其他业务收入", "other revenue"),
                       Text("只增加营业收入，不计入主营业务收入",
                            "adds to operating revenue only, not to main-business revenue")),
    "equity": LeverText(Text("合格机构投资者实缴股权投资", "qualified paid-in equity"),
                        Text("按合格机构投资者实缴计；资金计入上年末资产总额",
                             "paid in by qualified institutional investors; the cash adds to year-end total assets")),
    **{move: MOVE_TEXT[move] for move in ("repay", "convert", "capital")},
})

MOVE_LABEL = MappingProxyType({
    "repay": ("只以现金偿还负债", "repayment from cash only"),
    "convert": ("只用债转股", "debt-to-equity conversion only"),
    "capital": ("只用新增实缴资本", "new paid-in capital only"),
})

MODEL_ASSUMPTIONS: tuple[tuple[str, str], ...] = (
    ("“最小”的含义：先使资金无法解决的条件最少，再使未锁定杠杆的调整金额合计（万元）最小；各类杠杆每 1 万元权重相同。",
     "'Minimal': first the fewest conditions money cannot meet, then the smallest total money moved over the "
     "unlocked levers (万元); 1 万元 of any lever weighs the same."),
    ("杠杆只增不减：研发费用、主营/其他业务收入、合格机构投资者实缴股权投资、以现金偿还负债、债转股；上上年度以前的营业收入不作为杠杆。",
     "Levers only increase: R&D expense, main/other revenue, qualified paid-in equity, repaying debt from cash, "
     "debt-to-equity conversion; revenue before the last fiscal year is not a lever."),
    ("资产负债表：以现金偿还负债使负债和资产同额减少；新增实缴资本增加资产；债转股只减少负债。",
     "Balance sheet: repaying from cash lowers liabilities and assets equally; new paid-in capital raises assets; "
     "converting debt to equity lowers liabilities only."),
    ("计划只改动所列数字：研发费用和收入的变化不联动净利润、成本费用总额与资产负债表。",
     "The plan changes only the figures listed: R&D and revenue changes do not flow into net profit, total "
     "costs or the balance sheet."),
    ("知识产权、年限、发展评价得分、称号和自报事项不能用资金购买，列为“尚需满足”。",
     "IP, years, the development score, titles and self-declared items cannot be bought; they are listed as "
     "requirements."),
)


# ------------------------------------------------------------------------ linear forms of indicators

def _kind(ind: Indicator) -> str | None:
    if FIELD_INDICATORS.get(ind.name) is ind:
        return "sum"
    return _KINDS.get(ind.name)


_KINDS: Mapping[str, str] = MappingProxyType({
    "revenue": "sum", "main_revenue": "sum", "rd_expense": "sum",
    "equity_2y": "sum", "equity_3y": "sum", "rd_total_2y": "sum", "rd_avg_2y": "avg",
    "rd_ratio": "ratio", "main_share": "ratio", "debt_ratio": "ratio", "net_margin": "ratio",
    "rd_staff_share": "ratio", "tech_staff_share": "ratio", "rd_cost_ratio": "ratio",
    "revenue_cagr_2y": "cagr", "main_growth_avg_2y": "avg_growth", "main_growth_1y": "growth",
})


def linear_form(ind: Indicator, year: str | None, op: str, t: Fraction, base: Mapping[str, Fraction],
                moving: Iterable[str] = ()) -> tuple[dict[str, Fraction], Fraction, str] | None:
    """`indicator op t` as `Σ coef·field sense rhs` (sense >= or <=), valid while the denominators
    stay positive; None when the indicator is not linear in the moving fields.
    `base` holds the current values (needed for the fixed bases of growth rates)."""
    kind = _kind(ind)
    names = ind.inputs(year)
    sense = ">=" if op in (">=", ">") else "<="
    if kind == "sum":
        return {n: Fraction(1) for n in names}, t, sense
    if kind == "avg":
        return {n: Fraction(1) for n in names}, t * len(names), sense
    if kind == "ratio":
        num, den = names
        return {num: Fraction(100), den: -t}, Fraction(0), sense
    if kind == "cagr":
        r1, r3 = names
        return {r1: Fraction(1), r3: -(1 + t / 100) ** 2}, Fraction(0), sense
    if kind == "growth":
        m1, m2 = names
        return {m1: Fraction(1), m2: -(1 + t / 100)}, Fraction(0), sense
    if kind == "avg_growth":
        m1, m2, m3 = names
        if m2 in moving or m3 in moving or not base.get(m2) or not base.get(m3):
            return None
        b2, b3 = base[m2], base[m3]
        return {m1: Fraction(1)}, b2 * (2 + 2 * t / 100 - b2 / b3), sense
    return None


# ---------------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Change:
    field: str
    from_: Decimal | None
    to: Decimal
    delta: Decimal
    unit: str
    fiscal_year: int | None

    def to_dict(self) -> dict[str, Any]:
        spec = FIELD[self.field]
        return {"field": self.field, "from": _num(self.from_), "to": _num(self.to), "delta": _num(self.delta),
                "unit": self.unit, "label": spec.zh, "label_en": spec.en, "fiscal_year": self.fiscal_year}


@dataclass(frozen=True)
class Action:
    lever: str
    amount: Decimal
    unit: str
    fiscal_year: int | None
    text_zh: str
    text_en: str
    assumption_zh: str
    assumption_en: str
    buys: tuple[str, ...] = ()

    text = bilingual("text")               # `.get(lang)`; to_dict keeps the text / text_en keys
    assumption = bilingual("assumption")

    def to_dict(self) -> dict[str, Any]:
        return {"lever": self.lever, "amount": _num(self.amount), "unit": self.unit, "fiscal_year": self.fiscal_year,
                "text": self.text_zh, "text_en": self.text_en, "assumption": self.assumption_zh,
                "assumption_en": self.assumption_en, "buys": list(self.buys)}


@dataclass(frozen=True)
class Requirement:
    id: str
    kind: str          # title | segment_years | score | ip | self_declared | gate | missing | locked | other
    text_zh: str
    text_en: str
    year: int | None = None     # segment years: the assessment year it will be reached

    text = bilingual("text")

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "text": self.text_zh, "text_en": self.text_en, "kind": self.kind}
        if self.year is not None:
            d["year"] = self.year
        return d


@dataclass(frozen=True)
class Route:
    """One way to meet the tier: the money changes, what money cannot buy, and the engine's check."""
    label_zh: str
    label_en: str
    cost: Decimal
    changes: tuple[Change, ...]
    actions: tuple[Action, ...]
    requirements: tuple[Requirement, ...]
    verdict_after: str
    profile_after: Any = field(repr=False, compare=False, default=None)
    assessment_after: Assessment | None = field(repr=False, compare=False, default=None)

    label = bilingual("label")

    @property
    def reachable(self) -> bool:
        return not self.requirements and self.verdict_after == "meets"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label_zh, "label_en": self.label_en, "reachable": self.reachable,
                "cost": _num(self.cost), "changes": [c.to_dict() for c in self.changes],
                "actions": [a.to_dict() for a in self.actions],
                "requirements": [r.to_dict() for r in self.requirements], "verdict_after": self.verdict_after}


@dataclass(frozen=True)
class Plan:
    tier: str
    standard: str
    ruleset: str
    assessment_year: int
    for_year: int | None
    locks: tuple[str, ...]
    verdict_before: str
    best: Route
    alternatives: tuple[Route, ...]
    assumptions: tuple[tuple[str, str], ...]
    title_zh: str = ""
    title_en: str = ""
    profile: Any = field(repr=False, compare=False, default=None)     # the profile planned from

    title = bilingual("title")

    @property
    def reachable(self) -> bool:
        return self.best.reachable

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.best.changes

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return self.best.requirements

    def to_dict(self) -> dict[str, Any]:
        b = self.best
        return {
            "tier": self.tier, "standard": self.standard, "reachable": self.reachable,
            "changes": [c.to_dict() for c in b.changes],
            "requirements": [r.to_dict() for r in b.requirements],
            "alternatives": [r.to_dict() for r in self.alternatives],
            "verdict_after": b.verdict_after,
            "verdict_before": self.verdict_before, "ruleset": self.ruleset, "title": self.title_zh,
            "title_en": self.title_en,
            "assessment_year": self.assessment_year, "for_year": self.for_year, "locked": list(self.locks),
            "cost": _num(b.cost), "unit": "万元", "actions": [a.to_dict() for a in b.actions],
            "route": b.label_zh, "route_en": b.label_en,
            "assumptions": [z for z, _ in self.assumptions], "assumptions_en": [e for _, e in self.assumptions],
        }


def _num(v: Any) -> Any:
    return fmt.json_number(v, 2) if v is not None else None


# ------------------------------------------------------------------------------ the model

@dataclass
class _Leaf:
    crit: str
    kind: str                          # number | flag | member | score | size
    label_zh: str
    label_en: str
    fields: tuple[str, ...]
    op: str | None = None
    threshold: Fraction | None = None
    unit: str = ""
    actual: Fraction | None = None
    status: str = "fail"               # static status: pass | fail | missing ; "dynamic"
    year: int | None = None
    missing: tuple[str, ...] = ()
    expect_zh: str = ""
    expect_en: str = ""
    value_zh: str = ""
    value_en: str = ""
    escape: int | None = None          # the binary that assumes it met (a requirement)
    problem: tuple[str, str] | None = None


@dataclass
class _Branch:
    crit: str
    kind: str                                  # any_of | exempt | switch
    children: list[tuple[int, str, str, bool]]  # (var, label_zh, label_en, dynamic)
    leaves: list[range] = field(default_factory=list)   # leaf indices compiled under each child


class _Model:
    """Variables, rows and bookkeeping of one plan's MILP (lever amounts in units of `scale`)."""

    def __init__(self, profile: Any, book: RuleBook, levers: Sequence[Lever], current: Assessment, year: int):
        self.p = profile
        self.book = book
        self.year = year
        self.current = current
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.cost: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.leaves: list[_Leaf] = []
        self.branches: list[_Branch] = []
        self.base: dict[str, Fraction | None] = {k: frac(getattr(profile, k)) for k, f in FIELD.items()
                                                 if f.kind in ("money", "money_signed", "persons", "count",
                                                               "percent", "score", "years", "rank", "level", "points")}
        money = [abs(v) for k, v in self.base.items() if v is not None and FIELD[k].kind.startswith("money")]
        self.scale = float(max([Fraction(1000)] + money))
        self.levers = list(levers)
        self.lever_var: dict[str, int] = {}
        self.terms: dict[str, list[tuple[int, float]]] = {}    # field -> [(var, coef per unit var)]
        for lv in self.levers:
            v = self._var(0.0, _U, False, 1.0 + lv.tie)
            self.lever_var[lv.id] = v
            for f, c in lv.effects:
                if self.base.get(f) is not None:
                    self.terms.setdefault(f, []).append((v, c * self.scale))
        self._domain_rows()

    # variables and rows
    def _var(self, lb: float, ub: float, integer: bool, cost: float = 0.0) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        self.cost.append(cost)
        return len(self.lb) - 1

    def binary(self, cost: float = 0.0) -> int:
        return self._var(0.0, 1.0, True, cost)

    def _min_lhs(self, terms: Mapping[int, float]) -> float:
        return sum(a * (self.lb[j] if a > 0 else self.ub[j]) for j, a in terms.items())

    def ge(self, terms: dict[int, float], rhs: float, act: int | None = None, escape: int | None = None) -> None:
        """Σ terms ≥ rhs, enforced only when `act` = 1 (if given) and `escape` = 0 (if given)."""
        terms = {j: a for j, a in terms.items() if a != 0.0}
        size = max([abs(a) for a in terms.values()] + [0.0])
        if size > 0:
            terms = {j: a / size for j, a in terms.items()}
            rhs = rhs / size
        if act is None and escape is None:
            self.rows.append((terms, rhs, math.inf))
            return
        big = rhs - self._min_lhs(terms)
        if big <= 0:
            return                              # always holds within the bounds
        big += 1.0
        terms = dict(terms)
        if act is not None:
            terms[act] = terms.get(act, 0.0) - big
            rhs -= big
        if escape is not None:
            terms[escape] = terms.get(escape, 0.0) + big
        self.rows.append((terms, rhs, math.inf))

    def _domain_rows(self) -> None:
        lv = self.lever_var
        liab, assets = self.base.get("total_liabilities"), self.base.get("total_assets")
        moves = [lv[k] for k in ("repay", "convert") if k in lv]
        if moves and liab is not None:           # cannot repay or convert more debt than there is
            self.rows.append(({v: -1.0 for v in moves}, -float(liab) / self.scale, math.inf))
        if "repay" in lv and assets is not None:  # assets stay positive
            t = {lv["repay"]: -1.0}
            for k in ("equity_y1", "equity_y2"):
                if k in lv:
                    t[lv[k]] = 1.0
            self.rows.append((t, (0.01 - float(assets)) / self.scale, math.inf))

    # -------------------------------------------------------------------- compiling conditions
    def moving(self) -> set[str]:
        return set(self.terms)

    def fy(self, y: str | None) -> int | None:
        return self.year - {"y1": 1, "y2": 2, "y3": 3}[y] if y in ("y1", "y2", "y3") else None

    def _lin_terms(self, form: Mapping[str, Fraction], rhs: Fraction) -> tuple[dict[int, float], float]:
        terms: dict[int, float] = {}
        const = Fraction(0)
        for f, c in form.items():
            b = self.base.get(f)
            const += c * (b or 0)
            for v, k in self.terms.get(f, ()):
                terms[v] = terms.get(v, 0.0) + float(c) * k
        return terms, float(rhs - const)

    def number(self, crit: str, ind: Indicator, year: str | None, op: str, t: Fraction, unit: str,
               label: tuple[str, str], act: int | None, escapable: bool) -> None:
        names = ind.inputs(year)
        m = ind.measure(self.p, year)
        fy = self.fy(year)
        if year is None and len(names) == 1:
            fy = self.fy(FIELD[names[0]].period)
        leaf = _Leaf(crit, "number", label[0], label[1], names, op, t, unit, m.value, year=fy,
                     missing=m.missing, problem=m.problem)
        form = None
        if m.known and any(n in self.terms for n in names):
            form = linear_form(ind, year, op, t, self.base, self.moving())
        if form is None:                                   # a fact money does not move
            leaf.status = "missing" if not m.known else ("pass" if ind.compare(m, op, t) else "fail")
            self._static(leaf, act, escapable)
            return
        leaf.status = "dynamic"
        terms, r = self._ge_row(form, op, unit)
        e = self.binary(_W_REQ) if escapable else None
        leaf.escape = e
        self.leaves.append(leaf)
        self.ge(terms, r, act, e)

    def negated_number(self, ind: Indicator, op: str, t: Fraction, unit: str, act: int) -> bool:
        """Rows for NOT(measure op t) when act = 1 (switch bands); False if not expressible."""
        neg = {">=": "<", ">": "<=", "<=": ">", "<": ">="}[op]
        m = ind.measure(self.p, None)
        form = linear_form(ind, None, neg, t, self.base, self.moving()) if m.known else None
        if form is None:
            return False
        self.ge(*self._ge_row(form, neg, unit), act)
        return True

    def _ge_row(self, form: tuple[dict[str, Fraction], Fraction, str], op: str, unit: str) -> tuple[dict[int, float], float]:
        """A linear form as a ≥ row over the lever variables; a strict op keeps one display step away."""
        coef, rhs, sense = form
        terms, r = self._lin_terms(coef, rhs)
        if op in (">", "<"):
            r += float(rulelang.step(unit)) * float(max(abs(c) for c in coef.values())) * (1 if sense == ">=" else -1)
        if sense == "<=":
            terms, r = {j: -a for j, a in terms.items()}, -r
        return terms, r

    def _static(self, leaf: _Leaf, act: int | None, escapable: bool) -> None:
        if leaf.status == "pass":
            return
        if not escapable:                    # inside a score band: the band is simply out of reach
            if act is None:
                raise _Infeasible
            self.ub[act] = 0.0
            return
        e = self.binary(_W_REQ)
        leaf.escape = e
        self.leaves.append(leaf)
        if act is None:
            self.lb[e] = 1.0
        else:
            self.rows.append(({e: 1.0, act: -1.0}, 0.0, math.inf))

    def static_status(self, node: Any) -> str | None:
        """pass/fail/missing when money cannot change the node, else None."""
        if isinstance(node, Compare):
            ind = node.source()
            st = []
            for y in (node.years or (None,)):
                names = ind.inputs(y)
                m = ind.measure(self.p, y)
                if m.known and any(n in self.terms for n in names) and \
                        linear_form(ind, y, node.op, frac(node.threshold), self.base, self.moving()) is not None:
                    return None
                st.append("missing" if not m.known else ("pass" if ind.compare(m, node.op, frac(node.threshold)) else "fail"))
            return "fail" if "fail" in st else "missing" if "missing" in st else "pass"
        if isinstance(node, Flag):
            v = getattr(self.p, node.field)
            return "missing" if v is None else ("pass" if v is node.is_ else "fail")
        if isinstance(node, Member):
            v = getattr(self.p, node.field)
            return "missing" if v is None else ("pass" if v in node.in_ else "fail")
        if isinstance(node, (AllOf, AnyOf)):
            kids = [self.static_status(c) for c in (node.all_of if isinstance(node, AllOf) else node.any_of)]
            if isinstance(node, AnyOf) and "pass" in kids:
                return "pass"
            if isinstance(node, AllOf) and "fail" in kids:
                return None if None in kids else "fail"
            if None in kids:
                return None
            if isinstance(node, AllOf):
                return "missing" if "missing" in kids else "pass"
            return "missing" if "missing" in kids else "fail"
        return None

    def static_cost(self, node: Any) -> int:
        """How many leaves of a money-independent subtree are not met (requirements it would need)."""
        if isinstance(node, Compare):
            ind = node.source()
            n = 0
            for y in (node.years or (None,)):
                m = ind.measure(self.p, y)
                n += 0 if m.known and ind.compare(m, node.op, frac(node.threshold)) else 1
            return n
        if isinstance(node, (Flag, Member)):
            return 0 if self.static_status(node) == "pass" else 1
        if isinstance(node, AllOf):
            return sum(self.static_cost(c) for c in node.all_of)
        if isinstance(node, AnyOf):
            return min(self.static_cost(c) for c in node.any_of)
        return 1

    def cond(self, crit: str, node: Any, act: int | None, escapable: bool, branchable: bool,
             rs: RuleSet) -> None:
        """Add rows so that `node` holds whenever act = 1 (always, if act is None)."""
        if isinstance(node, Compare):
            ind = node.source()
            label = (node.label.zh, node.label.en) if node.label else (ind.zh, ind.en)
            for y in (node.years or (None,)):
                self.number(crit, ind, y, node.op, frac(node.threshold), node.unit, label, act, escapable)
            return
        if isinstance(node, (Flag, Member)):
            spec = FIELD[node.field]
            v = getattr(self.p, node.field)
            label = (node.label.zh, node.label.en) if node.label else (spec.short_zh, spec.short_en)
            leaf = _Leaf(crit, "flag" if isinstance(node, Flag) else "member", label[0], label[1], (node.field,),
                         status=self.static_status(node) or "fail", missing=(node.field,) if v is None else ())
            if isinstance(node, Flag):
                leaf.expect_zh, leaf.expect_en = ("是", "yes") if node.is_ else ("否", "no")
                leaf.value_zh, leaf.value_en = ("" if v is None else ("是" if v else "否"),
                                                "" if v is None else ("yes" if v else "no"))
            else:
                leaf.expect_zh = "、".join(spec.option(x).zh for x in node.in_)
                leaf.expect_en = ", ".join(spec.option(x).en for x in node.in_)
                o = spec.option(v) if v is not None else None
                leaf.value_zh, leaf.value_en = (o.zh, o.en) if o else ("", "")
            self._static(leaf, act, escapable)
            return
        if isinstance(node, AllOf):
            for c in node.all_of:
                self.cond(crit, c, act, escapable, branchable, rs)
            return
        if isinstance(node, AnyOf):
            self.any_of(crit, list(node.any_of), act, escapable, branchable, rs, "any_of")
            return
        if isinstance(node, Switch):
            self.switch(crit, node, act, escapable, branchable, rs)
            return
        if isinstance(node, ScoreTest):
            self.score(crit, node, act, escapable, rs)
            return
        if isinstance(node, SmeSize):
            self.size(crit, act, escapable, rs)
            return
        raise TypeError(type(node).__name__)  # pragma: no cover

    def any_of(self, crit: str, kids: list[Any], act: int | None, escapable: bool, branchable: bool,
               rs: RuleSet, kind: str, labels: Sequence[tuple[str, str] | None] = ()) -> None:
        stats = [self.static_status(k) for k in kids]
        if "pass" in stats:
            return
        br = _Branch(crit, kind, [])
        if None not in stats:                    # money moves none of them: take the fewest requirements
            costs = [self.static_cost(k) for k in kids]
            pick = costs.index(min(costs))
            for i, k in enumerate(kids):
                lz, le = (labels[i] if i < len(labels) and labels[i] else None) or describe(k)
                start = len(self.leaves)
                if i == pick:
                    self.cond(crit, k, act, escapable, branchable, rs)
                br.children.append((-1, lz, le, False))
                br.leaves.append(range(start, len(self.leaves)))
            if branchable:
                self.branches.append(br)
            return
        ys = []
        for i, (k, st) in enumerate(zip(kids, stats)):
            y = self.binary(_EPS * 10 * i)       # ties go to the law's first route (the test before its exemption)
            ys.append(y)
            start = len(self.leaves)
            try:
                self.cond(crit, k, y, escapable, branchable, rs)
            except _Infeasible:
                self.ub[y] = 0.0
            lz, le = (labels[i] if i < len(labels) and labels[i] else None) or describe(k)
            br.children.append((y, lz, le, st is None))
            br.leaves.append(range(start, len(self.leaves)))
        row = {y: 1.0 for y in ys}
        if act is None:
            self.rows.append((row, 1.0, math.inf))
        else:
            row[act] = -1.0
            self.rows.append((row, 0.0, math.inf))
        if branchable and len(br.children) > 1:
            self.branches.append(br)

    def switch(self, crit: str, node: Switch, act: int | None, escapable: bool, branchable: bool,
               rs: RuleSet) -> None:
        ind = node.source()
        m = ind.measure(self.p, None)
        dynamic = m.known and any(n in self.terms for n in ind.inputs(None))
        if not dynamic:
            if not m.known:
                leaf = _Leaf(crit, "number", ind.zh, ind.en, ind.inputs(None), status="missing", missing=m.missing,
                             unit=node.unit, problem=m.problem)
                self._static(leaf, act, escapable)
                return
            chosen = node.otherwise
            for case in node.cases:
                if ind.compare(m, case.op, frac(case.threshold)):
                    chosen = case.then
                    break
            self.cond(crit, chosen, act, escapable, branchable, rs)
            return
        options = [(c.then, c.label, c) for c in node.cases] + [(node.otherwise, getattr(node.otherwise, "label", None), None)]
        ws = []
        br = _Branch(crit, "switch", [])
        for i, (then, label, case) in enumerate(options):
            w = self.binary()
            ws.append(w)
            start = len(self.leaves)
            ok = True
            if case is not None:
                form = linear_form(ind, None, case.op, frac(case.threshold), self.base, self.moving())
                if form is None:
                    ok = False
                else:
                    self.ge(*self._ge_row(form, case.op, node.unit), w)
            for prev in node.cases[:i]:
                ok = ok and self.negated_number(ind, prev.op, frac(prev.threshold), node.unit, w)
            if not ok:
                self.ub[w] = 0.0
                continue
            a = w
            if act is not None:
                a = self.binary()
                self.rows.append(({a: 1.0, act: -1.0}, -math.inf, 0.0))
                self.rows.append(({a: 1.0, w: -1.0}, -math.inf, 0.0))
                self.rows.append(({a: 1.0, act: -1.0, w: -1.0}, -1.0, math.inf))
            try:
                self.cond(crit, then, a, escapable, branchable, rs)
            except _Infeasible:
                self.ub[w] = 0.0
            lz, le = (label.zh, label.en) if label else describe(then)
            br.children.append((w, lz, le, True))
            br.leaves.append(range(start, len(self.leaves)))
        self.rows.append(({w: 1.0 for w in ws}, 1.0, 1.0))
        if branchable:
            self.branches.append(br)

    def score(self, crit: str, node: ScoreTest, act: int | None, escapable: bool, rs: RuleSet) -> None:
        card = rs.scorecard(node.score)
        kind, _, key = node.target.partition(":")
        items = [i for i in card.items if node.target == "total" or (kind == "group" and i.group == key)
                 or (kind == "item" and i.id == key)]
        current = {}
        for c in self.current_tier_criteria:
            if c.score is not None and c.score.id == card.id:
                current = {i.id: i for i in c.score.items}
                break
        t = frac(node.threshold)
        const = Fraction(0)
        terms: dict[int, float] = {}
        for item in items:
            cur = current.get(item.id)
            lo = cur.lo if cur is not None else Fraction(0)
            if item.points_equal_value or not self._item_dynamic(item):
                const += lo
                continue
            other = frac(item.otherwise)
            zs = []
            for b in item.bands:
                z = self.binary()
                try:
                    if b.when is not None:
                        self.cond(crit, b.when, z, False, False, rs)
                    else:
                        ind = item.measure.source()
                        op, thr = (">=", frac(b.at_least)) if b.at_least is not None else ("<=", frac(b.at_most))
                        self.number(crit, ind, item.measure.year, op, thr, item.measure.unit, (ind.zh, ind.en), z, False)
                except _Infeasible:
                    self.ub[z] = 0.0
                zs.append(z)
                terms[z] = terms.get(z, 0.0) + float(frac(b.points) - other)
            self.rows.append(({z: 1.0 for z in zs}, -math.inf, 1.0))
            const += other
        label = (node.label.zh, node.label.en) if node.label else (card.label.zh, card.label.en)
        if node.op not in (">=", ">"):           # an upper bound on a score: not a money question
            hi = sum((current[i.id].hi for i in items if i.id in current), Fraction(0))
            leaf = _Leaf(crit, "score", label[0], label[1], (), node.op, t, "分", hi,
                         status="pass" if (hi <= t if node.op == "<=" else hi < t) else "fail")
            self._static(leaf, act, escapable)
            return
        rhs = t - const + rulelang.strict_step(node.op, "分")
        lo_now = sum((current[i.id].lo for i in items if i.id in current), Fraction(0))
        leaf = _Leaf(crit, "score", label[0], label[1], (), node.op, t, "分", lo_now, status="dynamic")
        if not terms:
            leaf.status = "pass" if rhs <= 0 else "fail"
            self._static(leaf, act, escapable)
            return
        e = self.binary(_W_REQ) if escapable else None
        leaf.escape = e
        self.leaves.append(leaf)
        self.ge(terms, float(rhs), act, e)

    def _item_dynamic(self, item: Any) -> bool:
        if item.measure is not None and any(b.when is None for b in item.bands):
            ind = item.measure.source()
            if any(n in self.terms for n in ind.inputs(item.measure.year)):
                return True
        from .rules import walk
        for b in item.bands:
            if b.when is not None:
                for n in walk(b.when):
                    if isinstance(n, Compare) and any(f in self.terms for y in (n.years or (None,))
                                                      for f in n.source().inputs(y)):
                        return True
        return False

    def size(self, crit: str, act: int | None, escapable: bool, rs: RuleSet) -> None:
        ind_key = getattr(self.p, "industry")
        if ind_key is None:
            leaf = _Leaf(crit, "size", "所属行业", "Industry", ("industry",), status="missing", missing=("industry",))
            self._static(leaf, act, escapable)
            return
        table = self.book.size
        row = table.industry(ind_key)
        meas = table.measures
        kids = []
        for b in row.sme_if_below_any:
            f = getattr(meas, b.measure)
            kids.append(Compare.model_validate({"field": f, "op": "<", "threshold": b.value,
                                                "unit": FIELD_INDICATORS[f].unit,
                                                "label": {"zh": f"{FIELD[f].short_zh}（{row.label.zh}中小企业上限）",
                                                          "en": f"{FIELD[f].short_en} (SME bound, {row.label.en})"}}))
        if len(kids) == 1:
            self.cond(crit, kids[0], act, escapable, False, rs)
        else:
            self.any_of(crit, kids, act, escapable, False, rs, "any_of")

    current_tier_criteria: tuple = ()


class _Infeasible(Exception):
    """A condition inside a score band that can never hold (the band is out of reach)."""


def describe(node: Any) -> tuple[str, str]:
    """A short phrase for a condition subtree (branch labels, alternatives)."""
    if getattr(node, "label", None) is not None:
        return node.label.zh, node.label.en
    if isinstance(node, Compare):
        ind = node.source()
        t = frac(node.threshold)
        opz = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[node.op]
        return (f"{ind.zh} {opz} {fmt.with_unit(t, node.unit)}", f"{ind.en} {opz} {fmt.with_unit(t, node.unit, 'en')}")
    if isinstance(node, Flag):
        s = FIELD[node.field]
        return (s.short_zh if node.is_ else f"非{s.short_zh}", s.short_en if node.is_ else f"not {s.short_en}")
    if isinstance(node, Member):
        s = FIELD[node.field]
        return (f"{s.short_zh}为{'或'.join(s.option(x).zh for x in node.in_)}",
                f"{s.short_en}: {' or '.join(s.option(x).en for x in node.in_)}")
    if isinstance(node, (AllOf, AnyOf)):
        kids = node.all_of if isinstance(node, AllOf) else node.any_of
        parts = [describe(k) for k in kids]
        jz, je = ("且", " and ") if isinstance(node, AllOf) else ("或", " or ")
        return jz.join(p[0] for p in parts), je.join(p[1] for p in parts)
    if isinstance(node, ScoreTest):
        return f"评分 ≥ {frac(node.threshold)}", f"score ≥ {frac(node.threshold)}"
    return "其他条件", "another condition"


# ------------------------------------------------------------------------------- solving

@dataclass
class _Solution:
    x: np.ndarray
    escapes: list[_Leaf]


def _solve(model: _Model, fixed: Mapping[int, tuple[float, float]] = MappingProxyType({}),
           tighten: float = 0.0) -> _Solution | None:
    n = len(model.lb)
    lb = np.array(model.lb, dtype=float)
    ub = np.array(model.ub, dtype=float)
    for j, (lo, hi) in fixed.items():
        lb[j], ub[j] = lo, hi
    c = np.array(model.cost, dtype=float)
    integ = np.array(model.integer)
    A, lo, hi = _matrix(model, n)
    if not tighten:
        # the common case: no OR left to money, every dynamic condition met by money → one LP
        free = {j for j in range(n) if integ[j] and lb[j] < ub[j]}
        dyn = {lf.escape for lf in model.leaves if lf.status == "dynamic" and lf.escape is not None}
        if free <= dyn:
            lb1, ub1 = lb.copy(), ub.copy()
            for j in free:
                ub1[j] = 0.0
            ints = integ.astype(bool)
            lb1[ints] = ub1[ints] = np.where(lb1[ints] == ub1[ints], lb1[ints], 0.0)
            x = _lp(c, lb1, ub1, A, lo, hi)
            if x is not None:
                return _Solution(x, [lf for lf in model.leaves if lf.escape is not None and x[lf.escape] > 0.5])
    opts = {"disp": False, "mip_rel_gap": 1e-9, "time_limit": 5.0, "presolve": True}
    res = milp(c, integrality=integ, bounds=Bounds(lb, ub), constraints=LinearConstraint(A, lo, hi), options=opts)
    if res.x is None:
        return None
    x = res.x
    # polish: binaries fixed, a pure LP gives clean amounts (no big-M slack)
    ints = integ.astype(bool)
    lb2, ub2 = lb.copy(), ub.copy()
    lb2[ints] = ub2[ints] = np.round(x[ints])
    lo2, hi2 = lo, hi
    if tighten:
        cont = ~ints
        absrow = abs(A[:, np.flatnonzero(cont)]).sum(axis=1)
        shift = np.asarray(absrow).ravel() * tighten / model.scale
        eq = lo == hi
        lo2 = np.where(np.isfinite(lo) & ~eq, lo + shift, lo)
        hi2 = np.where(np.isfinite(hi) & ~eq, hi - shift, hi)
    x2 = _lp(c, lb2, ub2, A, lo2, hi2)
    if x2 is not None:
        x = x2
    elif tighten:
        return None
    esc = [lf for lf in model.leaves if lf.escape is not None and x[lf.escape] > 0.5]
    return _Solution(x, esc)


def _lp(c, lb, ub, A, lo, hi) -> np.ndarray | None:
    """The continuous part with every binary fixed: HiGHS' LP with tight tolerances (a profile may mix
    0.01 万元 and 10¹² 万元, so the default 1e-7 would swallow whole amounts)."""
    lo_f, hi_f = np.isfinite(lo), np.isfinite(hi)
    eq = lo_f & hi_f & (lo == hi)
    ge, le = lo_f & ~eq, hi_f & ~eq
    blocks, rhs = [], []
    if ge.any():
        blocks.append(-A[np.flatnonzero(ge)])
        rhs.append(-lo[ge])
    if le.any():
        blocks.append(A[np.flatnonzero(le)])
        rhs.append(hi[le])
    from scipy.sparse import vstack
    a_ub = vstack(blocks).tocsr() if blocks else None
    b_ub = np.concatenate(rhs) if rhs else None
    a_eq = A[np.flatnonzero(eq)] if eq.any() else None
    b_eq = lo[eq] if eq.any() else None
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=np.column_stack([lb, ub]), method="highs",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10,
                           "time_limit": 5.0, "disp": False})
    return res.x if res.status == 0 else None


def _matrix(model: _Model, n: int):
    from scipy.sparse import coo_array
    rows, cols, vals, lo, hi = [], [], [], [], []
    for i, (terms, l, h) in enumerate(model.rows):
        for j, a in terms.items():
            rows.append(i)
            cols.append(j)
            vals.append(a)
        lo.append(l)
        hi.append(h)
    m = len(model.rows)
    A = coo_array((vals, (rows, cols)), shape=(max(m, 1), n)).tocsr()
    if m == 0:
        lo, hi = [-np.inf], [np.inf]
    return A, np.array(lo, dtype=float), np.array(hi, dtype=float)


# ------------------------------------------------------------------------------ the plan

def _dec(v: Any) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(str(v))


def _cents(x: float) -> Decimal:
    """A lever amount in 万元 to the cent: the nearest cent when the solver's float is one (48.0000000001 → 48.00),
    otherwise rounded up (20.625 → 20.63), since a lever that falls short by a fraction of a cent fails the law."""
    raw = Decimal(repr(float(x)))
    d = raw.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    if abs(raw - d) > Decimal("1e-6") * max(Decimal(1), abs(raw)) / 1000:
        d = raw.quantize(_CENT, rounding=ROUND_CEILING)
    return d if d > 0 else Decimal(0)


def apply_changes(profile: Any, changes: Iterable[Change] | Mapping[str, Any]) -> Any:
    """A new profile with the changes' `to` values (or a field → value mapping); `profile` untouched."""
    if isinstance(changes, Mapping):
        upd = {k: _dec(v) for k, v in changes.items()}
    else:
        upd = {c.field: c.to for c in changes}
    return profile.model_copy(update=upd)


def _fy(profile: Any, offset: int | None) -> int | None:
    return int(profile.assessment_year) - offset if offset else None


class _Planner:
    def __init__(self, profile: Any, book: RuleBook, tier: str, standard: str, locks: Sequence[str],
                 future_offsets: int | None):
        self.p = profile
        self.book = book
        self.tier = tier
        self.standard = standard
        self.locks = tuple(locks)
        self.current = evaluate(profile, book, standard)
        self.rs = book.rulesets[self.current.tiers[tier].ruleset]
        self.gate = book.get("gate")
        self.app = profile.application_type or "new"
        self.year = int(profile.assessment_year)
        self.levers = [lv for lv in LEVERS if self._allowed(lv, future_offsets)]

    def _allowed(self, lv: Lever, future: int | None) -> bool:
        if lv.id in self.locks or any(f in self.locks for f in lv.fields):
            return False
        if getattr(self.p, lv.fields[0]) is None:
            return False                          # nothing to add to (its secondary fields may be blank)
        if future is not None and lv.offset is not None and lv.offset > future:
            return False                          # a closed fiscal year
        return True

    def build(self, levers: Sequence[Lever]) -> _Model:
        m = _Model(self.p, self.book, levers, self.current, self.year)
        m.current_tier_criteria = tuple(self.current.tiers[self.tier].criteria)
        for rs, branchable in ((self.gate, False), (self.rs, True)):
            for c in rs.criteria:
                self._criterion(m, c, rs, branchable)
        return m

    def _criterion(self, m: _Model, c: Criterion, rs: RuleSet, branchable: bool) -> None:
        if c.applicability(self.app, self.year) is not None:     # not assessed (application type, year, waiver)
            return
        test: Cond = c.review_test if self.app == "review" and c.review_test is not None else c.test
        if c.exempt_if is None:
            if m.static_status(test) == "pass":
                return
            m.cond(c.id, test, None, True, branchable, rs)
            return
        m.any_of(c.id, [test, c.exempt_if], None, True, branchable, rs, "exempt",
                 (None, (f"满足豁免条件（{c.exempt.zh}）", f"meet the exemption ({c.exempt.en})")))

    # ----------------------------------------------------------------------- one route
    def route(self, m: _Model, sol: _Solution | None, label: tuple[str, str], full: bool = True) -> Route | None:
        """The solution as a route, re-checked by the engine (`full`: the whole Assessment, else the gate
        and this tier only, which is all an alternative needs)."""
        if sol is None:
            return None
        amounts = {lv.id: _cents(sol.x[m.lever_var[lv.id]] * m.scale) for lv in m.levers}
        r, check = self._finish(m, sol, amounts, label, full)
        if not self._consistent(r, check):
            sol2 = _solve(m, self._fixed_ints(m, sol), tighten=0.006)
            if sol2 is not None:
                amounts = {lv.id: _cents(sol2.x[m.lever_var[lv.id]] * m.scale) for lv in m.levers}
                r2, check2 = self._finish(m, sol2, amounts, label, full)
                if self._consistent(r2, check2):
                    return r2
        return r

    @staticmethod
    def _fixed_ints(m: _Model, sol: _Solution) -> dict[int, tuple[float, float]]:
        return {j: (float(round(sol.x[j])),) * 2 for j in range(len(m.lb)) if m.integer[j]}

    @staticmethod
    def _consistent(r: Route, check: "_Check") -> bool:
        """Everything not left to a requirement passes in the engine's re-check."""
        req = {q.id for q in r.requirements}
        for c in check.criteria:
            if c.id not in req and c.status not in ("pass", "exempt", "not_applicable"):
                return False
        return True

    def _check(self, after: Any, full: bool) -> "_Check":
        if full:
            a = evaluate(after, self.book, self.standard)
            return _Check(a.tiers[self.tier].verdict, (*a.gate.criteria, *a.tiers[self.tier].criteria), a)
        gate, _ = evaluate_ruleset(self.gate, after, self.book, self.year, self.app)
        own, _ = evaluate_ruleset(self.rs, after, self.book, self.year, self.app)
        return _Check(_tier_verdict(gate, own), (*gate, *own), None)

    def _finish(self, m: _Model, sol: _Solution, amounts: Mapping[str, Decimal], label: tuple[str, str],
                full: bool = True) -> tuple[Route, "_Check"]:
        p = self.p
        delta: dict[str, Decimal] = {}
        for lv in m.levers:
            amt = amounts[lv.id]
            if amt:
                for f, c in lv.effects:
                    if getattr(p, f) is not None:
                        delta[f] = delta.get(f, Decimal(0)) + c * amt
        changes = []
        for f, d in delta.items():
            if d == 0:
                continue
            before = getattr(p, f)
            spec = FIELD[f]
            changes.append(Change(f, before, (before or Decimal(0)) + d, d, spec.unit_zh,
                                  _fy(p, {"y1": 1, "y2": 2, "y3": 3}.get(spec.period))))
        order = {f: i for i, f in enumerate(FIELD)}
        changes.sort(key=lambda c: order[c.field])
        after = apply_changes(p, changes)
        check = self._check(after, full)
        reqs = self._requirements(m, sol)
        acts = self._actions(m, amounts, after, check)
        cost = sum(amounts.values(), Decimal(0))
        return Route(label[0], label[1], cost, tuple(changes), acts, reqs, check.verdict, after,
                     check.assessment), check

    # --------------------------------------------------------------------- wording
    def _actions(self, m: _Model, amounts: Mapping[str, Decimal], after: Any, check: "_Check") -> tuple[Action, ...]:
        before = self.current
        failing = {c.id for c in (*before.gate.criteria, *before.tiers[self.tier].criteria)
                   if c.status in ("fail", "missing")}
        passing = {c.id for c in check.criteria if c.status in ("pass", "exempt")}
        out = []
        debt_ratio = _ratio_pct(after.total_liabilities, after.total_assets)
        for lv in m.levers:
            amt = amounts[lv.id]
            if not amt:
                continue
            buys = sorted({lf.crit for lf in m.leaves if lf.status == "dynamic" and set(lf.fields) & set(lv.fields)
                           and lf.crit in failing and lf.crit in passing})
            zh, en = _action_text(lv, amt, self.p, after, debt_ratio)
            tz, te = LEVER_TEXT[lv.kind].assumes.both
            out.append(Action(lv.id, amt, "万元", _fy(self.p, lv.offset), zh, en, tz, te, tuple(buys)))
        out.sort(key=lambda x: -x.amount)
        return tuple(out)

    def _requirements(self, m: _Model, sol: _Solution) -> tuple[Requirement, ...]:
        by_crit: dict[str, list[_Leaf]] = {}
        for lf in sol.escapes:
            by_crit.setdefault(lf.crit, []).append(lf)
        out = []
        crit_index = {c.id: c for rs in (self.gate, self.rs) for c in rs.criteria}
        for cid, leaves in by_crit.items():
            texts = [_leaf_text(lf, self.year) for lf in leaves]
            kinds = [_leaf_kind(lf, cid) for lf in leaves]
            kind = kinds[0] if len(set(kinds)) == 1 else "other"
            zh = "；".join(t[0] for t in texts)
            en = "; ".join(t[1] for t in texts)
            c = crit_index.get(cid)
            alt = _other_branches(m, leaves, cid)
            if alt:
                zh += f"（或：{'；'.join(x[0] for x in alt)}）"
                en += f" (or: {'; '.join(x[1] for x in alt)})"
            label = c.label.zh if c is not None else cid
            label_en = c.label.en if c is not None else cid
            year = next((t[2] for t in texts if t[2] is not None), None)
            out.append(Requirement(cid, kind, f"{label}：{zh}", f"{label_en}: {en}", year))
        return tuple(out)


@dataclass(frozen=True)
class _Check:
    """The engine's re-check of a changed profile: the tier's verdict (gate included) and the criteria."""
    verdict: str
    criteria: tuple
    assessment: Assessment | None


def _tier_verdict(gate: Sequence[Any], own: Sequence[Any]) -> str:
    """The verdict rule of docs/cli.md: fails if any criterion (gate included) fails, else
    incomplete if any is missing, else meets (the same as engine.evaluate)."""
    st = [c.status for c in (*gate, *own)]
    return "fails" if "fail" in st else "incomplete" if "missing" in st else "meets"


def _other_branches(m: _Model, escaped: Sequence[_Leaf], cid: str) -> list[tuple[str, str]]:
    """The other ways the law offers around the escaped leaves (siblings of the branch holding them)."""
    idx = {i for i, lf in enumerate(m.leaves) if any(lf is e for e in escaped)}
    out: list[tuple[str, str]] = []
    for br in m.branches:
        if br.crit != cid:
            continue
        holding = [k for k, r in enumerate(br.leaves) if idx & set(r)]
        if len(holding) != 1:
            continue
        out += [(lz, le) for k, (v, lz, le, _) in enumerate(br.children) if k != holding[0]]
    return list(dict.fromkeys(out))


def _ratio_pct(num: Any, den: Any) -> Fraction | None:
    n, d = frac(num), frac(den)
    if n is None or d is None or d == 0:
        return None
    return n * 100 / d


def _money(v: Any, lang: str = "zh") -> str:
    return fmt.with_unit(v, "万元", lang)


def _action_text(lv: Lever, amt: Decimal, before: Any, after: Any, debt_ratio: Fraction | None) -> tuple[str, str]:
    fy = _fy(before, lv.offset)
    yz, ye = (f"{fy} 年", f"FY{fy} ") if fy else ("", "")
    dr = fmt.with_unit(debt_ratio, "%") if debt_ratio is not None else "—"
    if lv.kind == "rd":
        f = lv.fields[0]
        return (f"{yz}研发费用需再增加 {_money(amt)}（至 {_money(getattr(after, f))}）",
                f"Raise {ye}R&D expense by {_money(amt, 'en')} (to {_money(getattr(after, f), 'en')})")
    if lv.kind == "main":
        return (f"{yz}主营业务收入需增加 {_money(amt)}（至 {_money(after.main_revenue_y1)}；营业收入随之增至 "
                f"{_money(after.revenue_y1)}）",
                f"Raise {ye}main-business revenue by {_money(amt, 'en')} (to {_money(after.main_revenue_y1, 'en')}; "
                f"operating revenue rises to {_money(after.revenue_y1, 'en')})")
    if lv.kind == "other":
        return (f"{yz}其他业务收入需增加 {_money(amt)}（营业收入增至 {_money(after.revenue_y1)}）",
                f"Raise {ye}other revenue by {_money(amt, 'en')} (operating revenue to {_money(after.revenue_y1, 'en')})")
    if lv.kind == "equity":
        f = lv.fields[0]
        return (f"{yz}新增合格机构投资者实缴股权投资 {_money(amt)}（当年合计 {_money(getattr(after, f))}；"
                f"资产总额增至 {_money(after.total_assets)}，资产负债率 {dr}）",
                f"Raise {_money(amt, 'en')} of qualified paid-in equity in {ye.strip() or 'the year'} (that year's total "
                f"{_money(getattr(after, f), 'en')}; total assets to {_money(after.total_assets, 'en')}, debt ratio {dr})")
    if lv.kind == "repay":
        return (f"资产负债率降到 {dr}：以现金偿还负债 {_money(amt)}（负债降至 {_money(after.total_liabilities)}，"
                f"资产降至 {_money(after.total_assets)}）",
                f"Debt ratio down to {dr}: repay {_money(amt, 'en')} of debt from cash (liabilities to "
                f"{_money(after.total_liabilities, 'en')}, assets to {_money(after.total_assets, 'en')})")
    return (f"资产负债率降到 {dr}：债转股 {_money(amt)}（负债降至 {_money(after.total_liabilities)}，资产不变）",
            f"Debt ratio down to {dr}: convert {_money(amt, 'en')} of debt to equity (liabilities to "
            f"{_money(after.total_liabilities, 'en')}, assets unchanged)")


_OPZ = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def _leaf_kind(lf: _Leaf, cid: str) -> str:
    if lf.missing or lf.status == "missing":
        return "missing"
    if lf.status == "dynamic":
        return "locked"
    if cid.startswith("gate."):
        return "gate"
    f = lf.fields[0] if lf.fields else ""
    if f.startswith("holds_"):
        return "title"
    if f == "segment_years":
        return "segment_years"
    if f.startswith("dev_score") or lf.kind == "score":
        return "score"
    if "ip" in f:
        return "ip"
    if f in FIELD and FIELD[f].kind in ("bool", "enum"):
        return "self_declared"
    return "other"


def _leaf_text(lf: _Leaf, year: int) -> tuple[str, str, int | None]:
    """What would satisfy one leaf, in Chinese and English (+ the year it is reached, for niche years)."""
    yz = f"（{lf.year}年）" if lf.year else ""
    ye = f" (FY{lf.year})" if lf.year else ""
    if lf.missing:
        names = "、".join(FIELD[f].zh for f in lf.missing)
        names_en = ", ".join(FIELD[f].en for f in lf.missing)
        return f"需填写{names}", f"fill in {names_en}", None
    if lf.problem and lf.status == "missing":
        return lf.problem[0], lf.problem[1], None
    if lf.kind in ("flag", "member"):
        cur = lf.value_zh or "未填写"
        cur_en = lf.value_en or "blank"
        return (f"{lf.label_zh}须为“{lf.expect_zh}”（当前：{cur}）",
                f"{lf.label_en} must be '{lf.expect_en}' (now: {cur_en})", None)
    if lf.kind == "size":
        return "需填写所属行业", "fill in the industry", None
    t = fmt.with_unit(lf.threshold, lf.unit)
    te = fmt.with_unit(lf.threshold, lf.unit, "en")
    a = fmt.with_unit(lf.actual, lf.unit, versus=lf.threshold)
    ae = fmt.with_unit(lf.actual, lf.unit, "en", versus=lf.threshold)
    op = _OPZ.get(lf.op or ">=", "≥")
    if lf.status == "dynamic":
        return (f"{lf.label_zh}{yz}须 {op} {t}（当前 {a}），在当前锁定条件下无法用可调整的资金达到",
                f"{lf.label_en}{ye} must be {op} {te} (now {ae}); not reachable with the unlocked levers", None)
    if lf.kind == "score" or (lf.fields and lf.fields[0].startswith("dev_score")):
        gap = (lf.threshold - lf.actual) if lf.actual is not None and lf.threshold is not None else None
        g = f"，还差 {fmt.num(gap, '分')} 分" if gap is not None and gap > 0 else ""
        ge = f", {fmt.num(gap, '分')} short" if gap is not None and gap > 0 else ""
        return f"{lf.label_zh}须达到 {t}（当前 {a}{g}）", f"{lf.label_en} must reach {te} (now {ae}{ge})", None
    if lf.fields == ("segment_years",) and lf.actual is not None and lf.threshold is not None:
        need = lf.threshold - lf.actual
        k = max(1, math.ceil(need))
        when = year + k
        return (f"{lf.label_zh}须 {op} {t}（当前 {a}）；按年限逐年累计，预计 {when} 年申报时满足",
                f"{lf.label_en} must be {op} {te} (now {ae}); counting on, it is met for an application in {when}",
                when)
    if lf.unit in fmt.INTEGER_UNITS and lf.op in (">=", ">") and lf.actual is not None:
        need = lf.threshold - lf.actual + (1 if lf.op == ">" else 0)
        return (f"{lf.label_zh}须 {op} {t}（当前 {a}，还需 +{fmt.num(need, lf.unit)} {lf.unit}）",
                f"{lf.label_en} must be {op} {te} (now {ae}; +{fmt.num(need, lf.unit)} needed)", None)
    return f"{lf.label_zh}{yz}须 {op} {t}（当前 {a}）", f"{lf.label_en}{ye} must be {op} {te} (now {ae})", None


# ------------------------------------------------------------------------------ entry point

def plan(profile: Any, book: RuleBook, tier: str, standard: str = "auto", locks: Sequence[str] = (),
         for_year: int | None = None, assumptions: Any = None, alternatives: bool = True) -> Plan:
    """The minimal-change plan for `tier` (see the module docstring for every modelling choice).

    `locks`: field keys (e.g. revenue_y1) or lever ids (e.g. convert) that must not move.
    `for_year`: plan for a later assessment year A' (> A), from the projection's assumptions
    (a YearAssumptions or one per year; default flat)."""
    if tier not in PLAN_TIERS:
        raise PlanError(f"未知层级「{tier}」（可选：{', '.join(PLAN_TIERS)}）", f"unknown tier '{tier}'")
    if standard not in book.standard_choices:
        *first, last = book.standard_choices
        raise PlanError(f"适用标准应为 {'、'.join(first)} 或 {last}（收到 {standard}）",
                        f"standard must be {', '.join(first)} or {last}")
    bad = [x for x in locks if x not in FIELD and x not in LEVER]
    if bad:
        raise PlanError(f"无法锁定「{bad[0]}」：不是档案字段或杠杆名（杠杆：{', '.join(LEVER)}）",
                        f"cannot lock '{bad[0]}': not a profile field or a lever ({', '.join(LEVER)})")
    base_year = int(profile.assessment_year)
    future = None
    extra: tuple[tuple[str, str], ...] = ()
    start = profile
    if for_year is not None:
        from .project import MAX_YEARS, AssumptionError, assumption_text, assumptions_for, profile_at
        if not isinstance(for_year, int) or not base_year < for_year <= base_year + MAX_YEARS:
            raise PlanError(f"--for-year 应在 {base_year + 1}–{base_year + MAX_YEARS} 之间（评估年度为 {base_year}，收到 {for_year}）",
                            f"--for-year must be {base_year + 1}–{base_year + MAX_YEARS} (assessment year {base_year})")
        try:
            start = profile_at(profile, book, for_year, assumptions, standard)
        except AssumptionError as exc:
            raise PlanError(exc.zh, exc.en) from None
        future = for_year - base_year
        extra = ((f"向前规划至 {for_year} 年申报：{base_year - 1} 年及以前的财务年度已结账、不变；{base_year}–{for_year - 1} "
                  f"年度先按预测假设滚动（默认持平），再在这些年度上调整。",
                  f"Planning ahead to an application in {for_year}: fiscal years up to {base_year - 1} are closed; "
                  f"FY{base_year}–{for_year - 1} start from the projection's assumptions (flat by default) and are the levers."),)
        per = assumptions_for(future, assumptions)
        extra += tuple((f"{base_year + i} 年度预测假设：{assumption_text(a, 'zh')}",
                        f"FY{base_year + i} assumptions: {assumption_text(a, 'en')}") for i, a in enumerate(per))
    pl = _Planner(start, book, tier, standard, locks, future)
    model = pl.build(pl.levers)
    sol = _solve(model)
    best = pl.route(model, sol, ("最省方案", "Cheapest plan"))
    if best is None:          # the solver failed: report the facts without a plan
        a = pl.current
        best = Route("未能求解", "No plan found", Decimal(0), (), (),
                     (Requirement("plan", "other", "未能求得可行方案", "no feasible plan was found"),),
                     a.tiers[tier].verdict, start, a)
    alts: list[Route] = []
    if alternatives and sol is not None and pl.current.tiers[tier].verdict != "meets":
        alts = _alternatives(pl, model, sol, best)
    return Plan(tier, pl.current.tiers[tier].standard, pl.rs.id, int(start.assessment_year), for_year,
                tuple(locks), pl.current.tiers[tier].verdict, best, tuple(alts), MODEL_ASSUMPTIONS + extra,
                pl.rs.title.zh, pl.rs.title.en, start)


def _signature(r: Route) -> tuple:
    return tuple((c.field, c.to) for c in r.changes), tuple(q.id for q in r.requirements)


def _alternatives(pl: _Planner, model: _Model, sol: _Solution, best: Route, limit: int = 6) -> list[Route]:
    seen = {_signature(best)}
    out: list[Route] = []
    failing = {c.id for c in (*pl.current.gate.criteria, *pl.current.tiers[pl.tier].criteria)
               if c.status in ("fail", "missing")}
    for br in model.branches:
        if br.crit not in failing:            # a route already met needs no alternative
            continue
        for v, lz, le, dynamic in br.children:
            if not dynamic or sol.x[v] > 0.5:
                continue
            s = _solve(model, {v: (1.0, 1.0)})
            r = pl.route(model, s, (f"经由：{lz}", f"via: {le}"), full=False)
            if r is not None and _signature(r) not in seen:
                seen.add(_signature(r))
                out.append(r)
    debt_failing = any(c.status == "fail" and any(p.fields and "total_liabilities" in p.fields for p in c.parts)
                       for c in (*pl.current.gate.criteria, *pl.current.tiers[pl.tier].criteria))
    moved = any(ch.field == "total_liabilities" for ch in best.changes)
    if (debt_failing or moved) and any(lv.kind in ("repay", "convert") for lv in model.levers):
        groups = {"repay": ("convert", "equity"), "convert": ("repay", "equity"), "capital": ("repay", "convert")}
        for move, off in groups.items():
            levers = [lv for lv in model.levers if lv.kind not in off]
            if move == "capital" and not any(lv.kind == "equity" for lv in levers):
                continue
            if move != "capital" and not any(lv.kind == move for lv in levers):
                continue
            fixed = {model.lever_var[lv.id]: (0.0, 0.0) for lv in model.levers if lv.kind in off}
            s = _solve(model, fixed)
            r = pl.route(model, s, MOVE_LABEL[move], full=False)
            if r is not None and _signature(r) not in seen:
                seen.add(_signature(r))
                out.append(r)
    out.sort(key=lambda r: (len(r.requirements), r.cost))
    return out[:limit]


# ------------------------------------------------------------------------------ text output

VERDICT_TEXT = MappingProxyType({"meets": Text("达标", "meets"), "fails": Text("未达标", "does not meet"),
                                 "incomplete": Text("信息不足", "incomplete")})
# the words of the plan as text (the CLI's --format text)
PLAN_WORDS = MappingProxyType({
    "head": Text("{title} · {year} 年申报", "{title} · application in {year}"),
    "now": Text("当前：{before} → 按计划调整后：{after}", "Now: {before} → after the plan: {after}"),
    "alternatives": Text("其他路径：", "Alternatives:"),
    "alt_line": Text("  · {label}：合计 {cost}", "  · {label}: total {cost}"),
    "alt_reqs": Text("，另需满足 {n} 项", ", {n} requirement(s)"),
    "assumptions": Text("假设：", "Assumptions:"),
    "minimal": Text("最小调整（合计 {cost}）：", "Minimal changes (total {cost}):"),
    "assumes": Text("     （假设：{x}）", "     (assumes: {x})"),
    "nothing": Text("无需资金调整。", "No money changes needed."),
    "still": Text("尚需满足（资金无法解决）：", "Still required (money cannot buy):"),
})


_pw = partial(word, PLAN_WORDS)


def plan_text(pl: Plan, lang: str = "zh") -> str:
    rs_title = pl.title.get(lang)
    lines = [_pw("head", lang, title=rs_title, year=pl.assessment_year),
             _pw("now", lang, before=VERDICT_TEXT[pl.verdict_before].get(lang),
                 after=VERDICT_TEXT[pl.best.verdict_after].get(lang))]
    lines += _route_lines(pl.best, lang, top=True)
    if pl.alternatives:
        lines.append(_pw("alternatives", lang))
        for r in pl.alternatives:
            lines.append(_pw("alt_line", lang, label=r.label.get(lang), cost=_money(r.cost, lang))
                         + (_pw("alt_reqs", lang, n=len(r.requirements)) if r.requirements else ""))
            for a in r.actions:
                lines.append(f"      - {a.text.get(lang)}")
    lines.append(_pw("assumptions", lang))
    for z, e in pl.assumptions:
        lines.append(f"  * {pair(z, e).get(lang)}")
    return "\n".join(lines) + "\n"


def _route_lines(r: Route, lang: str, top: bool = False) -> list[str]:
    out = []
    if r.actions:
        out.append(_pw("minimal", lang, cost=_money(r.cost, lang)))
        for i, a in enumerate(r.actions, 1):
            buys = f" → {', '.join(a.buys)}" if a.buys else ""
            out.append(f"  {i}. {a.text.get(lang)}{buys}")
            out.append(_pw("assumes", lang, x=a.assumption.get(lang)))
    elif top:
        out.append(_pw("nothing", lang))
    if r.requirements:
        out.append(_pw("still", lang))
        for q in r.requirements:
            out.append(f"  - [{q.id}] {q.text.get(lang)}")
    return out
