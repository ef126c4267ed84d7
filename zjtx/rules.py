"""Rule sets as data: strict loading of criteria/*.yaml into frozen models.

A rule file holds values (thresholds, units, periods, citations) and structure (all-of, any-of,
exemptions, review variants, score bands), never expressions: formulas are the named
indicators of indicators.py. Loading is strict: safe YAML, duplicate keys rejected, unknown keys
rejected, every field/indicator/option name checked, and any problem names the file and line.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal, Mapping, Union

import yaml
from pydantic import (BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError,
                      field_validator, model_validator)

from .fields import FIELD
from .i18n import Text as _Text
from .indicators import FIELD_INDICATORS, INDICATORS, Indicator
from .paths import CRITERIA_DIR

Year = Literal["y1", "y2", "y3"]
Op = Literal[">=", "<=", ">", "<"]
TierName = Literal["gate", "specialized", "little_giant", "innovative", "tech_sme"]
AppType = Literal["new", "review"]
PeriodName = Literal["y1", "y1_y2", "y1_y3", "y1_y2_y3", "year_end", "to_year_end", "current",
                     "current_or_previous", "last3", "last5", "at_application", "mixed",
                     "prev_and_current"]          # 115号 "填报上一年及当年"


class RuleFileError(ValueError):
    """A rule file is malformed. The message names the file and the line."""


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Text = _Text          # the one bilingual type (zjtx.i18n.Text): rule labels, notes and reasons


class Citation(_M):
    doc: str = Field(min_length=1)        # 文号, e.g. 工信部企业〔2026〕2号
    annex: str = Field(min_length=1)      # 附件 (or 第X条 of the main text)
    item: str = Field(min_length=1)       # 条/项
    clause: str = Field(min_length=4)     # short quoted clause
    verified: bool = False                # True only once checked word for word against a stored official copy
    note: Text | None = None              # why unverified, or what the stored copy is

    def all_clauses(self) -> tuple[str, ...]:
        """The clause split at "…" (a shortened quote leaves words out, never changes them)."""
        return tuple(p for p in (s.strip() for s in self.clause.split("…")) if p)


# ----------------------------------------------------------------------------- conditions

class _Node(_M):
    label: Text | None = None


class Compare(_Node):
    """A number compared with a threshold: a profile field or a named indicator, optionally
    for each of several fiscal years (all must hold)."""
    field: str | None = None
    indicator: str | None = None
    years: tuple[Year, ...] | None = None
    op: Op
    threshold: Decimal
    unit: str

    @model_validator(mode="after")
    def _check(self) -> "Compare":
        if (self.field is None) == (self.indicator is None):
            raise ValueError("give exactly one of `field` or `indicator`")
        ind = self.source()
        if self.indicator is not None and ind.per_year and not self.years:
            raise ValueError(f"indicator `{self.indicator}` is per year: give `years`")
        if self.years and not ind.per_year:
            raise ValueError(f"`{self.field or self.indicator}` has no years; drop `years`")
        if ind.unit != self.unit:
            raise ValueError(f"unit `{self.unit}` does not match `{ind.name}` (its unit is `{ind.unit}`)")
        return self

    def source(self) -> Indicator:
        if self.field is not None:
            if self.field not in FIELD_INDICATORS:
                raise ValueError(f"unknown numeric field `{self.field}`")
            return FIELD_INDICATORS[self.field]
        if self.indicator not in INDICATORS:
            raise ValueError(f"unknown indicator `{self.indicator}` (known: {', '.join(INDICATORS)})")
        return INDICATORS[self.indicator]


class Flag(_Node):
    """A yes/no field that must have the given value."""
    field: str
    is_: bool = Field(alias="is")

    @field_validator("field")
    @classmethod
    def _bool_field(cls, v: str) -> str:
        if v not in FIELD or FIELD[v].kind != "bool":
            raise ValueError(f"`{v}` is not a yes/no field")
        return v


class Member(_Node):
    """An option field whose value must be one of `in`."""
    field: str
    in_: tuple[str, ...] = Field(alias="in", min_length=1)

    @model_validator(mode="after")
    def _options(self) -> "Member":
        spec = FIELD.get(self.field)
        if spec is None or spec.kind != "enum":
            raise ValueError(f"`{self.field}` is not an option field")
        bad = [v for v in self.in_ if spec.option(v) is None]
        if bad:
            raise ValueError(f"`{self.field}` has no option {bad}")
        return self


class ScoreTest(_Node):
    """A scorecard's total, group sub-total or single indicator compared with a threshold."""
    score: str
    target: str = "total"           # total | group:<id> | item:<id>
    op: Op
    threshold: Decimal
    unit: Literal["分"] = "分"


