"""Browser benchmark: the 批量筛查 page, N companies uploaded → screened and shown.

Run: .venv/bin/python bench/bench_batch_page.py [--rows 100000] [--repeat 3]
Time = file handed to the uploader → the "已筛查 N 家企业" line and the ranked table are visible
(upload over loopback, Arrow read, vectorised screen, summary, chart and table render).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench"), str(ROOT)]
from bench_ui import serve  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

OUT = ROOT / "bench" / "out"


def make(n: int) -> Path:
    path = OUT / f"companies_{n}.csv"
    if not path.exists():
        import pyarrow as pa
        import pyarrow.csv as pacsv
        from bench_batch import synthetic
        OUT.mkdir(parents=True, exist_ok=True)
        pacsv.write_csv(pa.Table.from_pandas(synthetic(n, seed=3), preserve_index=False), str(path))
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    src = make(args.rows)
    proc, url = serve("app.py")
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.repeat):
                ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                page = ctx.new_page()
                page.goto(url + "/batch")
                page.wait_for_selector('.st-key-zjtx-batch_upload', timeout=60_000)
                t0 = time.perf_counter()
                page.locator('.st-key-zjtx-batch_upload input[type=file]').set_input_files(str(src))
                expect(page.get_by_text(f"已筛查 {args.rows} 家企业")).to_be_visible(timeout=120_000)
                expect(page.locator(".st-key-batch-table canvas").first).to_be_visible(timeout=60_000)
                times.append(time.perf_counter() - t0)
                ctx.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"| batch page: {args.rows:,} rows uploaded → screened and shown | {statistics.median(times):.2f} s | "
          f"{min(times):.2f} | {max(times):.2f} | {src.stat().st_size / 1e6:.0f} MB CSV |")


if __name__ == "__main__":
    main()
