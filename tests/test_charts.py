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
    html = charts.legend_html(charts.radar_data([a.tiers["specialized"], a.tiers["little_giant"]], "zh"), "zh")
    assert f"color:{charts.COLOURS['specialized']}'>━ 专精特新</span>" in html
    assert f"color:{charts.COLOURS['little_giant']}'>━ 小巨人</span>" in html
    assert "┄ 达标线 100%" in html
    assert "✕ = 未达标" not in html and "信息不足" not in html          # example A: nothing fails or is missing
    b = _assess(rd_expense_y1=100, dev_score_current=None)
    html = charts.legend_html(charts.radar_data([b.tiers["specialized"], b.tiers["little_giant"]], "en"), "en")
    assert "✕ = fails" in html and "× Missing" in html and "━ Specialized" in html


def _svg(svg: str):
    import xml.etree.ElementTree as ET
    return ET.fromstring(svg)                      # well-formed XML, or this raises


def _svg_points(root) -> dict[tuple[str, str], float]:
    return {(g.get("data-tier"), g.get("data-spoke")): float(g.get("data-value")) for g in root.iter("g")
            if g.get("data-tier")}


@pytest.mark.parametrize("example", ["a_both_tiers", "b_specialized_only", "c_near_miss"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_svg_radar_shows_what_the_plotly_radar_shows(example, lang):
    """The live panel draws its radar as one SVG (no plotly redraw per slider step): the same
    spokes, the same values per tier, a cross in the tier's colour where it fails."""
    a = evaluate(parse_profile(example_profile(example)), rulebook())
    tiers = [a.tiers["specialized"], a.tiers["little_giant"]]
    fig = charts.radar(tiers, lang)
    root = _svg(charts.radar_svg(charts.radar_data(tiers, lang), lang))
    assert root.get("class") == "zjtx-radar"
    spokes = [x for x in root.iter("line")]
    assert len(spokes) == len(fig.data[0].theta) - 1              # one per spoke (the ring is closed)
    points = _svg_points(root)
    want = {}
    for tr in tiers:
        trace = _trace(fig, charts.t(tr.tier, lang))
        for label, r in zip(trace.theta[:-1], trace.r[:-1]):
            if r is not None:
                want[(tr.tier, label)] = r
    assert points.keys() == want.keys()
    assert all(points[k] == pytest.approx(want[k], abs=1e-4) for k in want)
    fails = [g for g in root.iter("g") if g.get("data-tier") and g.find("path") is not None]
    n_fail = sum(1 for tr in tiers for c in charts.spokes(tr, lang) if c.status == "fail" and c.value is not None)
    assert len(fails) == n_fail
    for g in fails:
        assert g.find("path").get("stroke") == charts.COLOURS[g.get("data-tier")]


def test_live_svg_radar_fails_and_gaps():
    a = _assess(rd_expense_y1=100, dev_score_current=None)      # 研发 fails; 评价得分 unknown
    data = charts.radar_data([a.tiers["specialized"], a.tiers["little_giant"]], "zh")
    root = _svg(charts.radar_svg(data, "zh"))
    points = _svg_points(root)
    assert ("specialized", "研发费用占比") in points and points[("specialized", "研发费用占比")] < 100
    cross = next(g for g in root.iter("g") if g.get("data-tier") == "specialized" and g.get("data-spoke") == "研发费用占比")
    assert cross.find("path") is not None                                 # a cross, not a dot
    tip = cross.find("title").text
    assert tip.startswith("研发费用占比") or "研发" in tip.splitlines()[0]
    assert "<b>" not in tip and "<br>" not in tip and "未达标" in tip
    # the unknown spoke: no point, a break in the outline, and one open cross at the centre that names it
    assert not [k for k in points if k[1].startswith("评价得分")]
    centre = [g for g in root.iter("g") if not g.get("data-tier") and g.find("title") is not None]
    assert len(centre) == 1 and "评价得分" in centre[0].find("title").text
    n_spec = len([k for k in points if k[0] == "specialized"])
    lines = [p for p in root.iter("polyline") if p.get("stroke") == charts.COLOURS["specialized"]]
    assert sum(len(p.get("points").split()) for p in lines) >= n_spec and len(lines) >= 1


def test_live_svg_radar_escapes_its_text():
    data = charts.RadarData(keys=("a", "b", "c"), labels=('<b>x</b>&"', "二", "三"),
                            series=(charts.RadarSeries("specialized", "S", "#C8102E", (50.0, 100.0, None),
                                                       ("fail", "pass", "pass"), ("<b>A&B</b><br>line", "", "")),))
    root = _svg(charts.radar_svg(data, "zh"))
    texts = ["".join(t.itertext()) for t in root.iter("text")]
    assert '<b>x</b>&"' in texts
    assert next(g for g in root.iter("g") if g.get("data-tier")).find("title").text == "A&B\nline"
    assert root.find("polygon") is None              # one tier is filled (plotly's fill="toself") only when whole
    whole = charts.RadarData(keys=data.keys, labels=data.labels,
                             series=(charts.RadarSeries("specialized", "S", "#C8102E", (50.0, 100.0, 150.0),
                                                        ("fail", "pass", "pass"), ("", "", "")),))
    assert _svg(charts.radar_svg(whole, "zh")).find("polygon") is not None


def test_live_svg_radar_with_no_spokes_is_still_an_svg():
    data = charts.RadarData(keys=(), labels=(), series=())
    root = _svg(charts.radar_svg(data, "en"))
    assert root.tag == "svg" and not list(root.iter("line"))


