"""The main loop in a real browser: change a figure, see the verdict and the radar change."""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import full_screenshot

pytestmark = pytest.mark.e2e


def radar_paths(page: Page) -> str:
    return page.locator(".st-key-live-panel .zjtx-radar").first.inner_html()


def test_typing_rd_expense_updates_verdict_and_radar(page: Page, app_url: str, shots):
    page.goto(f"{app_url}/")
    summary = page.locator(".st-key-summary")
    expect(page.locator(".st-key-company-banner")).to_contain_text("示例企业A", timeout=30_000)
    expect(page.locator(".st-key-company-banner")).not_to_contain_text("已修改")
    expect(summary).to_contain_text(re.compile("专精特新中小企业 · 2026：✔ 达标"), timeout=30_000)
    expect(page.locator(".st-key-live-panel .zjtx-radar").first).to_be_visible(timeout=30_000)
    page.locator(".st-key-zjtx-section").get_by_text("研发", exact=True).click()
    box = page.locator(".st-key-form").get_by_role("textbox", name=re.compile(r"^研发费用（2025"))
    expect(box).to_be_visible(timeout=30_000)
    before = radar_paths(page)
    box.fill("240")
    box.press("Enter")
    expect(summary).to_contain_text(re.compile("专精特新中小企业 · 2026：✘ 未达标"), timeout=30_000)
    expect(page.locator(".st-key-live-panel")).to_contain_text("2.00% → 3.00%", timeout=30_000)
    assert radar_paths(page) != before
    # the banner sits outside the fragment: the first edit still marks the profile 已修改
    expect(page.locator(".st-key-company-banner")).to_contain_text("（已修改）", timeout=30_000)
    full_screenshot(page, shots / "input-after-edit.png")


def test_slider_key_moves_the_number_box(page: Page, app_url: str):
    page.goto(f"{app_url}/")
    page.locator(".st-key-zjtx-section").get_by_text("研发", exact=True).click()
    box = page.locator(".st-key-form").get_by_role("textbox", name=re.compile(r"^研发费用（2024"))
    expect(box).to_be_visible(timeout=30_000)
    start = box.input_value()
    slider = page.locator("[class*=st-key-w-form-sl-rd_expense_y2]").get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(box).not_to_have_value(start, timeout=30_000)


def test_fast_slider_presses_never_lose_a_figure(page: Page, app_url: str):
    """Regression: pressing a slider quickly made the browser send its sibling number box's stale
    value with the next rerun; its callback wrote it back, and 主营业务收入 sometimes vanished
    (the tiers turned 信息不足). Bound widgets are now renewed by version, never written to."""
    page.goto(f"{app_url}/")
    page.locator(".st-key-zjtx-section").get_by_text("收入", exact=True).click()
    slider = page.locator("[class*=st-key-w-form-sl-main_revenue_y1]").get_by_role("slider")
    expect(slider).to_be_visible(timeout=30_000)
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")       # 50 万元 a step, no waiting in between
        page.wait_for_timeout(60)
    box = page.locator(".st-key-form").get_by_role("textbox", name=re.compile(r"^主营业务收入（2025"))
    expect(box).to_have_value("10900", timeout=30_000)
    expect(page.locator(".st-key-summary")).not_to_contain_text("信息不足")
