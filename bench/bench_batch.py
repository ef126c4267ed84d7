"""Benchmark: zjtx.batch.evaluate_frame on synthetic companies (default 1,000,000 rows).

Run: .venv/bin/python bench/bench_batch.py [ROWS] [--text] [--round]
  ROWS     number of rows (default 1000000)
  --text   also time the raw-text path (cells as strings, as read from a CSV: "1,500.25", "是", labels)
  --round  round-number data (multiples of 100 万元): many exact boundary hits, the worst case for
           the exact re-checks

Prints a Markdown table (medians of 3 runs) and the process's peak RSS.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zjtx.batch import evaluate_frame  # noqa: E402
from zjtx.dataio.cells import parse_frame  # noqa: E402
from zjtx.fields import FIELDS  # noqa: E402
from zjtx.rules import rulebook  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n: int, seed: int = 0, round_numbers: bool = False) -> pd.DataFrame:
    """Plausible companies: money with 2 decimals (万元), whole persons and counts, ~8 % of cells empty."""
    rng = np.random.default_rng(seed)

    def money(lo, hi):
        v = rng.uniform(lo, hi, n)
        return np.round(v, -2) if round_numbers else np.round(v, 2)

    def gaps(x, p=0.08):
        x = x.astype(float)
        x[rng.random(n) < p] = np.nan
        return x

    rev1 = money(200, 60000)
    rev2 = np.round(rev1 * rng.uniform(0.7, 1.2, n), 2 if not round_numbers else -2)
    rev3 = np.round(rev2 * rng.uniform(0.7, 1.2, n), 2 if not round_numbers else -2)
    share = rng.uniform(0.5, 1.0, n)
    emp = rng.integers(5, 1500, n).astype(float)
    assets = money(500, 80000)
    d: dict[str, object] = {
        "company_name": np.array([f"企业{i:07d}" for i in range(n)], dtype=object),
        "assessment_year": rng.choice([2025.0, 2026.0, 2027.0], n, p=[0.1, 0.8, 0.1]),
        "application_type": rng.choice(np.array(["new", "review"], dtype=object), n, p=[0.8, 0.2]),
        "industry": rng.choice(np.array(["industry", "software", "wholesale", "construction", "other"], dtype=object), n),
        "employees": emp,
        "revenue_y1": rev1, "revenue_y2": gaps(rev2), "revenue_y3": gaps(rev3),
        "main_revenue_y1": np.round(rev1 * share, 2), "main_revenue_y2": gaps(np.round(rev2 * share, 2)),
        "main_revenue_y3": gaps(np.round(rev3 * share, 2)),
        "net_profit_y1": gaps(np.round(rev1 * rng.uniform(-0.05, 0.15, n), 2)),
        "cost_expense_y1": gaps(np.round(rev1 * rng.uniform(0.6, 1.0, n), 2)),
        "total_assets": assets, "total_liabilities": gaps(np.round(assets * rng.uniform(0.2, 0.95, n), 2)),
        "rd_expense_y1": np.round(rev1 * rng.uniform(0.0, 0.08, n), 2),
        "rd_expense_y2": gaps(np.round(rev2 * rng.uniform(0.0, 0.08, n), 2)),
        "rd_staff": gaps(np.floor(emp * rng.uniform(0, 0.4, n))),
        "tech_staff": gaps(np.floor(emp * rng.uniform(0, 0.5, n))),
        "equity_y1": gaps(np.where(rng.random(n) < 0.8, 0, money(0, 5000)), 0.3),
        "equity_y2": gaps(np.where(rng.random(n) < 0.8, 0, money(0, 5000)), 0.3),
        "equity_y3": gaps(np.where(rng.random(n) < 0.8, 0, money(0, 5000)), 0.3),
        "segment_years": gaps(np.round(rng.uniform(0, 20, n), 1)),
        "class1_ip": gaps(rng.integers(0, 10, n)), "class1_ip_high_value": gaps(rng.integers(0, 1, n, endpoint=True)),
        "class2_ip": gaps(rng.integers(0, 30, n)),
        "sci_award_level": rng.choice(np.array(["none", "municipal", "provincial", "national", None], dtype=object), n),
        "sci_award_rank": gaps(rng.integers(1, 8, n)),
        "rd_institution_level": rng.choice(np.array(["none", "below_municipal", "municipal", "provincial",
                                                     "national"], dtype=object), n),
        "makers_china": rng.choice(np.array(["none", "top500", "top50"], dtype=object), n, p=[0.9, 0.08, 0.02]),
        "market_share_domestic": gaps(np.round(rng.uniform(0, 30, n), 2)),
        "market_share_international": gaps(np.round(rng.uniform(0, 10, n), 2)),
        "domestic_rank": gaps(rng.integers(1, 20, n)),
        "product_field": rng.choice(np.array(["six_basics", "traditional_upgrade", "emerging", "future", "other"],
                                             dtype=object), n),
        "dev_score_current": gaps(np.round(rng.uniform(30, 90, n), 1)),
        "dev_score_previous": gaps(np.round(rng.uniform(30, 90, n), 1)),
        "digital_level": gaps(rng.integers(0, 4, n, endpoint=True)),
        "quality_items": gaps(rng.integers(0, 4, n, endpoint=True)),
        "local_feature_score": gaps(np.round(rng.uniform(0, 15, n), 1)),
    }
    d["class1_ip_high_value"] = np.fmin(d["class1_ip_high_value"], d["class1_ip"])
    for f in FIELDS:
        if f.kind == "bool":
            v = rng.random(n)
            d[f.key] = pd.arrays.BooleanArray(v < 0.75, v > 0.95)
    return pd.DataFrame(d)


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """The same frame as CSV cells (str): numbers as text, yes/no as 是/否, blanks as ""."""
    out = {}
    for c in df.columns:
        s = df[c]
        if isinstance(s.dtype, pd.BooleanDtype):
            out[c] = s.map({True: "是", False: "否"}).fillna("").astype("str")
        elif s.dtype == float:
            out[c] = s.map(lambda v: "" if v != v else (str(int(v)) if v.is_integer() else repr(v))).astype("str")
        else:
            out[c] = s.fillna("").astype("str")
    return pd.DataFrame(out)


def timed(fn, repeat=3):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), max(times), result


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1_000_000
    round_numbers = "--round" in sys.argv
    book = rulebook()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    t0 = time.perf_counter()
    df = synthetic(n, round_numbers=round_numbers)
    print(f"generated {n:,} rows × {df.shape[1]} columns in {time.perf_counter() - t0:.2f} s "
          f"({'round numbers' if round_numbers else '2-decimal money'}); peak RSS so far {rss_mb():.0f} MB")
    before = rss_mb()
    print()
    print("| step | median | min | max | rows/s |")
    print("|---|---|---|---|---|")
    med, lo, hi, out = timed(lambda: evaluate_frame(df, "auto", book, default_year=2026))
    print(f"| evaluate_frame, typed frame (parse/validate + evaluate) | {med:.2f} s | {lo:.2f} | {hi:.2f} | "
          f"{n / med:,.0f} |")
    med, lo, hi, pf = timed(lambda: parse_frame(df))
    print(f"| of which parse_frame (validation of typed columns) | {med:.2f} s | {lo:.2f} | {hi:.2f} | {n / med:,.0f} |")
    if "--text" in sys.argv:
        text = as_text(df)
        med, lo, hi, _ = timed(lambda: parse_frame(text))
        print(f"| parse_frame, raw text cells | {med:.2f} s | {lo:.2f} | {hi:.2f} | {n / med:,.0f} |")
        med, lo, hi, out_t = timed(lambda: evaluate_frame(text, "auto", book, default_year=2026))
        print(f"| evaluate_frame, raw text cells | {med:.2f} s | {lo:.2f} | {hi:.2f} | {n / med:,.0f} |")
        same = out.drop(columns=["company_name"]).equals(out_t.drop(columns=["company_name"]))
        print(f"\ntyped and text paths give the same frame: {same}")
    print()
    print(f"peak RSS: {rss_mb():.0f} MB (before evaluating: {before:.0f} MB); output frame "
          f"{out.memory_usage(deep=False).sum() / 2**20:.0f} MB ({out.shape[1]} columns)")
    print(f"elements re-checked exactly: {out.attrs['exact_checks']:,}; rows handed to the engine: "
          f"{out.attrs['engine_rows']:,}; rows with an error: {(out['error'] != '').sum():,}")
    counts = out["specialized.verdict"].value_counts().to_dict()
    print(f"specialized verdicts: {counts}")


if __name__ == "__main__":
    main()