class SmeSize(_Node):
    """Is an SME under the named size table (sme_size_300.yaml), for the profile's industry."""
    sme_size: Literal["sme_size_300"]


class AnyOf(_Node):
    any_of: tuple["Cond", ...] = Field(min_length=2)


class AllOf(_Node):
    all_of: tuple["Cond", ...] = Field(min_length=2)


class Case(_M):
    op: Op
    threshold: Decimal
    then: "Cond"
    label: Text | None = None


class Switch(_Node):
    """Pick the condition by the band a number falls in (first matching case, else `otherwise`)."""
    switch: str                      # field or indicator name (not per year)
    unit: str
    cases: tuple[Case, ...] = Field(min_length=1)
    otherwise: "Cond"

    def source(self) -> Indicator:
        ind = FIELD_INDICATORS.get(self.switch) or INDICATORS.get(self.switch)
        if ind is None or ind.per_year:
            raise ValueError(f"`{self.switch}` is not a known field or yearless indicator")
        return ind

    @model_validator(mode="after")
    def _unit(self) -> "Switch":
        if self.source().unit != self.unit:
            raise ValueError(f"unit `{self.unit}` does not match `{self.switch}`")
        return self


def _tag(v: Any) -> str:
    if isinstance(v, BaseModel):
        return {AnyOf: "any_of", AllOf: "all_of", Switch: "switch", ScoreTest: "score", SmeSize: "sme_size",
                Flag: "flag", Member: "member", Compare: "compare"}[type(v)]
    keys = set(v) if isinstance(v, Mapping) else set()
    for t in ("any_of", "all_of", "switch", "score", "sme_size"):
        if t in keys:
            return t
    if "is" in keys:
        return "flag"
    if "in" in keys:
        return "member"
    return "compare"


Cond = Annotated[
    Union[Annotated[Compare, Tag("compare")], Annotated[Flag, Tag("flag")], Annotated[Member, Tag("member")],
          Annotated[ScoreTest, Tag("score")], Annotated[AnyOf, Tag("any_of")], Annotated[AllOf, Tag("all_of")],
          Annotated[Switch, Tag("switch")], Annotated[SmeSize, Tag("sme_size")]],
    Discriminator(_tag),
]
AnyOf.model_rebuild()
AllOf.model_rebuild()
Case.model_rebuild()
Switch.model_rebuild()


# ------------------------------------------------------------------------------ scorecards

class Band(_M):
    at_least: Decimal | None = None
    at_most: Decimal | None = None
    when: Cond | None = None
    points: Decimal

    @model_validator(mode="after")
    def _one(self) -> "Band":
        if sum(x is not None for x in (self.at_least, self.at_most, self.when)) != 1:
            raise ValueError("a band needs exactly one of `at_least`, `at_most`, `when`")
        return self


class Measured(_M):
    field: str | None = None
    indicator: str | None = None
    year: Year | None = None
    unit: str

    def source(self) -> Indicator:
        if (self.field is None) == (self.indicator is None):
            raise ValueError("give exactly one of `field` or `indicator`")
        ind = FIELD_INDICATORS.get(self.field) if self.field else INDICATORS.get(self.indicator or "")
        if ind is None:
            raise ValueError(f"unknown field/indicator `{self.field or self.indicator}`")
        return ind

    @model_validator(mode="after")
    def _check(self) -> "Measured":
        ind = self.source()
        if ind.per_year != (self.year is not None):
            raise ValueError(f"`{ind.name}`: give `year` exactly when the indicator is per year")
        if ind.unit != self.unit:
            raise ValueError(f"unit `{self.unit}` does not match `{ind.name}` (its unit is `{ind.unit}`)")
        return self


