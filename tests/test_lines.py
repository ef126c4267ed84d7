"""Uploaded lists as a spreadsheet shows them (zjtx.dataio.lines): blank rows are not companies, every row
keeps the line a spreadsheet shows (header = line 1), and messages name that line — on the batch
page and in `screen --format people`."""
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from zjtx.dataio.lines import blank_rows, csv_record_lines, read_list, renumber
from zjtx.rules import rulebook
from zjtx.screen import screen_table

ROOT = Path(__file__).resolve().parents[1]
HEAD = "企业名称,营业收入（上年度）（万元）\n"


def screened(name: str, data: bytes):
    listed = read_list(name, data)
    frame = screen_table(listed.headers, iter(listed.parts), "auto", rulebook(), neutralise=False)
    return listed, renumber(frame, listed.lines, listed.records)


def test_a_list_with_no_blank_row_is_numbered_from_line_2():
    listed, frame = screened("a.csv", (HEAD + "甲,3000\n乙,-5\n").encode())
    assert list(listed.lines) == [2, 3] and listed.blank == 0
    assert list(frame["row"]) == [1, 2]                      # docs/cli.md: the data row, from 1
    assert frame.loc[1, "error"].startswith("第 3 行 营业收入（上年度）：不能为负数")


def test_empty_lines_and_rows_of_empty_cells_are_skipped_and_lines_kept():
    data = (HEAD + "甲,3000\n"            # line 2
            "\n"                           # 3: an empty line (the CSV reader skips it)
            ",\n"                          # 4: two empty cells
            "乙,-5\n"                      # 5
            "  ,  \n"                      # 6: spaces only
            "丁,abc\n").encode()           # 7
    listed, frame = screened("a.csv", data)
    assert list(frame["company_name"]) == ["甲", "乙", "丁"]          # 3 companies, not 5
    assert list(listed.lines) == [2, 5, 7] and listed.blank == 3
    assert list(frame["row"] + 1) == [2, 5, 7]
    assert frame.loc[1, "error"].startswith("第 5 行 ")
    assert frame.loc[2, "error"].startswith("第 7 行 ")


def test_a_quoted_line_break_is_one_spreadsheet_row():
    data = (HEAD + '"丙\n公司",2000\n\n丁,-1\n').encode()        # line 2 holds two text lines
    listed, frame = screened("a.csv", data)
    assert list(listed.lines) == [2, 4]
    assert frame.loc[1, "error"].startswith("第 4 行 ")
    # without an empty line nothing is parsed twice: record k is line k + 2, quoted breaks or not
    data = (HEAD + '"丙\n公司",2000\n丁,-1\n').encode()
    assert list(read_list("a.csv", data).lines) == [2, 3]


def test_crlf_and_gb18030_files_are_numbered_the_same():
    text = HEAD.replace("\n", "\r\n") + "甲,3000\r\n\r\n乙,-5\r\n"
    for data in (text.encode("utf-8"), text.encode("gb18030"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        listed, frame = screened("a.csv", data)
        assert list(listed.lines) == [2, 4]
        assert list(frame["company_name"]) == ["甲", "乙"]


def test_csv_record_lines_falls_back_to_reading_order_when_the_readers_disagree():
    assert list(csv_record_lines(b"a\n1\n\n2\n", 2)) == [2, 4]
    assert list(csv_record_lines(b"a\n1\n\n2\n", 5)) == [2, 3, 4, 5, 6]    # counts differ: as read


def xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_blank_rows_are_skipped_and_lines_kept():
    data = xlsx([["企业名称", "营业收入（上年度）（万元）"], ["甲", 3000], [None, None], ["", " "], ["乙", -5]])
    listed, frame = screened("a.xlsx", data)
    assert list(frame["company_name"]) == ["甲", "乙"]
    assert list(listed.lines) == [2, 5] and listed.blank == 2
    assert frame.loc[1, "error"].startswith("第 5 行 ")


def test_a_row_with_only_an_unknown_column_filled_is_not_blank():
    listed, _ = screened("a.csv", ("企业名称,营业收入（上年度）（万元）,备注\n,,说明\n甲,1,\n").encode())
    assert list(listed.lines) == [2, 3]


def test_blank_rows_reads_nan_none_and_spaces_as_empty():
    import pandas as pd
    df = pd.DataFrame({"a": ["", None, " x", "  "], "b": [np.nan, np.nan, np.nan, 1.0]})
    assert list(blank_rows(df)) == [True, True, False, False]


def test_renumber_rewrites_only_the_rows_own_number():
    import pandas as pd
    frame = pd.DataFrame({"row": [1, 2], "error": ["第 1 行 营业收入：不能为负数", "单元格写着 第 1 行"]})
    out = renumber(frame, np.array([3, 9]))
    assert list(out["row"]) == [2, 8]
    assert out.loc[0, "error"] == "第 3 行 营业收入：不能为负数"
    assert out.loc[1, "error"] == "单元格写着 第 1 行"                 # not this row's number: left alone
    with pytest.raises(ValueError):
        renumber(frame, np.array([2]))


def test_cli_people_format_skips_blank_rows_and_prints_spreadsheet_lines(tmp_path):
    src = tmp_path / "list.csv"
    src.write_bytes((HEAD + "甲,3000\n,\n\n乙,-5\n").encode())
    out = tmp_path / "out.csv"
    proc = subprocess.run([sys.executable, "-m", "zjtx", "screen", str(src), "-o", str(out), "--format", "people"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "已筛查 2 行" in proc.stderr
    import csv
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["行号"], r["企业名称"]) for r in rows] == [("2", "甲"), ("5", "乙")]
    assert rows[1]["读取错误"].startswith("第 5 行 ")


def test_a_row_the_reader_could_not_split_keeps_its_error_on_its_own_line():
    """screen's csv-module path puts "第 n 行 有 4 个单元格…" on a row by position in its chunk and
    counts rows as read: dropping a blank row before it must move the error with its row."""
    data = (HEAD + "甲,1\n,\n\n乙,2,3,4\n丙,-1\n").encode()
    listed, frame = screened("a.csv", data)
    assert list(frame["company_name"]) == ["甲", "乙", "丙"]
    assert list(listed.lines) == [2, 5, 6]
    assert frame.loc[0, "error"] == ""
    assert frame.loc[1, "error"].startswith("第 5 行 有 4 个单元格")
    assert frame.loc[2, "error"].startswith("第 6 行 营业收入（上年度）：不能为负数")
