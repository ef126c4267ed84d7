"""Debt-ratio money routes (issue 9 item 11): the three balance-sheet moves of zjtx.plan, priced by
one function (zjtx.moves.debt_routes) wherever an amount is shown; never more than is possible."""

from decimal import Decimal
from fractions import Fraction

from zjtx import charts, present
from zjtx.engine import evaluate
from zjtx.examples import example_profile
from zjtx.moves import MOVES, debt_routes
from zjtx.plan import LEVER, plan
from zjtx.profile import parse_profile
from zjtx.rules import rulebook

BOOK = rulebook()


def _routes(L, A, t=80, op="<="):
    return {r.move: r for r in debt_routes(Fraction(L), Fraction(A), op, Fraction(t))}


def test_the_plan_levers_are_the_moves():
    assert LEVER["repay"].effects == MOVES["repay"]
    assert LEVER["convert"].effects == MOVES["convert"]
    assert set(MOVES["capital"]) <= set(LEVER["equity_y1"].effects)


def test_routes_equal_the_plans_single_move_alternatives():
    """12075 / 15000 = 80.5 % against ≤ 80 %: the plan prices convert 75, capital 93.75, repay 375."""
    r = _routes(12075, 15000)
    assert (r["repay"].amount, r["convert"].amount, r["capital"].amount) == (375, 75, Fraction(375, 4))
    assert all(x.feasible for x in r.values())
    prof = parse_profile({**example_profile("a_both_tiers"), "total_liabilities": 12075, "total_assets": 15000})
    p = plan(prof, BOOK, "specialized")
    costs = {x.label_zh: x.cost for x in p.alternatives}
    assert costs["只以现金偿还负债"] == Decimal(375) and costs["只用新增实缴资本"] == Decimal("93.75")
    assert p.best.cost == Decimal(75)


def test_an_amount_beyond_the_debt_or_the_cash_is_not_offered():
    """Assets 1000, liabilities 3000, ≤ 75 %: repaying would need 9000 万元 of cash (more than both
    the debt and the assets) — not possible; converting 2250 or new capital 3000 is."""
    r = _routes(3000, 1000, 75)
    assert not r["repay"].feasible and "负债总额" in r["repay"].why_not_zh
    assert r["convert"].feasible and r["convert"].amount == 2250
    assert r["capital"].feasible and r["capital"].amount == 3000


def test_one_side_of_the_threshold_each():
    assert _routes(8000, 10000) == {}                      # exactly 80 %: meets, nothing to do
    assert _routes(8001, 10000)["convert"].amount == 1     # one 万元 over
    assert _routes(8000, 10000, op="<")["convert"].amount == 0   # strict: needs a hair more (priced at 0)


def test_every_shown_amount_names_its_assumption_and_stays_possible():
    d = {**example_profile("a_both_tiers"), "total_assets": 1000, "total_liabilities": 3000}
    a = evaluate(parse_profile(d), BOOK)
    c = next(c for c in a.tiers["little_giant"].criteria if c.id == "L26.debt_ratio")
    for text in (present.gap_cell(c), charts.gap_text(c), c.reason_zh):        # table, chart/list, reason
        assert "9000" not in text and "9,000" not in text
        assert "债转股约 2250 万元" in text and "新增实缴资本约 3000 万元" in text
    assert "可债转股约 2250 万元，或新增实缴资本约 3000 万元" in c.reason_zh          # each amount names its move
    assert "convert debt to equity ≈ 2250" in present.gap_cell(c, "en")
