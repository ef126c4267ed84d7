"""The `screen` command: a list of companies through the vectorised evaluator, ranked, written.

`python -m zjtx screen IN -o OUT` and the batch page. Output columns follow docs/cli.md: row,
company_name, error, then per tier `<tier>.verdict` / `<tier>.standard`, then per criterion
`<id>.status` / `<id>.gap` (every criterion of every rule set, so the columns never depend on the
rows), then `gate.size_class` and the closeness columns of zjtx.rank (`<tier>.fails`,
`<tier>.shortfall`, `<tier>.rank`).

This module orchestrates only: zjtx.dataio reads the list (read.iter_chunks) and types its cells
(cells.parse_frame), zjtx.batch evaluates, zjtx.rank ranks, zjtx.dataio.write writes. Large CSV
files stream in chunks: pass 1 evaluates each chunk and spools it (write.Spool, a file with no name:
for CSV output the chunk's CSV lines, for XLSX an Arrow file) while keeping only the closeness keys;
two chunks are evaluated and rendered at a time, one on each of the spool's two worker threads (the
last chunk in up to four pieces), and reach the spool in order. Pass 2 adds the ranks (which need every row)
and writes the output, starting while the last chunks are still being rendered. The chunks are read
on a thread of their own meanwhile (read.prefetch). Memory stays bounded.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np

from . import limits
from .dataio import InputError
from .dataio.read import iter_chunks, prefetch
from .rules import RuleBook, rulebook

if TYPE_CHECKING:    # pandas and the evaluator are imported where used: screen_file starts reading first
    import pandas as pd

CHUNK_ROWS = 100_000
READ_AHEAD = 4          # Arrow blocks (≤ 8 MB, ~27k rows each) parsed ahead of the chunks asked for
SPLIT_FROM = 8192       # the last chunk is evaluated in pieces of at least this many rows,
SPLIT_LAST = 4          # up to this many: both workers end at about the same time


def keep_freed_memory() -> bool:
    """For the one-shot `screen` process only (never the server): let glibc keep the memory each chunk
    frees for the next chunk instead of handing it back to the kernel and faulting fresh zeroed pages
    in again (~550k page faults and 2–3 s of system time per 1M rows). Blocks up to 32 MB come from the
    heap, which is trimmed only above 1 GB of free space; every thread allocates from that one heap
    (glibc's per-thread arenas are 64 MB heaps, given back and faulted in again as `screen`'s two
    workers evaluate); numpy asks for no transparent huge pages (each first touch of one zeroes 2 MB:
    ~9 % of the run's samples went to that). Peak RSS stays the high-water mark of one chunk's working
    set. False where the C library has no mallopt (not glibc)."""
    import ctypes
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
        _set_madvise_hugepage(False)
    except (ImportError, AttributeError):        # another numpy: its default stays
        pass
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold, m_arena_max = -1, -3, -8      # glibc's <malloc.h> parameter numbers
    return (bool(mallopt(m_mmap_threshold, 32 << 20)) and bool(mallopt(m_trim_threshold, 1 << 30))
            and bool(mallopt(m_arena_max, 1)))


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
    import pandas as pd

    from .batch import evaluate_frame
    from .dataio.cells import parse_frame
    from .rank import closeness_keys
    try:
        data = parse_frame(chunk, first_row=first_row)
    except ValueError as exc:           # e.g. two columns naming the same field
        raise InputError(f"表头有误：{limits.echo(str(exc), 200)}", f"bad header: {limits.echo(str(exc), 200)}") from None
    for i, msg in chunk.attrs.get("row_errors", {}).items():   # rows the reader could not split
        data.set_error(i, msg)
    for i in blank_rows(chunk):                        # ",,,": kept (one output row per input row), not judged
        data.set_error(i, f"第 {first_row + i} 行 {BLANK_ROW}")
    res = evaluate_frame(data, standard, book, thresholds=True)
    names = res["company_name"].astype(str)
    long = names.str.len() > 200                       # a name that long is a row error; echo its start
    if long.any():
        res.loc[long, "company_name"] = names[long].str.slice(0, 200) + "…"
    keys = closeness_keys(res, book)
    res = res.drop(columns=[f"{c.id}.threshold" for c in book.all_criteria()])   # used by the ranks only
    return pd.concat([res, keys], axis=1)


def _finish(frame: pd.DataFrame, ranks: pd.DataFrame, neutralise: bool = True) -> pd.DataFrame:
    """Final columns: the contract's, then per tier fails and shortfall, then per tier rank."""
    from .dataio.write import clean_text
    from .rank import RANK_TIERS
    out = frame.drop(columns=[f"{t}.missing" for t in RANK_TIERS], errors="ignore")
    out = clean_text(out) if neutralise else out
    for t in RANK_TIERS:
        out[f"{t}.rank"] = ranks[f"{t}.rank"].to_numpy()
    return out


def screen_table(headers: list[str], chunks: Iterator[pd.DataFrame], standard: str = "auto",
                 book: RuleBook | None = None, on_progress: Callable[[int], None] | None = None,
                 neutralise: bool = True) -> pd.DataFrame:
    """Screen a whole list in memory (the batch page, XLSX output); returns the output frame.
    `neutralise=False` leaves names as typed (for writers that store text cells, zjtx.people)."""
    import pandas as pd

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


def last_split(chunks: Iterator[pd.DataFrame], least: int | None = None) -> Iterator[pd.DataFrame]:
    """The chunks, the last one in up to SPLIT_LAST pieces of at least `least` (default SPLIT_FROM)
    rows: `screen` evaluates two chunks at a time, and its last chunk would otherwise run alone on one
    core while the other worker waits (the ranks need every row's keys). Each chunk is yielded once
    the one after it has been read (or the reading has ended); the reader's row errors
    (attrs["row_errors"], by position) follow their rows into the pieces."""
    least = SPLIT_FROM if least is None else least
    held = None
    for chunk in chunks:
        if held is not None:
            yield held
        held = chunk
    if held is None:
        return
    pieces = min(SPLIT_LAST, len(held) // max(least, 1))
    if pieces < 2:
        yield held
        return
    from .dataio.lines import drop_rows
    cuts = [len(held) * k // pieces for k in range(pieces + 1)]
    pos = np.arange(len(held))
    for lo, hi in zip(cuts, cuts[1:]):
        yield drop_rows(held, (pos < lo) | (pos >= hi))


def screen_file(src: str, dst: str, standard: str = "auto", progress: bool = False,
                chunk_rows: int = CHUNK_ROWS) -> str:
    """`python -m zjtx screen`: stream SRC through the vectorised engine into DST (.csv/.xlsx).

    Pass 1 evaluates each chunk and spools it (CSV lines, or Arrow IPC for XLSX) while keeping one
    sort key per tier and row; pass 2 adds the closeness ranks (they need every row) and writes the
    output. Memory stays bounded by the chunk size plus 4 × 8 + 4 bytes a row (keys, line ends)."""
    src_p, dst_p = Path(src), Path(dst)
    if dst_p.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"输出文件须为 .csv 或 .xlsx：{dst_p.name}", f"output must be .csv or .xlsx: {dst_p.name}")
    if not dst_p.parent.exists():
        raise InputError(f"输出目录不存在：{dst_p.parent}", f"output folder does not exist: {dst_p.parent}")
    book = rulebook()
    # the first chunk is a quarter of the others: evaluation starts after ~25k rows are read, not 100k;
    # Arrow starts parsing now, on a thread of its own, while pandas and the evaluator are imported
    headers, chunks, total = iter_chunks(src_p, chunk_rows=chunk_rows, count=progress, first_rows=chunk_rows // 4,
                                         read_ahead=READ_AHEAD)
    try:
        from .dataio.cells import check_headers, ignored_text
        from .dataio.write import Spool, clean_text, write_output
        from .rank import RANK_TIERS, rank_of, sort_key
        ignored = check_headers(src_p.name, headers)
    except BaseException:
        chunks.close()
        raise
    chunks = prefetch(chunks)                          # the next chunk is read while this one is evaluated
    t0 = time.monotonic()
    done, errors, blanks = 0, 0, 0

    def report(final: bool = False) -> None:
        if progress:
            of = f"/{total}" if total else ""
            sys.stderr.write(f"\r已筛查 {done}{of} 行（{time.monotonic() - t0:.1f} 秒）" + ("\n" if final else ""))
            sys.stderr.flush()

    def evaluate(chunk: pd.DataFrame, first_row: int, slot: int, spool: Spool, found: Future) -> None:
        """One chunk on a spool worker: evaluated, its counts and sort keys handed to the caller at
        once (the ranks need every row's), then rendered into the spool."""
        try:
            part = screen_frame(chunk, standard, book, first_row=first_row)
            err = part["error"].astype(str)
            err = err[err != ""]                      # the few rows with a message
            found.set_result((len(part), len(err), int(err.str.endswith(BLANK_ROW).sum()),
                              [sort_key(part, t) for t in RANK_TIERS]))
        except BaseException as exc:
            found.set_exception(exc)
            raise
        spool.put(slot, part.drop(columns=[f"{t}.missing" for t in RANK_TIERS]), prepare=clean_text)

    try:
        with Spool(csv=dst_p.suffix.lower() != ".xlsx") as spool:
            keys: dict[str, list[np.ndarray]] = {t: [] for t in RANK_TIERS}
            found: deque[Future] = deque()          # each chunk's counts and keys, in order

            def take() -> None:
                nonlocal done, errors, blanks
                rows, errs, blank, tier_keys = found.popleft().result()
                done, errors, blanks = done + rows, errors + errs, blanks + blank
                for t, k in zip(RANK_TIERS, tier_keys):
                    keys[t].append(k)
                report()

            read = 0
            for chunk in last_split(chunks):          # two chunks at a time on the spool's workers
                found.append(Future())
                spool.submit(evaluate, chunk, read + 1, spool.reserve(), spool, found[-1])
                read += len(chunk)
                while found and found[0].done():
                    take()
            while found:
                take()
            if spool.empty:                               # a header but no rows
                empty = screen_table(headers, iter([]), standard, book)
                write_output(empty, dst_p)
            else:
                with ThreadPoolExecutor(max_workers=2) as pool:   # four sorts of every row, two at a time
                    ranked = pool.map(lambda t: rank_of(np.concatenate(keys[t])), RANK_TIERS)
                    rank_arrays = {f"{t}.rank": r for t, r in zip(RANK_TIERS, ranked)}
                keys.clear()
                spool.write(dst_p, rank_arrays)       # while the last chunks are still being rendered
    except OSError as exc:
        raise InputError(f"无法写入 {dst_p}：{exc.strerror}", f"cannot write {dst_p}: {exc.strerror}") from None
    finally:
        chunks.close()                                 # stops the read-ahead thread, whatever happened
    report(final=True)
    msg = f"已筛查 {done - blanks} 行，其中 {errors - blanks} 行有错误"
    if blanks:
        msg += f"；{blanks} 个空行未评估（输出中保留，error 列注明）"
    msg += f"；结果已写入 {dst_p}"
    if ignored:
        msg += f"；已忽略未知列：{ignored_text(ignored)}"
    return msg
