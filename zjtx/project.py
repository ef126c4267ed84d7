"""Multi-year projection: roll a profile's fiscal years forward and evaluate every tier each year.

Pure (no Streamlit, no I/O). Year A+1 uses the new fiscal year A as 上年度 (y1), the old y1 as
y2, the old y2 as y3; the year-end balance sheet is that of FY A; niche-market years grow by one.
The figures of each new fiscal year come from stated assumptions, settable year by year
(`YearAssumptions`); left blank, an assumption keeps last year's value ("flat"):

| figure of the new fiscal year | rule (blank assumption = default) |
|---|---|
| 营业收入 `revenue_y1` | last year × (1 + revenue growth %); growth default 0 % |
| 主营业务收入 `main_revenue_y1` | new revenue × main-business share %; default last year's share |
| 研发费用 `rd_expense_y1` | new revenue × R&D ratio %, or a fixed 万元 amount; default last year's ratio |
| 新增股权投资 `equity_y1` | the assumed qualified paid-in equity of that year; default 0 |
| 净利润 / 成本费用总额 | new revenue × last year's net margin / cost ratio |
| 资产总额 `total_assets` | grows with revenue (same %) plus the new equity |
| 负债总额 `total_liabilities` | new assets × debt ratio %; default last year-end's ratio |
| Ⅰ类知识产权 `class1_ip` | + new Ⅰ类 IP of the year; default 0 |
| 发展评价得分 | this year's score becomes last year's; the new one is the assumed score, default unchanged |
| 细分市场年限 | + 1 |
| everything else (staff, market shares, awards, titles, self-declared items) | unchanged |

Titles follow the ladder (`titles_follow_ladder`, default on): a tier met in year Y is assumed
recognised that year, so its title is held from Y+1 (创新型/科技型 → 专精特新 → 小巨人).

Money is rounded to 0.01 万元; a figure derived from a ratio is rounded in the direction that
keeps the ratio (R&D and 主营 up, liabilities down), so "flat" never drifts below a threshold.
"""

from __future__ import annotations

from functools import partial
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from .engine import TIERS, Assessment, evaluate
from .i18n import Bilingual, Text, word
from .indicators import frac
from .profile import MONEY_MAX
from .rules import RuleBook

MAX_YEARS = 5
_CENT = Decimal("0.01")

# How each field moves from assessment year A to A+1 (the test checks every field against this).
ROLL: Mapping[str, str] = MappingProxyType({
    "assessment_year": "plus_one",
    "revenue_y1": "assumed", "revenue_y2": "from:revenue_y1", "revenue_y3": "from:revenue_y2",
    "main_revenue_y1": "assumed", "main_revenue_y2": "from:main_revenue_y1", "main_revenue_y3": "from:main_revenue_y2",
    "rd_expense_y1": "assumed", "rd_expense_y2": "from:rd_expense_y1",
    "equity_y1": "assumed", "equity_y2": "from:equity_y1", "equity_y3": "from:equity_y2",
    "net_profit_y1": "assumed", "cost_expense_y1": "assumed",
    "total_assets": "assumed", "total_liabilities": "assumed",
    "segment_years": "plus_one", "class1_ip": "assumed",
    "dev_score_current": "assumed", "dev_score_previous": "from:dev_score_current",
})


