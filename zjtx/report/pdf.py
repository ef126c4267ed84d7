"""HTML → PDF with the system's chromium (print-to-PDF): the same template as the HTML report, the
plotly charts drawn by plotly.js as vectors, CJK text embedded from Noto Sans CJK and extractable.

One chromium per PDF, in a throw-away profile, with networking off, driven through its DevTools pipe
(the HTML in and the PDF out never touch the disk); at most two at once per process (each takes
~200 MB for ~1.5 s)."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

TIMEOUT_S = 60
_SLOTS = threading.BoundedSemaphore(2)


class PdfError(RuntimeError):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(zh)


def chromium() -> str | None:
    env = os.environ.get("ZJTX_CHROMIUM") or os.environ.get("CHROMIUM_PATH")
    if env:
        return env if Path(env).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


_READY = ("document.readyState === 'complete' && "
          "Array.from(document.querySelectorAll('.plotly-graph-div')).every(d => d.querySelector('.main-svg'))")


class _Pipe:
    """Chromium's DevTools protocol over --remote-debugging-pipe (fd 3: commands in, fd 4: replies
    out, messages separated by NUL): no port, no file, nothing another process can reach."""

    def __init__(self, to_chrome: int, from_chrome: int, deadline: float):
        self._w, self._r, self._deadline, self._buf, self._id = to_chrome, from_chrome, deadline, b"", 0

    def _read(self) -> dict:
        while b"\0" not in self._buf:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._r], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(self._r, 1 << 20)
                if not chunk:
                    raise EOFError
                self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode("utf-8") + b"\0"
        while data:
            data = data[os.write(self._w, data):]
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})


def _high_pipe() -> tuple[int, int]:
    """A pipe whose ends are numbered 10 or more, so the shell's `3<&N 4>&M` can never overwrite
    one end with the other (under pytest or Streamlit, fds 3 and 4 may be a pipe's ends)."""
    r, w = os.pipe()
    hr, hw = fcntl.fcntl(r, fcntl.F_DUPFD_CLOEXEC, 10), fcntl.fcntl(w, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(r)
    os.close(w)
    return hr, hw


def html_to_pdf(html: str) -> bytes:
    """The report's HTML → PDF bytes. The HTML goes to chromium through the DevTools pipe and the PDF
    comes back the same way: no user data is written to disk (chromium's throw-away profile holds
    only its own state)."""
    exe = chromium()
    if exe is None:
        raise PdfError("无法生成 PDF：未找到 Chromium 浏览器（Debian：apt-get install chromium）；可改为下载 HTML 报告后用浏览器打印",
                       "cannot make the PDF: Chromium is not installed (apt-get install chromium); download the HTML "
                       "report and print it from a browser instead")
    with _SLOTS, tempfile.TemporaryDirectory(prefix="zjtx-pdf-") as tmp:
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-quic", "--no-first-run", "--no-default-browser-check",
                "--mute-audio", "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",   # no network, ever
                "--remote-debugging-pipe", "about:blank"]
        cmd_r, cmd_w = _high_pipe()          # we write commands, chromium reads them on fd 3
        out_r, out_w = _high_pipe()          # chromium writes replies on fd 4
        try:
            # bash (not dash, which only redirects fds 0–9) puts the pipe ends on chromium's fds 3 and 4
            proc = subprocess.Popen([shutil.which("bash") or "/bin/bash", "-c", f'exec "$0" "$@" 3<&{cmd_r} 4>&{out_w}', exe, *args],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    pass_fds=(cmd_r, out_w), start_new_session=True)
        except OSError as exc:
            for fd in (cmd_r, cmd_w, out_r, out_w):
                os.close(fd)
            raise PdfError(f"无法启动 Chromium：{exc.strerror}", f"cannot start Chromium: {exc.strerror}") from None
        os.close(cmd_r)
        os.close(out_w)
        try:
            cdp = _Pipe(cmd_w, out_r, time.monotonic() + TIMEOUT_S)
            # an off-the-record context: chromium keeps its tabs, title and cache in memory only
            ctx = cdp.call("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
            target = cdp.call("Target.createTarget", {"url": "about:blank", "browserContextId": ctx})["targetId"]
            sid = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            frame = cdp.call("Page.getFrameTree", session=sid)["frameTree"]["frame"]["id"]
            cdp.call("Page.setDocumentContent", {"frameId": frame, "html": html}, session=sid)
            while True:                      # the charts are drawn by plotly.js, the fonts by the system
                done = cdp.call("Runtime.evaluate", {"expression": _READY, "returnByValue": True},
                                session=sid)["result"].get("value")
                if done:
                    break
                time.sleep(0.05)
            cdp.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                          "awaitPromise": True, "returnByValue": True}, session=sid)
            pdf = cdp.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                               "displayHeaderFooter": False}, session=sid)["data"]
            try:
                cdp.call("Browser.close")
            except (EOFError, OSError, RuntimeError, TimeoutError):
                pass
            return base64.b64decode(pdf)
        except TimeoutError:
            raise PdfError(f"生成 PDF 超时（{TIMEOUT_S} 秒），请稍后重试", f"making the PDF timed out ({TIMEOUT_S} s)") from None
        except (EOFError, OSError, RuntimeError, KeyError, ValueError) as exc:
            raise PdfError(f"Chromium 未能生成 PDF（{type(exc).__name__}）",
                           f"Chromium did not make the PDF ({type(exc).__name__})") from None
        finally:
            os.close(cmd_w)
            os.close(out_r)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def page_count(pdf: bytes) -> int:
    """Pages of a PDF chromium wrote (its page objects are plain `/Type /Page` dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
