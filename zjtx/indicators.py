"""Named indicators: the small formulas the rule files refer to by name.

Values are exact `Fraction`s (ratios never round before comparing); only the revenue CAGR is
irrational, and it compares exactly through its square. Each indicator also knows how to turn
a shortfall into money at current figures ("需增加研发费用约 48 万元").

No rule lives here: thresholds, units and periods are in criteria/*.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .fields import FIELD, NUMERIC_KINDS
from .i18n import Bilingual, bilingual

YEARS = ("y1", "y2", "y3")
OPS: Mapping[str, Callable[[Any, Any], bool]] = MappingProxyType({
    ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, "<": lambda a, b: a < b,
})


def frac(v: Any) -> Fraction | None:
    if v is None:
        return None
    if isinstance(v, Fraction):
        return v
    if isinstance(v, bool):
        return Fraction(int(v))
    if isinstance(v, float):
        return Fraction(Decimal(repr(v)))
    return Fraction(v)


@dataclass(frozen=True, slots=True)
class Measure:
    """One indicator read off one profile."""
    value: Fraction | None                 # exact (CAGR: a close approximation, see `key`)
    inputs: tuple[str, ...]                # the fields it reads
    missing: tuple[str, ...] = ()          # of those, the ones that are empty
    problem: tuple[str, str] | None = None  # (zh, en) why it cannot be computed though inputs exist
    key: Fraction | None = None            # exact monotone key used for comparing (CAGR)

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Remedy:
    """What it takes in money (or people) at current figures to meet a ratio/growth threshold."""
    amount: Fraction
    unit: str           # 万元 or 人
    field: str          # the profile field to change
    direction: str      # "increase" or "decrease"
    how_zh: str = ""    # the assumption, e.g. "其他收入不变"
    how_en: str = ""
    routes: tuple = ()  # debt ratio: every possible balance-sheet move (zjtx.moves.Route), each priced

    how = bilingual("how")


@dataclass(frozen=True)
class Indicator(Bilingual):
    name: str
    zh: str
    en: str
    unit: str
    per_year: bool = False
    formula_zh: str = ""
    formula_en: str = ""
    fields_for: Callable[[str | None], tuple[str, ...]] = field(default=lambda y: ())
    compute: Callable[..., "Measure"] = field(default=None)  # type: ignore[assignment]
    remedy_fn: Callable[..., Remedy | None] | None = None
    form: str = ""      # the formula's name in FORMS: zjtx.batch evaluates each form column-wise by this name

    formula = bilingual("formula")

    def inputs(self, year: str | None = None) -> tuple[str, ...]:
        return self.fields_for(year)

    def measure(self, profile: Any, year: str | None = None) -> Measure:
        names = self.fields_for(year)
        vals = [frac(getattr(profile, n)) for n in names]
        missing = tuple(n for n, v in zip(names, vals) if v is None)
        if missing:
            return Measure(None, names, missing)
        return self.compute(names, *vals)

    def compare(self, m: Measure, op: str, threshold: Fraction) -> bool:
        if m.key is not None:      # CAGR: compare the growth factor with (1 + t)²
            return OPS[op](m.key, (1 + threshold / 100) ** 2)
        return OPS[op](m.value, threshold)

    def remedy(self, profile: Any, year: str | None, op: str, threshold: Fraction) -> Remedy | None:
        if self.remedy_fn is None:
            return None
        names = self.fields_for(year)
        vals = [frac(getattr(profile, n)) for n in names]
        if any(v is None for v in vals):
            return None
        return self.remedy_fn(names, vals, op, threshold)


def _plain(names, v):
    return Measure(v, names)


def _sum(names, *vals):
    return Measure(sum(vals, Fraction(0)), names)


def _ratio(names, num, den):
    if den == 0:
        d = FIELD[names[1]]
        return Measure(None, names, (), (f"{d.zh}为 0，无法计算比例", f"{d.en} is 0, so the ratio cannot be computed"))
    return Measure(num * 100 / den, names)


def _need_positive(names: tuple[str, ...], *vals: Fraction) -> Measure | None:
    for n, v in zip(names, vals):
        if v <= 0:
            d = FIELD[n]
            return Measure(None, names, (), (f"{d.zh}为 0，无法计算增长率", f"{d.en} is 0, so growth cannot be computed"))
    return None


def _cagr(names, r1, r3):
    bad = _need_positive(names[1:], r3)
    if bad:
        return bad
    factor = r1 / r3
    with localcontext() as ctx:
        ctx.prec = 40
        root = (Decimal(factor.numerator) / Decimal(factor.denominator)).sqrt()
    return Measure(Fraction(root) * 100 - 100, names, key=factor)


def _avg_growth(names, m1, m2, m3):
    bad = _need_positive(names[1:], m2, m3)
    if bad:
        return bad
    return Measure(((m1 / m2 - 1) + (m2 / m3 - 1)) * 50, names)


def _growth(names, m1, m2):
    bad = _need_positive(names[1:], m2)
    if bad:
        return bad
    return Measure((m1 / m2 - 1) * 100, names)


# --------------------------------------------------------------------------------- remedies

def _r_num_up(names, vals, op, t):
    """num/den ≥ t: raise the numerator, denominator unchanged (R&D up, revenue as is)."""
    num, den = vals
    need = t / 100 * den - num
    if op in (">=", ">") and need > 0:
        return Remedy(need, "万元", names[0], "increase", "营业收入不变", "revenue unchanged")
    return None


def _r_part_up(unit):
    def fn(names, vals, op, t):
        """part/whole ≥ t where the part is inside the whole (主营 within 营业收入; R&D staff within
        employees): adding x to the part adds x to the whole → x ≥ (t·whole − part)/(1 − t)."""
        part, whole = vals
        s = t / 100
        if op not in (">=", ">") or s >= 1:
            return None
        need = (s * whole - part) / (1 - s)
        if need <= 0:
            return None
        if unit == "人":
            need = Fraction(-(-need.numerator // need.denominator))  # whole persons, rounded up
        how = ("其他业务收入不变", "other revenue unchanged, so total revenue rises too") \
            if unit == "万元" else ("新增人员同时计入从业人员", "new hires also count as employees")
        return Remedy(need, unit, names[0], "increase", *how)
    return fn


def _r_repay(names, vals, op, t):
    """liabilities/assets ≤ t: the balance-sheet moves priced by zjtx.moves.debt_routes (repay from
    cash, convert debt to equity, new paid-in capital). The remedy's amount is repayment's when it
    is possible (x ≥ (L − t·A)/(1 − t), no more than the debt and the cash), else the cheapest
    possible move's; `routes` carries every possible move, each with its assumption."""
    from .moves import debt_routes
    liab, assets = vals
    routes = tuple(r for r in debt_routes(liab, assets, op, t) if r.feasible)
    if not routes:
        return None
    first = routes[0] if routes[0].move == "repay" else min(routes, key=lambda r: r.amount)
    # (the plan words repayment moves.MOVE_TEXT["repay"]; this older wording is in `check`'s output, in
    # remedies[].assumption and the reasons, so it stays until that contract may change)
    how = ("以现有资金偿还，资产同步减少", "repaid from cash, so assets fall too") if first.move == "repay" \
        else (first.how_zh, first.how_en)
    return Remedy(first.amount, "万元", names[0], "decrease", *how, routes=routes)


