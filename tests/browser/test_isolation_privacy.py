"""One server, many users (issue 12): sessions never see each other's figures, user text is never
markdown (no outside fetch), and a whole session writes no user data to disk."""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT, start_server, stop_server

pytestmark = pytest.mark.e2e

EVIL = "![x](http://evil.example/a.png)"


def _sidebar_upload(page: Page, path: Path) -> None:
    page.locator('[data-testid="stSidebar"] input[type=file]').first.set_input_files(str(path))


def _profile(tmp: Path, name: str, revenue: int) -> Path:
    p = tmp / f"{uuid.uuid4().hex[:8]}.json"
    p.write_text(json.dumps({"company_name": name, "assessment_year": 2026, "application_type": "new",
                             "revenue_y1": revenue, "revenue_y2": revenue, "revenue_y3": revenue},
                            ensure_ascii=False), encoding="utf-8")
    return p


def test_five_sessions_at_once_each_see_only_their_own_company(browser, app_url, tmp_path):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN") for _ in range(5)]
    pages = [c.new_page() for c in contexts]
    names = [f"隔离测试企业{k}号" for k in range(5)]
    try:
        for p in pages:
            p.goto(app_url + "/")
        for p in pages:
            expect(p.locator('[data-testid="stSidebar"] input[type=file]').first).to_be_attached(timeout=60_000)
        for k, p in enumerate(pages):                       # all five load at once, interleaved
            _sidebar_upload(p, _profile(tmp_path, names[k], 1000 * (k + 1)))
        for k, p in enumerate(pages):
            expect(p.get_by_text(names[k]).first).to_be_visible(timeout=60_000)
        for k, p in enumerate(pages):
            p.get_by_role("link", name="结果与差距").click()
        for k, p in enumerate(pages):
            expect(p.get_by_role("heading", name="结果与差距").first).to_be_visible(timeout=60_000)
            body = p.locator("body").inner_text()
            others = [n for j, n in enumerate(names) if j != k and n in body]
            assert not others, f"session {k} shows {others}"
            expect(p.locator('[data-testid="stException"]')).to_have_count(0)
    finally:
        for c in contexts:
            c.close()


def _listing(roots: list[Path], since: float) -> dict[str, float]:
    out = {}
    for root in roots:
        if not root.exists():
            continue
        for dirpath, dirnames, files in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in (".git", ".venv", "node_modules", "__pycache__")
                           and not d.startswith(("pytest-of", "playwright"))]
            for f in files:
                p = os.path.join(dirpath, f)
                try:
                    m = os.stat(p).st_mtime
                except OSError:
                    continue
                if m >= since:
                    out[p] = m
    return out


def test_a_whole_session_sends_nothing_out_and_writes_no_user_data(browser, tmp_path):
    marker = f"隐私标记{uuid.uuid4().hex[:10]}"
    proc, url, log = start_server("streamlit-privacy.log")
    roots = [ROOT, Path(tempfile.gettempdir()), Path.home() / ".streamlit"]
    t0 = time.time()
    seen: list[str] = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    try:
        page = ctx.new_page()
        page.on("request", lambda r: seen.append(r.url))
        page.on("websocket", lambda ws: seen.append(ws.url))
        page.goto(url + "/")
        expect(page.locator('[data-testid="stSidebar"] input[type=file]').first).to_be_attached(timeout=60_000)
        # a profile whose name is markdown that would fetch an image, plus the marker
        _sidebar_upload(page, _profile(tmp_path, f"{marker}{EVIL}", 4321))
        expect(page.get_by_text(marker).first).to_be_visible(timeout=60_000)
        for name in ("结果与差距", "新旧标准对比", "规则说明"):
            page.get_by_role("link", name=name).click()
            expect(page.get_by_role("heading", name=name).first).to_be_visible(timeout=60_000)
        # a list whose header and names are markdown too
        csv_path = tmp_path / "list.csv"
        csv_path.write_text(f"company_name,revenue_y1,{EVIL}\n{marker}{EVIL},100,1\n", encoding="utf-8")
        page.get_by_role("link", name="批量筛查").click()
        expect(page.get_by_role("heading", name="批量筛查").first).to_be_visible(timeout=60_000)
        page.locator(".st-key-zjtx-batch_upload input[type=file]").set_input_files(str(csv_path))
        expect(page.get_by_text("已筛查 1 家企业")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("已忽略未知列").first).to_be_visible(timeout=30_000)
        with page.expect_download(timeout=60_000) as dl:
            page.get_by_role("button", name="CSV（程序用列名）").click()
        assert marker in Path(dl.value.path()).read_bytes().decode("utf-8-sig")
        page.wait_for_timeout(1500)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        imgs = page.locator('img[src*="evil.example"]')
        assert imgs.count() == 0
        # and no link to it either (a bare http://… in a message would be autolinked by GFM)
        assert page.locator('a[href*="evil.example"]').count() == 0
    finally:
        ctx.close()
        stop_server(proc, log)
    outside = sorted({u for u in seen if urlparse(u).hostname not in ("127.0.0.1",)
                      and not u.startswith(("data:", "blob:"))})
    assert not outside, f"requests outside 127.0.0.1: {outside}"
    # no file written since the session started holds the marker (downloads land in Playwright's
    # own folder, excluded; the test's own inputs live under pytest-of-*, excluded)
    touched = _listing(roots, t0)
    leaked = []
    for p in touched:
        if "test-results" in p or "artifacts" in p or p.endswith(".log"):
            continue
        try:
            if os.path.getsize(p) < 200 << 20 and marker.encode() in Path(p).read_bytes():
                leaked.append(p)
        except OSError:
            continue
    assert not leaked, f"user data written to disk: {leaked}"
    log_text = (ROOT / "streamlit-privacy.log").read_text(encoding="utf-8", errors="replace")
    assert marker not in log_text, "user data in the server log"
