"""Files that used to kill, freeze or confuse the program (issue 12, "Hardening"), each kept as a test.

Every case goes through the real command line (`python -m zjtx check|screen` in a subprocess, as a
user runs it) or through the functions the batch page calls. Before the fixes: calamine aborted
the process on a 2 KB XLSX (SIGABRT), `{"employees": 1e1000000}` took 37 s, "1e-1000000" ran for
minutes, a 5000-digit integer, deep nesting and lone surrogates gave 内部错误, one ragged CSV row
stopped the whole file, CR-only line endings read as an empty file, ;/tab lists had no known
column, a 100,000-column header took over 120 s, and messages echoed raw control characters.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from zjtx import limits
from zjtx.dataio import InputError
from zjtx.dataio.read import check_xlsx, iter_chunks, json_from_bytes, profile_from_json_bytes
from zjtx.screen import screen_table

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: int = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zjtx", *map(str, args)], cwd=ROOT, capture_output=True,
                          timeout=timeout, env=env)


def one_clean_line(stderr: bytes) -> str:
    """The contract: one line, valid UTF-8, no control characters, no traceback, no 内部错误."""
    text = stderr.decode("utf-8")              # raises on invalid UTF-8
    assert text.endswith("\n") and text.count("\n") == 1, text[:300]
    assert "Traceback" not in text and "内部错误" not in text, text[:300]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), repr(text[:300])
    assert len(text) <= limits.MAX_MESSAGE_CHARS + 20
    return text


# ------------------------------------------------------------------------------------ profiles

@pytest.mark.parametrize("body, field, words", [
    ('{"employees": 1e1000000}', "从业人员数", "超出允许范围"),
    ('{"employees": ' + "9" * 5000 + "}", "从业人员数", "位数过多"),
    ('{"revenue_y1": "1e-1000000"}', "营业收入", "过小"),
    ('{"revenue_y1": 1e100000000}', "营业收入", "过大"),
    ('{"class1_ip": "1e100000000"}', "Ⅰ类", "超出允许范围"),
    ('{"revenue_y1": 1e16}', "营业收入", "过大"),
    ('{"company_name": "\\ud800abc"}', "企业名称", "无法识别的字符"),
    ('{"company_name": "\\udc80x"}', "企业名称", "无法识别的字符"),
])
def test_huge_numerals_and_surrogates_name_the_field(tmp_path, body, field, words):
    p = tmp_path / "p.json"
    p.write_text(body, encoding="utf-8")
    r = run("check", p)
    assert r.returncode == 2
    line = one_clean_line(r.stderr)
    assert field in line and words in line, line


@pytest.mark.parametrize("body", ["[" * 1000 + "]" * 1000, '{"revenue_y1": ' + "[" * 5000 + "]" * 5000 + "}"])
def test_deep_nesting_is_a_clear_error(tmp_path, body):
    p = tmp_path / "deep.json"
    p.write_text(body)
    r = run("check", p)
    assert r.returncode == 2 and "嵌套层级过深" in one_clean_line(r.stderr)


def test_numbers_just_inside_the_limits_still_read():
    p = profile_from_json_bytes(b'{"revenue_y1": "1e-324", "total_assets": "999999999999"}')
    assert str(p.revenue_y1) == "1E-324"                                      # as small as a float: read
    with pytest.raises(InputError, match="过小"):
        profile_from_json_bytes(b'{"revenue_y1": "1e-325"}')                  # one order smaller


def test_numeral_length_limit_is_by_text_both_sides():
    ok = "1" + "0" * 10 + "." + "0" * (limits.MAX_NUMERAL_CHARS - 12)          # exactly 64 characters
    assert len(ok) == limits.MAX_NUMERAL_CHARS
    assert profile_from_json_bytes(json.dumps({"revenue_y1": ok}).encode()).revenue_y1 == 10 ** 10
    with pytest.raises(InputError, match="位数过多"):
        profile_from_json_bytes(json.dumps({"revenue_y1": ok + "0"}).encode())


def test_integers_are_not_converted_before_the_check():
    # json's own int() of a 5000-digit literal raises ValueError (the 4300-digit limit) — not here
    obj = json_from_bytes(b'{"employees": ' + b"7" * 5000 + b"}")
    assert isinstance(obj["employees"], str)


def test_nan_is_missing_and_infinity_is_refused():
    assert profile_from_json_bytes(b'{"revenue_y1": NaN}').revenue_y1 is None
    with pytest.raises(InputError, match="营业收入"):
        profile_from_json_bytes(b'{"revenue_y1": Infinity}')


def test_a_number_as_company_name_is_text():
    assert profile_from_json_bytes(b'{"company_name": 12345}').company_name == "12345"


def test_profile_file_size_is_checked_before_reading(tmp_path):
    p = tmp_path / "big.json"
    p.write_bytes(b'{"_note": "' + b"x" * (limits.MAX_PROFILE_BYTES + 10) + b'"}')
    r = run("check", p)
    assert r.returncode == 2 and "过大" in one_clean_line(r.stderr)


def _profile_of_size(n: int) -> bytes:
    head, tail = b'{"company_name": "\xe7\x94\xb2", "_note": "', b'"}'
    return head + b"x" * (n - len(head) - len(tail)) + tail


def test_one_profile_size_limit_for_page_link_and_cli(tmp_path):
    """The page's uploader, the ?p= link and `check` share limits.MAX_PROFILE_BYTES: a file of
    exactly that size loads everywhere, one byte more is refused everywhere, naming the limit."""
    from zjtx.ui import loading
    assert loading.MAX_PROFILE_BYTES == limits.MAX_PROFILE_BYTES
    at, over = _profile_of_size(limits.MAX_PROFILE_BYTES), _profile_of_size(limits.MAX_PROFILE_BYTES + 1)
    assert len(at) == limits.MAX_PROFILE_BYTES and len(over) == limits.MAX_PROFILE_BYTES + 1
    assert profile_from_json_bytes(at).company_name == "甲"
    assert loading.profile_from_bytes(at)[0]["company_name"] == "甲"
    with pytest.raises(InputError, match="档案文件上限 1 MB"):
        profile_from_json_bytes(over)
    with pytest.raises(loading.LoadError, match="档案文件上限 1 MB"):
        loading.profile_from_bytes(over)
    p = tmp_path / "at.json"
    p.write_bytes(at)
    assert run("check", p).returncode == 0
    p.write_bytes(over)
    r = run("check", p)
    assert r.returncode == 2 and "上限 1 MB" in one_clean_line(r.stderr)


def test_uploader_hints_state_the_real_limits():
    from zjtx.ui.shell import uploader_css
    assert '"JSON 档案，不超过 1 MB"' in uploader_css("zh") and "{" + "profile_max}" not in uploader_css("zh")
    assert f'"CSV or XLSX, up to {limits.MAX_UPLOAD_MB} MB"' in uploader_css("en")


def test_size_label():
    assert limits.size_label(1 << 20) == "1 MB" and limits.size_label(200 * 1024) == "200 KB"


def test_messages_are_one_safe_short_line(tmp_path):
    p = tmp_path / "k.json"
    p.write_text(json.dumps({"\x1b[31mred\nline\r": 1, "k" * 1_000_000: 2}), encoding="utf-8")
    r = run("check", p)
    assert r.returncode == 2
    line = one_clean_line(r.stderr)
    assert "\x1b" not in line and "red line" in line and "…" in line and len(line) < 400


def test_echo_is_safe():
    assert limits.echo("a\nb\x1b[2Jc\u202ed") == "a b c d"
    assert limits.echo("x" * 100) == "x" * 39 + "…"
    assert limits.echo("\ud800z") == "?z"


def test_markdown_literal_neutralises_images_links_and_directives():
    s = limits.markdown_literal("![x](http://evil.example/a.png) :red[hi] $x$ <img src=y>")
    assert "](" not in s and "![" not in s and ":red[" not in s and "$x$" not in s and "\\<img" in s
    assert s.replace("\\", "").replace(limits.WORD_JOINER, "") == "![x](http://evil.example/a.png) :red[hi] $x$ <img src=y>"


@pytest.mark.parametrize("text", ["http://evil.example/a", "HTTPS://evil.example", "www.evil.example",
                                  "boss@evil.example"])
def test_markdown_literal_breaks_bare_addresses(text):
    """GFM autolinks these after resolving escapes (the browser test checks no <a> is drawn):
    the scheme, "www" or "@" is followed by an invisible WORD JOINER, the text reads the same."""
    s = limits.markdown_literal(text)
    plain = s.replace("\\", "")
    assert plain != text and plain.replace(limits.WORD_JOINER, "") == text
    for pattern in ("://", "www.", "@e"):
        assert pattern not in plain.lower()


# ------------------------------------------------------------------------------------ XLSX

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
       'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
       '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
       'name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>company_name</t></is></c>'
          '<c r="B1" t="inlineStr"><is><t>revenue_y1</t></is></c></row>')


def xlsx(sheet_data: str | bytes, shared: bytes | None = None, extra: dict | None = None) -> bytes:
    body = sheet_data.encode() if isinstance(sheet_data, str) else sheet_data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WBRELS)
        z.writestr("xl/worksheets/sheet1.xml", b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                   b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + body + b"</sheetData></worksheet>")
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return buf.getvalue()


def screen_xlsx(tmp_path: Path, raw: bytes, name: str = "list.xlsx") -> subprocess.CompletedProcess:
    src = tmp_path / name
    src.write_bytes(raw)
    return run("screen", src, "-o", tmp_path / "out.csv")


@pytest.mark.parametrize("rows", [
    '<row r="2"><c r="XFD1048576"><v>5</v></c></row>',             # one far cell reference
    '<row r="4000000000"><c><v>5</v></c></row>',                    # a far row, cell without r=
    '<row r="2">' + "<c/>" * 20_000 + "</row>" + "".join(f'<row r="{i}"><c><v>1</v></c></row>' for i in range(3, 400)),
    '<row r="2"><c r="ZZZZZZZZZZ2"><v>5</v></c></row>',             # column letters beyond any sheet
    '<row r="2"><c r="A' + "9" * 5000 + '"><v>5</v></c></row>',     # a 5000-digit row number
])
def test_far_cell_references_are_refused_before_calamine(tmp_path, rows):
    r = screen_xlsx(tmp_path, xlsx(HEADER + rows))
    assert r.returncode == 2, r                  # before the fix: SIGABRT (-6) from calamine
    line = one_clean_line(r.stderr)
    assert "工作表范围过大" in line


def test_a_wide_but_legal_sheet_reads():
    rows = HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2"><v>5</v></c>' \
        '<c r="AMJ2"><v>1</v></c></row>'          # column 1024: within the limits
    check_xlsx(xlsx(rows), "x.xlsx")


def test_zip_bomb_is_refused_by_declared_size(tmp_path):
    big = HEADER.encode() + b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"A" * (limits.MAX_XLSX_UNCOMPRESSED + 1) \
        + b"</t></is></c></row>"
    raw = xlsx(big)
    assert len(raw) < 1_000_000                  # a small file that expands past the limit
    r = screen_xlsx(tmp_path, raw)
    assert r.returncode == 2 and "解压后过大" in one_clean_line(r.stderr)


def test_shared_strings_over_the_limit_are_refused():
    shared = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + \
        b"<si><t>" + b"x" * (limits.MAX_XLSX_SHARED_STRINGS + 1) + b"</t></si></sst>"
    with pytest.raises(InputError, match="共享字符串"):
        check_xlsx(xlsx(HEADER, shared=shared), "s.xlsx")


def test_a_part_that_lies_about_its_size_is_refused():
    raw = bytearray(xlsx(HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "B" * 5000 + "</t></is></c></row>"))
    # the central directory entry of the sheet declares 100 bytes uncompressed (offset 24 of the entry)
    name = b"xl/worksheets/sheet1.xml"
    entry = raw.rfind(b"PK\x01\x02", 0, raw.rfind(name))
    assert raw[entry + 46:entry + 46 + len(name)] == name
    raw[entry + 24:entry + 28] = (100).to_bytes(4, "little")
    with pytest.raises(InputError, match="文件已损坏"):
        check_xlsx(bytes(raw), "lie.xlsx")


@pytest.mark.parametrize("raw, words", [
    (b"not a zip at all", "不是有效的 Excel"),
    (b"PK\x03\x04" + b"\0" * 100, "不是有效的 Excel"),
    (None, "缺少 xl/workbook.xml"),
])
def test_not_an_xlsx(tmp_path, raw, words):
    if raw is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("content.xml", "<x/>")
        raw = buf.getvalue()
    r = screen_xlsx(tmp_path, raw)
    assert r.returncode == 2 and words in one_clean_line(r.stderr)


def test_header_only_xlsx_gives_a_csv_with_its_header(tmp_path):
    r = screen_xlsx(tmp_path, xlsx(HEADER))
    assert r.returncode == 0, r.stderr.decode()
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert text.startswith('"row","company_name","error"') and text.count("\n") == 1


# ------------------------------------------------------------------------------------ CSV

def screen_csv(tmp_path: Path, text: str | bytes) -> tuple[subprocess.CompletedProcess, list[dict]]:
    src = tmp_path / "list.csv"
    src.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    out = tmp_path / "out.csv"
    r = run("screen", src, "-o", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))) if r.returncode == 0 else []
    return r, rows


def test_a_ragged_row_gets_its_own_error_and_the_others_are_screened(tmp_path):
    r, rows = screen_csv(tmp_path, "company_name,revenue_y1\nA,1,extra\nB,2\nC,3\n")
    assert r.returncode == 0, r.stderr.decode()
    assert [x["company_name"] for x in rows] == ["A", "B", "C"]
    assert "第 1 行" in rows[0]["error"] and "多于表头" in rows[0]["error"] and rows[0]["specialized.verdict"] == ""
    assert rows[1]["error"] == "" and rows[1]["specialized.verdict"] != ""
    assert rows[2]["error"] == "" and rows[2]["row"] == "3"


def test_a_short_row_is_padded_with_blanks(tmp_path):
    r, rows = screen_csv(tmp_path, "company_name,revenue_y1,revenue_y2\nA,1\nB,2,3\n")
    assert r.returncode == 0 and [x["error"] for x in rows] == ["", ""]


def test_a_ragged_row_late_in_a_large_file_keeps_every_row(tmp_path):
    lines = ["company_name,revenue_y1"] + [f"C{i},{i}" for i in range(120_000)]
    lines[100_000] = "BAD,1,2,3"
    r, rows = screen_csv(tmp_path, "\n".join(lines) + "\n")
    assert r.returncode == 0 and len(rows) == 120_000
    bad = [x for x in rows if x["error"]]
    assert [x["company_name"] for x in bad] == ["BAD"] and bad[0]["row"] == "100000"


def test_blocks_are_gathered_into_chunks_and_a_late_text_cell_or_ragged_row_loses_no_row():
    """Arrow's blocks (~1,000 rows of 1 KB here) are handed out in chunks of at least chunk_rows; a
    text number in a later block (the typed pass stops) and a ragged row after it (the csv-module
    reader takes over) neither drop nor repeat a row, and never mix typed and text cells in a chunk."""
    lines = ["company_name,revenue_y1,note"] + [f"C{i},{i}.25,{'x' * 1000}" for i in range(8000)]
    lines[5001] = 'C5000,"1,500",' + "x" * 1000            # data row 5001: not a plain number
    lines[7001] = "C7000,7000,x,extra"                      # data row 7001: more cells than the header
    _, chunks, _ = iter_chunks(Path("g.csv"), data=("\n".join(lines) + "\n").encode(), chunk_rows=3500)
    chunks = list(chunks)
    assert len(chunks[0]) >= 3500 and len(chunks) <= 6
    names = [n for c in chunks for n in c["company_name"]]
    assert names == [f"C{i}" for i in range(8000)]
    for c in chunks:                                        # one kind of cell per chunk
        assert len({type(v) for v in c["revenue_y1"]}) == 1
    revenue = [str(v) for c in chunks for v in c["revenue_y1"]]
    assert revenue[0] == "0.25" and revenue[5000] == "1,500" and revenue[7999] == "7999.25"
    errors = {}
    start = 0
    for c in chunks:
        errors.update({start + i: e for i, e in c.attrs.get("row_errors", {}).items()})
        start += len(c)
    assert list(errors) == [7000] and "多于表头" in errors[7000]


def test_a_10mb_cell_is_a_row_error(tmp_path):
    r, rows = screen_csv(tmp_path, "company_name,revenue_y1\nA,1\n" + "B" * (10 << 20) + ",2\nC,3\n")
    assert r.returncode == 0, r.stderr.decode()
    assert [x["error"] != "" for x in rows] == [False, True, False]
    assert "企业名称" in rows[1]["error"] and len(rows[1]["company_name"]) == 201   # echoed short


def test_a_cell_over_the_cell_limit_on_the_row_by_row_path(tmp_path):
    # a ragged row first sends the file to the csv-module reader; then a 40,000-character cell
    r, rows = screen_csv(tmp_path, "company_name,revenue_y1\nA,1,x\nB," + "9" * 40_000 + "\nC,3\n")
    assert r.returncode == 0, r.stderr.decode()
    assert "超过 32,767 个字符" in rows[1]["error"] and rows[2]["error"] == ""


def test_cr_only_line_endings(tmp_path):
    r, rows = screen_csv(tmp_path, "company_name,revenue_y1\rA,100\rB,200\r")
    assert r.returncode == 0 and [x["company_name"] for x in rows] == ["A", "B"]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_lists_are_read(tmp_path, sep):
    r, rows = screen_csv(tmp_path, f"company_name{sep}revenue_y1{sep}revenue_y2\nA{sep}100{sep}90\n")
    assert r.returncode == 0, r.stderr.decode()
    assert rows[0]["company_name"] == "A" and rows[0]["error"] == ""


def test_a_100k_column_header_is_refused_quickly(tmp_path):
    head = ",".join(f"c{i}" for i in range(100_000)) + ",revenue_y1"
    r, _ = screen_csv(tmp_path, head + "\n" + "," * 100_000 + "5\n")
    assert r.returncode == 2 and "列数过多" in one_clean_line(r.stderr)


def test_column_limit_both_sides():
    ok = ",".join(["revenue_y1"] + [f"x{i}" for i in range(limits.MAX_COLUMNS - 1)])
    headers, _, _ = iter_chunks(Path("a.csv"), data=(ok + "\n").encode())
    assert len(headers) == limits.MAX_COLUMNS
    with pytest.raises(InputError, match="列数过多"):
        iter_chunks(Path("a.csv"), data=(ok + ",one_more\n").encode())


def test_a_header_line_without_end_is_refused():
    with pytest.raises(InputError, match="表头行过长"):
        iter_chunks(Path("a.csv"), data=b"revenue_y1," + b"x" * (limits.MAX_HEADER_BYTES + 10))


def test_ignored_headers_are_echoed_short_and_safe(tmp_path):
    r, _ = screen_csv(tmp_path, "company_name,revenue_y1,\x1b[31m" + "z" * 5000 + "\n甲,1,2\n")
    assert r.returncode == 0
    line = one_clean_line(r.stderr)
    assert "已忽略未知列" in line and "z" * 60 not in line


# ------------------------------------------------------------------------------------ spool

def test_screen_leaves_no_named_file_while_running_or_after_a_kill(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    src = tmp_path / "big.csv"
    src.write_text("company_name,revenue_y1,revenue_y2,revenue_y3,rd_expense_y1\n"
                   + "".join(f"C{i},{1000 + i % 7000},{900 + i % 5000},{800 + i % 3000},{i % 400}\n"
                             for i in range(400_000)))
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "zjtx", "screen", str(src), "-o", str(tmp_path / "o.csv")],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[str] = set()
    try:
        for _ in range(300):                      # ~3 s of a run that takes longer, then SIGKILL
            if proc.poll() is not None:
                break
            seen |= set(os.listdir(tmp))
            time.sleep(0.01)
    finally:
        proc.kill()
        proc.wait()
    assert not seen and not os.listdir(tmp)


def test_screen_table_marks_ragged_rows_on_the_page_path():
    data = b"company_name,revenue_y1\nA,1,x\nB,2\n"
    headers, chunks, _ = iter_chunks(Path("p.csv"), data=data)
    out = screen_table(headers, chunks)
    assert list(out["company_name"]) == ["A", "B"] and out["error"].iloc[0].startswith("第 1 行")


# ------------------------------------------------------------------------------ many broken rows

def test_a_list_of_broken_rows_costs_seconds_not_minutes():
    """Each error row used to go through the one-profile parser (~1–2 ms): 280,000 broken rows of a
    50 MB upload held the server's CPU for minutes. Up to MAX_DETAILED_ERRORS rows per chunk keep
    the parser's wording; later ones name their fields."""
    import pandas as pd

    from zjtx.dataio.cells import MAX_DETAILED_ERRORS, parse_frame
    from zjtx.profile import ProfileError, parse_profile

    def frame(n_bad: int):
        rows = [{"company_name": f"C{i}", "employees": "12.5", "revenue_y1": "100", "main_revenue_y1": "200"}
                for i in range(n_bad)] + [{"company_name": "ok", "employees": "12", "revenue_y1": "100"}]
        return pd.DataFrame(rows, dtype=object).fillna("")

    exactly = parse_frame(frame(MAX_DETAILED_ERRORS))
    with pytest.raises(ProfileError) as info:
        parse_profile(exactly.record(MAX_DETAILED_ERRORS - 1))
    assert exactly.row_errors[MAX_DETAILED_ERRORS - 1] == f"第 {MAX_DETAILED_ERRORS} 行 " + "；".join(
        e.zh for e in info.value.errors)                                   # the parser's words, to the last one
    more = parse_frame(frame(MAX_DETAILED_ERRORS + 1))
    last = more.row_errors[MAX_DETAILED_ERRORS]
    assert last.startswith(f"第 {MAX_DETAILED_ERRORS + 1} 行 从业人员数") and "主营业务收入（上年度）大于营业收入（上年度）" in last
    assert more.row_errors[MAX_DETAILED_ERRORS + 1] == ""                      # the good row is still read
    assert more.row_errors[0] == exactly.row_errors[0]


def test_a_numpy_float_reads_like_a_float():
    """numpy 2's repr of a float64 is "np.float64(1.5)": it used to raise decimal.InvalidOperation
    (the batch page's "open in 自评" crashed on a CSV row)."""
    import numpy as np

    from zjtx.profile import parse_profile
    assert str(parse_profile({"revenue_y1": np.float64(1.5)}).revenue_y1) == "1.5"
