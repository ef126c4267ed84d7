"""The column-wise batch evaluator (zjtx.batch) against the one-profile engine, row by row.

The oracle is the screen path: parse_profile(record) → engine.evaluate → oracles.result_row (errors:
dataio.row_error). Every comparison is on the cells screen writes: verdicts, standards, statuses,
gaps (rounded up like fmt.round_gap), size class, company name and error text.
"""

from __future__ import annotations

import ast
import datetime as _dt
import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from case_runner import load_cases
from zjtx import batch
from oracles import output_header, result_row, screen_values
from zjtx.batch import evaluate_frame, output_columns
from zjtx.dataio import cells
from zjtx.dataio.cells import parse_frame, row_error
from zjtx.engine import evaluate
from zjtx.examples import example_profile, examples
from zjtx.fields import FIELD, FIELDS
from zjtx.profile import CROSS_FIELD_LIMITS, ProfileError, parse_profile
from zjtx.rules import rulebook

BOOK = rulebook()
HEADER = output_header(BOOK)
TODAY = _dt.date.today().year
STANDARDS = ("auto", "2026", "2022")
D = Decimal


# ------------------------------------------------------------------------------- the oracle

def oracle(records: list[dict], standard: str) -> list[list]:
    """What screen writes for each record (a dict of field key → cell, as table_records gives)."""
    out = []
    for n, rec in enumerate(records, start=1):
        try:
            p = parse_profile(rec)
        except ProfileError as exc:
            out.append(result_row(n, rec.get("company_name", ""), None, row_error(n, exc), BOOK))
            continue
        if p.assessment_year is None:
            # a present-but-blank year ("", "未知") crashes the engine (int(None)): see the report;
            # the batch path uses the default year, as when the column is absent
            p = parse_profile({k: v for k, v in rec.items() if k != "assessment_year"})
        try:
            a = evaluate(p, BOOK, standard)
        except ArithmeticError:   # engine bug (values beyond Decimal precision): the batch reports the row
            out.append(None)
            continue
        out.append(result_row(n, p.company_name, a, "", BOOK))
    return out


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if type(a) is type(b) and a == b:
            return True
        if abs(a) >= 2 ** 43:      # beyond float64's cents (ulp ≥ 0.001): the gap column holds the nearest float
            try:
                return float(a) == float(b)
            except OverflowError:  # beyond float64 altogether (a gap from a denormal denominator)
                return abs(float(b)) == float("inf")
        return type(a) is type(b) and a == b
    return a == b


def assert_same(records: list[dict], frame: pd.DataFrame, standard: str) -> None:
    out = evaluate_frame(frame, standard, BOOK)
    assert list(out.columns) == HEADER
    assert list(out.index) == list(frame.index)
    got = screen_values(out)
    want = oracle(records, standard)
    problems = []
    for n, (w, g) in enumerate(zip(want, got), start=1):
        if w is None:
            if not (g[2].startswith(f"第 {n} 行 无法评估") and set(g[3:]) == {""}):
                problems.append(f"row {n}: the engine cannot evaluate it, batch gave {g[:12]}")
            continue
        for h, a, b in zip(HEADER, w, g):
            if not _same(a, b):
                problems.append(f"row {n} {h}: engine {a!r}, batch {b!r}  | {records[n - 1]}")
    assert not problems, "\n".join(problems[:20])


# ------------------------------------------------------------------------------ strategies

EDGE_MONEY = [0, 1, 50, D("99.99"), 100, 300, 400, 500, 1000, 1200, D("1499.99"), 1500, 2000, 3000, 5000, 6000,
              8000, 10000, 11025, 20000, 30000, 40000, 80000]
EDGE_PCT = [0, 5, D("9.99"), 10, D("49.99"), 50, D("59.99"), 60, 70, 75, 80, 90, 100]


def _dec(lo, hi, places=2):
    return st.decimals(min_value=lo, max_value=hi, places=places, allow_nan=False, allow_infinity=False)