def _r_cagr(names, vals, op, t):
    r1, r3 = vals
    if r3 <= 0 or op not in (">=", ">"):
        return None
    need = r3 * (1 + t / 100) ** 2 - r1
    return Remedy(need, "万元", names[0], "increase", "前三年度营业收入不变", "revenue three years back unchanged") if need > 0 else None


def _r_avg_growth(names, vals, op, t):
    m1, m2, m3 = vals
    if m2 <= 0 or m3 <= 0 or op not in (">=", ">"):
        return None
    need = m2 * (2 + 2 * t / 100 - m2 / m3) - m1
    return Remedy(need, "万元", names[0], "increase", "前两个年度不变", "earlier years unchanged") if need > 0 else None


def _r_growth(names, vals, op, t):
    m1, m2 = vals
    if m2 <= 0 or op not in (">=", ">"):
        return None
    need = m2 * (1 + t / 100) - m1
    return Remedy(need, "万元", names[0], "increase", "上上年度不变", "the year before unchanged") if need > 0 else None


def _avg(names, *vals):
    return Measure(sum(vals, Fraction(0)) / len(vals), names)


def _r_avg_money(names, vals, op, t):
    """average ≥ t: the total over the years must rise by n·(t − average)."""
    avg = sum(vals, Fraction(0)) / len(vals)
    if op in (">=", ">") and t > avg:
        return Remedy((t - avg) * len(vals), "万元", names[0], "increase", "两年合计", "over the two years")
    return None


