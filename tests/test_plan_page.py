"""AppTest for the 规划 / Plan page: both languages, a plan applied to a scenario, locks, forward
planning, the projection timeline and the ladder; the baseline profile is never changed by any of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from test_plan import GOOD

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CJK = lambda s: any("\u4e00" <= ch <= "\u9fff" for ch in s)  # noqa: E731


def _page(profile: dict | None = None, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if profile is not None:
        at.session_state["zjtx:profile"] = dict(profile)
    at.run()
    if lang == "en":
        at.radio(key="zjtx:lang").set_value("en").run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception, at.exception
    return at


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _charts(at):
    return {e.key: json.loads(e.proto.spec) for e in at.get("plotly_chart")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_renders_in_both_languages(lang):
    at = _page(None, lang)
    assert at.title[0].value == ("规划" if lang == "zh" else "Plan")
    if lang == "en":
        assert not any(CJK(h.value) for h in at.subheader)
        body = _text(at)
        assert "The ladder" in " ".join(h.value for h in at.subheader)
        assert "Next target" in body
    charts = _charts(at)
    assert charts["plan-timeline"]["data"][0]["type"] == "heatmap"
    assert charts["scen-radar"]["data"][0]["type"] == "scatterpolar"


def test_build_a_plan_apply_it_and_the_scenario_meets():
    prof = {**GOOD, "rd_expense_y1": 312}
    at = _page(prof)
    at.button_group(key="zjtx:plan:tier:zh").set_value("specialized").run()
    body = _text(at)
    assert "2025 年研发费用需再增加 48 万元（至 360 万元）" in body
    assert "营业收入不因此变化" in body                          # the assumption beside the number
    assert any("即可达标" in s.value for s in at.success)
    at.button(key="plan-apply-best").click().run()
    assert not at.exception
    scen = at.session_state["zjtx:scenarios"]
    assert len(scen) == 1 and scen[0].raw["rd_expense_y1"] == 360
    assert at.session_state["zjtx:profile"]["rd_expense_y1"] == 312        # the baseline is untouched
    assert any("已生成情景" in s.value for s in at.success)
    # the scenario's verdict for 专精特新 is 达标, the baseline's is not
    table = at.table
    verdicts = [t for t in table if "专精特新中小企业" in str(t.value)]
    assert verdicts
    df = verdicts[0].value
    row = df[df.iloc[:, 0] == "专精特新中小企业"].iloc[0]
    assert row.iloc[1].startswith("✘") and row.iloc[2].startswith("✔")


def test_locks_change_the_plan():
    prof = {**GOOD, "total_liabilities": 12075}
    at = _page(prof)
    at.button_group(key="zjtx:plan:tier:zh").set_value("specialized").run()
    assert "债转股 75 万元" in _text(at)
    at.multiselect(key="zjtx:plan:locks:zh").set_value(["convert"]).run()
    body = _text(at)
    assert "债转股 75 万元" not in body.split("其他路径")[0]
    assert "新增合格机构投资者实缴股权投资 93.75 万元" in body


def test_plan_ahead_uses_the_projection():
    prof = {**GOOD, "segment_years": 2}
    at = _page(prof)
    at.button_group(key="zjtx:plan:tier:zh").set_value("specialized").run()
    assert any("从事特定细分市场年限" in m.value and "2027 年" in m.value for m in at.markdown)
    at.selectbox(key="zjtx:plan:year:zh").set_value(2027).run()
    assert any("当前已达标" in s.value or "即可达标" in s.value for s in at.success)
    assert any("提前规划" in i.value for i in at.info)


def test_projection_controls_move_the_first_year():
    prof = {**GOOD, "segment_years": 2, "holds_specialized_sme": False}
    at = _page(prof)
    spec = _charts(at)["plan-timeline"]["data"][0]
    row = spec["y"].index("专精特新")
    assert spec["text"][row][:2] == ["✘", "★✔"]                 # first met in 2027
    at.number_input(key="zjtx:proj:growth").set_value(10.0).run()
    spec = _charts(at)["plan-timeline"]["data"][0]
    lg = spec["y"].index("小巨人")
    assert "★✔" in spec["text"][lg] and spec["text"][lg].index("★✔") == 2       # 小巨人 from 2028
    assert at.session_state["zjtx:proj_opts"]["growth"] == 10.0


def test_ladder_highlights_the_next_target():
    prof = {**GOOD, "holds_specialized_sme": False, "class1_ip": 0, "class1_ip_high_value": 0,
            "rd_institution_level": "municipal"}
    at = _page(prof)
    body = _text(at)
    assert "② 专精特新中小企业** :blue-background[下一目标]" in body
    assert "另有 1 项非资金条件" in body


def test_scenario_limit_is_three_and_says_so():
    at = _page({**GOOD, "rd_expense_y1": 312})
    at.button_group(key="zjtx:plan:tier:zh").set_value("specialized").run()
    for _ in range(3):
        at.button(key="plan-apply-best").click().run()
    assert len(at.session_state["zjtx:scenarios"]) == 3
    assert at.button(key="scen-new").disabled
    at.button(key="plan-apply-best").click().run()
    assert len(at.session_state["zjtx:scenarios"]) == 3
    assert any("最多保留 3 个情景" in e.value for e in at.error)


def test_new_scenario_copies_and_delete_removes():
    at = _page()
    at.button(key="scen-new").click().run()
    scen = at.session_state["zjtx:scenarios"]
    assert len(scen) == 1 and dict(scen[0].raw) == at.session_state["zjtx:profile"]
    name = scen[0].name
    at.button(key=f"scen-del-0-{name}").click().run()
    assert at.session_state["zjtx:scenarios"] == ()


@pytest.mark.parametrize("profile", [
    {"assessment_year": 2026},                                            # blank: everything is a requirement
    {**GOOD, "revenue_y1": "abc"},                                       # a bad figure: shown, the rest still plans
    {**GOOD, "application_type": "review", "assessment_year": 2025},     # a 2025 review (2022 小巨人 rules)
])
def test_incomplete_or_odd_profiles_render(profile):
    at = _page(profile)
    for tier in ("specialized", "little_giant", "innovative", "tech_sme"):
        at.button_group(key="zjtx:plan:tier:zh").set_value(tier).run()
        assert not at.exception
    if profile == {"assessment_year": 2026}:
        assert any("需填写" in m.value for m in at.markdown)
