"""The results page's report downloads in a real browser (Playwright's download event): PDF, HTML and
XLSX in Chinese and in English, the PDF's text layer holding the company name and the criteria
(pdftotext), the anonymise switch keeping the name out of the file and its name."""

import io
import shutil
import subprocess

import openpyxl
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

NAME = "示例企业A · 精密传动科技有限公司"


def wait_idle(page: Page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=30_000)


def download(page: Page, label: str, within=None) -> tuple[str, bytes]:
    scope = within if within is not None else page
    with page.expect_download(timeout=120_000) as info:
        scope.get_by_role("button", name=label).click()
    d = info.value
    return d.suggested_filename, open(d.path(), "rb").read()


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (poppler-utils)")
    src = tmp_path / "r.pdf"
    src.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True, check=True).stdout


def test_the_three_reports_download_in_chinese(page: Page, app_url: str, tmp_path, shots):
    page.goto(f"{app_url}/results")
    expect(page.get_by_role("heading", name="结果与差距").first).to_be_visible(timeout=30_000)
    wait_idle(page)
    box = page.locator(".st-key-report-results")
    expect(box.get_by_role("button", name="PDF 报告")).to_be_enabled(timeout=30_000)
    page.screenshot(path=str(shots / "results-downloads-zh.png"))
    name, pdf = download(page, "PDF 报告", box)
    assert name == f"专精特新自测报告-{NAME}-2026.pdf" and pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert "示例企业A" in text and "精密传动科技有限公司" in text
    assert "研发费用" in text and "营业收入" in text and "专精特新“小巨人”企业" in text
    name, html = download(page, "HTML 报告", box)
    assert name.endswith(".html")
    html = html.decode("utf-8")
    assert NAME in html and "<script src=\"http" not in html          # offline: plotly.js inlined
    name, xlsx = download(page, "XLSX 表格", box)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert len(wb.sheetnames) >= 3
    cells = " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert NAME in cells
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_the_reports_download_in_english_and_anonymised(page: Page, app_url: str, tmp_path, shots):
    page.goto(f"{app_url}/results")
    expect(page.get_by_role("heading", name="结果与差距").first).to_be_visible(timeout=30_000)
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Results & gaps").first).to_be_visible(timeout=30_000)
    wait_idle(page)
    box = page.locator(".st-key-report-results")
    box.get_by_text("Anonymise").click()
    # the report's switch is the session's (zjtx.ui.state.anonymise_toggle): the page hides the name too —
    # and waiting for that waits for the server's rerun (the status widget may not have appeared yet)
    expect(page.locator('[data-testid="stMain"]').get_by_text("(anonymised)").first).to_be_visible(timeout=30_000)
    wait_idle(page)
    page.screenshot(path=str(shots / "results-downloads-en.png"))
    name, pdf = download(page, "PDF report", box)
    assert name == "zjtx-self-check-2026.pdf"
    text = pdf_text(pdf, tmp_path)
    assert "(anonymised)" in text and "示例企业A" not in text and "精密传动" not in text
    assert "Specialized SME" in text and "R&D" in text
    name, xlsx = download(page, "XLSX workbook", box)
    cells = " ".join(str(c) for ws in openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets
                     for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "(anonymised)" in cells and "精密传动" not in cells
    name, html = download(page, "HTML report", box)
    assert "精密传动" not in html.decode("utf-8")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
