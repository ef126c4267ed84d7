"""AppTest: every page, both languages; inputs drive verdicts and chart data; state survives page
switches; broken uploads are refused with the current profile kept; bad figures are explained."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = {"pages/input.py": ("企业自评", "Self-check"), "pages/results.py": ("结果与差距", "Results & gaps"),
         "pages/compare.py": ("新旧标准对比", "2022 vs 2026"), "pages/rules.py": ("规则说明", "Rules"),
         "pages/batch.py": ("批量筛查", "Batch screening")}


def _app():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def _charts(at):
    return {e.key: json.loads(e.proto.spec) for e in at.get("plotly_chart")}


def _summary(at) -> str:
    """The live summary, wherever the page shows it (sidebar, or the self-check live panel),
    reduced to 'tier · standard：verdict' lines."""
    import re
    text = " ".join(m.value for m in [*at.sidebar.markdown, *at.main.markdown])
    return re.sub(r":(green|red|orange)\[[✔✘？] \*\*(.+?)\*\*\]", r"**\2**", text)


def _unescape(s: str) -> str:
    """Markdown source → the text a reader sees (user text is backslash-escaped on the page)."""
    import re
    from zjtx.limits import WORD_JOINER      # bare addresses are split by it so GFM does not link them
    return re.sub(r"\\(.)", r"\1", s).replace(WORD_JOINER, "")


def _errors(at) -> str:
    return " ".join(_unescape(e.value) for e in at.error)


def _key(at, scope, field):
    """The current (versioned) key of a bound widget: see zjtx.ui.inputs "binding"."""
    try:
        v = at.session_state["zjtx:widget_versions"]
    except KeyError:
        v = {}
    try:
        lang = at.session_state["zjtx:lang"]
    except KeyError:
        lang = "zh"
    return f"w:{scope}:{field}:{v.get('*', 0)}.{v.get((scope, field), 0)}:{lang}"


def _upload(at, name, data: bytes):
    try:
        n = at.session_state["zjtx:uploader_n"]
    except KeyError:
        n = 0
    at.file_uploader(key="zjtx:upload" if n == 0 else f"zjtx:upload:{n}").set_value((name, data, "application/json")).run()
    assert not at.exception


def _example_box(at):
    v = at.session_state["zjtx:widget_versions"]
    lang = at.session_state["zjtx:lang"]
    return at.selectbox(key=f"zjtx:example:{v.get('*', 0)}:{lang}")


def _pick_example(at, ex):
    _example_box(at).set_value(ex).run()
    assert not at.exception


def _section(at, name):
    at.button_group(key="zjtx:section").set_value(name).run()
    assert not at.exception


def _live_radar(at) -> str:
    """The live panel's radar: one inline SVG (charts.radar_svg)."""
    found = [m.value for m in at.main.markdown if 'class="zjtx-radar"' in m.value]
    assert len(found) == 1
    return found[0]


def _radar_value(svg, tier_name, spoke):
    """A point's share of its threshold, read off the SVG's data attributes."""
    import html
    import re
    tier = {"专精特新中小企业": "specialized", "专精特新“小巨人”企业": "little_giant"}[tier_name]
    points = {html.unescape(s): float(v) for t_, s, v in
              re.findall(r'<g data-tier="([^"]+)" data-spoke="([^"]+)" data-value="([^"]+)">', svg) if t_ == tier}
    return points[spoke]


def test_app_opens_on_the_example_company_with_verdicts():
    at = _app()
    assert "示例企业A" in " ".join(i.value for i in at.info)
    assert _summary(at).count("**达标**") == 5        # example A meets the gate and all four tiers
    assert "<svg" in _live_radar(at) and _live_radar(at).endswith("</svg>")


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_in_both_languages(page, lang):
    at = _app()
    if lang == "en":
        at.radio(key="zjtx:lang").set_value("en").run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title[0].value == PAGES[page][0 if lang == "zh" else 1]
    if lang == "en":       # nothing Chinese in the page's own headings
        assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in h.value) for h in at.subheader)


