"""Batch results for people (zjtx.people, `screen --format people`): Chinese headers and values, a
汇总 sheet, frozen header, filter, widths; a formula-like name is an XLSX text cell with no
apostrophe (and keeps one in CSV, which has no cell types); the machine columns stay the default."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from zjtx.people import columns, fail_labels, most_failed, people_frame, people_xlsx_bytes, verdict_counts
from zjtx.rules import rulebook
from zjtx.dataio.read import iter_chunks
from zjtx.screen import screen_table

ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://evil.example","丙")'
HEADERS = ["企业名称", "评估年度", "申报类型", "营业收入（上年度）", "营业收入（上上年度）", "主营业务收入（上年度）",
           "研发费用（上年度）", "研发费用（上上年度）", "有效期内科技型中小企业"]
ROWS = [
    ["甲公司", "2026", "新申报", "3000", "2800", "2700", "60", "120", "是"],
    ["乙公司", "2026", "新申报", "-5", "", "", "", "", ""],
    [FORMULA, "2026", "复核", "2000", "1900", "1900", "100", "90", "否"],
    ["丁公司", "2026", "new", "1000", "1400", "900", "45", "42", "Y"],
]


def write_csv(path: Path, rows=ROWS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def frame(tmp_path_factory) -> pd.DataFrame:
    p = write_csv(tmp_path_factory.mktemp("people") / "list.csv")
    headers, chunks, _ = iter_chunks(p)
    return screen_table(headers, chunks, "auto", rulebook(), neutralise=False)


def test_headers_and_values_are_chinese(frame):
    df = people_frame(frame, rulebook(), "zh")
    revenue = rulebook().get("specialized", "2026").criterion("S26.revenue").label.zh    # 营业收入或股权投资
    for h in ("行号", "企业名称", "读取错误", "申报条件·结论", "企业规模", "专精特新·结论", "小巨人·结论",
              "专精特新·接近程度名次", f"专精特新·{revenue}·状态", f"专精特新·{revenue}·差距（万元）",
              "专精特新·研发费用占营业收入比重（每年）·差距（个百分点）"):
        assert h in df.columns, h
    assert not any("." in c for c in df.columns), [c for c in df.columns if "." in c]
    values = set()
    for c in df.columns:
        if c.endswith("·结论") or c.endswith("·状态"):
            values |= set(df[c].astype(str))
    assert values <= {"达标", "未达标", "信息不足", "豁免", "不适用", ""}
    assert {"达标", "未达标", "信息不足"} <= values
    assert not values & {"pass", "fail", "missing", "meets", "fails", "incomplete"}


def test_line_numbers_are_the_lines_a_spreadsheet_shows(frame):
    df = people_frame(frame, rulebook(), "zh")
    assert list(df["行号"]) == [2, 3, 4, 5]                   # header = line 1
    assert df.loc[df["企业名称"] == "乙公司", "读取错误"].iloc[0].startswith("第 2 行")


def test_only_the_rule_sets_in_use_get_criterion_columns(frame):
    """New applications use 2026 for both tiers, the review row puts the Little Giant on 2022: both
    小巨人 standards appear (named with their year), and no 2022 专精特新 column does."""
    heads = [c.header for c in columns(frame, rulebook(), "zh")]
    assert any(h.startswith("小巨人（2026）·") for h in heads) and any(h.startswith("小巨人（2022）·") for h in heads)
    assert not any("S22." in c.source for c in columns(frame, rulebook(), "zh"))
    assert any(h.startswith("专精特新·") and h.endswith("·状态") for h in heads)


def test_english_people_format(frame):
    df = people_frame(frame, rulebook(), "en")
    assert {"Line", "Company", "Specialized SME·verdict", "Size class"} <= set(df.columns)
    assert set(df["Specialized SME·verdict"].astype(str)) <= {"Meets", "Does not meet", "Incomplete", ""}
    assert any(c.endswith("gap (×10k CNY)") for c in df.columns) and any(c.endswith("gap (pp)") for c in df.columns)


def test_summary_counts_companies_per_tier_and_names_the_most_failed(frame):
    counts = verdict_counts(frame, "zh").set_index("层级")
    assert counts.loc["专精特新", "合计"] == 4 and counts.loc["专精特新", "无法读取"] == 1
    assert counts.loc["专精特新", ["达标", "未达标", "信息不足"]].sum() == 3
    fails = most_failed(frame, rulebook(), "zh")
    assert list(fails.columns[:4]) == ["层级", "标准", "指标", "未达标企业数（家）"]
    assert fails["未达标企业数（家）"].is_monotonic_decreasing
    top = fails.iloc[0]
    assert top["层级"] in ("专精特新", "小巨人", "创新型", "科技型", "申报条件") and not top["指标"].isascii()
    labels = fail_labels(frame, rulebook(), "zh")
    assert all("·" in label and "（20" in label for _, label, _ in labels)     # name · tier (standard)


def test_xlsx_for_people_has_text_cells_frozen_header_filter_widths_and_a_summary(frame, tmp_path):
    data = people_xlsx_bytes(frame, rulebook(), "zh", {"输入文件": "list.csv"})
    p = tmp_path / "people.xlsx"
    p.write_bytes(data)
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["筛查结果", "汇总"]
    ws = wb["筛查结果"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}5"
    head = [c.value for c in ws[1]]
    assert head[:3] == ["行号", "企业名称", "读取错误"]
    assert ws.column_dimensions["B"].width >= 10
    name = ws.cell(row=4, column=2)
    assert name.value == FORMULA and name.data_type == "s"               # as typed: no apostrophe, no formula
    assert ws.cell(row=2, column=1).value == 2 and ws.cell(row=2, column=1).data_type == "n"
    summary = [[v for v in r if v is not None] for r in wb["汇总"].iter_rows(values_only=True)]
    assert summary[0] == ["各层级结论（家）"] and summary[1][:4] == ["层级", "达标", "未达标", "信息不足"]
    assert ["最常见的未达标指标"] in summary
    # python-calamine (what we read uploads with) reads it too
    grid = CalamineWorkbook.from_path(str(p)).get_sheet_by_index(0).to_python()
    assert grid[3][1] == FORMULA


def test_cli_people_format_xlsx_and_csv(tmp_path):
    src = write_csv(tmp_path / "list.csv")
    for ext in ("xlsx", "csv"):
        out = tmp_path / f"out.{ext}"
        r = subprocess.run([sys.executable, "-m", "zjtx", "screen", src, "-o", out, "--format", "people"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert "中文表头" in r.stderr
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["行号", "企业名称", "读取错误"]
    assert rows[3][1] == "'" + FORMULA                                   # CSV has no text type: apostrophe
    assert "未达标" in text and ",fail," not in text
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb["筛查结果"].cell(row=4, column=2).value == FORMULA


def test_the_machine_format_stays_the_default(tmp_path):
    src = write_csv(tmp_path / "list.csv")
    out = tmp_path / "out.csv"
    r = subprocess.run([sys.executable, "-m", "zjtx", "screen", src, "-o", out], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    head = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert head[:4] == ["row", "company_name", "error", "gate.verdict"]


def test_cli_people_format_bad_output_exits_2(tmp_path):
    src = write_csv(tmp_path / "list.csv")
    r = subprocess.run([sys.executable, "-m", "zjtx", "screen", src, "-o", tmp_path / "out.pdf", "--format", "people"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr and ".csv 或 .xlsx" in r.stderr
