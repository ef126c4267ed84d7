"""Every rule case in tests/cases/*.yaml, one test each, named by its sentence."""

import pytest

from case_runner import load_cases, run_case

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
