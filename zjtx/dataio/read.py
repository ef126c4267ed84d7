"""Reading what a user gives: JSON profiles, CSV lists (utf-8 / utf-8-sig / GB18030) and XLSX lists.

Every guard sits here, before any parser sees the bytes: file and profile sizes, the text encoding,
the header line's length and separator, the number of columns, the XLSX archive (parts, uncompressed
sizes, shared strings, the range a sheet spans: calamine aborts the process on a huge range), rows
Arrow will not split (read on by the csv module, each with its own error). Every problem is an
`InputError` naming the file, row or field.

    headers, chunks, total = iter_chunks(path)        # a list, chunk by chunk (text cells, or float64
                                                      # for clean numeric columns)
    profile = read_profile(path)                      # one company (JSON)
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from .. import limits
from ..profile import ProfileError, field_for_header, parse_profile
from . import InputError

if TYPE_CHECKING:            # pandas is imported where a frame is made: `screen` starts reading first
    import pandas as pd

CHUNK_ROWS = 100_000


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


# ------------------------------------------------------------------------------ XLSX lists
# (read with python-calamine, after check_xlsx)

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


def read_xlsx(raw: bytes, name: str) -> list[list[str]]:
    check_xlsx(raw, name)                    # sizes and ranges first: calamine aborts on a huge range
    try:
        from python_calamine import CalamineWorkbook
        wb = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheet = wb.get_sheet_by_index(0)
        return [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    except Exception as exc:  # calamine raises several types for broken files
        raise InputError(f"{name}：无法读取 Excel 文件（{type(exc).__name__}）",
                         f"{name}: cannot read the Excel file ({type(exc).__name__})") from None


# ------------------------------------------------------------------------------ CSV and XLSX lists

def _blocks(path: Path, data: bytes | None) -> Iterator[bytes]:
    if data is not None:
        yield data
        return
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            yield block


def detect_encoding(path: Path, data: bytes | None = None) -> str:
    """utf-8-sig when the whole file decodes as UTF-8, else GB18030 (what Chinese Excel saves);
    checked block by block, so a large file is never held in memory. The UTF-8 check is Arrow's
    validator (~0.1 s per 300 MB; Python's decoder took 0.85 s, before `screen` could start)."""
    import codecs
    if utf8_valid(_blocks(path, data)):
        return "utf-8-sig"
    dec = codecs.getincrementaldecoder("gb18030")()
    try:
        for block in _blocks(path, data):
            dec.decode(block)
        dec.decode(b"", final=True)
        return "gb18030"
    except UnicodeDecodeError:
        pass
    raise InputError(f"{path.name}：无法识别文件编码（支持 UTF-8 和 GB18030）",
                     f"{path.name}: unknown text encoding (UTF-8 and GB18030 are supported)")


def utf8_valid(blocks: Iterator[bytes]) -> bool:
    """Whether the blocks laid end to end are UTF-8 (what bytes.decode("utf-8") accepts); a character
    cut by a block's end is completed by the next block."""
    import pyarrow as pa
    carry = b""
    for block in blocks:
        if carry:
            block = carry + block
        cut = _incomplete_tail(block)
        body = memoryview(block)[:len(block) - cut]
        carry = bytes(block[len(block) - cut:]) if cut else b""
        if len(body):
            text = pa.Array.from_buffers(pa.string(), 1, [None, pa.py_buffer(np.array([0, len(body)], np.int32)),
                                                           pa.py_buffer(body)])
            try:
                text.validate(full=True)
            except pa.ArrowInvalid:
                return False
    return not carry


def _incomplete_tail(block: bytes) -> int:
    """How many bytes at the end of `block` begin a UTF-8 character that needs more bytes (0–3)."""
    for back in range(1, min(4, len(block) + 1)):
        b = block[-back]
        if b < 0x80:
            return 0
        if b >= 0xC0:                                  # a lead byte: how long its character is
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4 if b < 0xF8 else 0
            return back if need > back else 0
    return 0


def _empty(path: Path) -> InputError:
    return InputError(f"{path.name} 是空文件（没有表头）", f"{path.name} is empty (no header row)")


def count_rows(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            n += block.count(b"\n")
    return max(n - 1, 0)


def xlsx_sheet(path: Path, data: bytes | None = None) -> tuple[list[str], list[list[str]]]:
    """(headers, grid) of an XLSX list's first sheet: checked (check_xlsx), read as text cells; the
    headers stripped, trailing blank header cells (formatting) dropped, the width checked. grid[0] is
    the header row, grid[i] the sheet's line i + 1. The one XLSX reader of iter_chunks and zjtx.dataio.lines."""
    grid = read_xlsx(data if data is not None else read_bytes(path), path.name)
    if not grid or not any(str(c).strip() for c in grid[0]):
        raise _empty(path)
    headers = [str(c).strip() for c in grid[0]]
    while headers and not headers[-1]:          # trailing blank header cells (formatting)
        headers.pop()
    _check_width(path, headers)
    return headers, grid


def iter_chunks(path: Path, data: bytes | None = None, chunk_rows: int = CHUNK_ROWS, count: bool = True,
                first_rows: int | None = None, read_ahead: int = 0) -> tuple[list[str], Iterator[pd.DataFrame], int | None]:
    """(headers, chunks, total rows if known) for a CSV or XLSX list.

    CSV is read by Arrow's streaming reader, block by block, the blocks gathered into chunks of
    `chunk_rows` rows (at least; the last one and one before a switch to text cells may be smaller;
    the first one `first_rows` if given, so that a pipeline can start on it sooner).
    Columns of numeric fields are
    asked for as float64: Arrow's parser is correctly rounded, and the batch engine reads a float as
    the decimal its shortest repr spells, so every figure of up to 15 significant digits (and every
    17-digit shortest repr) is taken exactly. A longer figure that no double spells
    ("1499.99999999999999999") is read as the nearest double on this path — a documented limit of
    the CLI; the page and `check` parse text exactly. If any cell is not a plain number ("1,500",
    "12.5%", "不清楚"), the rows from that block on are read again as text and parsed with the
    profile's rules. (Tried: decimal128 columns with a round-trip check — Arrow's decimal→double
    cast is not correctly rounded, which sent thousands of rows to the exact path: 25 s a chunk.)

    `read_ahead` > 0 (CSV): Arrow parses on a thread started now, up to that many blocks ahead of the
    chunks asked for, before pandas is even imported (`screen` imports its evaluator meanwhile); the
    chunks must then be closed (`close()`) when not read to the end."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        headers, grid = xlsx_sheet(path, data)
        width = len(headers)
        end = len(grid)                             # trailing blank rows (formatting) are not rows;
        while end > 1 and not any(str(c).strip() for c in grid[end - 1]):   # blank rows inside keep
            end -= 1                                # their place, so `row` stays the data row's number
        body = [(r + [""] * width)[:width] for r in grid[1:end]]
        del grid
        import pandas as pd
        frame = pd.DataFrame(body, columns=range(width), dtype=object)
        frame.columns = unique_names(headers)
        return headers, iter([frame] if len(frame) else []), len(frame)
    if suffix not in (".csv", ".txt"):
        raise InputError(f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}（请使用 .csv 或 .xlsx）",
                         f"{path.name}: unsupported file type {suffix} (use .csv or .xlsx)")
    if data is None:
        if not path.exists():
            raise InputError(f"找不到文件：{path}", f"file not found: {path}")
        if path.is_dir():
            raise InputError(f"{path} 是目录，不是文件", f"{path} is a directory, not a file")
    encoding = detect_encoding(path, data)
    headers, delimiter = _csv_header(path, data, encoding)
    if not headers or not any(h.strip() for h in headers):
        raise _empty(path)
    _check_width(path, headers)
    total = (count_rows(path) if count else None) if data is None else max(
        data.count(b"\n") or data.count(b"\r"), 0)
    return headers, _arrow_chunks(path, data, encoding, headers, chunk_rows, delimiter, first_rows, read_ahead), total


def prefetch(items: Iterator[Any], ahead: int = 1, start: bool = False) -> "Prefetch":
    """`items` produced on a second thread, up to `ahead` of them in advance: Arrow's CSV reader parses
    a block only when asked (with the GIL released), so `screen` reads the next chunk while it
    evaluates this one. The thread starts with the first item asked for (an iterator never used
    costs nothing), or at once with `start`; an error is raised where its item would have come;
    closing (or dropping) the iterator stops the thread at its next item."""
    return Prefetch(items, ahead, start)


class Prefetch:
    """The iterator `prefetch` returns (see there)."""

    def __init__(self, items: Iterator[Any], ahead: int, start: bool) -> None:
        import queue
        import threading
        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._end = object()
        self._thread = threading.Thread(target=_produce, args=(items, self._queue, self._stop, self._end),
                                        name="zjtx-read", daemon=True)
        self._started = False
        if start:
            self._begin()

    def _begin(self) -> None:
        self._started = True
        self._thread.start()

    def __iter__(self) -> "Prefetch":
        return self

    def __next__(self) -> Any:
        if self._stop.is_set():
            raise StopIteration
        if not self._started:
            self._begin()
        item, exc = self._queue.get()
        if exc is not None:
            self._stop.set()
            raise exc
        if item is self._end:
            self._stop.set()
            raise StopIteration
        return item

    def close(self) -> None:
        self._stop.set()

    def __del__(self) -> None:
        self._stop.set()


def _produce(items: Iterator[Any], q: Any, stop: Any, end: object) -> None:
    """prefetch's thread: the items into the queue until they end, fail, or the consumer stops."""
    import queue

    def put(entry: tuple) -> bool:
        while not stop.is_set():
            try:
                q.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    try:
        for item in items:
            if not put((item, None)):
                break
        else:
            put((end, None))
    except BaseException as exc:      # noqa: BLE001 - handed to the consumer, raised there
        put((None, exc))
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


def _check_width(path: Path, headers: list[str]) -> None:
    if len(headers) > limits.MAX_COLUMNS:
        raise InputError(f"{limits.echo(path.name)}：列数过多（{len(headers):,} 列，上限 {limits.MAX_COLUMNS:,} 列）",
                         f"{limits.echo(path.name)}: too many columns ({len(headers):,}, limit {limits.MAX_COLUMNS:,})")


def _csv_header(path: Path, data: bytes | None, encoding: str) -> tuple[list[str], str]:
    """The header row and the delimiter: a comma, or a semicolon / tab when the header line holds
    no comma but those (what Excel writes in some locales, and "text (tab-delimited)")."""
    import csv
    raw = data[: limits.MAX_HEADER_BYTES + 1] if data is not None else None
    if raw is None:
        with path.open("rb") as fh:
            raw = fh.read(limits.MAX_HEADER_BYTES + 1)
    text = raw.decode("utf-8-sig" if encoding.startswith("utf") else encoding, errors="replace")
    line_end = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=-1)
    if line_end < 0 and len(raw) > limits.MAX_HEADER_BYTES:
        raise InputError(f"{limits.echo(path.name)}：表头行过长（超过 {limits.MAX_HEADER_BYTES >> 20} MB）",
                         f"{limits.echo(path.name)}: the header line is too long (over {limits.MAX_HEADER_BYTES >> 20} MB)")
    line = text if line_end < 0 else text[:line_end]
    delimiter = ","
    if "," not in line:
        for d in ("\t", ";"):
            if d in line:
                delimiter = d
                break
    try:
        first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        first = []
    return [h.strip() for h in first], delimiter


def _arrow_chunks(path: Path, data: bytes | None, encoding: str, headers: list[str], chunk_rows: int,
                  delimiter: str = ",", first_rows: int | None = None, read_ahead: int = 0) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    from ..fields import NUMERIC_KINDS
    names = unique_names(headers)
    kinds = {n: f.kind for n, h in zip(names, headers) if (f := field_for_header(h)) is not None}
    numeric = {n for n, k in kinds.items() if k in NUMERIC_KINDS}
    # yes/no and option columns hold a few distinct words: dictionary-encoded while parsed, they reach
    # pandas as categoricals and parse_frame reads each distinct word once (its factorize of text
    # cost ~0.35 s per 1M rows on the evaluating thread)
    coded = {n for n, k in kinds.items() if k in ("bool", "enum")}
    block = max(1 << 20, min(1 << 23, chunk_rows * 300))      # ≤ 8 MB of CSV (~27k rows) at a time

    def reader(typed: bool):
        src = pa.BufferReader(data) if data is not None else str(path)
        # use_threads=False: the streaming reader's own thread pool cost ~70 % more CPU for the same
        # blocks (3.4 → 5.8 s per 1M rows); `screen` already reads on a thread of its own (prefetch)
        ro = pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=block, use_threads=False,
                               encoding="utf8" if encoding.startswith("utf") else encoding)
        words = pa.dictionary(pa.int32(), pa.string())
        types = {n: (pa.float64() if typed and n in numeric else words if typed and n in coded else pa.string())
                 for n in names}
        co = pacsv.ConvertOptions(column_types=types, strings_can_be_null=False, null_values=[""],
                                  quoted_strings_can_be_null=True)
        return pacsv.open_csv(src, read_options=ro, convert_options=co,
                              parse_options=pacsv.ParseOptions(newlines_in_values=True, delimiter=delimiter))

    done = 0

    def batches():
        nonlocal done
        try:
            for b in reader(typed=True):
                done += b.num_rows
                yield b
            return
        except pa.ArrowInvalid as exc:          # a cell that is not a plain number (or not exact)
            if "In CSV column" not in str(exc) and "conversion" not in str(exc).lower():
                raise
        skipped = 0                       # read again as text, from where the typed pass stopped
        for b in reader(typed=False):
            if skipped + b.num_rows <= done:
                skipped += b.num_rows
                continue
            if skipped < done:
                b = b.slice(done - skipped)
            skipped = done = done + b.num_rows
            yield b

    def frame_of(parts: list) -> pd.DataFrame:
        import pandas as pd
        frame = pa.Table.from_batches(parts).to_pandas()
        for c in frame.columns:                           # text cells: blanks are "" for parse_frame
            if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype):
                frame[c] = frame[c].fillna("")
        return frame

    if read_ahead <= 0:
        return _gathered(batches(), frame_of, path, data, encoding, names, chunk_rows, delimiter, first_rows)
    source = prefetch(batches(), read_ahead, start=True)
    return _Closing(_gathered(source, frame_of, path, data, encoding, names, chunk_rows, delimiter, first_rows),
                    source)


