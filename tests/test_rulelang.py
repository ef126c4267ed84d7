"""zjtx.rulelang: the meaning of each construct of the rule language, stated once — and batch's lookup
tables are that meaning (not a copy of it). The differential tests (test_batch, test_properties) hold
the two evaluators to the same results on whole companies; these pin the definitions themselves."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from zjtx import batch, rulelang
from zjtx.rulelang import (all_of, any_of, band_interval, exempt_status, interval_actual, interval_status, shortfall,
                           size_class, strict_step, verdict, with_gate)

K = rulelang.KNOWN


def test_all_of_and_any_of_are_kleene():
    assert all_of(["pass", "pass"]) == "pass" and all_of([]) == "pass"
    assert all_of(["pass", "missing"]) == "missing" and all_of(["missing", "fail"]) == "fail"
    assert any_of(["fail", "fail"]) == "fail" and any_of([]) == "fail"
    assert any_of(["fail", "missing"]) == "missing" and any_of(["missing", "pass"]) == "pass"
    for a, b in itertools.product(K, repeat=2):      # batch: minimum / maximum of the codes
        assert batch.STATUSES[min(K.index(a), K.index(b))] == all_of([a, b])
        assert batch.STATUSES[max(K.index(a), K.index(b))] == any_of([a, b])


def test_verdicts():
    assert verdict(["pass", "exempt", "not_applicable"]) == "meets"
    assert verdict(["pass", "missing"]) == "incomplete" and verdict(["missing", "fail"]) == "fails"
    assert with_gate("meets", "incomplete") == "incomplete" and with_gate("fails", "meets") == "fails"
    decoded = [batch.VERDICTS[c] for c in batch._VERDICT_OF_STATUS[:5]]
    assert decoded == [rulelang.verdict_of(s) for s in rulelang.STATUSES]


@pytest.mark.parametrize("test,exempt,want", [
    ("fail", "pass", "exempt"), ("missing", "pass", "exempt"), ("pass", "pass", "pass"),
    ("fail", "missing", "missing"), ("fail", "fail", "fail"), ("missing", "fail", "missing"),
    ("pass", None, "pass"), ("fail", None, "fail"),
])
def test_the_exemption_rule(test, exempt, want):
    assert exempt_status(test, exempt) == want
    if exempt is not None:
        code = batch._EXEMPT_TABLE[K.index(test) * 3 + K.index(exempt)]
        assert batch.STATUSES[code] == want


def test_band_intervals():
    pts, other = [Fraction(10), Fraction(5)], Fraction(0)
    assert band_interval(["pass"], pts, other) == (10, 10)                 # the first passing band decides
    assert band_interval(["fail", "pass"], pts, other) == (5, 5)
    assert band_interval(["fail", "fail"], pts, other) == (0, 0)            # none: otherwise
    assert band_interval(["missing", "pass"], pts, other) == (5, 10)        # an unknown band may apply
    assert band_interval(["missing", "fail"], pts, other) == (0, 10)        # … or none of them
    lo, hi = batch._band_tables((10, 5), 0)
    for sts in itertools.product(K, repeat=2):
        idx = sum(K.index(s) * 3 ** k for k, s in enumerate(sts))
        assert (lo[idx], hi[idx]) == band_interval(list(sts), [10, 5], 0), sts


def test_score_intervals():
    assert interval_status(True, True) == "pass" and interval_status(False, False) == "fail"
    assert interval_status(True, False) == interval_status(False, True) == "missing"
    assert [batch.STATUSES[c] for c in batch._INTERVAL_TABLE] == ["fail", "missing", "missing", "pass"]
    assert interval_actual(40, 59, ">=", "fail") == 59        # a fail: even the best case is short
    assert interval_actual(61, 70, ">=", "pass") == 61        # a pass: even the worst case meets it
    assert interval_actual(0, 5, "<=", "fail") == 0 and interval_actual(40, 59, ">=", "missing") is None


def test_size_classes():
    assert size_class("fail", "missing", "missing") == "large"
    assert size_class("pass", "pass", "fail") == "medium"
    assert size_class("pass", "fail", "pass") == "small" and size_class("pass", "fail", "fail") == "micro"
    assert size_class("missing", "pass", "pass") is None and size_class("pass", "fail", "missing") is None
    for sme, med, small in itertools.product(K, repeat=3):
        code = batch._SIZE_TABLE[K.index(sme) * 9 + K.index(med) * 3 + K.index(small)]
        assert (batch.SIZE_CLASSES[code] or None) == size_class(sme, med, small)


def test_the_strict_step_and_the_shortfall():
    assert strict_step(">=", "%") == 0 and strict_step(">", "%") == Fraction(1, 100)
    assert strict_step("<", "人") == 1 and strict_step("<=", "人") == 0
    assert shortfall(Fraction(299, 100), ">=", 3, "%") == Fraction(1, 100)
    assert shortfall(Fraction(3), ">", 3, "%") == Fraction(1, 100)               # equal is not above
    assert shortfall(300, "<", 300, "人") == 1                                    # 300 persons: one too many


def test_the_headline_part():
    from zjtx.engine import Part
    y1 = Part("number", "fail", "研发费用", "R&D", actual=Fraction(80), threshold=Fraction(100), unit="万元",
              gap=Fraction(20), group=1)
    y2 = Part("number", "fail", "研发费用", "R&D", actual=Fraction(60), threshold=Fraction(100), unit="万元",
              gap=Fraction(40), group=1)
    flag = Part("flag", "fail", "称号", "title")
    assert rulelang.headline((y1, y2), (y1, y2), "fail", "万元") is y2          # per-year: the binding year
    assert rulelang.headline((flag,), (flag,), "fail", "") is None             # a yes/no failure: no figure
    ratio = Part("number", "fail", "比重", "share", actual=Fraction(2), threshold=Fraction(3), unit="%",
                 gap=Fraction(1), group=2)
    assert rulelang.headline((y1, ratio), (y1, ratio), "fail", "%") is ratio    # the criterion's unit first


def test_statuses_in_batch_follow_rulelang():
    assert batch.STATUSES[:5] == rulelang.STATUSES
    assert (batch.FAIL, batch.MISSING, batch.PASS) == (0, 1, 2)
    assert np.array_equal(batch._GAP_OF_STATUS[[batch.PASS, batch.EXEMPT]], [0.0, 0.0])
