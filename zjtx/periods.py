"""The periods of the rule language and of the profile, named once.

A criterion's period (rules.PeriodName) and a field's period (fields.Period) are labelled from this one
table everywhere: the reasons (with real years), the rules document and page, the profile document, the
batch template, the field labels. No zjtx imports (fields.py reads it).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from .i18n import Bilingual


# ------------------------------------------------------------------------------- periods

@dataclass(frozen=True, slots=True)
class PeriodLabel(Bilingual):
    """How a period of a criterion (rules.PeriodName) or of a profile field (fields.Period) is named."""
    zh: str                  # in general: 上年度
    en: str                  # last fiscal year
    note: str = ""           # the year in the profile document's notation: （A−1）
    offset: int | None = None   # a fiscal year's distance from the assessment year (y1 = 1)
    when_zh: str = ""        # with real years ({y} = assessment year, {y1} = y − 1, …): {y1}年度
    when_en: str = ""
    brief_en: str = ""       # where a rule's text names the year in passing ("last year"); default `en`

    @property
    def doc(self) -> str:
        """The profile document's label: 上年度（A−1）; — for none."""
        return f"{self.zh}{self.note}" if self.zh else "—"

    @property
    def brief(self) -> str:
        return self.brief_en or self.en

    def concrete(self, year: int) -> tuple[str, str]:
        """(zh, en) with real years for an assessment year."""
        ys = {"y": year, "y1": year - 1, "y2": year - 2, "y3": year - 3, "y5": year - 5}
        return self.when_zh.format(**ys), self.when_en.format(**ys)


PERIODS: Mapping[str, PeriodLabel] = MappingProxyType({
    "y1": PeriodLabel("上年度", "last fiscal year", "（A−1）", 1, "{y1}年度", "FY{y1}", "last year"),
    "y2": PeriodLabel("上上年度", "the year before", "（A−2）", 2, "{y2}年度", "FY{y2}"),
    "y3": PeriodLabel("前三年度", "three years back", "（A−3）", 3, "{y3}年度", "FY{y3}"),
    "previous": PeriodLabel("上年度", "last fiscal year", "（A−1）", None, "{y1}年度", "FY{y1}"),
    "y1_y2": PeriodLabel("近两年（每年）", "last two years", "", None, "{y2}–{y1}年度", "FY{y2}–{y1}"),
    "y1_y3": PeriodLabel("近三个年度", "last three fiscal years", "", None, "{y3}–{y1}年度", "FY{y3}–{y1}"),
    "y1_y2_y3": PeriodLabel("近三个年度", "last three fiscal years", "", None, "{y3}–{y1}年度", "FY{y3}–{y1}"),
    "year_end": PeriodLabel("上年末", "last year end", "", None, "{y1}年末", "31 Dec {y1}"),
    "to_year_end": PeriodLabel("截至上年末", "to last year end", "", None, "截至{y1}年末", "to 31 Dec {y1}"),
    "current": PeriodLabel("本年度", "this year", "（A）", None, "{y}年", "{y}"),
    "current_or_previous": PeriodLabel("近两年", "last two years", "", None, "{y1}–{y}年", "{y1}–{y}"),
    "last3": PeriodLabel("近三年", "last three years", "", None, "{y3}–{y1}年（近三年）", "{y3}–{y1} (last three years)"),
    "last5": PeriodLabel("近五年", "last five years", "", None, "{y5}–{y1}年（近五年）", "{y5}–{y1} (last five years)"),
    "at_application": PeriodLabel("申报时", "at application", "", None, "申报时", "at application"),
    "mixed": PeriodLabel("见各项", "see each item", "", None, "见各项", "see each item"),
    "none": PeriodLabel("", "", "", None, "", ""),
    "prev_and_current": PeriodLabel("填报上一年及当年", "filing year and the year before", "", None,
                                    "{y1}–{y}年（填报上一年及当年）", "{y1}–{y} (the filing year and the year before)"),
})

# fiscal year offsets of the yearly periods (y1 → 1): the year a per-year figure belongs to
YEAR_OFFSET: Mapping[str, int] = MappingProxyType({k: p.offset for k, p in PERIODS.items() if p.offset is not None})


def period_text(period: str, year: int) -> tuple[str, str]:
    """A criterion's period with real years ("2023–2025年度", "FY2023–2025")."""
    return PERIODS[period].concrete(year)


def fiscal_year(period: str | None, year: int) -> int | None:
    """The fiscal year of a yearly period (y1 of 2026 is 2025), else None."""
    off = YEAR_OFFSET.get(period or "")
    return None if off is None else year - off
