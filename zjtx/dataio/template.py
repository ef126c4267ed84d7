"""The batch-screening template (assets/批量筛查模板.xlsx): Chinese headers with units, one example
row (a fictional company), and a sheet explaining every column. Built from the field table, so it
can never drift from the profile contract; `python -m zjtx.dataio.template` rewrites the asset."""

from __future__ import annotations

import io

from ..examples import example_profile
from ..fields import FIELDS, FieldSpec
from ..paths import ASSETS_DIR
from ..periods import PERIODS
from ..usage import field_usage

TEMPLATE_PATH = ASSETS_DIR / "批量筛查模板.xlsx"
KIND_TEXT = {
    "text": "文本", "year": "年份（整数）", "enum": "选项", "bool": "是/否（也可填 Y/N、1/0、true/false）",
    "money": "金额（万元，≥ 0）", "money_signed": "金额（万元，亏损填负数）", "persons": "人数（整数）",
    "count": "项数（整数）", "rank": "名次（整数，1 = 第一）", "years": "年数（可带小数）",
    "percent": "百分数（0–100，12.5 表示 12.5%）", "score": "分数（0–100）", "level": "整数等级",
    "points": "分数",
}


def template_bytes() -> bytes:
    """The template as shipped (the batch page's download)."""
    return TEMPLATE_PATH.read_bytes()


def header(spec: FieldSpec) -> str:
    """Chinese label plus its unit, e.g. 营业收入（上年度）（万元） — read back by field_for_header."""
    unit = spec.unit_zh
    if unit and spec.kind not in ("enum", "bool", "text", "year", "level"):
        return f"{spec.zh}（{unit}）"
    return spec.zh


def _allowed(spec: FieldSpec) -> str:
    if spec.kind == "enum":
        return "；".join(f"{o.zh}（{o.value}）" for o in spec.options)
    if spec.kind in ("level", "points"):
        return f"{spec.lo}–{spec.hi}"
    return KIND_TEXT[spec.kind]


def build() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "企业名单"
    ws.append([header(f) for f in FIELDS])
    example = example_profile("a_both_tiers")
    row = []
    for f in FIELDS:
        v = example.get(f.key)
        if f.kind == "bool" and v is not None:
            v = "是" if v else "否"
        elif f.kind == "enum" and v is not None:
            v = f.option(v).zh
        row.append(v)
    ws.append(row)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FCE8EA")
    for j, f in enumerate(FIELDS, start=1):
        c = ws.cell(row=1, column=j)
        c.font, c.fill = bold, fill
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = max(12, min(28, len(c.value) * 1.6))
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "B2"

    doc = wb.create_sheet("字段说明")
    doc.append(["列名（表头）", "字段键（也可作表头）", "单位 / 取值", "说明", "所属期间", "用于哪些指标"])
    period = {k: p.zh for k, p in PERIODS.items()}      # the one table of period labels
    usage = field_usage()
    for f in FIELDS:
        used = "；".join(f"{cid} {zh}" for cid, zh, _ in usage.get(f.key, ()))
        doc.append([header(f), f.key, _allowed(f), f.help_zh, period[f.period], used])
    for j, w in enumerate((34, 26, 34, 60, 12, 60), start=1):
        doc.column_dimensions[get_column_letter(j)].width = w
    for c in doc[1]:
        c.font, c.fill = bold, fill
    for r in doc.iter_rows(min_row=2):
        for c in r:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    notes = wb.create_sheet("使用说明")
    for line in (
        "1. 在“企业名单”中每行填写一家企业；第 2 行是虚构的示例企业，可删除。",
        "2. 表头可用中文列名（可带单位，如“（万元）”）或字段键（如 revenue_y1）；未知的列会被忽略并提示。",
        "3. 空单元格表示“不清楚”，相应指标判为“信息不足”，不会判为“未达标”。",
        "4. 金额单位为万元；百分数填数字（12.5 表示 12.5%）；是/否也可填 Y/N、1/0。",
        "5. 也可另存为 CSV（UTF-8 或 GB18030 编码均可）。",
        "6. 自测结果仅供参考，不代表认定结论；发展评价得分以官方平台为准。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    TEMPLATE_PATH.write_bytes(build())
    print(f"wrote {TEMPLATE_PATH}")
