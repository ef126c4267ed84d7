"""Which criteria read which profile field — derived from the rule data, for help texts
("用于：S26.rd_ratio 研发费用占营业收入比重 …") and for the planner later."""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from .rules import (Compare, Flag, Member, RuleBook, ScoreTest, SmeSize, Switch, rulebook, walk)


def _fields_of_node(node, ruleset) -> set[str]:
    out: set[str] = set()
    if isinstance(node, Compare):
        ind = node.source()
        for y in (node.years or (None,)):
            out.update(ind.inputs(y))
    elif isinstance(node, (Flag, Member)):
        out.add(node.field)
    elif isinstance(node, Switch):
        out.update(node.source().inputs(None))
    elif isinstance(node, SmeSize):
        out.update({"industry", "employees", "revenue_y1", "total_assets"})
    elif isinstance(node, ScoreTest):
        card = ruleset.scorecard(node.score)
        for item in card.items:
            if item.measure is not None:
                out.update(item.measure.source().inputs(item.measure.year))
            for b in item.bands:
                if b.when is not None:
                    for n in walk(b.when):
                        out.update(_fields_of_node(n, ruleset))
    return out


def criterion_fields(book: RuleBook) -> Mapping[str, frozenset[str]]:
    """criterion id -> the profile fields it reads (test, review variant and exemption)."""
    out = {}
    for rs in book.rulesets.values():
        for c in rs.criteria:
            fields: set[str] = set()
            for n in walk(c.test, c.review_test, c.exempt_if):
                fields |= _fields_of_node(n, rs)
            out[c.id] = frozenset(fields)
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def field_usage() -> Mapping[str, tuple[tuple[str, str, str], ...]]:
    """field key -> ((criterion id, label zh, label en), …) over every rule set."""
    book = rulebook()
    labels = {c.id: (c.label.zh, c.label.en) for c in book.all_criteria()}
    usage: dict[str, list[tuple[str, str, str]]] = {}
    for cid, fields in criterion_fields(book).items():
        for f in fields:
            usage.setdefault(f, []).append((cid, *labels[cid]))
    return MappingProxyType({k: tuple(v) for k, v in usage.items()})
