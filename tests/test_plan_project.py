"""Multi-year projection (zjtx/project.py): rolling fiscal years field by field, assumptions, first year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zjtx.engine import TIERS
from zjtx.fields import FIELD
from zjtx.project import FLAT, ROLL, AssumptionError, YearAssumptions, profile_at, project, projection_text, roll
from zjtx.rules import rulebook
from test_plan import company

BOOK = rulebook()


def D(v) -> Decimal:
    return Decimal(str(v))


def test_roll_field_by_field_flat():
    """Year A+1 reads the new FY A as y1, the old y1 as y2, the old y2 as y3; niche years + 1."""
    p = company()
    q = roll(p)
    assert q.assessment_year == 2027
    assert (q.revenue_y1, q.revenue_y2, q.revenue_y3) == (12000, 12000, 11000)
    assert (q.main_revenue_y1, q.main_revenue_y2, q.main_revenue_y3) == (11400, 11400, 10400)
    assert (q.rd_expense_y1, q.rd_expense_y2) == (720, 720)
    assert (q.equity_y1, q.equity_y2, q.equity_y3) == (0, 0, 0)
    assert (q.net_profit_y1, q.cost_expense_y1) == (1300, 10000)
    assert (q.total_assets, q.total_liabilities) == (15000, 6000)
    assert q.segment_years == 9 and q.class1_ip == 5
    assert (q.dev_score_current, q.dev_score_previous) == (72, 72)
    for k in FIELD:
        if k not in ROLL:
            assert getattr(q, k) == getattr(p, k), k       # everything else is unchanged


def test_roll_with_assumptions():
    p = company(equity_y1=300, equity_y2=200)
    a = YearAssumptions(revenue_growth=D(10), main_share=D(90), rd_ratio=D(4), debt_ratio=D(50), new_ip=2,
                        score=D(61), new_equity=D(500))
    q = roll(p, a.checked())
    assert q.revenue_y1 == D("13200.00") and q.revenue_y2 == 12000 and q.revenue_y3 == 11000
    assert q.main_revenue_y1 == D("11880.00") and q.main_revenue_y2 == 11400
    assert q.rd_expense_y1 == D("528.00") and q.rd_expense_y2 == 720
    assert (q.equity_y1, q.equity_y2, q.equity_y3) == (500, 300, 200)
    assert q.total_assets == D("17000.00")                  # 15000 × 1.1 + 500
    assert q.total_liabilities == D("8500.00")              # 50 %
    assert q.net_profit_y1 == D("1430.00") and q.cost_expense_y1 == D("11000.00")   # margins kept
    assert q.class1_ip == 7 and q.dev_score_current == 61 and q.dev_score_previous == 72
    fixed = roll(p, YearAssumptions(rd_amount=D(800)))
    assert fixed.rd_expense_y1 == 800


def test_roll_keeps_a_ratio_exactly_at_its_threshold():
    """R&D at exactly 3.00 % stays ≥ 3.00 % after growth (ratio-derived money rounds in the ratio's favour)."""
    p = company(revenue_y1=D("1234.57"), main_revenue_y1=D("987.66"), rd_expense_y1=D("37.0371"))
    q = roll(p, YearAssumptions(revenue_growth=D("7.3")))
    assert q.rd_expense_y1 * 100 / q.revenue_y1 >= p.rd_expense_y1 * 100 / p.revenue_y1
    assert q.main_revenue_y1 * 100 / q.revenue_y1 >= D(80)


def test_roll_leaves_missing_missing_and_never_mutates():
    p = company(revenue_y1=None, main_revenue_y1=None, segment_years=None, class1_ip=None)
    before = p.model_dump()
    q = roll(p, YearAssumptions(new_ip=3))
    assert q.revenue_y1 is None and q.main_revenue_y1 is None and q.rd_expense_y1 is None
    assert q.segment_years is None and q.class1_ip is None
    assert q.revenue_y2 is None and q.revenue_y3 == 11000
    assert p.model_dump() == before


def test_niche_two_years_meets_specialized_the_next_year():
    """Only 2.0 years in the niche: 专精特新 first met in A+1 under flat assumptions."""
    p = company(segment_years=D("2.0"), holds_specialized_sme=False)
    pr = project(p, BOOK, 3)
    assert [y.assessment_year for y in pr.years] == [2026, 2027, 2028, 2029]
    assert pr.years[0].verdict("specialized") == "fails"
    assert pr.years[0].failing("specialized") == ("S26.segment_years",)
    assert pr.first_year["specialized"] == 2027
    # flat revenue: the 小巨人 CAGR falls below 5 % once FY2024–2025 growth leaves the window
    assert "L26.growth" in pr.binding["little_giant"]


def test_ladder_titles_follow_recognition():
    """With 10 % growth: 专精特新 met in 2027, so its title (小巨人's prerequisite) is held from 2028."""
    p = company(segment_years=D("2.0"), holds_specialized_sme=False)
    pr = project(p, BOOK, 3, YearAssumptions(revenue_growth=D(10)))
    assert pr.first_year["specialized"] == 2027
    assert pr.years[1].failing("little_giant") == ("L26.title",)
    assert pr.first_year["little_giant"] == 2028
    assert "holds_specialized_sme" in pr.years[2].titles_assumed
    assert pr.years[2].profile.holds_specialized_sme is True and p.holds_specialized_sme is False


def test_without_ladder_titles_little_giant_stays_blocked():
    p = company(segment_years=D("2.0"), holds_specialized_sme=False)
    pr = project(p, BOOK, 3, YearAssumptions(revenue_growth=D(10)), titles_follow_ladder=False)
    assert pr.first_year["little_giant"] is None
    assert pr.binding["little_giant"] == ("L26.title",)


def test_not_within_horizon_names_the_binding_criteria():
    p = company(class1_ip=0, class1_ip_high_value=0, rd_institution_level="municipal")
    pr = project(p, BOOK, 2)
    assert pr.first_year["specialized"] is None
    assert pr.binding["specialized"] == ("S26.ip",)
    pr2 = project(p, BOOK, 2, YearAssumptions(new_ip=1))
    assert pr2.first_year["specialized"] == 2027


def test_per_year_assumptions_and_growth_reach_little_giant():
    """Revenue 4400 → 5000 needs growth; per-year assumptions apply in order (last one repeats)."""
    p = company(revenue_y1=4400, main_revenue_y1=4300, revenue_y2=4000, main_revenue_y2=3900, revenue_y3=3600,
                main_revenue_y3=3500, rd_expense_y1=700, rd_expense_y2=650, total_assets=6000, total_liabilities=3000)
    assert project(p, BOOK, 3).first_year["little_giant"] is None
    pr = project(p, BOOK, 3, [YearAssumptions(revenue_growth=D(5)), YearAssumptions(revenue_growth=D(10))])
    revs = [y.profile.revenue_y1 for y in pr.years]
    assert revs == [4400, D("4620.00"), D("5082.00"), D("5590.20")]
    assert pr.first_year["little_giant"] == 2028


def test_projection_dict_shape():
    pr = project(company(segment_years=D(2)), BOOK, 2)
    d = pr.to_dict()
    assert set(d) >= {"years", "first_year"}
    assert [y["assessment_year"] for y in d["years"]] == [2026, 2027, 2028]
    for y in d["years"]:
        assert set(y["tiers"]) == set(TIERS)
        for t in y["tiers"].values():
            assert t["verdict"] in ("meets", "fails", "incomplete") and isinstance(t["fail"], list)
    assert d["first_year"]["specialized"] == 2027
    assert d["years"][0]["tiers"]["specialized"]["fail"] == ["S26.segment_years"]


def test_projection_text_marks_first_years():
    txt = projection_text(project(company(segment_years=D(2)), BOOK, 2))
    assert "专精特新：2027 年首次达标" in txt and "★" in txt
    en = projection_text(project(company(segment_years=D(2)), BOOK, 2), "en")
    assert "first met in 2027" in en


def test_bad_assumptions_and_years():
    with pytest.raises(AssumptionError, match="预测年数"):
        project(company(), BOOK, 6)
    with pytest.raises(AssumptionError, match="预测年数"):
        project(company(), BOOK, 0)
    with pytest.raises(AssumptionError, match="主营业务收入占比"):
        project(company(), BOOK, 2, YearAssumptions(main_share=D(120)))
    with pytest.raises(AssumptionError, match="整数"):
        project(company(), BOOK, 2, YearAssumptions(new_ip=D("1.5")))
    with pytest.raises(AssumptionError):
        profile_at(company(), BOOK, 2040)
    assert profile_at(company(), BOOK, 2026).assessment_year == 2026
    assert FLAT.checked() == FLAT