def value_of(spec):
    k = spec.kind
    if k == "text":
        return st.sampled_from(["示例企业", "  Acme 有限公司 ", "=SUM(A1)", "none", "-", "x" * 201, "北京"])
    if k == "year":
        return st.sampled_from([2025, 2026, 2027])
    if k == "enum":
        return st.sampled_from([o.value for o in spec.options])
    if k == "bool":
        return st.booleans()
    if k == "money":
        return st.one_of(st.sampled_from(EDGE_MONEY), _dec(0, 60000), st.integers(0, 120000))
    if k == "money_signed":
        return st.one_of(st.sampled_from([0, -1, 1, 100, -500]), _dec(-5000, 5000))
    if k == "persons":
        return st.one_of(st.sampled_from([0, 1, 5, 10, 20, 50, 200, 300, 500, 1000, 2000]), st.integers(0, 3000))
    if k == "count":
        return st.one_of(st.sampled_from([0, 1, 2, 3, 4, 5]), st.integers(0, 50))
    if k == "rank":
        return st.one_of(st.sampled_from([1, 2, 3, 4, 5, 6]), st.integers(1, 100))
    if k == "years":
        return st.one_of(st.sampled_from([0, 1, 2, D("2.99"), 3, 4, 6, 8, 10]), _dec(0, 30, 1))
    if k in ("percent", "score"):
        return st.one_of(st.sampled_from(EDGE_PCT), _dec(0, 100))
    if k == "level":
        return st.integers(spec.lo, spec.hi)
    if k == "points":
        return st.one_of(st.sampled_from([spec.lo, spec.hi, D("7.5")]), _dec(spec.lo, spec.hi))
    raise AssertionError(k)  # pragma: no cover


def _n(v) -> Decimal:
    return D(str(v))


@st.composite
def profiles(draw) -> dict:
    """One company: field → Decimal/int/bool/str; absent keys are missing. Exact boundary ratios often."""
    base = draw(st.sampled_from([None, None, *sorted(examples())]))
    d = dict(example_profile(base)) if base else {}
    for f in FIELDS:
        roll = draw(st.integers(0, 9))
        if roll < 3:
            d.pop(f.key, None)
        elif roll < 6 or f.key not in d:
            d[f.key] = draw(value_of(f))
    pick = lambda xs: draw(st.sampled_from(xs))  # noqa: E731
    for y in ("y1", "y2", "y3"):          # main share exactly 60/70/80/90/100 %
        if d.get(f"revenue_{y}") is not None and draw(st.integers(0, 2)) == 0:
            d[f"main_revenue_{y}"] = _n(d[f"revenue_{y}"]) * pick([D("0.6"), D("0.7"), D("0.8"), D("0.9"), D(1)])
    for y in ("y1", "y2"):                # R&D ratio exactly at a band edge, or a hair below
        if d.get(f"revenue_{y}") is not None and draw(st.integers(0, 2)) == 0:
            d[f"rd_expense_{y}"] = _n(d[f"revenue_{y}"]) * pick(
                [D("0.03"), D("0.0299"), D("0.06"), D("0.05"), D("0.04"), D("0.1"), D("0.02"), D("0.01")])
    if draw(st.integers(0, 3)) == 0:       # revenue CAGR exactly 5 % (11025 vs 10000), or just below
        r3 = pick([10000, 4400, 1000, 0])
        d["revenue_y3"] = r3
        d["revenue_y1"] = _n(r3) * pick([D("1.1025"), D("1.1024"), D("1.21"), D(1)])
    if draw(st.integers(0, 3)) == 0:       # main-revenue growth exactly 5 % a year / 10 % last year
        m3 = pick([1000, 4000, 0])
        g = pick([D("1.05"), D("1.1"), D("1.15"), D("1.04")])
        d["main_revenue_y3"], d["main_revenue_y2"], d["main_revenue_y1"] = m3, m3 * g, m3 * g * g
        for y in ("y1", "y2", "y3"):
            d[f"revenue_{y}"] = d[f"main_revenue_{y}"] / pick([D(1), D("0.8")])
    if d.get("total_assets") is not None and draw(st.integers(0, 2)) == 0:
        d["total_liabilities"] = _n(d["total_assets"]) * pick(
            [D("0.5"), D("0.55"), D("0.6"), D("0.7"), D("0.75"), D("0.8"), D("0.8001")])
    if draw(st.integers(0, 3)) == 0:       # staff shares exactly at band edges
        emp = pick([0, 20, 100, 200, 300, 500, 1000])
        d["employees"] = emp
        d["rd_staff"] = int(emp * pick([D("0.5"), D("0.2"), D("0.1"), D("0.05"), D(0)]))
        d["tech_staff"] = int(emp * pick([D("0.3"), D("0.25"), D("0.2"), D("0.15"), D("0.1")]))
    if draw(st.integers(0, 4)) == 0:       # R&D / costs at an edge
        cost = pick([1000, 2000, 0])
        d["cost_expense_y1"] = cost
        d["rd_expense_y1"] = cost * pick([D("0.3"), D("0.25"), D("0.15"), D("0.1")])
    if draw(st.integers(0, 4)) == 0:       # two-year sums exactly at 2000 / 1200 / 6000 / 8000 / 3000
        total = pick([2000, 1200, 6000, 8000, 3000, 2000])
        part = pick([D("0.5"), D("0.6001"), D(1)])
        stem = pick(["equity", "rd_expense"])
        d[f"{stem}_y1"], d[f"{stem}_y2"] = total * part, total - total * part
    if d.get("revenue_y1") is not None and draw(st.integers(0, 4)) == 0:
        d["net_profit_y1"] = _n(d["revenue_y1"]) * pick([D("0.1"), D("0.08"), D("0.02"), D("-0.05")])
    d["assessment_year"] = pick([2024, 2025, 2025, 2026, 2026, 2027, 2028, None])
    d["application_type"] = pick(["new", "review", None])
    if draw(st.integers(0, 9)) > 0:        # mostly valid: keep the cross-field limits
        for small, large in CROSS_FIELD_LIMITS:
            if d.get(small) is not None and d.get(large) is not None and _n(d[small]) > _n(d[large]):
                d[small] = d[large] if FIELD[small].kind not in ("persons", "count") else int(_n(d[large]))
    return {k: v for k, v in d.items() if v is not None}


