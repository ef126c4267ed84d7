"""The hand-written XLSX writer (zjtx.dataio.write): any text, number, boolean or blank written is read back
by python-calamine (what the project and Excel-like readers decode) and openpyxl (which returns the
stored text raw) as the documented value — see the module docstring of zjtx.dataio.write for the contract.

calamine decodes Excel's `_xHHHH_` escapes (as Excel does); openpyxl does not, so its text is checked
after applying Excel's decoding rule (`excel_decode`), which shows the stored text is exactly Excel's
encoding of the original.
"""

from __future__ import annotations

import io
import math
import re
import tracemalloc
import zipfile
import xml.etree.ElementTree as ET

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from zjtx.dataio import write as xlsx
from zjtx.dataio.write import MAX_TEXT, Sheet, write_book, write_frame

_ESC = re.compile("_x([0-9A-Fa-f]{4})_")
_UNREPRESENTABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def excel_decode(s: str) -> str:
    """Excel's reading rule for cell text: `_xHHHH_` is the character U+HHHH, left to right."""
    return _ESC.sub(lambda m: chr(int(m[1], 16)), s)


def utf16_len(s: str) -> int:
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)


def truncated(s: str) -> str:
    while utf16_len(s) > MAX_TEXT:
        s = s[:-1]
    return s


def calamine_text(s: str) -> str:
    """What calamine returns for text written from `s`: Excel's limit applied, and the characters a
    Python/Rust string read from XML cannot hold (lone surrogates, U+FFFE, U+FFFF) left as the escape
    text `_xHHHH_` (Excel itself decodes them)."""
    return _UNREPRESENTABLE.sub(lambda m: f"_x{ord(m[0]):04X}_", truncated(s))


def blank(v) -> bool:
    if v is None or v is pd.NA or (isinstance(v, str) and v == ""):
        return True
    return isinstance(v, float) and not math.isfinite(v)


def tagged(v, text):
    """What a written value should read back as: ("blank",), ("bool", b), ("num", x) or
    ("text", text(v)) — `text` is what the reader does to text (calamine decodes, openpyxl cuts)."""
    if blank(v):
        return ("blank",)
    if isinstance(v, (bool, np.bool_)):
        return ("bool", bool(v))
    if isinstance(v, (int, float, np.integer, np.floating)):
        return ("num", float(v))
    return ("text", text(v))


def tagged_calamine(v):
    return tagged(v, calamine_text)


def tagged_openpyxl(v):
    return tagged(v, truncated)


def read_tag(v, decode=False):
    if v is None or v == "":
        return ("blank",)
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, (int, float)):
        return ("num", float(v))
    return ("text", excel_decode(v) if decode else v)


def pad(rows: list[list], nrows: int, ncols: int, fill) -> list[list]:
    rows = [list(r) + [fill] * (ncols - len(r)) for r in rows]
    return rows + [[fill] * ncols for _ in range(nrows - len(rows))]


def read_both(data: bytes, nrows: int, ncols: int, sheet: int = 0) -> tuple[list[list], list[list]]:
    """(calamine rows, openpyxl rows) of one sheet, padded to nrows × ncols."""
    cal = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(sheet).to_python(
        skip_empty_area=False)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    opx = [list(r) for r in wb.worksheets[sheet].iter_rows(values_only=True)]
    return pad(cal, nrows, ncols, ""), pad(opx, nrows, ncols, None)


def frame_bytes(frame: pd.DataFrame, **kw) -> bytes:
    buf = io.BytesIO()
    write_frame(buf, frame, **kw)
    return buf.getvalue()


def column_values(data: bytes, n: int, col: int = 0) -> tuple[list, list]:
    """Column `col` of the data rows (header skipped) as read by calamine and openpyxl."""
    cal, opx = read_both(data, n + 1, col + 1)
    return [r[col] for r in cal[1:]], [r[col] for r in opx[1:]]


# ------------------------------------------------------------------ one finding each

def test_xml_illegal_characters_leave_a_readable_file():
    names = ["甲\uffff乙", "\ufffe", "A\x00B", "\x08", "\x1f企业"]
    data = frame_bytes(pd.DataFrame({"company_name": names}))
    cal, opx = column_values(data, len(names))           # openpyxl raised ParseError on U+FFFF
    assert cal == ["甲_xFFFF_乙", "_xFFFE_", "A\x00B", "\x08", "\x1f企业"]
    assert [excel_decode(v) for v in opx] == names


