"""Test oracles: the one-profile path written out row by row, as `python -m zjtx screen` writes its
columns (docs/cli.md). The vectorised path (zjtx.dataio.cells + zjtx.batch) must give exactly these
rows; nothing in zjtx/ uses them.

    result_row(n, name, engine.evaluate(profile, book), "", book)   # one row, as screen writes it
    screen_values(batch.evaluate_frame(frame))                      # the batch rows in the same form
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from zjtx import fmt
from zjtx.batch import output_columns
from zjtx.engine import Assessment
from zjtx.rules import RuleBook


def output_header(book: RuleBook) -> list[str]:
    return output_columns(book)


def result_row(n: int, name: Any, a: Assessment | None, error: str, book: RuleBook) -> list[Any]:
    row: list[Any] = [n, name or "", error]
    if a is None:
        return row + [""] * (len(output_header(book)) - 3)
    for t in (a.gate, *a.tiers.values()):
        row += [t.verdict, t.standard]
    by_id = {c.id: c for c in a.all_criteria()}
    for c in book.all_criteria():
        r = by_id.get(c.id)
        if r is None:
            row += ["", ""]
        else:
            g = fmt.round_gap(r.gap, r.gap_unit)
            row += [r.status, "" if g is None else fmt.json_number(g, 2)]
    row.append(a.gate.size_class or "")
    return row


def screen_values(result: pd.DataFrame) -> list[list[Any]]:
    """The rows of an evaluate_frame result as zjtx.screen.result_row writes them: text cells, gaps as
    int when whole, float otherwise, "" for none. (Per-cell Python objects: for tests and small outputs;
    a fast writer should write the frame's columns directly.)"""
    rows = []
    cols = list(result.columns)
    gap_cols = {j for j, c in enumerate(cols) if c.endswith(".gap")}
    for tup in result.itertuples(index=False, name=None):
        row = []
        for j, v in enumerate(tup):
            if j in gap_cols:
                row.append("" if v != v else (int(v) if float(v).is_integer() else float(v)))
            elif j == 0:
                row.append(int(v))
            else:
                row.append("" if v is None or (isinstance(v, float) and v != v) else str(v))
        rows.append(row)
    return rows
