"""Input widgets bound to the canonical profile (state.PROFILE).

Every figure is a text box the app parses (never the browser): what was typed stays in the box
exactly ("4,500", "１２００", "-5", "1e15"), a problem is said in Chinese under the field, and
the rules read the same text. A slider under the box moves the same figure; it is shown only
when the box holds a valid number (blank looks blank: no slider parked at 0).

Every widget has a key made from its scope and field id (`w:form-num:revenue_y1:…`,
`w:form-sl:revenue_y1:…`, `w:sb-num:assessment_year:…`) and is created with `value=` the
canonical profile's value. It writes back through one callback that also renews every other
widget bound to the same field, so those are created afresh from the new value on the next run —
the box and its slider move together, and the sidebar and the form agree.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

import streamlit as st

from ..fields import FIELD, FieldSpec
from ..limits import markdown_literal
from ..i18n import NUMBER_SUFFIXES, STRINGS, colon, pair, t
from ..profile import BOUNDS as PROFILE_BOUNDS  # shared, read-only
from ..profile import FieldError
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
    parts = [spec.help.get(lang)]
    fy = fiscal_year(spec, year)
    if spec.period == "year_end":
        parts.append(t("in_as_of", lang, fy=fy))
    elif fy:
        parts.append(t("in_fiscal_year", lang, fy=fy))
    used = field_usage().get(spec.key, ())
    if used:
        names = [f"{cid} {pair(lz, le).get(lang)}" for cid, lz, le in used]
        parts.append(t("in_used_by", lang) + t("semi_sep", lang).join(names))
    return "\n\n".join(p for p in parts if p)


def label_for(spec: FieldSpec, lang: str, year: int, *, with_year: bool = True) -> str:
    name = spec.short.get(lang)
    if spec.key in ("segment_years",):
        name = spec.get(lang)
    fy = fiscal_year(spec, year)
    unit = spec.unit_text.get(lang)
    bits = []
    if with_year and fy and spec.period != "year_end":
        bits.append(f"{fy}")
    if spec.period == "year_end":
        bits.append(t("in_year_end", lang, fy=fy))
    if unit and spec.kind not in ("enum", "bool", "text", "year"):
        bits.append(unit)
    if not bits:
        return name
    return name + t("paren_after", lang, x=t("comma_sep", lang).join(bits))


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


_NOTHING = object()


def created(key: str, value: Any) -> None:
    """Remember the value a widget instance was created with (see sync_field)."""
    made = st.session_state.setdefault(state.CREATED, {})
    if key not in made:
        if len(made) > 500:                      # old instances: keep the newest half
            for k in list(made)[:250]:
                del made[k]
        made[key] = value


def register(scope: str, field: str) -> None:
    st.session_state.setdefault(state.WIDGET_SCOPES, {}).setdefault(field, set()).add(scope)


def sync_field(field: str, scope: str, key: str, convert: Callable[[Any], Any]) -> None:
    """on_change: copy the widget's value into the canonical profile; renew the field's other widgets.

    A superseded instance (its key is no longer current) still on the user's screen can report two
    things: its old value, echoed with another widget's change (seen: the old number box reporting
    11400 right after the slider moved to 11350) — ignored; or a value the user really typed into
    it before the new instance arrived — applied, never lost. They differ by whether the value is
    still the last one the instance was created with or gave."""
    made = st.session_state.setdefault(state.CREATED, {})
    value = st.session_state.get(key)
    if key != widget_key(scope, field):
        if made.get(key, _NOTHING) is _NOTHING or value == made[key]:
            return
    made[key] = value                  # the last value this instance created or gave
    state.set_field(field, convert(value))
    versions = _versions()
    for other in st.session_state.get(state.WIDGET_SCOPES, {}).get(field, ()):
        if other != scope:
            versions[(other, field)] = versions.get((other, field), 0) + 1


def display_text(raw: Any) -> str:
    """A canonical raw value as the text in its box: text as typed; a number plainly (12000, 2.5)."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return t("yes" if raw else "no")           # as typed in a file: the Chinese word
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return repr(raw)
        if raw.is_integer() and abs(raw) < 1e15:
            return str(int(raw))
        d = Decimal(repr(raw)).normalize()
        return format(d, "f")
    return str(raw)


