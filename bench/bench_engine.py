"""Benchmark: one full `check` evaluation (engine only: gate + four tiers, all criteria,
reasons, scores), on the example companies and on an empty profile.

Run: .venv/bin/python bench/bench_engine.py   (prints a Markdown table; quote medians)
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zjtx.engine import evaluate  # noqa: E402
from zjtx.examples import example_profile, examples  # noqa: E402
from zjtx.profile import parse_profile  # noqa: E402
from zjtx.rules import load_rulebook, rulebook  # noqa: E402
from zjtx.serialize import assessment_dict  # noqa: E402


def timeit(fn, repeat: int = 7, number: int = 200) -> tuple[float, float, float]:
    """(median, min, max) seconds per call over `repeat` rounds of `number` calls."""
    fn()  # warm up
    rounds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - t0) / number)
    return statistics.median(rounds), min(rounds), max(rounds)


def main() -> None:
    book = rulebook()
    cases = {ex: parse_profile(example_profile(ex)) for ex in examples()}
    cases["empty"] = parse_profile({"assessment_year": 2026})
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print()
    print("| what | median | min | max |")
    print("|---|---|---|---|")
    for name, prof in cases.items():
        for std in ("auto",):
            med, lo, hi = timeit(lambda: evaluate(prof, book, std))
            print(f"| evaluate({name}, {std}) | {med * 1e3:.2f} ms | {lo * 1e3:.2f} | {hi * 1e3:.2f} |")
    prof = cases["a_both_tiers"]
    a = evaluate(prof, book)
    med, lo, hi = timeit(lambda: assessment_dict(a))
    print(f"| assessment_dict (JSON contract) | {med * 1e3:.2f} ms | {lo * 1e3:.2f} | {hi * 1e3:.2f} |")
    raw = example_profile("a_both_tiers")
    med, lo, hi = timeit(lambda: parse_profile(raw))
    print(f"| parse_profile (pydantic) | {med * 1e3:.3f} ms | {lo * 1e3:.3f} | {hi * 1e3:.3f} |")
    med, lo, hi = timeit(lambda: load_rulebook(), repeat=5, number=3)
    print(f"| load_rulebook (cold parse of criteria/, once per process) | {med * 1e3:.0f} ms | {lo * 1e3:.0f} | {hi * 1e3:.0f} |")


if __name__ == "__main__":
    main()
