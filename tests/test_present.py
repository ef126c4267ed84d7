"""The verdict-counts phrase (issue 12 item 6): one function, zjtx.present.count_phrases, words the counts
of the sidebar summary, the tier cards and headers, and the report. The expected strings below are
what the three separate copies produced before they became one (checked against them)."""

from __future__ import annotations

import pytest

from zjtx import present
from zjtx.engine import evaluate
from zjtx.examples import example_profile
from zjtx.profile import parse_profile
from zjtx.report import model
from zjtx.rules import rulebook
from zjtx.ui import views


@pytest.fixture(scope="module")
def assessment():
    """Specialized: 1 missing and 1 exempt (S26.ip waived by the R&D institution); Little Giant: 6
    failing, 2 missing; the others all met."""
    p = example_profile("b_specialized_only")
    p.update(rd_institution_level="provincial", class1_ip=0)
    for k in ("segment_years", "market_share_domestic"):
        p.pop(k)
    return evaluate(parse_profile(p), rulebook())


def test_the_counts_are_what_the_phrases_say(assessment):
    a = assessment
    assert a.tiers["specialized"].counts() == {"pass": 8, "fail": 0, "exempt": 1, "missing": 1, "not_applicable": 0}
    assert a.tiers["little_giant"].counts() == {"pass": 4, "fail": 6, "exempt": 0, "missing": 2, "not_applicable": 0}


def test_count_phrases(assessment):
    s, lg, inn = assessment.tiers["specialized"], assessment.tiers["little_giant"], assessment.tiers["innovative"]
    assert present.count_phrases(lg, "zh") == ["6 项未达标", "2 项信息不足"]
    assert present.count_phrases(lg, "en") == ["6 failing", "2 missing"]
    assert present.count_phrases(s, "zh") == ["1 项信息不足"]                      # exempt only when asked
    assert present.count_phrases(s, "zh", exempt=True) == ["1 项信息不足", "1 项豁免"]
    assert present.count_phrases(s, "en", exempt=True, all_met=True) == ["1 missing", "1 exempt"]
    assert present.count_phrases(inn, "zh") == []
    assert present.count_phrases(inn, "zh", all_met=True) == ["1 项全部达标"]
    assert present.count_phrases(inn, "en", all_met=True) == ["all 1 met"]


def test_the_sidebar_summary_words_the_counts_as_before(assessment):
    zh = views.summary_lines(assessment, "zh")
    assert zh[1] == "专精特新中小企业 · 2026：:orange[？ **信息不足**] <small>（1 项信息不足）</small>"
    assert zh[2] == "专精特新“小巨人”企业 · 2026：:red[✘ **未达标**] <small>（6 项未达标，2 项信息不足）</small>"
    assert zh[3] == "创新型中小企业 · 2022：:green[✔ **达标**]"
    en = views.summary_lines(assessment, "en")          # (its colon ASCII in English since the same change)
    assert en[2] == "Little Giant · 2026: :red[✘ **Does not meet**] <small>(6 failing, 2 missing)</small>"


def test_the_tier_cards_word_the_counts_as_before(assessment):
    t = assessment.tiers
    assert views._counts_line(t["little_giant"], "zh") == "适用标准：2026 · 6 项未达标 · 2 项信息不足"
    assert views._counts_line(t["specialized"], "en") == "Standard: 2026 · 1 missing"
    assert views._counts_line(t["innovative"], "zh") == "适用标准：2022"
    assert views._counts_line(assessment.gate, "zh") == "企业规模：小型"


def test_the_report_words_the_counts_as_before(assessment):
    t = assessment.tiers
    assert model._counts(t["specialized"], "zh") == "1 项信息不足 · 1 项豁免"
    assert model._counts(t["little_giant"], "en") == "6 failing · 2 missing"
    assert model._counts(t["tech_sme"], "zh") == "5 项全部达标"
    assert model._counts(assessment.gate, "en") == "all 5 met"
