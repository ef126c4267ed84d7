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
    expect(page.locator('[data-testid="stTextInputRootElement"] input').first).to_have_value(
        "示例企业A · 精密传动科技有限公司", timeout=30_000)
