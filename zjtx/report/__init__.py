"""Reports of one assessment: PDF (A4), offline HTML and XLSX, in Chinese or English.

    from zjtx.report import report_bytes
    data = report_bytes(assessment, "pdf", lang="zh", anonymise=False)

Everything shown comes from the engine's Assessment (zjtx.report.model); the PDF is the HTML
template printed by chromium (zjtx.report.pdf); the XLSX is built with openpyxl (zjtx.report.xlsx).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..engine import Assessment
from ..i18n import t
from ..rules import RuleBook, rulebook
from .model import PlanSection, Report, build, plan_section
from .pdf import PdfError

FORMATS = ("pdf", "html", "xlsx")
MAX_PAGES = 4
MIME = {"pdf": "application/pdf", "html": "text/html",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

__all__ = ["FORMATS", "MIME", "PdfError", "PlanSection", "Report", "build", "file_name", "plan_section", "render",
           "report_bytes"]


def render(r: Report, fmt: str) -> bytes:
    if fmt == "html":
        from .html import render as html
        return html(r, print_=False).encode("utf-8")
    if fmt == "pdf":
        from .html import render as html
        from .pdf import html_to_pdf, page_count
        data = html_to_pdf(html(r, print_=True))
        if page_count(data) > MAX_PAGES:         # rare: a long report is printed once more, denser
            data = html_to_pdf(html(r, print_=True, dense=True))
        return data
    if fmt == "xlsx":
        from .xlsx import workbook_bytes
        return workbook_bytes(r)
    raise ValueError(f"unknown report format {fmt!r}")


def report_bytes(a: Assessment, fmt: str, lang: str = "zh", anonymise: bool = False,
                 book: RuleBook | None = None, today: _dt.date | None = None, plan: Any = None,
                 profile: Any = None) -> bytes:
    """The report of `a` as bytes. Pass the `profile` it was evaluated from to include the plan
    section (minimal-change plan and first qualifying year)."""
    return render(build(a, book or rulebook(), lang, anonymise, today, plan, profile), fmt)


def file_name(a: Assessment, fmt: str, lang: str = "zh", anonymise: bool = False) -> str:
    """专精特新自测报告-<企业>-<年度>.pdf; the company name is left out when anonymised."""
    stem = t("report_stem", lang)
    name = "" if anonymise else (a.company_name or "")
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "（）()·-_ ")[:40].strip()
    parts = [stem] + ([safe] if safe else []) + [str(a.assessment_year)]
    return "-".join(parts) + f".{fmt}"
