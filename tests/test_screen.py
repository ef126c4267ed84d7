"""End to end: `screen` writes, for every row, exactly what the one-profile path writes.

The profiles of every rule case (tests/cases/*.yaml: both sides of every threshold, exemptions,
reviews, missing fields) go into one CSV; the streamed, vectorised CLI path must agree cell by cell
with parse_profile → engine.evaluate → oracles.result_row, and the ranks must follow the definition."""

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from case_runner import load_cases
from oracles import output_header, result_row
from zjtx.dataio.cells import row_error
from zjtx.engine import evaluate
from zjtx.profile import ProfileError, parse_profile
from zjtx.rank import RANK_TIERS
from zjtx.rules import rulebook
from zjtx.screen import screen_file

BOOK = rulebook()


def _cell(v) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    return str(v)


def _profiles():
    rows = []
    for _, _, case in load_cases():
        if case.get("standard", "auto") == "auto":
            rows.append({k: _cell(v) for k, v in case["profile"].items()})
    rows.append({"company_name": "坏行", "revenue_y1": "-1"})              # an unreadable row
    rows.append({"company_name": "=HYPERLINK(1)", "revenue_y1": "1,500"})  # text numbers and a formula
    return rows


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("screen")
    rows = _profiles()
    src = tmp / "in.csv"
    pd.DataFrame(rows).fillna("").to_csv(src, index=False, encoding="gb18030")
    dst = tmp / "out.csv"
    screen_file(str(src), str(dst), chunk_rows=97)          # many small chunks: streaming paths
    with dst.open(encoding="utf-8-sig", newline="") as fh:
        out = list(csv.reader(fh))
    return rows, out


def test_every_cell_matches_the_one_profile_path(screened):
    rows, out = screened
    head = output_header(BOOK)
    assert out[0][:len(head)] == head
    assert len(out) == len(rows) + 1
    for n, (rec, got) in enumerate(zip(rows, out[1:]), start=1):
        try:
            p = parse_profile(rec)
            want = result_row(n, p.company_name, evaluate(p, BOOK, "auto"), "", BOOK)
        except ProfileError as exc:
            want = result_row(n, rec.get("company_name", ""), None, row_error(n, exc), BOOK)
        want = [_cell(v) for v in want]
        if want[1].startswith("="):
            want[1] = "'" + want[1]
        assert got[:len(head)] == want, (n, [(h, a, b) for h, a, b in zip(head, got, want) if a != b][:5])


def test_ranks_follow_the_closeness_definition(screened):
    _, out = screened
    frame = pd.DataFrame(out[1:], columns=out[0])
    ok = frame["error"] == ""
    assert (frame.loc[~ok, "specialized.rank"] == "").all()          # unreadable rows have no rank
    for tier in RANK_TIERS:
        f = frame.loc[ok, [f"{tier}.fails", f"{tier}.shortfall", f"{tier}.rank"]].astype(float)
        best = f[f[f"{tier}.rank"] == 1]
        assert (best[f"{tier}.fails"] == f[f"{tier}.fails"].min()).all()
        ordered = f.sort_values(f"{tier}.rank")
        assert ordered[f"{tier}.fails"].is_monotonic_increasing
        meets = frame.loc[ok & (frame[f"{tier}.verdict"] == "meets")]
        assert (meets[f"{tier}.fails"].astype(float) == 0).all()