def typed_cell(spec, v):
    if spec.kind in ("bool", "enum", "text"):
        return v
    return float(v)


def typed_frame(rows: list[dict]) -> tuple[list[dict], pd.DataFrame]:
    """A typed frame (float64 numbers, boolean yes/no, option values) and its records."""
    cols = {}
    for f in FIELDS:
        vals = [typed_cell(f, r[f.key]) if f.key in r else None for r in rows]
        if f.kind == "bool":
            cols[f.key] = pd.array(vals, dtype="boolean")
        elif f.kind in ("enum", "text"):
            cols[f.key] = pd.Series(vals, dtype=object)
        else:
            cols[f.key] = pd.Series([np.nan if v is None else v for v in vals], dtype=np.float64)
    frame = pd.DataFrame(cols)
    records = [{k: v for k, v in ((f.key, typed_cell(f, r[f.key]) if f.key in r else None) for f in FIELDS)
                if v is not None} for r in rows]
    return records, frame


@st.composite
def text_cell(draw, spec, v):
    """A cell as a CSV/XLSX would hold it."""
    if v is None:
        return draw(st.sampled_from(["", "", " ", "未知", "-"]))
    k = spec.kind
    if k == "bool":
        return draw(st.sampled_from(["是", "true", "1", "Y", "yes", "有"] if v else ["否", "false", "0", "N", "无"]))
    if k == "enum":
        o = spec.option(v)
        return draw(st.sampled_from([o.value, o.zh, o.en.upper(), f" {o.zh} "]))
    if k == "text":
        return v
    d = _n(v)
    style = draw(st.integers(0, 7))
    if style == 0 and k in ("money", "money_signed"):
        return f"{d:,}"
    if style == 1:
        unit = {"percent": "%", "money": "万元", "persons": "人", "count": "项", "years": "年", "score": "分"}
        return f"{d}{unit.get(k, '')}"
    if style == 2:
        return f" {d} "
    if style == 3:   # full-width digits and XLSX-style floats go through the slow path
        return str(d).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    if style == 4:
        return repr(float(d))
    return str(d)


@st.composite
def text_frames(draw, rows: list[dict]) -> tuple[list[dict], pd.DataFrame]:
    records = []
    for r in rows:
        rec = {}
        for f in FIELDS:
            rec[f.key] = draw(text_cell(f, r.get(f.key)))
        if draw(st.integers(0, 14)) == 0:   # an unreadable cell
            key = draw(st.sampled_from(["revenue_y1", "employees", "high_tech_enterprise", "industry",
                                        "rd_staff", "dev_score_current", "assessment_year"]))
            rec[key] = draw(st.sampled_from(["-5", "abc", "1.5", "101", "maybe", "月球", "inf", "1999", "1e3"]))
        if draw(st.integers(0, 19)) == 0:   # more digits than float64 holds
            rec["revenue_y1"] = draw(st.sampled_from(["1500.0000000000000001", "1499.99999999999999999"]))
        records.append(rec)
    frame = pd.DataFrame(records, dtype=object)
    labels = draw(st.booleans())
    if labels:   # Chinese headers, as the template has them
        frame.columns = [FIELD[k].zh for k in frame.columns]
    return records, frame


PROPS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


# ----------------------------------------------------------------------- property tests

