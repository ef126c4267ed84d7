"""Raw cells → typed columns: what a CSV/XLSX list's cells mean, read column by column with the
profile's own rules (zjtx.profile), so that every row reads exactly as `parse_profile` reads it.

    pf = parse_frame(chunk, first_row=1)       # a ParsedFrame: typed columns, each row's error ("" if read)
    zjtx.batch.evaluate_frame(pf, ...)          # evaluates them; it parses nothing itself

Numbers: a float64 column is taken as is (the batch evaluator reads a float as the decimal its
shortest repr spells); text cells are parsed in tiers — plain numbers cast by Arrow, common forms
("1,500.25 万元", "12.5%") cleaned first, anything else through the real profile parser once per
distinct value. A cell float64 cannot hold exactly (more than 15 significant digits) marks its row
for the engine (`ParsedFrame.exact`). Headers: field keys, Chinese labels (with units) or aliases;
other columns are ignored (check_headers names them).

Pure: no file, no clock.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import limits
from ..fields import FIELD, NUMERIC_KINDS, FieldSpec
from ..limits import has_surrogate
from ..profile import (BOUNDS, CROSS_FIELD_LIMITS, MISSING_TOKENS, ProfileError, field_for_header, parse_bool,
                       parse_profile)
from . import InputError

# The profile's own tables (one source: bounds per kind, the words that mean "blank").
_BOUNDS = BOUNDS
_INT_KINDS = frozenset({"persons", "count", "rank", "level", "year"})
_MISSING_TOKENS = MISSING_TOKENS

# A number cell in the common clean form: digits (thousands commas allowed), optional decimals, optional
# unit suffix. For these, float() and the profile parser agree exactly when there are ≤ 15 digits.
_FAST_NUMBER = r"[ \t]*[+-]?[0-9][0-9,]*(?:\.[0-9]+)?[ \t]*(?:%|万元|万|元|人|项|年|分|名|级)?[ \t]*"
_FAST_STRIP = r"[, \t%万元人项年分名级]"
# what str.strip() removes (every character whose isspace() is true; tests/test_batch.py checks the list)
_PY_SPACE_SET = tuple("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                      "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def check_headers(name: str, headers: list[str]) -> list[str]:
    """The ignored (unknown) headers; InputError when no column is a profile field."""
    known = [h for h in headers if str(h).strip() and field_for_header(h) is not None]
    if not known:
        raise InputError(f"{name}：没有可识别的列（表头应为字段名或中文标签，如 revenue_y1 或 营业收入（上年度））",
                         f"{name}: no known column (headers must be field keys or Chinese labels)")
    return [limits.echo(h) for h in headers if str(h).strip() and field_for_header(h) is None]


def ignored_text(ignored: list[str], lang: str = "zh") -> str:
    """The ignored headers for a message: at most 20 named."""
    shown = ("、" if lang == "zh" else ", ").join(ignored[:20])
    if len(ignored) > 20:
        shown += f" 等 {len(ignored)} 列" if lang == "zh" else f" and {len(ignored) - 20} more"
    return shown




def _is_na(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def _plain(v: Any) -> Any:
    """A cell as the one-profile path would receive it: numpy scalars → Python, NA → None."""
    if _is_na(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return v


def _text_value(v: Any) -> tuple[Any, bool]:
    """(value, ok) of a text field, as zjtx.profile reads it (blank tokens → None, stripped, ≤ 200)."""
    v = _plain(v)
    if v is None:
        return None, True
    if isinstance(v, str) and unicodedata.normalize("NFKC", v).strip().lower() in _MISSING_TOKENS:
        return None, True
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        v = str(v)
    if isinstance(v, str):
        if len(v) > 1000:
            return None, False
        v = v.strip()
        return v, len(v) <= 200 and not has_surrogate(v)
    return None, False


def _single(spec: FieldSpec, v: Any) -> tuple[Any, bool]:
    """(parsed value, ok) of one cell through the real profile parser."""
    try:
        return getattr(parse_profile({spec.key: v}), spec.key), True
    except ProfileError:
        return None, False


def _exactly_float(d: Any) -> tuple[float, bool]:
    """A parsed number as float64, and whether that float stands for exactly the same decimal."""
    f = float(d)
    if not math.isfinite(f):
        return math.nan, False
    return f, Fraction(Decimal(repr(f))) == Fraction(d)


def _as_str_series(s: pd.Series) -> pd.Series | None:
    """The column as a pandas string series when every present cell is text, else None."""
    if isinstance(s.dtype, pd.StringDtype):
        return s
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
        return pd.Series(s.to_numpy(dtype=object), index=s.index, dtype="str")
    return None


def _parse_number(spec: FieldSpec, s: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(float64 values with NaN = missing, bad cells, inexact cells) of a numeric field."""
    n = len(s)
    vals = np.full(n, np.nan)
    bad = np.zeros(n, bool)
    inexact = np.zeros(n, bool)
    dt = s.dtype
    if pd.api.types.is_numeric_dtype(dt) and not pd.api.types.is_bool_dtype(dt):
        x = s.to_numpy(dtype=np.float64, na_value=np.nan).copy()
        if pd.api.types.is_integer_dtype(dt):
            inexact |= np.abs(x) >= 2.0 ** 53
        inf = np.isinf(x)
        bad |= inf
        x[inf] = np.nan
        vals = x
    else:
        slow = np.ones(n, bool)
        t = _as_str_series(s)
        if t is not None:
            import pyarrow as pa
            import pyarrow.compute as pc
            a = pa.array(t)
            if isinstance(a, pa.ChunkedArray):
                a = a.combine_chunks()
            present = a.is_valid().to_numpy(zero_copy_only=False)
            # tier 1, plain numbers ("1500", "-3.25") with ≤ 15 characters: cast as they are
            length = pc.binary_length(a)
            plain = pc.and_(pc.less_equal(length, 15),
                            pc.match_substring_regex(a, r"^[+-]?[0-9]+(?:\.[0-9]+)?$")).fill_null(False)
            vals = pc.cast(pc.if_else(plain, a, pa.scalar(None, a.type)), pa.float64()).to_numpy(
                zero_copy_only=False).copy()
            plain = plain.to_numpy(zero_copy_only=False)
            blank = pc.equal(length, 0).fill_null(False).to_numpy(zero_copy_only=False)
            slow = present & ~blank & ~plain
            # tier 2, thousands commas, unit suffixes, spaces ("1,500.25 万元", " 12.5% "): cleaned first
            rest = np.flatnonzero(slow)
            fast = np.zeros(n, bool)
            if len(rest):
                fast[rest] = t.iloc[rest].str.fullmatch(_FAST_NUMBER).to_numpy(dtype=bool, na_value=False)
            idx = np.flatnonzero(fast)
            if len(idx):
                cleaned = t.iloc[idx].str.replace(_FAST_STRIP, "", regex=True)
                long = cleaned.str.len().to_numpy() > 15
                if long.any():   # more than 15 digits: float64 may not hold the decimal exactly
                    many = cleaned[long].str.count("[0-9]").to_numpy() > 15
                    keep = np.ones(len(idx), bool)
                    keep[np.flatnonzero(long)[many]] = False
                    idx, cleaned = idx[keep], cleaned[keep]
                vals[idx] = pc.cast(pa.array(cleaned.to_numpy(dtype=object)), pa.float64()).to_numpy(
                    zero_copy_only=False)
            slow[idx] = False
        rows = np.flatnonzero(slow)
        if len(rows):
            sub = s.iloc[rows].to_numpy(dtype=object)
            codes, uniques = pd.factorize(pd.Series(sub, dtype=object), use_na_sentinel=True)
            u_val = np.full(len(uniques) + 1, np.nan)
            u_bad = np.zeros(len(uniques) + 1, bool)
            u_inx = np.zeros(len(uniques) + 1, bool)
            for k, u in enumerate(uniques):
                d, ok = _single(spec, _plain(u))
                if not ok:
                    u_bad[k] = True
                elif d is not None:
                    u_val[k], exact = _exactly_float(d)
                    u_inx[k] = not exact
            vals[rows], bad[rows], inexact[rows] = u_val[codes], u_bad[codes], u_inx[codes]
    lo, hi = (spec.lo, spec.hi) if spec.lo is not None else _BOUNDS.get(spec.kind, (None, None))
    with np.errstate(invalid="ignore"):
        if spec.kind in _INT_KINDS:
            bad |= np.isfinite(vals) & (vals != np.floor(vals))
        if lo is not None:
            bad |= vals < lo
        if hi is not None:
            bad |= vals > hi
    return vals, bad, inexact


