"""Closeness (zjtx.rank) against the one-profile engine.

Each failing criterion adds min(gap ÷ threshold, 1) to its tier's shortfall, where gap and threshold are
those of the engine's headline figure (CriterionResult.gap, rounded up as screen writes it, and
CriterionResult.threshold); a failure without a figure (yes/no, options) counts 1. `<tier>.shortfall` is
the sum over the tier's and the eligibility gate's failing criteria, rounded to 4 decimals.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_batch import STANDARDS, profiles, typed_frame
from zjtx import fmt
from zjtx.batch import evaluate_frame
from zjtx.dataio.cells import parse_frame
from zjtx.engine import evaluate
from zjtx.profile import ProfileError, parse_profile
from zjtx.rank import RANK_TIERS, primary_thresholds, shortfall_term, tier_criteria
from zjtx.rules import rulebook
from zjtx.screen import screen_frame

BOOK = rulebook()
ROOT = Path(__file__).resolve().parents[1]
GATE = tier_criteria(BOOK, "gate")


def term(c) -> float:
    """The shortfall term of one failing criterion, from the engine's result."""
    if c.gap is None or c.threshold is None:
        return 1.0
    g, t = float(fmt.round_gap(c.gap, c.gap_unit)), float(c.threshold)
    return 1.0 if t == 0 else min(g / t, 1.0)


def engine_results(records: list[dict], standard: str) -> list[dict | None]:
    """Per record: None where the batch reports an error, else {criterion id: CriterionResult} of its
    failing criteria."""
    out = []
    for rec in records:
        try:
            p = parse_profile(rec)
            if p.assessment_year is None:     # a blank year cell: the default year, as in the batch
                p = parse_profile({k: v for k, v in rec.items() if k != "assessment_year"})
            a = evaluate(p, BOOK, standard)
        except (ProfileError, ArithmeticError):
            out.append(None)
            continue
        out.append({c.id: c for c in a.all_criteria() if c.status == "fail"})
    return out


def engine_shortfall(fails: dict, tier: str) -> float:
    own = sum(term(fails[c]) for c in tier_criteria(BOOK, tier) if c in fails)
    gate = sum(term(fails[c]) for c in GATE if c in fails)
    return float(np.round(own + gate, 4))


def assert_matches_engine(records: list[dict], frame: pd.DataFrame, standard: str, want=None) -> None:
    """Per failing criterion: batch's headline threshold is the engine's and its shortfall term (the
    one the ranks add) is the engine's; per tier: the ranks' shortfall is the engine's sum."""
    want = engine_results(records, standard) if want is None else want
    res = evaluate_frame(frame, standard, BOOK, thresholds=True)
    problems = []
    for cid in (c.id for c in BOOK.all_criteria()):
        status = res[f"{cid}.status"].astype(str).to_numpy()
        th = res[f"{cid}.threshold"].astype(np.float64).to_numpy()
        terms = shortfall_term(res[f"{cid}.gap"].to_numpy(), th)
        for i, fails in enumerate(want):
            c = fails.get(cid) if fails is not None else None
            if c is None:
                if not math.isnan(th[i]):
                    problems.append(f"row {i + 1} {cid}: not failing ({status[i]!r}) but threshold {th[i]!r}")
                continue
            t = math.nan if c.threshold is None else float(c.threshold)
            if status[i] != "fail" or not (t == th[i] or (math.isnan(t) and math.isnan(th[i]))) \
                    or terms[i] != term(c):
                problems.append(f"row {i + 1} {cid}: engine fail, gap {c.gap}, threshold {c.threshold}, term "
                                f"{term(c)!r}; batch {status[i]}, threshold {th[i]!r}, term {terms[i]!r}")
    keys = screen_frame(frame, standard, BOOK)       # the screen path: closeness keys as written
    assert not any(col.endswith(".threshold") for col in keys.columns)
    for tier in RANK_TIERS:
        got = keys[f"{tier}.shortfall"].to_numpy()
        for i, fails in enumerate(want):
            w = math.nan if fails is None else engine_shortfall(fails, tier)
            if not (math.isclose(w, got[i], abs_tol=1e-9) or (math.isnan(w) and math.isnan(got[i]))):
                problems.append(f"row {i + 1} {tier}.shortfall: engine {w!r}, ranks {got[i]!r}")
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:25])


# ------------------------------------------------------------------------ synthetic companies

def _synthetic(n: int, seed: int) -> pd.DataFrame:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_batch import synthetic
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return synthetic(n, seed=seed)


@pytest.mark.parametrize("n,seed", [(1000, 12), pytest.param(3000, 0, marks=pytest.mark.soak)])
def test_shortfall_is_the_engines_on_synthetic_companies(n, seed):
    """Plausible companies (bench/bench_batch.py's generator; 3,000 as in issue 12 under `make soak`):
    every failing criterion's threshold and term and every tier's sum agree with the engine — including
    the criteria whose headline figure is not the first threshold of their rule (the size caps, the
    innovation routes, score-or-direct routes, the SME size)."""
    frame = _synthetic(n, seed)
    pf = parse_frame(frame)
    records = [pf.record(i) for i in range(len(frame))]
    first = primary_thresholds(BOOK)
    other_headline: dict[str, int] = {}
    want = engine_results(records, "auto")
    for fails in want:
        for cid, c in (fails or {}).items():
            if c.threshold is not None and float(c.threshold) != first.get(cid):
                other_headline[cid] = other_headline.get(cid, 0) + 1
    # the data reach the cases the rank got wrong when it took the first threshold of each rule
    for cid in ("T17.size", "L22.innovation", "I22.direct_or_score", "S22.rd", "T17.direct_or_score",
                "gate.sme_size"):
        assert other_headline.get(cid, 0) >= 1, (cid, other_headline)
    assert_matches_engine(records, frame, "auto", want)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(profiles(), min_size=3, max_size=20), standard=st.sampled_from(STANDARDS))
