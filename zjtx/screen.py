"""Screening a list of companies: `python -m zjtx screen IN -o OUT` and the batch page.

Output columns follow docs/cli.md: row, company_name, error, then per tier `<tier>.verdict` /
`<tier>.standard`, then per criterion `<id>.status` / `<id>.gap` (every criterion of every rule
set, so the columns never depend on the rows), then `gate.size_class` and the closeness columns of
zjtx.rank (`<tier>.fails`, `<tier>.shortfall`, `<tier>.rank`).

The vectorised path (zjtx.batch) does the work; `result_row` is the one-profile path, kept as the
oracle the tests compare against. Large CSV files stream in chunks: pass 1
evaluates each chunk and spools it to a temporary Arrow file (one with no name: see
_anonymous_spool) while keeping only the closeness
keys; pass 2 adds the ranks (which need every row) and writes the output. Memory stays bounded.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from . import fmt, limits
from .dataio import InputError, neutralise_series, read_bytes
from .engine import TIERS, Assessment
from .profile import field_for_header
from .rules import RuleBook, rulebook

TIER_COLUMNS = ("gate", *TIERS)
CHUNK_ROWS = 100_000
TEXT_COLUMNS = ("company_name", "error")


# ------------------------------------------------------------------ the one-profile oracle path

def output_header(book: RuleBook) -> list[str]:
    from .batch import output_columns
    return output_columns(book)


def result_row(n: int, name: Any, a: Assessment | None, error: str, book: RuleBook) -> list[Any]:
    row: list[Any] = [n, name or "", error]
    if a is None:
        return row + [""] * (len(output_header(book)) - 3)
    for t in (a.gate, *a.tiers.values()):
        row += [t.verdict, t.standard]
    by_id = {c.id: c for c in a.all_criteria()}
    for c in book.all_criteria():
        r = by_id.get(c.id)
        if r is None:
            row += ["", ""]
        else:
            g = fmt.round_gap(r.gap, r.gap_unit)
            row += [r.status, "" if g is None else fmt.json_number(g, 2)]
    row.append(a.gate.size_class or "")
    return row


# ------------------------------------------------------------------------------ reading

def _blocks(path: Path, data: bytes | None) -> Iterator[bytes]:
    if data is not None:
        yield data
        return
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            yield block


def detect_encoding(path: Path, data: bytes | None = None) -> str:
    """utf-8-sig when the whole file decodes as UTF-8, else GB18030 (what Chinese Excel saves);
    decoded block by block, so a large file is never held in memory."""
    import codecs
    for codec, name in (("utf-8", "utf-8-sig"), ("gb18030", "gb18030")):
        dec = codecs.getincrementaldecoder(codec)()
        try:
            for block in _blocks(path, data):
                dec.decode(block)
            dec.decode(b"", final=True)
            return name
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path.name}：无法识别文件编码（支持 UTF-8 和 GB18030）",
                     f"{path.name}: unknown text encoding (UTF-8 and GB18030 are supported)")


def _empty(path: Path) -> InputError:
    return InputError(f"{path.name} 是空文件（没有表头）", f"{path.name} is empty (no header row)")


def count_rows(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            n += block.count(b"\n")
    return max(n - 1, 0)


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


def iter_chunks(path: Path, data: bytes | None = None, chunk_rows: int = CHUNK_ROWS, count: bool = True
                ) -> tuple[list[str], Iterator[pd.DataFrame], int | None]:
    """(headers, chunks, total rows if known) for a CSV or XLSX list.

    CSV is read by Arrow's multithreaded reader, block by block. Columns of numeric fields are
    asked for as float64: Arrow's parser is correctly rounded, and the batch engine reads a float as
    the decimal its shortest repr spells, so every figure of up to 15 significant digits (and every
    17-digit shortest repr) is taken exactly. A longer figure that no double spells
    ("1499.99999999999999999") is read as the nearest double on this path — a documented limit of
    the CLI; the page and `check` parse text exactly. If any cell is not a plain number ("1,500",
    "12.5%", "不清楚"), the rows from that block on are read again as text and parsed with the
    profile's rules. (Tried: decimal128 columns with a round-trip check — Arrow's decimal→double
    cast is not correctly rounded, which sent thousands of rows to the exact path: 25 s a chunk.)"""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from .dataio import _read_xlsx
        grid = _read_xlsx(data if data is not None else read_bytes(path), path.name)
        if not grid or not any(str(c).strip() for c in grid[0]):
            raise _empty(path)
        headers = [str(c).strip() for c in grid[0]]
        while headers and not headers[-1]:          # trailing blank header cells (formatting)
            headers.pop()
        _check_width(path, headers)
        width = len(headers)
        end = len(grid)                             # trailing blank rows (formatting) are not rows;
        while end > 1 and not any(str(c).strip() for c in grid[end - 1]):   # blank rows inside keep
            end -= 1                                # their place, so `row` stays the data row's number
        body = [(r + [""] * width)[:width] for r in grid[1:end]]
        del grid
        frame = pd.DataFrame(body, columns=range(width), dtype=object)
        frame.columns = _unique(headers)
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
    return headers, _arrow_chunks(path, data, encoding, headers, chunk_rows, delimiter), total


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
                  delimiter: str = ",") -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    from .fields import NUMERIC_KINDS
    names = _unique(headers)
    numeric = {n for n, h in zip(names, headers) if (f := field_for_header(h)) is not None and f.kind in NUMERIC_KINDS}
    block = max(1 << 20, min(1 << 23, chunk_rows * 300))      # ≤ 8 MB of CSV (~27k rows) at a time

    def reader(typed: bool):
        src = pa.BufferReader(data) if data is not None else str(path)
        ro = pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=block,
                               encoding="utf8" if encoding.startswith("utf") else encoding)
        types = {n: (pa.float64() if typed and n in numeric else pa.string()) for n in names}
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

    yielded = 0
    try:
        for b in batches():
            frame = b.to_pandas()
            for c in frame.columns:                       # text cells: blanks are "" for parse_frame
                if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype):
                    frame[c] = frame[c].fillna("")
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
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    if errs:
        frame.attrs["row_errors"] = dict(errs)
    return frame


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = n or "_"
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else f"{k}.{seen[k] - 1}")
    return out


# ------------------------------------------------------------------------------ screening

BLANK_ROW = "为空行（所有单元格为空），未评估"


def blank_rows(chunk: pd.DataFrame) -> list[int]:
    """Positions of the rows whose every cell is empty (a spreadsheet's formatted but unused rows).
    Only rows blank in the first column are looked at, so a list of companies costs one column."""
    if chunk.empty or not len(chunk.columns):
        return []

    def blank(col: pd.Series) -> np.ndarray:
        return (col.isna() | (col.astype(str).str.strip() == "")).to_numpy(dtype=bool)

    cand = np.flatnonzero(blank(chunk.iloc[:, 0]))
    if not len(cand):
        return []
    sub = chunk.iloc[cand]
    keep = np.ones(len(cand), dtype=bool)
    for c in range(1, len(sub.columns)):
        keep &= blank(sub.iloc[:, c])
        if not keep.any():
            return []
    return [int(i) for i in cand[keep]]


def screen_frame(chunk: pd.DataFrame, standard: str, book: RuleBook, first_row: int = 1) -> pd.DataFrame:
    """One chunk of text cells → the output columns (without ranks) plus closeness keys."""
    from .batch import evaluate_frame, parse_frame
    from .rank import closeness_keys
    try:
        data = parse_frame(chunk, first_row=first_row)
    except ValueError as exc:           # e.g. two columns naming the same field
        raise InputError(f"表头有误：{limits.echo(str(exc), 200)}", f"bad header: {limits.echo(str(exc), 200)}") from None
    for i, msg in chunk.attrs.get("row_errors", {}).items():   # rows the reader could not split
        data._errors[i] = msg
    for i in blank_rows(chunk):                        # ",,,": kept (one output row per input row), not judged
        data._errors[i] = f"第 {first_row + i} 行 {BLANK_ROW}"
    res = evaluate_frame(data, standard, book, thresholds=True)
    names = res["company_name"].astype(str)
    long = names.str.len() > 200                       # a name that long is a row error; echo its start
    if long.any():
        res.loc[long, "company_name"] = names[long].str.slice(0, 200) + "…"
    keys = closeness_keys(res, book)
    res = res.drop(columns=[f"{c.id}.threshold" for c in book.all_criteria()])   # used by the ranks only
    return pd.concat([res, keys], axis=1)


def _clean_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet could run as a formula get an apostrophe; line breaks become spaces
    (one company = one line of the output)."""
    out = frame.copy(deep=False)          # the big columns are shared, only these two are replaced
    for c in TEXT_COLUMNS:
        out[c] = neutralise_series(out[c].astype(str).str.replace(r"[\r\n]+", " ", regex=True))
    return out


def _finish(frame: pd.DataFrame, ranks: pd.DataFrame, neutralise: bool = True) -> pd.DataFrame:
    """Final columns: the contract's, then per tier fails and shortfall, then per tier rank."""
    from .rank import RANK_TIERS
    out = frame.drop(columns=[f"{t}.missing" for t in RANK_TIERS], errors="ignore")
    out = _clean_text(out) if neutralise else out
    for t in RANK_TIERS:
        out[f"{t}.rank"] = ranks[f"{t}.rank"].to_numpy()
    return out


def screen_table(headers: list[str], chunks: Iterator[pd.DataFrame], standard: str = "auto",
                 book: RuleBook | None = None, on_progress: Callable[[int], None] | None = None,
                 neutralise: bool = True) -> pd.DataFrame:
    """Screen a whole list in memory (the batch page, XLSX output); returns the output frame.
    `neutralise=False` leaves names as typed (for writers that store text cells, zjtx.people)."""
    from .rank import ranks
    book = book or rulebook()
    parts, done = [], 0
    for chunk in chunks:
        parts.append(screen_frame(chunk, standard, book, first_row=done + 1))
        done += len(chunk)
        if on_progress:
            on_progress(done)
    frame = pd.concat(parts, ignore_index=True) if parts else screen_frame(
        pd.DataFrame(columns=headers, dtype=object), standard, book)
    return _finish(frame, ranks(frame), neutralise)


def arrow_table(frame: pd.DataFrame):
    """pandas → Arrow with categoricals as plain strings (NaN becomes an empty cell, and Arrow writes
    whole floats as "48", not "48.0")."""
    import pyarrow as pa
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return pa.table([c.cast(pa.string()) if pa.types.is_dictionary(f.type) else c
                     for f, c in zip(table.schema, table.columns)], names=table.schema.names)


def _write_csv(fh, frame: pd.DataFrame, header: bool) -> None:
    import pyarrow.csv as pacsv
    pacsv.write_csv(arrow_table(frame), fh, pacsv.WriteOptions(include_header=header, quoting_style="needed"))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The output frame as a CSV download (UTF-8 with BOM, so Excel reads the Chinese)."""
    buf = io.BytesIO()
    buf.write("\ufeff".encode("utf-8"))
    _write_csv(buf, frame, header=True)
    return buf.getvalue()


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    from .xlsx import write_frame
    buf = io.BytesIO()
    write_frame(buf, frame)
    return buf.getvalue()


def write_output(frame: pd.DataFrame, dst: Path) -> None:
    if dst.suffix.lower() == ".xlsx":
        from .xlsx import MAX_ROWS, write_frame
        if len(frame) + 1 > MAX_ROWS:
            raise InputError(f"结果有 {len(frame)} 行，超过 Excel 的上限（1,048,575 行），请输出为 .csv",
                             f"{len(frame)} rows exceed Excel's limit; write a .csv instead")
        write_frame(dst, frame)
        return
    with dst.open("wb") as fh:
        fh.write("\ufeff".encode("utf-8"))
        _write_csv(fh, frame, header=True)


class _anonymous_spool:
    """A temporary file that has no name from the start (unlinked as soon as it is created), used
    through /proc/self/fd: nothing is left in /tmp even when `screen` is killed (SIGKILL included).
    Where /proc is missing, a named file in a temporary directory, removed on every normal exit."""

    def __enter__(self) -> str:
        import os
        self._fd, self._dir = None, None
        fd, name = tempfile.mkstemp(prefix="zjtx-screen-", suffix=".arrow")
        os.unlink(name)
        if os.path.exists(f"/proc/self/fd/{fd}"):
            self._fd = fd
            return f"/proc/self/fd/{fd}"
        os.close(fd)
        self._dir = tempfile.TemporaryDirectory(prefix="zjtx-screen-")
        return str(Path(self._dir.name) / "pass1.arrow")

    def __exit__(self, *exc: object) -> None:
        import os
        if self._fd is not None:
            os.close(self._fd)
        if self._dir is not None:
            self._dir.cleanup()


def screen_file(src: str, dst: str, standard: str = "auto", progress: bool = False,
                chunk_rows: int = CHUNK_ROWS) -> str:
    """`python -m zjtx screen`: stream SRC through the vectorised engine into DST (.csv/.xlsx).

    Pass 1 evaluates each chunk and spools it (Arrow IPC, uncompressed) while keeping one sort key
    per tier and row; pass 2 adds the closeness ranks (they need every row) and writes the output.
    Memory stays bounded by the chunk size plus 4 × 8 bytes a row."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.ipc as ipc
    from .rank import RANK_TIERS, rank_of, sort_key
    src_p, dst_p = Path(src), Path(dst)
    if dst_p.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"输出文件须为 .csv 或 .xlsx：{dst_p.name}", f"output must be .csv or .xlsx: {dst_p.name}")
    if not dst_p.parent.exists():
        raise InputError(f"输出目录不存在：{dst_p.parent}", f"output folder does not exist: {dst_p.parent}")
    book = rulebook()
    headers, chunks, total = iter_chunks(src_p, chunk_rows=chunk_rows, count=progress)
    ignored = check_headers(src_p.name, headers)
    t0 = time.monotonic()
    done, errors, blanks = 0, 0, 0

    def report(final: bool = False) -> None:
        if progress:
            of = f"/{total}" if total else ""
            sys.stderr.write(f"\r已筛查 {done}{of} 行（{time.monotonic() - t0:.1f} 秒）" + ("\n" if final else ""))
            sys.stderr.flush()

    try:
        with _anonymous_spool() as spool:
            keys: dict[str, list[np.ndarray]] = {t: [] for t in RANK_TIERS}
            writer, schema = None, None
            for chunk in chunks:
                part = screen_frame(chunk, standard, book, first_row=done + 1)
                err = part["error"].astype(str)
                err = err[err != ""]                  # the few rows with a message
                errors += len(err)
                blanks += int(err.str.endswith(BLANK_ROW).sum())
                done += len(part)
                for t in RANK_TIERS:
                    keys[t].append(sort_key(part, t))
                table = arrow_table(_clean_text(part.drop(columns=[f"{t}.missing" for t in RANK_TIERS])))
                if writer is None:
                    schema = table.schema
                    writer = ipc.new_file(spool, schema)
                writer.write_table(table if table.schema.equals(schema) else table.cast(schema))
                report()
            if writer is None:                            # a header but no rows
                empty = screen_table(headers, iter([]), standard, book)
                write_output(empty, dst_p)
            else:
                writer.close()
                rank_arrays = {f"{t}.rank": rank_of(np.concatenate(keys[t])) for t in RANK_TIERS}
                keys.clear()
                with ipc.open_file(pa.OSFile(spool)) as spooled:   # not mmap: its pages would count as RSS
                    if dst_p.suffix.lower() == ".xlsx":
                        frame = spooled.read_all().to_pandas()
                        for name, r in rank_arrays.items():
                            frame[name] = r
                        write_output(frame, dst_p)
                    else:
                        starts = np.cumsum([0] + [spooled.get_batch(i).num_rows
                                                  for i in range(spooled.num_record_batches)])

                        def render(i: int) -> bytes:     # Arrow's CSV writer releases the GIL
                            b = spooled.get_batch(i)
                            lo, hi = starts[i], starts[i + 1]
                            cols = b.columns + [pa.array(r[lo:hi], from_pandas=True).cast(pa.int64())
                                                for r in rank_arrays.values()]
                            out = pa.RecordBatch.from_arrays(cols, names=b.schema.names + list(rank_arrays))
                            buf = pa.BufferOutputStream()
                            pacsv.write_csv(out, buf, pacsv.WriteOptions(include_header=(i == 0),
                                                                         quoting_style="needed"))
                            return buf.getvalue().to_pybytes()

                        from concurrent.futures import ThreadPoolExecutor
                        with dst_p.open("wb") as fh, ThreadPoolExecutor(max_workers=2) as pool:
                            fh.write("\ufeff".encode("utf-8"))
                            for data in pool.map(render, range(spooled.num_record_batches)):
                                fh.write(data)
    except OSError as exc:
        raise InputError(f"无法写入 {dst_p}：{exc.strerror}", f"cannot write {dst_p}: {exc.strerror}") from None
    report(final=True)
    msg = f"已筛查 {done - blanks} 行，其中 {errors - blanks} 行有错误"
    if blanks:
        msg += f"；{blanks} 个空行未评估（输出中保留，error 列注明）"
    msg += f"；结果已写入 {dst_p}"
    if ignored:
        msg += f"；已忽略未知列：{ignored_text(ignored)}"
    return msg
