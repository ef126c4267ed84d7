import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

# CI (CI=true, as .ci/run is run): the same examples on every run and nothing read from or written to
# .hypothesis/, so a red build can be reproduced and a green one is not luck; no deadline on the shared
# 2-core machine. Elsewhere (CI unset, or CI=false, which Hypothesis alone would treat as CI too):
# random examples, failures replayed from the example database. HYPOTHESIS_PROFILE=ci|default overrides.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes") else "default"))


@pytest.fixture(autouse=True)
def _streamlit_pages_like_a_running_server(monkeypatch):
    """AppTest resets Streamlit's legacy `pages/` flag before *every* run, so each run after the
    first executes the last page directly instead of app.py (the fresh-server trap
    described in zjtx/ui/boot.py, on every rerun). A real server clears the flag once st.navigation has run.
    Mirror the server: clear it whenever a PagesManager is made. The trap itself is covered by
    the browser test that deep-links into a freshly started server."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


# ------------------------------------------------------------------ browser tests (e2e)
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = ROOT / "artifacts" / "screenshots"   # kept by CI; pytest-playwright wipes test-results/


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):     # pytest-playwright hook fixture
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (make sysdeps)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


def start_server(log_name: str = "streamlit-test.log"):
    """Start `streamlit run app.py` on a free 127.0.0.1 port; return (process, url)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(ROOT / log_name, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit not healthy; see {log_name}")
        time.sleep(0.1)
    return proc, url, log


def stop_server(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def app_url():
    proc, url, log = start_server()
    yield url
    stop_server(proc, log)


@pytest.fixture(scope="session")
def shots():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def full_screenshot(page, path) -> None:
    """Streamlit scrolls inside its main pane, so Playwright's full_page sees one viewport:
    grow the viewport to the content height, shoot, and restore it."""
    size = page.viewport_size
    height = page.evaluate("() => Math.max(document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0,"
                           " document.body.scrollHeight)")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 16000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


# the page is at rest: the server's run is over and nothing is stale (a rerun can take a moment to start)
IDLE = ("() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"
        " && !document.querySelector('[data-testid=stStatusWidget]') && !document.querySelector('[data-stale=true]')")


def idle(page) -> None:
    """The server's run is over and nothing on the page is stale (a rerun can take a moment to start)."""
    page.wait_for_timeout(200)
    page.wait_for_function(IDLE, timeout=30_000)