class ScoreItem(_M):
    id: str
    group: str
    label: Text
    max: Decimal
    measure: Measured | None = None
    bands: tuple[Band, ...] = ()
    otherwise: Decimal = Decimal(0)
    points_equal_value: bool = False        # points = the measured value itself, within [0, max]
    interpretation: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> "ScoreItem":
        if self.points_equal_value:
            if self.measure is None or self.bands:
                raise ValueError("`points_equal_value` needs a `measure` and no `bands`")
            return self
        if not self.bands:
            raise ValueError("an item needs `bands` (or `points_equal_value`)")
        pts = [b.points for b in self.bands] + [self.otherwise]
        if max(pts) != self.max:
            raise ValueError(f"`max` {self.max} is not the best band's points {max(pts)}")
        if any(p < 0 for p in pts):
            raise ValueError("points cannot be negative")
        numeric = [b for b in self.bands if b.when is None]
        if numeric and self.measure is None:
            raise ValueError("`at_least`/`at_most` bands need a `measure`")
        lows = [b.at_least for b in self.bands if b.at_least is not None]
        highs = [b.at_most for b in self.bands if b.at_most is not None]
        if lows != sorted(lows, reverse=True) or highs != sorted(highs):
            raise ValueError("bands must run from the best to the worst")
        if [b.points for b in self.bands] != sorted((b.points for b in self.bands), reverse=True):
            raise ValueError("band points must not increase down the list")
        return self


class Group(_M):
    id: str
    label: Text
    max: Decimal


class Scorecard(_M):
    id: str
    label: Text
    max: Decimal
    groups: tuple[Group, ...]
    items: tuple[ScoreItem, ...]

    @model_validator(mode="after")
    def _sums(self) -> "Scorecard":
        gids = [g.id for g in self.groups]
        if len(set(gids)) != len(gids):
            raise ValueError("duplicate group id")
        for g in self.groups:
            s = sum((i.max for i in self.items if i.group == g.id), Decimal(0))
            if s != g.max:
                raise ValueError(f"group `{g.id}`: items add up to {s}, not {g.max}")
        bad = [i.id for i in self.items if i.group not in gids]
        if bad:
            raise ValueError(f"items in unknown groups: {bad}")
        if sum((g.max for g in self.groups), Decimal(0)) != self.max:
            raise ValueError("groups do not add up to `max`")
        iids = [i.id for i in self.items]
        if len(set(iids)) != len(iids):
            raise ValueError("duplicate item id")
        return self


# ------------------------------------------------------------------------------- criteria

YEAR_PLACEHOLDER = "{year}"      # in scoped texts: replaced by the assessment year (a value, not an expression)


def fill_year(text: Text | None, year: int) -> Text | None:
    """A scoped text with `{year}` replaced by the assessment year (so a reason names the actual year)."""
    if text is None or YEAR_PLACEHOLDER not in text.zh + text.en:
        return text
    return Text(zh=text.zh.replace(YEAR_PLACEHOLDER, str(year)), en=text.en.replace(YEAR_PLACEHOLDER, str(year)))


class Scope(_M):
    """Which assessments a rule speaks to: an application type and/or a range of assessment years."""
    application_type: AppType | None = None
    from_year: int | None = None
    to_year: int | None = None

    def holds(self, application_type: str, year: int) -> bool:
        return ((self.application_type is None or application_type == self.application_type)
                and (self.from_year is None or year >= self.from_year)
                and (self.to_year is None or year <= self.to_year))


class Waiver(_M):
    """A later notice that sets the criterion aside for some assessments (e.g. 190号: 2025 reviews do
    not assess growth): the criterion is `not_applicable` there, with this reason and citation."""
    when: Scope
    reason: Text
    citation: Citation


class Caveat(_M):
    """A doubt the law leaves for some assessments (e.g. whether 2026 reviews waive growth): the
    criterion is assessed as usual and the text is added to its reason."""
    when: Scope
    text: Text


