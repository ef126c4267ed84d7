"""The command line, run as a user runs it: `python -m zjtx check|screen` in a subprocess.

Every exit path of docs/cli.md: 0 whenever the input could be read (whatever the verdicts),
2 with one clear Chinese line on stderr (and never a traceback) when it could not.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from zjtx.rules import rulebook

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff]")
TIERS = ("specialized", "little_giant", "innovative", "tech_sme")
CRITERION_KEYS = {"id", "status", "actual", "threshold", "gap", "unit", "self_declared", "label", "reason",
                  "citation"}
STATUSES = {"pass", "fail", "exempt", "missing", "not_applicable"}

# A company that meets both tiers under the 2026 standard (the numbers are fictional).
GOOD = {
    "company_name": "测试企业甲 · 精密传动", "assessment_year": 2026, "application_type": "new",
    "industry": "industry", "employees": 300,
    "revenue_y1": 12000, "revenue_y2": 11000, "revenue_y3": 10000,
    "main_revenue_y1": 11400, "main_revenue_y2": 10400, "main_revenue_y3": 9400,
    "net_profit_y1": 1300, "cost_expense_y1": 10000, "total_assets": 15000, "total_liabilities": 6000,
    "rd_expense_y1": 720, "rd_expense_y2": 660, "rd_staff": 70, "tech_staff": 100,
    "equity_y1": 0, "equity_y2": 0, "equity_y3": 0, "segment_years": 8,
    "class1_ip": 5, "class1_ip_high_value": 1, "class2_ip": 10,
    "sci_award_level": "none", "rd_institution_level": "provincial", "high_tech_enterprise": True,
    "makers_china": "none", "led_standard_5y": False, "market_leading": True,
    "market_share_domestic": 15, "market_share_international": 2, "domestic_rank": 2,
    "product_field": "six_basics", "key_chain_link": True, "strategic_emerging": True,
    "holds_tech_sme": True, "holds_innovative_sme": True, "holds_specialized_sme": True,
    "dev_score_current": 72, "dev_score_previous": 68, "digital_level": 3, "quality_items": 3,
    "local_feature_score": 10, "info_system_and_certification": True, "own_brand": True,
    "gate_established_in_prc": True, "gate_credit_ok": True, "gate_products_ok": True, "gate_no_incidents": True,
}


def run(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zjtx", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def write_json(path: Path, obj, encoding: str = "utf-8") -> Path:
    path.write_bytes(json.dumps(obj, ensure_ascii=False).encode(encoding))
    return path


def check_json(path: Path, *extra: str) -> dict:
    r = run("check", path, *extra)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return json.loads(r.stdout)


def assert_one_clear_line(r: subprocess.CompletedProcess) -> str:
    """Exit 2, nothing on stdout, exactly one Chinese line on stderr, no traceback."""
    assert r.returncode == 2, (r.returncode, r.stdout[:200], r.stderr)
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip("\n").split("\n")
    assert len(lines) == 1, r.stderr
    assert CJK.search(lines[0]), lines[0]
    return lines[0]


# ------------------------------------------------------------------------------ check: JSON

def test_check_prints_the_json_contract(tmp_path):
    d = check_json(write_json(tmp_path / "good.json", GOOD))
    assert d["company_name"] == GOOD["company_name"]
    assert d["assessment_year"] == 2026
    assert d["fiscal_years"] == {"y1": 2025, "y2": 2024, "y3": 2023}
    assert set(d["gate"]) >= {"verdict", "criteria"}
    assert d["gate"]["verdict"] == "meets"
    assert set(d["tiers"]) == set(TIERS)
    book = rulebook()
    for name in TIERS:
        tier = d["tiers"][name]
        assert set(tier) >= {"standard", "verdict", "criteria"}
        assert tier["verdict"] in ("meets", "fails", "incomplete")
        want = [c.id for c in book.get(name, tier["standard"]).criteria]
        assert [c["id"] for c in tier["criteria"]] == want
    assert [d["tiers"][t]["standard"] for t in TIERS] == ["2026", "2026", "2022", "2017"]
    assert d["tiers"]["specialized"]["verdict"] == "meets"
    assert d["tiers"]["little_giant"]["verdict"] == "meets"
    for tier in (d["gate"], *d["tiers"].values()):
        for c in tier["criteria"]:
            assert set(c) >= CRITERION_KEYS, c["id"]
            assert c["status"] in STATUSES
            for k in ("actual", "threshold", "gap"):
                assert c[k] is None or isinstance(c[k], (int, float)) and not isinstance(c[k], bool), (c["id"], k)
            assert isinstance(c["self_declared"], bool)
            assert isinstance(c["unit"], str)
            assert CJK.search(c["label"]) and CJK.search(c["reason"])
            assert {"doc", "annex", "item", "clause"} <= set(c["citation"])
            assert all(c["citation"][k] for k in ("doc", "annex", "item", "clause"))


def test_check_reports_the_s26_rd_ratio_of_the_binding_year(tmp_path):
    d = check_json(write_json(tmp_path / "p.json", {**GOOD, "rd_expense_y1": 300}))   # 2.5 % of 12000
    c = next(c for c in d["tiers"]["specialized"]["criteria"] if c["id"] == "S26.rd_ratio")
    assert c["status"] == "fail"
    assert c["actual"] == 2.5 and c["threshold"] == 3 and c["gap"] == 0.5 and c["unit"] == "%"
    assert d["tiers"]["specialized"]["verdict"] == "fails"


def test_explicit_standard_2022_puts_both_tiers_on_2022(tmp_path):
    d = check_json(write_json(tmp_path / "p.json", GOOD), "--standard", "2022")
    assert d["tiers"]["specialized"]["standard"] == "2022"
    assert d["tiers"]["little_giant"]["standard"] == "2022"
    assert d["tiers"]["innovative"]["standard"] == "2022"
    assert d["tiers"]["tech_sme"]["standard"] == "2017"
    assert d["tiers"]["specialized"]["criteria"][0]["id"].startswith("S22.")
    assert d["tiers"]["little_giant"]["criteria"][0]["id"].startswith("L22.")


def test_auto_standard_for_a_review_uses_2022_for_the_little_giant_only(tmp_path):
    d = check_json(write_json(tmp_path / "p.json", {**GOOD, "application_type": "review"}))
    assert d["tiers"]["specialized"]["standard"] == "2026"
    assert d["tiers"]["little_giant"]["standard"] == "2022"
    d = check_json(write_json(tmp_path / "p.json", {**GOOD, "application_type": "review"}), "--standard", "2026")
    assert d["tiers"]["little_giant"]["standard"] == "2026"
    growth = next(c for c in d["tiers"]["little_giant"]["criteria"] if c["id"] == "L26.growth")
    assert growth["status"] == "not_applicable"


def test_exit_code_is_0_whatever_the_verdicts(tmp_path):
    d = check_json(write_json(tmp_path / "empty.json", {"assessment_year": 2026}))
    assert all(t["verdict"] == "incomplete" for t in d["tiers"].values())
    d = check_json(write_json(tmp_path / "bad.json", {**GOOD, "gate_credit_ok": False}))
    assert d["gate"]["verdict"] == "fails"
    assert all(t["verdict"] == "fails" for t in d["tiers"].values())


def test_check_text_prints_a_chinese_table(tmp_path):
    r = run("check", write_json(tmp_path / "p.json", GOOD), "--format", "text")
    assert r.returncode == 0, r.stderr
    assert "专精特新" in r.stdout and "申报条件" in r.stdout and "达标" in r.stdout
    assert GOOD["company_name"] in r.stdout
    assert "2026 年标准" in r.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.stdout)


def test_check_text_in_english(tmp_path):
    r = run("check", write_json(tmp_path / "p.json", GOOD), "--format", "text", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "Specialized SME" in r.stdout and "Little Giant" in r.stdout


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_check_reads_gb18030_and_bom_json(tmp_path, encoding):
    p = write_json(tmp_path / "p.json", {**GOOD, "company_name": "江苏精工传动设备有限公司"}, encoding)
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            p.read_bytes().decode("utf-8")
    d = check_json(p)
    assert d["company_name"] == "江苏精工传动设备有限公司"
    assert d["tiers"]["specialized"]["verdict"] == "meets"


def test_check_accepts_chinese_labels_as_keys(tmp_path):
    prof = {"企业名称": "标签企业", "评估年度": 2026, "申报类型": "复核", "所属行业": "工业",
            "营业收入（上年度）": 3000, "主营业务收入（上年度）": 2700, "研发费用（上年度）": 150,
            "研发费用（上上年度）": 120, "营业收入（上上年度）": 2800, "有效期内高新技术企业": "是"}
    d = check_json(write_json(tmp_path / "zh.json", prof, "gb18030"))
    assert d["company_name"] == "标签企业"
    assert d["tiers"]["little_giant"]["standard"] == "2022"   # 复核 was read
    s26 = {c["id"]: c for c in d["tiers"]["specialized"]["criteria"]}
    assert s26["S26.main_share"]["status"] == "pass" and s26["S26.main_share"]["actual"] == 90
    assert s26["S26.rd_amount"]["status"] == "pass"
    i22 = d["tiers"]["innovative"]["criteria"][0]
    assert i22["status"] == "pass"   # 有效期内高新技术企业 = 是 is a direct route


# ------------------------------------------------------------------------- check: exit 2

def test_a_missing_file_exits_2(tmp_path):
    line = assert_one_clear_line(run("check", tmp_path / "nope.json"))
    assert "nope.json" in line and "找不到" in line


def test_a_directory_exits_2(tmp_path):
    line = assert_one_clear_line(run("check", tmp_path))
    assert "目录" in line


def test_broken_json_exits_2(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text('{"revenue_y1": 100,\n  "industry": }', encoding="utf-8")
    line = assert_one_clear_line(run("check", p))
    assert "broken.json" in line and "JSON" in line and "第 2 行" in line


def test_a_json_array_exits_2(tmp_path):
    line = assert_one_clear_line(run("check", write_json(tmp_path / "arr.json", [GOOD])))
    assert "对象" in line and "数组" in line


@pytest.mark.parametrize("name,profile,must", [
    ("wrong_type", {"revenue_y1": "abc"}, ["营业收入", "abc"]),
    ("negative_money", {"revenue_y1": -5}, ["营业收入", "不能为负数"]),
    ("unknown_enum", {"industry": "mining"}, ["所属行业", "mining"]),
    ("share_over_100", {"market_share_domestic": 120}, ["国内细分市场占有率", "0–100"]),
    ("main_above_revenue", {"revenue_y1": 1000, "main_revenue_y1": 1200}, ["主营业务收入", "营业收入", "1200", "1000"]),
    ("typo", {"revenue_yl": 1000}, ["未知字段", "revenue_yl"]),
    ("fraction_of_a_person", {"employees": 2.5}, ["从业人员数", "整数"]),
    ("not_yes_no", {"high_tech_enterprise": "maybe"}, ["有效期内高新技术企业", "是/否"]),
])
def test_an_unreadable_profile_exits_2_with_one_chinese_line(tmp_path, name, profile, must):
    line = assert_one_clear_line(run("check", write_json(tmp_path / f"{name}.json", profile)))
    for text in must:
        assert text in line, (text, line)
    assert line.startswith("zjtx:")


def test_every_problem_of_a_profile_is_on_the_one_line(tmp_path):
    line = assert_one_clear_line(run("check", write_json(tmp_path / "two.json", {"revenue_y1": -1, "industry": "x"})))
    assert "营业收入" in line and "所属行业" in line


@pytest.mark.parametrize("args", [
    ["check", "PROFILE", "--standard", "2099"],
    ["check", "PROFILE", "--format", "pdf"],
    ["check"],
    [],
    ["frobnicate"],
    ["screen", "PROFILE"],
], ids=["standard-2099", "format-pdf", "check-without-file", "no-arguments", "unknown-command", "screen-without-o"])
def test_bad_arguments_exit_2(tmp_path, args):
    p = write_json(tmp_path / "p.json", GOOD)
    line = assert_one_clear_line(run(*[str(p) if a == "PROFILE" else a for a in args]))
    assert "参数" in line
    if "2099" in args:
        assert "2099" in line


# -------------------------------------------------------------------------------- screen

HEADERS = ["企业名称", "评估年度", "申报类型", "营业收入（上年度）", "营业收入（上上年度）", "主营业务收入（上年度）",
           "研发费用（上年度）", "研发费用（上上年度）", "有效期内科技型中小企业", "备注"]
ROWS = [
    ["甲公司", "2026", "新申报", "3000", "2800", "2700", "60", "120", "是", "x"],
    ["乙公司", "2026", "新申报", "-5", "", "", "", "", "", ""],
    ['=HYPERLINK("http://x","丙")', "2026", "复核", "2000", "1900", "1900", "100", "90", "否", ""],
    ["丁公司", "2026", "new", "1500", "1400", "1200", "45", "42", "Y", ""],
]


def _csv_bytes(encoding: str, headers=HEADERS, rows=ROWS) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def _read_csv_out(p: Path) -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(p.read_bytes().decode("utf-8-sig"), newline="")))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def _read_xlsx_out(p: Path) -> tuple[list[str], list[dict[str, str]]]:
    from openpyxl import load_workbook
    ws = load_workbook(p, read_only=True).worksheets[0]
    grid = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    return grid[0], [dict(zip(grid[0], r)) for r in grid[1:]]


def _check_screen_output(head: list[str], out: list[dict[str, str]], standard: str = "auto"):
    assert head[:3] == ["row", "company_name", "error"]
    for col in ("gate.verdict", "specialized.verdict", "specialized.standard", "little_giant.verdict",
                "little_giant.standard", "innovative.verdict", "tech_sme.verdict",
                "S26.rd_ratio.status", "S26.rd_ratio.gap", "L26.rd_total.status", "S22.rd.gap"):
        assert col in head, col
    assert head.index("specialized.verdict") < head.index("S26.rd_ratio.status")
    assert [r["row"] for r in out] == ["1", "2", "3", "4"]
    assert [r["company_name"] for r in out] == ["甲公司", "乙公司", '\'=HYPERLINK("http://x","丙")', "丁公司"]
    bad = out[1]
    assert bad["error"].startswith("第 2 行")
    assert re.search(r"第 2 行 营业收入.*不能为负数", bad["error"]), bad["error"]
    for col in head[3:]:
        assert bad[col] == "", (col, bad[col])
    for r in (out[0], out[2], out[3]):
        assert r["error"] == ""
        for t in ("gate", "specialized", "little_giant", "innovative", "tech_sme"):
            assert r[f"{t}.verdict"] in ("meets", "fails", "incomplete"), (r["row"], t)
    first = out[0]   # R&D 60 of 3000 = 2 % in FY2025: 1 point short of 3 %
    assert first["S26.rd_ratio.status"] == "fail" and float(first["S26.rd_ratio.gap"]) == 1
    assert first["specialized.verdict"] == "fails"
    if standard == "auto":
        assert first["specialized.standard"] == "2026" and first["little_giant.standard"] == "2026"
        assert out[2]["little_giant.standard"] == "2022"   # 复核 → 2022 for 小巨人
    else:
        assert all(r["specialized.standard"] == standard for r in (out[0], out[2], out[3]))
    last = out[3]    # 45/1500 = 3 % exactly, 42/1400 = 3 % exactly: 不低于 includes the bound
    assert last["S26.rd_ratio.status"] == "pass" and float(last["S26.rd_ratio.gap"] or 0) == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_screen_csv_in_any_encoding(tmp_path, encoding):
    src = tmp_path / "list.csv"
    src.write_bytes(_csv_bytes(encoding))
    dst = tmp_path / "out.csv"
    r = run("screen", src, "-o", dst)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    head, out = _read_csv_out(dst)
    _check_screen_output(head, out)


def test_screen_xlsx_in_and_out(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in ROWS:
        ws.append([int(v) if re.fullmatch(r"-?\d+", v) else (v or None) for v in row])
    for cell in ws["A"]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"   # a text cell that merely starts with "=", not a formula
    src = tmp_path / "list.xlsx"
    wb.save(src)
    dst = tmp_path / "out.xlsx"
    r = run("screen", src, "-o", dst)
    assert r.returncode == 0, r.stderr
    head, out = _read_xlsx_out(dst)
    _check_screen_output(head, out)


def test_screen_applies_the_explicit_standard_row_by_row(tmp_path):
    src = tmp_path / "list.csv"
    src.write_bytes(_csv_bytes("utf-8"))
    dst = tmp_path / "out.csv"
    r = run("screen", src, "-o", dst, "--standard", "2022")
    assert r.returncode == 0, r.stderr
    head, out = _read_csv_out(dst)
    assert all(r["little_giant.standard"] == "2022" for r in out if not r["error"])
    assert out[0]["S22.rd.status"] == "fail"


def test_screen_neutralises_a_formula_in_a_company_name(tmp_path):
    src = tmp_path / "list.csv"
    src.write_bytes(_csv_bytes("utf-8", ["企业名称", "营业收入（上年度）"],
                               [["=1+1", "100"], ["+cmd", "200"], ["@SUM(A1)", "300"], ["正常", "400"]]))
    dst = tmp_path / "out.csv"
    assert run("screen", src, "-o", dst).returncode == 0
    _, out = _read_csv_out(dst)
    assert [r["company_name"] for r in out] == ["'=1+1", "'+cmd", "'@SUM(A1)", "正常"]


def test_screen_an_empty_file_exits_2(tmp_path):
    src = tmp_path / "empty.csv"
    src.write_bytes(b"")
    line = assert_one_clear_line(run("screen", src, "-o", tmp_path / "o.csv"))
    assert "empty.csv" in line
    assert not (tmp_path / "o.csv").exists()


def test_screen_a_file_with_no_known_column_exits_2(tmp_path):
    src = tmp_path / "odd.csv"
    src.write_bytes(_csv_bytes("utf-8", ["foo", "bar"], [["1", "2"]]))
    line = assert_one_clear_line(run("screen", src, "-o", tmp_path / "o.csv"))
    assert "odd.csv" in line and "列" in line


def test_screen_a_missing_input_exits_2(tmp_path):
    line = assert_one_clear_line(run("screen", tmp_path / "nope.csv", "-o", tmp_path / "o.csv"))
    assert "nope.csv" in line


def test_screen_a_broken_xlsx_exits_2(tmp_path):
    src = tmp_path / "broken.xlsx"
    src.write_bytes(b"PK\x03\x04 not really a workbook")
    line = assert_one_clear_line(run("screen", src, "-o", tmp_path / "o.csv"))
    assert "broken.xlsx" in line


# ------------------------------------------------------------- the readings of issue 8, end to end

def _criterion(d: dict, tier: str, cid: str) -> dict:
    return next(c for c in d["tiers"][tier]["criteria"] if c["id"] == cid)


def test_the_2025_review_readings_hold_on_the_command_line(tmp_path):
    """190号: a 2025 review does not assess L22.main_growth (not_applicable, cited), and 2025 applications
    and reviews need 上年度营业收入 ≥ 5000 万元 (4999.99 fails, 5000 passes)."""
    review = {**GOOD, "assessment_year": 2025, "application_type": "review"}
    d = check_json(write_json(tmp_path / "a.json", {**review, "main_revenue_y1": 9000}))   # main revenue falls
    assert d["tiers"]["little_giant"]["standard"] == "2022"
    g = _criterion(d, "little_giant", "L22.main_growth")
    assert g["status"] == "not_applicable" and "2025 年度申请复核的企业" in g["reason"]
    assert g["basis"]["doc"] == "工信厅企业函〔2025〕190号" and g["basis"]["verified"] is True
    new = check_json(write_json(tmp_path / "b.json", {**review, "application_type": "new", "main_revenue_y1": 9000}))
    assert _criterion(new, "little_giant", "L22.main_growth")["status"] == "fail"      # 190号 spares reviews only
    for revenue, status, gap in ((4999.99, "fail", 0.01), (5000, "pass", 0)):
        d = check_json(write_json(tmp_path / "c.json", {**review, "revenue_y1": revenue, "main_revenue_y1": 4000}))
        c = _criterion(d, "little_giant", "L22.revenue_2025")
        assert (c["status"], c["gap"]) == (status, gap), revenue
        assert c["citation"]["doc"] == "工信厅企业函〔2025〕190号"


def test_a_2027_review_uses_the_2026_standard_without_growth_on_the_command_line(tmp_path):
    d = check_json(write_json(tmp_path / "p.json", {**GOOD, "assessment_year": 2027, "application_type": "review",
                                                    "revenue_y3": 20000}))               # revenue falls
    lg = d["tiers"]["little_giant"]
    assert lg["standard"] == "2026" and lg["ruleset"] == "little_giant@2026"
    assert "2027 年" in lg["standard_reason"] and "2026 年复核" not in lg["standard_reason"]
    assert "本工具" in lg["standard_interpretation"]
    assert _criterion(d, "little_giant", "L26.growth")["status"] == "not_applicable"
    n = check_json(write_json(tmp_path / "n.json", {**GOOD, "assessment_year": 2027, "revenue_y3": 20000}))
    assert _criterion(n, "little_giant", "L26.growth")["status"] == "fail"


def test_a_bounded_score_is_reported_as_a_bound_on_the_command_line(tmp_path):
    low = {**GOOD, "digital_level": 1, "quality_items": 0, "rd_institution_level": "none", "rd_staff": 0,
           "net_profit_y1": 0, "key_chain_link": False, "class1_ip_high_value": 0, "segment_years": 6}
    del low["local_feature_score"]
    d = check_json(write_json(tmp_path / "p.json", low), "--standard", "2022")
    c = _criterion(d, "specialized", "S22.score_or_direct")
    assert c["status"] == "fail" and (c["score_min"], c["score_max"], c["actual_bound"]) == (44, 59, "max")
    assert "按满分 15 分计，最高 59 分，仍低于 60 分" in c["reason"]
    text = run("check", tmp_path / "p.json", "--standard", "2022", "--format", "text")
    assert text.returncode == 0 and "最高 59 分" in text.stdout
