"""Browser tests on Debian's chromium: every page renders in both languages, Chinese shows, charts
draw, no exception box. Full-height screenshots go to artifacts/screenshots/ (kept by CI)."""

import pytest
from playwright.sync_api import Page, expect

from conftest import full_screenshot

pytestmark = pytest.mark.e2e

PAGES = [("input", "企业自评", "Self-check"), ("results", "结果与差距", "Results & gaps"),
         ("compare", "新旧标准对比", "2022 vs 2026"), ("rules", "规则说明", "Rules")]


def wait_idle(page: Page) -> None:
    """Wait for the server's rerun to finish (Streamlit's running indicator disappears)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=30_000)


@pytest.mark.parametrize("slug,zh,en", PAGES)
def test_page_renders_in_both_languages(page: Page, app_url: str, shots, slug, zh, en):
    page.goto(f"{app_url}/{'' if slug == 'input' else slug}")      # the default page lives at /
    expect(page.get_by_role("heading", name=zh).first).to_be_visible(timeout=30_000)
    wait_idle(page)
    if slug == "input":          # the live radar is one inline SVG; the results page draws with plotly
        expect(page.locator(".st-key-live-panel .zjtx-radar").first).to_be_visible(timeout=30_000)
    if slug == "results":
        expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    full_screenshot(page, shots / f"{slug}-zh.png")
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=en).first).to_be_visible(timeout=30_000)
    wait_idle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    full_screenshot(page, shots / f"{slug}-en.png")
