"""Report downloads on the results page (zjtx.ui.report_view): three buttons in the chosen language,
an anonymise switch, the file made by the very call the CLI makes, and a Chinese note instead of a
broken PDF button when Chromium is missing. (The clicks themselves, and the files a browser saves,
are in tests/browser/test_report_downloads.py.)"""

from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from zjtx.__main__ import main
from zjtx.dataio.read import read_profile
from zjtx.engine import evaluate
from zjtx.rules import rulebook
from zjtx.ui.report_view import maker

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
EXAMPLE = ROOT / "assets" / "examples" / "c_near_miss.json"


def _cells(data: bytes):
    import io
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]


def _results(lang="zh"):
    at = AppTest.from_file(APP, default_timeout=60).run()
    if lang == "en":
        at.radio(key="zjtx:lang").set_value("en").run()
    at.switch_page("pages/results.py").run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang, labels", [("zh", ["PDF 报告", "HTML 报告", "XLSX 表格"]),
                                          ("en", ["PDF report", "HTML report", "XLSX workbook"])])
def test_the_results_page_offers_the_three_reports_in_its_language(lang, labels, monkeypatch):
    monkeypatch.setenv("ZJTX_CHROMIUM", "/bin/true")            # any existing file: "chromium is there"
    at = _results(lang)
    buttons = {b.key: b for b in at.download_button}
    assert [buttons[f"report-{f}-results"].label for f in ("pdf", "html", "xlsx")] == labels
    assert not buttons["report-pdf-results"].proto.disabled
    assert at.toggle(key="zjtx:anon:report-results:0").value is False      # the session-wide switch (zjtx.ui.state)


def test_without_chromium_the_pdf_button_is_off_and_a_chinese_note_says_what_to_do(monkeypatch):
    monkeypatch.setenv("ZJTX_CHROMIUM", "/nonexistent/chromium")
    at = _results()
    buttons = {b.key: b for b in at.download_button}
    assert buttons["report-pdf-results"].proto.disabled
    assert not buttons["report-html-results"].proto.disabled
    assert any("未安装 Chromium" in w.value and "HTML" in w.value for w in at.warning)


def test_with_chromium_there_is_no_such_note(monkeypatch):
    monkeypatch.setenv("ZJTX_CHROMIUM", "/bin/true")
    at = _results()
    assert not any("Chromium" in w.value for w in at.warning)


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
@pytest.mark.parametrize("lang, anonymise", [("zh", False), ("en", True)])
def test_the_page_makes_the_same_file_as_the_cli(tmp_path, fmt, lang, anonymise):
    profile = read_profile(EXAMPLE)
    page = maker(evaluate(profile, rulebook(), "auto"), profile, fmt, lang, anonymise)()
    out = tmp_path / f"r.{fmt}"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--lang", lang] + (["--anonymise"] if anonymise else [])) == 0
    if fmt == "html":
        assert page == out.read_bytes()
    else:                                   # the zip inside an XLSX stamps the time: compare every cell
        assert _cells(page) == _cells(out.read_bytes())
        cells = " ".join(str(c) for sheet in _cells(page) for row in sheet[1] for c in row if c)
        assert ("示例企业C" in cells) is (not anonymise)
        assert ("(anonymised)" in cells) is anonymise


def test_a_failed_pdf_is_said_on_the_next_run(monkeypatch):
    """The button's maker runs on a worker thread; a PdfError it meets is kept for this session and
    said (in the page's language) the next time the page runs."""
    from zjtx.report import PdfError
    failures = {}
    profile = read_profile(EXAMPLE)
    make = maker(evaluate(profile, rulebook(), "auto"), profile, "pdf", "zh", False, failures, "results")
    monkeypatch.setattr("zjtx.ui.report_view.report_bytes",
                        lambda *a, **k: (_ for _ in ()).throw(PdfError("生成 PDF 超时（60 秒）", "timed out")))
    with pytest.raises(PdfError):
        make()
    assert failures == {("results", "pdf"): ("生成 PDF 超时（60 秒）", "timed out")}
    at = _results()
    at.session_state["zjtx:report_failures"] = failures
    at.run()
    assert any("上次生成 PDF 报告失败：生成 PDF 超时（60 秒）" in w.value for w in at.warning)
    at.run()                                                         # said once
    assert not any("上次生成" in w.value for w in at.warning)
