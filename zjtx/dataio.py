"""Files in and out: JSON profiles, CSV (utf-8 / utf-8-sig / GB18030) and XLSX lists, results.

Every problem becomes an `InputError` with one clear Chinese line (and an English variant) that
names the file, row or field; nothing here prints or exits.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from . import limits
from .profile import ProfileError, parse_profile


class InputError(ValueError):
    def __init__(self, zh: str, en: str | None = None):
        self.zh, self.en = zh, en or zh
        super().__init__(zh)


# ------------------------------------------------------------------------------ JSON profile

def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """A file's bytes; with `limit`, a larger file is refused before it is read."""
    p = Path(path)
    try:
        if limit is not None and p.stat().st_size > limit:
            raise InputError(f"{p.name} 过大（{p.stat().st_size / 1024:.0f} KB，上限 {limits.size_label(limit)}）",
                             f"{p.name} is too large ({p.stat().st_size / 1024:.0f} KB, limit {limits.size_label(limit)})")
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
    obj = json_from_bytes(data, name)
    if not isinstance(obj, dict):
        raise InputError(f"{name} 须为一个 JSON 对象（{{\"字段\": 值, …}}），而不是{_json_type(obj)}",
                         f"{name} must be a JSON object ({{\"field\": value, …}}), not {type(obj).__name__}")
    try:
        return parse_profile(obj)
    except ProfileError as exc:
        raise InputError(f"{name} 有误：{exc.text('zh')}", f"{name} is invalid: {exc.text('en')}") from None


def json_from_bytes(data: bytes, name: str = "档案") -> Any:
    """Bytes → a JSON value, safely: size checked first; numbers kept as their text (exact
    decimals, and no int conversion of a 5000-digit literal); NaN/Infinity read as text (so the
    profile's rules judge them); nesting too deep refused; every failure an InputError."""
    name = limits.echo(name)
    if len(data) > limits.MAX_PROFILE_BYTES:
        raise InputError(f"{name} 过大（{len(data) / 1024:.0f} KB，档案文件上限 {limits.size_label(limits.MAX_PROFILE_BYTES)}）",
                         f"{name} is too large ({len(data) / 1024:.0f} KB; a profile may be at most "
                         f"{limits.size_label(limits.MAX_PROFILE_BYTES)})")
    text = decode_text(data, name)
    try:
        return json.loads(text, parse_float=str, parse_int=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{_json_msg(exc.msg)}）",
                         f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(f"{name} 嵌套层级过深（档案应为一个扁平的 JSON 对象）",
                         f"{name} is nested too deeply (a profile is one flat JSON object)") from None


def read_profile(path: str | Path) -> Any:
    p = Path(path)
    return profile_from_json_bytes(read_bytes(p, limits.MAX_PROFILE_BYTES), p.name)


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
    check_xlsx(raw, name)                    # sizes and ranges first: calamine aborts on a huge range
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


# ------------------------------------------------------------------------------ XLSX guard

def _xlsx_error(name: str, zh: str, en: str) -> InputError:
    return InputError(f"{name}：{zh}", f"{name}: {en}")


def check_xlsx(raw: bytes, name: str) -> None:
    """Refuse, before calamine sees it, an XLSX whose reading would cost the server more than the
    limits in zjtx.limits: a zip archive with too many parts or too many uncompressed bytes
    (a "zip bomb"), shared strings too large, or a sheet whose cells span a range too large (one
    cell at XFD1048576 or a row numbered 4000000000 makes calamine allocate the whole range and abort
    the process). Every part is decompressed here once, in a stream, so the sizes it declares are
    checked against what it holds (zipfile stops at the declared size and verifies the CRC)."""
    import zipfile
    import zlib
    L = limits
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _xlsx_error(name, "不是有效的 Excel（.xlsx）文件（无法作为 zip 打开）",
                          "not a valid Excel (.xlsx) file (not a zip archive)") from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _xlsx_error(name, "不是 .xlsx 工作簿（缺少 xl/workbook.xml）；请在 Excel 中另存为 .xlsx 或 .csv",
                          "not an .xlsx workbook (no xl/workbook.xml); save it as .xlsx or .csv")
    if len(infos) > L.MAX_XLSX_ENTRIES:
        raise _xlsx_error(name, f"压缩包内文件过多（{len(infos)} 个）", f"too many parts in the archive ({len(infos)})")
    total = sum(i.file_size for i in infos)
    if total > L.MAX_XLSX_UNCOMPRESSED:
        raise _xlsx_error(name, f"解压后过大（{total / 2**20:.0f} MB，上限 {L.MAX_XLSX_UNCOMPRESSED >> 20} MB）；"
                                "请删除多余内容或另存为 CSV（CSV 没有此限制）",
                          f"too large when uncompressed ({total / 2**20:.0f} MB, limit "
                          f"{L.MAX_XLSX_UNCOMPRESSED >> 20} MB); save it as CSV (no such limit)")
    for i in infos:
        if i.filename.lower() == "xl/sharedstrings.xml" and i.file_size > L.MAX_XLSX_SHARED_STRINGS:
            raise _xlsx_error(name, f"文本内容过大（共享字符串 {i.file_size / 2**20:.0f} MB，上限 "
                                    f"{L.MAX_XLSX_SHARED_STRINGS >> 20} MB）；请另存为 CSV",
                              f"too much text (shared strings {i.file_size / 2**20:.0f} MB, limit "
                              f"{L.MAX_XLSX_SHARED_STRINGS >> 20} MB); save it as CSV")
    for i in infos:
        if i.is_dir():
            continue
        sheet = i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
        try:
            rows, cols = _scan_part(zf, i, sheet)
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError,
                KeyError, IndexError):
            raise _xlsx_error(name, f"文件已损坏（{limits.echo(i.filename)} 无法解压或校验失败）",
                              f"the file is damaged ({limits.echo(i.filename)} cannot be decompressed)") from None
        if sheet and (rows > L.MAX_XLSX_ROWS or cols > L.MAX_XLSX_COLUMNS or rows * cols > L.MAX_XLSX_CELLS):
            raise _xlsx_error(
                name, f"工作表范围过大（{rows:,} 行 × {cols:,} 列，上限 {L.MAX_XLSX_CELLS:,} 个单元格）；"
                      "请删除远处多余的单元格，或另存为 CSV（CSV 没有此限制）",
                f"the sheet spans too large a range ({rows:,} rows × {cols:,} columns, limit "
                f"{L.MAX_XLSX_CELLS:,} cells); delete stray far-away cells or save it as CSV")


