"""The self-check form: sections that mirror the criteria, generated from the field table."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from . import inputs, state

SECTIONS = (
    ("sec_basic", "basic"),
    ("sec_finance", "finance"),
    ("sec_balance", "balance"),
    ("sec_rd", "rd"),
    ("sec_ip", "ip"),
    ("sec_market", "market"),
    ("sec_titles", "titles"),
    ("sec_score", "score"),
    ("sec_gate", "gate"),
)

# which fields each section shows (the finance grid is laid out by year)
FIELDS_OF = {
    "basic": ("company_name", "assessment_year", "application_type", "industry", "employees"),
    "rd": ("rd_expense_y1", "rd_expense_y2", "rd_staff", "tech_staff"),
    "ip": ("class1_ip", "class1_ip_high_value", "class2_ip", "sci_award_level", "sci_award_rank",
           "rd_institution_level", "led_standard_5y"),
    "market": ("segment_years", "market_leading", "market_share_domestic", "market_share_international",
               "domestic_rank", "product_field", "key_chain_link", "strategic_emerging", "own_brand"),
    "titles": ("holds_tech_sme", "holds_innovative_sme", "holds_specialized_sme", "high_tech_enterprise",
               "makers_china", "info_system_and_certification"),
    "score": ("dev_score_current", "dev_score_previous", "digital_level", "quality_items", "local_feature_score"),
    "gate": ("gate_established_in_prc", "gate_credit_ok", "gate_products_ok", "gate_no_incidents",
             "tech_resident_enterprise", "tech_no_incidents"),      # the last two: 115号's own (科技型 only)
}
# the finance figures in two sections of 6 and 7 boxes (each with its slider): every slider step
# re-sends the whole section to the browser, so a section of 13 made the live panel's update ~1.3×
# slower (bench/README, "Dashboard")
FINANCE_ROWS = ("revenue", "main_revenue")
FINANCE_SINGLE = ("net_profit_y1", "cost_expense_y1", "total_assets", "total_liabilities")


def _grid(keys, lang: str, year: int, cols: int = 2) -> None:
    columns = st.columns(cols)
    for i, key in enumerate(keys):
        with columns[i % cols]:
            inputs.field(key, lang, year)


def _three_years(stem: str, lang: str, year: int) -> None:
    cols = st.columns(3)
    for i, suffix in enumerate(("y1", "y2", "y3")):
        with cols[i]:
            inputs.field(f"{stem}_{suffix}", lang, year)


def _finance(lang: str, year: int) -> None:
    """营业收入 and 主营业务收入 of three fiscal years (no row of year headings: each box's label
    names its year, and a row of columns costs a rerun as much as four widgets)."""
    st.caption(t("finance_years", lang, y1=year - 1, y2=year - 2, y3=year - 3))
    for stem in FINANCE_ROWS:
        _three_years(stem, lang, year)


def _balance(lang: str, year: int) -> None:
    """New equity of three years, then the last year's profit, costs, assets and liabilities."""
    st.markdown(f"**{t('equity_title', lang)}**")
    _three_years("equity", lang, year)
    st.markdown(f"**{t('balance_sheet', lang)}**")
    _grid(FINANCE_SINGLE, lang, year)


def render(lang: str, year: int) -> None:
    """Section picker (wraps on narrow screens) and the chosen section's fields. Only one section
    is on screen at a time, which keeps each rerun light; values live in the canonical profile."""
    names = dict((sec, t(key, lang)) for key, sec in SECTIONS)
    sec = st.pills(t("sections", lang), list(names), key=state.SECTION, required=True, default="basic",
                   format_func=names.get, persist_state="session", wrap=True) or "basic"
    if sec == "finance":
        _finance(lang, year)
    elif sec == "balance":
        _balance(lang, year)
    elif sec == "score":
        st.caption(t("score_note", lang))
        _grid(FIELDS_OF[sec][:2], lang, year)
        st.caption(t("score_2022", lang))
        _grid(FIELDS_OF[sec][2:], lang, year, cols=3)
    elif sec == "basic":
        _grid(("company_name", "industry"), lang, year)
        _grid(("assessment_year", "employees"), lang, year)
        inputs.field("application_type", lang, year)
    else:
        if sec == "gate":
            st.caption(t("gate_note", lang))
        _grid(FIELDS_OF[sec], lang, year)
