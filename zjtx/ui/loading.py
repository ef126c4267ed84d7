"""Reading a profile into the session, and the profile as a URL token. Pure: no Streamlit.

Loading is forgiving in the way the form is: every field that can be read is loaded; a value the
rules refuse (a negative amount, 主营业务收入 above 营业收入, "abc" for a number) is loaded too,
exactly as written, so the form shows it in its box and marks it — the same as when typed. Only
what cannot be shown in a box is left out, each with a note: unknown keys, a key given twice,
lists or objects as values. Whatever the bytes are (broken JSON, 1e1000000, a lone surrogate,
10 000 nested brackets, a 5000-digit integer …) the result is either a loaded dict or a
`LoadError` with one Chinese and one English line; nothing else escapes.

The URL token (`?p=…`) is the raw profile as compact JSON, zlib-compressed, base64url without
padding: a reload or a new tab rebuilds the session from it, nothing is stored on the server.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import zlib
from dataclasses import dataclass
from typing import Any, Mapping

from .. import limits
from ..fields import FIELD
from ..profile import field_for_header

MAX_PROFILE_BYTES = limits.MAX_PROFILE_BYTES   # the same limit as the CLI's (a saved profile is a few KB)
MAX_TOKEN_CHARS = 12_000         # a full profile's token is ~1–2 k characters
MAX_TEXT = 1_000                 # a text value longer than this is cut (the rules allow 200)


class LoadError(ValueError):
    """The file (or link) could not be read at all; the current profile stays."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(zh)


@dataclass(frozen=True)
class Note:
    """Something left out (or changed) while loading, said in both languages."""
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def clean_text(s: str) -> str:
    """A string safe to send to the browser: lone surrogates (invalid in UTF-8) become U+FFFD."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _short(s: Any, n: int = 40) -> str:
    s = clean_text(str(s))
    return s if len(s) <= n else s[: n - 1] + "…"


def _value(key: str, v: Any) -> tuple[bool, Any]:
    """(keep?, value) for one field's value from a file: scalars are kept as written."""
    if v is None:
        return False, None
    if isinstance(v, bool):
        return True, v
    if isinstance(v, int):
        return True, v if abs(v) < 10 ** 18 else str(v)     # shown as text; the rules call it too large
    if isinstance(v, float):
        return (True, v) if math.isfinite(v) else (True, repr(v))
    if isinstance(v, str):
        v = clean_text(v)
        return True, v[:MAX_TEXT]
    return False, None


def profile_from_mapping(obj: Any) -> tuple[dict[str, Any], tuple[Note, ...]]:
    """A decoded JSON object → (raw profile with canonical keys, notes on what was left out)."""
    if not isinstance(obj, Mapping):
        kind = {list: ("数组", "an array"), str: ("字符串", "a string"), int: ("数字", "a number"),
                float: ("数字", "a number"), bool: ("布尔值", "a boolean")}.get(type(obj), ("其他类型", "another type"))
        raise LoadError(f"档案须为一个 JSON 对象（{{\"字段\": 值, …}}），而不是{kind[0]}",
                        f"a profile must be a JSON object ({{\"field\": value, …}}), not {kind[1]}")
    out: dict[str, Any] = {}
    notes: list[Note] = []
    unknown: list[str] = []
    for k, v in obj.items():
        k = clean_text(str(k))
        if k.startswith("_"):
            continue                       # "_note": a comment in a saved profile
        spec = field_for_header(k)
        if spec is None:
            unknown.append(_short(k))
            continue
        if spec.key in out:
            notes.append(Note(f"{spec.zh}：重复给出，只载入第一个值", f"{spec.en}: given twice; the first value was loaded"))
            continue
        keep, val = _value(spec.key, v)
        if keep:
            out[spec.key] = val
        elif v is not None:
            notes.append(Note(f"{spec.zh}：值不是单个数字或文字，未载入", f"{spec.en}: not a single number or text; not loaded"))
    if unknown:
        notes.append(Note("已忽略未知字段：" + "、".join(f"「{u}」" for u in unknown[:10]) + ("等" if len(unknown) > 10 else ""),
                          "Unknown fields ignored: " + ", ".join(f"'{u}'" for u in unknown[:10])
                          + (" …" if len(unknown) > 10 else "")))
    return out, tuple(notes)


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LoadError("无法识别文件编码（支持 UTF-8 和 GB18030）", "unknown text encoding (UTF-8 and GB18030 are supported)")


