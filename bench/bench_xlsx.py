"""Benchmark: the hand-written XLSX writer (zjtx.dataio.write) against xlsxwriter on the same frame.

Run: .venv/bin/python bench/bench_xlsx.py [--rows 10000] [--repeat 5] [--big 200000]
  The frame is the real output of `python -m zjtx screen` for --rows synthetic companies (bench_batch):
  ~120 columns of categoricals, float64 and two text columns. Times (median of --repeat, in-process,
  writing to memory):
    write_frame  – the screen's XLSX download (write_frame into memory)
    write_book   – the XLSX for people (people frame + summary sheet, frozen header, filter, widths)
    text-heavy   – the same frame with every company name unique and full of characters that need
                   escaping (&, <, control characters, `_x0041_`, U+FFFF, a lone surrogate)
    xlsxwriter   – the yardstick: xlsxwriter (constant_memory, inline strings) writing the same cells,
                   including the per-cell Python values a caller has to build for it. Optional: found on
                   sys.path or in $XLSXWRITER_PATH (e.g. `pip install --target /tmp/xw xlsxwriter`).
  and, once each, the peak of Python-allocated memory (tracemalloc) while writing --rows and --big rows.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
if os.environ.get("XLSXWRITER_PATH"):
    sys.path.append(os.environ["XLSXWRITER_PATH"])

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def screen_output(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(screen output frame, people frame) for n synthetic companies."""
    from bench_screen import make_csv
    from zjtx.people import people_frame
    from zjtx.rules import rulebook
    from zjtx.dataio.read import iter_chunks
    from zjtx.screen import screen_table
    src = make_csv(n)
    headers, chunks, _ = iter_chunks(src, count=False)
    frame = screen_table(headers, chunks)
    headers, chunks, _ = iter_chunks(src, count=False)
    people = people_frame(screen_table(headers, chunks, neutralise=False), rulebook(), "zh")
    return frame, people


def nasty(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy(deep=False)
    bits = np.array(["&<>\"'", "\x01\x1f", "_x0041_", "\uffff", "\ud800", " lead", "a\r\nb", "=SUM(A1)", "企业"],
                    dtype=object)
    names = [f"{bits[i % len(bits)]}{i}{bits[(i * 7) % len(bits)]}" for i in range(len(frame))]
    out["company_name"] = pd.Series(names, dtype=object)
    return out


def timed(fn, repeat: int) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds of this process) of each run after a warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def write_frame_bytes(frame: pd.DataFrame) -> int:
    from zjtx.dataio.write import write_frame
    buf = io.BytesIO()
    write_frame(buf, frame)
    return len(buf.getvalue())


def write_book_bytes(people: pd.DataFrame) -> int:
    from zjtx.dataio.write import Sheet, write_book
    summary = people.iloc[:20, :6].copy()
    buf = io.BytesIO()
    write_book(buf, [Sheet("筛查结果", people, freeze_rows=1, freeze_cols=2, autofilter=True),
                     Sheet("汇总", [("各层级结论（家）", summary), ("关于本表", summary.iloc[:3, :2])])])
    return len(buf.getvalue())


def xlsxwriter_bytes(frame: pd.DataFrame) -> int:
    import xlsxwriter
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False,
                                   "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("结果")
    ws.write_row(0, 0, [str(c) for c in frame.columns])
    cols = []
    for c in frame.columns:
        s = frame[c]
        if isinstance(s.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(s.dtype):
            cols.append(s.astype(object).where(s.notna(), None).tolist())
        else:
            v = s.to_numpy(dtype=np.float64, na_value=np.nan)
            cols.append(np.where(np.isfinite(v), v, np.nan).astype(object).tolist())
    for i, row in enumerate(zip(*cols), start=1):
        for j, v in enumerate(row):
            if v is None or v == "" or v != v:
                continue
            if isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write_number(i, j, v)
    wb.close()
    return len(buf.getvalue())


def peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--big", type=int, default=200_000)
    args = ap.parse_args()
    frame, people = screen_output(args.rows)
    text = nasty(frame)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}; frame {frame.shape[0]} × {frame.shape[1]}, "
          f"people {people.shape[0]} × {people.shape[1]}\n")
    cases = [("write_frame (screen output)", lambda: write_frame_bytes(frame)),
             ("write_book (for people, 2 sheets)", lambda: write_book_bytes(people)),
             ("write_frame, text-heavy names", lambda: write_frame_bytes(text))]
    try:
        import xlsxwriter
        cases.append((f"xlsxwriter {xlsxwriter.__version__} (constant_memory), same frame",
                      lambda: xlsxwriter_bytes(frame)))
    except ImportError:
        print("(xlsxwriter not importable: set XLSXWRITER_PATH to compare)\n")
    print(f"| {args.rows:,} rows | median (wall) | min | max | median CPU | size |\n|---|---|---|---|---|---|")
    for name, fn in cases:
        try:
            fn()
        except Exception as exc:  # the writer before issue 12 raised on a lone surrogate
            print(f"| {name} | raises {type(exc).__name__} | | | | |")
            continue
        ts, cpu = timed(fn, args.repeat)
        print(f"| {name} | **{statistics.median(ts):.3f} s** | {min(ts):.3f} | {max(ts):.3f} | "
              f"{statistics.median(cpu):.3f} s | {fn() / 2 ** 20:.1f} MB |", flush=True)
    print()
    print("| peak Python memory while writing to a file (tracemalloc) | rows | MB |\n|---|---|---|")
    out = ROOT / "bench" / "out" / "bench_xlsx.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(f"| write_frame | {args.rows:,} | {peak_mb(lambda: write_file(out, frame)):.1f} |", flush=True)
    if args.big:
        reps = -(-args.big // len(frame))
        big = pd.concat([frame] * reps, ignore_index=True).iloc[:args.big]
        print(f"| write_frame | {args.big:,} | {peak_mb(lambda: write_file(out, big)):.1f} |")
        ts, cpu = timed(lambda: write_file(out, big), 1)
        print(f"\nwrite_frame to a file, {args.big:,} rows: {ts[0]:.2f} s wall, {cpu[0]:.2f} s CPU (one run, "
              f"{out.stat().st_size / 2 ** 20:.0f} MB)")


def write_file(path: Path, frame: pd.DataFrame) -> None:
    from zjtx.dataio.write import write_frame
    write_frame(str(path), frame)


if __name__ == "__main__":
    main()
