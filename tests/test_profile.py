"""parse_profile: forgiving where a person would be, strict where a mistake is certain.

Every error is a FieldError naming the field by its Chinese label, with an English variant.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from pydantic import ValidationError

from zjtx.fields import FIELD, FIELDS
from zjtx.profile import CompanyProfile, FieldError, ProfileError, parse_profile

CJK = re.compile(r"[\u3400-\u9fff]")


def errors_of(data) -> tuple[FieldError, ...]:
    with pytest.raises(ProfileError) as e:
        parse_profile(data)
    errs = e.value.errors
    assert errs, "a ProfileError lists at least one problem"
    for err in errs:
        assert isinstance(err, FieldError)
        assert CJK.search(err.zh), f"not Chinese: {err.zh}"
        # the English variant may quote the user's (Chinese) input, but is written in English
        assert err.en != err.zh and re.search(r"[A-Za-z]{3,}", err.en), f"English variant: {err.en}"
        assert err.text("zh") == err.zh and err.text("en") == err.en
    return errs


def one_error(data) -> FieldError:
    errs = errors_of(data)
    assert len(errs) == 1, errs
    return errs[0]


# ------------------------------------------------------------------------------ booleans

@pytest.mark.parametrize("raw,want", [
    ("是", True), ("否", False), ("true", True), ("false", False), ("True", True), ("FALSE", False),
    ("1", True), ("0", False), (1, True), (0, False), ("Y", True), ("N", False), ("y", True), ("n", False),
    (True, True), (False, False), (" 是 ", True),
])
def test_yes_no_fields_accept_the_usual_spellings(raw, want):
    assert parse_profile({"high_tech_enterprise": raw}).high_tech_enterprise is want


def test_an_empty_yes_no_cell_is_missing():
    assert parse_profile({"high_tech_enterprise": ""}).high_tech_enterprise is None
    assert parse_profile({"high_tech_enterprise": None}).high_tech_enterprise is None


@pytest.mark.parametrize("raw", ["maybe", "2", 2, "可能"])
def test_a_yes_no_field_rejects_anything_else_in_chinese(raw):
    err = one_error({"high_tech_enterprise": raw})
    assert err.fields == ("high_tech_enterprise",)
    assert "有效期内高新技术企业" in err.zh and "是/否" in err.zh
    assert "High-tech" in err.en


# ------------------------------------------------------------------------------ labels and enums

def test_chinese_labels_are_accepted_as_keys():
    p = parse_profile({"企业名称": "甲", "营业收入（上年度）": 1500, "所属行业": "工业", "申报类型": "复核",
                       "有效期内高新技术企业": "是", "从业人员数": "300"})
    assert p.company_name == "甲"
    assert p.revenue_y1 == Decimal(1500)
    assert p.industry == "industry"
    assert p.application_type == "review"
    assert p.high_tech_enterprise is True
    assert p.employees == 300


@pytest.mark.parametrize("f", [f for f in FIELDS if f.kind not in ("text", "enum", "bool", "year")],
                         ids=lambda f: f.key)
def test_every_numeric_field_is_reachable_by_its_label(f):
    assert getattr(parse_profile({f.zh: "1"}), f.key) == 1


def test_ascii_brackets_in_a_label_are_accepted_too():
    assert parse_profile({"营业收入(上年度)": 10}).revenue_y1 == 10


def test_a_field_given_twice_by_key_and_label_is_an_error():
    err = one_error({"revenue_y1": 1, "营业收入（上年度）": 2})
    assert "营业收入" in err.zh and "重复" in err.zh


@pytest.mark.parametrize("key,raw,want", [
    ("application_type", "复核", "review"), ("application_type", "新申报", "new"), ("application_type", "review", "review"),
    ("industry", "工业", "industry"), ("industry", "软件和信息技术服务业", "software"), ("industry", "Retail", "retail"),
    ("sci_award_level", "省部级", "provincial"), ("sci_award_level", "无", "none"), ("sci_award_level", "none", "none"),
    ("makers_china", "全国50强企业组", "top50"), ("rd_institution_level", "国家级", "national"),
])
def test_enums_accept_values_and_chinese_labels(key, raw, want):
    assert getattr(parse_profile({key: raw}), key) == want


def test_an_unknown_option_names_the_field_and_the_options():
    err = one_error({"industry": "mining"})
    assert err.fields == ("industry",)
    assert "所属行业" in err.zh and "mining" in err.zh and "工业" in err.zh
    assert "Industry" in err.en


# ------------------------------------------------------------------------------ numbers

@pytest.mark.parametrize("raw,want", [
    ("1,500", Decimal(1500)), ("1500", Decimal(1500)), (1500, Decimal(1500)), (1500.5, Decimal("1500.5")),
    ("１５００", Decimal(1500)), ("１，５００", Decimal(1500)), ("1500万元", Decimal(1500)), (" 1500 ", Decimal(1500)),
    ("0.1", Decimal("0.1")), (0.1, Decimal("0.1")),
])
def test_money_parses_what_people_type(raw, want):
    assert parse_profile({"revenue_y1": raw}).revenue_y1 == want


@pytest.mark.parametrize("raw,want", [("12.5%", Decimal("12.5")), ("12.5", Decimal("12.5")), ("１２．５％", Decimal("12.5")),
                                      (0, 0), (100, 100), ("100%", 100)])
def test_percentages_parse_as_percent_numbers(raw, want):
    assert parse_profile({"market_share_domestic": raw}).market_share_domestic == want


def test_full_width_digits_parse_for_counts_too():
    p = parse_profile({"employees": "３００", "class1_ip": "４"})
    assert p.employees == 300 and p.class1_ip == 4


@pytest.mark.parametrize("key", [f.key for f in FIELDS if f.kind == "money"])
def test_negative_money_is_rejected(key):
    err = one_error({key: -1})
    assert err.fields == (key,)
    assert FIELD[key].zh in err.zh and "不能为负数" in err.zh
    assert "negative" in err.en


def test_a_loss_is_a_negative_net_profit():
    assert parse_profile({"net_profit_y1": -300}).net_profit_y1 == Decimal(-300)
    assert parse_profile({"net_profit_y1": "-1,200.5"}).net_profit_y1 == Decimal("-1200.5")


@pytest.mark.parametrize("raw", [-0.01, 100.01, 120, "101%"])
def test_a_percentage_must_be_between_0_and_100(raw):
    err = one_error({"market_share_domestic": raw})
    assert "国内细分市场占有率" in err.zh and "0–100" in err.zh


@pytest.mark.parametrize("key", ["dev_score_current", "dev_score_previous"])
def test_a_score_must_be_between_0_and_100(key):
    assert getattr(parse_profile({key: 100}), key) == 100
    err = one_error({key: 100.5})
    assert FIELD[key].zh in err.zh


@pytest.mark.parametrize("key", [f.key for f in FIELDS if f.kind in ("persons", "count")])
def test_counts_are_non_negative_whole_numbers(key):
    assert getattr(parse_profile({key: 0}), key) == 0
    err = one_error({key: 2.5})
    assert FIELD[key].zh in err.zh and "整数" in err.zh and "whole number" in err.en
    err = one_error({key: -1})
    assert "不能为负数" in err.zh


def test_a_whole_number_written_with_a_decimal_point_is_fine():
    assert parse_profile({"employees": "300.0"}).employees == 300


def test_a_rank_starts_at_1():
    assert parse_profile({"sci_award_rank": 1}).sci_award_rank == 1
    err = one_error({"sci_award_rank": 0})
    assert "该奖励中企业排名" in err.zh


@pytest.mark.parametrize("key,lo,hi", [("digital_level", 0, 4), ("quality_items", 0, 4), ("local_feature_score", 0, 15)])
def test_bounded_levels_and_points(key, lo, hi):
    assert getattr(parse_profile({key: lo}), key) == lo
    assert getattr(parse_profile({key: hi}), key) == hi
    err = one_error({key: hi + 1})
    assert FIELD[key].zh in err.zh and f"{lo}–{hi}" in err.zh


@pytest.mark.parametrize("raw", ["abc", "1.2.3", "NaN-ish", [1], {"a": 1}, True])
def test_not_a_number_is_rejected_by_label(raw):
    err = one_error({"revenue_y1": raw})
    assert "营业收入（上年度）" in err.zh


@pytest.mark.parametrize("raw", [float("nan"), "", "不清楚", "-", None])
def test_blank_and_unknown_cells_are_missing(raw):
    assert parse_profile({"revenue_y1": raw}).revenue_y1 is None


def test_infinity_is_rejected():
    one_error({"revenue_y1": float("inf")})


# ------------------------------------------------------------------------------ cross-field

@pytest.mark.parametrize("small,large,sv,lv", [
    ("main_revenue_y1", "revenue_y1", 1200, 1000), ("main_revenue_y2", "revenue_y2", 2, 1),
    ("main_revenue_y3", "revenue_y3", 2, 1), ("rd_staff", "employees", 10, 5), ("tech_staff", "employees", 6, 5),
    ("class1_ip_high_value", "class1_ip", 3, 1),
])
def test_a_part_above_its_whole_names_both_fields(small, large, sv, lv):
    err = one_error({small: sv, large: lv})
    assert set(err.fields) == {small, large}
    assert FIELD[small].zh in err.zh and FIELD[large].zh in err.zh
    assert str(sv) in err.zh and str(lv) in err.zh
    assert FIELD[small].en in err.en and FIELD[large].en in err.en


def test_main_revenue_names_both_主营业务收入_and_营业收入():
    err = one_error({"revenue_y1": 1000, "main_revenue_y1": 1000.01})
    assert "主营业务收入" in err.zh and "营业收入（上年度）（1000）" in err.zh


def test_equal_parts_are_fine():
    p = parse_profile({"revenue_y1": 1000, "main_revenue_y1": 1000, "employees": 5, "rd_staff": 5,
                       "tech_staff": 5, "class1_ip": 2, "class1_ip_high_value": 2})
    assert p.main_revenue_y1 == p.revenue_y1


def test_a_part_with_its_whole_missing_is_fine():
    assert parse_profile({"main_revenue_y1": 5000}).main_revenue_y1 == 5000
    assert parse_profile({"rd_staff": 50}).rd_staff == 50


def test_every_problem_is_listed_not_just_the_first():
    errs = errors_of({"revenue_y1": -1, "industry": "mining", "employees": 2.5})
    assert {f for e in errs for f in e.fields} == {"revenue_y1", "industry", "employees"}


def test_an_unknown_field_is_rejected_with_a_suggestion():
    err = one_error({"revenue_y": 1})
    assert "未知字段" in err.zh and "revenue_y" in err.zh
    assert "unknown field" in err.en


def test_comment_keys_are_ignored():
    assert parse_profile({"_note": "示例", "revenue_y1": 1}).revenue_y1 == 1


@pytest.mark.parametrize("data", [[1, 2], "abc", 5, None])
def test_a_profile_must_be_a_mapping(data):
    err = one_error(data)
    assert "对象" in err.zh


# ------------------------------------------------------------------------------ defaults, frozen

def test_every_field_is_optional():
    p = parse_profile({})
    for f in FIELDS:
        if f.key not in ("assessment_year", "application_type"):
            assert getattr(p, f.key) is None, f.key
    assert p.assessment_year == dt.date.today().year
    assert p.application_type == "new"


def test_an_explicit_year_and_type_win_over_the_defaults():
    p = parse_profile({"assessment_year": "2025", "application_type": "review"})
    assert p.assessment_year == 2025 and p.application_type == "review"


def test_the_profile_is_frozen():
    p = parse_profile({"revenue_y1": 1000})
    with pytest.raises(ValidationError):
        p.revenue_y1 = Decimal(1)
    with pytest.raises(ValidationError):
        p.new_field = 1
    assert p.revenue_y1 == 1000
    copy = p.model_copy(update={"revenue_y1": Decimal(5)})
    assert copy.revenue_y1 == 5 and p.revenue_y1 == 1000


def test_the_model_forbids_extra_keys_even_when_built_directly():
    with pytest.raises(ValidationError):
        CompanyProfile.model_validate({"no_such_field": 1})


def test_every_field_error_names_its_field_by_label():
    """One bad value per field kind that has a wrong value: the message carries the label."""
    bad = {"text": "x" * 201, "year": 1999, "enum": "???", "bool": "maybe", "money": -1, "money_signed": "abc",
           "persons": -1, "count": 1.5, "rank": 0, "years": 201, "percent": 101, "score": 101, "level": 99,
           "points": 99}
    for f in FIELDS:
        err = one_error({f.key: bad[f.kind]})
        assert err.fields == (f.key,)
        assert err.zh.startswith(f.zh), (f.key, err.zh)
        assert err.en.startswith(f.en), (f.key, err.en)
