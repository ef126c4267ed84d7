"""An uploaded list as a spreadsheet shows it: blank rows skipped, every row's line number.

A person reads "第 7 行" in the results and looks at line 7 of the sheet (the header is line 1).
So a row keeps the line it had in the file even when blank rows come before it, a blank row
(no cell holds anything but spaces) is not a company, and a cell with a line break inside quotes
is still one line, as in a spreadsheet.

    listed = read_list("名单.csv", data)          # headers, non-blank parts, their lines, blanks skipped
    frame = screen_table(listed.headers, iter(listed.parts), standard, book, neutralise=False)
    frame = renumber(frame, listed.lines, listed.records)   # row = line − 1; messages name the line

`row` stays what docs/cli.md says (the data row, from 1: line − 1, blank rows counted); the people
format's 行号, the page's 行号 and every "第 N 行" message are the line itself.

zjtx.dataio.read reads the file (the CLI's machine path numbers the rows it reads, from 1); this
module wraps that reader for the batch page and `screen --format people`: CSV through
read.iter_chunks, XLSX through read.xlsx_sheet (the one XLSX reader of both; the sheet grid is read
once: python-calamine takes seconds on a large sheet).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .read import iter_chunks, read_bytes, unique_names, xlsx_sheet

_EMPTY_LINE = re.compile(rb"\n\r?\n|\r\r")


@dataclass(frozen=True)
class Listed:
    name: str
    headers: list[str]
    parts: list[pd.DataFrame]      # the non-blank rows, as read.iter_chunks gives them
    lines: np.ndarray              # int64: each kept row's spreadsheet line (header = 1)
    blank: int                     # blank rows before the last kept row (skipped)
    records: np.ndarray | None = None   # each kept row's number among the rows the reader yielded (from 1)

    @property
    def rows(self) -> int:
        return int(len(self.lines))

    def frame(self) -> pd.DataFrame:
        """The kept rows as one frame (index 0…n−1, aligned with the screened frame)."""
        if not self.parts:
            return pd.DataFrame(columns=self.headers)
        return pd.concat(self.parts, ignore_index=True) if len(self.parts) > 1 else \
            self.parts[0].reset_index(drop=True)


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """True where no cell of the row holds anything but spaces (NaN and None count as empty)."""
    blank = np.ones(len(frame), dtype=bool)
    for c in range(frame.shape[1]):
        s = frame.iloc[:, c]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype) or isinstance(s.dtype, pd.CategoricalDtype):
            empty = s.isna().to_numpy() | (s.astype(str).str.strip() == "").to_numpy()
        else:
            empty = s.isna().to_numpy()
        blank &= empty
        if not blank.any():
            break
    return blank


def _delimiter(text: str) -> str:
    """The header line's delimiter: a comma, else a tab or semicolon if the line holds one."""
    end = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=len(text))
    line = text[:end]
    if "," in line:
        return ","
    return next((d for d in ("\t", ";") if d in line), ",")


def csv_record_lines(data: bytes, n: int, encoding: str | None = None) -> np.ndarray:
    """The spreadsheet line of each of the first `n` records a CSV reader yields after the header
    (readers skip empty lines; a spreadsheet shows them). With no empty line in the file, record k
    is on line k + 2 and nothing is parsed; otherwise the file is read once more by the csv module."""
    fallback = np.arange(2, n + 2, dtype=np.int64)
    if not _EMPTY_LINE.search(data):
        return fallback
    import csv
    if encoding is None:
        from .read import detect_encoding
        encoding = detect_encoding(Path("list.csv"), data)
    text = data.decode("utf-8-sig" if encoding.startswith("utf") else encoding, errors="replace")
    out = np.empty(n, dtype=np.int64)
    k, line = 0, 1
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        next(reader, None)
        for cells in reader:
            line += 1
            if not cells:                 # an empty line: no record for Arrow, a row for a spreadsheet
                continue
            if k >= n:
                break
            out[k] = line
            k += 1
    except csv.Error:
        return fallback
    return out if k == n else fallback      # the two readers disagree: number as read