_SUFFIX = re.compile(r"\s*(" + "|".join(map(re.escape, NUMBER_SUFFIXES)) + r")\s*$")


def read_number(raw: Any) -> Decimal | None:
    """The number a box's text means (the rules' reading: NFKC, unit suffix, thousands commas),
    or None when it is not a number."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return Decimal(repr(raw)) if not isinstance(raw, float) or math.isfinite(raw) else None
    s = _SUFFIX.sub("", unicodedata.normalize("NFKC", str(raw)).strip()).replace(",", "").replace(" ", "")
    try:
        d = Decimal(s)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def name_with_year(spec: FieldSpec, lang: str, year: int) -> str:
    """'营业收入（2025）', '资产总额（2025年末）' — a field named as its label names it."""
    fy = fiscal_year(spec, year)
    name = spec.short.get(lang)
    if fy is None:
        return name
    if spec.period == "year_end":
        return t("in_name_year_end", lang, name=name, fy=fy)
    return t("in_name_year", lang, name=name, fy=fy)


def _hint(kind: str, lang: str) -> str:
    """How a figure of this kind is typed (i18n hint_<kind>); "" for a kind without one."""
    key = f"hint_{kind}"
    return t(key, lang) if key in STRINGS else ""


def _bounds(spec: FieldSpec) -> tuple[Any, Any]:
    return (spec.lo, spec.hi) if spec.lo is not None else PROFILE_BOUNDS.get(spec.kind, (None, None))


def problem(spec: FieldSpec, raw: Any, lang: str) -> str | None:
    """What is wrong with one number box's text, in words a person can act on (None: nothing the
    box alone shows; the rules' own message is used then)."""
    k = spec.kind
    if k in ("text", "enum", "bool"):
        return None
    shown = display_text(raw)
    if len(shown) > 40:
        shown = shown[:39] + "…"
    hint = _hint(k, lang)
    d = read_number(raw)
    if d is None:
        return t("in_not_number", lang, v=shown, hint=hint)
    integer = k in ("persons", "count", "rank", "level", "year")
    if integer and d != d.to_integral_value():
        return t("in_not_integer", lang, v=shown, hint=hint)
    lo, hi = _bounds(spec)
    if lo is not None and d < lo:
        if k in ("money", "persons", "count"):
            return t("in_negative", lang, v=shown)
        return t("in_too_small", lang, v=shown, lo=fmt_bound(lo), hi=fmt_bound(hi))
    if hi is not None and d > hi:
        if k in ("money", "money_signed"):
            return t("in_money_too_large", lang, v=shown, hi=fmt_bound(hi))
        if k in ("persons", "count", "rank"):
            return t("in_too_large", lang, v=shown, hi=fmt_bound(hi))
        return t("in_out_of_range", lang, v=shown, lo=fmt_bound(lo), hi=fmt_bound(hi), hint=hint)
    return None


def fmt_bound(v: Any) -> str:
    return f"{int(v):,}" if v == int(v) else str(v)


def message(e: FieldError, lang: str, year: int) -> str:
    """A FieldError as said on the page: fields named as their labels name them (real years), the
    values as they were typed (never '上年度', never '4500.0')."""
    raw = state.raw_profile()
    if len(e.fields) == 2 and all(f in FIELD for f in e.fields):
        a, b = FIELD[e.fields[0]], FIELD[e.fields[1]]
        la, lb = name_with_year(a, lang, year), name_with_year(b, lang, year)
        va, vb = display_text(raw.get(a.key)), display_text(raw.get(b.key))
        return t("in_pair", lang, la=la, va=va, lb=lb, vb=vb)
    if len(e.fields) == 1 and e.fields[0] in FIELD:
        spec = FIELD[e.fields[0]]
        p = problem(spec, raw.get(spec.key), lang)
        if p:
            return f"{name_with_year(spec, lang, year)}{colon(lang)}{p}"
    return e.text(lang)


