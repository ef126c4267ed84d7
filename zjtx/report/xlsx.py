"""Report → XLSX: a summary sheet and one sheet per tier (openpyxl; a report is a few hundred cells).

Numbers stay numbers with their unit in its own column (units vary row by row); headers carry the
unit where it is fixed. Every string is written as a text cell — a company called "=HYPERLINK(…)"
stays text, with no apostrophe added — with Excel's `_xHHHH_` escapes for what XML cannot carry
(zjtx.dataio.write.excel_text: control characters and CR are kept, "_x0041_" stays as typed); a number
Excel cannot hold (NaN, infinity) is a blank cell.
"""

from __future__ import annotations

import io
import math
import unicodedata
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..fmt import UNIT_EN
from ..i18n import Text
from ..dataio.write import excel_text, sheet_title
from .model import Report, Tier

HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
MAX_WIDTH = 60

STATUS_FILL = {"fail": "FDE7E9", "missing": "FFF4E0", "pass": "E8F5E9", "exempt": "E7EEF9"}


def text_width(s: Any) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(s))


def put(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> None:
    """Write one cell: numbers as numbers, everything else as a text cell (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, float)):
        cell.value = None if isinstance(value, float) and not math.isfinite(value) else value
    else:
        cell.value = excel_text(str(value))
        cell.data_type = "s"           # openpyxl would otherwise store "=…" as a formula
    for k, v in style.items():
        setattr(cell, k, v)


def table(ws: Worksheet, top: int, header: Sequence[str], rows: Sequence[Sequence[Any]],
          wrap: set[int] = frozenset()) -> None:
    for j, h in enumerate(header, 1):
        put(ws, top, j, h, font=BOLD, fill=HEAD_FILL, alignment=WRAP)
    for i, r in enumerate(rows, top + 1):
        for j, v in enumerate(r, 1):
            put(ws, i, j, v, alignment=WRAP if j in wrap else TOP)


def widths(ws: Worksheet, minimum: int = 6) -> None:
    best: dict[int, int] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                best[c.column] = max(best.get(c.column, 0), text_width(c.value))
    for col, w in best.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(MAX_WIDTH, w + 2))


# the column heads of a tier's sheet and of the summary sheet
TIER_HEAD = tuple(Text(z, e) for z, e in zip(
    ("指标编号", "指标", "状态", "自报", "实际值", "比较", "门槛", "单位", "差距", "差距单位",
     "折合数额", "折合单位", "折合说明（含假设）", "说明", "依据文件·附件·条款", "条文摘录", "已逐字核对", "口径说明"),
    ("Criterion id", "Criterion", "Status", "Self-declared", "Actual", "Comparison", "Threshold", "Unit",
     "Gap", "Gap unit", "Equivalent amount", "Equivalent unit", "Equivalent (with assumption)", "Why",
     "Source (document · annex · item)", "Clause", "Verified word for word", "Interpretation"), strict=True))
SUMMARY_HEAD = tuple(Text(z, e) for z, e in zip(
    ("层级", "结论", "受申报条件影响", "标准", "规则集", "依据文件", "为何适用", "口径说明", "未达标（项）",
     "信息不足（项）", "企业规模"),
    ("Tier", "Verdict", "Held back by eligibility", "Standard", "Rule set", "Source", "Why this standard",
     "Interpretation", "Failing (items)", "Missing (items)", "Size class"), strict=True))
YES, NO = Text("是", "yes"), Text("否", "no")
SUMMARY = Text("汇总", "Summary")          # the summary sheet's name


def _tier_sheet(ws: Worksheet, x: Tier, r: Report) -> None:
    zh = r.lang == "zh"
    head = tuple(h.get(r.lang) for h in TIER_HEAD)
    yes, no = YES.get(r.lang), NO.get(r.lang)

    def unit(u: str) -> str:
        return u if zh or not u else "pp" if u == "个百分点" else UNIT_EN.get(u, u)

    rows = [(c.id, c.label, c.status_text.split(" ", 1)[1], yes if c.self_declared else "", c.actual_num, c.op,
             c.threshold_num, unit(c.unit), c.gap_num, unit(c.gap_unit), c.money_num, unit(c.money_unit), c.money, c.reason_full,
             c.citation_full, c.clause, yes if c.verified else no, c.interpretation) for c in x.rows]
    table(ws, 1, head, rows, wrap={2, 13, 14, 15, 16, 18})
    for i, c in enumerate(x.rows, 2):
        fill = STATUS_FILL.get(c.status)
        if fill:
            ws.cell(row=i, column=3).fill = PatternFill("solid", fgColor=fill)
    widths(ws)
    for col, w in ((2, 30), (13, 40), (14, 50), (15, 36), (16, 50), (18, 40)):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"


def _summary(ws: Worksheet, r: Report) -> None:
    L = r.labels
    put(ws, 1, 1, r.title, font=Font(bold=True, size=14))
    meta = [(L["company"], r.company), (L["year"], r.assessment_year), (L["app_type"], r.application_type),
            (L["standard_choice"], r.standard_choice), (L["generated"], r.generated),
            (L["rules_version"], r.rules_version)]
    for i, (k, v) in enumerate(meta, 3):
        put(ws, i, 1, k, font=BOLD)
        put(ws, i, 2, v, alignment=Alignment(horizontal="left"))
    top = 3 + len(meta) + 1
    head = tuple(h.get(r.lang) for h in SUMMARY_HEAD)
    yes = YES.get(r.lang)
    rows = []
    for x in (r.gate, *reversed(r.tiers)):
        n_fail = sum(c.status == "fail" for c in x.rows)
        n_miss = sum(c.status == "missing" for c in x.rows)
        rows.append((x.name, x.verdict_text.split(" ", 1)[1], yes if x.held_by_gate else "", x.standard, x.ruleset,
                     x.source, x.why, x.interpretation, n_fail, n_miss, x.size_class))
    table(ws, top, head, rows, wrap={6, 7, 8})
    put(ws, top + len(rows) + 2, 1, L["disclaimer_title"], font=BOLD)
    put(ws, top + len(rows) + 2, 2, r.disclaimer, alignment=WRAP)
    ws.merge_cells(start_row=top + len(rows) + 2, start_column=2, end_row=top + len(rows) + 2, end_column=8)
    ws.row_dimensions[top + len(rows) + 2].height = 48
    widths(ws)
    for col, w in ((1, 18), (2, 16), (6, 40), (7, 44), (8, 36)):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = ws.cell(row=top + 1, column=1)


def workbook_bytes(r: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    used: set[str] = set()
    ws.title = sheet_title(SUMMARY.get(r.lang), used)
    _summary(ws, r)
    for x in (r.gate, r.tier("specialized"), r.tier("little_giant"), r.tier("innovative"), r.tier("tech_sme")):
        _tier_sheet(wb.create_sheet(sheet_title(x.name, used)), x, r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
