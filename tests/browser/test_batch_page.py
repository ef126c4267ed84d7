"""Batch page in a real browser: upload the template, see the summary and the ranked table."""

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT, full_screenshot

pytestmark = pytest.mark.e2e


def test_upload_the_template_and_see_the_table(page: Page, app_url: str, shots):
    page.goto(f"{app_url}/batch")
    expect(page.get_by_role("heading", name="批量筛查").first).to_be_visible(timeout=30_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').last.set_input_files(
        str(ROOT / "assets" / "批量筛查模板.xlsx"))
    expect(page.get_by_text("已筛查 1 家企业")).to_be_visible(timeout=60_000)
    expect(page.locator(".st-key-batch-table")).to_be_visible()
    expect(page.get_by_role("button", name="下载结果（CSV）")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    full_screenshot(page, shots / "batch-zh.png")
