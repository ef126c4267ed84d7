"""Issue 11 items 7–9 in a real browser at 1366×768: presenter mode (large type, only the figures
of the current gaps, the verdict strip pinned while the page scrolls, the switch to a scenario),
the anonymise switch (screen and the saved file's name; the file keeps the real name) and the
client list. Screenshots: artifacts/screenshots/presenter-1366x768.png, presenter-scenario-1366x768.png,
clients-1366x768.png."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from conftest import idle

pytestmark = pytest.mark.e2e


def sidebar(page: Page):
    return page.locator('[data-testid="stSidebar"]')


def toggle(page: Page, label: str) -> None:
    sidebar(page).locator('[data-testid="stCheckbox"]').filter(has_text=label).locator("label").click()
    idle(page)


def no_exception(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def test_presenter_flow_anonymise_and_clients(page: Page, app_url: str, shots, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/?ex=c_near_miss")
    expect(page.locator(".st-key-summary")).to_contain_text("小巨人", timeout=30_000)
    idle(page)
    toggle(page, "演示模式")
    form = page.locator(".st-key-pres-form")
    strip = page.locator(".st-key-presenter-strip")
    expect(strip).to_contain_text(re.compile(r"小巨人\s*✘ 未达标（7 项）"))
    # only the figures of the current gaps: Ⅰ类知识产权 and 营业收入 yes, 企业名称 and 从业人员 no
    expect(form.get_by_role("textbox", name=re.compile("^Ⅰ类知识产权"))).to_be_visible()
    expect(form.get_by_role("textbox", name=re.compile("^营业收入"))).to_have_count(2)      # 2025 and 2023
    assert form.get_by_role("textbox", name=re.compile("^(企业名称|从业人员)")).count() == 0
    # larger type than the ordinary page (16 px)
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                         "'.st-key-presenter-strip [data-testid=stMarkdownContainer] p')).fontSize)")
    assert size >= 20
    no_exception(page)
    page.screenshot(path=str(shots / "presenter-1366x768.png"))
    # a slider-box moves the strip; the figure stays on screen after its gap closes
    box = form.get_by_role("textbox", name=re.compile("^Ⅰ类知识产权"))
    box.fill("4")
    box.press("Enter")
    idle(page)
    expect(strip).to_contain_text("上次修改：小巨人 7 → 6 项未达标")
    expect(form.get_by_role("textbox", name=re.compile("^Ⅰ类知识产权"))).to_be_visible()
    # the strip stays pinned under the header while the page scrolls
    page.locator(".st-key-gaps-pres").scroll_into_view_if_needed()
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)
    top = strip.bounding_box()
    assert top is not None and 0 <= top["y"] <= 200, top
    # a scenario, then the switch shows it (its sliders change it, not the baseline)
    page.get_by_role("link", name=re.compile("规划")).click()
    idle(page)
    page.get_by_role("tab", name="情景对比").click()
    page.get_by_role("button", name=re.compile("新建情景")).click()
    idle(page)
    page.get_by_role("link", name=re.compile("企业自评")).click()
    idle(page)
    strip.get_by_text("情景 1", exact=True).click()
    idle(page)
    expect(strip).to_contain_text("正在展示情景「情景 1」")
    box = form.get_by_role("textbox", name=re.compile("^营业收入（2025")).first
    box.fill("6000")
    box.press("Enter")
    idle(page)
    expect(strip).to_contain_text("上次修改")
    no_exception(page)
    page.screenshot(path=str(shots / "presenter-scenario-1366x768.png"))
    strip.get_by_text("基线", exact=True).click()
    idle(page)
    expect(form.get_by_role("textbox", name=re.compile("^营业收入（2025")).first).to_have_value("4800")
    # anonymise: the name leaves the screen; the saved file keeps it under an anonymous file name
    name = "示例企业C"
    assert name in page.locator('[data-testid="stMain"]').inner_text()
    toggle(page, "匿名")
    expect(page.get_by_text("（已匿名）").first).to_be_visible()
    assert name not in page.locator('[data-testid="stMain"]').inner_text()
    with page.expect_download() as dl:
        sidebar(page).get_by_role("button", name="保存档案（JSON）").click()
    d = dl.value
    assert d.suggested_filename == "企业档案.json"
    saved = json.loads(open(d.path(), encoding="utf-8").read())
    assert saved["company_name"].startswith(name)
    page.get_by_role("link", name=re.compile("结果与差距")).click()     # the strip and large charts there too
    idle(page)
    expect(strip).to_contain_text("小巨人")
    assert name not in page.locator('[data-testid="stMain"]').inner_text()
    no_exception(page)
    page.screenshot(path=str(shots / "presenter-results-anon-1366x768.png"))
    page.get_by_role("link", name=re.compile("企业自评")).click()
    idle(page)
    # the client list: add this client, open another profile, add it, switch back
    toggle(page, "匿名")
    toggle(page, "演示模式")
    clients = page.locator(".st-key-client-list")
    if not clients.is_visible():
        sidebar(page).get_by_text(re.compile("^客户列表")).click()
    clients.get_by_role("button", name="加入客户列表").click()
    idle(page)
    page.goto(f"{app_url}/?ex=b_specialized_only")          # a fresh session: the list lives in the session only
    expect(page.locator(".st-key-summary")).to_contain_text("小巨人", timeout=30_000)
    idle(page)
    assert page.locator("[class*=st-key-client-]").filter(has_text="示例企业C").count() == 0
    sidebar(page).get_by_text(re.compile("^客户列表")).click()
    clients.get_by_role("button", name="加入客户列表").click()
    idle(page)
    example = sidebar(page).locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text("示例企业", exact=True))
    example.click()
    page.keyboard.type("企业A")
    page.keyboard.press("Enter")
    idle(page)
    clients.get_by_role("button", name="加入客户列表").click()
    idle(page)
    expect(clients.locator("[class*=st-key-client-]").filter(has_text="示例企业")).to_have_count(2)
    expect(clients).to_contain_text(re.compile(r"小巨人\s✘7"))
    clients.get_by_role("button", name="打开").first.click()
    idle(page)
    expect(page.locator(".st-key-company-banner")).to_contain_text("示例企业B")
    no_exception(page)
    sidebar(page).evaluate("el => el.querySelector('.st-key-client-list').scrollIntoView()")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "clients-1366x768.png"))