def _write_xlsx(path, rows):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_all_blank_rows_are_kept_marked_and_not_counted(tmp_path, suffix):
    """A row whose every cell is empty (",,,": a formatted but unused spreadsheet row) keeps its
    output row (one per input row, as the contract says) but is not judged and not counted as a
    company; a row blank only in its first column is judged as usual."""
    rows = [["company_name", "assessment_year", "application_type", "revenue_y1"],
            ["甲", 2026, "new", 5000],
            ["", "", " ", ""],
            [None, 2026, "new", 3000],
            ["丙", 2026, "new", 100],
            ["", None, "", None]]                       # a trailing blank row is no row at all (XLSX)
    src = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        src.write_text("\n".join(",".join("" if c is None else str(c) for c in r) for r in rows) + "\n",
                       encoding="utf-8")
    else:
        _write_xlsx(src, rows)
    dst = tmp_path / "out.csv"
    msg = screen_file(str(src), str(dst))
    out = pd.read_csv(dst, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(out) == (5 if suffix == ".csv" else 4)      # CSV is streamed: its trailing blank row is marked too
    assert out["row"].tolist()[:4] == ["1", "2", "3", "4"]
    assert out["error"].tolist()[1] == "第 2 行 为空行（所有单元格为空），未评估"
    assert out["specialized.verdict"].tolist()[:4] == ["incomplete", "", "incomplete", "incomplete"]
    assert msg.startswith(f"已筛查 3 行，其中 0 行有错误；{2 if suffix == '.csv' else 1} 个空行未评估")


def test_no_blank_rows_no_blank_note(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("company_name,assessment_year\n甲,2026\n,2026\n", encoding="utf-8")
    msg = screen_file(str(src), str(tmp_path / "out.csv"))
    assert msg.startswith("已筛查 2 行，其中 0 行有错误；结果")


def test_the_csv_spool_writes_what_the_whole_frame_writer_writes(tmp_path):
    """`screen` renders each chunk's CSV lines as it goes and appends the ranks at the end
    (write.Spool(csv=True)); the file must be byte for byte what write_output gives the whole frame
    with its rank columns: quoting, numbers, blanks, categoricals, empty and missing ranks."""
    import numpy as np

    from zjtx.dataio.write import Spool, clean_text, write_output
    names = ['甲"引号"', "a,b", "=1+1", "", "  空格 ", "x\ny", "-", "∑ 🙂", "'q"]
    n = 23
    frame = pd.DataFrame({
        "row": np.arange(1, n + 1),
        "company_name": [names[i % len(names)] for i in range(n)],
        "error": ["" if i % 5 else f"第 {i + 1} 行 有误，\"原文\"" for i in range(n)],
        "gate.verdict": pd.Categorical(["meets", "fails", "", "incomplete"] * 5 + ["meets"] * 3,
                                       categories=["meets", "fails", "incomplete", ""]),
        "x.gap": [np.nan, 0.0, 1.0, 24.74, 1e-05, 123456789012.5, -3.0, 1e16] * 2 + [0.1] * 7,
        "x.fails": [float(i % 4) if i % 5 else np.nan for i in range(n)],
    })
    ranks = {"specialized.rank": np.array([np.nan if i % 5 == 0 else float(i % 7 + 1) for i in range(n)]),
             "tech_sme.rank": np.arange(n, 0, -1, dtype=np.float64) * 1000}
    whole = clean_text(frame)
    for k, v in ranks.items():
        whole[k] = v
    want = tmp_path / "want.csv"
    write_output(whole, want)
    got = tmp_path / "got.csv"
    with Spool(csv=True) as spool:
        for lo, hi in ((0, 1), (1, 10), (10, 23)):          # parts of different sizes, one of one row
            spool.append(clean_text(frame.iloc[lo:hi]))
        spool.write(got, ranks)
    assert got.read_bytes() == want.read_bytes()
    assert got.read_bytes().count(b"\n") == n + 1
    prepared = tmp_path / "prepared.csv"           # clean_text run by the spool's renderer (screen's way)
    with Spool(csv=True) as spool:
        for lo, hi in ((0, 4), (4, 5), (5, 17), (17, 23)):
            spool.append(frame.iloc[lo:hi], prepare=clean_text)
        spool.write(prepared, ranks)
    assert prepared.read_bytes() == want.read_bytes()
    # parts put from several threads, in any order, reach the file in their numbers' order
    import threading
    big = pd.concat([frame] * 800, ignore_index=True)              # 18,400 rows
    big["row"] = np.arange(1, len(big) + 1)
    big_ranks = {k: np.tile(v, 800) for k, v in ranks.items()}
    whole_big = clean_text(big)
    for k, v in big_ranks.items():
        whole_big[k] = v
    write_output(whole_big, want)
    cuts = (0, 9000, 9001, 12000, 12001, 18400)
    for order in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3]):
        with Spool(csv=True) as spool:
            slots = [spool.reserve() for _ in cuts[1:]]
            threads = [threading.Thread(target=spool.put, args=(slots[i], big.iloc[cuts[i]:cuts[i + 1]], clean_text))
                       for i in order]
            for t in threads:
                t.start()
            spool.write(got, big_ranks)
            for t in threads:
                t.join()
        assert got.read_bytes() == want.read_bytes()
        assert got.read_bytes().count(b"\n") == len(big) + 1


