"""Rule cases as data: tests/cases/*.yaml.

Each file has an optional `base` profile and a list of `cases`. A case merges its `profile`
over the base (a value of null removes the field, making it missing), evaluates it with the
engine through the public JSON contract (serialize.assessment_dict), and checks `expect`:

  S26.rd_ratio: pass                 criterion status
  S26.rd_ratio.gap: 0.4              any key of the criterion's JSON (actual, threshold, gap, unit, …)
  S26.rd_ratio.reason~: 48 万元       the reason contains this text (also reason_en~)
  S26.rd_ratio.money_gap: 48         amount of the first money equivalent
  S22.score_or_direct.score.total: 72
  S26.ip.see_also.0.verified: false  a list item by position
  specialized.verdict: meets         tier verdict (also .standard, .own_verdict); gate.verdict, gate.size_class
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zjtx.engine import evaluate
from zjtx.profile import parse_profile
from zjtx.rules import RuleFileError, load_yaml, rulebook
from zjtx.serialize import assessment_dict

CASES_DIR = Path(__file__).resolve().parent / "cases"
TIER_KEYS = ("gate", "specialized", "little_giant", "innovative", "tech_sme")
FILE_KEYS = frozenset({"base", "cases"})
CASE_KEYS = frozenset({"name", "profile", "expect", "standard"})


def load_case_file(path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """One case file, read as strictly as the rule data (zjtx.rules.load_yaml: safe YAML, a repeated key
    fails with file and line — two `reason~` in one `expect` would silently drop a check); an unknown key
    (a misspelt `expect`), a case without a name or an expectation, or a repeated name fails too."""
    doc = load_yaml(path)

    def bad(node: Any, msg: str) -> RuleFileError:
        return RuleFileError(f"{path.name}: line {getattr(node, 'line', '?')}: {msg}")

    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise bad(doc, "a case file is a mapping with a list `cases` (and an optional `base` profile)")
    if set(doc) - FILE_KEYS:
        raise bad(doc, f"unknown key(s) {sorted(map(str, set(doc) - FILE_KEYS))}; allowed: {sorted(FILE_KEYS)}")
    base = doc.get("base") or {}
    out, names = [], set()
    for case in doc["cases"]:
        if not isinstance(case, dict):
            raise bad(doc, "every case is a mapping")
        if set(case) - CASE_KEYS:
            raise bad(case, f"unknown key(s) {sorted(map(str, set(case) - CASE_KEYS))}; allowed: {sorted(CASE_KEYS)}")
        if not case.get("name") or not isinstance(case.get("expect"), dict) or not case["expect"]:
            raise bad(case, "a case needs a `name` and a non-empty `expect` mapping")
        if case["name"] in names:
            raise bad(case, f"case name {case['name']!r} is used twice")
        names.add(case["name"])
        profile = dict(base)
        for k, v in (case.get("profile") or {}).items():
            if v is None:
                profile.pop(k, None)
            else:
                profile[k] = v
        out.append((path.stem, case["name"], {**case, "profile": profile}))
    return out


def load_cases(directory: Path = CASES_DIR) -> list[tuple[str, str, dict[str, Any]]]:
    return [c for path in sorted(Path(directory).glob("*.yaml")) for c in load_case_file(path)]


def _criteria(d: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {c["id"]: c for c in d["gate"]["criteria"]}
    for t in d["tiers"].values():
        for c in t["criteria"]:
            found[c["id"]] = c
    return found


def _tier(d: dict[str, Any], name: str) -> dict[str, Any]:
    return d["gate"] if name == "gate" else d["tiers"][name]


def lookup(d: dict[str, Any], key: str) -> Any:
    crits = _criteria(d)
    head, _, rest = key.partition(".")
    if head in TIER_KEYS and ".".join(key.split(".")[:2]) not in crits:
        return _tier(d, head)[rest]
    # criterion ids contain one dot: S26.rd_ratio[.field[.sub]]
    parts = key.split(".")
    cid = ".".join(parts[:2])
    if cid not in crits:
        raise KeyError(f"criterion {cid} not evaluated (wrong standard?)")
    node: Any = crits[cid]
    if len(parts) == 2:
        return node["status"]
    for p in parts[2:]:
        if p == "money_gap":
            node = node["money_gap"][0]["amount"] if node["money_gap"] else None
        elif isinstance(node, list):       # S26.ip.see_also.0.clause: a list item by position
            node = node[int(p)]
        else:
            node = node[p]
    return node


def run_case(case: dict[str, Any]) -> list[str]:
    """Evaluate a case; return a list of mismatch messages (empty when it holds)."""
    profile = parse_profile(case["profile"])
    d = assessment_dict(evaluate(profile, rulebook(), case.get("standard", "auto")))
    problems = []
    for key, want in case["expect"].items():
        if key.endswith("~"):
            got = lookup(d, key[:-1])
            if str(want) not in str(got):
                problems.append(f"{key}: {want!r} not in {got!r}")
            continue
        got = lookup(d, key)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, (int, float)):
            if abs(got - want) > 1e-9:
                problems.append(f"{key}: expected {want!r}, got {got!r}")
        elif got != want:
            problems.append(f"{key}: expected {want!r}, got {got!r}")
    return problems
