"""HTML → PDF with the system's chromium (print-to-PDF): the same template as the HTML report, the
plotly charts drawn by plotly.js as vectors, CJK text embedded from Noto Sans CJK and extractable.

One chromium per PDF, in a throw-away profile, with networking off; at most two at once per process
(each takes ~200 MB for ~1.5 s)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
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


def html_to_pdf(html: str) -> bytes:
    exe = chromium()
    if exe is None:
        raise PdfError("无法生成 PDF：未找到 Chromium 浏览器（Debian：apt-get install chromium）；可改为下载 HTML 报告后用浏览器打印",
                       "cannot make the PDF: Chromium is not installed (apt-get install chromium); download the HTML "
                       "report and print it from a browser instead")
    with _SLOTS, tempfile.TemporaryDirectory(prefix="zjtx-pdf-") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-extensions", "--disable-quic", "--no-first-run", "--no-default-browser-check",
               "--mute-audio", "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",   # no network, ever
               "--no-pdf-header-footer",
               "--virtual-time-budget=15000", f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"生成 PDF 超时（{TIMEOUT_S} 秒），请稍后重试", f"making the PDF timed out ({TIMEOUT_S} s)") from None
        except OSError as exc:
            raise PdfError(f"无法启动 Chromium：{exc.strerror}", f"cannot start Chromium: {exc.strerror}") from None
        if not out.exists() or out.stat().st_size == 0:
            raise PdfError(f"Chromium 未能生成 PDF（退出码 {proc.returncode}）",
                           f"Chromium did not write the PDF (exit code {proc.returncode})")
        return out.read_bytes()


def page_count(pdf: bytes) -> int:
    """Pages of a PDF chromium wrote (its page objects are plain `/Type /Page` dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