@PROPS
@given(rows=st.lists(profiles(), min_size=1, max_size=20), standard=st.sampled_from(STANDARDS))
def test_typed_frames_match_the_engine_row_by_row(rows, standard):
    records, frame = typed_frame(rows)
    assert_same(records, frame, standard)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), rows=st.lists(profiles(), min_size=1, max_size=20), standard=st.sampled_from(STANDARDS))
def test_raw_text_frames_match_the_screen_path(data, rows, standard):
    records, frame = data.draw(text_frames(rows))
    assert_same(records, frame, standard)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.fixed_dictionaries({}, optional={
    "revenue_y1": st.floats(0, 1e7), "revenue_y2": st.floats(0, 1e7), "revenue_y3": st.floats(0, 1e7),
    "main_revenue_y1": st.floats(0, 1e4), "main_revenue_y2": st.floats(0, 1e4), "main_revenue_y3": st.floats(0, 1e4),
    "rd_expense_y1": st.floats(0, 1e4), "rd_expense_y2": st.floats(0, 1e4), "total_assets": st.floats(0, 1e12),
    "total_liabilities": st.floats(0, 1e5), "equity_y1": st.floats(0, 1e4), "equity_y2": st.floats(0, 1e4),
    "segment_years": st.floats(0, 200), "dev_score_current": st.floats(0, 100), "local_feature_score": st.floats(0, 15),
    "net_profit_y1": st.floats(-1e4, 1e4), "employees": st.integers(0, 3000), "rd_staff": st.integers(0, 3000),
    "cost_expense_y1": st.floats(0, 1e-3), "application_type": st.sampled_from(["new", "review"]),
}), min_size=1, max_size=20), standard=st.sampled_from(STANDARDS))
def test_arbitrary_floats_match_the_engine(rows, standard):
    """Floats with long expansions (0.1 + 0.2, 1e-300, 1e12): the float stands for its repr."""
    rows = [{"assessment_year": 2026, **r} for r in rows]
    for r in rows:
        for small, large in CROSS_FIELD_LIMITS:
            if small in r and large in r and r[small] > r[large]:
                r[small] = r[large]
    records, frame = typed_frame(rows)
    assert_same(records, frame, standard)


# ------------------------------------------------------------------- deterministic cases

@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize("app", ["new", "review"])
@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_the_example_companies(standard, app, year):
    records = [{**example_profile(e), "application_type": app, "assessment_year": year} for e in examples()]
    records.append({"assessment_year": year, "application_type": app})        # an empty profile
    assert_same(records, pd.DataFrame(records), standard)
    recs, frame = typed_frame(records)
    assert_same(recs, frame, standard)


def _case_groups():
    groups: dict[str, list[dict]] = {}
    for _, _, case in load_cases():
        groups.setdefault(case.get("standard", "auto"), []).append(case["profile"])
    return sorted(groups.items())


@pytest.mark.parametrize("standard,profiles_", _case_groups(), ids=[g for g, _ in _case_groups()])
def test_every_rule_case_profile(standard, profiles_):
    assert len(profiles_) > 0
    assert_same(profiles_, pd.DataFrame(profiles_), standard)
    text = [{k: ("" if v is None else ("是" if v is True else "否" if v is False else str(v))) for k, v in p.items()}
            for p in profiles_]
    assert_same(text, pd.DataFrame(text).fillna(""), standard)


def test_rule_cases_include_reviews_and_every_standard():
    groups = dict(_case_groups())
    assert {"auto"} <= set(groups)
    assert sum(len(v) for v in groups.values()) > 100


# ------------------------------------------------------------------------ the boundaries

def _one(profile: dict, standard: str = "auto") -> pd.Series:
    out = evaluate_frame(pd.DataFrame([profile]), standard, BOOK)
    return out.iloc[0]


BASE = {"assessment_year": 2026, "application_type": "new"}


@pytest.mark.parametrize("rd,status,gap", [
    (45, "pass", 0), (D("44.85"), "fail", 0.01), (D("44.99"), "fail", 0.01), (D("44.9999"), "fail", 0.01),
    (30, "fail", 1),
])
def test_rd_ratio_3_percent_is_exact(rd, status, gap):
    p = {**BASE, "revenue_y1": 1500, "revenue_y2": 1500, "rd_expense_y1": rd, "rd_expense_y2": 300}
    r = _one(p)
    assert r["S26.rd_ratio.status"] == status
    assert r["S26.rd_ratio.gap"] == gap


@pytest.mark.parametrize("y1,status,gap", [(11025, "pass", 0), (D("11024.99"), "fail", 0.01), (10000, "fail", 5)])
def test_cagr_5_percent_boundary(y1, status, gap):
    r = _one({**BASE, "revenue_y1": y1, "revenue_y3": 10000})
    assert r["L26.growth.status"] == status
    assert r["L26.growth.gap"] == gap


