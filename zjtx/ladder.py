"""The ladder 科技和创新型中小企业 → 专精特新中小企业 → 专精特新"小巨人": one picture of the path. Pure.

2号文 Art. 7/8: each rung needs the title of the rung below (no level can be skipped). For each
rung: the title held (self-declared), today's verdict, the prerequisite, the plan's headline and
the first qualifying year from a projection. The next target is the lowest rung whose title is not
held yet (the base rung counts as held with either a valid 科技型 number or a 创新型 title).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Mapping

from . import fmt
from .engine import Assessment
from .i18n import bilingual
from .plan import Plan
from .project import Projection

RUNGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("innovative", "tech_sme")),
    ("specialized", ("specialized",)),
    ("little_giant", ("little_giant",)),
)
RUNG_TEXT = {
    "base": ("创新型 / 科技型中小企业", "Innovative / Tech-based SME"),
    "specialized": ("专精特新中小企业", "Specialized SME"),
    "little_giant": ("专精特新“小巨人”企业", "Little Giant"),
}
PREREQ_TEXT = {
    "base": ("无前置称号（创新型按 2022 附件1 评价，科技型按 115号 评价入库）",
             "no prerequisite title (Innovative: 2022 annex 1; Tech-based: No. 115 registration)"),
    "specialized": ("须持有有效期内的科技型中小企业编号或创新型中小企业称号（2号文第七条）",
                    "a valid Tech-based SME number or Innovative SME title (Art. 7)"),
    "little_giant": ("须持有有效期内的专精特新中小企业称号（2号文第八条）",
                     "a valid Specialized SME title (Art. 8)"),
}
_RANK = {"meets": 0, "incomplete": 1, "fails": 2}


@dataclass(frozen=True)
class Rung:
    id: str
    tiers: tuple[str, ...]
    title_zh: str
    title_en: str
    held: bool
    verdict: str                      # the best of the rung's tiers today
    tier: str                         # the tier the verdict and plan come from
    prerequisite_zh: str
    prerequisite_en: str
    prerequisite_met: bool
    next_target: bool
    headline_zh: str
    headline_en: str
    first_year: int | None
    plan: Plan | None = None

    title = bilingual("title")
    prerequisite = bilingual("prerequisite")
    headline = bilingual("headline")


def _held(profile: Any, rung: str) -> bool:
    if rung == "base":
        return profile.holds_tech_sme is True or profile.holds_innovative_sme is True
    if rung == "specialized":
        return profile.holds_specialized_sme is True
    return False


def headline(p: Plan | None, verdict: str) -> tuple[str, str]:
    """'已达标' / '调整 48 万元即可达标' / '需资金 740 万元，另有 3 项非资金条件'."""
    if verdict == "meets":
        return "已达标", "meets now"
    if p is None:
        return "—", "—"
    cost = p.best.cost
    n = len(p.requirements)
    money_zh, money_en = fmt.with_unit(cost, "万元"), fmt.with_unit(cost, "万元", "en")
    if p.reachable:
        return f"调整 {money_zh}即可达标", f"{money_en} of changes meets it"
    if cost > 0:
        return f"需资金 {money_zh}，另有 {n} 项非资金条件", f"{money_en} plus {n} condition(s) money cannot buy"
    return f"另有 {n} 项非资金条件", f"{n} condition(s) money cannot buy"


def ladder(profile: Any, assessment: Assessment, plans: Mapping[str, Plan | None] | Callable[[str], Plan | None],
           projection: Projection | None = None) -> tuple[Rung, ...]:
    """The three rungs for one company. `plans` gives each tier's plan (a mapping or a function)."""
    get = plans if callable(plans) else (lambda t: plans.get(t))
    out: list[Rung] = []
    target_set = False
    below_held = True
    for rid, tiers in RUNGS:
        verdicts = {t: assessment.tiers[t].verdict for t in tiers}
        best_tier = min(tiers, key=lambda t: _RANK[verdicts[t]])
        plan_by_tier = {t: get(t) for t in tiers}
        if len(tiers) > 1 and verdicts[best_tier] != "meets":
            ranked = [t for t in tiers if plan_by_tier[t] is not None]
            if ranked:      # the cheaper way onto the base rung: reachable first, then money
                best_tier = min(ranked, key=lambda t: (not plan_by_tier[t].reachable,
                                                       len(plan_by_tier[t].requirements),
                                                       plan_by_tier[t].best.cost if plan_by_tier[t] else Decimal(0)))
        p = plan_by_tier[best_tier]
        held = _held(profile, rid)
        nxt = not held and not target_set
        target_set = target_set or nxt
        first = None
        if projection is not None:
            years = [projection.first_year.get(t) for t in tiers]
            years = [y for y in years if y is not None]
            first = min(years) if years else None
        hz, he = headline(p, verdicts[best_tier])
        pz, pe = PREREQ_TEXT[rid]
        out.append(Rung(rid, tiers, *RUNG_TEXT[rid], held, verdicts[best_tier], best_tier, pz, pe,
                        below_held, nxt, hz, he, first, p))
        below_held = held
    return tuple(out)
