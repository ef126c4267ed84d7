"""The minimal-change plan follows the year-scoped readings of the rule data (Criterion.applicability):
a criterion a later notice set aside (190号: 2025 小巨人 reviews do not assess growth) or one that applies
only in 2025 (revenue ≥ 5000万) is never something the plan asks the company to buy."""

from test_plan import GOOD

from zjtx.engine import evaluate
from zjtx.plan import plan
from zjtx.profile import parse_profile
from zjtx.rules import rulebook

BOOK = rulebook()
NEGATIVE_GROWTH = {"main_revenue_y1": 9000}        # 9000 / 10400 / 9400: about −1 % a year


def test_a_2025_review_is_not_asked_to_grow_its_main_revenue():
    """Regression: the planner read only `applies_to`, so it modelled L22.main_growth for a 2025 review
    that 190号 exempts and reported the company as short of growth."""
    p = parse_profile({**GOOD, **NEGATIVE_GROWTH, "assessment_year": 2025, "application_type": "review"})
    a = evaluate(p, BOOK)
    assert a.tiers["little_giant"].criterion("L22.main_growth").status == "not_applicable"
    assert a.tiers["little_giant"].verdict == "meets"
    pl = plan(p, BOOK, "little_giant")
    assert pl.verdict_before == "meets" and pl.changes == ()
    assert all("L22.main_growth" not in str(r) for r in pl.best.requirements)


def test_a_2025_application_still_has_to_grow():
    p = parse_profile({**GOOD, **NEGATIVE_GROWTH, "assessment_year": 2025, "application_type": "new"})
    assert evaluate(p, BOOK).tiers["little_giant"].criterion("L22.main_growth").status == "fail"
    pl = plan(p, BOOK, "little_giant")
    assert pl.verdict_before == "fails"
