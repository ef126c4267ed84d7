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
from ..i18n import JSON_ERROR_ZH, Bilingual, t, text
from ..profile import field_for_header

MAX_PROFILE_BYTES = limits.MAX_PROFILE_BYTES   # the same limit as the CLI's (a saved profile is a few KB)
MAX_TOKEN_CHARS = 12_000         # a full profile's token is ~1–2 k characters
MAX_TEXT = 1_000                 # a text value longer than this is cut (the rules allow 200)


class LoadError(Bilingual, ValueError):
    """The file (or link) could not be read at all; the current profile stays."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(zh)

    @classmethod
    def of(cls, key: str, **kw: object) -> "LoadError":
        """The message `key` of zjtx.i18n, the same fields filled in both languages."""
        return cls(*text(key).format(**kw).both)


@dataclass(frozen=True)
class Note(Bilingual):
    """Something left out (or changed) while loading, said in both languages."""
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.get(lang)


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
        kind = {list: "json_array", str: "json_string", int: "json_number", float: "json_number",
                bool: "json_boolean"}.get(type(obj), "json_other")
        raise LoadError(t("load_not_object", "zh", kind=t(kind, "zh")), t("load_not_object", "en", kind=t(kind, "en")))
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
            notes.append(Note(t("load_twice", "zh", name=spec.zh), t("load_twice", "en", name=spec.en)))
            continue
        keep, val = _value(spec.key, v)
        if keep:
            out[spec.key] = val
        elif v is not None:
            notes.append(Note(t("load_not_scalar", "zh", name=spec.zh), t("load_not_scalar", "en", name=spec.en)))
    if unknown:
        def said(lang: str) -> str:
            names = t("list_sep", lang).join(t("load_unknown_item", lang, u=u) for u in unknown[:10])
            return t("load_unknown", lang, names=names, more=t("load_unknown_more", lang) if len(unknown) > 10 else "")
        notes.append(Note(said("zh"), said("en")))
    return out, tuple(notes)


def decode_text(data: bytes) -> str:
    """A file's bytes as text: UTF-8 (with or without BOM), else GB18030 (Chinese Excel and Notepad)."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LoadError.of("load_encoding")


def json_error(exc: json.JSONDecodeError) -> LoadError:
    """Where a JSON file breaks and why, in both languages."""
    return LoadError(t("load_bad_json", "zh", line=exc.lineno, col=exc.colno, msg=JSON_ERROR_ZH.get(exc.msg, exc.msg)),
                     t("load_bad_json", "en", line=exc.lineno, col=exc.colno, msg=exc.msg))


def _json(text: str) -> Any:
    # numbers with a fraction or exponent stay text ("0.1", "1e1000000"): exact, never inf
    try:
        return json.loads(text, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise json_error(exc) from None
    except RecursionError:
        raise LoadError.of("load_too_deep") from None
    except ValueError:           # e.g. an integer with more than 4300 digits
        raise LoadError.of("load_long_number") from None


def profile_from_bytes(data: bytes) -> tuple[dict[str, Any], tuple[Note, ...]]:
    """The bytes of a saved profile → (raw profile, notes), or LoadError. Never anything else."""
    try:
        if len(data) > MAX_PROFILE_BYTES:
            lim = limits.size_label(MAX_PROFILE_BYTES)
            raise LoadError.of("load_too_big", kb=len(data) / 1024, lim=lim)
        return profile_from_mapping(_json(decode_text(data)))
    except LoadError:
        raise
    except Exception as exc:     # anything unforeseen: refuse the file, keep the session
        raise LoadError.of("load_unreadable", err=type(exc).__name__) from None


# ------------------------------------------------------------------------------ URL token

def to_token(data: Mapping[str, Any]) -> str:
    text = json.dumps(dict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    packed = zlib.compress(text.encode("utf-8", "replace"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def from_token(token: str) -> tuple[dict[str, Any], tuple[Note, ...]]:
    """A `?p=` token → (raw profile, notes), or LoadError (a damaged or foreign link)."""
    bad = LoadError.of("load_bad_link")
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
