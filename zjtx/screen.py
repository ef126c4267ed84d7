"""Screening a list of companies, row by row through the one-profile engine.

Output columns follow spec/profile.md: row, company_name, error, then per tier
`<tier>.verdict` / `<tier>.standard`, then per criterion `<id>.status` / `<id>.gap`
(every criterion of every rule set, so the columns do not depend on the rows), then extras.
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

from . import fmt
from .dataio import read_table, row_error, table_records, write_table
from .engine import TIERS, Assessment, evaluate
from .profile import ProfileError, parse_profile
from .rules import RuleBook, rulebook

TIER_COLUMNS = ("gate", *TIERS)


def output_header(book: RuleBook) -> list[str]:
    head = ["row", "company_name", "error"]
    for t in TIER_COLUMNS:
        head += [f"{t}.verdict", f"{t}.standard"]
    for c in book.all_criteria():
        head += [f"{c.id}.status", f"{c.id}.gap"]
    head += ["gate.size_class"]
    return head


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


def screen_rows(records: Iterator[tuple[int, dict[str, str]]], standard: str, book: RuleBook):
    for n, rec in records:
        try:
            p = parse_profile(rec)
        except ProfileError as exc:
            yield result_row(n, rec.get("company_name", ""), None, row_error(n, exc), book)
            continue
        yield result_row(n, p.company_name, evaluate(p, book, standard), "", book)


def screen_file(src: str, dst: str, standard: str = "auto", progress: bool = False) -> str:
    book = rulebook()
    table = read_table(src)
    total = len(table.rows)
    rows = []
    errors = 0
    for i, row in enumerate(screen_rows(table_records(table), standard, book), start=1):
        rows.append(row)
        errors += bool(row[2])
        if progress and (i % 500 == 0 or i == total):
            sys.stderr.write(f"\r已筛查 {i}/{total} 行")
    if progress and total:
        sys.stderr.write("\n")
    write_table(dst, output_header(book), rows)
    msg = f"已筛查 {total} 行，其中 {errors} 行有错误；结果已写入 {dst}"
    if table.ignored:
        msg += f"；已忽略未知列：{'、'.join(table.ignored)}"
    return msg