def _factorized(spec: FieldSpec, s: pd.Series, parse: Callable[[Any], tuple[int, bool]]):
    """Parse each distinct value once: (int codes, bad) with -1 = missing. A categorical (the reader's
    dictionary-encoded columns) is read by its own codes, each category parsed once."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes, uniques = s.array.codes, s.dtype.categories      # -1: a missing cell
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    out = np.full(len(uniques) + 1, -1, np.int16)
    ok = np.ones(len(uniques) + 1, bool)
    for k, u in enumerate(uniques):
        out[k], ok[k] = parse(_plain(u))
    return out[codes], ~ok[codes]


def _parse_bool(spec: FieldSpec, s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    def one(v):
        try:
            b = parse_bool(v)
        except Exception:   # pydantic_core.PydanticCustomError: not a yes/no value
            return -1, False
        return (-1 if b is None else int(b)), True
    codes, bad = _factorized(spec, s, one)
    return codes.astype(np.int8), bad


def _parse_enum(spec: FieldSpec, s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    index = {o.value: i for i, o in enumerate(spec.options)}

    def one(v):
        if v is None:
            return -1, True
        val, ok = _single(spec, v)
        return (-1 if val is None else index[val]), ok
    return _factorized(spec, s, one)


def _parse_text(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    n = len(s)
    out = np.empty(n, dtype=object)
    bad = np.zeros(n, bool)
    t = _as_str_series(s)
    if t is not None:
        present = ~t.isna().to_numpy()
        lens = t.str.len().to_numpy(dtype=np.float64, na_value=0)
        edge = (t.str[0].isin(_PY_SPACE_SET) | t.str[-1].isin(_PY_SPACE_SET)).to_numpy(dtype=bool, na_value=False)
        simple = present & ~edge & (lens > 8)     # cannot be a blank token and needs no stripping
        out[simple] = t[simple].to_numpy(dtype=object)
        bad[simple] = lens[simple] > 200
        rows = np.flatnonzero(~simple & present)
    else:
        rows = np.arange(n)
    obj = s.iloc[rows].to_numpy(dtype=object) if len(rows) else ()
    for i, v in zip(rows, obj):
        out[i], ok = _text_value(v)
        bad[i] = not ok
    return out, bad


@dataclass
class Cols:
    """Typed columns: numbers float64 (NaN missing), yes/no int8 (-1 missing), options int16 index
    into the field's options (-1 missing), text object (None missing)."""
    n: int
    num: dict[str, np.ndarray]
    flag: dict[str, np.ndarray]
    enum: dict[str, np.ndarray]
    text: dict[str, np.ndarray]

    def take(self, rows: np.ndarray | slice) -> "Cols":
        """The same columns for the rows at positions `rows` only (a slice gives views, no copy)."""
        n = len(range(self.n)[rows]) if isinstance(rows, slice) else len(rows)
        return Cols(n, {k: v[rows] for k, v in self.num.items()}, {k: v[rows] for k, v in self.flag.items()},
                    {k: v[rows] for k, v in self.enum.items()}, {k: v[rows] for k, v in self.text.items()})


