"""`python -m zjtx plan|project`, run as a user runs them: JSON shapes of the issue, text output, and the
same exit-code contract as `check` (0 when read; 2 with one clear Chinese line and no traceback)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_plan import GOOD

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff]")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zjtx", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.fixture()
def debt_profile(tmp_path):
    path = tmp_path / "debt.json"
    path.write_text(json.dumps({**GOOD, "total_liabilities": 12075}, ensure_ascii=False), encoding="utf-8")
    return path


def test_plan_json(debt_profile):
    r = run("plan", debt_profile, "--tier", "specialized")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert {"tier", "standard", "reachable", "changes", "requirements", "alternatives", "verdict_after"} <= set(d)
    assert d["tier"] == "specialized" and d["standard"] == "2026" and d["reachable"] is True
    assert [(c["field"], c["from"], c["to"], c["delta"], c["unit"]) for c in d["changes"]] == \
        [("total_liabilities", 12075, 12000, -75, "万元")]
    assert d["requirements"] == [] and d["verdict_after"] == "meets"
    costs = sorted(a["cost"] for a in d["alternatives"])
    assert costs == [93.75, 375]


def test_plan_locks_and_text(debt_profile):
    r = run("plan", debt_profile, "--tier", "specialized", "--lock", "convert", "equity_y1", "--format", "text")
    assert r.returncode == 0, r.stderr
    best = r.stdout.split("其他路径")[0]
    assert "2024 年新增合格机构投资者实缴股权投资 93.75 万元" in best and "债转股" not in best
    r2 = run("plan", debt_profile, "--tier", "specialized", "--lock", "convert", "equity_y1", "--lock", "equity_y2")
    assert [(c["field"], c["delta"]) for c in json.loads(r2.stdout)["changes"]] == \
        [("total_assets", -375), ("total_liabilities", -375)]


def test_plan_for_year_and_little_giant(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**GOOD, "segment_years": 2.0}), encoding="utf-8")
    now = json.loads(run("plan", path, "--tier", "specialized").stdout)
    assert now["reachable"] is False and now["requirements"][0]["id"] == "S26.segment_years"
    ahead = json.loads(run("plan", path, "--tier", "specialized", "--for-year", "2027").stdout)
    assert ahead["reachable"] is True and ahead["assessment_year"] == 2027 and ahead["for_year"] == 2027
    lg = run("plan", path, "--tier", "little_giant", "--standard", "2022", "--format", "text", "--lang", "en")
    assert lg.returncode == 0 and "Little Giant" in lg.stdout


def test_project_json_and_text(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**GOOD, "segment_years": 2.0}), encoding="utf-8")
    r = run("project", path, "--years", "3", "--revenue-growth", "10", "--rd-ratio", "6", "--score", "70")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert [y["assessment_year"] for y in d["years"]] == [2026, 2027, 2028, 2029]
    assert d["years"][1]["tiers"]["specialized"] == {**d["years"][1]["tiers"]["specialized"], "verdict": "meets",
                                                     "fail": []}
    assert d["first_year"]["specialized"] == 2027
    assert set(d["first_year"]) == {"specialized", "little_giant", "innovative", "tech_sme"}
    assert d["assumptions"][0]["revenue_growth"] == 10 and d["assumptions"][0]["rd_ratio"] == 6
    t = run("project", path, "--years", "2", "--format", "text")
    assert t.returncode == 0 and "2027 年首次达标" in t.stdout


@pytest.mark.parametrize("args, needle", [
    (("plan", "{p}", "--tier", "gate"), "--tier"),
    (("plan", "{p}"), "--tier"),
    (("plan", "{p}", "--tier", "specialized", "--lock", "nonsense"), "无法锁定"),
    (("plan", "{p}", "--tier", "specialized", "--for-year", "2020"), "--for-year"),
    (("plan", "{p}", "--tier", "specialized", "--for-year", "soon"), "整数"),
    (("plan", "{missing}", "--tier", "specialized"), "找不到文件"),
    (("plan", "{bad}", "--tier", "specialized"), "营业收入"),
    (("project", "{p}", "--years", "0"), "超出范围"),
    (("project", "{p}", "--years", "many"), "整数"),
    (("project", "{p}", "--revenue-growth", "abc"), "数字"),
    (("project", "{p}", "--rd-ratio", "150"), "超出范围"),
    (("project", "{p}", "--rd-ratio", "nan"), "超出范围"),
    (("project", "{missing}"), "找不到文件"),
])
def test_bad_input_exits_2_with_one_chinese_line(tmp_path, args, needle):
    p = tmp_path / "p.json"
    p.write_text(json.dumps(GOOD), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**GOOD, "revenue_y1": -5}), encoding="utf-8")
    argv = [a.format(p=p, missing=tmp_path / "nope.json", bad=bad) for a in args]
    r = run(*argv)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and CJK.search(lines[0]) and needle in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_plan_ahead_with_assumptions(tmp_path):
    """--for-year rolls the profile with the projection's assumptions: at 2.6 % R&D, 10 % growth needs
    more R&D each future year than flat does (the ratio's denominator grows)."""
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**GOOD, "rd_expense_y1": 312}), encoding="utf-8")
    flat = json.loads(run("plan", path, "--tier", "specialized", "--for-year", "2027").stdout)
    grow = json.loads(run("plan", path, "--tier", "specialized", "--for-year", "2027", "--revenue-growth", "10").stdout)
    assert [(c["field"], c["delta"]) for c in flat["changes"]] == [("rd_expense_y1", 48)]
    assert [(c["field"], c["from"], c["to"]) for c in grow["changes"]] == [("rd_expense_y1", 343.2, 396)]
    assert any("预测假设" in a for a in grow["assumptions"])