def test_threshold_values_pass_exactly():
    p = {**BASE, "revenue_y1": 1500, "main_revenue_y1": 1200, "total_assets": 1000, "total_liabilities": 800,
         "segment_years": 3, "dev_score_current": 50, "rd_expense_y1": 100, "rd_expense_y2": 100,
         "revenue_y2": D("3333.33"), "equity_y1": D("1999.99"), "equity_y2": D("0.01")}
    r = _one(p)
    for cid in ("S26.revenue", "S26.main_share", "S26.debt_ratio", "S26.segment_years", "S26.score",
                "S26.rd_amount"):
        assert r[f"{cid}.status"] == "pass", cid
        assert r[f"{cid}.gap"] == 0
    assert r["S26.rd_ratio.status"] == "pass"          # y2: 100 / 3333.33 = 3.0000003 %
    r = _one({**p, "revenue_y2": D("3333.34")})        # y2: 2.9999940 %
    assert r["S26.rd_ratio.status"] == "fail" and r["S26.rd_ratio.gap"] == 0.01


def test_review_picks_2022_for_little_giant_and_not_applicable_growth():
    r = _one({**BASE, "application_type": "review", "revenue_y1": 100, "revenue_y3": 100})
    assert r["little_giant.standard"] == "2022" and r["specialized.standard"] == "2026"
    assert r["L26.growth.status"] == ""
    r = _one({**BASE, "application_type": "review", "revenue_y1": 100, "revenue_y3": 100}, "2026")
    assert r["L26.growth.status"] == "not_applicable" and math.isnan(r["L26.growth.gap"])


def test_the_2025_review_readings_row_by_row_in_one_frame():
    """Year-scoped rules (190号: 2025 reviews do not assess L22.main_growth; 2025 applications and reviews
    need revenue ≥ 5000万) and the 2027 review standard, mixed in one frame: each row as the engine."""
    grow = {"main_revenue_y1": 4000, "main_revenue_y2": 10400, "main_revenue_y3": 9400}     # negative growth
    rows = [
        {"assessment_year": 2025, "application_type": "review", "revenue_y1": D("4999.99"), **grow},
        {"assessment_year": 2025, "application_type": "review", "revenue_y1": 5000, **grow},
        {"assessment_year": 2025, "application_type": "new", "revenue_y1": D("4999.99"), **grow},
        {"assessment_year": 2026, "application_type": "review", "revenue_y1": 12000, **grow},
        {"assessment_year": 2024, "application_type": "review", "revenue_y1": 12000, **grow},
        {"assessment_year": 2027, "application_type": "review", "revenue_y1": 12000, "revenue_y3": 20000, **grow},
    ]
    out = evaluate_frame(pd.DataFrame(rows), "auto", BOOK)
    st_ = [list(out[c].astype(str)) for c in ("L22.main_growth.status", "L22.revenue_2025.status",
                                              "little_giant.standard", "L26.growth.status")]
    assert st_[0] == ["not_applicable", "not_applicable", "fail", "fail", "fail", ""]
    assert st_[1] == ["fail", "pass", "fail", "not_applicable", "not_applicable", ""]
    assert st_[2] == ["2022", "2022", "2022", "2022", "2022", "2026"]
    assert st_[3] == ["", "", "", "", "", "not_applicable"]
    assert out["L22.revenue_2025.gap"].iloc[0] == 0.01
    assert_same(rows, pd.DataFrame(rows), "auto")
    assert_same(rows, pd.DataFrame(rows), "2022")


# ----------------------------------------------------------------------------- parsing

def test_raw_cells_are_parsed_like_the_profile():
    raw = pd.DataFrame([{"企业名称": " 甲 ", "营业收入（上年度）": "1,500", "国内细分市场占有率": "12.5%",
                         "有效期内高新技术企业": "是", "近三年科技奖励最高级别": "国家级", "申报类型": "复核",
                         "评估年度": "2026", "从业人员数": "20 人", "备注": "ignored"}])
    pf = parse_frame(raw)
    assert pf.ignored == ("备注",)
    f = pf.frame.iloc[0]
    assert f["revenue_y1"] == 1500 and f["market_share_domestic"] == 12.5 and f["employees"] == 20
    assert bool(f["high_tech_enterprise"]) is True
    assert f["sci_award_level"] == "national" and f["application_type"] == "review"
    assert f["company_name"] == "甲"
    assert pf.errors.iloc[0] == ""