class ParsedFrame:
    """A frame read column by column.

    frame    typed DataFrame, one column per profile field found (numbers float64 with NaN = missing,
             yes/no pandas 'boolean', options and text object with None = missing)
    errors   Series of str: "" when the row was read, else the message of dataio.row_error
             ("第 N 行 营业收入（上年度）：不能为负数，…")
    ignored  column headers that are not profile fields
    exact    positional row → CompanyProfile for the few readable rows that float64 cannot hold
             exactly (they are evaluated one by one by the engine)
    """

    def __init__(self, source: pd.DataFrame, keys: Mapping[str, int], cols: Cols, errors: np.ndarray,
                 exact: dict[int, Any], ignored: tuple[str, ...], first_row: int):
        self.source, self._keys, self.cols = source, dict(keys), cols
        self.row_errors, self.exact, self.ignored, self.first_row = errors, exact, ignored, first_row

    def __len__(self) -> int:
        return self.cols.n

    def set_error(self, i: int, message: str) -> None:
        """Row i (positional) is not judged: it gets this message (a row the reader could not split,
        a blank row)."""
        self.row_errors[i] = message

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self._keys)

    @cached_property
    def errors(self) -> pd.Series:
        return pd.Series(self.row_errors, index=self.source.index, dtype=object, name="error")

    @cached_property
    def frame(self) -> pd.DataFrame:
        c, data = self.cols, {}
        for key in self._keys:
            spec = FIELD[key]
            if key in c.num:
                data[key] = c.num[key]
            elif key in c.flag:
                v = c.flag[key]
                data[key] = pd.arrays.BooleanArray(v == 1, v < 0)
            elif key in c.enum:
                opts = np.array([o.value for o in spec.options] + [None], dtype=object)
                data[key] = opts[c.enum[key]]
            else:
                data[key] = c.text[key]
        return pd.DataFrame(data, index=self.source.index)

    @cached_property
    def _arrays(self) -> dict[str, np.ndarray]:
        """The source columns as object arrays (indexing a DataFrame cell by cell costs ~1 µs each)."""
        return {k: self.source.iloc[:, j].to_numpy(dtype=object) for k, j in self._keys.items()}

    def record(self, i: int) -> dict[str, Any]:
        """Row i (positional) as the one-profile path receives it: {field key: cell}."""
        return {k: _plain(a[i]) for k, a in self._arrays.items()}

    def raw_name(self, rows: np.ndarray) -> np.ndarray:
        """The company_name cells as given (for rows that could not be read)."""
        out = np.full(len(rows), "", dtype=object)
        j = self._keys.get("company_name")
        if j is not None and len(rows):
            vals = self.source.iloc[rows, j].to_numpy(dtype=object)
            for k, v in enumerate(vals):
                v = _plain(v)
                out[k] = "" if v is None else v
        return out