class _Closing:
    """The chunks of a read-ahead: closing them stops the reading thread, even before the first chunk
    (a generator never started runs no `finally`)."""

    def __init__(self, chunks: Iterator[Any], source: Prefetch) -> None:
        self._chunks, self._source = chunks, source

    def __iter__(self) -> "_Closing":
        return self

    def __next__(self) -> Any:
        return next(self._chunks)

    def close(self) -> None:
        self._source.close()
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


def _gathered(source: Iterator[Any], frame_of: Any, path: Path, data: bytes | None, encoding: str, names: list[str],
              chunk_rows: int, delimiter: str, first_rows: int | None) -> Iterator[pd.DataFrame]:
    """Arrow's blocks (≤ 8 MB, ~27k rows) gathered into chunks of `chunk_rows`: the evaluation's
    cost per chunk is paid once per chunk_rows, not once per block. Gathered blocks are yielded
    only together, so a failure below (Arrow cannot split a row) restarts at `yielded`, the first
    row not yet handed out; the typed and the text pass are never mixed in one chunk."""
    import pyarrow as pa
    yielded = 0
    try:
        pending: list = []
        rows = 0
        for b in source:
            if pending and not b.schema.equals(pending[0].schema):
                frame = frame_of(pending)
                pending, rows = [], 0
                yielded += len(frame)
                yield frame
            pending.append(b)
            rows += b.num_rows
            if rows >= (chunk_rows if yielded or first_rows is None else first_rows):
                frame = frame_of(pending)
                pending, rows = [], 0
                yielded += len(frame)
                yield frame
        if pending:
            frame = frame_of(pending)
            yielded += len(frame)
            yield frame
    except pa.ArrowInvalid as exc:
        if "Empty CSV" in str(exc):
            return
        # a row Arrow will not read (more or fewer cells than the header, a cell larger than a
        # block): the rest of the file is read by the csv module, row by row, and such a row gets
        # its own error instead of stopping the file
        yield from _python_chunks(path, data, encoding, names, chunk_rows, delimiter, start=yielded)


