"""Summaries of a screened list (pure): verdict counts per tier, the criteria most often failed."""

from __future__ import annotations

import pandas as pd

from .rules import RuleBook

VERDICTS = ("meets", "fails", "incomplete")


def tier_counts(frame: pd.DataFrame, tiers: tuple[str, ...]) -> pd.DataFrame:
    """rows = tiers; columns = meets / fails / incomplete / error (companies)."""
    error = int((frame["error"].astype(str) != "").sum())
    rows = {}
    for t in tiers:
        v = frame[f"{t}.verdict"].astype(str)
        rows[t] = {k: int((v == k).sum()) for k in VERDICTS} | {"error": error}
    return pd.DataFrame.from_dict(rows, orient="index")


def fail_counts(frame: pd.DataFrame, book: RuleBook, lang: str = "zh", top: int = 12) -> list[tuple[str, str, int]]:
    """(criterion id, label, companies failing it), most failed first (ties by id)."""
    out = []
    for c in book.all_criteria():
        col = f"{c.id}.status"
        if col in frame:
            n = int((frame[col].astype(str) == "fail").sum())
            if n:
                out.append((c.id, c.label.get(lang), n))
    out.sort(key=lambda x: (-x[2], x[0]))
    return out[:top]
