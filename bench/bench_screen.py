"""Benchmark: `python -m zjtx screen` end to end, against the I/O floor measured in the same run.

Run: .venv/bin/python bench/bench_screen.py [--rows 1000000] [--big 10000000] [--repeat 3]
  1M companies CSV → CSV (median of --repeat), and the floor: the same file read and written with
  pyarrow alone (read_csv + write_csv); 10k-row XLSX → XLSX; with --big N, N rows streamed CSV → CSV
  once, reporting the child's peak RSS. Synthetic data (bench_batch.synthetic) is cached in bench/out/.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def make_csv(n: int) -> Path:
    path = OUT / f"companies_{n}.csv"
    if not path.exists():
        import pyarrow as pa
        import pyarrow.csv as pacsv
        from bench_batch import synthetic
        OUT.mkdir(parents=True, exist_ok=True)
        step = 1_000_000
        with path.open("wb") as fh:
            for i in range(0, n, step):
                df = synthetic(min(step, n - i), seed=i)
                pacsv.write_csv(pa.Table.from_pandas(df, preserve_index=False), fh,
                                pacsv.WriteOptions(include_header=(i == 0)))
    return path


def make_xlsx(n: int) -> Path:
    path = OUT / f"companies_{n}.xlsx"
    if not path.exists():
        from bench_batch import synthetic
        from zjtx.dataio.write import write_frame
        df = synthetic(n, seed=7)
        write_frame(path, df.astype(object).where(df.notna(), ""))
    return path


def settle() -> None:
    """Write back the dirty pages of the run before (~1 GB: the output and the spool, or the floor's
    output) so that the kernel's flusher threads do not take the 2 cores during the next timed run:
    without it, the second of two runs in a row came out up to 1.7 s slower, whichever it was."""
    os.sync()


def run_screen(src: Path, dst: Path) -> tuple[float, float]:
    """(wall seconds, child peak RSS in MB) of one `python -m zjtx screen`."""
    settle()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "zjtx", "screen", str(src), "-o", str(dst)], cwd=ROOT,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)           # this child's own peak RSS (not the floors')
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, proc.args)
    return wall, usage.ru_maxrss / 1024


def io_floor(src: Path) -> float:
    settle()
    code = ("import sys,time,pyarrow.csv as c; t=time.perf_counter(); tb=c.read_csv(sys.argv[1]); "
            "c.write_csv(tb, sys.argv[2]); print(time.perf_counter()-t)")
    r = subprocess.run([sys.executable, "-c", code, str(src), str(OUT / "floor.csv")], capture_output=True,
                       text=True, check=True)
    return float(r.stdout.strip())


def shaped_floor(src: Path, result: Path) -> float:
    """Issue 12's floor: read the input + write a table of the output's shape (the screen's own
    result, loaded untimed, written by pyarrow)."""
    settle()
    code = ("import sys,time,pyarrow.csv as c; out=c.read_csv(sys.argv[2]); t=time.perf_counter(); "
            "c.read_csv(sys.argv[1]); c.write_csv(out, sys.argv[3]); print(time.perf_counter()-t)")
    r = subprocess.run([sys.executable, "-c", code, str(src), str(result), str(OUT / "floor_shaped.csv")],
                       capture_output=True, text=True, check=True)
    return float(r.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--big", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    src = make_csv(args.rows)
    walls, floors, shaped, rss = [], [], [], []
    for _ in range(args.repeat):
        floors.append(io_floor(src))
        w, m = run_screen(src, OUT / "result.csv")
        walls.append(w)
        rss.append(m)
        shaped.append(shaped_floor(src, OUT / "result.csv"))
    load = os.getloadavg()
    xsrc = make_xlsx(10_000)
    xw = [run_screen(xsrc, OUT / "result.xlsx")[0] for _ in range(args.repeat)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average after the CSV runs {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    print()
    print("| measure | median | min | max | note |")
    print("|---|---|---|---|---|")
    mw, mf = statistics.median(walls), statistics.median(floors)
    print(f"| {args.rows:,} rows CSV → CSV (`python -m zjtx screen`, whole process) | {mw:.2f} s | {min(walls):.2f} | "
          f"{max(walls):.2f} | peak RSS {statistics.median(rss):.0f} MB |")
    print(f"| I/O floor: pyarrow read_csv + write_csv of the same file | {mf:.2f} s | {min(floors):.2f} | "
          f"{max(floors):.2f} | ratio screen / floor = {mw / mf:.2f}× |")
    ms = statistics.median(shaped)
    print(f"| I/O floor (issue 12): read the input + write a table of the output's shape | {ms:.2f} s | "
          f"{min(shaped):.2f} | {max(shaped):.2f} | ratio screen / floor = {mw / ms:.2f}× |")
    print(f"| 10,000 rows XLSX → XLSX (whole process) | {statistics.median(xw):.2f} s | {min(xw):.2f} | {max(xw):.2f} | |")
    if args.big:
        big = make_csv(args.big)
        w, m = run_screen(big, OUT / "result_big.csv")
        print(f"| {args.big:,} rows CSV → CSV, streamed (one run) | {w:.1f} s | | | peak RSS {m:.0f} MB |")


if __name__ == "__main__":
    main()