class PlanInputError(Bilingual, ValueError):
    """Bad input to a plan or a projection. `.zh` is one clear Chinese line (the CLI exits 2)."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.zh, self.en = zh, en


class AssumptionError(PlanInputError):
    """An assumption out of range."""


@dataclass(frozen=True)
class YearAssumptions:
    """What to assume for one new fiscal year. None = keep last year's value (see module doc)."""
    revenue_growth: Decimal | None = None     # %, 营业收入增长率 (None = 0 %)
    main_share: Decimal | None = None         # %, 主营业务收入占比
    rd_ratio: Decimal | None = None           # %, 研发费用占营业收入比重
    rd_amount: Decimal | None = None          # 万元, a fixed R&D amount (wins over rd_ratio)
    debt_ratio: Decimal | None = None         # %, 年末资产负债率
    new_ip: int | None = None                 # 项, new Ⅰ类知识产权 in the year (None = 0)
    score: Decimal | None = None              # 分, expected 发展评价得分 (None = unchanged)
    new_equity: Decimal | None = None         # 万元, qualified paid-in equity in the year (None = 0)

    def checked(self) -> "YearAssumptions":
        def num(name: str, v: Any, lo: Decimal, hi: Decimal, zh: str, en: str) -> Decimal | None:
            if v is None:
                return None
            try:
                d = Decimal(str(v))
            except Exception:
                raise AssumptionError(f"假设「{zh}」不是有效数字：{v}", f"assumption '{en}' is not a number: {v}") from None
            if not d.is_finite() or d < lo or d > hi:
                raise AssumptionError(f"假设「{zh}」应在 {lo}–{hi} 之间（收到 {v}）",
                                      f"assumption '{en}' must be between {lo} and {hi} (got {v})")
            return d
        ip = num("new_ip", self.new_ip, Decimal(0), Decimal(10000), "每年新增Ⅰ类知识产权", "new Class I IP per year")
        if ip is not None and ip != ip.to_integral_value():
            raise AssumptionError("假设「每年新增Ⅰ类知识产权」应为整数", "new Class I IP per year must be a whole number")
        return YearAssumptions(
            revenue_growth=num("revenue_growth", self.revenue_growth, Decimal(-99), Decimal(1000), "营业收入增长率", "revenue growth"),
            main_share=num("main_share", self.main_share, Decimal(0), Decimal(100), "主营业务收入占比", "main-business share"),
            rd_ratio=num("rd_ratio", self.rd_ratio, Decimal(0), Decimal(100), "研发费用占比", "R&D ratio"),
            rd_amount=num("rd_amount", self.rd_amount, Decimal(0), Decimal(MONEY_MAX), "研发费用金额", "R&D amount"),
            debt_ratio=num("debt_ratio", self.debt_ratio, Decimal(0), Decimal(1000), "资产负债率", "debt ratio"),
            new_ip=int(ip) if ip is not None else None,
            score=num("score", self.score, Decimal(0), Decimal(100), "预计发展评价得分", "expected score"),
            new_equity=num("new_equity", self.new_equity, Decimal(0), Decimal(MONEY_MAX), "新增股权投资", "new equity"),
        )


FLAT = YearAssumptions()


def _money(v: Fraction | None, rounding: str = ROUND_HALF_EVEN, signed: bool = False) -> Decimal | None:
    if v is None:
        return None
    lo = -MONEY_MAX if signed else 0
    v = min(max(v, Fraction(lo)), Fraction(MONEY_MAX))
    d = Decimal(v.numerator) / Decimal(v.denominator) if v.denominator != 1 else Decimal(v.numerator)
    return d.quantize(_CENT, rounding=rounding)


