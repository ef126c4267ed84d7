"""Paired browser benchmark: the trivial page, this checkout's app and (optionally) other checkouts'
apps served at once, their slider presses interleaved, so the machine's load hits every variant
alike (bench_ui.py measures one server after another; on a shared machine its ratio moves with the
load). Reports per variant: median latency (slider key → the chart's SVG changed), its ratio to the
trivial page, and the CPU time per step of chromium (all processes) and of the variant's server.

Run: .venv/bin/python bench/bench_ui_pair.py [--presses 15] [--section 收入] [--field main_revenue_y1]
                                             [--other /path/to/another/checkout[=收入label] ...]
Example (before/after a change): git worktree add /tmp/before <rev>; … --other /tmp/before=财务
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT), str(ROOT / "bench")]
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

import bench_ui  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: set[str] | None = None) -> float:
    """CPU time (user + system) of the given processes, or of every chromium process when None."""
    total = 0.0
    for d in glob.glob("/proc/[0-9]*"):
        try:
            if pids is None:
                cmd = open(d + "/cmdline", "rb").read()
                if b"chrom" not in cmd:
                    continue
            elif d.rsplit("/", 1)[1] not in pids:
                continue
            f = open(d + "/stat").read().rsplit(")", 1)[1].split()
            total += (int(f[11]) + int(f[12])) / TICK
        except OSError:
            pass
    return total


def serve_in(cwd: Path, script: str):
    old = bench_ui.ROOT
    bench_ui.ROOT = cwd
    try:
        return bench_ui.serve(script)
    finally:
        bench_ui.ROOT = old


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("--section", default="收入")
    ap.add_argument("--field", default="main_revenue_y1")
    ap.add_argument("--other", action="append", default=[], help="another checkout, optionally =its section label")
    args = ap.parse_args()
    variants = [("trivial", ROOT, "bench/trivial_app.py", None), ("this checkout", ROOT, "app.py", args.section)]
    for o in args.other:
        path, _, label = o.partition("=")
        variants.append((path, Path(path), "app.py", label or args.section))
    servers = []
    try:
        for name, cwd, script, _ in variants:
            servers.append(serve_in(cwd, script))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            runs = []
            for (name, _, _, section), (proc, url) in zip(variants, servers):
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.goto(url)
                page.wait_for_selector(".stPlotlyChart .main-svg, .zjtx-radar", timeout=60_000)
                if section is None:
                    slider, sel, key = page.get_by_role("slider").first, ".stPlotlyChart .scatterlayer", "ArrowRight"
                else:
                    page.locator(".st-key-zjtx-section").get_by_text(section, exact=True).click()
                    slider = page.locator(f"[class*=st-key-w-form-sl-{args.field}]").get_by_role("slider")
                    sel, key = bench_ui.LIVE_RADAR, "ArrowLeft"
                slider.wait_for()
                runs.append(dict(name=name, page=page, slider=slider, sel=sel, key=key, pid=str(proc.pid),
                                 lat=[], browser=[], server=[]))
            for _ in range(args.presses):
                for r in runs:
                    page = r["page"]
                    r["slider"].focus()
                    page.wait_for_function(bench_ui.IDLE)
                    time.sleep(0.15)
                    before = page.evaluate("(s) => document.querySelector(s).innerHTML", r["sel"])
                    b0, s0 = cpu_seconds(), cpu_seconds({r["pid"]})
                    t0 = time.perf_counter()
                    page.keyboard.press(r["key"])
                    page.wait_for_function(bench_ui.CHANGED, arg=[r["sel"], before], polling="raf", timeout=30_000)
                    r["lat"].append(time.perf_counter() - t0)
                    page.wait_for_function(bench_ui.IDLE)
                    time.sleep(0.25)
                    r["browser"].append(cpu_seconds() - b0)
                    r["server"].append(cpu_seconds({r["pid"]}) - s0)
            browser.close()
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=10)
    base = statistics.median(runs[0]["lat"])
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {args.presses} presses each, interleaved; "
          f"section {args.section}, slider {args.field}")
    print()
    print("| variant | latency (median) | ratio | chromium CPU / step | server CPU / step |")
    print("|---|---|---|---|---|")
    for r in runs:
        m = statistics.median(r["lat"])
        print(f"| {r['name']} | {m * 1e3:.0f} ms | {m / base:.2f}× | {statistics.mean(r['browser']) * 1e3:.0f} ms | "
              f"{statistics.mean(r['server']) * 1e3:.0f} ms |")


if __name__ == "__main__":
    main()
