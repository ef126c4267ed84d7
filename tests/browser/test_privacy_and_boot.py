"""No request leaves 127.0.0.1; a deep link into a freshly started server lands on the right page."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from conftest import start_server, stop_server

pytestmark = pytest.mark.e2e


def test_a_full_session_never_leaves_localhost(page: Page, app_url: str):
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.on("websocket", lambda ws: seen.append(ws.url))
    page.goto(app_url + "/")
    expect(page.locator(".st-key-live-panel .zjtx-radar").first).to_be_visible(timeout=30_000)
    page.locator(".st-key-zjtx-section").get_by_text("收入", exact=True).click()
    expect(page.get_by_text("营业收入（2025").first).to_be_visible(timeout=30_000)
    for name in ("结果与差距", "新旧标准对比", "规则说明"):
        page.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=name).first).to_be_visible(timeout=30_000)
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Rules").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1000)
    assert seen, "no requests recorded"
    outside = sorted({u for u in seen if urlparse(u).hostname not in ("127.0.0.1",) and not u.startswith(("data:", "blob:"))})
    assert not outside, f"requests outside 127.0.0.1: {outside}"


def test_deep_link_first_on_a_fresh_server_opens_the_right_page(browser):
    """zjtx/ui/boot.py: the first visitor of a fresh server opening /results must get the results
    page inside app.py's navigation (not Streamlit's legacy pages/ fallback)."""
    proc, url, log = start_server("streamlit-fresh.log")
    try:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = ctx.new_page()
        page.goto(url + "/results")
        expect(page.get_by_role("heading", name="结果与差距").first).to_be_visible(timeout=30_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text("企业自评")
        expect(nav).not_to_contain_text("results")          # not the file names of pages/
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.locator(".st-key-summary")).to_contain_text("专精特新中小企业")
        ctx.close()
    finally:
        stop_server(proc, log)
