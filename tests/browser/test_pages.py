"""Browser tests on Debian's chromium: pages render, Chinese shows, charts draw, no exception box.
Full-page screenshots of every page in both languages go to test-results/screenshots/ (CI artifacts)."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PAGES = [("input", "企业自评", "Self-check"), ("results", "结果与差距", "Results & gaps"),
         ("compare", "新旧标准对比", "2022 vs 2026"), ("rules", "规则说明", "Rules")]


def _wait_ready(page: Page) -> None:
    expect(page.locator('[data-testid="stApp"]')).to_be_visible(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


@pytest.mark.parametrize("slug,zh,en", PAGES)
def test_page_renders_in_both_languages(page: Page, app_url: str, shots, slug, zh, en):
    page.goto(f"{app_url}/{slug}")
    expect(page.get_by_role("heading", name=zh).first).to_be_visible(timeout=30_000)
    _wait_ready(page)
    if slug in ("input", "results"):
        expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.screenshot(path=str(shots / f"{slug}-zh.png"), full_page=True)
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=en).first).to_be_visible(timeout=30_000)
    _wait_ready(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.screenshot(path=str(shots / f"{slug}-en.png"), full_page=True)
