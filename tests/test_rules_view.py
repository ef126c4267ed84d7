"""The rules page and the results page show each citation's verified mark honestly: a clause checked
word for word against a stored official copy says so; an unverified one says why (gate, 117号, 附件3)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _page(page: str, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if lang == "en":
        at.radio(key="zjtx:lang").set_value("en").run()
    at.switch_page(page).run()
    assert not at.exception
    return at



def _rules_rows(at) -> list[dict]:
    rows = []
    for tbl in at.table:
        df = tbl.value
        df = getattr(df, "data", df)          # a Styler shows its frame
        if "核对" in df.columns and "ID" in df.columns:
            rows += df.to_dict("records")
    return rows


def _table(at, column: str) -> list[dict]:
    for tbl in at.table:
        df = getattr(tbl.value, "data", tbl.value)
        if column in df.columns:
            return df.to_dict("records")
    raise AssertionError(f"no table with a {column!r} column")


def test_the_rules_page_marks_every_citation_verified_or_unverified_with_its_reason():
    rows = _rules_rows(_page("pages/rules.py"))
    by_id = {r["ID"]: r for r in rows}
    assert by_id["S26.rd_ratio"]["核对"].startswith("✓ 已与存储的官方文本逐字核对")
    assert "附件1 专精特新中小企业认定标准 （三）" in by_id["S26.rd_ratio"]["条文"]
    gate = by_id["gate.incidents"]["核对"]
    assert gate.startswith("⚠ 未核对") and "政策解读" in gate
    ip = by_id["S26.ip"]
    assert "另见" in ip["条文"] and "附件3" in ip["条文"] and "⚠ 未核对" in ip["核对"]
    assert by_id["L22.field"]["核对"].startswith("⚠ 未核对")
    assert all(r["核对"].startswith(("✓", "⚠")) for r in rows)


def test_the_rules_page_marks_the_standard_selection_and_lists_every_unverified_citation():
    at = _page("pages/rules.py")
    sel = _table(at, "为何适用该标准")
    review_2026 = next(r for r in sel if r["年度"] == "2026–2026" and r["申报类型"] == "复核")
    assert review_2026["适用标准"] == "2022" and review_2026["核对"].startswith("⚠ 未核对") and "117号" in review_2026["核对"]
    later = next(r for r in sel if r["年度"] == "2027–…")
    assert "2027 年起" in later["为何适用该标准"] and "{year}" not in later["为何适用该标准"]
    assert later["核对"].startswith("✓")
    unverified = _table(at, "原因")
    where = {r["用于"] for r in unverified}
    assert {"gate.credit", "L22.field", "S26.ip（另见）"} <= where
    assert "S26.rd_ratio" not in where
    waiver = [i.value for i in at.info if "L22.main_growth" in i.value and "2025 年的复核不考核" in i.value]
    assert waiver and "190号" in waiver[0] and "✓" in waiver[0]


def test_the_rules_page_in_english_says_unverified():
    at = _page("pages/rules.py", "en")
    rows = []
    for tbl in at.table:
        df = getattr(tbl.value, "data", tbl.value)
        if "Checked" in df.columns and "ID" in df.columns:
            rows += df.to_dict("records")
    by_id = {r["ID"]: r for r in rows}
    assert by_id["gate.credit"]["Checked"].startswith("⚠ Unverified:")
    assert by_id["L26.score"]["Checked"].startswith("✓ Checked word for word")


def test_the_results_page_citations_carry_the_mark():
    at = _page("pages/results.py")
    captions = " ".join(c.value for c in at.caption)
    assert "✓ 已与存储的官方文本逐字核对" in captions
    assert "⚠ 未核对" in captions


# ---------------------------------------------- the readings of issue 8 on the results page

def _results_for(profile: dict, standard: str | None = None) -> AppTest:
    import json
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader(key="zjtx:upload").set_value(("p.json", json.dumps(profile).encode(), "application/json")).run()
    at.switch_page("pages/results.py").run()
    if standard:
        at.button_group(key="zjtx:standard_switch:zh").set_value(standard).run()
    assert not at.exception
    return at


def _criteria_rows(at) -> list[dict]:
    rows = []
    for tbl in at.table:
        df = getattr(tbl.value, "data", tbl.value)
        if "状态" in df.columns and "说明" in df.columns:
            rows += df.to_dict("records")
    return rows


def _row(rows, label: str) -> dict:
    return next(r for r in rows if r["指标"] == label)


def test_the_results_page_shows_the_2025_review_readings():
    from test_cli import GOOD
    review = {**GOOD, "assessment_year": 2025, "application_type": "review"}
    rows = _criteria_rows(_results_for({**review, "main_revenue_y1": 9000}))
    growth = _row(rows, "近2年主营业务收入平均增长率")
    assert growth["状态"].endswith("不适用") and "190号" in growth["说明"] and "2025 年度申请复核的企业" in growth["说明"]
    rows = _criteria_rows(_results_for({**review, "revenue_y1": 4999.99, "main_revenue_y1": 4000}))
    rev = _row(rows, "上年度营业收入不低于 5000 万元（2025 年度要求）")
    assert rev["状态"].endswith("未达标") and "0.01 万元" in rev["差距"]
    rows = _criteria_rows(_results_for({**review, "revenue_y1": 5000, "main_revenue_y1": 4000}))
    assert _row(rows, "上年度营业收入不低于 5000 万元（2025 年度要求）")["状态"].endswith("达标")


def test_the_results_page_shows_a_2027_review_on_the_2026_standard_and_a_bounded_score():
    from test_cli import GOOD
    at = _results_for({**GOOD, "assessment_year": 2027, "application_type": "review", "revenue_y3": 20000})
    captions = " ".join(c.value for c in at.caption)
    assert "2027 年“小巨人”复核按 2026 年标准" in captions and "2026 年复核" not in captions
    growth = _row(_criteria_rows(at), "近两年营业收入复合增长率")
    assert growth["状态"].endswith("不适用")
    low = {**GOOD, "digital_level": 1, "quality_items": 0, "rd_institution_level": "none", "rd_staff": 0,
           "net_profit_y1": 0, "key_chain_link": False, "class1_ip_high_value": 0, "segment_years": 6}
    del low["local_feature_score"]
    rows = _criteria_rows(_results_for(low, "2022"))
    score = next(r for r in rows if "按满分 15 分计，最高 59 分，仍低于 60 分" in r["说明"])
    assert score["状态"].endswith("未达标")