class Criterion(_M):
    id: str = Field(pattern=r"^(gate|[SLIT]\d\d)\.[a-z_0-9]+$")
    topic: str                                  # pairs criteria across standards (2022 vs 2026)
    label: Text
    short: Text | None = None                   # a few characters, for chart spokes
    self_declared: bool
    period: PeriodName
    unit: str                                   # unit of actual/threshold ('' for yes/no)
    test: Cond
    review_test: Cond | None = None             # replaces `test` for a review (复核)
    applies_to: tuple[AppType, ...] = ("new", "review")
    assessed_in: Scope | None = None            # assessed only there (e.g. 2025 only); else not_applicable
    not_applicable: Text | None = None          # said when applies_to or assessed_in excludes the case
    not_assessed: tuple[Waiver, ...] = ()       # set aside by a later notice for some assessments
    caveats: tuple[Caveat, ...] = ()            # assessed, with a doubt stated for some assessments
    exempt_if: Cond | None = None
    exempt: Text | None = None                  # what the exemption is, said when it applies
    interpretation: Text | None = None          # a reading we chose where the law is unclear
    citation: Citation
    see_also: tuple[Citation, ...] = ()         # further sources (e.g. an unverified 附件3 sentence)
    note: Text | None = None

    @model_validator(mode="after")
    def _pairs(self) -> "Criterion":
        if (self.exempt_if is None) != (self.exempt is None):
            raise ValueError("`exempt_if` and `exempt` go together")
        if set(self.applies_to) != {"new", "review"} and self.not_applicable is None:
            raise ValueError("say why in `not_applicable` when `applies_to` excludes a case")
        if self.assessed_in is not None and self.not_applicable is None:
            raise ValueError("say why in `not_applicable` when `assessed_in` limits the criterion")
        return self

    def applicability(self, application_type: str, year: int) -> tuple[Text, Citation | None] | None:
        """Why the criterion is not assessed for this application type and assessment year (the reason,
        with `{year}` filled in, and the citation of a waiving notice), or None when it is assessed."""
        if application_type not in self.applies_to or (
                self.assessed_in is not None and not self.assessed_in.holds(application_type, year)):
            return fill_year(self.not_applicable, year), None
        for w in self.not_assessed:
            if w.when.holds(application_type, year):
                return fill_year(w.reason, year), w.citation
        return None

    def caveat(self, application_type: str, year: int) -> Text | None:
        for cv in self.caveats:
            if cv.when.holds(application_type, year):
                return fill_year(cv.text, year)
        return None


class Source(_M):
    doc: str
    name: str
    annex: str
    issued: _dt.date | None = None


class RuleSet(_M):
    id: str
    tier: TierName
    standard: str
    title: Text
    source: Source
    effective_from: _dt.date
    superseded_for_new_from: _dt.date | None = None
    summary: Text
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    scorecards: tuple[Scorecard, ...] = ()

    @model_validator(mode="after")
    def _refs(self) -> "RuleSet":
        ids = [c.id for c in self.criteria]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"duplicate criterion ids {sorted(dup)}")
        cards = {s.id: s for s in self.scorecards}
        for c in self.criteria:
            for node in walk(c.test, c.review_test, c.exempt_if):
                if isinstance(node, ScoreTest):
                    card = cards.get(node.score)
                    if card is None:
                        raise ValueError(f"{c.id}: unknown scorecard `{node.score}`")
                    kind, _, name = node.target.partition(":")
                    ok = (node.target == "total" or kind == "group" and name in {g.id for g in card.groups}
                          or kind == "item" and name in {i.id for i in card.items})
                    if not ok:
                        raise ValueError(f"{c.id}: unknown score target `{node.target}`")
        return self

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def scorecard(self, sid: str) -> Scorecard:
        for s in self.scorecards:
            if s.id == sid:
                return s
        raise KeyError(sid)


def walk(*nodes: Any):
    """Every condition node under the given roots (depth first), skipping None."""
    stack = [n for n in reversed(nodes) if n is not None]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, AnyOf):
            stack.extend(reversed(n.any_of))
        elif isinstance(n, AllOf):
            stack.extend(reversed(n.all_of))
        elif isinstance(n, Switch):
            stack.append(n.otherwise)
            stack.extend(reversed([c.then for c in n.cases]))


# -------------------------------------------------------------------- SME size (300号) table

class Bound(_M):
    measure: Literal["employees", "revenue", "assets"]
    value: Decimal


class SizeBand(_M):
    all_of: tuple[Bound, ...] = Field(min_length=1)    # class reached if every bound is reached (≥)


class IndustrySize(_M):
    key: str
    label: Text
    sme_if_below_any: tuple[Bound, ...] = Field(min_length=1)   # SME if below ANY upper bound
    medium: SizeBand
    small: SizeBand
    clause: str

    @field_validator("key")
    @classmethod
    def _known(cls, v: str) -> str:
        if FIELD["industry"].option(v) is None:
            raise ValueError(f"unknown industry `{v}`")
        return v


class SizeMeasures(_M):
    """Which profile field each size measure reads."""
    employees: Literal["employees"]
    revenue: Literal["revenue_y1"]
    assets: Literal["total_assets"]