def read_list(name: str, data: bytes | None = None, chunk_rows: int = 100_000) -> Listed:
    """Read a CSV or XLSX list (bytes, or the file `name` when `data` is None) into non-blank parts
    with their spreadsheet lines. InputError as read.iter_chunks raises it."""
    path = Path(name)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx_list(path, data if data is not None else read_bytes(path))
    if data is None:
        data = read_bytes(path)
    headers, chunks, _ = iter_chunks(path, data=data, chunk_rows=chunk_rows)
    parts = list(chunks)
    n = sum(len(p) for p in parts)
    lines = csv_record_lines(data, n)
    kept, kept_lines, kept_records, start = [], [], [], 0
    for p in parts:
        mask = blank_rows(p)
        if mask.any():
            p = drop_rows(p, mask)
        if len(p):
            kept.append(p)
        kept_lines.append(lines[start:start + len(mask)][~mask])
        kept_records.append(np.arange(start + 1, start + len(mask) + 1, dtype=np.int64)[~mask])
        start += len(mask)
    all_lines = np.concatenate(kept_lines) if kept_lines else np.empty(0, dtype=np.int64)
    records = np.concatenate(kept_records) if kept_records else np.empty(0, dtype=np.int64)
    return Listed(path.name, headers, kept, all_lines, _blank_between(all_lines), records)


def drop_rows(part: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The part without the masked rows; the reader's per-row errors (frame.attrs["row_errors"],
    keyed by position) follow their rows."""
    out = part.loc[~mask].reset_index(drop=True)
    errs = part.attrs.get("row_errors")
    out.attrs = {k: v for k, v in part.attrs.items() if k != "row_errors"}
    if errs:
        new_pos = np.cumsum(~mask) - 1
        moved = {int(new_pos[i]): msg for i, msg in errs.items() if not mask[i]}
        if moved:
            out.attrs["row_errors"] = moved
    return out


def _read_xlsx_list(path: Path, data: bytes) -> Listed:
    """An XLSX list as iter_chunks reads it, keeping each row's line (grid row i is line i + 1)."""
    headers, grid = xlsx_sheet(path, data)
    width = len(headers)
    body, lines = [], []
    for i, r in enumerate(grid[1:], start=2):
        if any(str(c).strip() for c in r):
            body.append((list(r) + [""] * width)[:width])
            lines.append(i)
    del grid
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    frame.columns = unique_names(headers)
    kept = np.asarray(lines, dtype=np.int64)
    return Listed(path.name, headers, [frame] if len(frame) else [], kept, _blank_between(kept),
                  np.arange(1, len(kept) + 1, dtype=np.int64))


def _blank_between(lines: np.ndarray) -> int:
    """Blank rows between the header and the last kept row (trailing blank rows are not news)."""
    return int(lines[-1] - 1 - len(lines)) if len(lines) else 0


_PREFIX = re.compile(r"^(第 )(\d+)( 行)|^(row )(\d+)(:)")


def renumber(frame: pd.DataFrame, lines: np.ndarray, records: np.ndarray | None = None) -> pd.DataFrame:
    """A screened frame (rows numbered 1…n as screened) → `row` = line − 1, and an error message
    that opens with "第 i 行" naming the row's spreadsheet line instead — i being the row's number as
    screened, or (`records`) as the reader counted it before blank rows were dropped."""
    if len(frame) != len(lines):
        raise ValueError(f"{len(frame)} rows but {len(lines)} line numbers")
    out = frame.copy(deep=False)
    old = pd.to_numeric(out["row"], errors="coerce").to_numpy()
    out["row"] = (np.asarray(lines, dtype=np.int64) - 1)
    err = out["error"].astype(str)
    bad = np.flatnonzero(err.to_numpy() != "")
    if len(bad):
        fixed = err.to_numpy(dtype=object).copy()
        for i in bad:
            m = _PREFIX.match(fixed[i])
            if m is None:
                continue
            g = m.groups()
            head, num, tail = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            own = {int(old[i])} if old[i] == old[i] else set()
            if records is not None:
                own.add(int(records[i]))
            if int(num) in own:                                    # this row's own number
                fixed[i] = f"{head}{int(lines[i])}{tail}" + fixed[i][m.end():]
        out["error"] = fixed
    return out