def test_typing_rd_expense_changes_the_verdict_and_the_radar():
    at = _app()
    _section(at, "rd")
    before = _radar_value(_live_radar(at), "专精特新中小企业", "研发费用占比")
    assert before == 150                                  # 6 % of revenue: capped at 150 % of 3 %
    at.text_input(key=_key(at, "form-num", "rd_expense_y1")).set_value("240").run()   # 240 / 12000 = 2 %
    assert not at.exception
    assert at.session_state["zjtx:profile"]["rd_expense_y1"] == "240"
    assert "专精特新中小企业 · 2026：**未达标**" in _summary(at)
    after = _radar_value(_live_radar(at), "专精特新中小企业", "研发费用占比")
    assert after == pytest.approx(2 / 3 * 100)            # 2 % of the 3 % threshold
    gaps = " ".join(m.value for m in at.markdown)
    assert "研发费用占营业收入比重（每年） 2.00% → 3.00%，差 1.00 个百分点（约 120 万元）" in gaps


def test_slider_and_number_box_move_together():
    at = _app()
    _section(at, "rd")
    at.slider(key=_key(at, "form-sl", "rd_expense_y1")).set_value(800.0).run()
    assert not at.exception
    assert at.session_state["zjtx:profile"]["rd_expense_y1"] == 800
    assert at.text_input(key=_key(at, "form-num", "rd_expense_y1")).value == "800"


def test_slider_range_grows_with_a_large_company():
    at = _app()
    _section(at, "finance")
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("900000").run()
    assert not at.exception
    s = at.slider(key=_key(at, "form-sl", "revenue_y1"))
    assert s.max >= 1_800_000 and s.value == 900000.0


def test_values_survive_a_page_switch():
    at = _app()
    _section(at, "rd")
    at.text_input(key=_key(at, "form-num", "rd_expense_y2")).set_value("123").run()
    at.switch_page("pages/results.py").run()
    assert not at.exception
    at.switch_page("pages/input.py").run()
    _section(at, "rd")
    assert at.text_input(key=_key(at, "form-num", "rd_expense_y2")).value == "123"
    assert at.session_state["zjtx:profile"]["rd_expense_y2"] == "123"


def test_clearing_a_figure_makes_it_missing_not_failing():
    at = _app()
    _section(at, "score")
    at.text_input(key=_key(at, "form-num", "dev_score_current")).set_value("").run()
    assert not at.exception
    assert "dev_score_current" not in at.session_state["zjtx:profile"]
    assert "专精特新中小企业 · 2026：**信息不足**" in _summary(at)


def test_inconsistent_figures_are_explained_inline_and_kept():
    at = _app()
    _section(at, "finance")
    at.text_input(key=_key(at, "form-num", "main_revenue_y1")).set_value("13000").run()   # above revenue 12000
    assert not at.exception
    errors = _errors(at)
    assert "主营业务收入（2025）「13000」不能大于营业收入（2025）「12000」" in errors
    assert at.session_state["zjtx:profile"]["main_revenue_y1"] == "13000"     # what was typed is kept


def test_broken_json_upload_shows_an_error_and_keeps_the_profile():
    at = _app()
    before = dict(at.session_state["zjtx:profile"])
    _upload(at, "bad.json", b'{"revenue_y1": 12,')
    assert any("不是有效的 JSON" in e.value for e in at.sidebar.error)
    assert at.session_state["zjtx:profile"] == before


def test_invalid_field_in_upload_is_loaded_as_typed_and_marked():
    at = _app()
    _upload(at, "neg.json", b'{"revenue_y1": -5, "employees": 80}')
    assert at.session_state["zjtx:profile"] == {"revenue_y1": -5, "employees": 80}
    _section(at, "finance")
    assert at.text_input(key=_key(at, "form-num", "revenue_y1")).value == "-5"
    assert "营业收入（2025）：「-5」不能为负数" in _errors(at)


def test_good_upload_replaces_the_profile():
    at = _app()
    data = json.dumps({"company_name": "上传测试", "revenue_y1": 3000, "assessment_year": 2026}).encode()
    _upload(at, "ok.json", data)
    assert at.session_state["zjtx:profile"]["company_name"] == "上传测试"
    assert any("已载入档案" in s.value for s in at.sidebar.success)


def test_reset_gives_a_blank_profile_with_missing_not_failing():
    at = _app()
    at.button(key="reset-profile").click().run()
    assert not at.exception
    assert set(at.session_state["zjtx:profile"]) == {"assessment_year", "application_type"}
    assert "**未达标**" not in _summary(at)          # nothing known → nothing fails