_TAG_ROW = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr="(\d+)"')
_TAG_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr="([A-Za-z]+)(\d+)"')
_TAG_ANY_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c[\s/>]')
_TAG_TOKEN = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(row|c)([\s/>][^>]*?)(?:>|$)')
_REF = re.compile(rb'\sr="([A-Za-z]*)(\d+)"')


def _row_number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 9 else 10 ** 10


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper()[:8]:
        n = n * 26 + ch - 64
    return n if len(letters) <= 8 else 26 ** 8


def _scan_part(zf: Any, info: Any, sheet: bool) -> tuple[int, int]:
    """Decompress one part in a stream (verifying it); for a sheet, the (rows, columns) its cells
    span as calamine reads them (a cell's r= reference, else the position after the previous one)."""
    max_row = max_col = 0
    cur_row = cur_col = 0                     # positions for cells and rows without a reference
    carry = b""
    with zf.open(info) as fh:
        while True:
            block = fh.read(1 << 20)
            if not sheet:
                if not block:
                    break
                continue
            data = carry + block
            if block:
                cut = data.rfind(b"<")
                if cut <= 0:
                    carry = data
                    if len(carry) > 8 << 20:      # one tag of 8 MB is no spreadsheet
                        raise ValueError("tag too long")
                    continue
                data, carry = data[:cut], data[cut:]
            cells = _TAG_CELL.findall(data)
            n_any = len(_TAG_ANY_CELL.findall(data))
            if n_any == len(cells):               # every cell has a reference: cheap path
                if cells:
                    max_col = max(max_col, max(_col_number(c) for c in {c for c, _ in cells}))
                    max_row = max(max_row, max(_row_number(r) for r in {r for _, r in cells}))
                rows = _TAG_ROW.findall(data)
                if rows:
                    max_row = max(max_row, max(_row_number(r) for r in set(rows)))
                    cur_row = _row_number(rows[-1])
            else:                                  # some cells without r=: follow positions
                for m in _TAG_TOKEN.finditer(data):
                    tag, attrs = m.group(1), m.group(2)
                    r = _REF.search(attrs)
                    if tag == b"row":
                        cur_row = _row_number(r.group(2)) if r else cur_row + 1
                        cur_col = 0
                        max_row = max(max_row, cur_row)
                    else:
                        if r and r.group(1):
                            cur_col = _col_number(r.group(1))
                            max_row = max(max_row, _row_number(r.group(2)))
                        else:
                            cur_col += 1
                        max_col = max(max_col, cur_col)
            if max_row > limits.MAX_XLSX_ROWS or max_col > limits.MAX_XLSX_COLUMNS \
                    or max_row * max_col > limits.MAX_XLSX_CELLS:
                return max_row, max_col           # no need to read further
            if not block:
                break
    return max_row, max_col