def _r_money(names, vals, op, t):
    total = sum(vals, Fraction(0))
    if op in (">=", ">") and t > total:
        return Remedy(t - total, "万元", names[0], "increase", "", "")
    if op in ("<=", "<") and total > t:
        return Remedy(total - t, "万元", names[0], "decrease", "", "")
    return None


# ------------------------------------------------------------------------------- the registry

def _per_year(stem: str) -> Callable[[str | None], tuple[str, ...]]:
    return lambda y: (f"{stem}_{y}",)


def _fixed(*names: str) -> Callable[[str | None], tuple[str, ...]]:
    return lambda y: names


# The formulas, by name: every indicator declares one (its `form`); zjtx.batch has a column-wise form for
# each name or routes it to the engine (tests/test_code_health.py checks that none is forgotten).
FORMS: Mapping[str, Callable[..., Measure]] = MappingProxyType({
    "plain": _plain, "sum": _sum, "avg": _avg, "ratio": _ratio, "growth": _growth, "avg_growth": _avg_growth,
    "cagr": _cagr,
})


def _ind(name, zh, en, unit, fields_for, form, *, per_year=False, remedy=None, fzh="", fen=""):
    return Indicator(name, zh, en, unit, per_year, fzh, fen, fields_for, FORMS[form], remedy, form)