def row_error(n: int, exc: ProfileError, lang: str = "zh") -> str:
    """A row that cannot be read: "第 N 行 " and the profile's messages for its fields."""
    sep = "；" if lang == "zh" else "; "
    if lang == "zh":
        return f"第 {n} 行 " + sep.join(e.zh for e in exc.errors)
    return f"row {n}: " + sep.join(e.en for e in exc.errors)


def parse_frame(df: pd.DataFrame, *, first_row: int = 1) -> ParsedFrame:
    """Read a frame whose columns are profile fields (ASCII keys, Chinese labels or aliases; other
    columns are ignored). Cells may be typed (float64 / int / boolean / option values) or raw text as
    read from CSV/XLSX ("是/否", "1,500", "12.5%", blanks, Chinese option labels) — parsed with the
    same rules as zjtx.profile. Rows that cannot be read get the one-profile error message;
    `first_row` is the number of the frame's first data row in those messages."""
    keys: dict[str, int] = {}
    label: dict[str, Any] = {}
    ignored = []
    for j, col in enumerate(df.columns):
        f = field_for_header(col) if not (isinstance(col, str) and col in FIELD) else FIELD[col]
        if f is None:
            ignored.append(str(col))
            continue
        if f.key in keys:
            raise ValueError(f"列「{label[f.key]}」与「{col}」是同一字段（{f.zh}）")
        keys[f.key], label[f.key] = j, col
    n = len(df)
    cols = Cols(n, {}, {}, {}, {})
    bad = np.zeros(n, bool)
    inexact = np.zeros(n, bool)
    bad_cells: dict[str, np.ndarray] = {}
    cross: list[tuple[str, str, np.ndarray]] = []
    for key, j in keys.items():
        spec, s = FIELD[key], df.iloc[:, j]
        if spec.kind in NUMERIC_KINDS:
            v, b, ix = _parse_number(spec, s)
            cols.num[key] = v
            inexact |= ix
        elif spec.kind == "bool":
            cols.flag[key], b = _parse_bool(spec, s)
        elif spec.kind == "enum":
            cols.enum[key], b = _parse_enum(spec, s)
        else:
            cols.text[key], b = _parse_text(s)
        bad |= b
        bad_cells[key] = np.asarray(b, bool)
    for small, large in CROSS_FIELD_LIMITS:
        a, b = cols.num.get(small), cols.num.get(large)
        if a is not None and b is not None:
            with np.errstate(invalid="ignore"):
                over = a > b
            bad |= over
            cross.append((small, large, over))
    errors = np.full(n, "", dtype=object)
    pf = ParsedFrame(df, keys, cols, errors, {}, tuple(ignored), first_row)
    todo = np.flatnonzero(bad | inexact)
    bad_only = np.flatnonzero(bad & ~inexact)
    if len(bad_only) > MAX_DETAILED_ERRORS:      # a list of mostly broken rows: bounded CPU time
        brief = bad_only[MAX_DETAILED_ERRORS:]
        todo = np.setdiff1d(todo, brief, assume_unique=True)
        _brief_errors(errors, brief, bad_cells, cross, first_row)
    for i in todo:
        try:
            pf.exact[int(i)] = parse_profile(pf.record(int(i)))
        except ProfileError as exc:
            errors[i] = row_error(first_row + int(i), exc)
    return pf


