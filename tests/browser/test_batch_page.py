"""Batch page in a real browser: upload the template, see the summary and the ranked table; a list
with blank rows and hostile names: lines as a spreadsheet shows them, the list still there on
coming back, the people downloads and a selected company's report (Playwright's download event)."""

import csv
import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT, full_screenshot

pytestmark = pytest.mark.e2e


def test_upload_the_template_and_see_the_table(page: Page, app_url: str, shots):
    page.goto(f"{app_url}/batch")
    expect(page.get_by_role("heading", name="批量筛查").first).to_be_visible(timeout=30_000)
    # the page's own uploader (by its key): `.last` could still be the sidebar's profile uploader
    # (JSON only) when the page had not drawn its own yet
    page.locator('.st-key-zjtx-batch_upload [data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(ROOT / "assets" / "批量筛查模板.xlsx"))
    expect(page.get_by_text("已筛查 1 家企业")).to_be_visible(timeout=60_000)
    expect(page.locator(".st-key-batch-table")).to_be_visible()
    expect(page.get_by_role("button", name="CSV（程序用列名）")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    full_screenshot(page, shots / "batch-zh.png")
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Batch screening").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Screened 1 companies")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    full_screenshot(page, shots / "batch-en.png")


def test_open_a_screened_company_in_self_check(page: Page, app_url: str):
    page.goto(f"{app_url}/batch")
    page.locator(".st-key-zjtx-batch_upload input[type=file]").set_input_files(
        str(ROOT / "assets" / "批量筛查模板.xlsx"))
    grid = page.locator(".st-key-batch-table")
    expect(grid).to_be_visible(timeout=60_000)
    canvas = grid.locator("canvas").first
    expect(canvas).to_be_visible(timeout=30_000)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 16, box["y"] + 35 + 17)        # the first row's selection checkbox
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    button = page.get_by_role("button", name="在“企业自评”中打开所选企业")
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    expect(page.get_by_role("heading", name="企业自评").first).to_be_visible(timeout=30_000)
    expect(page.locator(".st-key-form").get_by_role("textbox", name=re.compile("^企业名称"))).to_have_value(
        "示例企业A · 精密传动科技有限公司", timeout=30_000)


FORMULA = '=HYPERLINK("http://evil.example","丙")'
IMAGE = "![x](http://evil.example/a.png)"
HEADERS = ["企业名称", "评估年度", "申报类型", "营业收入（上年度）", "营业收入（上上年度）", "主营业务收入（上年度）",
           "研发费用（上年度）", "研发费用（上上年度）", "从业人员数", "所属行业"]


def hostile_list(tmp_path):
    rows = [["甲公司", "2026", "新申报", "3000", "2800", "2700", "60", "120", "120", "工业"],      # line 2
            None,                                                                                # 3 (empty)
            ["乙公司", "2026", "新申报", "-5", "", "", "", "", "", ""],                              # 4
            [""] * 10,                                                                           # 5 (blank)
            [FORMULA, "2026", "复核", "2000", "1900", "1900", "100", "90", "80", "工业"],             # 6
            [IMAGE, "2026", "新申报", "1000", "1400", "900", "45", "42", "30", "工业"],               # 7
            ["<script>alert(1)</script>", "2026", "新申报", "8000", "6000", "7800", "400", "350", "200", "工业"]]  # 8
    path = tmp_path / "名单.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        for r in rows:
            if r is None:
                fh.write("\r\n")
            else:
                w.writerow(r)
    return path


def download(page: Page, label: str, within=None) -> tuple[str, bytes]:
    scope = within if within is not None else page
    with page.expect_download(timeout=120_000) as info:
        scope.get_by_role("button", name=label).click()
    return info.value.suggested_filename, open(info.value.path(), "rb").read()


def test_a_list_with_blank_rows_and_hostile_names(page: Page, app_url: str, shots, tmp_path):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "evil.example" in r.url else None)
    page.goto(f"{app_url}/batch")
    expect(page.get_by_role("heading", name="批量筛查").first).to_be_visible(timeout=30_000)
    page.locator(".st-key-zjtx-batch_upload input[type=file]").set_input_files(str(hostile_list(tmp_path)))
    loaded = page.locator(".st-key-batch-loaded")
    expect(loaded).to_contain_text("已载入：名单.csv（5 家企业），已跳过 2 个空行", timeout=60_000)
    expect(page.get_by_text("已筛查 5 家企业")).to_be_visible()
    expect(page.locator(".st-key-zjtx-batch_upload")).to_have_count(0)
    full_screenshot(page, shots / "batch-lines-zh.png")

    # the people downloads: Chinese headers, spreadsheet lines, a formula-like name as a text cell
    name, data = download(page, "Excel（中文表头，含汇总表）")
    assert name == "名单-筛查结果.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["筛查结果", "汇总"]
    ws = wb["筛查结果"]
    lines = {ws.cell(r, 2).value: ws.cell(r, 1).value for r in range(2, ws.max_row + 1)}
    assert lines == {"甲公司": 2, "乙公司": 4, FORMULA: 6, IMAGE: 7, "<script>alert(1)</script>": 8}
    cell = next(ws.cell(r, 2) for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == FORMULA)
    assert cell.data_type == "s"
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref
    name, data = download(page, "CSV（中文表头）")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["行号"] == "2" and rows[1]["读取错误"].startswith("第 4 行 ")
    name, data = download(page, "CSV（程序用列名）")
    assert data.decode("utf-8-sig").startswith('"row","company_name","error"')

    # a selected company's report: the results page's buttons, for that row
    grid = page.locator(".st-key-batch-table")
    canvas = grid.locator("canvas").first
    expect(canvas).to_be_visible(timeout=30_000)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)          # the first row (closest): the <script> one
    picked = page.locator(".st-key-batch-picked")
    expect(picked).to_contain_text("所选企业：<script>alert(1)</script>（第 8 行）", timeout=30_000)
    picked.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "batch-picked-zh.png"))
    name, pdf = download(page, "PDF 报告", picked)
    assert pdf.startswith(b"%PDF") and name.endswith("-2026.pdf")
    if shutil.which("pdftotext"):
        src = tmp_path / "row.pdf"
        src.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(src), "-"], capture_output=True, text=True, check=True).stdout
        assert "<script>alert(1)</script>" in text and "营业收入" in text
    name, html = download(page, "HTML 报告", picked)
    assert b"<script>alert(1)</script>" not in html and b"&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 + 17)     # the second row: the =HYPERLINK one
    expect(picked).to_contain_text(f"所选企业：{FORMULA}（第 6 行）", timeout=30_000)
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)          # shown as text, not a link

    # leave the page and come back: the loaded list is what the user sees
    page.get_by_role("link", name="结果与差距").click()
    expect(page.get_by_role("heading", name="结果与差距").first).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="批量筛查").click()
    expect(loaded).to_contain_text("已载入：名单.csv（5 家企业）", timeout=30_000)
    expect(page.locator(".st-key-batch-table")).to_be_visible()
    page.screenshot(path=str(shots / "batch-back-zh.png"))
    page.locator(".st-key-batch-clear").get_by_role("button").click()
    expect(page.locator(".st-key-zjtx-batch_upload")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("尚未上传名单")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert fetched == []