def test_csv_table_renders_every_column_kind_as_arrow_table_does():
    """The spool builds its Arrow table from the frame's arrays (write.csv_table) instead of
    pyarrow's pandas conversion: the CSV text must be the same for every kind of column, including
    NaN and infinities, a categorical code of -1, non-text categories, missing text, integers and
    booleans."""
    import numpy as np

    from zjtx.dataio.write import _csv_body, arrow_table, csv_table
    n = 7
    frame = pd.DataFrame({
        "row": np.arange(1, n + 1),
        "company_name": pd.Series(["甲", None, 'a,"b"', "", "∑", "x", "y"], dtype="str"),
        "error": ["", "第 2 行 有误", "", "", "", "", ""],
        "x.status": pd.Categorical.from_codes([0, 1, -1, 2, 0, 1, 2], categories=["达标", "未达标", ""]),
        "x.threshold": pd.Categorical.from_codes([0, -1, 1, 1, 0, 0, 1], categories=[3.0, 5.5]),
        "x.gap": [np.nan, 0.0, -0.0, np.inf, -np.inf, 1e21, 1.5e-07],
        "x.fails": [1.0, 2.0, np.nan, 0.0, 48.0, 1136.24, 0.1],
        "flag": [True, False, True, True, False, False, True],
        "objects": pd.Series(["a", None, "b", "c", "", "d", "e"], dtype=object),
    })
    want = _csv_body(arrow_table(frame, plain=False)).to_pybytes()
    got = _csv_body(csv_table(frame)).to_pybytes()
    assert got == want
    assert b",,inf," in got or b",inf," in got          # the values themselves reached the text
    assert got.count(b"\n") == n


@pytest.mark.parametrize("value", ["abc", "普通公司", "", "x=1", "a-b", "=1+1", "+1", "-3", "@x", "\tx", "a\nb",
                                   "a\r\nb", "\rx", "\n=x", "ab\r", "a\u2028b"])
def test_clean_text_checks_in_arrow_then_rewrites_only_what_needs_it(value):
    """clean_text skips its rewrite when Arrow finds nothing to change (write._clean_already); the
    result must be the rewrite's, for text that needs it and text that does not."""
    from zjtx.dataio.write import _clean_already, clean_text, neutralise_series
    col = pd.Series([value, "甲公司"], dtype="str")
    frame = pd.DataFrame({"company_name": col, "error": col})
    rewrite = neutralise_series(col.astype(str).str.replace(r"[\r\n]+", " ", regex=True))
    got = clean_text(frame)
    assert got["company_name"].tolist() == rewrite.tolist() == got["error"].tolist()
    assert _clean_already(col) == (rewrite.tolist() == col.tolist())