def _ratio(num: Fraction | None, den: Fraction | None) -> Fraction | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def roll(profile: Any, a: YearAssumptions = FLAT) -> Any:
    """The profile one assessment year later (A → A+1), its new fiscal year built from `a`.

    Pure: returns a new frozen profile; `profile` is never changed. A missing figure stays
    missing where the new one is derived from it."""
    g = frac(a.revenue_growth) / 100 if a.revenue_growth is not None else Fraction(0)
    f = {k: frac(getattr(profile, k)) for k in ROLL if k not in ("assessment_year",)}
    r1 = f["revenue_y1"]
    new_rev = r1 * (1 + g) if r1 is not None else None
    new_rev_d = _money(new_rev)
    new_rev_q = frac(new_rev_d)

    def times(ratio: Fraction | None, rounding: str, signed: bool = False) -> Decimal | None:
        if ratio is None or new_rev_q is None:
            return None
        return _money(ratio * new_rev_q, rounding, signed)

    share = frac(a.main_share) / 100 if a.main_share is not None else _ratio(f["main_revenue_y1"], r1)
    main = times(share, ROUND_FLOOR if share is not None and share >= 1 else ROUND_CEILING)
    if main is not None and new_rev_d is not None and main > new_rev_d:
        main = new_rev_d
    if a.rd_amount is not None:
        rd = _money(frac(a.rd_amount))
    else:
        rd = times(frac(a.rd_ratio) / 100 if a.rd_ratio is not None else _ratio(f["rd_expense_y1"], r1), ROUND_CEILING)
    eq_new = frac(a.new_equity) if a.new_equity is not None else Fraction(0)
    assets = f["total_assets"]
    new_assets = assets * (1 + g) + eq_new if assets is not None else None
    new_assets_d = _money(new_assets)
    dr = frac(a.debt_ratio) / 100 if a.debt_ratio is not None else _ratio(f["total_liabilities"], assets)
    liab = _money(dr * frac(new_assets_d), ROUND_FLOOR) if dr is not None and new_assets_d is not None else None
    ip = getattr(profile, "class1_ip")
    score = a.score if a.score is not None else getattr(profile, "dev_score_current")
    seg = getattr(profile, "segment_years")
    upd = {
        "assessment_year": int(profile.assessment_year) + 1,
        "revenue_y3": getattr(profile, "revenue_y2"), "revenue_y2": getattr(profile, "revenue_y1"),
        "revenue_y1": new_rev_d,
        "main_revenue_y3": getattr(profile, "main_revenue_y2"), "main_revenue_y2": getattr(profile, "main_revenue_y1"),
        "main_revenue_y1": main,
        "rd_expense_y2": getattr(profile, "rd_expense_y1"), "rd_expense_y1": rd,
        "equity_y3": getattr(profile, "equity_y2"), "equity_y2": getattr(profile, "equity_y1"),
        "equity_y1": _money(eq_new),
        "net_profit_y1": times(_ratio(f["net_profit_y1"], r1), ROUND_HALF_EVEN, signed=True),
        "cost_expense_y1": times(_ratio(f["cost_expense_y1"], r1), ROUND_HALF_EVEN),
        "total_assets": new_assets_d, "total_liabilities": liab,
        "segment_years": seg + 1 if seg is not None else None,
        "class1_ip": ip + (a.new_ip or 0) if ip is not None else None,
        "dev_score_previous": getattr(profile, "dev_score_current"), "dev_score_current": score,
    }
    hv = getattr(profile, "class1_ip_high_value")
    if hv is not None and upd["class1_ip"] is not None and hv > upd["class1_ip"]:
        upd["class1_ip_high_value"] = upd["class1_ip"]
    return profile.model_copy(update=upd)


# ------------------------------------------------------------------------------ projection

TITLE_OF = MappingProxyType({"innovative": "holds_innovative_sme", "tech_sme": "holds_tech_sme",
                             "specialized": "holds_specialized_sme"})


@dataclass(frozen=True)
class YearResult:
    assessment_year: int
    profile: Any
    assessment: Assessment
    assumptions: YearAssumptions | None        # None for the starting year
    titles_assumed: tuple[str, ...] = ()        # title fields set by the ladder rule this year

    def verdict(self, tier: str) -> str:
        return self.assessment.tiers[tier].verdict

    def failing(self, tier: str) -> tuple[str, ...]:
        t = self.assessment.tiers[tier]
        gate = tuple(c.id for c in self.assessment.gate.criteria if c.status == "fail")
        return gate + tuple(c.id for c in t.criteria if c.status == "fail")

    def missing(self, tier: str) -> tuple[str, ...]:
        t = self.assessment.tiers[tier]
        gate = tuple(c.id for c in self.assessment.gate.criteria if c.status == "missing")
        return gate + tuple(c.id for c in t.criteria if c.status == "missing")


@dataclass(frozen=True)
class Projection:
    years: tuple[YearResult, ...]
    first_year: Mapping[str, int | None]
    binding: Mapping[str, tuple[str, ...]]      # tiers never met: what still fails in the last year
    standard: str
    titles_follow_ladder: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": [{"assessment_year": y.assessment_year,
                       "fiscal_year": y.assessment_year - 1,
                       "tiers": {t: {"verdict": y.verdict(t), "fail": list(y.failing(t)),
                                     "missing": list(y.missing(t)),
                                     "standard": y.assessment.tiers[t].standard} for t in TIERS},
                       "titles_assumed": list(y.titles_assumed),
                       "figures": _figures(y.profile)} for y in self.years],
            "first_year": dict(self.first_year),
            "binding": {k: list(v) for k, v in self.binding.items()},
            "standard": self.standard,
            "assumptions": [assumption_dict(y.assumptions) for y in self.years[1:]],
            "titles_follow_ladder": self.titles_follow_ladder,
        }


