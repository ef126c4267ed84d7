"""What each construct of the rule language means: one definition, two evaluators.

`zjtx.engine` evaluates one profile in exact Fractions; `zjtx.batch` evaluates whole columns in numpy.
Both take the meaning of the language from here, so the two cannot drift apart:

  * the three-valued algebra: a status is fail < missing < pass; `all_of` is the minimum, `any_of`
    the maximum (Kleene); a verdict is the minimum over a tier's criteria (and its gate);
  * the criterion's status rules: which test a review takes, the exemption rule, not-applicable;
  * score bands: the interval [lo, hi] a banded item can still take, and a score test on an interval;
  * the SME size classes (300号) from the three size tests, and which field each size measure reads;
  * the strict-comparison step and the shortfall (gap) of a failing comparison;
  * the headline policy: which part of a criterion stands for it (actual, threshold, gap).

The engine calls these functions on its values; batch builds its lookup tables from the same functions
(`table2`, `table3`) or, where a table cannot hold the rule (the headline over per-row leaves), states
the vector form beside a reference to the function here; the differential tests (tests/test_batch.py,
tests/test_properties.py) hold the two to the same results. Pure: no numpy, no I/O.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterable, Literal, Sequence

from .fmt import INTEGER_UNITS

Known = Literal["fail", "missing", "pass"]

# Statuses in code order (batch stores them as int8 codes in this order; "" = no status).
STATUSES = ("fail", "missing", "pass", "exempt", "not_applicable")
KNOWN: tuple[Known, ...] = ("fail", "missing", "pass")     # a condition's statuses, weakest first
VERDICTS = ("fails", "incomplete", "meets")                # a tier's verdicts, weakest first
SIZE_CLASSES = ("large", "medium", "small", "micro")
STRICT = frozenset({">", "<"})


# ------------------------------------------------------------------------- three-valued algebra

def all_of(statuses: Iterable[str]) -> Known:
    """Every part must hold: fail if one fails, else missing if one is unknown, else pass."""
    return min(statuses, key=KNOWN.index, default="pass")


def any_of(statuses: Iterable[str]) -> Known:
    """One part suffices: pass if one passes, else missing if one is unknown, else fail."""
    return max(statuses, key=KNOWN.index, default="fail")


def verdict_of(status: str) -> str:
    """A criterion's contribution to its tier's verdict: fail → fails, missing → incomplete, else meets
    (pass, exempt and not applicable do not hold a tier back)."""
    return {"fail": "fails", "missing": "incomplete"}.get(status, "meets")


def verdict(statuses: Iterable[str]) -> str:
    """A tier's own verdict: the weakest of its criteria's."""
    return min((verdict_of(s) for s in statuses), key=VERDICTS.index, default="meets")


def with_gate(own: str, gate: str) -> str:
    """A tier's verdict including the gate (基本条件): the weaker of the two."""
    return min(own, gate, key=VERDICTS.index)


# ------------------------------------------------------------------------------- criteria

def test_for(criterion: Any, application_type: str) -> Any:
    """The condition a criterion is judged by: `review_test` for a review (复核) when it has one."""
    if application_type == "review" and criterion.review_test is not None:
        return criterion.review_test
    return criterion.test


def is_scoped(criterion: Any) -> bool:
    """Whether the criterion's applicability depends on the application type or the year at all."""
    return (set(criterion.applies_to) != {"new", "review"} or criterion.assessed_in is not None
            or bool(criterion.not_assessed))


def exempt_status(test: str, exempt: str | None) -> str:
    """The status of a criterion with an exemption (`exempt_if`): a test that does not pass is exempt
    when the exemption holds; a failing test is only missing while the exemption is unknown."""
    if exempt is None:
        return test
    if test != "pass" and exempt == "pass":
        return "exempt"
    if test == "fail" and exempt == "missing":
        return "missing"
    return test


# --------------------------------------------------------------------------------- scores

def band_interval(statuses: Sequence[str], points: Sequence[Any], otherwise: Any) -> tuple[Any, Any]:
    """[lo, hi] of a banded score item: the bands are tried in order; the first passing band decides;
    a band whose condition is unknown may apply, so its points widen the interval; when no band passes,
    `otherwise` may apply too. `statuses` may stop at the first pass (later bands do not matter)."""
    possible = []
    for st, pts in zip(statuses, points):
        if st == "pass":
            possible.append(pts)
            break
        if st == "missing":
            possible.append(pts)
    else:
        possible.append(otherwise)
    return min(possible), max(possible)


