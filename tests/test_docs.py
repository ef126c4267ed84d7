"""The documents in docs/ say what the code and the data say.

docs/rules.md, docs/rules.en.md and docs/profile.md are generated (`make docs`); a stale file fails
here with the command to run. docs/cli.md is written by hand: it must name every command and option
of the parser and every key of the JSON the commands print.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import pytest

from zjtx.docgen import COMMAND, COMMAND_PY, generated, stale
from zjtx.fields import FIELDS
from zjtx.rules import load_rulebook, rulebook
from zjtx.rulesdoc import all_citations

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@pytest.mark.parametrize("rel", sorted(generated()))
def test_the_generated_document_is_up_to_date(rel):
    want = generated()[rel]
    path = ROOT / rel
    assert path.exists(), f"{rel} is missing: run `{COMMAND}` (or `.venv/bin/{COMMAND_PY}`) and commit it"
    assert path.read_text(encoding="utf-8") == want, \
        f"{rel} is stale (criteria/ or zjtx/fields.py changed): run `{COMMAND}` (or `.venv/bin/{COMMAND_PY}`) and commit it"


def test_a_changed_clause_makes_rules_md_stale(tmp_path):
    crit = tmp_path / "criteria"
    shutil.copytree(ROOT / "criteria", crit)
    p = crit / "specialized_2026.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("近两年研发费用均不低于100万元", "近两年研发费用均不低于120万元"),
                 encoding="utf-8")
    book = load_rulebook(crit)
    (tmp_path / "docs").mkdir()
    for rel, text in generated().items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert stale(tmp_path) == []
    assert "docs/rules.md" in stale(tmp_path, book) and "docs/rules.en.md" in stale(tmp_path, book)
    assert "近两年研发费用均不低于120万元" in generated(book)["docs/rules.md"]


def test_rules_md_holds_every_criterion_citation_and_mark():
    book = rulebook()
    zh = (DOCS / "rules.md").read_text(encoding="utf-8")
    en = (DOCS / "rules.en.md").read_text(encoding="utf-8")
    for c in book.all_criteria():
        assert f"| {c.id} |" in zh and f"| {c.id} |" in en, c.id
    cits = all_citations(book)
    for where, cit in cits:
        assert cit.clause in zh and cit.clause in en, where          # clauses stay Chinese in both
        if cit.note is not None and not cit.verified:
            assert cit.note.zh in zh and cit.note.en in en, where
    unverified = sum(not c.verified for _, c in cits)
    assert 0 < unverified < len(cits)
    assert f"共 {unverified} 处，已核对 {len(cits) - unverified} 处" in zh
    assert zh.count("⚠ 未核对") >= unverified and "✓ 已与存储的官方文本逐字核对" in zh
    for i in book.size.industries:
        assert i.clause in zh
    for r in book.selection.rules:
        assert f"{r.from_year or '…'}–{r.to_year or '…'}" in zh
    assert "{year}" not in zh and "{year}" not in en
    from zjtx.indicators import INDICATORS
    for name, ind in INDICATORS.items():
        if ind.formula_zh:
            assert f"| `{name}` | {ind.zh} |" in zh and ind.formula_zh in zh and ind.formula_en in en, name


def test_rules_md_states_the_readings_of_issue_8():
    zh = (DOCS / "rules.md").read_text(encoding="utf-8")
    # 2025 reviews: growth waived (190号, verbatim) and the 5000万 rule for 2025 only
    assert "2025 年的复核不考核" in zh and "“近2年主营业务收入平均增长率不低于5%”的指标不作要求" in zh
    assert "本年度暂不接收营业收入低于5000万元企业的申请和复核" in zh and "（仅2025 年的申报和复核）" in zh
    # 2027+ reviews: the 2026 standard, as our interpretation
    line = next(x for x in zh.splitlines() if "| 复核 | 2027–… | 2026 |" in x)
    assert "2027 年起" in line and "本工具的解读" in line
    # 115号's own conditions
    assert "| T17.registered |" in zh and "第六条（一）" in zh and "第六条（四）" in zh


def test_profile_md_lists_every_field():
    text = (DOCS / "profile.md").read_text(encoding="utf-8")
    for f in FIELDS:
        assert f"| `{f.key}` | {f.zh} |" in text, f.key
        for o in f.options:
            assert f"（{o.value}）" in text, (f.key, o.value)


# --------------------------------------------------------------------------- docs/cli.md

def _cli() -> str:
    return (DOCS / "cli.md").read_text(encoding="utf-8")


def _subparsers():
    from zjtx.__main__ import _parser
    p = _parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices


def test_cli_md_names_every_command_and_option():
    text = _cli()
    subs = _subparsers()
    assert set(subs) == {"check", "screen", "plan", "project", "report"}
    for name, sp in subs.items():
        assert f"python -m zjtx {name}" in text, name
        for act in sp._actions:
            for opt in act.option_strings:
                if opt not in ("-h", "--help"):
                    assert f"`{opt}`" in text or f"{opt} " in text or f"{opt}]" in text, f"{name} {opt}"
            for choice in act.choices or ():
                assert str(choice) in text, f"{name} {act.dest}={choice}"


def _keys(obj, out: set[str]) -> set[str]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.add(k)
            _keys(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _keys(v, out)
    return out


def test_cli_md_explains_every_key_of_the_check_json():
    from zjtx.engine import evaluate
    from zjtx.examples import example_profile, examples
    from zjtx.profile import CompanyProfile
    from zjtx.serialize import assessment_dict
    keys: set[str] = set()
    for name in examples():
        for year, app in ((2025, "review"), (2026, "review"), (2026, "new"), (2027, "review")):
            q = CompanyProfile.model_validate({**example_profile(name), "assessment_year": year, "application_type": app})
            _keys(assessment_dict(evaluate(q, rulebook(), "auto")), keys)
    # a bounded score (an indicator left blank) adds score_min / score_max / actual_bound
    raw = {k: v for k, v in example_profile("c_near_miss").items() if k != "local_feature_score"}
    q = CompanyProfile.model_validate({**raw, "assessment_year": 2025})
    _keys(assessment_dict(evaluate(q, rulebook(), "2022")), keys)
    assert {"basis", "caveat", "score_min", "score_max", "actual_bound", "standard_interpretation"} <= keys
    text = _cli()
    missing = sorted(k for k in keys if not re.search(rf'`{re.escape(k)}`|"{re.escape(k)}"', text))
    assert not missing, f"docs/cli.md does not explain these JSON keys: {missing}"


def test_cli_md_shows_every_key_of_plan_and_project():
    from zjtx.examples import example_profile
    from zjtx.plan import plan
    from zjtx.profile import CompanyProfile
    from zjtx.project import project
    p = CompanyProfile.model_validate(example_profile("c_near_miss"))
    keys = _keys(plan(p, rulebook(), "little_giant").to_dict(), set())
    keys |= _keys(project(p, rulebook(), 2).to_dict(), set())
    keys -= {f.key for f in FIELDS}        # profile fields appear as values of `figures` / `field`
    text = _cli()
    missing = sorted(k for k in keys if f'"{k}"' not in text and f"`{k}`" not in text)
    assert not missing, f"docs/cli.md does not show these plan/project keys: {missing}"