_FIGURES = ("revenue_y1", "main_revenue_y1", "rd_expense_y1", "total_assets", "total_liabilities",
            "equity_y1", "segment_years", "class1_ip", "dev_score_current")


def _figures(p: Any) -> dict[str, Any]:
    out = {}
    for k in _FIGURES:
        v = getattr(p, k)
        out[k] = None if v is None else (int(v) if v == int(v) else float(v))
    return out


def assumption_dict(a: YearAssumptions | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {k: (None if v is None else (int(v) if v == int(v) else float(v))) for k, v in a.__dict__.items()}


def assumptions_for(years: int, base: YearAssumptions | Sequence[YearAssumptions] | None) -> tuple[YearAssumptions, ...]:
    """One YearAssumptions per projected year: a single one is used for every year; a shorter
    list repeats its last entry."""
    if base is None:
        return (FLAT,) * years
    if isinstance(base, YearAssumptions):
        return (base.checked(),) * years
    seq = [b.checked() for b in base] or [FLAT]
    return tuple(seq[min(i, len(seq) - 1)] for i in range(years))


def project(profile: Any, book: RuleBook, years: int, assumptions: YearAssumptions | Sequence[YearAssumptions] | None = None,
            standard: str = "auto", titles_follow_ladder: bool = True) -> Projection:
    """Evaluate the profile now (year A) and in each of the next `years` years (1–5)."""
    if not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        raise AssumptionError(f"预测年数应为 1–{MAX_YEARS}（收到 {years}）", f"years must be 1–{MAX_YEARS} (got {years})")
    per_year = assumptions_for(years, assumptions)
    cur = profile
    first = evaluate(cur, book, standard)
    out = [YearResult(int(cur.assessment_year), cur, first, None)]
    earned: list[str] = []                    # titles granted by the ladder so far
    for a in per_year:
        prev = out[-1]
        nxt = roll(cur, a)
        granted: tuple[str, ...] = ()
        if titles_follow_ladder:
            new = [fld for tier, fld in TITLE_OF.items()
                   if prev.assessment.tiers[tier].verdict == "meets" and getattr(cur, fld) is not True]
            earned += [f for f in new if f not in earned]
            if earned:
                nxt = nxt.model_copy(update={f: True for f in earned})
                granted = tuple(earned)
        cur = nxt
        out.append(YearResult(int(cur.assessment_year), cur, evaluate(cur, book, standard), a, granted))
    first_year: dict[str, int | None] = {}
    binding: dict[str, tuple[str, ...]] = {}
    for t in TIERS:
        hit = next((y.assessment_year for y in out if y.verdict(t) == "meets"), None)
        first_year[t] = hit
        if hit is None:
            last = out[-1]
            binding[t] = last.failing(t) or last.missing(t)
    return Projection(tuple(out), MappingProxyType(first_year), MappingProxyType(binding), standard,
                      titles_follow_ladder)


def profile_at(profile: Any, book: RuleBook, year: int,
               assumptions: YearAssumptions | Sequence[YearAssumptions] | None = None,
               standard: str = "auto", titles_follow_ladder: bool = True) -> Any:
    """The projected profile for assessment year `year` (> A, within MAX_YEARS)."""
    a0 = int(profile.assessment_year)
    n = year - a0
    if n == 0:
        return profile
    if not 1 <= n <= MAX_YEARS:
        raise AssumptionError(f"规划年度应在 {a0 + 1}–{a0 + MAX_YEARS} 之间（收到 {year}）",
                              f"the target year must be {a0 + 1}–{a0 + MAX_YEARS} (got {year})")
    return project(profile, book, n, assumptions, standard, titles_follow_ladder).years[-1].profile




# ------------------------------------------------------------------------------ text output

_VERDICT = MappingProxyType({"meets": Text("达标", "meets"), "fails": Text("未达标", "fails"),
                             "incomplete": Text("信息不足", "incomplete")})
_TIER = MappingProxyType({"specialized": Text("专精特新", "Specialized"), "little_giant": Text("小巨人", "Little Giant"),
                          "innovative": Text("创新型", "Innovative"), "tech_sme": Text("科技型", "Tech-based")})
# the words of the projection as text (the CLI's --format text) and of each year's assumptions
WORDS = MappingProxyType({
    "year": Text("申报年度", "Year"),
    "first": Text("{tier}：{year} 年首次达标", "{tier}: first met in {year}"),
    "never": Text("{tier}：预测期内未达标（制约：{b}）", "{tier}: not within the horizon (binding: {b})"),
    "list": Text("、", ", "),
    "assumptions": Text("假设（每年）：", "Assumptions (per year):"),
    "ladder": Text("称号按梯度递进：某层级在某年达标，即假定当年获认定、次年起持有该称号。",
                   "Titles follow the ladder: a tier met in a year is assumed recognised that year and held from the next."),
    "growth": Text("营收增长 ", "revenue growth "),
    "share": Text("主营占比 ", "main share "),
    "share_keep": Text("同上年", "as last year"),
    "rd": Text("研发 ", "R&D "),
    "rd_keep": Text("占比同上年", "ratio as last year"),
    "debt": Text("资产负债率 ", "debt ratio "),
    "debt_keep": Text("同上年末", "as last year end"),
    "ip": Text("新增Ⅰ类知识产权 ", "new Class I IP "),
    "equity": Text("新增股权投资 ", "new equity "),
    "score": Text("评价得分 ", "score "),
    "score_keep": Text("不变", "unchanged"),
    "sep": Text("；", "; "),
})


_w = partial(word, WORDS)


def projection_text(pr: Projection, lang: str = "zh") -> str:
    """A years × tiers table, then the first qualifying year of each tier (or what binds)."""
    from .text import pad
    cols = TIERS
    head = pad(_w("year", lang), 10) + "".join(pad(_TIER[t].get(lang), 14) for t in cols)
    lines = [head, "-" * len(head)]
    for y in pr.years:
        row = pad(str(y.assessment_year), 10)
        for t in cols:
            v = y.verdict(t)
            mark = "★" if pr.first_year[t] == y.assessment_year else " "
            row += pad(f"{mark}{_VERDICT[v].get(lang)}", 14)
        lines.append(row)
    lines.append("")
    for t in cols:
        fy = pr.first_year[t]
        if fy is not None:
            lines.append(_w("first", lang, tier=_TIER[t].get(lang), year=fy))
        else:
            b = _w("list", lang).join(pr.binding.get(t, ()))
            lines.append(_w("never", lang, tier=_TIER[t].get(lang), b=b))
    lines.append("")
    lines.append(_w("assumptions", lang))
    for y in pr.years[1:]:
        a = y.assumptions
        lines.append(f"  {y.assessment_year - 1}: " + assumption_text(a, lang))
    if pr.titles_follow_ladder:
        lines.append(_w("ladder", lang))
    return "\n".join(lines) + "\n"


def assumption_text(a: YearAssumptions | None, lang: str = "zh") -> str:
    """One line naming every assumption of a fiscal year, defaults included."""
    a = a or FLAT

    def pct(v: Decimal | None, keep: str) -> str:
        return _w(keep, lang) if v is None else f"{v.normalize():f}%"
    parts = [
        _w("growth", lang) + (f"{a.revenue_growth.normalize():f}%" if a.revenue_growth is not None else "0%"),
        _w("share", lang) + pct(a.main_share, "share_keep"),
        _w("rd", lang) + (f"{a.rd_amount.normalize():f} 万元" if a.rd_amount is not None else pct(a.rd_ratio, "rd_keep")),
        _w("debt", lang) + pct(a.debt_ratio, "debt_keep"),
        _w("ip", lang) + str(a.new_ip or 0),
        _w("equity", lang) + (f"{a.new_equity.normalize():f} 万元" if a.new_equity else "0"),
        _w("score", lang) + (f"{a.score.normalize():f}" if a.score is not None else _w("score_keep", lang)),
    ]
    return _w("sep", lang).join(parts)