class SizeTable(_M):
    id: str
    title: Text
    source: Source
    effective_from: _dt.date
    measures: SizeMeasures
    citation: Citation
    interpretation: Text | None = None
    industries: tuple[IndustrySize, ...]

    @model_validator(mode="after")
    def _complete(self) -> "SizeTable":
        keys = [i.key for i in self.industries]
        want = [o.value for o in FIELD["industry"].options]
        if sorted(keys) != sorted(want):
            raise ValueError(f"industries must be exactly {want}")
        return self

    def industry(self, key: str) -> IndustrySize:
        for i in self.industries:
            if i.key == key:
                return i
        raise KeyError(key)


# --------------------------------------------------------------------- standard selection

class SelectionRule(_M):
    tier: Literal["specialized", "little_giant"]
    application_type: AppType
    from_year: int | None = None
    to_year: int | None = None
    standard: str
    reason: Text
    citation: Citation
    interpretation: Text | None = None


class FixedStandard(_M):
    tier: Literal["innovative", "tech_sme"]
    standard: str
    reason: Text
    citation: Citation


class Selection(_M):
    id: str
    title: Text
    fixed: tuple[FixedStandard, ...]      # tiers with a single standard: innovative -> 2022 …
    rules: tuple[SelectionRule, ...]

    def fixed_for(self, tier: str) -> FixedStandard:
        for f in self.fixed:
            if f.tier == tier:
                return f
        raise LookupError(tier)

    def pick(self, tier: str, application_type: str, year: int) -> SelectionRule:
        for r in self.rules:
            if (r.tier == tier and r.application_type == application_type
                    and (r.from_year is None or year >= r.from_year)
                    and (r.to_year is None or year <= r.to_year)):
                return r
        raise LookupError(f"no standard rule for {tier}/{application_type}/{year}")


# --------------------------------------------------------------------------- strict YAML

class _LineDict(dict):
    """A YAML mapping that remembers its own line and each key's line (for error messages)."""
    line: int = 0
    key_lines: dict


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # libyaml's parser when built in: ~5× faster
    pass


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> _LineDict:
    out = _LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise RuleFileError(f"line {key_node.start_mark.line + 1}: duplicate key `{key}`")
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)  # type: ignore[arg-type]