def _to_raw(v: Any) -> Any:
    """A text box's value → the canonical raw value (blank → None: the field is removed)."""
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _slider_raw(step: float) -> Callable[[Any], Any]:
    places = max(0, -Decimal(repr(step)).normalize().as_tuple().exponent) if step < 1 else 0

    def convert(v: Any) -> Any:
        if v is None:
            return None
        v = round(float(v), places)
        return int(v) if float(v).is_integer() and abs(v) < 1e15 else v
    return convert


def number_field(spec: FieldSpec, lang: str, year: int, *, scope: str = "form", slider: bool = True,
                 with_year: bool = True, label: str | None = None) -> None:
    raw = state.raw_profile().get(spec.key)
    slider = slider and spec.kind != "year"
    num_scope, sl_scope = f"{scope}-num", f"{scope}-sl"
    num_key = widget_key(num_scope, spec.key)
    register(num_scope, spec.key)
    text = label or label_for(spec, lang, year, with_year=with_year)
    placeholder = t("in_unknown_blank", lang)
    if spec.kind == "year":
        placeholder = t("in_blank_year", lang, year=_dt.date.today().year)
    created(num_key, display_text(raw))
    st.text_input(text, value=display_text(raw), key=num_key, placeholder=placeholder,
                  help=help_text(spec, lang, year), on_change=sync_field, args=(spec.key, num_scope, num_key, _to_raw),
                  autocomplete="off")
    errors = state.field_errors(spec.key)
    value = read_number(raw) if not errors and raw is not None else None
    if slider and value is not None:
        _slider(spec, float(value), text, sl_scope)
    _field_errors(spec, lang, year, errors)
    if value is not None and spec.kind in ("money", "money_signed"):
        _unit_check(spec, value, lang)


YUAN_SUSPECT = Decimal(10) ** 7      # 万元: 1000 亿元 — beyond any SME (an SME's revenue is < 40 000 万元)
YUAN_RATIO = Decimal(10) ** 4        # 10 000× another year of the same figure: typed in 元, not 万元


def implausible(spec: FieldSpec, value: Decimal, raw_profile: dict[str, Any]) -> bool:
    """A money figure that looks typed in 元: above 10⁷ 万元, or 10⁴× the same figure in another year."""
    if abs(value) > YUAN_SUSPECT:
        return True
    stem = _stem(spec.key)
    if stem == spec.key or abs(value) < 10_000:
        return False
    for suffix in ("_y1", "_y2", "_y3"):
        other = raw_profile.get(stem + suffix)
        o = read_number(other) if stem + suffix != spec.key else None
        if o is not None and o != 0 and abs(value) >= abs(o) * YUAN_RATIO:
            return True
    return False


def _unit_check(spec: FieldSpec, value: Decimal, lang: str) -> None:
    """Warn under a money box whose figure looks typed in 元, and offer the conversion to 万元."""
    if not implausible(spec, value, state.raw_profile()):
        return
    wan = value / 10000
    shown = display_text(_plain_number(wan))
    st.warning(t("in_yuan_warning", lang, v=display_text(_plain_number(value)), yi=fmt_bound(value / 10000),
                 yuan=fmt_bound(value * 10000)), icon=":material/warning:")
    st.button(t("in_yuan_convert", lang, v=shown), key=f"yuan:{spec.key}:{state.epoch()}",
              on_click=convert_yuan, args=(spec.key,))


def _plain_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def convert_yuan(field: str) -> None:
    """on_click: the figure was in 元 — divide by 10 000; every widget of the field shows the result."""
    value = read_number(state.raw_profile().get(field))
    if value is None:
        return
    state.set_field(field, display_text(_plain_number((value / 10000).quantize(Decimal("0.01")).normalize())))
    versions = _versions()
    for scope in st.session_state.get(state.WIDGET_SCOPES, {}).get(field, ()):
        versions[(scope, field)] = versions.get((scope, field), 0) + 1