# Rows of one chunk whose error is worded by the one-profile parser (~0.3 ms each); later error rows
# of the same chunk name their fields without the parser's detail, so a file of 280,000 broken rows
# costs seconds, not minutes of the one server process.
MAX_DETAILED_ERRORS = 2000


def _brief_errors(errors: np.ndarray, rows: np.ndarray,
                  bad_cells: Mapping[str, np.ndarray], cross: Sequence[tuple[str, str, np.ndarray]],
                  first_row: int) -> None:
    names = [(FIELD[k].zh, m[rows]) for k, m in bad_cells.items()] + \
            [(f"{FIELD[a].zh}大于{FIELD[b].zh}", m[rows]) for a, b, m in cross]
    if not names:
        return
    flags = np.stack([m for _, m in names], axis=1)
    patterns, inverse = np.unique(flags, axis=0, return_inverse=True)
    texts = ["、".join(nm for (nm, _), on in zip(names, p) if on) or "数据" for p in patterns]
    inverse = np.asarray(inverse).reshape(-1)
    for i, k in zip(rows.tolist(), inverse.tolist()):
        errors[i] = f"第 {first_row + i} 行 {texts[k]}：无效或相互矛盾（错误行过多，仅列出字段；请先按前面的详细说明修正）"




def record_of(parts: Sequence[pd.DataFrame], i: int) -> dict:
    """Row i of a list read in parts (zjtx.dataio.lines) as {field key: cell}, blank cells left out:
    what the batch page opens in 自评. A CSV's numeric columns are float64: their cells become Python
    floats (profile.py reads a float by its repr, and numpy's repr is "np.float64(…)")."""
    for part in parts:
        if i < len(part):
            break
        i -= len(part)
    rec = {}
    for col, v in part.iloc[i].items():
        f = field_for_header(col)
        if f is None:
            continue
        if isinstance(v, np.generic):
            v = v.item()
        if v is None or (isinstance(v, float) and v != v) or str(v).strip() == "":
            continue
        rec[f.key] = v
    return rec