def test_a_failed_part_stops_the_spool_without_hanging(tmp_path):
    """A part whose work fails: the parts after it stop waiting for their turn, `write` raises, and
    the spool closes (its workers end) instead of waiting forever."""
    import threading

    from zjtx.dataio.write import Spool
    frame = pd.DataFrame({"row": [1, 2], "x.gap": [0.5, None]})

    def broken(_frame):
        raise ValueError("第 1 份坏了")
    waited = threading.Event()
    with pytest.raises(ValueError, match="第 1 份坏了"):
        with Spool(csv=True) as spool:
            first, second, third = spool.reserve(), spool.reserve(), spool.reserve()
            spool.put(first, frame)
            later = spool.submit(lambda: (waited.set(), spool.put(third, frame))[1])
            waited.wait(5)
            spool.submit(spool.put, second, frame, broken).result()
    with pytest.raises(ValueError, match="第 1 份坏了"):                 # the first failure, raised again
        later.result(timeout=5)
    with pytest.raises(ValueError, match="第 1 份坏了"):                 # write raises it, never hangs
        with Spool(csv=True) as spool:
            slot = spool.reserve()
            spool.submit(spool.put, slot, frame, broken)
            spool.write(tmp_path / "never.csv", {})


def test_a_disk_full_while_spooling_is_reported_as_such(tmp_path, monkeypatch):
    """An OSError on a spool worker (here: no space left while a part is rendered) reaches the user
    as `screen`'s "cannot write" message, exit 2, not as an internal error."""
    import errno

    import zjtx.dataio.write as write_mod
    from zjtx.dataio import InputError
    real = write_mod._csv_body
    calls = []

    def full(table, *args):
        calls.append(1)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, *args)
    monkeypatch.setattr(write_mod, "_csv_body", full)
    src = tmp_path / "in.csv"
    src.write_text("company_name,revenue_y1\n" + "".join(f"甲{i},{i}\n" for i in range(60)), encoding="utf-8")
    with pytest.raises(InputError, match="No space left on device"):
        screen_file(str(src), str(tmp_path / "out.csv"), chunk_rows=8)
    assert calls