def _slider(spec: FieldSpec, value: float, text: str, sl_scope: str) -> None:
    sl_key = widget_key(sl_scope, spec.key)
    register(sl_scope, spec.key)
    lo, hi, step = slider_range(spec, value)
    sv = min(max(value, lo), hi)
    integer = spec.kind in ("persons", "count", "rank", "level")
    created(sl_key, int(sv) if integer else float(sv))
    if integer:
        st.slider(text, min_value=int(lo), max_value=int(hi), value=int(sv), step=1, key=sl_key,
                  label_visibility="collapsed", on_change=sync_field, args=(spec.key, sl_scope, sl_key, _slider_raw(1)))
    else:
        st.slider(text, min_value=float(lo), max_value=float(hi), value=float(sv), step=float(step), key=sl_key,
                  format="%.0f" if float(step).is_integer() else None, label_visibility="collapsed", on_change=sync_field,
                  args=(spec.key, sl_scope, sl_key, _slider_raw(float(step))))


def app_type_field(lang: str, scope: str = "form", label: str | None = None) -> None:
    """申报类型 as two buttons (新申报 / 复核); the same widget in the sidebar and the form."""
    key = widget_key(scope, "application_type")
    register(scope, "application_type")
    current = state.raw_profile().get("application_type")
    current = current if current in ("new", "review") else "new"
    st.segmented_control(label or t("application_type", lang), ["new", "review"], default=current, key=key,
                         required=True, format_func=lambda v: t(f"app_{v}", lang),
                         on_change=sync_field, args=("application_type", scope, key, lambda v: v or "new"))


def bool_field(spec: FieldSpec, lang: str, year: int, *, scope: str = "form") -> None:
    key = widget_key(scope, spec.key)
    register(scope, spec.key)
    raw = state.raw_profile().get(spec.key)
    from ..profile import parse_bool
    try:
        current = parse_bool(raw)
    except Exception:
        current = None
    yes, no = t("yes", lang), t("no", lang)
    st.segmented_control(label_for(spec, lang, year), [True, False], default=current, key=key,
                         format_func=lambda v: yes if v else no, help=help_text(spec, lang, year)
                         + t("in_no_selection", lang),
                         on_change=sync_field, args=(spec.key, scope, key, lambda v: v))
    _field_errors(spec, lang, year)


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
    unknown = t("in_unknown", lang)
    options = [None, *values]
    st.selectbox(label_for(spec, lang, year), options, index=options.index(current), key=key,
                 format_func=lambda v: unknown if v is None else spec.option(v).get(lang),
                 help=help_text(spec, lang, year), on_change=sync_field, args=(spec.key, scope, key, lambda v: v))
    _field_errors(spec, lang, year)


def text_field(spec: FieldSpec, lang: str, year: int, *, scope: str = "form") -> None:
    if spec.key == "company_name" and state.anonymised():   # hidden on screen; kept in the profile
        st.text_input(label_for(spec, lang, year), value=state.shown_name("x", lang), disabled=True,
                      key=f"{WIDGET_PREFIX}{scope}:anon:{spec.key}:{lang}", help=t("anon_field_note", lang))
        return
    key = widget_key(scope, spec.key)
    register(scope, spec.key)
    raw = state.raw_profile().get(spec.key)
    st.text_input(label_for(spec, lang, year), value="" if raw is None else str(raw), key=key, help=help_text(spec, lang, year),
                  on_change=sync_field, args=(spec.key, scope, key, _to_raw), autocomplete="off")
    _field_errors(spec, lang, year)


def field(key: str, lang: str, year: int, **kw: Any) -> None:
    spec = FIELD[key]
    if key == "application_type":
        app_type_field(lang, kw.get("scope", "form"), label=label_for(spec, lang, year))
        _field_errors(spec, lang, year)
    elif spec.kind == "bool":
        bool_field(spec, lang, year, **{k: v for k, v in kw.items() if k == "scope"})
    elif spec.kind == "enum":
        enum_field(spec, lang, year, **{k: v for k, v in kw.items() if k == "scope"})
    elif spec.kind == "text":
        text_field(spec, lang, year, **{k: v for k, v in kw.items() if k == "scope"})
    else:
        number_field(spec, lang, year, **kw)


def _field_errors(spec: FieldSpec, lang: str, year: int, errors: tuple | None = None) -> None:
    for e in (state.field_errors(spec.key) if errors is None else errors):
        st.error(markdown_literal(message(e, lang, year)), icon=":material/error:")