def test_a_bad_row_gets_the_one_profile_message_and_the_others_go_on():
    rows = [{"company_name": "好", "revenue_y1": "1500"}, {"company_name": "坏", "revenue_y1": "-5", "employees": "1.5"},
            {"company_name": "也好", "revenue_y1": ""}]
    out = evaluate_frame(pd.DataFrame(rows), first_row=10)
    with pytest.raises(ProfileError) as e:
        parse_profile(rows[1])
    assert out["error"].tolist() == ["", row_error(11, e.value), ""]
    assert out["error"].iloc[1].startswith("第 11 行 从业人员数：「1.5」不是整数")
    assert "；营业收入（上年度）：不能为负数，" in out["error"].iloc[1]
    assert out["row"].tolist() == [10, 11, 12]
    assert out["company_name"].tolist() == ["好", "坏", "也好"]
    assert out["S26.revenue.status"].tolist() == ["pass", "", "missing"]
    assert out["specialized.verdict"].iloc[1] == ""


def test_cross_field_errors_are_reported():
    rows = [{"revenue_y1": 100, "main_revenue_y1": 120}]
    out = evaluate_frame(pd.DataFrame(rows))
    with pytest.raises(ProfileError) as e:
        parse_profile(rows[0])
    assert out["error"].iloc[0] == row_error(1, e.value)
    assert "主营业务收入（上年度）（120）不能大于营业收入（上年度）（100）" in out["error"].iloc[0]


def test_values_float64_cannot_hold_go_through_the_engine():
    rows = [{"revenue_y1": "1499.9999999999999999", "assessment_year": "2026"},
            {"revenue_y1": "1500.0000000000000001", "assessment_year": "2026"}]
    out = evaluate_frame(pd.DataFrame(rows))
    assert out["S26.revenue.status"].tolist() == ["missing", "pass"]   # equity could still rescue row 1
    assert out["L26.revenue.status"].tolist() == ["fail", "fail"]
    assert out.attrs["engine_rows"] == 2
    assert_same(rows, pd.DataFrame(rows), "auto")


def test_a_blank_year_uses_the_default_year():
    out = evaluate_frame(pd.DataFrame([{"assessment_year": "", "application_type": "review"}]), default_year=2025)
    assert out["specialized.standard"].iloc[0] == "2022"
    out = evaluate_frame(pd.DataFrame([{"application_type": "review"}]), default_year=2026)
    assert out["specialized.standard"].iloc[0] == "2026"


def test_duplicate_columns_are_refused():
    with pytest.raises(ValueError):
        parse_frame(pd.DataFrame([{"revenue_y1": 1, "营业收入（上年度）": 2}]))


def test_index_and_order_are_kept_and_columns_are_the_screen_header():
    frame = pd.DataFrame([{"revenue_y1": 1500.0}, {"revenue_y1": 10.0}], index=[7, 3])
    out = evaluate_frame(frame)
    assert list(out.index) == [7, 3] and out["row"].tolist() == [1, 2]
    assert output_columns(BOOK) == HEADER == list(out.columns)
    assert out["L26.revenue.gap"].tolist() == [3500, 4990]
    assert isinstance(out["S26.revenue.status"].dtype, pd.CategoricalDtype)


def test_an_empty_frame():
    out = evaluate_frame(pd.DataFrame({"revenue_y1": pd.Series([], dtype=float)}))
    assert len(out) == 0 and list(out.columns) == HEADER


# ----------------------------------------------------------------- mirrors and purity

def test_the_mirrored_parser_tables_still_match_zjtx_profile():
    from zjtx import profile
    assert cells._BOUNDS is profile.BOUNDS
    assert cells._MISSING_TOKENS is profile.MISSING_TOKENS
    assert sorted(cells._PY_SPACE_SET) == sorted(chr(c) for c in range(0x110000) if chr(c).isspace())
    for f in FIELDS:
        if f.kind in ("persons", "count", "rank", "level", "year"):
            assert f.kind in cells._INT_KINDS


@pytest.mark.parametrize("v", ["", " x ", "none", "ＮＯＮＥ", "-", "—", "x" * 200, "x" * 201, 12, 1.5, True,
                               "\u3000甲\u3000", "不清楚"])
def test_text_cells_read_like_the_profile(v):
    got, ok = cells._text_value(v)
    try:
        want = parse_profile({"company_name": v}).company_name
    except ProfileError:
        assert not ok
        return
    assert ok and got == want


