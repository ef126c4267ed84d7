"""2022 vs 2026, criterion by criterion: pairs criteria by `topic` (from the rule data) and says
what changed in the law by comparing the rules' own requirement texts — nothing hand-written."""

from __future__ import annotations

from dataclasses import dataclass

from .describe import criterion_text
from .engine import Assessment, CriterionResult
from .rules import Criterion, RuleBook


@dataclass(frozen=True)
class Row:
    topic: str
    rule22: Criterion | None
    rule26: Criterion | None
    result22: CriterionResult | None
    result26: CriterionResult | None
    change: str          # "same" | "changed" | "new" | "dropped"
    text22: str
    text26: str


def rows(book: RuleBook, tier: str, a22: Assessment, a26: Assessment, lang: str = "zh") -> list[Row]:
    older, newer = book.compared_standards
    rs22, rs26 = book.get(tier, older), book.get(tier, newer)
    by22 = {c.topic: c for c in rs22.criteria}
    by26 = {c.topic: c for c in rs26.criteria}
    res22 = {c.id: c for c in a22.tiers[tier].criteria}
    res26 = {c.id: c for c in a26.tiers[tier].criteria}
    topics = list(dict.fromkeys([*by26, *by22]))
    out = []
    for topic in topics:
        c22, c26 = by22.get(topic), by26.get(topic)
        t22 = criterion_text(c22, rs22, lang) if c22 else ""
        t26 = criterion_text(c26, rs26, lang) if c26 else ""
        change = "new" if c22 is None else "dropped" if c26 is None else ("same" if t22 == t26 else "changed")
        out.append(Row(topic, c22, c26, res22.get(c22.id) if c22 else None, res26.get(c26.id) if c26 else None,
                       change, t22, t26))
    return out