def test_the_last_chunk_is_split_with_its_row_errors(tmp_path, monkeypatch):
    """`screen` evaluates the last chunk in up to four pieces (both workers end together); the
    reader's row errors follow their rows, and the output is byte for byte what one whole last chunk
    gives."""
    import zjtx.screen as screen_mod
    from zjtx.screen import last_split
    frame = pd.DataFrame({"a": list(range(10))})
    frame.attrs["row_errors"] = {0: "零", 4: "四", 5: "五", 9: "九"}
    parts = list(last_split(iter([frame.iloc[:3], frame]), least=5))
    assert [list(p["a"]) for p in parts] == [[0, 1, 2], [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert parts[1].attrs["row_errors"] == {0: "零", 4: "四"}
    assert parts[2].attrs["row_errors"] == {0: "五", 4: "九"}
    parts = list(last_split(iter([frame]), least=2))                          # four pieces at most
    assert [list(p["a"]) for p in parts] == [[0, 1], [2, 3, 4], [5, 6], [7, 8, 9]]
    assert [p.attrs["row_errors"] for p in parts] == [{0: "零"}, {2: "四"}, {0: "五"}, {2: "九"}]
    assert [len(p) for p in last_split(iter([frame]), least=6)] == [10]       # too short to split
    assert list(last_split(iter([]))) == []
    # a list whose later rows Arrow will not split (an extra cell): they come with row errors
    lines = ["company_name,revenue_y1,employees"]
    for i in range(1, 41):
        lines.append(f"甲{i},{i * 100},{i}" + (",多余" if i in (23, 31, 39) else ""))
    src = tmp_path / "in.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outs = {}
    for split_from in (10 ** 9, 2):
        monkeypatch.setattr(screen_mod, "SPLIT_FROM", split_from)
        dst = tmp_path / f"out{split_from}.csv"
        screen_file(str(src), str(dst), chunk_rows=16)
        outs[split_from] = dst.read_bytes()
    assert outs[2] == outs[10 ** 9]
    text = outs[2].decode("utf-8-sig")
    for i in (23, 31, 39):
        assert f"第 {i} 行 有 4 个单元格" in text
    assert text.count("多于表头") == 3


def test_line_ends_are_found_across_scan_blocks_and_checked():
    import numpy as np

    from zjtx.dataio.write import line_ends
    body = b"".join(b"x" * (i % 7) + b"\n" for i in range(40))
    want = [i for i, c in enumerate(body) if c == 10]
    for block in (1, 3, 16, 1 << 20):                  # a block edge before, on and after a "\n"
        assert line_ends(body, 40, block=block).tolist() == want
    assert line_ends(body, 40).dtype == np.int32
    with pytest.raises(RuntimeError, match="39 line ends for 40 rows"):
        line_ends(body[:-1] + b"x", 40, block=5)       # the last line lost its end
    with pytest.raises(RuntimeError):
        line_ends(body, 41)


def test_in_order_yields_in_order_and_holds_at_most_workers_plus_one():
    import random
    import threading
    import time

    from zjtx.dataio.write import in_order
    lock, done, held = threading.Lock(), set(), []

    def fn(i):
        time.sleep(random.random() / 200)
        with lock:
            done.add(i)
        return i
    got = []
    for x in in_order(fn, 30, workers=2):
        with lock:
            held.append(len(done) - len(got))           # computed but not yet taken, this one included
        got.append(x)
    assert got == list(range(30))
    assert max(held) <= 3

    def broken(i):
        if i == 4:
            raise ValueError("第 5 份")
        return i
    seen = []
    with pytest.raises(ValueError, match="第 5 份"):
        for x in in_order(broken, 10):
            seen.append(x)
    assert seen == [0, 1, 2, 3]


_MALLOC_PROBE = """
import ctypes, sys
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
if sys.argv[1] == "keep":
    from zjtx.screen import keep_freed_memory
    assert keep_freed_memory()
before = libc.mallinfo2().hblks
p = libc.malloc(16 << 20)
print(libc.mallinfo2().hblks - before)
import threading                          # a worker thread's blocks: from the one heap, or an arena of its own
t = threading.Thread(target=lambda: [libc.malloc(64 << 10) for _ in range(4)])
t.start(); t.join()
buf, size = ctypes.c_char_p(), ctypes.c_size_t()
libc.open_memstream.restype = ctypes.c_void_p
fp = ctypes.c_void_p(libc.open_memstream(ctypes.byref(buf), ctypes.byref(size)))
libc.malloc_info(0, fp)
libc.fclose(fp)
print(buf.value.count(b"<heap nr="))
import numpy as np                         # no transparent huge pages asked for by numpy
from numpy._core.multiarray import _set_madvise_hugepage
print(int(_set_madvise_hugepage(False)))
"""


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_the_screen_process_keeps_freed_memory_in_its_heap():
    """keep_freed_memory (called by `python -m zjtx screen` only): a 16 MB block comes from the heap,
    not from a fresh mapping (whose pages the kernel must fault in and zero again each chunk), also on
    a worker thread; numpy's huge pages are off."""
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]

    def probe(mode: str) -> list[int]:
        out = subprocess.run([sys.executable, "-c", _MALLOC_PROBE, mode], cwd=root, capture_output=True,
                             text=True, check=True)
        return [int(x) for x in out.stdout.split()]
    # glibc's default: a block this large is mapped, a thread's goes to an arena of its own; numpy
    # asks for huge pages
    assert probe("default") == [1, 2, 1]
    assert probe("keep") == [0, 1, 0]


def test_prefetch_keeps_the_order_raises_in_place_and_stops_when_dropped():
    """screen reads the next chunk on a second thread (read.prefetch) while it evaluates this one."""
    import threading

    from zjtx.dataio.read import prefetch
    assert list(prefetch(iter(range(50)))) == list(range(50))

    def broken():
        yield from (1, 2, 3)
        raise ValueError("第 4 块")
    got = []
    with pytest.raises(ValueError, match="第 4 块"):
        for x in prefetch(broken()):
            got.append(x)
    assert got == [1, 2, 3]

    closed = threading.Event()

    def endless():
        try:
            i = 0
            while True:
                yield i
                i += 1
        finally:
            closed.set()
    before = set(threading.enumerate())
    it = prefetch(endless())
    assert set(threading.enumerate()) == before     # nothing asked for yet: no thread
    assert [next(it), next(it)] == [0, 1]
    mine = [t for t in threading.enumerate() if t.name == "zjtx-read" and t not in before]
    assert len(mine) == 1
    it.close()                                      # the consumer stops early (an error in screen)
    assert closed.wait(5)                           # the producer thread ends and closes its source
    mine[0].join(5)
    assert not mine[0].is_alive()


def _long_list(path, rows: int) -> None:
    """A CSV of `rows` companies, ~100 bytes a row: several of Arrow's 1 MB blocks for rows ≥ 20,000."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("company_name,revenue_y1,revenue_y2,employees,high_tech_enterprise\n")
        for i in range(rows):
            fh.write(f"企业{i:07d}的一个相当长的名称用来填满块,{1000 + i % 997}.25,{900 + i % 13},{i % 500},"
                     f"{'true' if i % 3 else 'false'}\n")


def test_read_ahead_starts_reading_at_once_gives_the_same_chunks_and_stops_when_closed(tmp_path):
    """screen_file asks iter_chunks to read ahead: Arrow parses on a thread started at once (before
    pandas and the evaluator are imported); the chunks are those of the plain reader, and closing them
    stops that thread, before the first chunk as after it."""
    import threading

    from zjtx.dataio.read import iter_chunks
    src = tmp_path / "long.csv"
    _long_list(src, 60_000)

    def readers(before):
        return [t for t in threading.enumerate() if t.name == "zjtx-read" and t not in before]

    plain = list(iter_chunks(src, chunk_rows=4000)[1])
    before = set(threading.enumerate())
    _, chunks, _ = iter_chunks(src, chunk_rows=4000, read_ahead=2)
    started = readers(before)
    assert len(started) == 1 and started[0].is_alive()       # reading before any chunk is asked for
    ahead = list(chunks)
    assert len(ahead) == len(plain) > 2
    pd.testing.assert_frame_equal(pd.concat(ahead, ignore_index=True), pd.concat(plain, ignore_index=True))
    started[0].join(5)
    assert not started[0].is_alive()

    for take in (0, 1):                                        # closed before / after the first chunk
        before = set(threading.enumerate())
        _, chunks, _ = iter_chunks(src, chunk_rows=4000, read_ahead=1)
        for _ in range(take):
            next(chunks)
        (thread,) = readers(before)
        chunks.close()
        thread.join(5)
        assert not thread.is_alive()


def test_yes_no_and_option_columns_arrive_as_categoricals_and_parse_as_text_does(tmp_path):
    """The CSV reader dictionary-encodes yes/no and option columns (few distinct words): parse_frame
    reads each distinct word once, with the same codes and row errors as for the same cells as text
    (every spelling, blanks, a quoted blank, a bad word)."""
    import numpy as np

    from zjtx.dataio.cells import parse_frame
    from zjtx.dataio.read import iter_chunks
    rows = [("甲", "是", "工业", "new"), ("乙", "否", "软件和信息技术服务业", "复核"), ("丙", "true", "", ""),
            ("丁", "", "other", "review"), ("戊", "也许", "不存在的行业", "new"), ("己", "Y", "industry", '""'),
            ("庚", "0", "wholesale", "新申请")]
    text = "company_name,high_tech_enterprise,industry,application_type\n" + "".join(
        ",".join(r) + "\n" for r in rows)
    src = tmp_path / "words.csv"
    src.write_text(text, encoding="utf-8")
    (typed,) = list(iter_chunks(src)[1])
    assert all(isinstance(typed[c].dtype, pd.CategoricalDtype)
               for c in ("high_tech_enterprise", "industry", "application_type"))
    as_text = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    a, b = parse_frame(typed), parse_frame(as_text)
    for key in b.cols.flag:
        assert np.array_equal(a.cols.flag[key], b.cols.flag[key]), key
    for key in b.cols.enum:
        assert np.array_equal(a.cols.enum[key], b.cols.enum[key]), key
    assert list(a.row_errors) == list(b.row_errors)
    assert [i for i, e in enumerate(a.row_errors) if e] == [4, 6]    # 也许 + 不存在的行业; 新申请


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30_000), max_size=12), st.sampled_from(["direct", "plain", "refused"]))
def test_direct_file_writes_exactly_the_bytes_given(tmp_path_factory, sizes, mode):
    """screen's output goes to disk past the page cache (write.DirectFile: whole aligned blocks through
    O_DIRECT, the last partial block through the cache). The file holds exactly the bytes written, in
    order, whatever their sizes: directly, without O_DIRECT, and when the file system refuses a direct
    write half-way (EINVAL: the rest goes through the cache)."""
    import errno
    import os
    import random

    from zjtx.dataio import write as W
    path = tmp_path_factory.mktemp("direct") / "out.csv"
    rnd = random.Random(len(sizes))
    pieces = [rnd.randbytes(n) for n in sizes]
    real_pwrite, calls = os.pwrite, []

    def refusing(fd, data, pos):
        import fcntl
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT:
            calls.append(pos)
            if len(calls) == 2:                  # the second direct block is refused
                raise OSError(errno.EINVAL, "Invalid argument")
        return real_pwrite(fd, data, pos)
    with pytest.MonkeyPatch.context() as mp:
        if mode == "plain":
            mp.delattr(os, "O_DIRECT")
        f = W.DirectFile(path, block=8192)
        if mode == "refused":
            mp.setattr(W.os, "pwrite", refusing)
        with f:
            assert f.direct == (mode != "plain")
            for piece in pieces:
                f.write(piece)
    assert path.read_bytes() == b"".join(pieces)


def test_screen_and_the_command_line_import_without_pandas():
    """`python -m zjtx screen` starts Arrow reading before pandas is imported (~0.5 s): neither
    zjtx.__main__ nor zjtx.screen nor the CSV reader may import it at module level."""
    import subprocess
    import sys
    code = ("import sys, zjtx.__main__, zjtx.screen, zjtx.dataio.read; "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=24), st.text(st.characters(exclude_categories=()), max_size=8).map(lambda s: s.encode("utf-8", "surrogatepass"))),
       st.lists(st.integers(0, 24), max_size=4))
def test_the_utf8_check_agrees_with_python_wherever_the_blocks_are_cut(data, cuts):
    """detect_encoding's UTF-8 check (Arrow's validator, block by block) accepts exactly what
    bytes.decode("utf-8") accepts: surrogates, overlong forms and a character cut at the end
    included, wherever the file's blocks happen to end."""
    from zjtx.dataio.read import utf8_valid
    try:
        data.decode("utf-8")
        want = True
    except UnicodeDecodeError:
        want = False
    edges = sorted({min(c, len(data)) for c in cuts} | {0, len(data)})
    blocks = [data[a:b] for a, b in zip(edges, edges[1:])]
    assert utf8_valid(iter(blocks)) is want


def test_a_header_naming_one_field_twice_stops_the_screen_with_its_message(tmp_path):
    """The header is checked where the first chunk is evaluated, now on a spool worker: the error
    comes back as the same InputError (named columns, exit 2 on the command line), while the other
    worker holds the next chunk; nothing hangs and no output is written."""
    import subprocess
    import sys
    from pathlib import Path

    from zjtx.dataio import InputError
    src = tmp_path / "dup.csv"
    src.write_text("company_name,revenue_y1,营业收入（上年度）\n" + "".join(f"甲{i},100,200\n" for i in range(50)),
                   encoding="utf-8")
    dst = tmp_path / "out.csv"
    with pytest.raises(InputError, match="表头有误：列「revenue_y1」与「营业收入（上年度）」是同一字段"):
        screen_file(str(src), str(dst), chunk_rows=8)
    assert not dst.exists()
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-m", "zjtx", "screen", str(src), "-o", str(dst)], cwd=root,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip() == "zjtx: 表头有误：列「revenue_y1」与「营业收入（上年度）」是同一字段（营业收入（上年度））"
    assert not dst.exists()