def test_batch_is_pure():
    tree = ast.parse((Path(batch.__file__)).read_text(encoding="utf-8"))
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            mods.add(node.module.split(".")[0])
    assert not mods & {"streamlit", "pathlib", "io", "sys", "shutil", "subprocess", "json", "openpyxl"}
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert not calls & {"open", "print", "input", "eval", "exec"}
    os_uses = {n.attr for n in ast.walk(tree)
               if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "os"}
    assert os_uses <= {"cpu_count"}, os_uses


@pytest.mark.parametrize("value", ["1e26", "1e400", 1e30])
def test_an_absurd_amount_is_a_row_error_not_a_crash(value):
    """Regression: engine.evaluate used to raise decimal.InvalidOperation on such values. The profile
    now bounds money at 10¹² 万元, so both paths give that row a clear error and carry on."""
    with pytest.raises(ProfileError):
        parse_profile({"assessment_year": 2026, "revenue_y1": value})
    out = evaluate_frame(pd.DataFrame({"revenue_y1": [value, "1500"], "company_name": ["大", "小"]}), default_year=2026)
    assert out["error"].iloc[0].startswith("第 1 行 营业收入（上年度）：") and "过大" in out["error"].iloc[0]
    assert out["error"].iloc[1] == ""
    assert out["company_name"].tolist() == ["大", "小"]
    assert out["S26.revenue.status"].tolist() == ["", "pass"] and out["specialized.verdict"].iloc[0] == ""


def test_a_blank_year_means_this_year_in_both_paths():
    """Regression: a blank 评估年度 cell made engine.evaluate crash on int(None)."""
    p = parse_profile({"assessment_year": "", "application_type": " ", "revenue_y1": 1500})
    assert p.application_type == "new" and isinstance(p.assessment_year, int)
    evaluate(p, BOOK)


def test_chunks_and_threads_give_the_same_rows(monkeypatch):
    """Many small chunks on two threads: every kind of row lands in its own place."""
    monkeypatch.setattr(batch, "CHUNK_ROWS", 7)
    records = [p for _, profs in _case_groups() for p in profs][:120]
    text = [{k: ("" if v is None else ("是" if v is True else "否" if v is False else str(v))) for k, v in p.items()}
            for p in records]
    text[3] = {**text[3], "revenue_y1": "-1"}                       # unreadable
    text[10] = {**text[10], "rd_expense_y1": "100.0000000000000001"}  # more digits than float64 holds
    text[17] = {**text[17], "total_assets": "0.0000001"}            # extreme magnitude: the engine's row
    text[30] = {**text[30], "revenue_y1": "1e30"}                   # an absurd amount: a row error
    frame = pd.DataFrame(text).fillna("")
    for workers in (1, 2):
        out = evaluate_frame(frame, "auto", BOOK, workers=workers)
        assert out.attrs["engine_rows"] >= 2
        got = screen_values(out)
        want = oracle(text, "auto")
        for n, (w, g) in enumerate(zip(want, got), start=1):
            if w is None:
                assert g[2].startswith(f"第 {n} 行 无法评估")
            else:
                assert [a for a in w] == g or all(_same(a, b) for a, b in zip(w, g)), n


def test_exact_ratio_gaps_in_integers_equal_the_decimal_rounding(monkeypatch):
    """Ratios within a hair of their threshold are re-checked exactly (_exact_ratio); their gaps are
    rounded up in Python integers, or by fmt.round_gap where 40 digits might not settle the rounding.
    Both give the engine's gaps: on 400 companies around 3 % / 60 % / 70 %, every gap equals the
    engine's, with the integer rounding on and with every gap sent to round_gap."""
    rng = np.random.default_rng(5)
    rows = []
    for _ in range(400):
        rev = round(float(rng.uniform(100, 90000)), 2)
        rows.append({"assessment_year": 2026, "revenue_y1": rev,
                     "rd_expense_y1": round(rev * float(rng.choice([0.03, 0.0299, 0.02999, 0.0301])), 2),
                     "main_revenue_y1": round(rev * float(rng.choice([0.6, 0.5999, 0.59999])), 2),
                     "total_assets": rev, "total_liabilities": round(rev * float(rng.choice([0.7, 0.70001, 0.7001])), 2)})
    records, frame = typed_frame(rows)
    assert_same(records, frame, "auto")
    checked = evaluate_frame(frame, "auto", BOOK).attrs["exact_checks"]
    assert checked > 50                                    # the exact path was taken
    monkeypatch.setattr(batch, "_EXACT_DIGITS", 0)         # every gap through fmt.round_gap
    assert_same(records, frame, "auto")


