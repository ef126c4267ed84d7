"""Server memory across sessions (issue 12, "Isolation and load"): does RSS stay flat?

Starts `streamlit run app.py`, warms it with 3 sessions, then runs ROUNDS rounds of SESSIONS
browser sessions (each: open 企业自评, load a profile, open 结果与差距, 规划 and 批量筛查 with a
200-row list screened, then close the tab) and prints the server's RSS (VmRSS of the process)
after the warm-up and after each round, once the closed sessions have been dropped.

    .venv/bin/python bench/bench_sessions.py [--sessions 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_session(browser, url: str, k: int, tmp: Path) -> None:
    from playwright.sync_api import expect
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    page.goto(url + "/")
    prof = tmp / f"p{k}.json"
    prof.write_text(json.dumps({"company_name": f"会话{k}", "revenue_y1": 1000 + k, "revenue_y2": 900,
                                "revenue_y3": 800}, ensure_ascii=False), encoding="utf-8")
    up = page.locator('[data-testid="stSidebar"] input[type=file]').first
    expect(up).to_be_attached(timeout=60_000)
    up.set_input_files(str(prof))
    expect(page.get_by_text(f"会话{k}").first).to_be_visible(timeout=60_000)
    for name in ("结果与差距", "规划"):
        page.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=name).first).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="批量筛查").click()
    lst = tmp / f"l{k}.csv"
    lst.write_text("company_name,revenue_y1,revenue_y2,rd_expense_y1\n"
                   + "".join(f"C{i},{1000 + i},{900 + i},{i}\n" for i in range(200)), encoding="utf-8")
    page.locator(".st-key-zjtx-batch_upload input[type=file]").set_input_files(str(lst))
    expect(page.get_by_text("已筛查 200 家企业")).to_be_visible(timeout=60_000)
    ctx.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    proc, url, log = start_server("streamlit-bench-sessions.log")
    rows = []
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmpd:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tmp = Path(tmpd)
            rows.append(("start (no session)", rss_mb(proc.pid)))
            for k in range(3):
                one_session(browser, url, k, tmp)
            time.sleep(5)
            rows.append(("after 3 warm-up sessions", rss_mb(proc.pid)))
            for r in range(args.rounds):
                t0 = time.monotonic()
                for k in range(args.sessions):
                    one_session(browser, url, 100 * (r + 1) + k, tmp)
                time.sleep(5)
                rows.append((f"after round {r + 1}: {args.sessions} more sessions "
                             f"({time.monotonic() - t0:.0f} s)", rss_mb(proc.pid)))
            browser.close()
    finally:
        stop_server(proc, log)
    print("| when | server RSS |\n|---|---|")
    for what, mb in rows:
        print(f"| {what} | {mb:.0f} MB |")


if __name__ == "__main__":
    main()
