"""Benchmark: one report of one company (issue 11; goal ≤ 3 s per PDF on 2 cores).

Run: .venv/bin/python bench/bench_report.py [--repeat 7] [--alt]
  In this process: build the content (engine results → model, figures), render the HTML, print it
  to PDF with chromium (one fresh chromium per PDF, as the app and the CLI do), build the XLSX.
  End to end: `python -m zjtx report … -o x.pdf` in a fresh process (imports + rule book + PDF).
  --alt: the floor of the other route tried (fpdf2 + kaleido): the two charts as PNG through kaleido
  in a fresh process — the charts alone, before any text is laid out.
Prints a Markdown table of medians (min–max).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "assets" / "examples" / "c_near_miss.json"


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def row(name: str, xs: list[float]) -> str:
    return f"| {name} | {statistics.median(xs):.2f} s | {min(xs):.2f}–{max(xs):.2f} |"


ALT = r"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from zjtx.dataio.read import read_profile
from zjtx.engine import evaluate
from zjtx.rules import rulebook
from zjtx.report.model import figures
a = evaluate(read_profile(sys.argv[2]), rulebook())
figs = figures(a, "zh")
import kaleido
kaleido.start_sync_server(silence_warnings=True)
for f in figs.values():
    if f is not None:
        f.to_image(format="png", scale=2)
kaleido.stop_sync_server(silence_warnings=True)
print(time.perf_counter() - t0)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--alt", action="store_true")
    args = ap.parse_args()

    from zjtx.dataio.read import read_profile
    from zjtx.engine import evaluate
    from zjtx.report import build, render
    from zjtx.report.html import render as html
    from zjtx.report.pdf import html_to_pdf
    from zjtx.rules import rulebook

    book = rulebook()
    a = evaluate(read_profile(EXAMPLE), book)
    results = []
    for lang in ("zh", "en"):
        model = build(a, book, lang)
        page = html(model, print_=True)
        results.append(row(f"content: model + figures ({lang})", timed(lambda: build(a, book, lang), args.repeat)))
        results.append(row(f"HTML render, plotly.js inlined ({lang})", timed(lambda: html(model), args.repeat)))
        results.append(row(f"chromium print-to-PDF ({lang})", timed(lambda: html_to_pdf(page), args.repeat)))
        results.append(row(f"**PDF, content → bytes ({lang})**",
                           timed(lambda: render(build(a, book, lang), "pdf"), args.repeat)))
        results.append(row(f"XLSX ({lang})", timed(lambda: render(build(a, book, lang), "xlsx"), args.repeat)))

    # CPU time of one PDF (python + chromium and its helper processes, all waited for): on this shared
    # 2-core machine the wall time mostly measures the queue for a core; CPU time does not
    import resource
    cpu = []
    for _ in range(args.repeat):
        c0, s0 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
        render(build(a, book, "zh"), "pdf")
        c1, s1 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
        cpu.append(c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime + s1.ru_utime - s0.ru_utime
                   + s1.ru_stime - s0.ru_stime)
    results.append(row("PDF (zh): CPU time, python + chromium", cpu))

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.pdf"
        cli = [sys.executable, "-m", "zjtx", "report", str(EXAMPLE), "-o", str(out)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        results.append(row("`python -m zjtx report … -o r.pdf` (fresh process)",
                           timed(lambda: subprocess.run(cli, cwd=ROOT, env=env, check=True, capture_output=True),
                                 args.repeat)))
        size = out.stat().st_size
        if args.alt:
            alt = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-c", ALT, str(ROOT), str(EXAMPLE)], check=True, capture_output=True)
                alt.append(time.perf_counter() - t0)
            results.append(row("alt. route floor: 2 charts via kaleido PNG (fresh process)", alt))

    load = os.getloadavg()
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.repeat} runs each; c_near_miss.json; PDF {size / 1024:.0f} KB; load average "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n")
    print("| step | median | min–max |\n|---|---|---|")
    print("\n".join(results))


if __name__ == "__main__":
    main()
