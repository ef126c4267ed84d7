"""Many companies at once: the rule book evaluated column by column (numpy/pandas).

The same rule data as the one-profile engine (zjtx.engine) — this module walks the condition trees
of `RuleBook` and never states a threshold or a rule of its own — evaluated over whole columns, with
the results the engine gives for every row: statuses (pass/fail/exempt/missing/not_applicable with
the engine's three-valued logic and score intervals), the headline gap rounded like fmt.round_gap,
tier verdicts, the standard chosen per row (`--standard auto|2026|2022`) and the size class.

Numbers and exactness
    A numeric cell holds a float64; it stands for the decimal its shortest repr spells (exactly what
    `parse_profile` makes of that float: Decimal(repr(x))). Comparisons and gaps must be exact at the
    law's boundaries (3.00 % passes, 2.99 % fails), so:
      * sums, averages and plain fields are compared and their gaps rounded in scaled integers
        (value × 10⁶ in int64), exact for any value with ≤ 6 decimals below 2³¹;
      * ratios and growth rates are computed in float64; every element within a tiny relative
        distance of its threshold, or whose gap lies too close to a rounding step to round up safely,
        is re-checked exactly: in Python integers from the scaled inputs (ratio, growth, average
        growth), else with the engine's own indicator code (Fractions; the CAGR's 40-digit root);
      * score totals are sums of band points, held in scaled integers (exact);
      * gaps are rounded by fmt.round_gap itself wherever they are not whole multiples of the step.
    Rows the column path does not take go through `parse_profile` + `engine.evaluate` one by one:
    text cells with more than 15 significant digits (a float64 cannot carry them), magnitudes no
    real figure has (|x| ≥ 2³¹ or 0 < |x| < 10⁻⁶), and exotic rule data. Where the engine itself
    raises on such a row (decimal.InvalidOperation beyond Decimal's precision), the row gets an error
    message instead of stopping the batch.

Speed: rows are evaluated in chunks of CHUNK_ROWS on one thread per CPU (numpy releases the GIL);
within a chunk, the rows that take the same standard in every tier are evaluated together, so each
rule set runs over its own rows only; status logic is branch-free int8 arithmetic, and selections
between arrays are branch-free too (`_blend`, `_pick`: np.where and masked copies cost ~4–5 ns an
element where the mask changes from row to row). See bench/README.md for the numbers.

Evaluation only: the cells are typed by zjtx.dataio.cells (`parse_frame`, a `ParsedFrame`; a plain
DataFrame given to evaluate_frame goes through it first), files are read and written by zjtx.dataio.
Pure: no Streamlit, no file I/O, no clock except the default assessment year (today's year, as
`parse_profile` uses when the year is not given; pass `default_year` to pin it).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import fmt, rulelang
from .engine import TIERS, check_standard, choose_standard, evaluate
from .dataio.cells import Cols, ParsedFrame, parse_frame
from .fields import FIELD
from .indicators import FIELD_INDICATORS, OPS, Indicator, frac
from .profile import parse_profile
from .rules import (AllOf, AnyOf, Compare, Criterion, Flag, Member, RuleBook, RuleSet, ScoreTest, SmeSize, Switch,
                    rulebook, walk)

__all__ = ["TIER_COLUMNS", "STATUSES", "evaluate_frame", "output_columns"]

TIER_COLUMNS = ("gate", *TIERS)

# criterion status codes, in rulelang's order: FAIL < MISSING < PASS makes Kleene all_of a minimum and
# any_of a maximum (rulelang.all_of / any_of); "" (BLANK) = no status
STATUSES = (*rulelang.STATUSES, "")
FAIL, MISSING, PASS, EXEMPT, NOT_APPLICABLE, BLANK = (STATUSES.index(s) for s in (*rulelang.STATUSES, ""))
VERDICTS = (*rulelang.VERDICTS, "")                      # codes 0, 1, 2 (the minimum wins), 3 = blank
SIZE_CLASSES = (*rulelang.SIZE_CLASSES, "")
_STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}
_VERDICT_CODE = {s: i for i, s in enumerate(VERDICTS)}
_SIZE_CODE = {s: i for i, s in enumerate(SIZE_CLASSES)}

SCALE = 10 ** 6             # scaled-integer unit: values with up to 6 decimals are held exactly
_REP_LIMIT = 2.0 ** 31      # |value| below this (and ≤ 6 decimals) is held exactly as value × SCALE in int64
_TINY = 1e-6                # |value| below this (but not 0) is evaluated by the engine, like |value| ≥ 2³¹
_NEAR_REL = 1e-11           # a float comparison this close (relative) to its threshold is recomputed exactly
_GAP_REL = 1e-9             # a gap this close to a rounding step is recomputed exactly

def output_columns(book: RuleBook | None = None) -> list[str]:
    """The screen output columns of docs/cli.md."""
    book = book or rulebook()
    head = ["row", "company_name", "error"]
    for t in TIER_COLUMNS:
        head += [f"{t}.verdict", f"{t}.standard"]
    for c in book.all_criteria():
        head += [f"{c.id}.status", f"{c.id}.gap"]
    head.append("gate.size_class")
    return head


# ============================================================================= evaluation

class _Unsupported(Exception):
    """Rule data this module cannot evaluate column-wise; the rows go to the engine instead."""


# _scaled, _places and _strict_scaled take rule data only (thresholds, points, units; never a company's
# figure): their results are kept, as the rule book itself is (~15 ms of every chunk's fixed cost).
@functools.lru_cache(maxsize=4096)
def _scaled(v: Any, scale: int = SCALE) -> int:
    f = frac(v) * scale
    if f.denominator != 1:
        raise _Unsupported(f"{v} has more than 6 decimals")
    return int(f)


_EXACT_DIGITS = 10 ** 39        # _exact_ratio: gaps whose rounding needs no Decimal (see there)


@functools.lru_cache(maxsize=256)
def _places(unit: str) -> int:
    """Decimals a gap in this unit is rounded up to (fmt.round_gap)."""
    return -fmt.round_gap(Fraction(1, 10 ** 9), fmt.gap_unit(unit)).as_tuple().exponent


def _status(known: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """PASS/FAIL where known, MISSING elsewhere — branch-free int8 arithmetic (masked writes with
    unpredictable masks are ~50× slower in numpy)."""
    st = np.asarray(ok, bool).view(np.int8) * np.int8(2)     # PASS = 2, FAIL = 0
    st -= 1
    st *= np.asarray(known, bool).view(np.int8)
    st += 1                                                  # unknown → MISSING = 1
    return st


def _blend(cond: np.ndarray, a: np.ndarray, b: Any) -> np.ndarray:
    """int8 select: a where cond, else b (arithmetic, exact for small ints)."""
    out = a - b
    out *= cond.view(np.int8)
    out += b
    return out.astype(np.int8, copy=False)


def _pick(cond: np.ndarray, a: Any, b: Any) -> np.ndarray:
    """float64 select: np.where(cond, a, b) bit for bit (NaN, ±0.0, infinities), `a` or `b` may be a
    number. Branch-free on the bits: np.where costs ~4.5 ns an element where `cond` changes irregularly
    from row to row (mispredicted branches), this ~1.4 ns with `screen`'s malloc settings
    (screen.keep_freed_memory; under glibc's defaults its temporaries may be fresh pages)."""
    bits = [np.asarray(v, np.float64).view(np.int64) for v in (a, b)]
    mask = np.asarray(cond, bool).view(np.int8).astype(np.int64)
    np.negative(mask, out=mask)                   # all ones where cond, zeros elsewhere
    out = bits[0] ^ bits[1]
    out &= mask
    out ^= bits[1]
    return out.view(np.float64)


# rounded gap factor by leaf status: FAIL keeps the gap, PASS makes it 0, MISSING makes it NaN
_GAP_FACTOR = np.array([1.0, np.nan, 0.0])
_GAP_OF_STATUS = np.array([np.nan, np.nan, 0.0, 0.0, np.nan, np.nan])   # pass/exempt: 0; others none
# rulelang.verdict_of by status code (blank: meets, holds nothing back)
_VERDICT_OF_STATUS = np.array([VERDICTS.index(rulelang.verdict_of(s)) for s in rulelang.STATUSES] + [2], np.int8)
# rulelang.exempt_status by test·3 + exemption status codes
_EXEMPT_TABLE = np.array([_STATUS_CODE[x] for x in rulelang.table2(rulelang.exempt_status, rulelang.KNOWN,
                                                                   rulelang.KNOWN)], np.int8)
# rulelang.interval_status by ok_lo·2 + ok_hi
_INTERVAL_TABLE = np.array([_STATUS_CODE[rulelang.interval_status(a, b)] for a in (False, True) for b in (False, True)],
                           np.int8)


@functools.lru_cache(maxsize=1024)
def _strict_scaled(op: str, unit: str, scale: int = SCALE) -> int:
    """rulelang.strict_step × scale: what a strict comparison adds to a gap."""
    return _scaled(rulelang.strict_step(op, unit), scale)


def _ceil_div(a: np.ndarray, b: int) -> np.ndarray:
    return -((-a) // b)


@dataclass
class _Leaf:
    """A number/score leaf evaluated over all rows: status, and the gap rounded as shown."""
    unit: str
    st: np.ndarray
    rgap: np.ndarray | None      # FAIL: rounded gap; PASS: 0; MISSING: NaN
    th: float = math.nan         # its threshold (the engine's Part.threshold), for the closeness ranks


@dataclass
class _Ref:
    """A leaf at one position of a condition tree."""
    leaf: _Leaf
    group: int                   # per-year leaves of one Compare share a group
    ev: np.ndarray | None        # rows where the engine evaluates this leaf (switch branches); None = all
    anc: tuple[np.ndarray, ...]  # statuses of the any_of nodes above it (for the engine's `why`)


@dataclass
class _Res:
    st: np.ndarray
    refs: list[_Ref]


class _Row:
    """Row i of the columns, read like a profile by Indicator.measure (floats → exact decimals)."""
    __slots__ = ("_ev", "_i")

    def __init__(self, ev: "_Eval", i: int):
        self._ev, self._i = ev, i

    def __getattr__(self, name: str) -> Any:
        v = self._ev.num(name)[self._i]
        return None if v != v else float(v)


def _v_ratio(a, t):
    num, den = a
    known = ~np.isnan(num) & ~np.isnan(den) & (den != 0)
    v = num * 100.0 / den
    return known, v, v, float(t), np.abs(v), np.abs(v)


def _v_growth(a, t):
    m1, m2 = a
    known = ~np.isnan(m1) & ~np.isnan(m2) & (m2 > 0)
    q = m1 / m2
    v = (q - 1.0) * 100.0
    mag = (np.abs(q) + 1.0) * 100.0
    return known, v, v, float(t), mag, mag


def _v_avg_growth(a, t):
    m1, m2, m3 = a
    known = ~np.isnan(m1) & ~np.isnan(m2) & ~np.isnan(m3) & (m2 > 0) & (m3 > 0)
    q1, q2 = m1 / m2, m2 / m3
    v = ((q1 - 1.0) + (q2 - 1.0)) * 50.0
    mag = (np.abs(q1) + np.abs(q2) + 2.0) * 50.0
    return known, v, v, float(t), mag, mag


def _v_cagr(a, t):
    r1, r3 = a
    known = ~np.isnan(r1) & ~np.isnan(r3) & (r3 > 0)
    key = r1 / r3
    root = np.sqrt(np.abs(key))
    v = root * 100.0 - 100.0
    return known, v, key, float((1 + t / 100) ** 2), np.abs(key), (root + 1.0) * 100.0


# The column-wise forms of the indicators' formulas, by the name each Indicator declares (`form`, one of
# zjtx.indicators.FORMS): `linear` ones are evaluated in scaled integers (n = divisor of an average, None:
# the number of inputs), the others in float64 with exact re-checks. A form in neither table (ENGINE_FORMS,
# or one added to FORMS without a vector form) is evaluated element by element with the engine's code.
_LINEAR = {"plain": 1, "sum": 1, "avg": None}
_FLOAT = {"ratio": _v_ratio, "growth": _v_growth, "avg_growth": _v_avg_growth, "cagr": _v_cagr}
VECTOR_FORMS = frozenset(_LINEAR) | frozenset(_FLOAT)
ENGINE_FORMS: frozenset[str] = frozenset()      # forms deliberately left to the engine's exact code


def _p_ratio(num, den):
    return num, den


def _p_growth(m1, m2):                       # (m1/m2 − 1)·100
    return m1 - m2, m2


def _p_avg_growth(m1, m2, m3):               # ((m1/m2 − 1) + (m2/m3 − 1))·50
    return m1 * m3 + m2 * m2 - 2 * m2 * m3, 2 * m2 * m3


# The same indicators as 100·num/den in integers (scaled inputs; the scale cancels), for exact re-checks.
_RATIO_PARTS = {"ratio": _p_ratio, "growth": _p_growth, "avg_growth": _p_avg_growth}


class _Eval:
    def __init__(self, cols: Cols, book: RuleBook, active: np.ndarray | None = None,
                 threshold_codes: Mapping[str, Mapping[float, int]] | None = None):
        self.cols, self.book, self.n = cols, book, cols.n
        # criterion id → {threshold: code}: also give the headline threshold of failing criteria, as codes
        self.threshold_codes = threshold_codes
        # rows this pass answers for (the others are errors or the engine's): exact work only there
        self.active = np.ones(self.n, bool) if active is None else active
        self.fallback = np.zeros(self.n, bool)     # rows to hand to the engine
        self._nan = np.full(self.n, np.nan)
        self._nan.flags.writeable = False
        self._no_code = np.full(self.n, -1, np.int8)   # threshold code -1: none
        self._no_code.flags.writeable = False
        self._scaled: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._leaves: dict[tuple, _Leaf] = {}
        self._cards: dict[tuple[str, str], dict[str, tuple[np.ndarray, np.ndarray]]] = {}
        self._size: tuple[np.ndarray, np.ndarray] | None = None
        self._cases: dict[tuple[int, int], tuple] = {}      # (review, year) → their distinct cases
        self._group = 0
        self.exact_checks = 0                      # elements re-checked with Fractions (for the benchmark)

    # ----------------------------------------------------------------------------- columns
    def num(self, key: str) -> np.ndarray:
        return self.cols.num.get(key, self._nan)

    def flag(self, key: str) -> np.ndarray:
        v = self.cols.flag.get(key)
        return np.full(self.n, -1, np.int8) if v is None else v

    def enum(self, key: str) -> np.ndarray:
        v = self.cols.enum.get(key)
        return np.full(self.n, -1, np.int16) if v is None else v

    def scaled(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(value × SCALE as int64, whether that holds the cell's decimal exactly)."""
        hit = self._scaled.get(key)
        if hit is None:
            x = self.num(key)
            with np.errstate(invalid="ignore"):
                k = np.rint(x * SCALE)
                rep = (np.abs(x) < _REP_LIMIT) & (k / SCALE == x)
            hit = (_pick(rep, k, 0.0).astype(np.int64), rep)
            self._scaled[key] = hit
        return hit

    def next_group(self) -> int:
        self._group += 1
        return self._group

    # ------------------------------------------------------------------------------ leaves
    def compare(self, ind: Indicator, year: str | None, op: str, t: Fraction, unit: str, need_gap: bool) -> _Leaf:
        key = (ind.name, year, op, t, unit)
        hit = self._leaves.get(key)
        if hit is not None and (hit.rgap is not None or not need_gap):
            return hit
        if ind.form in _LINEAR:
            leaf = self._linear(ind, year, op, t, unit, need_gap)
        elif ind.form in _FLOAT:
            leaf = self._float(ind, year, op, t, unit, need_gap, _FLOAT[ind.form])
        else:     # an indicator formula this module does not know: every element exactly
            leaf = _Leaf(unit, np.full(self.n, MISSING, np.int8), np.full(self.n, np.nan) if need_gap else None)
            self._exact(ind, year, op, t, unit, np.ones(self.n, bool), leaf)
        leaf.th = float(t)
        self._leaves[key] = leaf
        return leaf

    def _linear(self, ind, year, op, t, unit, need_gap) -> _Leaf:
        names = ind.inputs(year)
        div = _LINEAR[ind.form] or len(names)
        known = np.ones(self.n, bool)
        rep = np.ones(self.n, bool)
        total = np.zeros(self.n, np.int64)
        for name in names:
            k, r = self.scaled(name)
            known &= ~np.isnan(self.num(name))
            rep &= r
            total = total + k
        ts = _scaled(t, SCALE * div)
        st = _status(known, OPS[op](total, ts))
        leaf = _Leaf(unit, st, None)
        if need_gap:
            p = _places(unit)
            gap = np.abs(ts - total)                   # rulelang.shortfall
            if op in rulelang.STRICT:
                gap = gap + _strict_scaled(op, unit, SCALE * div)
            rounded = _ceil_div(gap * 10 ** p, SCALE * div) / 10 ** p
            leaf.rgap = rounded * _GAP_FACTOR[st]
        slow = known & ~rep
        if slow.any():
            self._exact(ind, year, op, t, unit, slow, leaf)
        return leaf

    def _float(self, ind, year, op, t, unit, need_gap, vec) -> _Leaf:
        arrays = [self.num(name) for name in ind.inputs(year)]
        with np.errstate(all="ignore"):
            known, v, cv, ct, cmag, vmag = vec(arrays, t)
            st = _status(known, OPS[op](cv, ct))
            near = known & (~np.isfinite(cv) | (np.abs(cv - ct) <= _NEAR_REL * (abs(ct) + cmag)))
            leaf = _Leaf(unit, st, None)
            if need_gap:
                p = _places(unit)
                scale = 10.0 ** p
                g = np.abs(float(t) - v)                # rulelang.shortfall
                if op in rulelang.STRICT:
                    g = g + float(rulelang.strict_step(op, unit))
                y = g * scale
                ambiguous = (st == FAIL) & (~np.isfinite(y) | (y > 2.0 ** 50) | (
                    np.abs(y - np.rint(y)) <= _GAP_REL * (1.0 + (vmag + abs(float(t))) * scale)))
                near |= ambiguous
                leaf.rgap = (np.ceil(y) / scale) * _GAP_FACTOR[st]
        if near.any():
            rest = self._exact_ratio(ind, year, op, t, unit, near, leaf)
            if rest.any():
                self._exact(ind, year, op, t, unit, rest, leaf)
        return leaf

    def _exact_ratio(self, ind, year, op, t, unit, mask, leaf: _Leaf) -> np.ndarray:
        """Exact re-check of ratio-like indicators in Python integers (value = 100·num/den, from the
        scaled inputs); returns the masked elements it could not take (inputs not held exactly)."""
        fn = _RATIO_PARTS.get(ind.form)
        mask = mask & self.active
        if fn is None:
            return mask
        names = ind.inputs(year)
        idx = np.flatnonzero(mask)
        scaled = [self.scaled(name) for name in names]
        ok_rep = np.logical_and.reduce([rep[idx] for _, rep in scaled])
        rest = np.zeros(self.n, bool)
        rest[idx[~ok_rep]] = True
        idx = idx[ok_rep]
        if not len(idx):
            return rest
        self.exact_checks += len(idx)
        num, den = fn(*[k[idx].astype(object) for k, _ in scaled])
        flip = den < 0
        num, den = np.where(flip, -num, num), np.where(flip, -den, den)
        lhs, rhs = num * (100 * t.denominator), den * t.numerator       # 100·num/den op t ⇔ lhs op rhs
        ok = OPS[op](lhs, rhs).astype(bool)
        leaf.st[idx] = np.where(ok, PASS, FAIL)
        if leaf.rgap is not None:
            leaf.rgap[idx[ok]] = 0.0
            step = rulelang.strict_step(op, unit)
            gu = fmt.gap_unit(unit)
            fails, a, b = idx[~ok], np.abs(rhs - lhs)[~ok], (den * t.denominator)[~ok]
            # the engine's gap, the same Fraction |t − 100·num/den| (+ a step) = gn/gd, rounded up to
            # p places as fmt.round_gap does, in Python integers element-wise: ceil(gn·10^p / gd) / 10^p
            # (int / int is correctly rounded, as float(Decimal) is). round_gap divides to ≥ 40
            # significant digits first; that never crosses a multiple of 10^-p while gn·10^p < 10^39
            # (the gap is then at least 1/(gd·10^p) from one), so larger ones take round_gap itself.
            scale = 10 ** _places(unit)
            if len(fails):
                gn = a * step.denominator + step.numerator * b
                gd = b * step.denominator
                direct = np.array([d > 0 and g * scale < _EXACT_DIGITS for g, d in zip(gn, gd)], bool)
                if direct.any():
                    q = -((-gn[direct] * scale) // gd[direct])
                    leaf.rgap[fails[direct]] = (q / scale).astype(np.float64)
                for i, x, y in zip(fails[~direct], a[~direct], b[~direct]):
                    try:
                        leaf.rgap[i] = float(fmt.round_gap(Fraction(int(x), int(y)) + step, gu))
                    except ArithmeticError:     # (a zero denominator)
                        self.fallback[i] = True
        return rest

    def _exact(self, ind, year, op, t, unit, mask, leaf: _Leaf) -> None:
        """Re-evaluate the masked elements with the engine's own exact code (engine._compare_part)."""
        gu = fmt.gap_unit(unit)
        rows = np.flatnonzero(mask & self.active)
        self.exact_checks += len(rows)
        for i in rows:
            m = ind.measure(_Row(self, int(i)), year)
            if not m.known:
                leaf.st[i] = MISSING
                if leaf.rgap is not None:
                    leaf.rgap[i] = np.nan
                continue
            ok = ind.compare(m, op, t)
            leaf.st[i] = PASS if ok else FAIL
            if leaf.rgap is not None:
                if ok:
                    leaf.rgap[i] = 0.0
                else:
                    gap = rulelang.shortfall(m.value, op, t, unit)
                    try:
                        leaf.rgap[i] = float(fmt.round_gap(gap, gu))
                    except ArithmeticError:     # beyond Decimal precision: the engine fails here too
                        self.fallback[i] = True

    # ------------------------------------------------------------------------------- nodes
    def eval(self, node: Any, rs: RuleSet, need_gap: bool) -> _Res:
        """A condition over every row: the method VECTOR_NODES names for its type (rulelang gives each
        construct its meaning); a type routed to the engine (ENGINE_NODES) or unknown raises _Unsupported,
        and the rule set's rows are evaluated by the engine instead."""
        name = VECTOR_NODES.get(type(node))
        if name is None:
            raise _Unsupported(f"condition node {type(node).__name__}")
        return getattr(self, name)(node, rs, need_gap)

    def _compare_node(self, node: Compare, rs: RuleSet, need_gap: bool) -> _Res:
        ind, t = node.source(), frac(node.threshold)
        g = self.next_group()
        refs = [_Ref(self.compare(ind, y, node.op, t, node.unit, need_gap), g, None, ())
                for y in (node.years or (None,))]
        st = refs[0].leaf.st if len(refs) == 1 else np.minimum.reduce([r.leaf.st for r in refs])   # all_of
        return _Res(st, refs)

    def _flag(self, node: Flag, rs: RuleSet, need_gap: bool) -> _Res:
        v = self.flag(node.field)
        return _Res(_status(v >= 0, v == int(node.is_)), [])

    def _member(self, node: Member, rs: RuleSet, need_gap: bool) -> _Res:
        spec = FIELD[node.field]
        table = np.array([MISSING] + [PASS if o.value in node.in_ else FAIL for o in spec.options], np.int8)
        return _Res(table.take(self.enum(node.field) + 1), [])

    def _all_of(self, node: AllOf, rs: RuleSet, need_gap: bool) -> _Res:
        kids = [self.eval(c, rs, need_gap) for c in node.all_of]                      # rulelang.all_of
        return _Res(np.minimum.reduce([k.st for k in kids]), [r for k in kids for r in k.refs])

    def _any_of(self, node: AnyOf, rs: RuleSet, need_gap: bool) -> _Res:
        kids = [self.eval(c, rs, need_gap) for c in node.any_of]                      # rulelang.any_of
        st = np.maximum.reduce([k.st for k in kids])
        return _Res(st, [_Ref(r.leaf, r.group, r.ev, r.anc + (st,)) for k in kids for r in k.refs])

    def _sme_size(self, node: SmeSize, rs: RuleSet, need_gap: bool) -> _Res:
        if need_gap:     # its headline gap is handled where it is a criterion's whole test
            raise _Unsupported("sme_size inside another condition")
        return _Res(self.size()[0], [])

    def _switch(self, node: Switch, rs: RuleSet, need_gap: bool) -> _Res:
        """The first case whose comparison passes chooses the branch; `otherwise` when none does;
        missing while the switch's figure is unknown (engine._eval_switch)."""
        ind = node.source()
        chosen = np.zeros(self.n, bool)
        branches = []
        known = None
        for case in node.cases:
            leaf = self.compare(ind, None, case.op, frac(case.threshold), node.unit, False)
            known = leaf.st != MISSING
            take = known & ~chosen & (leaf.st == PASS)
            chosen |= take
            branches.append((take, case.then))
        if known is None:   # pragma: no cover - a switch has at least one case
            raise _Unsupported("empty switch")
        branches.append((known & ~chosen, node.otherwise))
        st = np.full(self.n, MISSING, np.int8)
        refs = []
        for take, then in branches:
            res = self.eval(then, rs, need_gap)
            st = _blend(take, res.st, st)
            refs += [_Ref(r.leaf, r.group, take if r.ev is None else (r.ev & take), r.anc) for r in res.refs]
        return _Res(st, refs)

    # ------------------------------------------------------------------------------ scores
    def card(self, rs: RuleSet, card_id: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Score intervals [lo, hi] × SCALE for every target of a scorecard (engine.score)."""
        hit = self._cards.get((rs.id, card_id))
        if hit is not None:
            return hit
        card = rs.scorecard(card_id)
        out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for item in card.items:
            mx = _scaled(item.max)
            if item.points_equal_value:
                ind = item.measure.source()
                names = ind.inputs(item.measure.year)
                if ind.form != "plain" or len(names) != 1:
                    raise _Unsupported(f"points_equal_value on {ind.name}")
                k, rep = self.scaled(names[0])
                known = ~np.isnan(self.num(names[0]))
                pts = np.clip(k, 0, mx)
                lo, hi = np.where(known, pts, 0), np.where(known, pts, mx)
                self.fallback |= known & ~rep
            else:
                lo, hi = self._bands(item, rs)
            out[f"item:{item.id}"] = (lo, hi)
        for g in card.groups:
            mine = [out[f"item:{i.id}"] for i in card.items if i.group == g.id]
            out[f"group:{g.id}"] = (sum(x[0] for x in mine), sum(x[1] for x in mine))
        items = [out[f"item:{i.id}"] for i in card.items]
        out["total"] = (sum(x[0] for x in items), sum(x[1] for x in items))
        self._cards[(rs.id, card_id)] = out
        return out

    def _bands(self, item, rs: RuleSet) -> tuple[np.ndarray, np.ndarray]:
        """[lo, hi] × SCALE of a banded item: rulelang.band_interval, looked up by the bands' status codes
        (index Σ status_k · 3^k; the loader allows at most a handful of bands)."""
        codes = np.zeros(self.n, np.int16)
        for k, b in enumerate(item.bands):
            if b.when is not None:
                st = self.eval(b.when, rs, False).st
            else:
                ind, m = item.measure.source(), item.measure
                op, t = (">=", b.at_least) if b.at_least is not None else ("<=", b.at_most)
                st = self.compare(ind, m.year, op, frac(t), m.unit, False).st
            codes += st.astype(np.int16) * np.int16(3 ** k)
        lo, hi = _band_tables(tuple(_scaled(b.points) for b in item.bands), _scaled(item.otherwise))
        return lo[codes], hi[codes]

    def _score_test(self, node: ScoreTest, rs: RuleSet, need_gap: bool) -> _Res:
        """A test on a score interval (engine._eval_score_test): rulelang.interval_status, the gap from
        rulelang.interval_actual."""
        lo, hi = self.card(rs, node.score)[node.target]
        ts = _scaled(node.threshold)
        idx = OPS[node.op](lo, ts).view(np.int8) * np.int8(2)
        idx += OPS[node.op](hi, ts).view(np.int8)
        st = _INTERVAL_TABLE.take(idx)                       # rulelang.interval_status
        leaf = _Leaf("分", st, None, float(frac(node.threshold)))
        if need_gap:                                         # the gap is kept where the test fails only
            actual = rulelang.interval_actual(lo, hi, node.op, "fail")
            gap = np.abs(ts - actual)                        # rulelang.shortfall
            if node.op in rulelang.STRICT:
                gap = gap + _strict_scaled(node.op, "分")
            p = _places("分")
            rounded = _ceil_div(gap * 10 ** p, SCALE) / 10 ** p
            leaf.rgap = rounded * _GAP_FACTOR[st]
        return _Res(st, [_Ref(leaf, self.next_group(), None, ())])

    # ---------------------------------------------------------------------------- SME size
    def size(self) -> tuple[np.ndarray, np.ndarray]:
        """(gate.sme_size status, size-class code) per row (engine._eval_size; classes by rulelang.size_class).
        Each industry's bounds are compared on that industry's rows only."""
        if self._size is not None:
            return self._size
        table = self.book.size
        fields_of = rulelang.size_fields(table)
        codes = self.enum("industry")
        st = np.full(self.n, MISSING, np.int8)
        cls = np.full(self.n, _SIZE_CODE[""], np.int8)

        for k, opt in enumerate(FIELD["industry"].options):
            sub = np.flatnonzero(codes == k)
            if not len(sub):
                continue

            def leaf(b, op):
                x = self.num(fields_of[b.measure])[sub]
                with np.errstate(invalid="ignore"):
                    return _status(~np.isnan(x), OPS[op](x, float(b.value)))

            ind = table.industry(opt.value)
            sme = np.maximum.reduce([leaf(b, "<") for b in ind.sme_if_below_any])
            med = np.minimum.reduce([leaf(b, ">=") for b in ind.medium.all_of])
            small = np.minimum.reduce([leaf(b, ">=") for b in ind.small.all_of])
            st[sub] = sme
            cls[sub] = _SIZE_TABLE.take(sme * 9 + med * 3 + small)
        self._size = (st, cls)
        return self._size

    def size_gap(self, unit: str, th_codes: Mapping[float, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(gap, threshold code) of a failing SME-size test (rulelang.shortfall + rulelang.headline): every upper
        bound of the industry is reached, each leaf's gap is value − bound + one step; the headline is
        the leaf with the largest gap (of the leaves in the criterion's unit, if any; the first of
        equal gaps): its gap rounded up, and the code of its bound in `th_codes` (-1 without them).
        Each industry's bounds are worked out on that industry's rows only."""
        table = self.book.size
        fields_of = rulelang.size_fields(table)
        codes = self.enum("industry")
        out = np.full(self.n, np.nan)
        out_th = self._no_code if th_codes is None else np.full(self.n, -1, np.int8)
        for k, opt in enumerate(FIELD["industry"].options):
            sub = np.flatnonzero(codes == k)
            if not len(sub):
                continue
            bounds = table.industry(opt.value).sme_if_below_any
            units = [FIELD[fields_of[b.measure]].unit_zh for b in bounds]
            chosen = [b for b, u in zip(bounds, units) if u == unit] or list(bounds)
            best = np.full(len(sub), -np.inf)
            if th_codes is not None:        # the headline leaf
                head = np.zeros(len(sub), np.int64)   # its exact gap × SCALE (where the values are held exactly)
                th = np.full(len(sub), -1, np.int8)
                inexact = np.zeros(len(sub), bool)
            for j, b in enumerate(chosen):
                name = fields_of[b.measure]
                u = FIELD[name].unit_zh
                kv, rep = self.scaled(name)
                kv, rep = kv[sub], rep[sub]
                t = frac(b.value)
                gap = kv - _scaled(t) + _strict_scaled("<", u)    # rulelang.shortfall of a bound reached
                p = _places(u)
                rgap = _ceil_div(gap * 10 ** p, SCALE) / 10 ** p
                slow_sub = ~rep & ~np.isnan(self.num(name)[sub])
                if slow_sub.any():      # a value float64 × SCALE cannot hold: the engine's exact code
                    ind = FIELD_INDICATORS[name]
                    slow = np.zeros(self.n, bool)
                    slow[sub[slow_sub]] = True
                    leaf = _Leaf(u, np.full(self.n, MISSING, np.int8), np.full(self.n, np.nan))
                    leaf.st[sub] = FAIL
                    leaf.rgap[sub] = rgap
                    self._exact(ind, None, "<", t, u, slow, leaf)
                    rgap = leaf.rgap[sub]
                best = np.maximum(best, rgap)
                if th_codes is not None:
                    larger = gap > head if j else np.ones(len(sub), bool)
                    head = np.where(larger, gap, head)
                    th[larger] = th_codes[float(t)]
                    inexact |= slow_sub
            if th_codes is not None:
                for i in np.flatnonzero(inexact & self.active[sub]):     # a value float64 × SCALE cannot hold
                    r = sub[i]
                    gaps = [rulelang.shortfall(frac(float(self.num(fields_of[b.measure])[r])), "<", frac(b.value),
                                               FIELD[fields_of[b.measure]].unit_zh) for b in chosen]
                    th[i] = th_codes[float(frac(chosen[gaps.index(max(gaps))].value))]
                out_th[sub] = th
            out[sub] = best
        return out, out_th

    # ---------------------------------------------------------------------------- criteria
    def criterion(self, c: Criterion, rs: RuleSet, review: np.ndarray,
                  year: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(status code, rounded gap, threshold code) per row, as engine.evaluate_criterion + serialize
        give them; the threshold is that of the headline figure whose gap is given (CriterionResult.
        threshold), as its code in `threshold_codes`, where the criterion fails; -1 where it fails without
        a figure, wherever it does not fail, and for every row when no threshold codes were asked for.
        `year`: the assessment year of each row (needed by criteria scoped to years, e.g. 190号's 2025 rules)."""
        na = self._not_applicable(c, review, year)
        if na is not None and na.all():
            return np.full(self.n, NOT_APPLICABLE, np.int8), np.full(self.n, np.nan), self._no_code
        any_review = bool(review.any())
        all_review = any_review and bool(review.all())
        status, gap, th = self._judged(c, rs, rulelang.test_for(c, "review" if all_review else "new"))
        if c.review_test is not None and any_review and not all_review:
            rst, rgap, rth = self._judged(c, rs, rulelang.test_for(c, "review"))
            status, gap = _blend(review, rst, status), _pick(review, rgap, gap)
            th = th if rth is th else _blend(review, rth, th)
        if na is not None and na.any():
            status, gap = _blend(na, np.int8(NOT_APPLICABLE), status), _pick(na, np.nan, gap)
            th = th if th is self._no_code else _blend(na, np.int8(-1), th)
        return status, gap, th

    def _not_applicable(self, c: Criterion, review: np.ndarray, year: np.ndarray | None) -> np.ndarray | None:
        """Rows where the criterion is not assessed: Criterion.applicability itself, asked once for each
        distinct (application type, assessment year) of the rows. None: no such row."""
        if not rulelang.is_scoped(c):
            return None
        if year is None:
            if c.assessed_in is not None or c.not_assessed:
                raise _Unsupported(f"{c.id} is scoped to years")
            year = np.zeros(self.n, np.int64)       # applies_to alone does not depend on the year
        hit = self._cases.get((id(review), id(year)))
        if hit is None or hit[0] is not review or hit[1] is not year:
            combo, inverse = np.unique(year.astype(np.int64) * 2 + review, return_inverse=True)
            hit = (review, year, combo.tolist(), inverse.reshape(-1))
            self._cases[(id(review), id(year))] = hit
        _, _, combo, inverse = hit
        na = np.array([c.applicability("review" if k % 2 else "new", k // 2) is not None for k in combo])
        out = na[inverse]
        return out if out.any() else None

    def _judged(self, c: Criterion, rs: RuleSet, test: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if isinstance(test, SmeSize):
            o = _Res(self.size()[0], [])
        else:
            o = self.eval(test, rs, True)
        status = o.st.copy()
        if c.exempt_if is not None:                      # rulelang.exempt_status
            ex = self.eval(c.exempt_if, rs, False).st
            status = _EXEMPT_TABLE.take(status * np.int8(3) + ex)
        if not o.refs and not isinstance(test, SmeSize):
            return status, np.full(self.n, np.nan), self._no_code     # yes/no and option tests: no figure
        gap = _GAP_OF_STATUS[status]                        # pass/exempt: 0 (a figure exists); else none
        if o.refs and any(r.ev is not None for r in o.refs):
            has_number = np.zeros(self.n, bool)
            for r in o.refs:
                has_number |= True if r.ev is None else r.ev
            gap[~has_number] = np.nan
        fail = status == FAIL
        th = self._no_code                                  # read-only: only failing rows get a threshold
        if fail.any():
            codes = None if self.threshold_codes is None else self.threshold_codes[c.id]
            fg, fth = (self.size_gap(c.unit, codes) if isinstance(test, SmeSize)
                       else self._fail_gap(o.refs, c.unit, codes))
            gap = _pick(fail, fg, gap)
            if codes is not None:
                th = _blend(fail, fth, np.int8(-1))
        return status, gap, th

    def _fail_gap(self, refs: Sequence[_Ref], unit: str,
                  codes: Mapping[float, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(gap, threshold code) of the headline part of a failing criterion (rulelang.headline, status
        'fail'): the first failing number/score part of the engine's `why` (those of the criterion's
        unit first); for per-year siblings (one rule, one threshold), the largest gap. The threshold is
        given as its code in `codes` (-1 without `codes`)."""
        n = self.n
        why = []
        for r in refs:
            w = r.leaf.st == FAIL
            if r.ev is not None:
                w = w & r.ev
            for a in r.anc:
                w = w & (a == FAIL)
            why.append(w)
        pool = why     # a failure on yes/no or option parts only has no headline figure
        same_unit = [p for p, r in zip(pool, refs) if r.leaf.unit == unit]
        has_unit = np.logical_or.reduce(same_unit) if same_unit else np.zeros(n, bool)
        pref = [p if r.leaf.unit == unit else (p & ~has_unit) for p, r in zip(pool, refs)]
        out = np.full(n, np.nan)
        out_th = self._no_code if codes is None else np.full(n, -1, np.int8)
        chosen = np.zeros(n, bool)
        j = 0
        while j < len(refs):
            k = j
            while k < len(refs) and refs[k].group == refs[j].group:
                k += 1
            members = range(j, k)
            take = np.logical_or.reduce([pref[m] for m in members]) & ~chosen
            if take.any():
                if k - j == 1:
                    first = refs[j].leaf.rgap
                else:
                    first = np.full(n, np.nan)
                    got = np.zeros(n, bool)
                    for m in members:
                        first = _pick(pref[m] & ~got, refs[m].leaf.rgap, first)
                        got |= pref[m]
                value = first
                if k - j > 1:      # per-year siblings: the binding (largest) gap
                    known = [pref[m] & (refs[m].leaf.st != MISSING) for m in members]
                    count = np.sum(known, axis=0)
                    best = np.max([_pick(kn, refs[m].leaf.rgap, -np.inf) for kn, m in zip(known, members)],
                                  axis=0)
                    value = _pick(count > 1, best, first)
                if not chosen.any() and take.all():
                    out = value
                    if codes is not None:
                        out_th = np.full(n, codes[refs[j].leaf.th], np.int8)
                else:
                    out = _pick(take, value, out)
                    if codes is not None:
                        out_th = _blend(take, np.int8(codes[refs[j].leaf.th]), out_th)
                chosen |= take
            j = k
        return out, out_th


# Size class (rulelang.size_class) by (sme, medium, small) status codes, index sme·9 + medium·3 + small.
_SIZE_TABLE = np.array([_SIZE_CODE[c or ""] for c in rulelang.table3(rulelang.size_class, rulelang.KNOWN,
                                                                     rulelang.KNOWN, rulelang.KNOWN)], np.int8)


# Every condition type of the rule language (zjtx.rules.Cond), by the _Eval method that evaluates it over
# columns, or routed to the engine row by row (tests/test_code_health.py checks that none is forgotten).
VECTOR_NODES: Mapping[type, str] = MappingProxyType({
    Compare: "_compare_node", Flag: "_flag", Member: "_member", AllOf: "_all_of", AnyOf: "_any_of",
    ScoreTest: "_score_test", Switch: "_switch", SmeSize: "_sme_size",
})
ENGINE_NODES: frozenset[type] = frozenset()     # condition types deliberately left to the engine


@functools.lru_cache(maxsize=64)
def _band_tables(points: tuple[int, ...], otherwise: int) -> tuple[np.ndarray, np.ndarray]:
    """rulelang.band_interval for every combination of band statuses, index Σ status_k · 3^k."""
    nb = len(points)
    if 3 ** nb > 3 ** 8:      # pragma: no cover - no scorecard has that many bands
        raise _Unsupported("too many bands")
    lo = np.zeros(3 ** nb, np.int64)
    hi = np.zeros(3 ** nb, np.int64)
    for idx in range(3 ** nb):
        sts = [rulelang.KNOWN[(idx // 3 ** k) % 3] for k in range(nb)]
        lo[idx], hi[idx] = rulelang.band_interval(sts, points, otherwise)
    lo.flags.writeable = hi.flags.writeable = False
    return lo, hi


def _verdict_codes(statuses: Sequence[np.ndarray], n: int) -> np.ndarray:
    """fails (0) if any criterion fails, else incomplete (1) if any is missing, else meets (2)."""
    v = np.full(n, 2, np.int8)
    for s in statuses:
        np.minimum(v, _VERDICT_OF_STATUS.take(s), out=v)
    return v


def _default_year(default_year: int | None) -> int:
    return _dt.date.today().year if default_year is None else int(default_year)


def headline_thresholds(book: RuleBook) -> dict[str, tuple[float, ...]]:
    """criterion id → every threshold its headline figure can have, sorted: those of the number and
    score tests of its rule (and review rule), and for an SME-size test every bound of the size table."""
    bounds = {float(frac(b.value)) for ind in book.size.industries for b in ind.sme_if_below_any}
    out = {}
    for c in book.all_criteria():
        vals: set[float] = set()
        for node in walk(c.test, c.review_test):
            if isinstance(node, (Compare, ScoreTest)):
                vals.add(float(frac(node.threshold)))
            elif isinstance(node, SmeSize):
                vals |= bounds
        if len(vals) > 127:     # pragma: no cover - the codes are int8
            raise ValueError(f"{c.id}: more than 127 thresholds")
        out[c.id] = tuple(sorted(vals))
    return out


CHUNK_ROWS = 1 << 17      # rows evaluated together: bounds the working memory, keeps arrays in cache


class _Out:
    """The output columns as codes and floats, filled chunk by chunk."""

    def __init__(self, n: int, book: RuleBook, errors: np.ndarray, thresholds: bool = False):
        self.labels = {t: sorted({rs.standard for rs in book.rulesets.values() if rs.tier == t})
                       for t in TIER_COLUMNS}
        self.names = np.full(n, "", dtype=object)
        self.errors = errors
        self.verdict = {t: np.full(n, _VERDICT_CODE[""], np.int8) for t in TIER_COLUMNS}
        self.std = {t: np.full(n, len(self.labels[t]), np.int8) for t in TIER_COLUMNS}
        self.status = {c.id: np.full(n, BLANK, np.int8) for c in book.all_criteria()}
        self.gaps = {c.id: np.full(n, np.nan) for c in book.all_criteria()}
        # headline thresholds of failing criteria: codes into threshold_values (-1: none), when asked for
        self.threshold_values = headline_thresholds(book) if thresholds else None
        self.threshold_codes = None if not thresholds else {
            cid: {v: k for k, v in enumerate(vals)} for cid, vals in self.threshold_values.items()}
        self.thresholds = {c.id: np.full(n, -1, np.int8) for c in book.all_criteria()} if thresholds else None
        self.size = np.full(n, _SIZE_CODE[""], np.int8)
        self.exact_checks = 0
        self.engine_rows = 0


@functools.lru_cache(maxsize=256)
def _categories(values: tuple, dtype: Any = None) -> pd.CategoricalDtype:
    """The categorical type of an output column, built once (checking the categories costs ~0.5 ms a
    column, ~2.5 s over the chunks of 1M rows); a CategoricalDtype is immutable, so it can be shared."""
    return pd.CategoricalDtype(pd.Index(list(values), dtype=dtype))


def evaluate_frame(data: pd.DataFrame | ParsedFrame, standard: str = "auto", book: RuleBook | None = None, *,
                   default_year: int | None = None, first_row: int = 1, workers: int | None = None,
                   thresholds: bool = False) -> pd.DataFrame:
    """Evaluate every row of a frame of companies; results identical to zjtx.engine.evaluate per row.

    `data`: a DataFrame of profile fields (typed or raw text cells, see parse_frame) or a ParsedFrame.
    `standard`: auto | 2026 | 2022, applied row by row as in the engine (criteria/selection.yaml; docs/rules.md 适用标准的选择).
    `default_year`: assessment year of rows that give none (default: this year, like parse_profile).
    `workers`: threads evaluating chunks of rows in parallel (default: one per CPU; numpy releases the GIL).
    `thresholds`: also return, after those columns, `<id>.threshold` per criterion: the threshold of the
    headline figure whose gap is given (CriterionResult.threshold) where the criterion fails, NaN where it
    fails without a figure and where it does not fail (a categorical of floats: one byte a row). Not part
    of screen's output: zjtx.rank reads them.

    Returns one row per input row, in input order (same index), with the columns of
    `output_columns(book)`: row (first_row-based), company_name, error ("" when read), per tier
    `<tier>.verdict` / `<tier>.standard`, per criterion of every rule set `<id>.status` / `<id>.gap`,
    and gate.size_class. Verdict, standard, status and size-class columns are categoricals whose
    values are the strings screen writes ("" where screen writes nothing: rows with an error, and
    criteria of a rule set the row was not judged by). Gap columns are float64: the gap rounded up
    like fmt.round_gap (0 for pass/exempt), NaN where screen writes nothing."""
    book = book or rulebook()
    check_standard(book, standard)
    pf = data if isinstance(data, ParsedFrame) else parse_frame(data, first_row=first_row)
    first_row = pf.first_row
    n = len(pf)
    out = _Out(n, book, pf.row_errors.copy(), thresholds)
    year0 = _default_year(default_year)
    chunks = [(lo, min(n, lo + CHUNK_ROWS)) for lo in range(0, n, CHUNK_ROWS)]
    workers = min(len(chunks), workers or os.cpu_count() or 1)
    if workers > 1:     # chunks write disjoint slices of `out`
        with ThreadPoolExecutor(workers) as pool:
            counts = list(pool.map(lambda c: _evaluate_rows(pf, *c, standard, book, year0, out), chunks))
    else:
        counts = [_evaluate_rows(pf, *c, standard, book, year0, out) for c in chunks]
    out.exact_checks = sum(x for x, _ in counts)
    out.engine_rows = sum(y for _, y in counts)
    cols: dict[str, Any] = {"row": np.arange(first_row, first_row + n), "company_name": out.names,
                            "error": out.errors}
    for t in TIER_COLUMNS:
        cols[f"{t}.verdict"] = pd.Categorical.from_codes(out.verdict[t], dtype=_categories(VERDICTS))
        cols[f"{t}.standard"] = pd.Categorical.from_codes(out.std[t], dtype=_categories((*out.labels[t], "")))
    for c in book.all_criteria():
        cols[f"{c.id}.status"] = pd.Categorical.from_codes(out.status[c.id], dtype=_categories(STATUSES))
        cols[f"{c.id}.gap"] = out.gaps[c.id]
    cols["gate.size_class"] = pd.Categorical.from_codes(out.size, dtype=_categories(SIZE_CLASSES))
    if out.thresholds is not None:
        for c in book.all_criteria():
            cols[f"{c.id}.threshold"] = pd.Categorical.from_codes(
                out.thresholds[c.id], dtype=_categories(out.threshold_values[c.id], np.float64))
    frame = pd.DataFrame(cols, index=pf.source.index, copy=False)   # the arrays are ours: no 1 s copy
    frame.attrs["exact_checks"] = out.exact_checks     # elements re-checked with exact arithmetic
    frame.attrs["engine_rows"] = out.engine_rows       # rows evaluated by the one-profile engine
    return frame


def _evaluate_rows(pf: ParsedFrame, lo: int, hi: int, standard: str, book: RuleBook, year0: int,
                   out: _Out) -> tuple[int, int]:
    """Evaluate rows lo..hi-1 of a parsed frame into `out`; return (exact re-checks, engine rows)."""
    n = hi - lo
    cols = pf.cols.take(slice(lo, hi))
    errors = out.errors[lo:hi]                        # a view: row errors found here are written through
    engine_rows = np.zeros(n, bool)
    engine_rows[[i - lo for i in pf.exact if lo <= i < hi]] = True
    # Extreme magnitudes (never real figures) go to the engine row by row: there, every derived value
    # stays within what the column-wise path holds, and the engine's own failures stay its own.
    with np.errstate(invalid="ignore"):
        for x in cols.num.values():
            ax = np.abs(x)
            engine_rows |= (ax >= _REP_LIMIT) | ((ax > 0) & (ax < _TINY))
    readable = errors == ""
    engine_rows &= readable
    valid = readable & ~engine_rows

    years = cols.num.get("assessment_year")
    year = np.full(n, year0, np.int64)
    if years is not None:
        given = valid & ~np.isnan(years)
        year[given] = years[given].astype(np.int64)
    app = cols.enum.get("application_type")
    review_idx = [i for i, o in enumerate(FIELD["application_type"].options) if o.value == "review"]
    review = np.zeros(n, bool) if app is None else (np.isin(app, review_idx) & valid)

    # the standard of each tier, row by row (engine.choose_standard on each distinct year/type)
    labels = out.labels
    std = {t: a[lo:hi] for t, a in out.std.items()}
    std["gate"][valid] = labels["gate"].index(book.get("gate").standard)
    combo, inverse = np.unique(year * 2 + review, return_inverse=True)
    picks = {tier: [labels[tier].index(choose_standard(book, tier, "review" if c % 2 else "new", int(c // 2),
                                                       standard)[0]) for c in combo] for tier in TIERS}
    for tier in TIERS:
        std[tier][valid] = np.array(picks[tier], np.int8)[inverse][valid]
    # Rows that take the same standard in every tier are evaluated together, each rule set over its own
    # rows only (a list is mostly of one standard: the other standard's rule sets, the 2022 scorecards
    # the costliest, are not computed for every row); every step is row by row, so the results are
    # those of one pass over all rows.
    choice_of = [tuple(picks[t][j] for t in TIERS) for j in range(len(combo))]
    choices = sorted(set(choice_of))
    group = np.array([choices.index(c) for c in choice_of], np.int64)[inverse]

    status = {k: a[lo:hi] for k, a in out.status.items()}
    gaps = {k: a[lo:hi] for k, a in out.gaps.items()}
    ths = None if out.thresholds is None else {k: a[lo:hi] for k, a in out.thresholds.items()}
    verdict = {k: a[lo:hi] for k, a in out.verdict.items()}
    size = out.size[lo:hi]
    exact_checks = 0

    for g, choice in enumerate(choices):
        sel = valid & (group == g)
        if not sel.any():
            continue
        whole = bool(sel.all())
        idx = slice(None) if whole else np.flatnonzero(sel)
        ev = _Eval(cols if whole else cols.take(idx), book, None, out.threshold_codes)
        rev, yr = review[idx], year[idx]

        def put(dst: np.ndarray, src: np.ndarray) -> None:
            dst[idx] = src

        def run(rs: RuleSet) -> np.ndarray:
            """Evaluate a rule set over this group's rows; its own verdict codes (rows it cannot take → engine)."""
            try:
                res = [ev.criterion(c, rs, rev, yr) for c in rs.criteria]
            except _Unsupported:
                engine_rows[sel] = True
                return np.full(ev.n, 2, np.int8)
            for c, (st, gp, th) in zip(rs.criteria, res):
                put(status[c.id], st)
                put(gaps[c.id], gp)
                if ths is not None and th is not ev._no_code:      # (the columns start as -1)
                    put(ths[c.id], th)
            return _verdict_codes([st for st, _, _ in res], ev.n)

        gate_own = run(book.get("gate"))
        put(verdict["gate"], gate_own)
        for tier, k in zip(TIERS, choice):
            put(verdict[tier], np.minimum(run(book.get(tier, labels[tier][k])), gate_own))
        put(size, ev.size()[1])
        engine_rows[idx] |= ev.fallback
        exact_checks += ev.exact_checks

    names = out.names[lo:hi]
    text_names = cols.text.get("company_name")
    if text_names is not None:
        names[valid] = text_names[valid]
        names[valid & (names == None)] = ""  # noqa: E711 - elementwise on an object array
    bad_rows = np.flatnonzero(~readable)
    names[bad_rows] = pf.raw_name(bad_rows + lo)

    # rows the column-wise path does not take: the one-profile engine, row by row
    for j in np.flatnonzero(engine_rows):
        j, i = int(j), int(j) + lo
        record = pf.record(i)
        profile = pf.exact.get(i) or parse_profile(record)
        if profile.assessment_year is None or record.get("assessment_year") is None:
            profile = profile.model_copy(update={"assessment_year": year0})
        for c in book.all_criteria():
            status[c.id][j], gaps[c.id][j] = BLANK, np.nan
            if ths is not None:
                ths[c.id][j] = -1
        try:
            a = evaluate(profile, book, standard)
        except ArithmeticError as exc:
            # engine.evaluate raises (decimal.InvalidOperation) on values beyond Decimal's precision
            # (≥ about 10²⁶); one such row must not stop the others
            errors[j] = f"第 {pf.first_row + i} 行 无法评估（{type(exc).__name__}）：数值过大，超出计算精度，请核对"
            names[j] = pf.raw_name(np.array([i]))[0]
            for t in TIER_COLUMNS:
                verdict[t][j], std[t][j] = _VERDICT_CODE[""], len(labels[t])
            size[j] = _SIZE_CODE[""]
            continue
        names[j] = profile.company_name or ""
        for t in (a.gate, *a.tiers.values()):
            verdict[t.tier][j] = _VERDICT_CODE[t.verdict]
            std[t.tier][j] = labels[t.tier].index(t.standard)
        for c in a.all_criteria():
            status[c.id][j] = _STATUS_CODE[c.status]
            g = fmt.round_gap(c.gap, c.gap_unit)
            gaps[c.id][j] = np.nan if g is None else float(g)
            if ths is not None and c.status == "fail" and c.threshold is not None:
                ths[c.id][j] = out.threshold_codes[c.id][float(c.threshold)]
        size[j] = _SIZE_CODE[a.gate.size_class or ""]
    return exact_checks, int(engine_rows.sum())
