"""Assessment → the JSON contract of docs/cli.md (plus added fields)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from . import fmt
from .i18n import Text
from .engine import Assessment, CriterionResult, ScoreResult, TierResult
from .rules import Citation

# the words of the CLI's text table (zjtx.text)
STATUS_TEXT = MappingProxyType({"pass": Text("达标", "pass"), "fail": Text("未达标", "fail"),
                                "exempt": Text("豁免", "exempt"), "missing": Text("信息不足", "missing"),
                                "not_applicable": Text("不适用", "n/a")})
VERDICT_TEXT = MappingProxyType({"meets": Text("达标", "meets"), "fails": Text("未达标", "fails"),
                                 "incomplete": Text("信息不足", "incomplete")})


def _gap(c: CriterionResult) -> Any:
    g = fmt.round_gap(c.gap, c.gap_unit)
    return fmt.json_number(g, 2) if g is not None else None


def _score(s: ScoreResult | None) -> dict[str, Any] | None:
    if s is None:
        return None
    n = fmt.json_number
    return {
        "id": s.id, "label": s.label_zh, "label_en": s.label_en, "max": n(s.max),
        "total": n(s.total), "total_min": n(s.lo), "total_max": n(s.hi),
        "groups": [{"id": g.id, "label": g.label_zh, "label_en": g.label_en, "max": n(g.max),
                    "points": n(g.lo) if g.lo == g.hi else None, "min": n(g.lo), "max_possible": n(g.hi)}
                   for g in s.groups],
        "items": [{"id": i.id, "group": i.group, "label": i.label_zh, "label_en": i.label_en, "max": n(i.max),
                   "points": n(i.points), "min": n(i.lo), "max_possible": n(i.hi), "actual": n(i.actual),
                   "unit": i.unit, "missing": list(i.missing)} for i in s.items],
    }


def citation_dict(cit: Citation) -> dict[str, Any]:
    """A citation: where (doc, annex, item), the clause quoted, whether it was checked word for word
    against a stored official copy (`verified`) and, if given, why not or what that copy is (`note`)."""
    return {"doc": cit.doc, "annex": cit.annex, "item": cit.item, "clause": cit.clause, "verified": cit.verified,
            "note": cit.note.zh if cit.note else None, "note_en": cit.note.en if cit.note else None}


def criterion_dict(c: CriterionResult) -> dict[str, Any]:
    cit = c.citation
    d: dict[str, Any] = {
        "id": c.id, "status": c.status,
        "actual": fmt.json_number(c.actual, versus=c.threshold if c.status == "fail" else None),
        "threshold": fmt.json_number(c.threshold),
        "gap": _gap(c), "unit": c.unit, "self_declared": c.self_declared,
        "label": c.label_zh, "label_en": c.label_en, "reason": c.reason_zh, "reason_en": c.reason_en,
        "gap_unit": c.gap_unit if c.threshold is not None else None,
        "fiscal_year": c.year, "period": c.period_zh, "op": c.op, "quantitative": c.quantitative,
        "citation": citation_dict(cit),
        "interpretation": c.interpretation.zh if c.interpretation else None,
        "money_gap": [{"field": r.field, "amount": fmt.json_number(fmt.round_gap(r.amount, r.unit), 2),
                       "unit": r.unit, "direction": r.direction, "assumption": r.how_zh} for r in c.remedies],
    }
    if c.score_min is not None:      # the interval a score criterion's headline score can take
        d["score_min"], d["score_max"] = fmt.json_number(c.score_min), fmt.json_number(c.score_max)
        d["actual_bound"] = c.actual_bound        # "max"/"min": `actual` is only the best/worst case
    if c.see_also:
        d["see_also"] = [citation_dict(x) for x in c.see_also]
    if c.basis is not None:
        d["basis"] = citation_dict(c.basis)
    if c.caveat is not None:
        d["caveat"] = c.caveat.zh
    if c.score is not None:
        d["score"] = _score(c.score)
    return d


def tier_dict(t: TierResult) -> dict[str, Any]:
    d: dict[str, Any] = {"standard": t.standard, "verdict": t.verdict, "own_verdict": t.own_verdict,
                         "ruleset": t.ruleset, "title": t.title_zh}
    if t.standard_reason is not None:
        d["standard_reason"] = t.standard_reason.zh
        d["standard_source"] = t.standard_source
    if t.standard_interpretation is not None:
        d["standard_interpretation"] = t.standard_interpretation.zh
    if t.tier == "gate":
        d["size_class"] = t.size_class
    d["criteria"] = [criterion_dict(c) for c in t.criteria]
    return d


def assessment_dict(a: Assessment) -> dict[str, Any]:
    return {
        "company_name": a.company_name,
        "assessment_year": a.assessment_year,
        "application_type": a.application_type,
        "standard_choice": a.standard_choice,
        "fiscal_years": dict(a.fiscal_years),
        "gate": tier_dict(a.gate),
        "tiers": {k: tier_dict(t) for k, t in a.tiers.items()},
    }
