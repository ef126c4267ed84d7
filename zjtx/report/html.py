"""Report → one self-contained HTML file (plotly.js embedded once, no network), the same template
for the offline HTML download and for chromium's print-to-PDF."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..i18n import colon
from .model import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"
PRINT_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": False}
SCREEN_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": False}


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    # autoescape on for every template: a company name like <script> is shown, never run
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False)


@lru_cache(maxsize=1)
def _css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def css_string(s: str) -> str:
    """A CSS string body: every character outside [A-Za-z0-9 ] as a hex escape, so no input can
    close the string, the rule or the <style> element."""
    return "".join(ch if (ch.isascii() and (ch.isalnum() or ch == " ")) else f"\\{ord(ch):06x}" for ch in s)


def chart_html(r: Report, print_: bool) -> dict[str, str]:
    if not r.charts:
        return {}
    config = PRINT_CONFIG if print_ else SCREEN_CONFIG
    out, first = {}, True
    for name in ("radar", "gap"):
        fig = r.charts[name]
        if fig is None:
            out[name] = ""
            continue
        out[name] = fig.to_html(full_html=False, include_plotlyjs=first, config=config,
                                default_width=f"{fig.layout.width}px", default_height=f"{fig.layout.height}px",
                                div_id=f"fig-{name}")
        first = False
    return out


def render(r: Report, print_: bool = False, dense: bool = False) -> str:
    footer = f"{r.title} · {r.company} · {r.generated}"
    return _env().get_template("report.html.j2").render(
        r=r, css=_css(), footer_css=css_string(footer), colon=colon(r.lang), charts=chart_html(r, print_),
        print=print_, dense=dense)