def _line_of(data: Any, loc: tuple[Any, ...]) -> int:
    line, node = getattr(data, "line", 1), data
    for part in loc:
        if isinstance(node, dict) and part in ("is_", "in_") and part[:-1] in node:
            part = part[:-1]
        if isinstance(node, dict) and part in node:
            line = getattr(node, "key_lines", {}).get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            continue
        line = getattr(node, "line", line)
    return line


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(f"{path.name}: cannot read ({exc.strerror})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except RuleFileError as exc:
        raise RuleFileError(f"{path.name}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        raise RuleFileError(f"{path.name}: {where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None


def load_model(path: Path, model: type[BaseModel]) -> Any:
    data = load_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        e = exc.errors(include_url=False)[0]
        loc = tuple(e["loc"])
        where = ".".join(str(p) for p in loc)
        msg = e["msg"].removeprefix("Value error, ")
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise RuleFileError(f"{path.name}: line {_line_of(data, loc)}: {where}: {msg}{more}") from None


# ------------------------------------------------------------------------------ the book

SIZE_FILE = "sme_size_300.yaml"          # the SME size table (300号)
SELECTION_FILE = "selection.yaml"        # which standard applies when
# Every other *.yaml file of the criteria directory is a rule set, named after its id: gate.yaml,
# <tier>_<standard>.yaml (id <tier>@<standard>). A new standard is a data change: its rule set files and
# selection.yaml's rules for it; the standards, their order and the page order are read from the data.


def ruleset_file(rid: str) -> str:
    """The file a rule set id lives in (specialized@2026 → specialized_2026.yaml)."""
    return f"{rid.replace('@', '_')}.yaml"


@dataclass(frozen=True)
class RuleBook:
    """Every rule set, the SME size table and the standard-selection table. Frozen.

    The rule sets are in the book's order (the screen's columns follow it): the gate, then the tiers whose
    standard is chosen (selection.yaml's rules) standard by standard, newest first, then the tiers with a
    single standard (selection.yaml's `fixed`)."""
    rulesets: Mapping[str, RuleSet]     # a read-only MappingProxyType
    size: SizeTable
    selection: Selection

    def get(self, tier: str, standard: str | None = None) -> RuleSet:
        if tier == "gate":
            return self.rulesets["gate"]
        return self.rulesets[f"{tier}@{standard}"]

    def all_criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for rs in self.rulesets.values() for c in rs.criteria)

    @property
    def tiers(self) -> tuple[str, ...]:
        """The tiers (the gate is not one), in the book's order."""
        return tuple(dict.fromkeys(rs.tier for rs in self.rulesets.values() if rs.tier != "gate"))

    @property
    def chosen_tiers(self) -> tuple[str, ...]:
        """The tiers whose standard depends on the application (selection.yaml's rules)."""
        return tuple(dict.fromkeys(r.tier for r in self.selection.rules))

    @property
    def choosable_standards(self) -> tuple[str, ...]:
        """The standards one may pick for those tiers (--standard), newest first."""
        return tuple(sorted({r.standard for r in self.selection.rules}, key=_standard_key, reverse=True))

    @property
    def standard_choices(self) -> tuple[str, ...]:
        """What --standard (and the sidebar) accepts: auto, then every choosable standard."""
        return ("auto", *self.choosable_standards)

    @property
    def compared_standards(self) -> tuple[str, str]:
        """(older, newer): the two newest choosable standards, compared side by side."""
        newer, older = self.choosable_standards[:2]
        return older, newer

    def is_fixed(self, tier: str) -> bool:
        """A tier with a single standard (selection.yaml's `fixed`)."""
        return any(f.tier == tier for f in self.selection.fixed)

    @property
    def page_order(self) -> tuple[str, ...]:
        """Rule set ids as the rules page and document show them: the gate, the newest standard's chosen
        tiers, the single-standard tiers, then the older standards' chosen tiers."""
        newest, *older = self.choosable_standards
        fixed = [f"{f.tier}@{f.standard}" for f in self.selection.fixed]
        chosen = [[f"{t}@{s}" for t in self.chosen_tiers if f"{t}@{s}" in self.rulesets] for s in (newest, *older)]
        order = ["gate", *chosen[0], *fixed, *(rid for ids in chosen[1:] for rid in ids)]
        return tuple(rid for rid in order if rid in self.rulesets)


def _standard_key(standard: str) -> tuple[int, str]:
    return (int(standard), standard) if standard.isdigit() else (-1, standard)


def load_rulebook(directory: Path | str = CRITERIA_DIR) -> RuleBook:
    d = Path(directory)
    size = load_model(d / SIZE_FILE, SizeTable)
    selection = load_model(d / SELECTION_FILE, Selection)
    found = {}
    for path in sorted(d.glob("*.yaml")):
        if path.name in (SIZE_FILE, SELECTION_FILE):
            continue
        rs = load_model(path, RuleSet)
        want = "gate" if rs.tier == "gate" else f"{rs.tier}@{rs.standard}"
        if rs.id != want or path.name != ruleset_file(rs.id):
            raise RuleFileError(f"{path.name}: id is `{rs.id}`, expected `{want}` in {ruleset_file(want)}")
        found[rs.id] = rs
    if "gate" not in found:
        raise RuleFileError(f"{ruleset_file('gate')}: missing (the eligibility conditions)")
    for r in (*selection.rules, *selection.fixed):
        rid = f"{r.tier}@{r.standard}"
        if rid not in found:
            raise RuleFileError(f"{SELECTION_FILE}: no rule set `{rid}` ({ruleset_file(rid)} is missing)")
    standards = sorted({r.standard for r in selection.rules}, key=_standard_key, reverse=True)
    tiers = list(dict.fromkeys(r.tier for r in selection.rules))
    for t in tiers:
        for s in standards:
            if f"{t}@{s}" not in found:
                raise RuleFileError(f"{SELECTION_FILE}: the {s} standard can be chosen, but {t} has no rule set "
                                    f"for it ({ruleset_file(f'{t}@{s}')})")
    order = ["gate", *(f"{t}@{s}" for s in standards for t in tiers),
             *(f"{f.tier}@{f.standard}" for f in selection.fixed)]
    stray = sorted(set(found) - set(order))
    if stray:
        raise RuleFileError(f"{ruleset_file(stray[0])}: rule set `{stray[0]}` is never selected ({SELECTION_FILE})")
    sets = {rid: found[rid] for rid in dict.fromkeys(order)}
    return RuleBook(rulesets=MappingProxyType(sets), size=size, selection=selection)


@lru_cache(maxsize=1)
def rulebook() -> RuleBook:
    """The project's rule book, loaded once per process (frozen, shared read-only)."""
    return load_rulebook(CRITERIA_DIR)