def interval_status(ok_lo: bool, ok_hi: bool) -> Known:
    """A test on a score known as an interval: pass if both ends pass, fail if neither, else missing."""
    if ok_lo and ok_hi:
        return "pass"
    return "missing" if ok_lo or ok_hi else "fail"


def interval_actual(lo: Any, hi: Any, op: str, status: str) -> Any:
    """The end of a score interval that decides a test: for a pass the worst case (the lower end of
    ≥), for a fail the best case (the upper end of ≥); None while undecided."""
    if status == "missing":
        return None
    upper = op in (">=", ">")
    if status == "pass":
        upper = not upper
    return hi if upper else lo


# ------------------------------------------------------------------------------ SME size

def size_fields(table: Any) -> dict[str, str]:
    """Size measure (employees / revenue / assets) → the profile field it reads."""
    return {"employees": table.measures.employees, "revenue": table.measures.revenue,
            "assets": table.measures.assets}


def size_class(sme: str, medium: str, small: str) -> str | None:
    """The size class from the statuses of "below any SME bound", "reaches every medium bound" and
    "reaches every small bound" (None while unknown)."""
    if sme == "fail":
        return "large"
    if sme != "pass":
        return None
    if medium == "pass":
        return "medium"
    if medium == "fail":
        return {"pass": "small", "fail": "micro"}.get(small)
    return None


# ----------------------------------------------------------------------- comparisons, gaps

def step(unit: str) -> Fraction:
    """The smallest meaningful change in a unit (for strict > / < comparisons)."""
    return Fraction(1) if unit in INTEGER_UNITS else Fraction(1, 100)


def strict_step(op: str, unit: str) -> Fraction:
    """What a strict comparison adds to a gap: one step of the unit for > and <, nothing for ≥ and ≤."""
    return step(unit) if op in STRICT else Fraction(0)


def shortfall(value: Any, op: str, threshold: Any, unit: str) -> Any:
    """The gap of a failing comparison: the distance to the threshold, plus one step when strict."""
    return abs(threshold - value) + strict_step(op, unit)


# ---------------------------------------------------------------------------- headline

HEADLINE_KINDS = ("number", "score")     # parts that carry a figure (yes/no and options do not)


def headline(parts: Sequence[Any], why: Sequence[Any], status: str, unit: str) -> Any | None:
    """The part whose actual / threshold / gap stand for the whole criterion (engine.Part-like objects
    with kind, status, unit, group, actual, threshold, gap).

    Looked for among the parts that explain the status (`why`) for a pass or a fail, among all parts
    otherwise; only number and score parts; for a fail only failing ones (a failure on yes/no or option
    parts has no headline figure). Parts in the criterion's own unit come first; the first part decides,
    except for per-year siblings (one rule, one group): there the binding year — the largest gap for a
    fail, else the value closest to its threshold. (batch._Eval._fail_gap / size_gap: the vector form
    for failing rows.)"""
    pool = [p for p in (why if status in ("pass", "fail") else parts) if p.kind in HEADLINE_KINDS]
    if status == "fail":
        pool = [p for p in pool if p.status == "fail"]
        if not pool:
            return None
    if not pool:
        pool = [p for p in parts if p.kind in HEADLINE_KINDS]
        if not pool:
            return None
    preferred = [p for p in pool if p.unit == unit] or pool
    first = preferred[0]
    siblings = [p for p in preferred if p.group == first.group and p.actual is not None]
    if len(siblings) > 1:
        if status == "fail":
            return max(siblings, key=lambda p: p.gap or 0)
        return min(siblings, key=lambda p: abs((p.actual or 0) - (p.threshold or 0)))
    return first


# ------------------------------------------------------------------------- tables for batch

def table2(fn: Callable[[str, str], Any], a: Sequence[str], b: Sequence[str]) -> list[Any]:
    """fn over every pair, flattened row-major: index = i·len(b) + j (batch looks rows up by codes)."""
    return [fn(x, y) for x in a for y in b]


def table3(fn: Callable[[str, str, str], Any], a: Sequence[str], b: Sequence[str], c: Sequence[str]) -> list[Any]:
    return [fn(x, y, z) for x in a for y in b for z in c]
