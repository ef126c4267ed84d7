"""Laws of the evaluator, stated as Hypothesis properties over random valid profiles.

The strategy builds profiles from zjtx.fields.FIELDS: each field is either absent or a valid
value of its kind, with the exact thresholds of the law (3, 80, 1500, 5000, 100, 1200, …) and
values such as 0 drawn often, and with the cross-field limits of docs/profile.md kept
(main_revenue ≤ revenue per year, rd_staff/tech_staff ≤ employees, class1_ip_high_value ≤ class1_ip).
Some profiles start from the built-in example companies, so that plenty of criteria pass and the
"never turns a pass into a fail" laws have something to bite on.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zjtx.engine import TIERS, evaluate
from zjtx.examples import example_profile, examples
from zjtx.fields import FIELD, FIELDS
from zjtx.profile import CROSS_FIELD_LIMITS, ProfileError, parse_profile
from zjtx.rules import rulebook
from zjtx.serialize import assessment_dict

BOOK = rulebook()
STATUSES = {"pass", "fail", "exempt", "missing", "not_applicable"}
STANDARDS = ("auto", "2026", "2022")
# Fields with a default (not "missing" when absent) or that are never judged.
DEFAULTED = ("assessment_year", "application_type", "company_name")

PROPS = settings(max_examples=120, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ----------------------------------------------------------------------------- strategies

MONEY_EDGES = [0, 1, 50, 99, 100, 300, 500, 1000, 1200, 1500, 2000, 3000, 5000, 6000, 8000,
               10000, 20000, 30000, 40000, 80000, 100000]
PERSON_EDGES = [0, 1, 20, 200, 300, 500, 1000, 2000]


def _dec(lo, hi, places=2):
    return st.decimals(min_value=lo, max_value=hi, places=places, allow_nan=False, allow_infinity=False)


def value_of(spec) -> st.SearchStrategy:
    """A valid value for one field, boundary values drawn often."""
    k = spec.kind
    if k == "text":
        return st.one_of(st.sampled_from(["示例企业", "=SUM(A1)", "Acme 有限公司"]),
                         st.text(max_size=20))
    if k == "year":
        return st.one_of(st.sampled_from([2024, 2025, 2026, 2027]), st.integers(2000, 2100))
    if k == "enum":
        return st.sampled_from([o.value for o in spec.options])
    if k == "bool":
        return st.booleans()
    if k == "money":
        return st.one_of(st.sampled_from(MONEY_EDGES), st.integers(0, 120000), _dec(0, 60000))
    if k == "money_signed":
        return st.one_of(st.sampled_from([0, -1, 1, 100, -500]), st.integers(-20000, 20000),
                         _dec(-5000, 5000))
    if k == "persons":
        return st.one_of(st.sampled_from(PERSON_EDGES), st.integers(0, 3000))
    if k == "count":
        return st.one_of(st.sampled_from([0, 1, 2, 3, 4, 5]), st.integers(0, 50))
    if k == "rank":
        return st.one_of(st.sampled_from([1, 2, 3, 4, 5, 6]), st.integers(1, 100))
    if k == "years":
        return st.one_of(st.sampled_from([0, 1, 2, 3, 4, 10, Decimal("2.99"), Decimal("3.0")]),
                         _dec(0, 200, 1))
    if k in ("percent", "score"):
        return st.one_of(st.sampled_from([0, 5, 10, 50, 60, 100, Decimal("9.99"), Decimal("49.99")]),
                         _dec(0, 100))
    if k == "level":
        return st.integers(spec.lo, spec.hi)
    if k == "points":
        return st.one_of(st.sampled_from([spec.lo, spec.hi]), _dec(spec.lo, spec.hi))
    raise AssertionError(f"no strategy for kind {k}")  # pragma: no cover


def _num(v) -> Decimal:
    return Decimal(str(v))


@st.composite
def raw_profiles(draw) -> dict:
    """A dict of field key → valid value (absent keys are missing)."""
    base_id = draw(st.sampled_from([None, *sorted(examples())]))
    base = example_profile(base_id) if base_id else {}
    d: dict = {}
    for f in FIELDS:
        # 0: absent · 1: keep the example's value (or a new one) · 2-3: a new value
        choice = draw(st.integers(0, 3)) if base_id is None else draw(st.sampled_from([1, 1, 1, 1, 0, 2]))
        if choice == 0:
            continue
        if choice == 1 and f.key in base:
            d[f.key] = base[f.key]
        else:
            d[f.key] = draw(value_of(f))
    # exact boundary values derived from other fields: 70/80/90 % main share, 3 % R&D, 70/75/80 % debt
    for y in ("y1", "y2", "y3"):
        rev = d.get(f"revenue_{y}")
        if rev is not None and draw(st.integers(0, 3)) == 0:
            d[f"main_revenue_{y}"] = _num(rev) * draw(st.sampled_from([Decimal("0.7"), Decimal("0.8"),
                                                                       Decimal("0.9"), Decimal(1)]))
    for y in ("y1", "y2"):
        rev = d.get(f"revenue_{y}")
        if rev is not None and draw(st.integers(0, 3)) == 0:
            d[f"rd_expense_{y}"] = _num(rev) * draw(st.sampled_from([Decimal("0.03"), Decimal("0.06")]))
    if d.get("total_assets") is not None and draw(st.integers(0, 3)) == 0:
        d["total_liabilities"] = _num(d["total_assets"]) * draw(
            st.sampled_from([Decimal("0.7"), Decimal("0.75"), Decimal("0.8")]))
    # keep the cross-field limits: the smaller field is redrawn inside the larger one
    for small, large in CROSS_FIELD_LIMITS:
        if d.get(small) is None or d.get(large) is None:
            continue
        if _num(d[small]) > _num(d[large]):
            hi = _num(d[large])
            if FIELD[small].kind in ("persons", "count"):
                d[small] = draw(st.integers(0, int(hi)))
            else:
                d[small] = draw(st.one_of(st.just(hi), st.just(0), _dec(0, hi)))
    return d


def profiles():
    return raw_profiles().map(lambda d: (d, parse_profile(d)))


def statuses(a) -> dict[str, str]:
    return {c.id: c.status for c in a.all_criteria()}


def all_results(a):
    return list(a.all_criteria())


def _diff(before: dict, after: dict, bad) -> list[str]:
    return [f"{cid}: {before[cid]} → {after[cid]}" for cid in before if bad(before[cid], after[cid])]


# ----------------------------------------------------------------------- (a) total function

@PROPS
@given(p=profiles(), standard=st.sampled_from(STANDARDS),
       app=st.sampled_from(["new", "review", None]))
def test_evaluate_is_total_and_its_json_is_serialisable(p, standard, app):
    raw, _ = p
    if app is not None:
        raw = {**raw, "application_type": app}
    prof = parse_profile(raw)
    a = evaluate(prof, BOOK, standard)
    for c in a.all_criteria():
        assert c.status in STATUSES, (c.id, c.status)
    d = assessment_dict(a)
    text = json.dumps(d, ensure_ascii=False, allow_nan=False)
    back = json.loads(text)
    assert set(back["tiers"]) == set(TIERS)
    for name, tier in back["tiers"].items():
        assert tier["verdict"] in ("meets", "fails", "incomplete")
        for c in tier["criteria"]:
            assert c["status"] in STATUSES
    # the standard rule of docs/cli.md
    assert back["tiers"]["innovative"]["standard"] == "2022"
    assert back["tiers"]["tech_sme"]["standard"] == "2017"
    if standard != "auto":
        assert back["tiers"]["specialized"]["standard"] == standard
        assert back["tiers"]["little_giant"]["standard"] == standard


@PROPS
@given(p=profiles(), standard=st.sampled_from(STANDARDS))
def test_evaluate_is_pure(p, standard):
    """Same inputs, same Assessment (no hidden state between calls)."""
    _, prof = p
    first = assessment_dict(evaluate(prof, BOOK, standard))
    evaluate(parse_profile({}), BOOK, "2022")
    assert assessment_dict(evaluate(prof, BOOK, standard)) == first


# --------------------------------------------------------------- (b) missing is never failing

@pytest.mark.parametrize("year", [2025, 2026, 2027])
@pytest.mark.parametrize("app", ["new", "review"])
@pytest.mark.parametrize("standard", STANDARDS)
def test_a_profile_with_every_field_missing_fails_nothing(year, app, standard):
    a = evaluate(parse_profile({"assessment_year": year, "application_type": app}), BOOK, standard)
    failing = [c.id for c in a.all_criteria() if c.status == "fail"]
    assert failing == []
    assert a.gate.verdict == "incomplete"
    for t in a.tiers.values():
        assert t.verdict == "incomplete", t.tier
        assert t.own_verdict == "incomplete", t.tier


def test_an_empty_profile_fails_nothing_even_with_no_year():
    a = evaluate(parse_profile({}), BOOK, "auto")
    assert not [c.id for c in a.all_criteria() if c.status == "fail"]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(p=profiles(), standard=st.sampled_from(STANDARDS))
def test_removing_any_one_field_never_creates_a_fail(p, standard):
    raw, prof = p
    before = statuses(evaluate(prof, BOOK, standard))
    for key in [k for k in raw if k not in DEFAULTED]:
        rest = {k: v for k, v in raw.items() if k != key}
        after = statuses(evaluate(parse_profile(rest), BOOK, standard))
        bad = _diff(before, after, lambda b, a: b != "fail" and a == "fail")
        assert not bad, f"removing {key} made a criterion fail: {bad}"


@PROPS
@given(p=profiles(), standard=st.sampled_from(STANDARDS), data=st.data())
def test_filling_a_missing_field_never_undoes_a_decided_result(p, standard, data):
    """The same law from the other side: a `fail` (or `pass`) reached while a field is missing
    holds for every value that field can take."""
    raw, prof = p
    absent = [f for f in FIELDS if f.key not in raw and f.key not in DEFAULTED]
    assume(absent)
    spec = data.draw(st.sampled_from(absent), label="field")
    value = data.draw(value_of(spec), label="value")
    try:
        filled = parse_profile({**raw, spec.key: value})
    except ProfileError:
        assume(False)   # the value breaks a cross-field limit; not a valid profile
    before = statuses(evaluate(prof, BOOK, standard))
    after = statuses(evaluate(filled, BOOK, standard))
    assert not _diff(before, after, lambda b, a: b == "fail" and a != "fail"), spec.key
    assert not _diff(before, after, lambda b, a: b == "pass" and a not in ("pass", "exempt")), spec.key
    assert not _diff(before, after, lambda b, a: b == "exempt" and a not in ("pass", "exempt")), spec.key
    assert not _diff(before, after, lambda b, a: (b == "not_applicable") != (a == "not_applicable")), spec.key


# ----------------------------------------------------------------------------- (c) monotone

RAISABLE = ("rd_expense_y1", "rd_expense_y2", "class1_ip", "class1_ip_high_value",
            "dev_score_current", "dev_score_previous", "segment_years")


@st.composite
def raised(draw, raw: dict) -> dict:
    """`raw` with one of the "more is better" fields raised (and only that, plus what the
    limits force: raising the high-value count may raise the Class I count with it)."""
    present = [k for k in RAISABLE if raw.get(k) is not None]
    assume(present)
    key = draw(st.sampled_from(present))
    out = dict(raw)
    old = _num(raw[key])
    if key in ("dev_score_current", "dev_score_previous"):
        assume(old < 100)
        out[key] = draw(st.one_of(st.just(Decimal(100)), st.just(min(Decimal(100), old + Decimal("0.01"))),
                                  _dec(old, Decimal(100))))
    elif key == "segment_years":
        assume(old < 200)
        out[key] = draw(st.one_of(st.just(min(Decimal(200), old + 1)), _dec(old, min(Decimal(200), old + 20), 1)))
    elif key in ("rd_expense_y1", "rd_expense_y2"):
        out[key] = old + draw(st.one_of(st.sampled_from([Decimal("0.01"), 1, 100, 1000]), _dec(0, 20000)))
    elif key == "class1_ip":
        out[key] = int(old) + draw(st.integers(1, 6))
        if raw.get("class1_ip_high_value") is not None and draw(st.booleans()):
            out["class1_ip_high_value"] = draw(st.integers(int(raw["class1_ip_high_value"]), out[key]))
    else:  # class1_ip_high_value, within class1_ip (raised too if needed)
        new = int(old) + draw(st.integers(1, 4))
        out[key] = new
        if raw.get("class1_ip") is not None and int(raw["class1_ip"]) < new:
            out["class1_ip"] = new
    return out


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.filter_too_much])
@given(p=profiles(), standard=st.sampled_from(STANDARDS), data=st.data())
def test_more_rd_ip_score_or_niche_years_never_turns_a_pass_into_a_fail(p, standard, data):
    raw, prof = p
    better = data.draw(raised(raw), label="raised")
    before = statuses(evaluate(prof, BOOK, standard))
    after = statuses(evaluate(parse_profile(better), BOOK, standard))
    changed = {k: (raw.get(k), better[k]) for k in better if better[k] != raw.get(k)}
    bad = _diff(before, after, lambda b, a: b in ("pass", "exempt") and a == "fail")
    assert not bad, f"raising {changed}: {bad}"
    # nor does it make a decided pass undecided
    bad = _diff(before, after, lambda b, a: b in ("pass", "exempt") and a == "missing")
    assert not bad, f"raising {changed}: {bad}"


# ----------------------------------------------------------------------- (d) tier verdicts

def _expected(statuses_: list[str]) -> str:
    if "fail" in statuses_:
        return "fails"
    if "missing" in statuses_:
        return "incomplete"
    return "meets"


@PROPS
@given(p=profiles(), standard=st.sampled_from(STANDARDS))
def test_tier_verdict_follows_its_criteria_and_the_gate(p, standard):
    _, prof = p
    d = assessment_dict(evaluate(prof, BOOK, standard))
    gate = [c["status"] for c in d["gate"]["criteria"]]
    assert d["gate"]["verdict"] == _expected(gate)
    for name, tier in d["tiers"].items():
        own = [c["status"] for c in tier["criteria"]]
        assert tier["own_verdict"] == _expected(own), name
        assert tier["verdict"] == _expected(own + gate), name
        # the same rule, spelled the way the spec says it
        if "fail" in own or "fail" in gate:
            assert tier["verdict"] == "fails"
        elif "missing" in own or "missing" in gate:
            assert tier["verdict"] == "incomplete"
        else:
            assert tier["verdict"] == "meets"


# ------------------------------------------------------------------------------ (e) gaps

# Regression (fixed): gate.sme_size used to fail with a threshold but no gap, and a criterion
# failing on a yes/no part reported a passing figure with gap 0; the law now covers both.


@PROPS
@given(p=profiles(), standard=st.sampled_from(STANDARDS))
def test_a_fail_has_a_positive_gap_and_a_pass_a_zero_gap(p, standard):
    _, prof = p
    a = evaluate(prof, BOOK, standard)
    by_id = {}
    for t in (a.gate, *a.tiers.values()):
        for c in t.criteria:
            by_id[c.id] = c
    d = assessment_dict(a)
    for t in (d["gate"], *d["tiers"].values()):
        for c in t["criteria"]:
            r = by_id[c["id"]]
            if c["threshold"] is None:
                continue
            if c["status"] == "fail":
                assert r.gap is not None and r.gap > 0, (c["id"], r.gap, c["reason"])
                assert c["gap"] is not None and c["gap"] > 0, (c["id"], c["gap"], c["reason"])
            elif c["status"] in ("pass", "exempt"):
                assert r.gap == Fraction(0), (c["id"], r.gap)
                assert c["gap"] == 0, (c["id"], c["gap"])


def test_a_large_company_s_size_gap_says_how_far_it_is_from_an_sme():
    prof = parse_profile({"assessment_year": 2026, "industry": "industry", "employees": 2000,
                          "revenue_y1": 50000, "total_assets": 1000})
    c = next(c for c in assessment_dict(evaluate(prof, BOOK))["gate"]["criteria"] if c["id"] == "gate.sme_size")
    assert c["status"] == "fail"
    assert c["threshold"] is not None
    assert c["gap"] is not None and c["gap"] > 0
    assert "—" not in c["reason"]


def test_a_criterion_failing_on_a_yes_no_part_does_not_report_a_zero_gap():
    prof = parse_profile({"assessment_year": 2026, "application_type": "review", "own_brand": False,
                          "market_share_domestic": 15})
    d = assessment_dict(evaluate(prof, BOOK))
    c = next(c for c in d["tiers"]["little_giant"]["criteria"] if c["id"] == "L22.market")
    assert c["status"] == "fail"
    assert c["gap"] is None or c["gap"] > 0, c


def test_a_criterion_failing_on_a_yes_no_part_does_not_report_an_unknown_figure():
    prof = parse_profile({"assessment_year": 2026, "application_type": "review", "own_brand": False})
    d = assessment_dict(evaluate(prof, BOOK))
    c = next(c for c in d["tiers"]["little_giant"]["criteria"] if c["id"] == "L22.market")
    assert c["status"] == "fail"
    if c["threshold"] is not None:
        assert c["actual"] is not None and c["gap"] is not None and c["gap"] > 0, c


# ------------------------------------------------------------ (h) the review readings by year

@PROPS
@given(p=profiles(), year=st.integers(2020, 2035), app=st.sampled_from(["new", "review"]),
       standard=st.sampled_from(STANDARDS))
def test_the_year_scoped_readings_hold_for_every_year(p, year, app, standard):
    """docs/rules.md (L22.main_growth, L22.revenue_2025, 适用标准的选择): 190号's rules hold in 2025 only; 小巨人 reviews use 2022 up to 2026 and 2026
    from 2027 (an interpretation); every text names the actual year, no `{year}` is left."""
    raw, _ = p
    a = evaluate(parse_profile({**raw, "assessment_year": year, "application_type": app}), BOOK, standard)
    d = assessment_dict(a)
    assert "{year}" not in json.dumps(d, ensure_ascii=False)
    lg = a.tiers["little_giant"]
    if standard == "auto":
        assert lg.standard == ("2022" if app == "new" and year <= 2025 or app == "review" and year <= 2026
                               else "2026")
        if app == "review":
            assert str(year) in lg.standard_reason.zh and str(year) in lg.standard_reason.en
        if app == "review" and year >= 2027:
            assert lg.standard_interpretation is not None
    for c in lg.criteria:
        if c.id == "L22.revenue_2025":
            assert (c.status == "not_applicable") == (year != 2025), (year, c.status)
            if year != 2025:
                assert str(year) in c.reason_zh
        if c.id == "L22.main_growth":
            waived = app == "review" and year == 2025
            assert (c.status == "not_applicable") == waived
            assert (c.basis is not None) == waived
            assert (c.caveat is not None) == (app == "review" and year >= 2026)
        if c.id == "L26.growth":
            assert (c.status == "not_applicable") == (app == "review")


# -------------------------------------------------------------------- (i) bounded scores

@PROPS
@given(p=profiles(), standard=st.sampled_from(STANDARDS))
def test_a_score_decided_by_a_bound_is_never_called_the_company_s_score(p, standard):
    """docs/cli.md (score_min, score_max): a fail (or pass) decided by a score interval says it is a bound ("最高 59 分"),
    carries the interval (score_min, score_max), and the actual is that bound."""
    _, prof = p
    d = assessment_dict(evaluate(prof, BOOK, standard))
    for tier in (d["gate"], *d["tiers"].values()):
        for c in tier["criteria"]:
            if "score_min" not in c:
                assert c.get("actual_bound") is None
                continue
            lo, hi = c["score_min"], c["score_max"]
            assert lo <= hi
            bounded = lo != hi and c["status"] in ("pass", "fail") and c["actual"] is not None
            assert (c["actual_bound"] is not None) == bounded, c
            if bounded:
                assert c["actual"] == (hi if c["actual_bound"] == "max" else lo)
                bound = f"{c['actual']:g} 分"
                assert f"得分为 {bound}" not in c["reason"], c["reason"]
                if bound in c["reason"]:      # the reason speaks of the bound: it says what it is
                    word = "最高" if c["actual_bound"] == "max" else "最低"
                    assert f"{word} {bound}" in c["reason"] or f"{word}也有 {bound}" in c["reason"], c["reason"]
