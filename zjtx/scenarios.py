"""Named what-if scenarios beside the baseline profile. Pure (no Streamlit).

A scenario is a name and its own frozen copy of the raw profile (field key → value as typed or
planned). Every operation returns a new tuple; nothing here ever changes the baseline or another
scenario, and the UI keeps the tuple in the user's own session only (never shared, never saved).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from .i18n import Bilingual, bilingual
from .profile import profile_to_dict

MAX_SCENARIOS = 3
MAX_NAME = 30


class ScenarioError(Bilingual, ValueError):
    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Scenario:
    name: str
    raw: Mapping[str, Any]             # read-only copy of the raw profile
    note_zh: str = ""                  # where it came from ("由最小调整方案生成 …")
    note_en: str = ""

    note = bilingual("note")

    def data(self) -> dict[str, Any]:
        """A fresh mutable copy of the raw profile."""
        return dict(self.raw)


def _freeze(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: v for k, v in raw.items() if not str(k).startswith("_")})


def clean_name(name: str) -> str:
    return " ".join(str(name or "").split())[:MAX_NAME]


def unique_name(scenarios: Iterable[Scenario], base: str) -> str:
    taken = {s.name for s in scenarios}
    base = clean_name(base) or "情景"
    if base not in taken:
        return base
    i = 2
    while f"{base} {i}"[:MAX_NAME] in taken:
        i += 1
    return f"{base} {i}"[:MAX_NAME]


def add(scenarios: tuple[Scenario, ...], name: str, raw: Mapping[str, Any], note: tuple[str, str] = ("", "")
        ) -> tuple[Scenario, ...]:
    if len(scenarios) >= MAX_SCENARIOS:
        raise ScenarioError(f"最多保留 {MAX_SCENARIOS} 个情景，请先删除一个",
                            f"at most {MAX_SCENARIOS} scenarios; delete one first")
    n = clean_name(name)
    if not n:
        raise ScenarioError("情景名称不能为空", "a scenario needs a name")
    if any(s.name == n for s in scenarios):
        raise ScenarioError(f"已有名为「{n}」的情景", f"a scenario named '{n}' exists")
    return (*scenarios, Scenario(n, _freeze(raw), *note))


def remove(scenarios: tuple[Scenario, ...], name: str) -> tuple[Scenario, ...]:
    return tuple(s for s in scenarios if s.name != name)


def rename(scenarios: tuple[Scenario, ...], old: str, new: str) -> tuple[Scenario, ...]:
    n = clean_name(new)
    if not n:
        raise ScenarioError("情景名称不能为空", "a scenario needs a name")
    if n != old and any(s.name == n for s in scenarios):
        raise ScenarioError(f"已有名为「{n}」的情景", f"a scenario named '{n}' exists")
    return tuple(Scenario(n, s.raw, s.note_zh, s.note_en) if s.name == old else s for s in scenarios)


def set_fields(scenarios: tuple[Scenario, ...], name: str, values: Mapping[str, Any]) -> tuple[Scenario, ...]:
    """The named scenario with some fields set (None clears a field); the others untouched."""
    out = []
    for s in scenarios:
        if s.name == name:
            d = s.data()
            for k, v in values.items():
                if v is None:
                    d.pop(k, None)
                else:
                    d[k] = v
            s = Scenario(s.name, _freeze(d), s.note_zh, s.note_en)
        out.append(s)
    return tuple(out)


def get(scenarios: Iterable[Scenario], name: str) -> Scenario | None:
    return next((s for s in scenarios if s.name == name), None)


def raw_from_profile(profile: Any, baseline_raw: Mapping[str, Any]) -> dict[str, Any]:
    """A planned profile as raw values: the baseline's raw entries where the value is the same (what the
    user typed stays as typed), the planned figures where it changed (money as numbers)."""
    new = profile_to_dict(profile)
    out = {k: v for k, v in baseline_raw.items() if not str(k).startswith("_")}
    for k, v in new.items():
        old = out.get(k)
        if old is None or _differs(old, v):
            out[k] = v
    for k in list(out):
        if k not in new and k in baseline_raw and getattr(profile, k, None) is None:
            out.pop(k)
    return out


def _differs(a: Any, b: Any) -> bool:
    try:
        from decimal import Decimal
        return Decimal(str(a)) != Decimal(str(b))
    except Exception:
        return a != b