def test_control_characters_and_carriage_returns_are_kept():
    names = ["a\x01b", "a\rb", "a\r\nb", "\tx\n", "x\x0b\x0c\x0e"]
    cal, opx = column_values(frame_bytes(pd.DataFrame({"n": names})), len(names))
    assert cal == names
    assert [excel_decode(v) for v in opx] == names
    assert opx[1:4] == names[1:4]             # CR, LF and tab are plain XML: openpyxl reads them as is


def test_text_that_looks_like_an_escape_reads_back_as_typed():
    names = ["_x0041_", "_x0041_x0042_", "_x005F_", "_x1234\x01", "_X0041_", "__x0041__", "_xD800_", "a_x00e9_b"]
    cal, opx = column_values(frame_bytes(pd.DataFrame({"n": names})), len(names))
    assert cal == names                        # not "A", "AB", "_", "ሴ…"
    assert [excel_decode(v) for v in opx] == names


def test_lone_surrogates_do_not_raise_and_are_written_as_escapes():
    names = ["\ud800abc", "x\udfff", "\udc80", "\ud83d\ude00"]     # the last: two lone halves, not 😀
    data = frame_bytes(pd.DataFrame({"n": pd.Series(names, dtype=object)}))
    cal, opx = column_values(data, len(names))
    assert cal == ["_xD800_abc", "x_xDFFF_", "_xDC80_", "_xD83D__xDE00_"]
    assert [excel_decode(v) for v in opx] == names


def test_non_finite_numbers_are_blank_cells():
    df = pd.DataFrame({"x": [1.5, math.inf, -math.inf, math.nan, -0.0, 5e-324, 1e300]})
    data = frame_bytes(df)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "inf" not in sheet and "nan" not in sheet.lower()
    cal, opx = column_values(data, len(df))
    assert cal == [1.5, "", "", "", 0.0, 5e-324, 1e300]
    assert opx == [1.5, None, None, None, 0, 5e-324, 1e300]


def test_booleans_are_boolean_cells():
    df = pd.DataFrame({"b": [True, False, True],
                       "nb": pd.array([True, None, False], dtype="boolean"),
                       "o": pd.Series([True, None, False], dtype=object)})
    data = frame_bytes(df)
    cal, opx = read_both(data, 4, 3)
    assert cal[1:] == [[True, True, True], [False, "", ""], [True, False, False]]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [[c for c in r] for r in wb.active.iter_rows(min_row=2)]
    assert [[c.value for c in r] for r in cells] == [[True, True, True], [False, None, None], [True, False, False]]
    assert cells[0][0].data_type == "b" and cells[2][2].data_type == "b"


def test_an_object_column_keeps_each_value_s_type():
    values = [1, 2.5, "x", True, None, "", np.int64(7), np.float64("nan"), "=1+1"]
    cal, opx = column_values(frame_bytes(pd.DataFrame({"o": pd.Series(values, dtype=object)})), len(values))
    assert cal == [1.0, 2.5, "x", True, "", "", 7.0, "", "=1+1"]
    assert opx == [1, 2.5, "x", True, None, None, 7, None, "=1+1"]