def _python_chunks(path: Path, data: bytes | None, encoding: str, names: list[str], chunk_rows: int,
                   delimiter: str, start: int) -> Iterator[pd.DataFrame]:
    """Data rows from number `start` (0-based) on, as text frames; a row with more cells than the
    header, or a cell over limits.MAX_CELL_CHARS, is blanked and carries its error in
    `frame.attrs["row_errors"]` (row index → message); a row with fewer cells is padded."""
    import csv
    width = len(names)
    csv.field_size_limit(max(csv.field_size_limit(), 64 << 20))
    raw = io.BytesIO(data) if data is not None else path.open("rb")
    with raw, io.TextIOWrapper(raw, encoding="utf-8-sig" if encoding.startswith("utf") else encoding,
                               errors="replace", newline="") as text:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            next(reader, None)                          # the header
            for _ in range(start):
                if next(reader, None) is None:
                    return
            n = start
            rows: list[list[str]] = []
            errs: dict[int, str] = {}
            for cells in reader:
                if not cells:                           # an empty line: Arrow skips it too
                    continue
                n += 1
                err = ""
                if len(cells) > width:
                    err = (f"第 {n} 行 有 {len(cells)} 个单元格，多于表头的 {width} 列（可能含有未加引号的逗号），本行未评估")
                elif any(len(c) > limits.MAX_CELL_CHARS for c in cells):
                    err = f"第 {n} 行 有单元格超过 {limits.MAX_CELL_CHARS:,} 个字符，本行未评估"
                if err:                                  # kept (the name shows which company), not judged
                    errs[len(rows)] = err
                    cells = [c if len(c) <= limits.MAX_CELL_CHARS else "" for c in cells]
                rows.append((cells + [""] * width)[:width])
                if len(rows) >= chunk_rows:
                    yield _text_frame(rows, names, errs)
                    rows, errs = [], {}
            if rows:
                yield _text_frame(rows, names, errs)
        except csv.Error as exc:
            raise InputError(f"{limits.echo(path.name)}：CSV 格式错误（第 {reader.line_num} 行：{limits.echo(str(exc), 80)}）",
                             f"{limits.echo(path.name)}: malformed CSV (line {reader.line_num}: {limits.echo(str(exc), 80)})"
                             ) from None


def _text_frame(rows: list[list[str]], names: list[str], errs: dict[int, str]) -> pd.DataFrame:
    import pandas as pd
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    if errs:
        frame.attrs["row_errors"] = dict(errs)
    return frame


def unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = n or "_"
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else f"{k}.{seen[k] - 1}")
    return out


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
