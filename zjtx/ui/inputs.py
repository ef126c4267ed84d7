"""Input widgets bound to the canonical profile (state.PROFILE).

Every widget has a key made from its scope and field id (`w:form-num:revenue_y1`,
`w:form-sl:revenue_y1`, `w:sb-num:assessment_year`) and is created with `value=` the canonical
profile's value. It writes back through one callback that also drops the state of every other
widget bound to the same field, so those are created afresh from the new value on the next run —
the precise input and its slider move together, and the sidebar and the form agree. (Number boxes
are the exception: they are created with value=None, so they can be cleared to "不清楚", and
their value is primed through st.session_state.) Values the user typed are never lost: the
canonical profile keeps them even when invalid.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Callable

import streamlit as st

from ..limits import markdown_literal
from ..fields import FIELD, FieldSpec
from ..usage import field_usage
from . import state

WIDGET_PREFIX = "w:"

# ------------------------------------------------------------------------- pure helpers

# default slider maximum per field (万元 / persons / …); grows with the value (never caps it)
_DEFAULT_MAX = {
    "revenue": 20000, "main_revenue": 20000, "net_profit": 3000, "cost_expense": 20000,
    "total_assets": 30000, "total_liabilities": 20000, "rd_expense": 2000, "equity": 10000,
    "employees": 1000, "rd_staff": 300, "tech_staff": 300, "segment_years": 20,
    "class1_ip": 20, "class1_ip_high_value": 10, "class2_ip": 50, "sci_award_rank": 10, "domestic_rank": 20,
}


def _stem(key: str) -> str:
    for suffix in ("_y1", "_y2", "_y3"):
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def nice_ceiling(x: float) -> float:
    """The next 1-2-5 × 10^n at or above x (20000 → 20000, 23000 → 50000)."""
    if x <= 0:
        return 1.0
    exp = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        v = m * 10 ** exp
        if v >= x - 1e-9:
            return float(v)
    return float(10 ** (exp + 1))


def slider_range(spec: FieldSpec, value: float | None) -> tuple[float, float, float]:
    """(min, max, step) for a field's slider. The maximum is at least twice the current value,
    so a large company is never capped; the number box beside it has no upper limit at all."""
    k = spec.kind
    if k in ("percent", "score"):
        return 0.0, 100.0, 0.1
    if k in ("level", "points"):
        return float(spec.lo or 0), float(spec.hi or 0), 1.0
    base = _DEFAULT_MAX.get(_stem(spec.key), 100)
    lo = 0.0
    if k == "money_signed":
        lo = -nice_ceiling(max(base, abs(value or 0) * 2))
    if k == "rank":
        lo = 1.0
    hi = nice_ceiling(max(base, abs(value or 0) * 2))
    if k in ("persons", "count", "rank"):
        return lo, hi, 1.0
    step = hi / 1000 if hi >= 1000 else (0.1 if k == "years" else 1.0)
    return lo, hi, step


def to_widget_number(v: Any, spec: FieldSpec) -> float | int | None:
    """A canonical raw value → what a number widget holds (None when blank or not a number)."""
    if v is None or v == "":
        return None
    try:
        d = Decimal(str(v).replace(",", ""))
    except Exception:
        return None
    if not d.is_finite():
        return None
    if spec.kind in ("persons", "count", "rank", "level", "year"):
        return int(d) if d == d.to_integral_value() else float(d)
    return float(d)


def fiscal_year(spec: FieldSpec, year: int) -> int | None:
    return {"y1": year - 1, "y2": year - 2, "y3": year - 3, "year_end": year - 1}.get(spec.period)


def help_text(spec: FieldSpec, lang: str, year: int) -> str:
    zh = lang == "zh"
    parts = [spec.help_zh if zh else spec.help_en]
    fy = fiscal_year(spec, year)
    if spec.period == "year_end":
        parts.append(f"所属时点：{fy} 年 12 月 31 日" if zh else f"As of 31 Dec {fy}")
    elif fy:
        parts.append(f"所属年度：{fy} 年度" if zh else f"Fiscal year {fy}")
    used = field_usage().get(spec.key, ())
    if used:
        names = [f"{cid} {lz if zh else le}" for cid, lz, le in used]
        parts.append(("用于：" if zh else "Used by: ") + ("；".join(names) if zh else "; ".join(names)))
    return "\n\n".join(p for p in parts if p)


def label_for(spec: FieldSpec, lang: str, year: int, *, with_year: bool = True) -> str:
    zh = lang == "zh"
    name = spec.short_zh if zh else spec.short_en
    if spec.key in ("segment_years",):
        name = spec.zh if zh else spec.en
    fy = fiscal_year(spec, year)
    unit = spec.unit_zh if zh else spec.unit_en
    bits = []
    if with_year and fy and spec.period != "year_end":
        bits.append(f"{fy}")
    if spec.period == "year_end":
        bits.append(f"{fy}年末" if zh else f"end {fy}")
    if unit and spec.kind not in ("enum", "bool", "text", "year"):
        bits.append(unit)
    if not bits:
        return name
    return f"{name}（{'，'.join(bits)}）" if zh else f"{name} ({', '.join(bits)})"


# ------------------------------------------------------------------------------ binding
#
# A field can be on screen in several widgets at once (number box + slider; the form and the
# sidebar). When one changes, the others must show the new value. Writing into the others'
# widget state looks simple but races the browser: a quick second key press sends the others'
# *old* values with it, Streamlit sees them as changes, and their callbacks write the stale value
# back (seen: 主营业务收入 vanished after fast slider presses). So a widget's state is never
# touched from the server. Instead every widget key carries a version: a change bumps the
# version of the field's *other* widgets, which are then created afresh from the canonical value,
# while the stale instances' states stay equal to what the browser holds (so no phantom change).

def _versions() -> dict:
    return st.session_state.setdefault(state.WIDGET_VERSIONS, {})


def widget_key(scope: str, field: str) -> str:
    """The current key of the widget showing `field` in `scope` (e.g. 'form-num', 'sb'). It ends with
    the language: translated option texts need a fresh widget (see state.lang_key)."""
    v = _versions()
    return f"{WIDGET_PREFIX}{scope}:{field}:{v.get('*', 0)}.{v.get((scope, field), 0)}:{state.lang()}"


def register(scope: str, field: str) -> None:
    st.session_state.setdefault(state.WIDGET_SCOPES, {}).setdefault(field, set()).add(scope)


def sync_field(field: str, scope: str, key: str, convert: Callable[[Any], Any]) -> None:
    """on_change: copy the widget's value into the canonical profile; renew the field's other widgets.

    A change reported by a superseded instance (its key is no longer current) is stale: the browser
    still showed it when it sent the rerun. It is ignored (seen: the old number box reporting
    11400 right after the slider moved to 11350)."""
    if key != widget_key(scope, field):
        return
    state.set_field(field, convert(st.session_state.get(key)))
    versions = _versions()
    for other in st.session_state.get(state.WIDGET_SCOPES, {}).get(field, ()):
        if other != scope:
            versions[(other, field)] = versions.get((other, field), 0) + 1


def number_field(spec: FieldSpec, lang: str, year: int, *, scope: str = "form", slider: bool = True,
                 with_year: bool = True, label: str | None = None) -> None:
    raw = state.raw_profile().get(spec.key)
    value = to_widget_number(raw, spec)
    slider = slider and spec.kind != "year"
    num_scope, sl_scope = f"{scope}-num", f"{scope}-sl"
    num_key, sl_key = widget_key(num_scope, spec.key), widget_key(sl_scope, spec.key)
    register(num_scope, spec.key)
    integer = spec.kind in ("persons", "count", "rank", "level", "year")
    lo, hi, step = slider_range(spec, value if isinstance(value, (int, float)) else None)
    min_value = None if spec.kind == "money_signed" else (lo if spec.kind != "year" else 2000)
    max_value = 100.0 if spec.kind in ("percent", "score") else (float(spec.hi) if spec.hi is not None else None)
    if spec.kind == "year":
        max_value = 2100
    shown = int(value) if integer and value is not None and float(value).is_integer() else value
    # value=None makes the box clearable ("不清楚"); its current value is primed through session
    # state instead (no clash: Streamlit only objects when both carry a value).
    if num_key not in st.session_state:
        st.session_state[num_key] = shown
    fmt_ = "%d" if integer else ("%.2f" if spec.kind in ("money", "money_signed", "percent", "score", "points") else "%.1f")
    text = label or label_for(spec, lang, year, with_year=with_year)
    cast = (lambda v: None if v is None else int(v)) if integer else (lambda v: None if v is None else float(v))
    st.number_input(
        text, value=None, key=num_key, min_value=int(min_value) if integer and min_value is not None else min_value,
        max_value=int(max_value) if integer and max_value is not None else max_value,
        step=1 if integer else (0.01 if spec.kind in ("money", "money_signed", "points") else 0.1),
        format=fmt_, placeholder=("不清楚（留空）" if lang == "zh" else "unknown (blank)"),
        help=help_text(spec, lang, year), on_change=sync_field, args=(spec.key, num_scope, num_key, cast))
    if slider:
        register(sl_scope, spec.key)
        sv = value if isinstance(value, (int, float)) else lo
        sv = min(max(sv, lo), hi)
        if integer:
            st.slider(text, min_value=int(lo), max_value=int(hi), value=int(sv), step=1, key=sl_key,
                      label_visibility="collapsed", on_change=sync_field, args=(spec.key, sl_scope, sl_key, cast))
        else:
            st.slider(text, min_value=float(lo), max_value=float(hi), value=float(sv), step=float(step), key=sl_key,
                      label_visibility="collapsed", on_change=sync_field, args=(spec.key, sl_scope, sl_key, cast))
    _field_errors(spec, lang)


def bool_field(spec: FieldSpec, lang: str, year: int, *, scope: str = "form") -> None:
    key = widget_key(scope, spec.key)
    register(scope, spec.key)
    raw = state.raw_profile().get(spec.key)
    from ..profile import parse_bool
    try:
        current = parse_bool(raw)
    except Exception:
        current = None
    yes, no = ("是", "否") if lang == "zh" else ("Yes", "No")
    st.segmented_control(label_for(spec, lang, year), [True, False], default=current, key=key,
                         format_func=lambda v: yes if v else no, help=help_text(spec, lang, year)
                         + ("\n\n不选 = 不清楚" if lang == "zh" else "\n\nNo selection = unknown"),
                         on_change=sync_field, args=(spec.key, scope, key, lambda v: v))
    _field_errors(spec, lang)


def enum_field(spec: FieldSpec, lang: str, year: int, *, scope: str = "form") -> None:
    key = widget_key(scope, spec.key)
    register(scope, spec.key)
    raw = state.raw_profile().get(spec.key)
    values = [o.value for o in spec.options]
    current = raw if raw in values else None
    if current is None and isinstance(raw, str):
        for o in spec.options:
            if raw.strip() in (o.zh, o.en):
                current = o.value
    unknown = "不清楚" if lang == "zh" else "Unknown"
    options = [None, *values]
    st.selectbox(label_for(spec, lang, year), options, index=options.index(current), key=key,
                 format_func=lambda v: unknown if v is None else (spec.option(v).zh if lang == "zh" else spec.option(v).en),
                 help=help_text(spec, lang, year), on_change=sync_field, args=(spec.key, scope, key, lambda v: v))
    _field_errors(spec, lang)


def text_field(spec: FieldSpec, lang: str, year: int, *, scope: str = "form") -> None:
    key = widget_key(scope, spec.key)
    register(scope, spec.key)
    raw = state.raw_profile().get(spec.key)
    st.text_input(label_for(spec, lang, year), value="" if raw is None else str(raw), key=key, max_chars=200, help=help_text(spec, lang, year),
                  on_change=sync_field, args=(spec.key, scope, key, lambda v: (v or "").strip() or None))
    _field_errors(spec, lang)


def field(key: str, lang: str, year: int, **kw: Any) -> None:
    spec = FIELD[key]
    if spec.kind == "bool":
        bool_field(spec, lang, year, **{k: v for k, v in kw.items() if k == "scope"})
    elif spec.kind == "enum":
        enum_field(spec, lang, year, **{k: v for k, v in kw.items() if k == "scope"})
    elif spec.kind == "text":
        text_field(spec, lang, year, **{k: v for k, v in kw.items() if k == "scope"})
    else:
        number_field(spec, lang, year, **kw)


def _field_errors(spec: FieldSpec, lang: str) -> None:
    for e in state.field_errors(spec.key):
        st.error(markdown_literal(e.text(lang)), icon=":material/error:")
