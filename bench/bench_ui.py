"""Browser benchmark (Debian chromium, headless): slider change → updated chart visible, and cold
load → first chart visible, for zjtx and for a one-slider trivial Streamlit page in the same run.

Run: .venv/bin/python bench/bench_ui.py [--presses 15] [--loads 5]   (prints Markdown; quote medians)
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
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

import subprocess, socket, urllib.request  # noqa: E401,E402


def serve(script: str):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
                             "--server.address=127.0.0.1", f"--server.port={port}",
                             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{script} did not start")


# the live panel's radar: plotly's traces (before 2026-12-06's fourth session) or the inline SVG
LIVE_RADAR = ".st-key-live-panel .scatterlayer, .st-key-live-panel .zjtx-radar"
CHANGED = """([sel, before]) => { const e = document.querySelector(sel); return e && e.innerHTML !== before; }"""
IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]')"


def slider_latency(page, slider, plot_sel: str, presses: int, key: str = "ArrowRight") -> list[float]:
    out = []
    slider.focus()
    for _ in range(presses):
        page.wait_for_function(IDLE)
        before = page.evaluate("(s) => document.querySelector(s).innerHTML", plot_sel)
        t0 = time.perf_counter()
        page.keyboard.press(key)
        try:
            page.wait_for_function(CHANGED, arg=[plot_sel, before], polling="raf", timeout=30_000)
        except Exception:
            page.screenshot(path="/tmp/bench-timeout.png")
            print("timeout after", len(out), "presses; focus:",
                  page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)"))
            raise
        out.append(time.perf_counter() - t0)
    return out


def cold_loads(browser, url: str, plot_sel: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(plot_sel, timeout=30_000)
        out.append(time.perf_counter() - t0)
        ctx.close()
    return out


def med(xs):
    return statistics.median(xs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("--loads", type=int, default=5)
    args = ap.parse_args()
    app, app_url = serve("app.py")
    triv, triv_url = serve("bench/trivial_app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # warm both servers once (first import of plotly etc.)
            cold_loads(browser, triv_url, ".stPlotlyChart .main-svg", 1)
            cold_loads(browser, app_url, ".st-key-live-panel .zjtx-radar", 1)
            triv_cold = cold_loads(browser, triv_url, ".stPlotlyChart .main-svg", args.loads)
            app_cold = cold_loads(browser, app_url, ".st-key-live-panel .zjtx-radar", args.loads)

            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.goto(triv_url)
            page.wait_for_selector(".stPlotlyChart .main-svg")
            triv_lat = slider_latency(page, page.get_by_role("slider").first, ".stPlotlyChart .scatterlayer",
                                      args.presses)
            ctx.close()

            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.goto(app_url)
            page.wait_for_selector(".st-key-live-panel .zjtx-radar")
            page.locator(".st-key-zjtx-section").get_by_text("收入", exact=True).click()
            # example A: 主营业务收入 11400 of 12000 → both tiers' main-share spokes move on every step
            slider = page.locator("[class*=st-key-w-form-sl-main_revenue_y1]").get_by_role("slider")
            slider.wait_for()
            app_lat = slider_latency(page, slider, LIVE_RADAR, args.presses, "ArrowLeft")
            # the 研发 section (8 widgets instead of 20): R&D 2025 moves the 小巨人 two-year R&D spoke
            page.locator(".st-key-zjtx-section").get_by_text("研发", exact=True).click()
            slider = page.locator("[class*=st-key-w-form-sl-rd_expense_y1]").get_by_role("slider")
            slider.wait_for()
            page.wait_for_function(IDLE)
            rd_lat = slider_latency(page, slider, LIVE_RADAR, args.presses, "ArrowLeft")
            # the 利润与资产 section (7 figures, 14 widgets): 负债总额 moves the debt-ratio spoke
            page.locator(".st-key-zjtx-section").get_by_text("利润与资产", exact=True).click()
            slider = page.locator("[class*=st-key-w-form-sl-total_liabilities]").get_by_role("slider")
            slider.wait_for()
            page.wait_for_function(IDLE)
            bal_lat = slider_latency(page, slider, LIVE_RADAR, args.presses, "ArrowLeft")
            ctx.close()
            browser.close()
    finally:
        for proc in (app, triv):
            proc.terminate()
            proc.wait(timeout=10)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, chromium headless, Python {platform.python_version()}")
    print()
    print("| measure | zjtx (median) | trivial page (median) | ratio |")
    print("|---|---|---|---|")
    print(f"| slider change → updated chart visible, 收入 section (6 figures, 12 widgets; {args.presses} presses) | {med(app_lat) * 1e3:.0f} ms "
          f"(min {min(app_lat) * 1e3:.0f}, max {max(app_lat) * 1e3:.0f}) | {med(triv_lat) * 1e3:.0f} ms | "
          f"{med(app_lat) / med(triv_lat):.2f}× |")
    print(f"| … same, 研发 section (4 figures, 8 widgets) | {med(rd_lat) * 1e3:.0f} ms "
          f"(min {min(rd_lat) * 1e3:.0f}, max {max(rd_lat) * 1e3:.0f}) | {med(triv_lat) * 1e3:.0f} ms | "
          f"{med(rd_lat) / med(triv_lat):.2f}× |")
    print(f"| … same, 利润与资产 section (7 figures, 14 widgets) | {med(bal_lat) * 1e3:.0f} ms "
          f"(min {min(bal_lat) * 1e3:.0f}, max {max(bal_lat) * 1e3:.0f}) | {med(triv_lat) * 1e3:.0f} ms | "
          f"{med(bal_lat) / med(triv_lat):.2f}× |")
    print(f"| cold load → first chart visible ({args.loads} new contexts) | {med(app_cold):.2f} s "
          f"(min {min(app_cold):.2f}, max {max(app_cold):.2f}) | {med(triv_cold):.2f} s | "
          f"{med(app_cold) / med(triv_cold):.2f}× |")


if __name__ == "__main__":
    main()
