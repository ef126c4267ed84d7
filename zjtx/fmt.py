"""Number formatting shared by reasons, the CLI, charts and the UI.

Ratios show two decimals; a failing value never displays as if it met the threshold (a gap is
rounded *up*, so 2.999 % against 3 % shows a gap of 0.01, never 0.00).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Any

# decimals shown per unit; integer units round gaps up to whole steps
_PLACES = {"%": 2, "个百分点": 2, "万元": 2, "分": 2, "年": 2, "人": 0, "项": 0, "名": 0, "级": 0, "": 2}
INTEGER_UNITS = frozenset({"人", "项", "名", "级"})

UNIT_EN = {"%": "%", "个百分点": "pp", "万元": "×10k CNY", "分": "pts", "年": "yrs", "人": "persons",
           "项": "items", "名": "", "级": "", "": ""}


def _digits(v: Any) -> int:
    """Enough decimal precision to hold v's integer part plus 12 places (huge ratios from tiny
    denominators stay exact instead of overflowing the default 28 digits)."""
    try:
        size = abs(v)
        if size < 10 ** 20:            # the common case: no need to count digits
            return 40
        return len(str(int(size))) + 16
    except (TypeError, ValueError, OverflowError):
        return 40


_STEPS = {p: Decimal(1).scaleb(-p) for p in range(0, 12)}


def _quantize(d: Decimal, places: int, rounding: str) -> Decimal:
    step = _STEPS.get(places) or Decimal(1).scaleb(-places)
    if d.adjusted() + places < 26:     # fits the default 28-digit context
        return d.quantize(step, rounding=rounding)
    with localcontext() as ctx:
        ctx.prec = d.adjusted() + places + 8
        return d.quantize(step, rounding=rounding)


def _exact_decimal(v: Any) -> Decimal:
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return Decimal(v.numerator)
        with localcontext() as ctx:
            ctx.prec = _digits(v)
            return Decimal(v.numerator) / Decimal(v.denominator)
    return Decimal(str(v)) if isinstance(v, float) else Decimal(v)


def to_decimal(v: Any, places: int) -> Decimal:
    return _quantize(_exact_decimal(v), places, ROUND_HALF_EVEN)


def gap_unit(unit: str) -> str:
    return "个百分点" if unit == "%" else unit


def round_gap(gap: Fraction | None, unit: str) -> Decimal | None:
    """A gap rounded up to the unit's display precision (never shows 0 for a real shortfall)."""
    if gap is None:
        return None
    return _quantize(_exact_decimal(gap), _PLACES.get(unit, 2), ROUND_CEILING)


def distinct_places(v: Any, threshold: Any, places: int, limit: int = 10) -> int:
    """Enough decimals that a value different from its threshold never shows equal to it
    (2.995 % against 3 % shows 2.995 %, not 3.00 %)."""
    if v is None or threshold is None or Fraction(v) == Fraction(threshold):
        return places
    while places < limit and to_decimal(v, places) == to_decimal(threshold, places):
        places += 1
    return places


def num(v: Any, unit: str = "", *, thousands: bool = True, versus: Any = None) -> str:
    """A number as shown to people: '2.60' for %, '12,000' / '1,234.50' for 万元, '55' for points.
    With `versus` (its threshold), extra decimals keep a different value from looking equal."""
    if v is None:
        return "—"
    base = _PLACES.get(unit, 2)
    places = distinct_places(v, versus, base) if versus is not None else base
    d = to_decimal(v, places)
    if unit in ("万元", "分", "年", "") and d == d.to_integral_value() and places == base:
        d = d.quantize(Decimal(1))
    elif unit in ("分", "年", "") and places:
        d = d.normalize() if d != 0 else Decimal(0)
    text = f"{d:,}" if thousands and abs(d) >= 10000 else f"{d}"
    return text


def with_unit(v: Any, unit: str, lang: str = "zh", versus: Any = None) -> str:
    if v is None:
        return "—"
    n = num(v, unit, versus=versus)
    if lang == "en":
        if unit == "%":
            return f"{n}%"
        if unit == "名":
            return f"#{n}"
        return f"{n} {UNIT_EN.get(unit, unit)}".rstrip()
    if unit == "%":
        return f"{n}%"
    if unit == "名":
        return f"第 {n} 名"
    if unit == "":
        return n
    return f"{n} {unit}"


def gap_text(gap: Any, unit: str, lang: str = "zh") -> str:
    g = gap_unit(unit)
    if lang == "en":
        if unit == "%":
            return f"{num(gap, g)} pp"
        return with_unit(gap, unit, "en")
    if unit == "名":
        return f"{num(gap, unit)} 名"
    return f"{num(gap, g)} {g}"


def json_number(v: Any, places: int = 4, versus: Any = None) -> float | int | None:
    """A JSON-ready number: integers stay integers; others rounded half-even to `places`
    (more when needed so a value different from `versus` never equals it)."""
    if v is None:
        return None
    places = distinct_places(v, versus, places) if versus is not None else places
    d = to_decimal(v, places) if not isinstance(v, Decimal) else _quantize(v, places, ROUND_HALF_EVEN)
    if d == d.to_integral_value():
        return int(d)
    return float(d)
