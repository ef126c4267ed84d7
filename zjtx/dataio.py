"""Files in and out: JSON profiles, CSV (utf-8 / utf-8-sig / GB18030) and XLSX lists, results.

Every problem becomes an `InputError` with one clear Chinese line (and an English variant) that
names the file, row or field; nothing here prints or exits.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from .profile import ProfileError, parse_profile


class InputError(ValueError):
    def __init__(self, zh: str, en: str | None = None):
        self.zh, self.en = zh, en or zh
        super().__init__(zh)


# ------------------------------------------------------------------------------ JSON profile

def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件：{p}", f"file not found: {p}") from None
    except IsADirectoryError:
        raise InputError(f"{p} 是目录，不是文件", f"{p} is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"没有权限读取文件：{p}", f"no permission to read {p}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 {p}：{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None


def decode_text(data: bytes, name: str) -> str:
    """utf-8 (with or without BOM) first, then GB18030 (what Chinese Excel saves)."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name}：无法识别文件编码（支持 UTF-8 和 GB18030）",
                     f"{name}: unknown text encoding (UTF-8 and GB18030 are supported)")


def profile_from_json_bytes(data: bytes, name: str = "档案") -> Any:
    """Bytes of a saved profile → CompanyProfile, or InputError naming the problem."""
    text = decode_text(data, name)
    try:
        obj = json.loads(text, parse_float=str)  # keep decimals exact: "0.1" stays 0.1
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{_json_msg(exc.msg)}）",
                         f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(obj, dict):
        raise InputError(f"{name} 须为一个 JSON 对象（{{\"字段\": 值, …}}），而不是{_json_type(obj)}",
                         f"{name} must be a JSON object ({{\"field\": value, …}}), not {type(obj).__name__}")
    try:
        return parse_profile(obj)
    except ProfileError as exc:
        raise InputError(f"{name} 有误：{exc.text('zh')}", f"{name} is invalid: {exc.text('en')}") from None


def read_profile(path: str | Path) -> Any:
    p = Path(path)
    return profile_from_json_bytes(read_bytes(p), p.name)


def _json_msg(msg: str) -> str:
    table = {"Expecting value": "此处缺少值", "Expecting ',' delimiter": "缺少逗号",
             "Expecting property name enclosed in double quotes": "键名须用双引号",
             "Unterminated string starting at": "字符串没有结束引号", "Extra data": "对象之后还有多余内容",
             "Invalid control character at": "含有非法控制字符"}
    return table.get(msg, msg)


def _json_type(obj: Any) -> str:
    return {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值"}.get(type(obj), "其他类型")


# ------------------------------------------------------------------------------ tables
# (CSV lists are read by zjtx.screen with Arrow; XLSX lists with python-calamine here.)

def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:  # NaN
            return ""
        return repr(v) if not v.is_integer() else str(int(v))
    if isinstance(v, bool):
        return "是" if v else "否"
    return str(v)


def _read_xlsx(raw: bytes, name: str) -> list[list[str]]:
    try:
        from python_calamine import CalamineWorkbook
        wb = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheet = wb.get_sheet_by_index(0)
        return [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    except Exception as exc:  # calamine raises several types for broken files
        raise InputError(f"{name}：无法读取 Excel 文件（{type(exc).__name__}）",
                         f"{name}: cannot read the Excel file ({type(exc).__name__})") from None


def row_error(n: int, exc: ProfileError, lang: str = "zh") -> str:
    sep = "；" if lang == "zh" else "; "
    if lang == "zh":
        return f"第 {n} 行 " + sep.join(e.zh for e in exc.errors)
    return f"row {n}: " + sep.join(e.en for e in exc.errors)


# ------------------------------------------------------------------------------ writing

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(v: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return v


def neutralise_series(s: Any) -> Any:
    """`neutralise` for a whole pandas column (text)."""
    text = s.astype(str)
    return text.where(~text.str.startswith(_FORMULA_START), "'" + text)
