"""The 批量筛查 page (AppTest): blank rows are not companies, 行号 is the spreadsheet's line, the
loaded list is what the user sees on coming back (with a button to clear it), a change of standard
screens the kept rows again, the failure chart names criteria and tiers in words, and the downloads
are the people format beside the machine CSV. Browser clicks: tests/browser/test_batch_page.py."""

import io
import json
from pathlib import Path

import openpyxl
from streamlit.testing.v1 import AppTest

from zjtx.people import people_csv_bytes, people_xlsx_bytes
from zjtx.rules import rulebook
from zjtx.ui.batch_view import machine_csv

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FORMULA = '=HYPERLINK("http://evil.example","丙")'
CSV = ("企业名称,营业收入（上年度）（万元）,主营业务收入（上年度）,所属行业,从业人员数\n"
       "甲公司,3000,2900,工业,120\n"             # line 2
       "\n"                                        # 3
       "乙公司,-5,1,工业,10\n"                    # 4
       ",,,,\n"                                    # 5
       f'"{FORMULA.replace(chr(34), chr(34) * 2)}",800,700,软件和信息技术服务业,30\n'   # 6
       ).encode("utf-8")


def _loaded(lang="zh"):
    at = AppTest.from_file(APP, default_timeout=60).run()
    if lang == "en":
        at.radio(key="zjtx:lang").set_value("en").run()
    at.switch_page("pages/batch.py").run()
    at.file_uploader(key="zjtx:batch_upload").set_value(("list.csv", CSV, "text/csv")).run()
    assert not at.exception
    return at


def _md(at) -> str:
    return " ".join(m.value for m in at.main.markdown)


def _html(at) -> str:
    """The lines that show user text (st.html, escaped: markdown would make "http://…" a link)."""
    return " ".join(e.proto.body for e in at.get("html"))


def test_blank_rows_are_not_companies_and_lines_are_the_spreadsheets():
    at = _loaded()
    assert any("已筛查 3 家企业" in s.value for s in at.success)
    assert "已载入：list.csv（3 家企业），已跳过 2 个空行" in _html(at)
    frame = at.session_state["zjtx:batch"]["result"]
    assert list(frame["company_name"]) == ["甲公司", "乙公司", FORMULA]
    assert list(frame["row"] + 1) == [2, 4, 6]
    assert frame.loc[1, "error"].startswith("第 4 行 营业收入（上年度）：不能为负数")
    table = at.dataframe(key="batch-table").value
    assert sorted(table["行号"].tolist()) == [2, 4, 6]


def test_the_loaded_list_is_shown_instead_of_an_empty_uploader_and_on_coming_back():
    at = _loaded()
    assert not at.main.file_uploader                # replaced by the loaded list and a clear button
    at.switch_page("pages/results.py").run()
    at.switch_page("pages/batch.py").run()
    assert not at.exception
    assert "已载入：list.csv（3 家企业）" in _html(at)
    assert at.dataframe(key="batch-table") is not None
    at.button(key="batch-clear").click().run()
    assert not at.exception
    assert "zjtx:batch" not in at.session_state
    assert len(at.main.file_uploader) == 1 and any("尚未上传名单" in i.value for i in at.info)


def test_a_file_name_is_shown_as_typed_not_as_markdown():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/batch.py").run()
    at.file_uploader(key="zjtx:batch_upload").set_value(("![x](http://evil.example/a.png).csv", CSV, "text/csv")).run()
    assert '<p class="zjtx-plain" style="margin:0">已载入：![x](http://evil.example/a.png).csv（3 家企业）' in _html(at)
    assert "![x](" not in _md(at)                                   # never markdown
    at2 = AppTest.from_file(APP, default_timeout=60).run()
    at2.switch_page("pages/batch.py").run()
    at2.file_uploader(key="zjtx:batch_upload").set_value(("<img src=x onerror=alert(1)>.csv", CSV, "text/csv")).run()
    assert "已载入：&lt;img src=x onerror=alert(1)&gt;.csv" in _html(at2) and "<img" not in _html(at2)


def test_a_change_of_standard_screens_the_kept_rows_again():
    at = _loaded()
    assert at.session_state["zjtx:batch"]["standard"] == "auto"
    at.session_state["zjtx:standard"] = "2022"
    at.run()
    assert not at.exception
    batch = at.session_state["zjtx:batch"]
    assert batch["standard"] == "2022"
    assert batch["result"]["specialized.standard"].astype(str).tolist()[0] == "2022"
    assert list(batch["result"]["row"] + 1) == [2, 4, 6]
    assert any("已按新标准重新筛查" in i.value for i in at.info)


def test_the_failure_chart_names_criteria_and_tiers_in_words():
    for lang, tier in (("zh", "营业收入·小巨人（2026）"), ("en", "Operating revenue · Little Giant (2026)")):
        at = _loaded(lang)
        spec = {e.key: json.loads(e.proto.spec) for e in at.get("plotly_chart")}["batch-fails"]
        labels = spec["data"][0]["y"]
        assert tier in labels
        assert not any("S26." in label or "L26." in label for label in labels)      # no ids


def test_the_downloads_are_the_people_format_beside_the_machine_csv():
    at = _loaded()
    keys = {b.key: b.label for b in at.download_button}
    assert keys["download-people-xlsx"].startswith("Excel（中文表头")
    assert keys["download-people-csv"] == "CSV（中文表头）"
    assert keys["download-csv"] == "CSV（程序用列名）"
    frame = at.session_state["zjtx:batch"]["result"]
    wb = openpyxl.load_workbook(io.BytesIO(people_xlsx_bytes(frame, rulebook(), "zh")))
    assert wb.sheetnames == ["筛查结果", "汇总"]
    ws = wb["筛查结果"]
    assert [c.value for c in ws[1][:3]] == ["行号", "企业名称", "读取错误"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == [2, 4, 6]
    assert ws.cell(4, 2).value == FORMULA and ws.cell(4, 2).data_type == "s"       # text, no apostrophe
    assert ws.cell(3, 3).value.startswith("第 4 行 ")
    people = people_csv_bytes(frame, rulebook(), "zh").decode("utf-8-sig")
    assert people.splitlines()[0].startswith("行号,企业名称,读取错误") and "'=HYPERLINK" in people
    machine = machine_csv(frame).decode("utf-8-sig")
    assert machine.splitlines()[0].startswith('"row","company_name","error"')
    assert "'=HYPERLINK" in machine                                  # CSV has no cell types
