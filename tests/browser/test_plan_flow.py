"""The plan flow in a real browser: break a figure, build the plan, apply it to a scenario, see 达标.
Screenshots of the page at 1366×768 and 390 px wide go to artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import full_screenshot

pytestmark = pytest.mark.e2e


def test_build_a_plan_apply_it_and_see_it_meet(page: Page, app_url: str, shots):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/")
    summary = page.locator(".st-key-summary")
    expect(summary).to_contain_text(re.compile("专精特新中小企业 · 2026：✔ 达标"), timeout=30_000)
    page.locator(".st-key-zjtx-section").get_by_text("研发", exact=True).click()
    box = page.locator(".st-key-form").get_by_role("textbox", name=re.compile(r"^研发费用（2025"))
    expect(box).to_be_visible(timeout=30_000)
    box.fill("312")
    box.press("Enter")
    expect(summary).to_contain_text(re.compile("专精特新中小企业 · 2026：✘ 未达标"), timeout=30_000)

    page.get_by_role("link", name=re.compile("规划")).click()
    expect(page.get_by_role("heading", name="晋级路径")).to_be_visible(timeout=30_000)
    page.locator(".st-key-zjtx-plan-tier-zh").get_by_text("专精特新", exact=True).click()
    action = page.get_by_text("2025 年研发费用需再增加 48 万元（至 360 万元）")
    expect(action).to_be_visible(timeout=30_000)
    expect(page.get_by_text("按下列调整，专精特新中小企业即可达标")).to_be_visible()
    expect(page.locator(".st-key-plan-headline")).to_contain_text("未达标")
    page.screenshot(path=str(shots / "plan-1366x768.png"))
    full_screenshot(page, shots / "plan-full.png")

    page.get_by_role("button", name="应用到新情景").first.click()
    expect(page.get_by_text(re.compile("已生成情景「方案·专精特新」：专精特新中小企业 达标"))).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="情景对比").click()
    row = page.locator(".st-key-tbl-scen-verdicts tr", has_text="专精特新中小企业")
    expect(row).to_contain_text("✘ 未达标（2026）", timeout=30_000)          # the baseline, unchanged
    expect(row).to_contain_text("✔ 达标（2026）")                            # the scenario
    expect(page.locator(".st-key-tbl-scen-verdicts th", has_text="方案·专精特新")).to_be_visible()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    full_screenshot(page, shots / "plan-scenarios.png")

    page.get_by_role("tab", name="多年预测").click()
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
    full_screenshot(page, shots / "plan-projection.png")


def test_plan_page_on_a_phone(page: Page, app_url: str, shots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/plan")
    expect(page.get_by_role("heading", name="晋级路径")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("下一目标")).to_be_visible()
    expect(page.locator(".st-key-zjtx-plan-tier-zh").get_by_text("小巨人", exact=True)).to_be_visible(timeout=30_000)
    expect(page.locator(".st-key-plan-headline")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    overflow = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
                             " - document.querySelector('[data-testid=\"stMain\"]').clientWidth")
    assert overflow <= 1                      # nothing wider than the phone
    full_screenshot(page, shots / "plan-390.png")
