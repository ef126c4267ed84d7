"""Chart builders are pure functions of engine results: assert on the figure data."""

import pytest

from zjtx import charts
from zjtx.engine import evaluate
from zjtx.examples import example_profile
from zjtx.profile import parse_profile
from zjtx.rules import rulebook


def _assess(**changes):
    p = example_profile("a_both_tiers")
    for k, v in changes.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return evaluate(parse_profile(p), rulebook())


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_radar_has_one_spoke_per_quantitative_criterion_and_a_pass_ring():
    a = _assess()
    fig = charts.radar([a.tiers["specialized"]])
    ring = fig.data[0]
    assert ring.type == "scatterpolar" and set(ring.r) == {100}
    spec = _trace(fig, "专精特新中小企业")
    labels = list(spec.theta[:-1])
    # S26.title and S26.market are yes/no: never spokes; the eight numeric criteria are
    assert "称号" not in labels and "市场地位" not in labels
    assert len(labels) == 8 and "研发费用占比" in labels


def test_radar_share_is_capped_and_inverted_for_upper_bounds():
    a = _assess(total_liabilities=12000)                 # debt ratio 80 % against ≤ 80 %: exactly met
    r = dict(zip(_trace(charts.radar([a.tiers["specialized"]]), "专精特新中小企业").theta,
                 _trace(charts.radar([a.tiers["specialized"]]), "专精特新中小企业").r))
    assert r["资产负债率"] == pytest.approx(100)
    assert r["营业收入"] == 150                         # 12000 / 1500 = 800 %, capped at 150 %
    b = _assess(total_liabilities=4000)                   # 26.67 % ≤ 80 %: 300 % → capped
    rb = dict(zip(_trace(charts.radar([b.tiers["specialized"]]), "专精特新中小企业").theta,
                  _trace(charts.radar([b.tiers["specialized"]]), "专精特新中小企业").r))
    assert rb["资产负债率"] == 150


def test_missing_spoke_is_a_gap_not_zero():
    a = _assess(dev_score_current=None)
    fig = charts.radar([a.tiers["specialized"]])
    tr = _trace(fig, "专精特新中小企业")
    r = dict(zip(tr.theta, tr.r))
    assert r["评价得分（信息不足）"] is None
    marks = _trace(fig, "信息不足")
    assert list(marks.theta) == ["评价得分（信息不足）"] and marks.marker.symbol == "x-open"


def test_overlay_uses_the_union_of_both_tiers_topics():
    a = _assess()
    fig = charts.radar([a.tiers["specialized"], a.tiers["little_giant"]])
    s, lg = _trace(fig, "专精特新中小企业"), _trace(fig, "专精特新“小巨人”企业")
    assert list(s.theta) == list(lg.theta)
    r = dict(zip(s.theta, s.r))
    assert r["营收增长"] is None                          # 专精特新 has no growth rule: a gap in its outline


def test_gap_bars_list_failures_by_size_then_near_misses_with_units_and_money():
    a = evaluate(parse_profile(example_profile("c_near_miss")), rulebook())
    bars = charts.gap_bars(a.tiers["little_giant"].criteria)
    assert [b.kind for b in bars] == ["fail"] * 7
    assert [b.size for b in bars] == sorted((b.size for b in bars), reverse=True)
    text = {b.id: b.text for b in bars}
    assert text["L26.main_share"] == "主营业务收入占营业收入比重 88.54% → 90.00%，差 1.46 个百分点（约 700 万元）"
    assert text["L26.revenue"] == "营业收入 4800 万元 → 5000 万元，差 200 万元"


def test_near_miss_within_ten_percent_is_shown_in_amber():
    a = _assess(main_revenue_y1=10900)                  # 90.83 % against ≥ 90 %: within 10 %
    bars = charts.gap_bars(a.tiers["little_giant"].criteria)
    near = [b for b in bars if b.kind == "near"]
    assert [b.id for b in near] == ["L26.main_share"]
    fig = charts.gap_chart(a.tiers["little_giant"].criteria)
    assert fig.data[0].marker.color[-1] == charts.STATUS_COLOUR["near"]


def test_gap_chart_says_so_when_nothing_is_short():
    a = _assess()
    fig = charts.gap_chart([c for c in a.tiers["specialized"].criteria if c.id == "S26.revenue"])
    assert not fig.data and "没有" in fig.layout.annotations[0].text


def test_english_charts_have_no_chinese_titles():
    a = _assess(rd_expense_y1=240)
    fig = charts.radar([a.tiers["specialized"]], "en")
    assert "Share of each threshold" in fig.layout.title.text
    g = charts.gap_chart(a.tiers["specialized"].criteria, "en")
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in y) for y in g.data[0].y)


@pytest.mark.parametrize("example", ["a_both_tiers", "b_specialized_only", "c_near_miss"])
@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_radar_is_a_valid_plotly_figure(example, compact, lang):
    """The radar is built without plotly's validation (speed): validating its dict here catches
    any property plotly would refuse (a misspelt key raises ValueError)."""
    import plotly.graph_objects as go
    p = example_profile(example)
    a = evaluate(parse_profile(p), rulebook())
    fig = charts.radar([a.tiers["specialized"], a.tiers["little_giant"]], lang, compact=compact, legend=not compact)
    checked = go.Figure(fig.to_dict())                     # validates every property
    assert checked.to_dict()["data"] == fig.to_dict()["data"]
    assert len(fig.data) >= 3


def test_radar_validation_is_real():
    """The check above can fail: a wrong property in an unvalidated figure is refused on validation."""
    import plotly.graph_objects as go
    bad = go.Figure(data=[dict(type="scatterpolar", r=[1], theta=["a"], colour="red")], _validate=False)
    with pytest.raises(ValueError):
        go.Figure(bad.to_dict())


def test_compact_radar_legend_is_text_in_the_tiers_colours():
    a = _assess()
    assert charts.radar([a.tiers["specialized"]], "zh", compact=True).layout.showlegend is True   # the report's
    fig = charts.radar([a.tiers["specialized"], a.tiers["little_giant"]], "zh", compact=True, legend=False)
    assert fig.layout.showlegend is False
    html = charts.legend_html(fig, "zh")
    assert f"color:{charts.COLOURS['specialized']}'>━ 专精特新</span>" in html
    assert f"color:{charts.COLOURS['little_giant']}'>━ 小巨人</span>" in html
    assert "┄ 达标线 100%" in html
