"""Reports of one assessment (zjtx.report): the content comes from the engine's results, never a
recomputation; the HTML is offline and escapes what the user typed; the XLSX keeps text as text;
the PDF (chromium print-to-PDF) has an extractable Chinese text layer, embedded fonts and 2–4 A4
pages, in both languages; `python -m zjtx report` follows the bad-input contract of `check`."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from zjtx.dataio.read import profile_from_json_bytes
from zjtx.engine import evaluate
from zjtx.present import gap_cell, status_text
from zjtx.report import build, file_name, render, report_bytes
from zjtx.report.html import css_string
from zjtx.report.pdf import chromium, page_count
from zjtx.rules import rulebook

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff]")
TODAY = dt.date(2026, 5, 20)
NEAR_MISS = json.loads((ROOT / "assets/examples/c_near_miss.json").read_text(encoding="utf-8"))
NAME = NEAR_MISS["company_name"]
SCRIPT = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
needs_chromium = pytest.mark.skipif(chromium() is None or shutil.which("pdftotext") is None,
                                    reason="chromium and poppler-utils are needed for PDF tests (make sysdeps)")


def assess(profile: dict | None = None, **changes):
    data = dict(profile or NEAR_MISS) | changes
    return evaluate(profile_from_json_bytes(json.dumps(data, ensure_ascii=False).encode()), rulebook())


def pdf_text(data: bytes, tmp_path: Path, name: str = "r.pdf") -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    p = tmp_path / "pages.pdf"
    p.write_bytes(data)
    out = subprocess.run(["pdfinfo", str(p)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


# ------------------------------------------------------------------------------ the model

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_reads_every_verdict_and_gap_off_the_assessment(lang):
    a = assess()
    r = build(a, rulebook(), lang, today=TODAY)
    assert [x.key for x in r.tiers] == ["tech_sme", "innovative", "specialized", "little_giant"]   # the ladder
    for x in (r.gate, *r.tiers):
        tr = a.gate if x.key == "gate" else a.tiers[x.key]
        assert x.verdict == tr.verdict and x.standard == tr.standard and x.ruleset == tr.ruleset
        assert [c.id for c in x.rows] == [c.id for c in tr.criteria]
        for row, c in zip(x.rows, tr.criteria):
            assert row.status == c.status
            assert row.status_text.endswith(status_text(c.status, lang))
            assert row.gap == gap_cell(c, lang)
            assert row.verified == c.citation.verified and row.clause == c.citation.clause
    assert r.generated == "2026-05-20" and r.company == NAME
    assert re.fullmatch(r"[0-9a-f]{12}", r.rules_version)


def test_a_failing_gap_carries_its_money_equivalent_and_assumption():
    """The near-miss company is 1.46 pp short of the 90 % main-business share for the Little Giant;
    the report names the money (≈ 700 万元) and the assumption it rests on (其他业务收入不变)."""
    r = build(assess(), rulebook(), "zh", today=TODAY)
    row = next(c for c in r.tier("little_giant").rows if c.id == "L26.main_share")
    assert row.status == "fail" and "1.46 个百分点" in row.gap and "700 万元" in row.gap
    assert "其他业务收入不变" in row.money and "700 万元" in row.money
    assert row.money_num == 700 and row.money_unit == "万元" and row.gap_num == 1.46


def test_the_standard_and_why_are_stated_for_a_review():
    """A review application puts the Little Giant on the 2022 standard (criteria/selection.yaml); the report
    says which standard, which rule set, and why."""
    r = build(assess(application_type="review"), rulebook(), "zh", today=TODAY)
    lg = r.tier("little_giant")
    assert lg.standard == "2022" and lg.ruleset == "little_giant@2022"
    assert "复核" in lg.why and "63号" in lg.source


def test_the_checklist_lists_self_declared_items_with_the_current_answer():
    r = build(assess(market_leading=None, key_chain_link=False), rulebook(), "zh", today=TODAY)
    labels = {c.label: c for c in r.checklist}
    assert "境内依法设立" in labels and labels["境内依法设立"].answer == "已自报满足"
    assert any(c.status == "missing" and c.answer == "尚未填写" for c in r.checklist)
    # every self-declared criterion of the gate and the two tiers is on the list, once
    a = assess()
    want = {c.label_zh for tr in (a.gate, a.tiers["specialized"], a.tiers["little_giant"]) for c in tr.criteria
            if c.self_declared}
    assert {c.label for c in build(a, rulebook(), "zh").checklist} == want


def test_a_checklist_item_the_tiers_disagree_on_is_answered_per_tier():
    """3 Ⅰ类 IP meet 专精特新 (≥ 1) but not 小巨人 (≥ 4): not a flat "自报不满足"."""
    items = {c.label: c for c in build(assess(), rulebook(), "zh").checklist}
    ip = items["Ⅰ类知识产权"]
    assert ip.answer == "专精特新：已自报满足；小巨人：自报不满足" and ip.status == "fail"
    assert items["从事特定细分市场年限"].answer == "已自报满足"


def test_anonymise_hides_the_name_everywhere_and_in_the_file_name():
    a = assess()
    r = build(a, rulebook(), "zh", anonymise=True, today=TODAY)
    assert r.company == "（已匿名）"
    for fmt in ("html", "xlsx"):
        data = render(r, fmt)
        text = data.decode("utf-8", "replace") if fmt == "html" else _xlsx_text(data)
        assert NAME not in text and "智控传感" not in text
    assert "智控传感" not in file_name(a, "pdf", "zh", anonymise=True)
    assert "智控传感" in file_name(a, "pdf", "zh")


def _xlsx_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


def test_the_plan_section_formats_the_planner_and_the_projection():
    """With the profile, the report carries zjtx.plan's cheapest plan for each main tier and
    zjtx.project's first qualifying year: the near-miss company meets 专精特新 now (2026) and needs
    740 万元 of changes plus three things money cannot buy for 小巨人."""
    profile = profile_from_json_bytes(json.dumps(NEAR_MISS, ensure_ascii=False).encode())
    a = evaluate(profile, rulebook())
    r = build(a, rulebook(), "zh", today=TODAY, profile=profile)
    spec, lg = r.plan.tiers
    assert spec.meets_now and spec.first_year == "2026 年" and not spec.actions
    assert not lg.meets_now and lg.total == "合计 740 万元" and len(lg.actions) == 2
    text, assumes, meets = lg.actions[0]
    assert "700 万元" in text and "营业收入" in assumes and "主营业务收入占营业收入比重" in meets
    assert any("Ⅰ类知识产权" in q for q in lg.requirements) and "未达标" in lg.first_year
    assert "L26." not in lg.binding and "Ⅰ类知识产权" in lg.binding            # named, not ids
    html = render(r, "html").decode()
    assert "达标方案与首个达标年度" in html and "合计 740 万元" in html
    en = render(build(a, rulebook(), "en", today=TODAY, profile=profile), "html").decode()
    assert "Plan and first qualifying year" in en and "740 ×10k CNY" in en
    assert "达标方案" not in render(build(a, rulebook(), "zh", today=TODAY), "html").decode()   # no profile, no plan


# ------------------------------------------------------------------------------ HTML

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_script_company_name_is_escaped_in_the_html(lang):
    html = report_bytes(assess(company_name=SCRIPT), "html", lang, today=TODAY).decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    # the page footer repeats the name inside CSS: hex-escaped, so it cannot close <style>
    style = html[html.index("<style>") + len("<style>"):html.index("</style>")]
    assert "<" not in style and "alert('x')" not in style and "alert\\000028" in style


def test_css_string_escapes_everything_that_could_end_a_string_or_a_style():
    s = css_string('a"b\\c</style>\n')
    assert s.startswith("a") and '"' not in s and "<" not in s and "\n" not in s and "\\" in s
    assert css_string("专精") == "\\004e13\\007cbe"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_is_offline_and_embeds_plotly_once(lang):
    html = report_bytes(assess(), "html", lang, today=TODAY).decode()
    # nothing to fetch: no script or style by URL (plotly.js names a topojson CDN in its defaults,
    # fetched only by map traces, which the report has none of)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "cdn.plot.ly" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert html.count("Plotly.newPlot") == 2                # radar and gap chart
    assert html.count("plotly.js v") == 1                   # the library, once
    assert ('lang="zh-CN"' if lang == "zh" else 'lang="en"') in html
    assert "@page" in html and "size: A4" in html           # prints on A4
    body = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert (NAME in body) and (("逐项结果" in body) if lang == "zh" else ("Criterion by criterion" in body))


def test_a_company_with_no_gap_gets_a_sentence_not_an_empty_chart():
    r = build(assess({"company_name": "空白", "assessment_year": 2026}), rulebook(), "zh", today=TODAY)
    assert r.charts["gap"] is None
    assert "没有未达标或临界的量化指标" in render(r, "html").decode()


# ------------------------------------------------------------------------------ XLSX

def test_a_formula_company_name_is_a_text_cell_in_the_xlsx():
    data = report_bytes(assess(company_name=FORMULA), "xlsx", "zh", today=TODAY)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cell = wb["汇总"]["B3"]
    assert cell.value == FORMULA and cell.data_type == "s"        # as typed, no apostrophe, not a formula
    assert not any(c.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_a_company_name_with_control_characters_or_escape_like_text_reads_back_as_typed():
    from python_calamine import CalamineWorkbook
    name = "甲\r乙_x0041_\x01丙"                   # CR read as LF, \x01 dropped, "_x0041_" read as "A" before
    data = report_bytes(assess(company_name=name), "xlsx", "zh", today=TODAY)
    grid = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("汇总").to_python()
    assert grid[2][1] == name
    assert openpyxl.load_workbook(io.BytesIO(data))["汇总"]["B3"].value == "甲_x000D_乙_x005F_x0041__x0001_丙"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_xlsx_has_a_summary_and_one_sheet_per_tier(lang):
    a = assess()
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(a, "xlsx", lang, today=TODAY)))
    zh = lang == "zh"
    assert wb.sheetnames == (["汇总", "申报条件", "专精特新中小企业", "专精特新“小巨人”企业", "创新型中小企业", "科技型中小企业"]
                             if zh else ["Summary", "Eligibility", "Specialized SME", "Little Giant", "Innovative SME",
                                         "Tech-based SME"])
    ws = wb.worksheets[3]
    head = [c.value for c in ws[1]]
    assert head[:4] == (["指标编号", "指标", "状态", "自报"] if zh else ["Criterion id", "Criterion", "Status", "Self-declared"])
    assert ("单位" if zh else "Unit") in head and ("折合说明（含假设）" if zh else "Equivalent (with assumption)") in head
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["B"].width >= 20
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    main = rows["L26.main_share"]
    assert main[2] == ("未达标" if zh else "Fail") and main[4] == pytest.approx(88.5417) and main[6] == 90 and main[7] == "%"
    assert main[8] == 1.46 and main[10] == 700
    assert (main[9], main[11]) == (("个百分点", "万元") if zh else ("pp", "×10k CNY"))
    lg = a.tiers["little_giant"]
    assert len(rows) == len(lg.criteria)


# ------------------------------------------------------------------------------ PDF

@pytest.fixture(scope="module")
def pdfs():
    profile = profile_from_json_bytes(json.dumps(NEAR_MISS, ensure_ascii=False).encode())
    a = evaluate(profile, rulebook())
    return {lang: report_bytes(a, "pdf", lang, today=TODAY, profile=profile) for lang in ("zh", "en")}


@needs_chromium
def test_the_pdf_text_layer_holds_the_chinese_name_and_the_criteria(pdfs, tmp_path):
    text = pdf_text(pdfs["zh"], tmp_path)
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", NAME) in flat
    for must in ("专精特新自测报告", "主营业务收入占营业收入比重", "研发费用占营业收入比重", "未达标", "700万元",
                 "其他业务收入不变", "不是认定结论", "发展评价得分", "已逐字核对", "自报", "2026-05-20",
                 "达标方案与首个达标年度", "合计740万元"):
        assert must in flat, must


@needs_chromium
def test_the_english_pdf_is_english(pdfs, tmp_path):
    text = pdf_text(pdfs["en"], tmp_path)
    for must in ("Specialized SME self-check report", "Main-business share of revenue", "Does not meet",
                 "not a recognition", "verified", "Plan and first qualifying year"):
        assert must in re.sub(r"\s+", " ", text), must
    assert "逐项结果" not in text


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_is_two_to_four_a4_pages_with_fonts_embedded(pdfs, tmp_path, lang):
    data = pdfs[lang]
    assert data.startswith(b"%PDF")
    assert 2 <= pdf_pages(data, tmp_path) <= 4
    assert page_count(data) == pdf_pages(data, tmp_path)          # the count the dense re-print relies on
    p = tmp_path / "f.pdf"
    p.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(p)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(p)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(f.split()[-5] == "yes" for f in fonts)          # the "emb" column


@needs_chromium
def test_a_worst_case_company_still_fits_four_pages_in_english(tmp_path):
    """A review application failing nearly everything, in English (the longest text), with a
    <script> name: still 2–4 pages (the first print runs to 5; it is printed again with the dense
    style), and the name is printed as text."""
    bad = {"company_name": SCRIPT, "assessment_year": 2026, "application_type": "review", "industry": "industry",
           "employees": 120, "revenue_y1": 900, "revenue_y2": 1000, "revenue_y3": 1100, "main_revenue_y1": 500,
           "main_revenue_y2": 600, "main_revenue_y3": 700, "total_assets": 1000, "total_liabilities": 950,
           "rd_expense_y1": 10, "rd_expense_y2": 8, "segment_years": 1, "class1_ip": 0, "class2_ip": 1,
           "holds_tech_sme": False, "holds_innovative_sme": False, "holds_specialized_sme": False,
           "dev_score_current": 30, "market_share_domestic": 2, "domestic_rank": 20,
           "gate_established_in_prc": True, "gate_credit_ok": True, "gate_products_ok": True, "gate_no_incidents": True}
    profile = profile_from_json_bytes(json.dumps(bad).encode())
    data = report_bytes(evaluate(profile, rulebook()), "pdf", "en", today=TODAY, profile=profile)
    assert 2 <= pdf_pages(data, tmp_path) <= 4
    assert "<script>alert('x')</script>" in pdf_text(data, tmp_path)


# ------------------------------------------------------------------------------ CLI

def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-m", "zjtx", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={**os.environ, **(env or {})})


def one_line(r: subprocess.CompletedProcess, code: int = 2) -> str:
    assert r.returncode == code, (r.returncode, r.stderr)
    assert r.stdout == "" and "Traceback" not in r.stderr
    lines = r.stderr.strip("\n").split("\n")
    assert len(lines) == 1 and CJK.search(lines[0]), r.stderr
    return lines[0]


def test_cli_writes_html_and_xlsx_in_both_languages(tmp_path):
    src = ROOT / "assets/examples/c_near_miss.json"
    for lang in ("zh", "en"):
        for ext in ("html", "xlsx"):
            out = tmp_path / f"r-{lang}.{ext}"
            r = run("report", src, "-o", out, "--lang", lang)
            assert r.returncode == 0, r.stderr
            assert "报告已写入" in r.stderr and out.stat().st_size > 1000
    assert "逐项结果" in (tmp_path / "r-zh.html").read_text(encoding="utf-8")
    assert "Criterion by criterion" in (tmp_path / "r-en.html").read_text(encoding="utf-8")
    assert openpyxl.load_workbook(tmp_path / "r-en.xlsx").sheetnames[0] == "Summary"


@needs_chromium
def test_cli_writes_an_anonymised_pdf(tmp_path):
    out = tmp_path / "r.pdf"
    r = run("report", ROOT / "assets/examples/c_near_miss.json", "-o", out, "--anonymise", "--standard", "2022")
    assert r.returncode == 0, r.stderr
    text = pdf_text(out.read_bytes(), tmp_path, "x.pdf")
    assert "智控传感" not in text and "已匿名" in text
    assert "2022" in text


def test_cli_report_bad_inputs_exit_2_with_one_chinese_line(tmp_path):
    good = ROOT / "assets/examples/c_near_miss.json"
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"employees": "很多"}, ensure_ascii=False), encoding="utf-8")
    cases = [
        (("report", tmp_path / "nope.json", "-o", tmp_path / "r.pdf"), "找不到文件"),
        (("report", broken, "-o", tmp_path / "r.pdf"), "JSON"),
        (("report", wrong, "-o", tmp_path / "r.pdf"), "从业人员数"),
        (("report", good, "-o", tmp_path / "r.docx"), ".pdf、.html 或 .xlsx"),
        (("report", good, "-o", tmp_path / "no" / "dir" / "r.pdf"), "输出目录不存在"),
        (("report", good), "参数"),
        (("report", good, "-o", tmp_path / "r.pdf", "--lang", "fr"), "参数"),
        (("report", good, "-o", tmp_path / "r.pdf", "--standard", "2099"), "2099"),
    ]
    for args, must in cases:
        line = one_line(run(*args))
        assert must in line, (args, line)
    assert not any(tmp_path.glob("r.*"))


def test_cli_report_without_chromium_says_so_in_one_line(tmp_path):
    line = one_line(run("report", ROOT / "assets/examples/c_near_miss.json", "-o", tmp_path / "r.pdf",
                        env={"ZJTX_CHROMIUM": str(tmp_path / "no-chromium")}), code=1)
    assert "Chromium" in line and "HTML" in line
    assert not (tmp_path / "r.pdf").exists()


@needs_chromium
def test_making_a_pdf_writes_no_user_data_to_disk(tmp_path, monkeypatch):
    """The HTML goes to chromium and the PDF comes back through the DevTools pipe: the only folder
    used (chromium's throw-away profile, kept here to look into) never holds the company's name."""
    import tempfile as _tempfile

    from zjtx.report import pdf
    kept = tmp_path / "kept"
    kept.mkdir()

    class Keep:
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return str(kept)

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(pdf.tempfile, "TemporaryDirectory", Keep)
    marker = "磁盘标记企业QZX"
    data = report_bytes(assess(company_name=marker), "pdf", "zh", today=TODAY)
    assert marker in pdf_text(data, tmp_path)
    files = [p for p in kept.rglob("*") if p.is_file()]
    assert files, "chromium's profile folder was not used: the test would prove nothing"
    needles = [marker.encode(e) for e in ("utf-8", "utf-16-le")]
    for p in files:
        blob = p.read_bytes()
        assert not any(n in blob for n in needles), p
    assert _tempfile is not None


def test_the_english_header_uses_ascii_parentheses():
    html = report_bytes(assess(), "html", "en", today=TODAY).decode()
    assert "2026 (Last fiscal year = 2025; last two = 2024–2025)" in html
    assert "（Last fiscal year" not in html
    assert "2026（上年度 = 2025 年" in report_bytes(assess(), "html", "zh", today=TODAY).decode()