def test_shortfall_is_the_engines_on_generated_profiles(rows, standard):
    """Edge values (thresholds hit exactly, reviews, both standards, missing fields, bad rows)."""
    records, frame = typed_frame(rows)
    assert_matches_engine(records, frame, standard)


# -------------------------------------------------------------------------- worked examples

def _keys(profile: dict) -> pd.Series:
    frame = pd.DataFrame([{"assessment_year": 2026, "application_type": "new", **profile}])
    return screen_frame(frame, "auto", BOOK).iloc[0]


def test_size_caps_use_the_threshold_of_the_failing_cap():
    """T17.size (≤ 500 persons, ≤ 20,000 万元 revenue, ≤ 20,000 万元 assets) failing on revenue by
    10,000 万元 adds 10,000 ÷ 20,000 = 0.5, not 10,000 ÷ 500 (capped at 1)."""
    base = {"employees": 100, "total_assets": 1000, "industry": "software"}
    over = _keys({**base, "revenue_y1": 30000})
    within = _keys({**base, "revenue_y1": 20000})
    assert over["T17.size.status"] == "fail" and over["T17.size.gap"] == 10000
    assert within["T17.size.status"] == "pass"
    assert over["tech_sme.shortfall"] - within["tech_sme.shortfall"] == pytest.approx(0.5)
    assert over["tech_sme.fails"] - within["tech_sme.fails"] == 1


def test_a_large_company_counts_its_size_gap_against_the_bound():
    """gate.sme_size has no threshold of its own: a company over the industry's bounds counts its
    headline gap ÷ that bound (the larger gap: 1,100 employees vs < 1,000 is 101, revenue 40,050 万元 vs
    < 40,000 万元 is 50.01, so 101 ÷ 1,000 = 0.101 — not 1, as when no threshold was found)."""
    res = evaluate(parse_profile({"assessment_year": 2026, "industry": "industry", "employees": 1100,
                                  "revenue_y1": 40050}), BOOK)
    size = next(c for c in res.gate.criteria if c.id == "gate.sme_size")
    assert size.status == "fail"
    got = evaluate_frame(pd.DataFrame([{"assessment_year": 2026, "industry": "industry", "employees": 1100,
                                        "revenue_y1": 40050}]), "auto", BOOK, thresholds=True).iloc[0]
    assert (size.gap, size.threshold) == (101, 1000)
    assert (got["gate.sme_size.gap"], got["gate.sme_size.threshold"]) == (101, 1000)
    assert term(size) == pytest.approx(0.101)
    assert _keys({"industry": "industry", "employees": 1100, "revenue_y1": 40050})["gate.sme_size.gap"] == 101


@pytest.mark.parametrize("employees,revenue,bound", [(1100, 40050.1234567, 1000), (1001, 40100.1234567, 40000),
                                                     (1100, 40050, 1000), (1001, 40100, 40000)])
def test_the_size_bound_furthest_exceeded_is_found_for_values_with_many_decimals(employees, revenue, bound):
    """Values with more than 6 decimals are compared exactly, one by one (the column path holds 6)."""
    row = {"assessment_year": 2026, "industry": "industry", "employees": employees, "revenue_y1": revenue}
    size = next(c for c in evaluate(parse_profile(row), BOOK).gate.criteria if c.id == "gate.sme_size")
    got = evaluate_frame(pd.DataFrame([row]), "auto", BOOK, thresholds=True).iloc[0]
    assert size.status == "fail" and size.threshold == bound
    assert got["gate.sme_size.threshold"] == bound
    assert shortfall_term(np.array([got["gate.sme_size.gap"]]), np.array([float(bound)]))[0] == term(size)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([0.0, 1e9, 2e9 + 300, float("nan")]),
                          st.floats(0, 1e10, allow_nan=False)), max_size=60))
def test_rank_of_is_pandas_rank_min_with_nan_kept(keys):
    """rank_of (numpy, one sort) gives what pandas' rank(method="min", na_option="keep") gives:
    ties share the smallest rank, NaN stays NaN."""
    import numpy as np
    import pandas as pd

    from zjtx.rank import rank_of
    x = np.array(keys, dtype=np.float64)
    want = pd.Series(x, dtype=np.float64).rank(method="min", na_option="keep").to_numpy()
    assert np.array_equal(rank_of(x), want, equal_nan=True)


def test_rank_of_agrees_with_pandas_on_a_large_list_with_many_ties():
    """The sort is not stable (numpy's quicksort, vectorised for large arrays): equal keys still share
    the smallest rank, checked on 200,000 keys drawn from few values (every row ties) and NaN."""
    import numpy as np
    import pandas as pd

    from zjtx.rank import rank_of
    rng = np.random.default_rng(12)
    x = rng.integers(0, 3, 200_000) * 1e9 + rng.integers(0, 500, 200_000) * 100.0 + rng.integers(0, 3, 200_000)
    x[rng.random(200_000) < 0.01] = np.nan
    want = pd.Series(x).rank(method="min", na_option="keep").to_numpy()
    assert np.array_equal(rank_of(x), want, equal_nan=True)
