"""Engine results → display cells (strings), shared by the CLI text table, the UI and reports."""

from __future__ import annotations

from typing import Any

from . import fmt
from .engine import CriterionResult, TierResult
from .i18n import t

# plain symbols that every CJK font has (no colour-emoji font needed, on screen or in PDFs)
STATUS_ICON = {"pass": "✔", "fail": "✘", "exempt": "◎", "missing": "？", "not_applicable": "—"}
VERDICT_ICON = {"meets": "✔", "fails": "✘", "incomplete": "？"}
OP_SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def status_text(status: str, lang: str = "zh") -> str:
    return t(f"status_{status}", lang)


def verdict_text(verdict: str, lang: str = "zh") -> str:
    return t(f"verdict_{verdict}", lang)


def count_phrases(tier: TierResult, lang: str = "zh", *, exempt: bool = False, all_met: bool = False) -> list[str]:
    """The verdict counts of a tier, one phrase each: "3 项未达标", "2 项信息不足"; with `exempt`, also
    "1 项豁免"; with `all_met`, "12 项全部达标" when there is nothing else to say. The one wording of the
    sidebar summary, the tier cards and headers (zjtx.ui.views) and the report (zjtx.report.model)."""
    c = tier.counts()
    out = [t(key, lang, n=c[k]) for k, key in (("fail", "failing_n"), ("missing", "missing_n"),
                                               ("exempt", "exempt_n")) if c[k] and (exempt or k != "exempt")]
    if all_met and not out:
        out.append(t("all_met_n", lang, n=c["pass"]))
    return out


def label(c: CriterionResult, lang: str = "zh") -> str:
    return c.label.get(lang)


def reason(c: CriterionResult, lang: str = "zh") -> str:
    return c.reason.get(lang)


def actual_cell(c: CriterionResult, lang: str = "zh") -> str:
    if c.actual is None:
        return "—"
    s = fmt.with_unit(c.actual, c.unit, lang, versus=c.threshold if c.status == "fail" else None)
    if c.actual_bound is not None:         # a score known only as an interval: the bound, not the score
        s = t("chart_at_most" if c.actual_bound == "max" else "chart_at_least", lang, a=s)
    return t("with_fy", lang, base=s, year=c.year) if c.year else s


def threshold_cell(c: CriterionResult, lang: str = "zh") -> str:
    if c.threshold is None:
        return "—"
    return f"{OP_SYMBOL[c.op or '>=']} {fmt.with_unit(c.threshold, c.unit, lang)}"


def gap_cell(c: CriterionResult, lang: str = "zh") -> str:
    if c.status != "fail" or c.gap is None:
        return "—"
    g = fmt.gap_text(fmt.round_gap(c.gap, c.gap_unit), c.unit, lang)
    routes = next((r.routes for r in c.remedies if r.routes), ())
    if routes:                  # debt ratio: every possible move, each named with its amount
        sep = " / "
        parts = [t("about_amount", lang, label=x.label.get(lang),
                   amt=fmt.with_unit(fmt.round_gap(x.amount, "万元"), "万元", lang)) for x in routes]
        return g + t("paren_after", lang, x=sep.join(parts))
    for r in c.remedies:
        if r.unit == c.unit and fmt.round_gap(r.amount, r.unit) == fmt.round_gap(c.gap, c.gap_unit):
            continue  # the gap is already the money
        amt = fmt.with_unit(fmt.round_gap(r.amount, r.unit), r.unit, lang)
        g += t("paren_about", lang, amt=amt)
        break
    if c.actual_bound is not None:          # the gap from a best case: the real gap is at least this
        g = t("gap_at_least", lang, g=g)
    return g


def criteria_rows(tier: TierResult, lang: str = "zh") -> list[dict[str, Any]]:
    """One dict per criterion with display strings, keyed by the localised column names."""
    cols = [t(k, lang) for k in ("col_status", "col_criterion", "col_actual", "col_required", "col_gap",
                                 "col_self", "col_reason")]
    rows = []
    for c in tier.criteria:
        rows.append(dict(zip(cols, (
            f"{STATUS_ICON[c.status]} {status_text(c.status, lang)}",
            label(c, lang),
            actual_cell(c, lang),
            threshold_cell(c, lang),
            gap_cell(c, lang),
            t("self_short", lang) if c.self_declared else "",
            reason(c, lang),
        ))))
    return rows


def gap_fields(a: Any, tiers: tuple[str, ...]) -> tuple[str, ...]:
    """The figures that move a current numeric gap (presenter mode's reduced input): every profile
    field read by a failing numeric comparison of a failing criterion — of the eligibility gate and
    of `tiers` — in the order the criteria come, each once. A ratio brings both of its inputs (R&D
    spending and revenue both move an R&D share). Read from the Assessment, never a list of ids."""
    from .fields import FIELD
    out: list[str] = []
    for tr in (a.gate, *(a.tiers[k] for k in tiers)):
        for c in tr.criteria:
            if c.status != "fail":
                continue
            for p in c.parts:
                if p.kind != "number" or p.status != "fail" or p.gap is None:
                    continue
                for f in p.fields:
                    spec = FIELD.get(f)
                    if spec is not None and spec.kind not in ("text", "enum", "bool") and f not in out:
                        out.append(f)
    return tuple(out)
