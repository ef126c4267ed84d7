"""The two newest standards side by side (2022 vs 2026 today), criterion by criterion: pairs criteria
by `topic` (from the rule data) and says what changed in the law by comparing the rules' own
requirement texts — nothing hand-written. Which two standards are compared, and so every label that
names them, comes from the RuleBook (`compared_standards`): a 2027 standard is a data change."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from .describe import criterion_text
from .engine import Assessment, CriterionResult
from .i18n import t
from .rules import Criterion, RuleBook

CHANGE_ICON = MappingProxyType({"same": "＝", "changed": "≠", "new": "＋", "dropped": "－"})


@dataclass(frozen=True)
class Row:
    topic: str
    rule_old: Criterion | None
    rule_new: Criterion | None
    result_old: CriterionResult | None
    result_new: CriterionResult | None
    change: str          # "same" | "changed" | "new" | "dropped"
    text_old: str
    text_new: str


def names(book: RuleBook) -> dict[str, str]:
    """The standards compared, as the labels' {old} and {new} (i18n: nav_compare, compare_intro …)."""
    old, new = book.compared_standards
    return {"old": old, "new": new}


def column(book: RuleBook, which: str, lang: str = "zh") -> str:
    """The heading of the older ("old") or newer ("new") standard's column: "2022 年标准"."""
    return t("standard_year", lang, year=names(book)[which])


def change_cell(r: Row, book: RuleBook, lang: str = "zh") -> str:
    """What changed in the law for one row, naming the standards compared."""
    kw = names(book)
    if r.change == "same":
        return t("compare_same", lang, word=t("same_rule", lang), text=r.text_new)
    if r.change == "new":
        return t("only_new", lang, **kw)
    if r.change == "dropped":
        return t("only_old", lang, **kw)
    return t("compare_changed", lang, a=r.text_old, b=r.text_new, **kw)


def rows(book: RuleBook, tier: str, a_old: Assessment, a_new: Assessment, lang: str = "zh") -> list[Row]:
    """`a_old` / `a_new`: the company under the older / newer of book.compared_standards."""
    older, newer = book.compared_standards
    rs_old, rs_new = book.get(tier, older), book.get(tier, newer)
    by_old = {c.topic: c for c in rs_old.criteria}
    by_new = {c.topic: c for c in rs_new.criteria}
    res_old = {c.id: c for c in a_old.tiers[tier].criteria}
    res_new = {c.id: c for c in a_new.tiers[tier].criteria}
    topics = list(dict.fromkeys([*by_new, *by_old]))
    out = []
    for topic in topics:
        c_old, c_new = by_old.get(topic), by_new.get(topic)
        t_old = criterion_text(c_old, rs_old, lang) if c_old else ""
        t_new = criterion_text(c_new, rs_new, lang) if c_new else ""
        change = "new" if c_old is None else "dropped" if c_new is None else ("same" if t_old == t_new else "changed")
        out.append(Row(topic, c_old, c_new, res_old.get(c_old.id) if c_old else None,
                       res_new.get(c_new.id) if c_new else None, change, t_old, t_new))
    return out
