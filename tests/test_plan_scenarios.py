"""Scenarios (zjtx/scenarios.py), the ladder (zjtx/ladder.py) and the plan charts (zjtx/charts_plan.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjtx import scenarios as sc
from zjtx.charts_plan import scenario_radar, timeline_chart
from zjtx.engine import evaluate
from zjtx.ladder import ladder
from zjtx.plan import plan
from zjtx.profile import parse_profile
from zjtx.project import YearAssumptions, project
from zjtx.rules import rulebook
from test_plan import GOOD, company

BOOK = rulebook()


def test_add_rename_remove_and_limits():
    base = dict(GOOD)
    s = sc.add((), "方案 A", base)
    base["revenue_y1"] = 1                          # the scenario holds its own copy
    assert s[0].raw["revenue_y1"] == 12000
    with pytest.raises(TypeError):
        s[0].raw["revenue_y1"] = 5                  # read-only
    with pytest.raises(sc.ScenarioError, match="已有名为"):
        sc.add(s, " 方案  A ", GOOD)
    with pytest.raises(sc.ScenarioError, match="不能为空"):
        sc.add(s, "  ", GOOD)
    s = sc.add(sc.add(s, "B", GOOD), "C", GOOD)
    with pytest.raises(sc.ScenarioError, match="最多保留 3 个情景"):
        sc.add(s, "D", GOOD)
    r = sc.rename(s, "B", "乐观")
    assert [x.name for x in r] == ["方案 A", "乐观", "C"] and [x.name for x in s] == ["方案 A", "B", "C"]
    with pytest.raises(sc.ScenarioError):
        sc.rename(s, "B", "C")
    assert [x.name for x in sc.remove(s, "B")] == ["方案 A", "C"]
    assert sc.unique_name(s, "C") == "C 2" and sc.unique_name(s, "新") == "新"
    assert len(sc.clean_name("很" * 50)) == sc.MAX_NAME


def test_set_fields_changes_only_that_scenario():
    s = sc.add(sc.add((), "A", GOOD), "B", GOOD)
    t = sc.set_fields(s, "A", {"rd_expense_y1": 999, "segment_years": None})
    assert t[0].raw["rd_expense_y1"] == 999 and "segment_years" not in t[0].raw
    assert t[1].raw == s[1].raw and s[0].raw["rd_expense_y1"] == 720


def test_raw_from_plan_keeps_what_the_user_typed():
    raw = {**GOOD, "rd_expense_y1": "312", "company_name": "甲"}
    prof = parse_profile(raw)
    p = plan(prof, BOOK, "specialized")
    out = sc.raw_from_profile(p.best.profile_after, raw)
    assert out["rd_expense_y1"] == 360 and out["company_name"] == "甲" and out["revenue_y1"] == 12000
    assert raw["rd_expense_y1"] == "312"
    assert evaluate(parse_profile(out), BOOK).tiers["specialized"].verdict == "meets"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["add", "remove", "rename", "set"]), max_size=12),
       st.lists(st.text(min_size=1, max_size=8), min_size=12, max_size=12))
def test_operations_never_touch_the_baseline(ops, names):
    baseline = dict(GOOD)
    frozen = dict(baseline)
    items: tuple = ()
    for op, name in zip(ops, names):
        try:
            if op == "add":
                items = sc.add(items, name, baseline)
            elif op == "remove" and items:
                items = sc.remove(items, items[0].name)
            elif op == "rename" and items:
                items = sc.rename(items, items[-1].name, name)
            elif op == "set" and items:
                items = sc.set_fields(items, items[0].name, {"revenue_y1": len(name)})
        except sc.ScenarioError:
            pass
        assert len(items) <= sc.MAX_SCENARIOS
        assert len({s.name for s in items}) == len(items)
    assert baseline == frozen


def test_ladder_rungs_and_next_target():
    prof = company(holds_specialized_sme=False, segment_years=Decimal(2))
    a = evaluate(prof, BOOK)
    pr = project(prof, BOOK, 3, YearAssumptions(revenue_growth=Decimal(10)))
    rungs = ladder(prof, a, lambda t: plan(prof, BOOK, t, alternatives=False), pr)
    assert [r.id for r in rungs] == ["base", "specialized", "little_giant"]
    base, spec, lg = rungs
    assert base.held and base.verdict == "meets" and base.headline_zh == "已达标" and base.first_year == 2026
    assert not spec.held and spec.next_target and not lg.next_target
    assert spec.verdict == "fails" and spec.first_year == 2027 and "另有 1 项非资金条件" == spec.headline_zh
    assert lg.first_year == 2028 and not lg.prerequisite_met
    assert "第八条" in lg.prerequisite_zh


def test_ladder_headline_for_money_only():
    prof = company(rd_expense_y1=312)
    rungs = ladder(prof, evaluate(prof, BOOK), lambda t: plan(prof, BOOK, t, alternatives=False))
    spec = rungs[1]
    assert spec.headline_zh == "调整 48 万元即可达标" and spec.first_year is None
    assert rungs[2].next_target                   # 专精特新 is held: 小巨人 is next


def test_timeline_marks_first_years_and_lists_failures():
    pr = project(company(segment_years=Decimal(2)), BOOK, 2)
    fig = timeline_chart(pr, "zh", {"S26.segment_years": "细分市场年限"}).to_plotly_json()
    tr = fig["data"][0]
    row = list(tr["y"]).index("专精特新")
    assert list(tr["x"]) == ["2026", "2027", "2028"]
    assert list(tr["text"][row]) == ["✘", "★✔", "✔"]
    assert "细分市场年限" in tr["hovertext"][row][0]
    assert len(fig["layout"]["shapes"]) >= 1


def test_scenario_radar_one_outline_per_scenario():
    a = evaluate(company(rd_expense_y1=312), BOOK)
    b = evaluate(company(), BOOK)
    fig = scenario_radar([("基准", a.tiers["specialized"]), ("方案", b.tiers["specialized"])]).to_plotly_json()
    names = [d["name"] for d in fig["data"]]
    assert names[1:] == ["基准", "方案"]
    base, planned = fig["data"][1], fig["data"][2]
    i = list(base["theta"]).index("研发费用占比")
    assert base["r"][i] < 100 <= planned["r"][i]