def test_formula_like_text_is_a_text_cell_without_an_apostrophe():
    names = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(A1)"]
    data = frame_bytes(pd.DataFrame({"n": names}))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [r[0] for r in wb.active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == names and {c.data_type for c in cells} == {"s"}
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


def test_text_over_excels_cell_limit_is_cut_at_32767_characters():
    long = "企" * 40_000
    pair = "a" + "\U0001F600" * 20_000               # each counts 2 in Excel's UTF-16 limit
    cal, opx = column_values(frame_bytes(pd.DataFrame({"n": [long, pair]})), 2)
    assert cal[0] == "企" * MAX_TEXT and opx[0] == cal[0]
    assert utf16_len(cal[1]) == MAX_TEXT and cal[1] == truncated(pair)


def test_headers_are_escaped_like_cells():
    df = pd.DataFrame([[1, 2, 3]])
    cal, opx = read_both(frame_bytes(df, header=["a\x01", "_x0041_", "\ud800"]), 2, 3)
    assert cal[0] == ["a\x01", "_x0041_", "_xD800_"]
    assert [excel_decode(v) for v in opx[0]] == ["a\x01", "_x0041_", "\ud800"]


@pytest.mark.parametrize("name,expected", [
    ('a&b"<c>', 'a&b"<c>'),                   # XML-escaped in workbook.xml (a quote broke the file)
    ("x[1]:*?/\\y", "x_1______y"),            # characters Excel forbids
    ("'quoted'", "quoted"),                   # no apostrophe first or last
    ("長" * 40, "長" * 31),                    # at most 31 characters
    ("\U0001F600" * 20, "\U0001F600" * 15),   # … counted in UTF-16 units, as Excel does
    ("a\x00b\ud800\uffff\tc", "abc"),          # characters a sheet name cannot hold are dropped
    ("", "Sheet"), ("'''", "Sheet"), ("History", "History_"),   # Excel reserves "History"
])
def test_sheet_names_are_escaped_and_follow_excels_rules(name, expected):
    for data in (frame_bytes(pd.DataFrame({"a": [1]}), sheet=name), _book([Sheet(name, pd.DataFrame({"a": [1]}))])):
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == [expected]
        assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == [expected]


def test_sheet_names_stay_unique_ignoring_case_and_the_filter_names_the_sheet():
    df = pd.DataFrame({"a": [1, 2]})
    data = _book([Sheet("Res'ults", df, autofilter=True), Sheet("RES'ULTS", df, autofilter=True),
                  Sheet("r" * 40, df), Sheet("R" * 40, df)])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Res'ults", "RES'ULTS_2", "r" * 31, "R" * 29 + "_2"]
    assert wb["RES'ULTS_2"].auto_filter.ref == "A1:A3"
    book = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml"))
    assert [d.text for d in book.iter(f"{{{xlsx._NS}}}definedName")] == ["'Res''ults'!$A$1:$A$3",
                                                                        "'RES''ULTS_2'!$A$1:$A$3"]


def test_too_many_columns_is_refused():
    with pytest.raises(ValueError, match="16384"):
        frame_bytes(pd.DataFrame(np.zeros((1, xlsx.MAX_COLS + 1))))
    with pytest.raises(ValueError, match="16384"):
        _book([Sheet("a", pd.DataFrame(np.zeros((1, xlsx.MAX_COLS + 1))))])


def test_rows_are_rendered_in_blocks_and_in_order(monkeypatch):
    n = 1000
    df = pd.DataFrame({"i": np.arange(n, dtype=float), "t": [f"r{i}" for i in range(n)],
                       "c": pd.Categorical(["a", "b", None, "a"] * (n // 4)), "b": np.arange(n) % 3 == 0})
    whole = frame_bytes(df)
    monkeypatch.setattr(xlsx, "BLOCK_CELLS", 7)                 # one row per block, and blocks of 1
    assert frame_bytes(df) == whole
    cal, _ = read_both(whole, n + 1, 4)
    assert cal[1:4] == [[0.0, "r0", "a", True], [1.0, "r1", "b", False], [2.0, "r2", "", False]]
    assert cal[n] == [n - 1.0, f"r{n - 1}", "a", True]         # 999 = 3 × 333


def _peak_mb(frame: pd.DataFrame) -> float:
    tracemalloc.start()
    try:
        frame_bytes(frame)
        return tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()


def test_memory_while_writing_does_not_grow_with_the_rows(monkeypatch):
    monkeypatch.setattr(xlsx, "BLOCK_CELLS", 20_000, raising=False)     # blocks of 2,500 rows here
    rng = np.random.default_rng(0)
    big = pd.DataFrame(rng.integers(0, 50, (150_000, 8)).astype(float))
    small = big.iloc[:15_000]
    peak_small, peak_big = _peak_mb(small), _peak_mb(big)
    # all-at-once rendering held one pointer per cell (10× the rows → ~5× the memory); blocks do not.
    # (The output buffer itself grows with the rows, so the bound is on the working set above it.)
    assert peak_big - len(frame_bytes(big)) / 2 ** 20 < 1.5 * peak_small + 1, (peak_small, peak_big)


def _book(sheets) -> bytes:
    buf = io.BytesIO()
    write_book(buf, sheets)
    return buf.getvalue()


# ------------------------------------------------------------------ the round trip, for anything

TRICKY = ["_", "x", "X", "0", "4", "1", "F", "f", "D", "_x0041_", "_x005F_", "_xD800_", "\r", "\n", "\r\n", "\t",
          " ", "  ", "&", "<", ">", '"', "'", "=", "+", "-", "@", "\x00", "\x01", "\x0b", "\x1f", "\x7f",
          "\x85", "\xa0", "\u2028", "\u3000", "\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff",
          "\ufeff", "\U0001F600", "\U0010FFFF", "企", "é"]
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=())), max_size=12).map("".join)
values = st.one_of(texts, st.floats(), st.integers(-2 ** 53, 2 ** 53), st.booleans(), st.none())


def typed_column(kind: str, draw_values: list) -> pd.Series:
    if kind == "float":
        return pd.Series([v if isinstance(v, float) else math.nan for v in draw_values], dtype=float)
    if kind == "bool":
        return pd.Series([v if isinstance(v, bool) else None for v in draw_values], dtype="boolean")
    if kind == "category":
        vals = [v if isinstance(v, str) and v else None for v in draw_values]
        cats = pd.Index(list(dict.fromkeys(v for v in vals if v is not None)), dtype=object)
        codes = [-1 if v is None else cats.get_loc(v) for v in vals]
        return pd.Series(pd.Categorical.from_codes(codes, categories=cats))
    return pd.Series(draw_values, dtype=object)


@st.composite
def frames(draw):
    nrows = draw(st.integers(0, 6))
    kinds = draw(st.lists(st.sampled_from(["object", "float", "bool", "category"]), min_size=1, max_size=4))
    cols = [typed_column(k, draw(st.lists(values, min_size=nrows, max_size=nrows))) for k in kinds]
    header = draw(st.lists(texts, min_size=len(cols), max_size=len(cols)))
    return pd.concat(cols, axis=1, ignore_index=True) if cols else pd.DataFrame(), header


def expected_rows(frame: pd.DataFrame, header: list[str], tag) -> list[list]:
    cols = [frame.iloc[:, j].tolist() for j in range(frame.shape[1])]
    rows = [[tag(h) for h in header]]
    for row in zip(*cols):
        rows.append([tag(None if (v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v) for v in row])
    return rows


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(frames(), st.sampled_from(["frame", "book"]), texts)
def test_any_values_round_trip_through_calamine_and_openpyxl(fh, how, sheet_name):
    frame, header = fh
    if how == "frame":
        data = frame_bytes(frame, header=header)
    else:
        data = _book([Sheet(sheet_name, frame.set_axis(pd.Index(header, dtype=object), axis=1))])
    cal, opx = read_both(data, len(frame) + 1, frame.shape[1])
    assert [[read_tag(v) for v in r] for r in cal] == expected_rows(frame, header, tagged_calamine)
    assert [[read_tag(v, decode=True) for v in r] for r in opx] == expected_rows(frame, header, tagged_openpyxl)


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(texts, min_size=1, max_size=4))
def test_any_sheet_names_give_valid_distinct_excel_names(names):
    data = _book([Sheet(n, pd.DataFrame({"a": [1]})) for n in names])
    got = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert got == CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    assert len({g.lower() for g in got}) == len(names)
    for n, g in zip(names, got):
        assert 1 <= utf16_len(g) <= 31 and not set(g) & set("[]:*?/\\") and g[0] != "'" and g[-1] != "'"
        assert not _UNREPRESENTABLE.search(g) and not re.search("[\x00-\x1f]", g)
    legal = [n for n in names if n and n == n.strip("'") and utf16_len(n) <= 31 and n.lower() != "history"
             and not re.search("[\x00-\x1f\\[\\]:*?/\\\\\ud800-\udfff\ufffe\uffff]", n)]
    if legal and legal[0] == names[0]:
        assert got[0] == names[0]                           # a legal name is kept as it is


@settings(max_examples=100, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(texts, min_size=1, max_size=5))
@example(["=_", "=1+1", "a\r\nb", "_x0041_\x01", "\ud800"])
def test_excel_text_makes_any_text_safe_for_openpyxl(names):
    """zjtx.report.xlsx writes with openpyxl, through xlsx.excel_text (CR as `_x000D_` there)."""
    wb = openpyxl.Workbook()
    for i, n in enumerate(names, start=1):
        cell = wb.active.cell(row=i, column=1)
        cell.value = xlsx.excel_text(n)      # openpyxl refuses raw controls
        cell.data_type = "s"                 # as zjtx.report.xlsx writes it: "=_" is text, not a formula
    buf = io.BytesIO()
    wb.save(buf)
    cal, opx = read_both(buf.getvalue(), len(names), 1)
    assert [r[0] for r in cal] == [calamine_text(n) if n else "" for n in names]
    assert [excel_decode(r[0]) if r[0] is not None else "" for r in opx] == [truncated(n) for n in names]
