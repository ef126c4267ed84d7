"""Every rule case in tests/cases/*.yaml, one test each, named by its sentence."""

import pytest

from case_runner import load_case_file, load_cases, run_case
from zjtx.rules import RuleFileError

CASES = load_cases()


@pytest.mark.parametrize("case", [c for _, _, c in CASES], ids=[f"{f}:{n}" for f, n, _ in CASES])
def test_rule_case(case):
    problems = run_case(case)
    assert not problems, "\n".join(problems)



def test_there_are_cases_for_every_ruleset():
    files = {f for f, _, _ in CASES}
    for stem in ("gate", "specialized_2026", "little_giant_2026", "specialized_2022", "little_giant_2022",
                 "innovative_2022", "tech_sme_2017", "sme_size_300", "selection"):
        assert stem in files, f"no rule cases for {stem}"


CASE = """\
base: {revenue_y1: 2000, revenue_y2: 1000}
cases:
  - name: 研发费用占比 3% 达标
    profile: {rd_expense_y1: 60, rd_expense_y2: 30}
    expect:
      S26.rd_ratio: pass
{extra}"""


@pytest.mark.parametrize("extra,found", [
    ("      S26.rd_ratio: fail\n", "line 7: duplicate key `S26.rd_ratio`"),      # one check silently dropped
    ("    profile: {rd_expense_y1: 30}\n", "line 7: duplicate key `profile`"),
    ("    expct: {S26.rd_ratio: fail}\n", "unknown key(s) ['expct']"),
    ("  - name: 研发费用占比 3% 达标\n    expect: {S26.rd_ratio: pass}\n", "used twice"),
    ("  - name: no expectation\n    profile: {}\n", "non-empty `expect`"),
])
def test_a_case_file_is_read_strictly(tmp_path, extra, found):
    path = tmp_path / "strict.yaml"
    path.write_text(CASE.replace("{extra}", extra), encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_case_file(path)
    assert "strict.yaml" in str(err.value) and found in str(err.value), str(err.value)


def test_the_same_case_file_without_the_fault_loads(tmp_path):
    path = tmp_path / "strict.yaml"
    path.write_text(CASE.replace("{extra}", ""), encoding="utf-8")
    (case,) = load_case_file(path)
    assert case[2]["profile"] == {"revenue_y1": 2000, "revenue_y2": 1000, "rd_expense_y1": 60, "rd_expense_y2": 30}
    assert not run_case(case[2])

