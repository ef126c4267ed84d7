"""Issue 9 in a real browser: nothing typed is lost or contradicted.

1 the saved JSON equals what is on screen; 2 a reload or a new tab keeps the profile (it lives in
the URL, nothing on the server); 4 the sidebar and the form always show the same year and
application type; 5 a number typed right after picking an example and switching section is
applied; plus a hostile JSON upload leaves the session usable."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from conftest import IDLE, idle

pytestmark = pytest.mark.e2e


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".st-key-summary")).to_contain_text("专精特新中小企业", timeout=30_000)
    idle(page)


def section(page: Page, name: str) -> None:
    page.locator(".st-key-zjtx-section").get_by_text(name, exact=True).click()
    idle(page)


def box(page: Page, label: str, scope: str = ".st-key-form"):
    return page.locator(scope).get_by_role("textbox", name=re.compile("^" + re.escape(label)))


def type_into(page: Page, target, text: str) -> None:
    target.fill(text)
    target.press("Enter")
    idle(page)


def sidebar(page: Page):
    return page.locator('[data-testid="stSidebar"]')


def example_box(page: Page):
    return sidebar(page).locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text("示例企业", exact=True))


def pick_example(page: Page, name: str) -> None:
    example_box(page).click()
    page.get_by_role("option", name=re.compile(name)).click()


def reset(page: Page) -> None:
    """重置为空白档案; with unsaved edits the app asks first: answer 替换."""
    sidebar(page).get_by_role("button", name="重置为空白档案").click()
    idle(page)
    ask = page.locator(".st-key-pending-replace")
    if ask.count():
        ask.get_by_role("button", name="替换").click()
        idle(page)


def test_saved_json_equals_the_screen_after_a_full_entry_from_blank(page: Page, app_url: str, tmp_path):
    """Regression (item 1): the save button lived outside the self-check fragment, so its file
    was the profile of the last full run: {"assessment_year", "application_type"} after an entry
    from blank."""
    open_app(page, app_url)
    reset(page)
    type_into(page, box(page, "企业名称"), "保存测试有限公司")
    type_into(page, box(page, "从业人员数"), "85")
    section(page, "收入")
    type_into(page, box(page, "营业收入（2025"), "6400")
    type_into(page, box(page, "主营业务收入（2025"), "6000")
    section(page, "研发")
    type_into(page, box(page, "研发费用（2025"), "310")
    with page.expect_download() as dl:
        sidebar(page).get_by_role("button", name="保存档案（JSON）").click()
    path = tmp_path / "saved.json"
    dl.value.save_as(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["company_name"] == "保存测试有限公司"
    assert saved["employees"] == 85 and saved["revenue_y1"] == 6400
    assert saved["main_revenue_y1"] == 6000 and saved["rd_expense_y1"] == 310
    assert dl.value.suggested_filename == "保存测试有限公司.json"


def test_a_reload_and_a_new_tab_keep_the_profile(page: Page, app_url: str):
    """Regression (item 2): a reload started a new session on 示例企业A and the edits were gone."""
    open_app(page, app_url)
    assert "?" not in page.url                        # a fresh open is the example, with a clean URL
    section(page, "研发")
    type_into(page, box(page, "研发费用（2025"), "333")
    expect(page).to_have_url(re.compile(r"\?p="))
    page.reload()
    expect(page.locator(".st-key-summary")).to_contain_text("专精特新中小企业", timeout=30_000)
    idle(page)
    section(page, "研发")
    expect(box(page, "研发费用（2025")).to_have_value("333")
    expect(page.locator(".st-key-company-banner")).to_contain_text("示例企业A")
    other = page.context.new_page()                   # the same address in a new tab
    other.goto(page.url)
    expect(other.locator(".st-key-summary")).to_contain_text("专精特新中小企业", timeout=30_000)
    other.wait_for_function(IDLE)
    other.locator(".st-key-zjtx-section").get_by_text("研发", exact=True).click()
    expect(box(other, "研发费用（2025")).to_have_value("333", timeout=30_000)
    fresh = page.context.new_page()                   # the bare address: the example again
    fresh.goto(app_url)
    expect(fresh.locator(".st-key-company-banner")).to_contain_text("示例企业（虚构数据）", timeout=30_000)


def test_sidebar_and_form_always_agree_on_year_and_application_type(page: Page, app_url: str):
    """Regression (item 4): after 复核 in the form the sidebar still showed 新申报; the first
    sidebar edit of the year was discarded; each showed an old value after a change in the other."""
    open_app(page, app_url)
    summary = page.locator(".st-key-summary")
    year_sb = box(page, "评估年度", '[data-testid="stSidebar"]')
    type_into(page, year_sb, "2027")                  # the first sidebar edit
    expect(box(page, "评估年度")).to_have_value("2027")
    expect(page.get_by_text("上年度 = 2026 年").first).to_be_visible()
    type_into(page, box(page, "评估年度"), "2026")     # and back, from the form
    expect(year_sb).to_have_value("2026")
    form_type = page.locator(".st-key-form").locator('[data-testid="stButtonGroup"]').filter(has_text="复核")
    form_type.get_by_text("复核", exact=True).click()
    idle(page)
    expect(summary).to_contain_text("专精特新“小巨人”企业 · 2022")
    idle(page)
    sb_type = sidebar(page).locator('[data-testid="stButtonGroup"]').filter(has_text="复核")
    expect(sb_type.get_by_role("radio", name="复核")).to_have_attribute("aria-checked", "true")
    sb_type.get_by_text("新申报", exact=True).click()   # clicking 新申报 in the sidebar now does something
    idle(page)
    expect(summary).to_contain_text("专精特新“小巨人”企业 · 2026")
    expect(form_type.get_by_role("radio", name="新申报")).to_have_attribute("aria-checked", "true")
    reset(page)                                        # the example box is cleared after a reset
    expect(example_box(page)).not_to_contain_text(re.compile("示例企业[ABC]"))


def test_a_number_typed_right_after_picking_an_example_is_applied(page: Page, app_url: str):
    """Regression (item 5): right after picking an example and switching section, a typed number
    sometimes stayed in its box while the slider and the verdicts kept the old figure."""
    open_app(page, app_url)
    for i, (name, typed) in enumerate((("示例企业C", "48000000"), ("示例企业B", "47000000"), ("示例企业C", "46000000"))):
        if i:
            section(page, "基本信息")
        pick_example(page, name)                       # no waiting in between: as a person clicks
        if i:                                          # the last figure typed is an unsaved edit: confirm
            page.locator(".st-key-pending-replace").get_by_role("button", name="替换").click()
        page.locator(".st-key-zjtx-section").get_by_text("收入", exact=True).click()
        target = box(page, "营业收入（2025")
        target.fill(typed)
        target.press("Enter")
        idle(page)
        page.wait_for_timeout(500)
        idle(page)
        expect(target).to_have_value(typed)
        slider = page.locator("[class*=st-key-w-form-sl-revenue_y1]").get_by_role("slider")
        expect(slider).to_have_value(typed)
        expect(page.locator(".st-key-form [data-testid=stAlertContentError]")).to_have_count(0)
        expect(page.locator(".st-key-form").get_by_text(re.compile("是否按“元”填写了"))).to_be_visible()   # item 12


def test_out_of_range_figures_get_a_chinese_message_and_keep_the_typed_text(page: Page, app_url: str):
    """Item 8: the browser's English tooltip ("Number is below the allowed range…", "Press Enter
    to apply") and the value silently ignored."""
    open_app(page, app_url)
    section(page, "收入")
    target = box(page, "营业收入（2025")
    target.fill("-5")
    expect(page.get_by_text("Press Enter to apply")).not_to_be_visible()
    target.press("Enter")
    idle(page)
    expect(target).to_have_value("-5")
    expect(page.locator(".st-key-form [data-testid=stAlertContentError]").first).to_contain_text("「-5」不能为负数")
    expect(page.get_by_text(re.compile("allowed range|Press Enter"))).to_have_count(0)
