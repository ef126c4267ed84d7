"""AppTest: the app renders with no exception and shows the example company's verdicts."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app():
    return AppTest.from_file(APP, default_timeout=30).run()


def test_overview_renders_example_company_verdicts():
    at = _app()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "示例企业A" in " ".join(i.value for i in at.info)
    # example A meets every tier: five green verdict badges (gate + four tiers) in the cards
    assert text.count("✅ **达标**") >= 5
    tables = {d.key: d.value for d in at.get("arrow_data_frame") if getattr(d, "key", None)} if False else None
    assert at.dataframe, "criteria tables are shown"


def test_switching_example_changes_the_verdict():
    at = _app()
    at.selectbox(key="zjtx:example").set_value("b_specialized_only").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "❌ **未达标**" in text          # 小巨人 fails for example B
    assert at.session_state["zjtx:profile"]["revenue_y1"] == 3200


def test_english_toggle_translates_the_page():
    at = _app()
    at.radio(key="zjtx:lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Specialized SME self-check"
    text = " ".join(m.value for m in at.markdown)
    assert "Meets" in text


def test_rules_page_renders_from_the_rule_data():
    at = _app()
    at.switch_page("pages/rules.py").run()
    assert not at.exception
    assert any("专精特新中小企业（2026 年标准）" in e.label for e in at.expander)
