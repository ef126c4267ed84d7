"""The company profile (docs/profile.md) as a frozen pydantic v2 model, built from fields.py.

Every field is optional. Input is forgiving where a person would be (是/否, "1,500", "12.5%",
full-width digits, Chinese labels as keys and as enum values) and strict where a mistake is
certain (negative money, a share above 100, 主营业务收入 above 营业收入). Every problem becomes a
`FieldError` that names the field by its label and says what is allowed, in Chinese and English.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Annotated, Any, Literal, Mapping, Optional

from pydantic import (AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      create_model, model_validator)
from pydantic_core import PydanticCustomError

from . import limits
from .fields import FIELD, FIELDS, FieldSpec
from .i18n import Bilingual, t

# --------------------------------------------------------------------------- parsing helpers

# the words that mean "blank" (public: zjtx.batch reads cells with the same words)
MISSING_TOKENS = frozenset({"", "不清楚", "未知", "n/a", "na", "nan", "none", "null", "-", "—", "--"})
_TRUE = {"是", "true", "t", "1", "y", "yes", "有", "√", "✓", "对"}
_FALSE = {"否", "false", "f", "0", "n", "no", "无", "×", "✗", "不是", "没有"}
_UNIT_SUFFIX = re.compile(r"\s*(万元|万|元|%|人|项|年|分|名|级)\s*$")


def _norm_text(v: str) -> str:
    return unicodedata.normalize("NFKC", v).strip()


def _blank_to_none(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, str) and _norm_text(v).lower() in MISSING_TOKENS:
        return None
    return v


def _magnitude_ok(d: Decimal) -> Decimal:
    """Refuse a numeral whose size alone would cost time or memory (10^1000000 has a million digits;
    1e-1000000 a million decimals): no bound of any field comes near 10^15, and no float is
    smaller than 5e-324."""
    if d and d.adjusted() > limits.MAX_NUMERAL_EXPONENT:
        raise PydanticCustomError("huge", "too large")
    if d and d.adjusted() < limits.MIN_NUMERAL_EXPONENT:
        raise PydanticCustomError("tiny", "too small or too many decimals")
    return d


def _to_number(v: Any) -> Any:
    v = _blank_to_none(v)
    if isinstance(v, int) and not isinstance(v, bool):
        if v.bit_length() > 64:             # before any int → str conversion (limit of 4300 digits)
            raise PydanticCustomError("huge", "too large")
        return v
    if v is None:
        return v
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise PydanticCustomError("not_number", "not a finite number")
        return _magnitude_ok(v)
    if isinstance(v, bool):
        raise PydanticCustomError("not_number", "not a number")
    if isinstance(v, float):
        if not math.isfinite(v):
            raise PydanticCustomError("not_number", "not a finite number")
        return _magnitude_ok(Decimal(repr(float(v))))   # float(): numpy 2 spells np.float64(1.5)
    if isinstance(v, str):
        if limits.numeral_too_long(v) and limits.numeral_too_long(v.strip()):
            raise PydanticCustomError("numeral_too_long", "too many characters for a number")
        s = _UNIT_SUFFIX.sub("", _norm_text(v)).replace(",", "").replace(" ", "")
        try:
            d = Decimal(s)
        except InvalidOperation:
            raise PydanticCustomError("not_number", "not a number") from None
        if not d.is_finite():
            raise PydanticCustomError("not_number", "not a finite number")
        return _magnitude_ok(d)
    raise PydanticCustomError("not_number", "not a number")


def _to_int(v: Any) -> Any:
    v = _to_number(v)
    if isinstance(v, Decimal):
        if v != v.to_integral_value():
            raise PydanticCustomError("not_integer", "not an integer")
        return int(v)
    return v


def parse_bool(v: Any) -> Any:
    """是/否, true/false, 1/0, Y/N → bool; blank → None; anything else raises."""
    return _to_bool(v)


def _to_bool(v: Any) -> Any:
    v = _blank_to_none(v)
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, (int, float, Decimal)) and v in (0, 1):
        return bool(v)
    if isinstance(v, str):
        s = _norm_text(v).lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
    raise PydanticCustomError("not_bool", "not a yes/no value")


def _enum_parser(spec: FieldSpec):
    lookup: dict[str, str] = {}
    for o in spec.options:
        for token in (o.value, o.zh, o.en, *o.aliases):
            lookup[_norm_text(token).lower()] = o.value

    def parse(v: Any) -> Any:
        if isinstance(v, str):  # an option first: "none" is a value here, not a blank
            hit = lookup.get(_norm_text(v).lower())
            if hit is not None:
                return hit
        if _blank_to_none(v) is None:
            return None
        raise PydanticCustomError("not_option", "not one of the options")

    return parse


def _text(v: Any) -> Any:
    v = _blank_to_none(v)
    if v is None:
        return None
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        v = str(v)
    if isinstance(v, str):
        if len(v) > 1000 or len(v := v.strip()) > 200:
            raise PydanticCustomError("too_long", "too long")
        if limits.has_surrogate(v):
            raise PydanticCustomError("bad_char", "unreadable character")
        return v
    raise PydanticCustomError("not_text", "not text")


def _bounded(lo: Any, hi: Any, kind: str):
    def check(v: Any) -> Any:
        if v is None:
            return v
        if lo is not None and v < lo:
            raise PydanticCustomError("below_min", "too small", {"lo": lo, "hi": hi, "kind": kind})
        if hi is not None and v > hi:
            raise PydanticCustomError("above_max", "too large", {"lo": lo, "hi": hi, "kind": kind})
        return v
    return check


# Upper bounds only rule out the absurd (10¹² 万元 is 10¹⁶ yuan), keeping every figure well inside
# what exact decimal formatting handles.
MONEY_MAX = 10 ** 12
# bounds per field kind (public, read-only: zjtx.batch validates columns against the same table)
BOUNDS: Mapping[str, tuple[Any, Any]] = MappingProxyType({
    "money": (0, MONEY_MAX), "money_signed": (-MONEY_MAX, MONEY_MAX), "persons": (0, 10 ** 8),
    "count": (0, 10 ** 7), "rank": (1, 10 ** 7), "years": (0, 200), "percent": (0, 100), "score": (0, 100),
    "year": (2000, 2100),
})


def _annotation(spec: FieldSpec) -> Any:
    k = spec.kind
    if k == "text":
        return Annotated[Optional[str], BeforeValidator(_text)]
    if k == "bool":
        return Annotated[Optional[bool], BeforeValidator(_to_bool)]
    if k == "enum":
        lit = Literal[tuple(o.value for o in spec.options)]  # type: ignore[misc]
        return Annotated[Optional[lit], BeforeValidator(_enum_parser(spec))]
    lo, hi = (spec.lo, spec.hi) if spec.lo is not None else BOUNDS[k]
    from pydantic import AfterValidator
    if k in ("persons", "count", "rank", "level", "year"):
        return Annotated[Optional[int], BeforeValidator(_to_int), AfterValidator(_bounded(lo, hi, k))]
    return Annotated[Optional[Decimal], BeforeValidator(_to_number), AfterValidator(_bounded(lo, hi, k))]


def _default(spec: FieldSpec) -> Any:
    if spec.key == "assessment_year":
        return Field(default_factory=lambda: _dt.date.today().year,
                     validation_alias=AliasChoices(spec.key, spec.zh, *spec.aliases))
    if spec.key == "application_type":
        return Field(default="new", validation_alias=AliasChoices(spec.key, spec.zh, *spec.aliases))
    return Field(default=None, validation_alias=AliasChoices(spec.key, spec.zh, *spec.aliases))


# ---------------------------------------------------------------------------- cross-field rules

# (smaller field, larger field): smaller may never exceed larger when both are known.
CROSS_FIELD_LIMITS: tuple[tuple[str, str], ...] = (
    ("main_revenue_y1", "revenue_y1"),
    ("main_revenue_y2", "revenue_y2"),
    ("main_revenue_y3", "revenue_y3"),
    ("rd_staff", "employees"),
    ("tech_staff", "employees"),
    ("class1_ip_high_value", "class1_ip"),
)


class _Base(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True,
                              validate_default=False, hide_input_in_errors=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_comments(cls, data: Any) -> Any:
        # keys starting with "_" are comments in a saved profile ("_note": "…"); a blank year or
        # application type means "not given", so their defaults apply (this year; 新申报)
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("_"))
                    and not (k in ("assessment_year", "application_type") and _blank_to_none(v) is None)}
        return data

    @model_validator(mode="after")
    def _cross_field(self) -> "_Base":
        issues = []
        for small, large in CROSS_FIELD_LIMITS:
            a, b = getattr(self, small), getattr(self, large)
            if a is not None and b is not None and a > b:
                issues.append((small, large))
        if issues:
            raise PydanticCustomError("cross_field", "inconsistent fields", {"pairs": issues})
        return self


CompanyProfile = create_model(  # type: ignore[call-overload]
    "CompanyProfile", __base__=_Base, __doc__="One company, as in docs/profile.md. Frozen.",
    **{f.key: (_annotation(f), _default(f)) for f in FIELDS},
)

# ---------------------------------------------------------------------------------- errors


@dataclass(frozen=True, slots=True)
class FieldError(Bilingual):
    fields: tuple[str, ...]
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.get(lang)


class ProfileError(ValueError):
    """The profile could not be read. `.errors` lists every problem, each naming its field."""

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]):
        self.errors = tuple(errors)
        super().__init__("；".join(e.zh for e in self.errors))

    def text(self, lang: str = "zh") -> str:
        return t("semi_sep", lang).join(e.text(lang) for e in self.errors)


def _fmt(v: Any) -> str:
    """A value as typed (a whole float 4500.0 reads "4500"), safe to quote in a message."""
    return "" if v is None else format(v, "f") if isinstance(v, Decimal) else _shown(v)


def allowed_text(spec: FieldSpec) -> tuple[str, str]:
    """What a field accepts, in Chinese and English."""
    k = spec.kind
    if k == "enum":
        zh = "、".join(f"{o.zh}（{o.value}）" for o in spec.options)
        en = ", ".join(f"{o.value} ({o.en})" for o in spec.options)
        return f"应为以下之一：{zh}", f"must be one of: {en}"
    lo, hi = (spec.lo, spec.hi) if spec.lo is not None else BOUNDS.get(k, (None, None))
    table = {
        "money": ("应为不小于 0 的金额（万元）", "must be an amount ≥ 0 (×10k CNY)"),
        "money_signed": ("应为金额（万元，亏损填负数）", "must be an amount (×10k CNY; a loss is negative)"),
        "persons": ("应为不小于 0 的整数（人）", "must be a whole number ≥ 0 (persons)"),
        "count": ("应为不小于 0 的整数（项）", "must be a whole number ≥ 0"),
        "rank": ("应为不小于 1 的整数（1 = 第一）", "must be a whole number ≥ 1 (1 = first)"),
        "years": ("应为 0–200 之间的年数", "must be a number of years between 0 and 200"),
        "percent": ("应为 0–100 之间的百分数（12.5 表示 12.5%）", "must be a percentage between 0 and 100 (12.5 means 12.5 %)"),
        "score": ("应为 0–100 之间的分数", "must be a score between 0 and 100"),
        "year": ("应为 2000–2100 之间的年份", "must be a year between 2000 and 2100"),
        "level": (f"应为 {lo}–{hi} 之间的整数", f"must be a whole number between {lo} and {hi}"),
        "points": (f"应为 {lo}–{hi} 之间的分数", f"must be a score between {lo} and {hi}"),
        "bool": ("应为 是/否（也接受 true/false、1/0、Y/N）", "must be yes/no (是/否, true/false, 1/0, Y/N)"),
        "text": ("应为不超过 200 字的文本", "must be text of at most 200 characters"),
    }
    return table[k]


def _shown(raw: Any) -> str:
    """A rejected value as the user would have typed it (a whole float 101.0 reads "101")."""
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return "" if raw is None else limits.echo(raw)


def _problem(err_type: str, spec: FieldSpec, raw: Any) -> tuple[str, str]:
    shown = _shown(raw)
    if err_type == "huge":
        err_type = "above_max"
    if err_type == "below_min" and spec.kind in ("money", "persons", "count"):
        return "不能为负数", "must not be negative"
    if err_type == "above_max" and spec.kind in ("money", "money_signed"):
        return (f"「{shown}」过大（金额不超过 1,000,000,000,000 万元）",
                f"'{shown}' is too large (at most 1,000,000,000,000 ×10k CNY)")
    if err_type in ("below_min", "above_max"):
        return f"「{shown}」超出允许范围", f"'{shown}' is out of range"
    if err_type == "not_integer" or err_type.startswith("int_"):
        return f"「{shown}」不是整数", f"'{shown}' is not a whole number"
    if err_type == "not_option" or err_type == "literal_error":
        return f"「{shown}」不是可选值", f"'{shown}' is not one of the options"
    if err_type == "not_bool":
        return f"「{shown}」不是 是/否", f"'{shown}' is not yes/no"
    if err_type == "too_long":
        return "文本过长", "text is too long"
    if err_type == "bad_char":
        return "含有无法识别的字符（不成对的 Unicode 代理字符）", "contains an unreadable character (a lone Unicode surrogate)"
    if err_type == "numeral_too_long":
        return (f"「{shown}」位数过多（数字最多 {limits.MAX_NUMERAL_CHARS} 个字符）",
                f"'{shown}' has too many characters for a number (at most {limits.MAX_NUMERAL_CHARS})")
    if err_type == "huge":
        return f"「{shown}」过大", f"'{shown}' is too large"
    if err_type == "tiny":
        return (f"「{shown}」过小（绝对值须不小于 1e{limits.MIN_NUMERAL_EXPONENT}，或为 0）",
                f"'{shown}' is too small (|x| ≥ 1e{limits.MIN_NUMERAL_EXPONENT}, or 0)")
    if err_type == "not_number":
        return f"「{shown}」不是有效数字", f"'{shown}' is not a valid number"
    return f"「{shown}」无效", f"'{shown}' is invalid"


def _translate(exc: ValidationError, data: Mapping[str, Any]) -> list[FieldError]:
    """pydantic errors → FieldErrors naming the field by label; `data` has canonical keys."""
    out: list[FieldError] = []
    for e in exc.errors(include_url=False):
        if e["type"] == "cross_field":
            for small, large in e["ctx"]["pairs"]:
                a, b = FIELD[small], FIELD[large]
                va, vb = _fmt(data.get(small)), _fmt(data.get(large))
                out.append(FieldError(
                    (small, large),
                    f"{a.zh}（{va}）不能大于{b.zh}（{vb}），请核对这两项",
                    f"{a.en} ({va}) cannot exceed {b.en} ({vb}); please check both"))
            continue
        loc = str(e["loc"][0]) if e["loc"] else ""
        if e["type"] == "extra_forbidden":
            shown_key = limits.echo(loc)
            keys = [f.key for f in FIELDS]
            # a typed l/I for 1 ("revenue_yl") is the commonest slip: try that first
            fixed = re.sub(r"_y[lI]$", "_y1", loc)
            guess = [fixed] if fixed in keys else (
                difflib.get_close_matches(loc, keys, n=1, cutoff=0.75) if len(loc) <= 100 else [])
            hint_zh = f"，是否为 {guess[0]}（{FIELD[guess[0]].zh}）？" if guess else ""
            hint_en = f"; did you mean {guess[0]}?" if guess else ""
            out.append(FieldError((shown_key,), f"未知字段「{shown_key}」{hint_zh}", f"unknown field '{shown_key}'{hint_en}"))
            continue
        spec = FIELD.get(loc)
        if spec is None:
            out.append(FieldError((), "档案须为一个 JSON 对象（键为字段名）", "the profile must be a JSON object of fields"))
            continue
        pzh, pen = _problem(e["type"], spec, data.get(loc))
        azh, aen = allowed_text(spec)
        out.append(FieldError((spec.key,), f"{spec.zh}：{pzh}，{azh}", f"{spec.en}: {pen}; {aen}"))
    return out


def normalise_header(h: Any) -> str:
    """Header → comparable text: NFKC (full-width brackets → ASCII), no spaces, no unit suffix."""
    s = unicodedata.normalize("NFKC", str(h)).strip().replace(" ", "").replace("\u3000", "")
    s = re.sub(r"\((万元|%|人|项|年|分|名|级|个|元)\)$", "", s)
    return s.lower()


_HEADER_INDEX: Mapping[str, FieldSpec] = MappingProxyType(
    {normalise_header(name): f for f in FIELDS for name in (f.key, f.zh, *f.aliases)})


def field_for_header(h: Any) -> FieldSpec | None:
    """The field a column header or JSON key names (ASCII key or Chinese label), or None."""
    return _HEADER_INDEX.get(normalise_header(h))


def canonical_keys(data: Mapping[Any, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """Rename label/alias keys to ASCII keys; drop `_comment` keys; report a field given twice."""
    out: dict[str, Any] = {}
    given_as: dict[str, str] = {}
    errors: list[FieldError] = []
    for k, v in data.items():
        if isinstance(k, str) and k.startswith("_"):
            continue
        f = field_for_header(k)
        key = f.key if f else str(k)
        if key in out and f is not None:
            errors.append(FieldError((f.key,), f"{f.zh}：重复给出（「{given_as[key]}」与「{k}」）",
                                     f"{f.en}: given twice ('{given_as[key]}' and '{k}')"))
            continue
        out[key], given_as[key] = v, str(k)
    return out, errors


def parse_profile(data: Any) -> "CompanyProfile":  # type: ignore[valid-type]
    """Validate a mapping (ASCII keys or Chinese labels) into a frozen CompanyProfile.

    Raises ProfileError listing every problem, each in Chinese and English."""
    if not isinstance(data, Mapping):
        raise ProfileError([FieldError((), "档案须为一个 JSON 对象（键为字段名）", "the profile must be a JSON object of fields")])
    canon, errors = canonical_keys(data)
    if errors:
        raise ProfileError(errors)
    try:
        return CompanyProfile.model_validate(canon)
    except ValidationError as exc:
        raise ProfileError(_translate(exc, canon)) from None


def profile_to_dict(p: "CompanyProfile", *, drop_none: bool = True) -> dict[str, Any]:  # type: ignore[valid-type]
    """JSON-ready dict with ASCII keys (Decimal → int/float)."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        v = getattr(p, f.key)
        if v is None and drop_none:
            continue
        if isinstance(v, Decimal):
            v = int(v) if v == v.to_integral_value() else float(v)
        out[f.key] = v
    return out
