"""Every rule case in tests/cases/*.yaml, one test each, named by its sentence."""

import pytest

from case_runner import load_cases, run_case

CASES = load_cases()


@pytest.mark.parametrize("case", [c for _, _, c in CASES], ids=[f"{f}:{n}" for f, n, _ in CASES])
def test_rule_case(case):
    problems = run_case(case)
    assert not problems, "\n".join(problems)

