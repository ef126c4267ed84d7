"""AppTest: every page renders with no exception and shows the example company's verdicts."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app():
    return AppTest.from_file(APP, default_timeout=60).run()


def test_app_opens_on_the_example_company_with_verdicts():
    at = _app()
    assert not at.exception
    assert "示例企业A" in " ".join(i.value for i in at.info)
    side = " ".join(m.value for m in at.sidebar.markdown)
    assert side.count("**达标**") == 5        # example A meets gate and all four tiers


def test_switching_example_changes_the_verdict():
    at = _app()
    at.selectbox(key="zjtx:example").set_value("b_specialized_only").run()
    assert not at.exception
    side = " ".join(m.value for m in at.sidebar.markdown)
    assert "**未达标**" in side               # 小巨人 fails for example B
    assert at.session_state["zjtx:profile"]["revenue_y1"] == 3200


def test_english_toggle_translates_the_page():
    at = _app()
    at.radio(key="zjtx:lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Self-check"


def test_every_page_renders():
    at = _app()
    for page in ("pages/results.py", "pages/compare.py", "pages/rules.py", "pages/input.py"):
        at.switch_page(page).run()
        assert not at.exception, page