def test_results_page_charts_show_the_near_miss_company():
    at = _app()
    _pick_example(at, "c_near_miss")
    at.switch_page("pages/results.py").run()
    assert not at.exception
    charts = _charts(at)
    radar = charts["radar-both"]
    assert radar["data"][1]["type"] == "scatterpolar"
    assert "营业收入" in radar["data"][1]["theta"]
    bars = charts["gap-both"]["data"][0]
    assert bars["type"] == "bar" and bars["orientation"] == "h"
    assert any("差 200 万元" in y for y in bars["y"])          # 4800 → 5000 万元
    assert any("约 700 万元" in y for y in bars["y"])          # main-business share in money


def test_standard_switch_on_results_page_changes_the_standard():
    at = _app()
    at.switch_page("pages/results.py").run()
    at.button_group(key="zjtx:standard_switch:zh").set_value("2022").run()
    assert not at.exception
    assert at.session_state["zjtx:standard"] == "2022"
    assert "专精特新中小企业 · 2022" in _summary(at)


def test_review_application_uses_2022_for_little_giant():
    at = _app()
    at.button_group(key=_key(at, "sb", "application_type")).set_value("review").run()
    assert not at.exception
    assert "专精特新“小巨人”企业 · 2022" in _summary(at)
    assert at.session_state["zjtx:profile"]["application_type"] == "review"


def test_compare_page_lists_what_changed_from_the_rule_data():
    at = _app()
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    text = " ".join(" ".join(tb.value.astype(str).stack().tolist()) for tb in at.table)
    assert "≥ 2 年" in text and "≥ 3 年" in text                 # niche years 2 → 3
    assert "2026 年新增" in text                                 # e.g. the main-business share


def test_batch_page_screens_an_upload_summarises_and_opens_a_row():
    at = _app()
    at.switch_page("pages/batch.py").run()
    assert not at.exception
    assert any("尚未上传名单" in i.value for i in at.info)
    csv = ("企业名称,营业收入（上年度）（万元）,主营业务收入（上年度）,所属行业,从业人员数,未知列\n"
           "甲公司,3000,2900,工业,120,x\n"
           "乙公司,-5,1,工业,10,y\n"
           "=丙公司,800,700,软件和信息技术服务业,30,z\n").encode("utf-8")
    at.file_uploader(key="zjtx:batch_upload").set_value(("list.csv", csv, "text/csv")).run()
    assert not at.exception
    assert any("已筛查 3 家企业" in s.value for s in at.success)
    assert any("未知列" in w.value for w in at.warning)
    frame = at.session_state["zjtx:batch"]["result"]
    assert list(frame["row"]) == [1, 2, 3]
    assert "第 3 行 营业收入（上年度）：不能为负数" in frame.loc[1, "error"]    # the spreadsheet's line
    assert frame.loc[2, "company_name"] == "=丙公司"      # as typed; neutralised by each writer
    assert frame.loc[0, "gate.size_class"] == "small"
    # filters rerun the fragment only; the stored screen is reused (same digest)
    digest = at.session_state["zjtx:batch"]["digest"]
    at.selectbox(key="batch-tier:zh").set_value("little_giant").run()
    assert not at.exception and at.session_state["zjtx:batch"]["digest"] == digest
    charts = {e.key: json.loads(e.proto.spec) for e in at.get("plotly_chart")}
    assert charts["batch-fails"]["data"][0]["type"] == "bar"