_JSON_MSG = {"Expecting value": "此处缺少值", "Expecting ',' delimiter": "缺少逗号",
             "Expecting property name enclosed in double quotes": "键名须用双引号",
             "Unterminated string starting at": "字符串没有结束引号", "Extra data": "对象之后还有多余内容",
             "Invalid control character at": "含有非法控制字符", "Expecting ':' delimiter": "缺少冒号"}


def _json(text: str) -> Any:
    # numbers with a fraction or exponent stay text ("0.1", "1e1000000"): exact, never inf
    try:
        return json.loads(text, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise LoadError(f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{_JSON_MSG.get(exc.msg, exc.msg)}）",
                        f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise LoadError("不是可读取的档案：嵌套层数过多", "not a readable profile: nested too deeply") from None
    except ValueError:           # e.g. an integer with more than 4300 digits
        raise LoadError("不是可读取的档案：含有过长的数字", "not a readable profile: a number is far too long") from None


def profile_from_bytes(data: bytes) -> tuple[dict[str, Any], tuple[Note, ...]]:
    """The bytes of a saved profile → (raw profile, notes), or LoadError. Never anything else."""
    try:
        if len(data) > MAX_PROFILE_BYTES:
            lim = limits.size_label(MAX_PROFILE_BYTES)
            raise LoadError(f"文件过大（{len(data) / 1024:.0f} KB，档案文件上限 {lim}）",
                            f"file too large ({len(data) / 1024:.0f} KB; a profile file is limited to {lim})")
        return profile_from_mapping(_json(_decode(data)))
    except LoadError:
        raise
    except Exception as exc:     # anything unforeseen: refuse the file, keep the session
        raise LoadError(f"无法读取该文件（{type(exc).__name__}）", f"cannot read this file ({type(exc).__name__})") from None


# ------------------------------------------------------------------------------ URL token

def to_token(data: Mapping[str, Any]) -> str:
    text = json.dumps(dict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    packed = zlib.compress(text.encode("utf-8", "replace"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def from_token(token: str) -> tuple[dict[str, Any], tuple[Note, ...]]:
    """A `?p=` token → (raw profile, notes), or LoadError (a damaged or foreign link)."""
    bad = LoadError("链接中的档案无法读取（链接可能不完整）", "the profile in the link cannot be read (the link may be cut short)")
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
        raise bad
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        d = zlib.decompressobj()
        raw = d.decompress(packed, MAX_PROFILE_BYTES)
        if d.unconsumed_tail:
            raise bad
        return profile_from_mapping(_json(raw.decode("utf-8")))
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        raise bad from None
    except LoadError:
        raise bad from None


# ------------------------------------------------------------------------------ saving

def for_saving(data: Mapping[str, Any]) -> dict[str, Any]:
    """The raw profile as it is saved: in field order; a number typed as text ("4500", "1,500")
    becomes a JSON number when it reads back exactly; anything else stays the text typed, so
    loading the file shows it again, marked, as on screen."""
    out: dict[str, Any] = {}
    order = {k: i for i, k in enumerate(FIELD)}
    for k in sorted(data, key=lambda k: order.get(k, len(order))):
        v = data[k]
        spec = FIELD.get(k)
        if isinstance(v, str) and spec is not None and spec.kind not in ("text", "enum", "bool"):
            n = plain_number(v)
            if n is not None:
                v = n
        elif isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
            v = int(v)
        out[k] = v
    return out


def plain_number(s: str) -> int | float | None:
    """"4500" → 4500, "1,500.5" → 1500.5; None when the text is not a plain, exact number."""
    from decimal import Decimal, InvalidOperation
    t = s.strip().replace(",", "")
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    if not d.is_finite() or abs(d) >= Decimal(10) ** 15:
        return None
    if d == d.to_integral_value():
        return int(d)
    f = float(d)
    return f if Decimal(repr(f)) == d else None
