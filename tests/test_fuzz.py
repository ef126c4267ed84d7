"""No input file can make `check` or `screen` fail with 内部错误 or a traceback (issue 12).

Two generators, run through the real command-line entry (`zjtx.__main__.main`, in process):
- profiles (hypothesis): wrong types, huge / negative / tiny / NaN / Infinity numbers, numerals of
  any length, unicode with lone surrogates, control characters and markdown, extra, duplicated and
  label keys, nesting, BOMs, GB18030 and broken UTF-8;
- mangled lists (seeded): a valid CSV and XLSX truncated, bit-flipped, spliced, padded, and the
  hostile shapes (far cell references, zip bombs, 100,000-column headers, 10 MB cells, ragged rows,
  formulas, `<script>` names, NUL bytes, CR-only endings).

Every outcome must be exit 0, or exit 2 with one clean line; never 1 (内部错误). The fast sample
runs in `make test`; the full run (≥ 10,000 profiles, ≥ 1,000 files, with the time and memory of the
worst case) is `make soak` (marker `soak`). Figures of the last full run are in bench/README.md.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import resource
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjtx.__main__ import main
from zjtx.fields import FIELDS

FAST_PROFILES = 300
SOAK_PROFILES = int(os.environ.get("ZJTX_SOAK_PROFILES", 10_000))
FAST_FILES = 40
SOAK_FILES = int(os.environ.get("ZJTX_SOAK_FILES", 1_200))

KEYS = [f.key for f in FIELDS] + [f.zh for f in FIELDS][:20] + ["_note", "unknown", "revenue_yl", ""]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main([str(a) for a in args])
        except SystemExit as exc:           # argparse only
            rc = int(exc.code or 0)
    return rc, out.getvalue(), err.getvalue()


def assert_clean(rc: int, out: str, err: str, what: str) -> None:
    assert rc in (0, 2), f"{what}: exit {rc}: {err[:500]}"
    assert "内部错误" not in err and "Traceback" not in err, f"{what}: {err[:500]}"
    if rc == 2:
        assert err.count("\n") == 1 and err.startswith("zjtx: "), f"{what}: {err[:500]!r}"
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", err), f"{what}: {err[:300]!r}"
    (out + err).encode("utf-8")             # valid UTF-8 (a lone surrogate would raise here)
    if rc == 0 and out:
        json.loads(out)                     # check's JSON is JSON (no bare NaN / Infinity)


# ------------------------------------------------------------------------------ profiles

_numerals = st.one_of(
    st.integers(min_value=-10 ** 30, max_value=10 ** 30).map(str),
    st.builds(lambda m, e: f"{m}e{e}", st.integers(-999, 999), st.integers(-2_000_000, 2_000_000)),
    st.text("0123456789.,-+eE% 万元", max_size=80),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e1000000", "1e-1000000", "9" * 5000, "0x10", "１２３"]),
)
_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60) | st.sampled_from(
    ["![x](http://evil.example/a.png)", "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "\x1b[31m",
     "\ud800abc", "\udc80x", "a" * 300])
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 20, 10 ** 20),
                    st.floats(allow_nan=True, allow_infinity=True), _text, _numerals)
_value = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                              max_size=3), max_leaves=6)
_profile = st.dictionaries(st.sampled_from(KEYS) | _text, _value, max_size=12)


def _encode(obj: dict, how: int, raw_tail: bytes) -> bytes:
    """The profile as bytes, in one of the ways files arrive."""
    text = json.dumps(obj, ensure_ascii=how % 2 == 0, allow_nan=True)
    if how == 2:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if how == 3:
        return text.encode("gb18030", "replace")
    if how == 4:
        return text.encode("utf-8", "surrogatepass")[: max(1, len(text) // 2)] + raw_tail   # cut, garbage
    if how == 5:
        return ("[" * 3000 + text).encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


def _check_profile(tmp: Path, obj: dict, how: int, tail: bytes, stats: dict) -> None:
    p = tmp / "p.json"
    p.write_bytes(_encode(obj, how, tail))
    t0 = time.monotonic()
    rc, out, err = run_cli("check", p)
    dt = time.monotonic() - t0
    stats["n"] += 1
    stats["max_s"] = max(stats["max_s"], dt)
    stats["codes"][rc] = stats["codes"].get(rc, 0) + 1
    assert_clean(rc, out, err, f"profile {obj!r:.300}")


def _profile_test(n: int, tmp: Path, stats: dict):
    @settings(max_examples=n, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(_profile, st.integers(0, 6), st.binary(max_size=8))
    def inner(obj, how, tail):
        _check_profile(tmp, obj, how, tail, stats)
    inner()


def _stats() -> dict:
    return {"n": 0, "max_s": 0.0, "codes": {}}


def test_generated_profiles_fast_sample(tmp_path):
    stats = _stats()
    _profile_test(FAST_PROFILES, tmp_path, stats)
    assert stats["n"] >= FAST_PROFILES and stats["codes"].get(2, 0) > 0 and stats["codes"].get(0, 0) > 0


@pytest.mark.soak
def test_generated_profiles_soak(tmp_path):
    stats = _stats()
    _profile_test(SOAK_PROFILES, tmp_path, stats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprofiles: {stats['n']} cases, exit codes {stats['codes']}, slowest {stats['max_s']:.2f} s, "
          f"peak RSS {peak:.0f} MB")
    assert stats["n"] >= SOAK_PROFILES and stats["max_s"] < 5 and peak < 1536


# ------------------------------------------------------------------------------ mangled lists

BASE_ROWS = [
    ["企业名称", "营业收入（上年度）（万元）", "营业收入（前年度）（万元）", "研发费用（上年度）（万元）", "从业人员数（人）", "是否高新技术企业"],
    ["甲公司", "5000", "4000", "300", "120", "是"],
    ["=HYPERLINK(\"http://x\")", "1,500", "12.5%", "不清楚", "80", "否"],
    ["<script>alert(1)</script>", "-3", "1e1000000", "9" * 70, "1.5", "maybe"],
    ["![x](http://evil.example/a.png)", "", "", "", "", ""],
]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    import csv
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    import pandas as pd

    from zjtx.dataio.write import write_frame
    buf = io.BytesIO()
    write_frame(buf, pd.DataFrame(rows[1:], columns=rows[0]))
    return buf.getvalue()


def _hostile(rng: random.Random) -> tuple[str, bytes]:
    from test_hardening import HEADER, xlsx
    kind = rng.randrange(12)
    if kind == 0:
        return "far.xlsx", xlsx(HEADER + f'<row r="{rng.choice([2, 10 ** 6, 4 * 10 ** 9])}"><c r="{rng.choice(["XFD1048576", "B2", "AAAA3"])}"><v>5</v></c></row>')
    if kind == 1:
        return "bomb.xlsx", xlsx(HEADER.encode() + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
                                 + b"A" * rng.choice([10 ** 6, 170 << 20]) + b"</t></is></c></row>")
    if kind == 2:
        return "wide.csv", (",".join(f"c{i}" for i in range(rng.choice([1000, 1025, 100_000]))) + ",revenue_y1\n1\n").encode()
    if kind == 3:
        return "cell.csv", b"company_name,revenue_y1\n" + b"x" * rng.choice([40_000, 10 << 20]) + b",1\n"
    if kind == 4:
        return "ragged.csv", b"company_name,revenue_y1\nA,1,2,3\nB\n,,,\nC,5\n"
    if kind == 5:
        return "nul.csv", b"company_name,revenue_y1\n\x00A,\x001\n"
    if kind == 6:
        return "cr.csv", b"company_name,revenue_y1\rA,1\rB,2"
    if kind == 7:
        return "quote.csv", b'company_name,revenue_y1\n"A,1\nB,2\n'
    if kind == 8:
        return "empty.xlsx", b""
    if kind == 9:
        return "gbk.csv", "企业名称,营业收入（上年度）（万元）\n甲,100\n".encode("gb18030")
    if kind == 10:
        return "bad.csv", bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
    return "semi.csv", "企业名称;营业收入（上年度）（万元）\n甲;100\n".encode()


def _mangle(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(5)
        if op == 0 and b:
            del b[rng.randrange(len(b)):]                                   # truncate
        elif op == 1 and b:
            for _ in range(rng.randrange(1, 20)):                           # flip bytes
                b[rng.randrange(len(b))] = rng.randrange(256)
        elif op == 2 and b:
            i, j = sorted(rng.randrange(len(b)) for _ in range(2))          # duplicate a slice
            b[i:i] = b[i:j] * rng.randrange(1, 4)
        elif op == 3:
            b += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 100)))
        else:
            b[0:0] = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04", b""])
    return bytes(b)


def _files(n: int, seed: int = 12):
    rng = random.Random(seed)
    csv0, xlsx0 = _csv_bytes(BASE_ROWS), _xlsx_bytes(BASE_ROWS)
    for i in range(n):
        r = rng.random()
        if r < 0.25:
            yield _hostile(rng)
        elif r < 0.6:
            yield "m.csv", _mangle(rng, csv0)
        else:
            yield "m.xlsx", _mangle(rng, xlsx0)


def _screen_files(tmp: Path, n: int) -> dict:
    stats = _stats()
    for i, (name, data) in enumerate(_files(n)):
        src = tmp / name
        src.write_bytes(data)
        out = tmp / ("out.xlsx" if i % 5 == 0 else "out.csv")
        t0 = time.monotonic()
        rc, o, err = run_cli("screen", src, "-o", out)
        stats["max_s"] = max(stats["max_s"], time.monotonic() - t0)
        stats["n"] += 1
        stats["codes"][rc] = stats["codes"].get(rc, 0) + 1
        assert_clean(rc, "", err, f"file {i} {name} ({len(data)} bytes)")
    return stats


def test_mangled_files_fast_sample(tmp_path):
    stats = _screen_files(tmp_path, FAST_FILES)
    assert stats["n"] == FAST_FILES and stats["codes"].get(0, 0) > 0 and stats["codes"].get(2, 0) > 0


@pytest.mark.soak
def test_mangled_files_soak(tmp_path):
    stats = _screen_files(tmp_path, SOAK_FILES)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nfiles: {stats['n']} cases, exit codes {stats['codes']}, slowest {stats['max_s']:.2f} s, "
          f"peak RSS {peak:.0f} MB")
    assert stats["max_s"] < 5 and peak < 1536