def test_batch_page_refuses_a_file_with_no_known_column():
    at = _app()
    at.switch_page("pages/batch.py").run()
    at.file_uploader(key="zjtx:batch_upload").set_value(("x.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert not at.exception
    assert any("没有可识别的列" in e.value for e in at.error)


def test_batch_page_in_english_after_an_upload():
    at = _app()
    at.radio(key="zjtx:lang").set_value("en").run()
    at.switch_page("pages/batch.py").run()
    csv = "company_name,revenue_y1,industry,employees\nA,3000,industry,120\n".encode("utf-8")
    at.file_uploader(key="zjtx:batch_upload").set_value(("list.csv", csv, "text/csv")).run()
    assert not at.exception
    assert any("Screened 1 companies" in s.value for s in at.success)
    table = at.table[0].value
    assert "Tier" in table.columns and "Specialized SME" in table.iloc[:, 0].tolist()


# ------------------------------------------------------------------ issue 9: nothing typed is lost

def test_a_file_with_conflicting_fields_loads_everything_and_marks_the_pair():
    """Item 3: the app refused its own saved file when 主营业务收入 > 营业收入, losing every figure."""
    at = _app()
    data = json.dumps({"company_name": "冲突公司", "assessment_year": 2026, "revenue_y1": 4000,
                       "main_revenue_y1": 4500, "rd_expense_y1": 300, "employees": 90}).encode()
    _upload(at, "conflict.json", data)
    prof = at.session_state["zjtx:profile"]
    assert prof["main_revenue_y1"] == 4500 and prof["revenue_y1"] == 4000 and prof["rd_expense_y1"] == 300
    _section(at, "finance")
    assert at.text_input(key=_key(at, "form-num", "main_revenue_y1")).value == "4500"
    assert at.text_input(key=_key(at, "form-num", "revenue_y1")).value == "4000"
    errs = _errors(at)
    assert "主营业务收入（2025）「4500」不能大于营业收入（2025）「4000」" in errs    # real years, values as typed
    assert "上年度" not in errs and "4500.0" not in errs
    # and said in the live panel too, not only as a small grey note
    assert any("以下输入需要修正" in w.value for w in at.warning)


def test_the_overlay_toggle_keeps_its_value_across_pages():
    """Item 6: 叠加两个层级 came back on after visiting another page."""
    at = _app()
    at.switch_page("pages/results.py").run()
    at.toggle(key="zjtx:overlay_toggle").set_value(False).run()
    assert "radar-specialized" in _charts(at) and "radar-both" not in _charts(at)
    at.switch_page("pages/rules.py").run()
    at.switch_page("pages/results.py").run()
    assert not at.exception
    assert at.toggle(key="zjtx:overlay_toggle").value is False
    assert "radar-both" not in _charts(at)


def test_loading_a_file_over_unsaved_edits_asks_first_and_the_page_names_the_company():
    """Item 7: a loaded JSON replaced unsaved edits without asking; 企业自评 did not say which company."""
    at = _app()
    _section(at, "rd")
    at.text_input(key=_key(at, "form-num", "rd_expense_y1")).set_value("555").run()
    _upload(at, "other.json", json.dumps({"company_name": "另一家公司", "revenue_y1": 800}).encode())
    assert at.session_state["zjtx:profile"]["rd_expense_y1"] == "555"          # not replaced yet
    assert any("未保存的修改" in w.value for w in at.sidebar.warning)
    at.button(key="pending-no").click().run()                                 # keep mine
    assert at.session_state["zjtx:profile"]["rd_expense_y1"] == "555"
    _upload(at, "other.json", json.dumps({"company_name": "另一家公司", "revenue_y1": 800}).encode())
    at.button(key="pending-yes").click().run()                                # replace
    assert not at.exception
    assert at.session_state["zjtx:profile"] == {"company_name": "另一家公司", "revenue_y1": 800}
    banner = " ".join(_unescape(i.value) for i in at.info)
    assert "已载入档案" in banner and "另一家公司" in banner and "other.json" in banner
    assert _example_box(at).value is None                                     # no example shown any more


def test_the_example_box_is_cleared_after_a_reset_and_a_file():
    at = _app()
    assert _example_box(at).value == "a_both_tiers"
    at.button(key="reset-profile").click().run()
    assert _example_box(at).value is None
    _pick_example(at, "b_specialized_only")
    assert _example_box(at).value == "b_specialized_only"
    _upload(at, "x.json", b'{"company_name": "x"}')
    assert _example_box(at).value is None


HOSTILE = [
    ("number-name.json", b'{"company_name": 12345, "revenue_y1": 100}'),
    ("surrogate.json", b'{"company_name": "\\ud800abc", "revenue_y1": 100}'),
    ("huge.json", b'{"employees": 1e1000000}'),
    ("deep.json", b"[" * 1000 + b"]" * 1000),
    ("deeper.json", b'{"a": ' + b"[" * 100000 + b"]" * 100000 + b"}"),
    ("long-int.json", b'{"employees": ' + b"9" * 5000 + b"}"),
    ("list.json", b'{"revenue_y1": [1, 2], "industry": {"x": 1}}'),
    ("binary.json", bytes(range(256)) * 10),
    ("nan.json", b'{"revenue_y1": NaN, "rd_expense_y1": Infinity}'),
]


@pytest.mark.parametrize("name,data", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_an_odd_upload_never_leaves_the_session_unusable(name, data):
    """Issue 12 hardening: whatever the file holds, the page keeps working — a clear Chinese error
    and the profile kept, or the readable fields loaded and the odd ones marked."""
    at = _app()
    before = dict(at.session_state["zjtx:profile"])
    _upload(at, name, data)
    after = at.session_state["zjtx:profile"]
    if after == before:
        assert any("未能载入，当前数据保持不变" in e.value for e in at.sidebar.error)
    for page in ("pages/input.py", "pages/results.py", "pages/plan.py", "pages/compare.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.switch_page("pages/input.py").run()
    _section(at, "finance")
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("3000").run()   # still usable
    assert not at.exception
    assert at.session_state["zjtx:profile"]["revenue_y1"] == "3000"


def test_odd_values_are_loaded_as_text_and_marked():
    at = _app()
    _upload(at, "huge.json", b'{"employees": 1e1000000, "company_name": "\\ud800abc"}')
    prof = at.session_state["zjtx:profile"]
    assert prof["employees"] == "1e1000000"
    assert prof["company_name"] == "\ufffdabc"                      # a lone surrogate cannot reach the browser
    _section(at, "basic")
    assert "从业人员数（2025）：「1e1000000」过大" in _errors(at)


def test_a_company_name_is_shown_as_text_never_as_markdown():
    """Issue 12: `![x](http://evil.example/a.png)` as a company name must not become an image."""
    evil = "![x](http://evil.example/a.png)"
    at = _app()
    _upload(at, "evil.json", json.dumps({"company_name": evil, "revenue_y1": 1, "bad_key_" + evil: 1}).encode())
    texts = [*(m.value for m in at.markdown), *(i.value for i in at.info), *(s.value for s in at.sidebar.success),
             *(w.value for w in at.warning)]
    assert any(evil in _unescape(v) for v in texts)              # the name is there …
    assert not any("](http" in v for v in texts)                 # … never as a Markdown link or image
    at.switch_page("pages/results.py").run()
    assert not any("](http" in m.value for m in at.markdown)
    assert any(evil in _unescape(m.value) for m in at.markdown)


def test_the_url_carries_the_profile_and_a_new_session_restores_it():
    """Item 2 (server side): every change writes the profile into the URL; a new session opened on
    that URL starts from it; the bare URL opens the example; a damaged token says so."""
    at = _app()
    assert "p" not in at.query_params                            # the untouched example: a clean URL
    _section(at, "rd")
    at.text_input(key=_key(at, "form-num", "rd_expense_y1")).set_value("321").run()
    token = at.query_params["p"][0] if isinstance(at.query_params["p"], list) else at.query_params["p"]
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["p"] = token
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state["zjtx:profile"]["rd_expense_y1"] == "321"
    assert fresh.session_state["zjtx:profile"]["company_name"].startswith("示例企业A")
    broken = AppTest.from_file(APP, default_timeout=60)
    broken.query_params["p"] = token[:-30] + "!!"
    broken.run()
    assert not broken.exception
    assert any("链接中的档案无法读取" in w.value for w in broken.sidebar.warning)
    assert broken.session_state["zjtx:profile"]["company_name"].startswith("示例企业A")


def _live_gaps(at) -> str:
    return " ".join(_unescape(m.value) for m in [*at.main.markdown, *at.main.caption])


def test_blank_looks_blank_no_slider_and_gaps_say_information_is_missing():
    """Item 9: an empty box had a slider at 0.00 (净利润 at −5000.00) and 主要差距 said
    "没有未达标的量化指标" with nothing entered."""
    at = _app()
    at.button(key="reset-profile").click().run()
    _section(at, "balance")
    assert at.text_input(key=_key(at, "form-num", "net_profit_y1")).value == ""
    assert not [s for s in at.slider if "net_profit_y1" in (s.key or "")]
    _section(at, "finance")
    assert not [s for s in at.slider if "revenue_y1" in (s.key or "")]
    text = _live_gaps(at)
    assert "没有未达标" not in text
    assert "信息不足（未判断）" in text and "项信息不足" in text
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("3000").run()
    assert at.slider(key=_key(at, "form-sl", "revenue_y1")).value == 3000    # a slider once there is a number


def test_every_failing_criterion_is_listed_grouped_by_tier_words_included():
    """Item 10: at most six numeric gaps were listed; 小巨人's blocker (no 专精特新 title) was nowhere
    while the count said more."""
    at = _app()
    _pick_example(at, "b_specialized_only")
    text = _live_gaps(at)
    assert "**专精特新“小巨人”企业** · :red[✘ 7 项未达标]" in text
    assert "持有专精特新中小企业称号：有效期内专精特新中小企业：否" in text          # in words
    assert "营业收入 3200 万元 → 5000 万元，差 1800 万元" in text                 # numeric, with amount
    assert "主导产品领域与产业链地位" in text
    at.switch_page("pages/results.py").run()
    text = _live_gaps(at)
    assert "持有专精特新中小企业称号：有效期内专精特新中小企业：否" in text


def test_typed_out_of_range_figures_are_explained_in_chinese_and_kept():
    """Item 8: out-of-range numbers got an English browser tooltip and were silently ignored."""
    at = _app()
    _section(at, "finance")
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("-5").run()
    assert at.text_input(key=_key(at, "form-num", "revenue_y1")).value == "-5"
    assert "营业收入（2025）：「-5」不能为负数" in _errors(at)
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("1e15").run()
    errs = _errors(at)
    assert "「1e15」过大" in errs and "应为不小于 0" not in errs                   # the right hint
    assert "若按元填写，请除以 10000" in errs
    _section(at, "market")
    at.text_input(key=_key(at, "form-num", "market_share_domestic")).set_value("120").run()
    assert "「120」超出范围：应在 0–100 之间" in _errors(at)
    at.text_input(key=_key(at, "form-num", "market_share_domestic")).set_value("１２.５").run()   # full-width digits
    assert at.session_state["zjtx:profile"]["market_share_domestic"] == "１２.５"
    assert "market_share_domestic" not in " ".join(_errors(at))
    assert not any("120" in e for e in [_errors(at)])


def test_a_money_figure_typed_in_yuan_is_flagged_and_converted_on_request():
    """Item 12: 48,000,000 万元 (revenue typed in 元) was accepted without a word."""
    at = _app()
    _pick_example(at, "c_near_miss")
    _section(at, "finance")
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("48000000").run()
    warn = " ".join(_unescape(w.value) for w in at.warning)
    assert "「48000000」万元" in warn and "是否按“元”填写了" in warn
    at.button(key=f"yuan:revenue_y1:{at.session_state['zjtx:widget_versions']['*']}").click().run()
    assert not at.exception
    assert at.session_state["zjtx:profile"]["revenue_y1"] == "4800"
    assert at.text_input(key=_key(at, "form-num", "revenue_y1")).value == "4800"
    assert not any("是否按“元”填写了" in _unescape(w.value) for w in at.warning)


def test_plausible_figures_get_no_unit_warning():
    at = _app()
    _section(at, "finance")
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("99000").run()   # 8× the year before: fine
    assert not any("是否按“元”填写了" in _unescape(w.value) for w in at.warning)
    at.text_input(key=_key(at, "form-num", "revenue_y1")).set_value("110000000").run()  # 10⁴× 2024's 11000
    assert any("是否按“元”填写了" in _unescape(w.value) for w in at.warning)


def test_the_first_run_freezes_the_heap_once():
    """Streamlit's full collection after every script run walked the whole heap (~100 ms with the
    GIL held, on every slider step, no session served meanwhile): the first run freezes what is
    alive then (modules, plotly, the rule book), and later runs do not freeze again."""
    import gc
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    at = _app()
    first = gc.get_freeze_count()
    assert first > 10_000
    _section(at, "rd")
    at.text_input(key=_key(at, "form-num", "rd_expense_y1")).set_value("240").run()
    assert not at.exception
    assert gc.get_freeze_count() <= first          # frozen objects can be freed; none are added