_REGISTRY: list[Indicator] = [
    _ind("revenue", "营业收入", "operating revenue", "万元", _per_year("revenue"), "plain", per_year=True, remedy=_r_money),
    _ind("main_revenue", "主营业务收入", "main-business revenue", "万元", _per_year("main_revenue"), "plain",
         per_year=True, remedy=_r_money),
    _ind("rd_expense", "研发费用", "R&D expense", "万元", _per_year("rd_expense"), "plain", per_year=True, remedy=_r_money),
    _ind("rd_ratio", "研发费用占营业收入比重", "R&D expense / operating revenue", "%",
         lambda y: (f"rd_expense_{y}", f"revenue_{y}"), "ratio", per_year=True, remedy=_r_num_up,
         fzh="研发费用 ÷ 营业收入 × 100%", fen="R&D expense ÷ operating revenue × 100%"),
    _ind("main_share", "主营业务收入占营业收入比重", "main-business revenue / operating revenue", "%",
         lambda y: (f"main_revenue_{y}", f"revenue_{y}"), "ratio", per_year=True, remedy=_r_part_up("万元"),
         fzh="主营业务收入 ÷ 营业收入 × 100%", fen="main-business revenue ÷ operating revenue × 100%"),
    _ind("debt_ratio", "资产负债率", "debt-to-asset ratio", "%", _fixed("total_liabilities", "total_assets"), "ratio",
         remedy=_r_repay, fzh="上年末负债总额 ÷ 资产总额 × 100%", fen="liabilities ÷ assets at last year end × 100%"),
    _ind("net_margin", "净利润率", "net profit margin", "%", _fixed("net_profit_y1", "revenue_y1"), "ratio",
         fzh="上年度净利润 ÷ 营业收入 × 100%", fen="net profit ÷ operating revenue × 100%"),
    _ind("rd_staff_share", "研发人员占比", "R&D staff share", "%", _fixed("rd_staff", "employees"), "ratio",
         remedy=_r_part_up("人"), fzh="研发人员 ÷ 从业人员 × 100%", fen="R&D staff ÷ employees × 100%"),
    _ind("tech_staff_share", "科技人员占职工总数比重", "S&T staff share", "%", _fixed("tech_staff", "employees"), "ratio",
         remedy=_r_part_up("人"), fzh="科技人员 ÷ 职工总数 × 100%", fen="S&T staff ÷ employees × 100%"),
    _ind("rd_cost_ratio", "研发费用占成本费用比重", "R&D expense / total costs", "%",
         _fixed("rd_expense_y1", "cost_expense_y1"), "ratio", remedy=_r_num_up,
         fzh="上年度研发费用 ÷ 成本费用总额 × 100%", fen="R&D expense ÷ total costs and expenses × 100%"),
    _ind("equity_2y", "近两年新增股权融资（合格机构投资者实缴）", "new equity over two years (qualified, paid-in)", "万元",
         _fixed("equity_y1", "equity_y2"), "sum", remedy=_r_money, fzh="上年度 + 上上年度", fen="last two fiscal years"),
    _ind("equity_3y", "近三年新增股权融资（合格机构投资者实缴）", "new equity over three years (qualified, paid-in)", "万元",
         _fixed("equity_y1", "equity_y2", "equity_y3"), "sum", remedy=_r_money, fzh="近三个年度合计", fen="last three fiscal years"),
    _ind("rd_total_2y", "近两年研发费用总额", "R&D expense over two years", "万元",
         _fixed("rd_expense_y1", "rd_expense_y2"), "sum", remedy=_r_money, fzh="上年度 + 上上年度", fen="last two fiscal years"),
    _ind("rd_avg_2y", "近两年研发费用总额均值", "average R&D expense over two years", "万元",
         _fixed("rd_expense_y1", "rd_expense_y2"), "avg", remedy=_r_avg_money,
         fzh="(上年度 + 上上年度) ÷ 2", fen="(last year + the year before) ÷ 2"),
    _ind("revenue_cagr_2y", "近两年营业收入复合增长率", "two-year revenue CAGR", "%",
         _fixed("revenue_y1", "revenue_y3"), "cagr", remedy=_r_cagr,
         fzh="(上年度营业收入 ÷ 前三年度营业收入)^(1/2) − 1", fen="(revenue y1 ÷ revenue y3)^(1/2) − 1"),
    _ind("main_growth_avg_2y", "近2年主营业务收入平均增长率", "average main-revenue growth over two years", "%",
         _fixed("main_revenue_y1", "main_revenue_y2", "main_revenue_y3"), "avg_growth", remedy=_r_avg_growth,
         fzh="[(上年度÷上上年度 − 1) + (上上年度÷前三年度 − 1)] ÷ 2", fen="mean of the two yearly growth rates"),
    _ind("main_growth_1y", "上年度主营业务收入增长率", "main-revenue growth last year", "%",
         _fixed("main_revenue_y1", "main_revenue_y2"), "growth", remedy=_r_growth,
         fzh="上年度主营业务收入 ÷ 上上年度 − 1", fen="main revenue y1 ÷ y2 − 1"),
]

INDICATORS: Mapping[str, Indicator] = MappingProxyType({i.name: i for i in _REGISTRY})


def _field_indicator(key: str) -> Indicator:
    spec = FIELD[key]
    remedy = _r_money if spec.kind in ("money", "money_signed") else None
    return Indicator(key, spec.short_zh, spec.short_en, spec.unit_zh, False, "", "", _fixed(key), _plain, remedy, "plain")


# every numeric profile field, read as an indicator (for `field:` leaves and score measures)
FIELD_INDICATORS: Mapping[str, Indicator] = MappingProxyType(
    {k: _field_indicator(k) for k, f in FIELD.items() if f.kind in NUMERIC_KINDS})