_SPECIAL = [0.0, -0.0, 1.5, -2.25, math.inf, -math.inf, math.nan, 5e-324, 1.7976931348623157e308]


@given(st.lists(st.tuples(st.booleans(), st.sampled_from(_SPECIAL) | st.floats(allow_nan=True),
                          st.sampled_from(_SPECIAL) | st.floats(allow_nan=True)), min_size=1, max_size=40),
       st.sampled_from(["arrays", "a number", "b number"]))
@settings(max_examples=200, deadline=None)
def test_pick_is_np_where_bit_for_bit(rows, form):
    """batch._pick replaces np.where for float columns (branch-free): the same bits for every value,
    NaN, ±0.0 and infinities included, with a number on either side."""
    cond = np.array([r[0] for r in rows], bool)
    a = np.array([r[1] for r in rows], np.float64)
    b = np.array([r[2] for r in rows], np.float64)
    if form == "a number":
        a = a[0]
    elif form == "b number":
        b = b[0]
    want = np.where(cond, a, b)
    got = batch._pick(cond, a, b)
    assert got.dtype == np.float64 and got.shape == want.shape
    assert got.view(np.int64).tolist() == want.view(np.int64).tolist()


def test_blend_is_np_where_for_int8_codes():
    """batch._blend (int8 arithmetic select, wrapping) gives np.where's values for every pair of codes."""
    vals = np.arange(-128, 128, dtype=np.int8)
    a, b = np.repeat(vals, 256), np.tile(vals, 256)
    for cond in (np.ones(len(a), bool), np.zeros(len(a), bool), np.arange(len(a)) % 3 == 0):
        assert batch._blend(cond, a, b).tolist() == np.where(cond, a, b).tolist()
    assert batch._blend(cond, np.int8(-1), b).tolist() == np.where(cond, np.int8(-1), b).tolist()


def test_rows_of_different_standards_and_bad_rows_in_one_frame_as_each_row_alone():
    """evaluate_frame evaluates the rows that take the same standards together, each rule set over its
    own rows only, and leaves out unreadable rows and the engine's: every row of a frame that mixes all
    of these must come out as the same row evaluated alone, in every column."""
    import itertools
    base = {**BASE, "revenue_y1": 12000, "revenue_y3": 9000, "main_revenue_y1": 9000, "main_revenue_y2": 8000,
            "main_revenue_y3": 7000}
    rows = [{**base, "company_name": f"{y}{a}", "assessment_year": y, "application_type": a}
            for y, a in itertools.product((2024, 2025, 2026, 2027), ("new", "review"))]
    rows.insert(3, {**base, "company_name": "坏", "employees": "1.5"})                     # a row error
    rows.insert(6, {**base, "company_name": "精确", "revenue_y1": "1500.0000000000000001",   # the engine's
                    "main_revenue_y1": 1000})
    frame = pd.DataFrame(rows).astype(str)
    out = evaluate_frame(frame, "auto", BOOK, thresholds=True, workers=1)
    assert out.attrs["engine_rows"] == 1 and (out["error"] != "").sum() == 1
    assert len({tuple(r) for r in out[[f"{t}.standard" for t in batch.TIER_COLUMNS]].astype(str).to_numpy()}) >= 3
    for i in range(len(rows)):
        alone = evaluate_frame(frame.iloc[[i]], "auto", BOOK, thresholds=True, first_row=i + 1)
        got = out.iloc[[i]].astype(str).reset_index(drop=True)
        assert got.equals(alone.astype(str).reset_index(drop=True)), rows[i]["company_name"]


def test_sme_size_over_the_bounds_by_industry_with_values_beyond_six_decimals():
    """gate.sme_size and its gap are worked out industry by industry on that industry's rows only; rows
    of several industries in one frame, over and under the bounds, some with values float64 × 10⁶
    cannot hold (the engine's exact code for that leaf), each as the engine gives it."""
    from zjtx.fields import FIELD
    rows = []
    for k, opt in enumerate(FIELD["industry"].options):
        for revenue, staff in (("250000.0000001", 3000), ("39999.99", 999), ("400000.12345678", 120), ("5", 1000)):
            rows.append({**BASE, "company_name": f"{opt.value}{revenue}", "industry": opt.value,
                         "revenue_y1": revenue, "employees": staff})
    frame = pd.DataFrame(rows)
    out = evaluate_frame(frame, "auto", BOOK)
    assert set(out["gate.sme_size.status"].astype(str)) >= {"pass", "fail"}
    assert out.attrs["exact_checks"] > 0
    assert_same(rows, frame, "auto")
