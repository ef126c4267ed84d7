"""The built-in example companies (assets/examples/*.json): fictional, clearly labelled."""

from __future__ import annotations

import json
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from .paths import ASSETS_DIR

EXAMPLES_DIR = ASSETS_DIR / "examples"


@lru_cache(maxsize=1)
def examples() -> Mapping[str, Mapping[str, Any]]:
    """id -> read-only raw profile (copy it before changing anything)."""
    out = {}
    for p in sorted(EXAMPLES_DIR.glob("*.json")):
        out[p.stem] = MappingProxyType(json.loads(p.read_text(encoding="utf-8")))
    return MappingProxyType(out)


def example_profile(example_id: str) -> dict[str, Any]:
    """A fresh, mutable copy of an example's fields (without `_` comment keys)."""
    return {k: v for k, v in examples()[example_id].items() if not k.startswith("_")}


DEFAULT_EXAMPLE = "a_both_tiers"
