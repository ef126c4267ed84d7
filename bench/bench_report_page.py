"""Benchmark: a report downloaded from the results page (issue 11), click → file saved, in a real browser.

Run: .venv/bin/python bench/bench_report_page.py [--repeat 5]
Starts `streamlit run app.py` on a free port, opens 结果与差距 (example company A) in Debian's chromium
(Playwright), and times each download button from the click to Playwright's download event: the
report is made on click (engine results → model with the plan section → HTML → chromium print for the
PDF) on a Streamlit worker thread. Prints a Markdown table of medians (min–max) and the load average.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

    proc, url, log = start_server("streamlit-bench-report.log")
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
            page.goto(f"{url}/results")
            page.get_by_role("heading", name="结果与差距").first.wait_for(timeout=60_000)
            box = page.locator(".st-key-report-results")
            box.get_by_role("button", name="PDF 报告").wait_for(timeout=60_000)
            for label, fmt in (("PDF 报告", "pdf"), ("HTML 报告", "html"), ("XLSX 表格", "xlsx")):
                times, size = [], 0
                for _ in range(args.repeat + 1):          # the first click warms the worker (imports): dropped
                    t0 = time.perf_counter()
                    with page.expect_download(timeout=120_000) as info:
                        box.get_by_role("button", name=label).click()
                    size = os.path.getsize(info.value.path())
                    times.append(time.perf_counter() - t0)
                first, rest = times[0], times[1:]
                rows.append(f"| {fmt.upper()} ({size / 1024:.0f} KB) | **{statistics.median(rest):.2f} s** | "
                            f"{min(rest):.2f}–{max(rest):.2f} | {first:.2f} s |")
            browser.close()
    finally:
        stop_server(proc, log)
    load = os.getloadavg()
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.repeat} clicks each after one warm-up; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n")
    print("| download (click → file) | median | min–max | first click |\n|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
