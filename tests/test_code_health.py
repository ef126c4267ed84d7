"""Code health: conventions checked over all rule data and over the logic package.

Every criterion is cited and labelled in both languages, and every `verified: true` clause is word
for word in the stored official texts; every criterion id of the law (the list below, as in
docs/rules.md) exists in the data; the readings we chose are shown as interpretations; the
rule files load strictly (a typo fails loudly, naming the file and line); the YAML holds values,
never expressions; the loaded rule book is frozen; and the engine is pure (no Streamlit, no I/O).
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest
from pydantic import ValidationError

from zjtx.rules import CRITERIA_DIR, RuleFileError, load_rulebook, rulebook

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "zjtx"
CJK = re.compile(r"[\u3400-\u9fff]")

# The criterion ids of the law, by rule set: an independent list, kept by hand (the data must not
# gain or lose a criterion unnoticed); docs/rules.md, generated from criteria/, lists them with their clauses.
DOC_IDS: dict[str, tuple[str, ...]] = {
    "gate": ("gate.established", "gate.sme_size", "gate.credit", "gate.products", "gate.incidents"),
    "specialized@2026": ("S26.title", "S26.segment_years", "S26.revenue", "S26.main_share", "S26.debt_ratio",
                         "S26.rd_amount", "S26.rd_ratio", "S26.ip", "S26.market", "S26.score"),
    "little_giant@2026": ("L26.title", "L26.segment_years", "L26.revenue", "L26.main_share", "L26.growth",
                          "L26.debt_ratio", "L26.rd_total", "L26.rd_ratio", "L26.ip", "L26.market", "L26.field",
                          "L26.score"),
    "specialized@2022": ("S22.segment_years", "S22.rd", "S22.revenue", "S22.score_or_direct"),
    "little_giant@2022": ("L22.segment_years", "L22.main_share", "L22.main_growth", "L22.debt_ratio",
                          "L22.refinement", "L22.market", "L22.innovation", "L22.chain", "L22.field",
                          "L22.revenue_2025"),
}
# The base tiers (§9) have no ids in the fact base; these are the data's own.
BASE_IDS = {"innovative@2022": ("I22.direct_or_score",),
            "tech_sme@2017": ("T17.registered", "T17.products", "T17.no_incidents", "T17.size", "T17.direct_or_score")}
ALL_DOC_IDS = {i for ids in DOC_IDS.values() for i in ids}


def _book():
    return rulebook()


def _criteria():
    return [(rs.id, c) for rs in _book().rulesets.values() for c in rs.criteria]


# ------------------------------------------------------------------------ citations, labels

@pytest.mark.parametrize("rid,c", _criteria(), ids=[c.id for _, c in _criteria()])
def test_every_criterion_is_cited_and_labelled_in_both_languages(rid, c):
    cit = c.citation
    for part in ("doc", "annex", "item", "clause"):
        assert getattr(cit, part).strip(), f"{c.id}: empty citation.{part}"
    assert re.search(r"〔\d{4}〕\d+号", cit.doc), f"{c.id}: citation.doc is not a 文号: {cit.doc}"
    assert CJK.search(cit.clause), f"{c.id}: the clause should quote the Chinese text"
    assert c.label.zh.strip() and CJK.search(c.label.zh), f"{c.id}: label.zh"
    assert c.label.en.strip() and not CJK.search(c.label.en), f"{c.id}: label.en should be English"
    if c.interpretation is not None:
        assert c.interpretation.zh.strip() and c.interpretation.en.strip()


# ------------------------------------------------------- citations against the stored official texts
#
# The stored copies of the official texts live beside the repository, in ../shared/domain/official/
# (CI checks the repository out next to `shared`); ZJTX_OFFICIAL_DIR names another place. Only the
# clauses quoted in criteria/ are in the repository, never the documents themselves.

OFFICIAL_DIR = Path(os.environ.get("ZJTX_OFFICIAL_DIR") or ROOT.parent / "shared" / "domain" / "official")

# (文号, how the annex field starts) → the stored copy that a `verified: true` clause must be found in.
OFFICIAL_FILES: dict[tuple[str, str], str] = {
    ("工信部企业〔2026〕2号", "附件1"): "2026-miit-qiye-2-annex1-specialized-sme-criteria.txt",
    ("工信部企业〔2026〕2号", "附件2"): "2026-miit-qiye-2-annex2-little-giant-criteria.txt",
    ("工信部企业〔2026〕2号", "正文"): "2026-miit-qiye-2-measures-notice-art1-10.txt",
    ("工信部企业〔2022〕63号", "附件1"): "2022-miit-qiye-63-annex1-innovative-sme-evaluation.txt",
    ("工信部企业〔2022〕63号", "附件2"): "2022-miit-qiye-63-annex2-specialized-sme-criteria.txt",
    ("工信部企业〔2022〕63号", "附件3"): "2022-miit-qiye-63-annex3-little-giant-criteria.txt",
    ("国科发政〔2017〕115号", ""): "2017-most-guokefazheng-115-tech-sme-evaluation.txt",
    ("工信厅企业函〔2025〕190号", ""): "2025-miit-qiyehan-190-excerpt-via-municipal-notice.txt",
}
NUMERALS = "一二三四五六七八九十"
MARKER = re.compile(r"第[一二三四五六七八九十]+条|（[一二三四五六七八九十]）|(?<![一二三四五六七八九十])[一二三四五六七八九十]、")


def _norm(s: str) -> str:
    """The only liberties a quote may take: whitespace, and Ι (Greek iota, as in the PDF) for Ⅰ."""
    return re.sub(r"\s+", "", s).replace("\u0399", "\u2160")


def _official_body(name: str) -> str:
    """A stored copy without its English header and notes: the official wording only."""
    lines = (OFFICIAL_DIR / name).read_text(encoding="utf-8").splitlines()[1:]
    body = []
    for line in lines:
        if line.startswith("----"):
            break
        latin = len(re.findall(r"[A-Za-z]", line))
        if line.startswith("[") or latin > len(CJK.findall(line)):
            continue
        body.append(line)
    return _norm("\n".join(body))


def _successor(marker: str) -> str:
    num = re.search(f"[{NUMERALS}]+", marker).group(0)
    nxt = NUMERALS[NUMERALS.index(num[-1]) + 1] if num[-1] != "十" else "十一"
    return marker.replace(num, num[:-1] + nxt if len(num) > 1 else nxt)


def _segments(text: str, item: str) -> list[str]:
    """The parts of the text an item points at: "第六条（二）" is item (二) inside Art. 6; "a；b" both."""
    out = []
    for part in item.split("；"):
        seg = text
        for marker in MARKER.findall(part):
            start = seg.find(marker)
            assert start >= 0, f"item marker {marker} of {item!r} is not in the stored text"
            end = seg.find(_successor(marker), start + len(marker))
            seg = seg[start:end if end >= 0 else len(seg)]
        out.append(seg)
    return out


def _all_citations(obj, where: str = ""):
    """Every Citation in the rule book (criteria, see_also, waivers, selection, size table)."""
    from pydantic import BaseModel

    from zjtx.rules import Citation
    if isinstance(obj, Citation):
        yield where, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _all_citations(getattr(obj, name), f"{where}.{name}" if where else name)
    elif isinstance(obj, (tuple, list)):
        for i, x in enumerate(obj):
            label = getattr(x, "id", None) or getattr(x, "tier", None) or i
            yield from _all_citations(x, f"{where}[{label}]")
    elif isinstance(obj, dict) or hasattr(obj, "items") and not isinstance(obj, str):
        for k, v in obj.items():
            yield from _all_citations(v, f"{where}{k}")


def _book_citations():
    book = _book()
    out = [(f"{rid}:{w}", c) for rid, rs in book.rulesets.items() for w, c in _all_citations(rs)]
    out += [(f"size:{w}", c) for w, c in _all_citations(book.size)]
    out += [(f"selection:{w}", c) for w, c in _all_citations(book.selection)]
    return out


def _stored_file(cit) -> str | None:
    for (doc, annex), name in OFFICIAL_FILES.items():
        if cit.doc == doc and cit.annex.startswith(annex):
            return name
    return None


def test_every_unverified_citation_says_why_and_every_verified_one_has_a_stored_copy():
    cits = _book_citations()
    assert len(cits) > 50
    for where, cit in cits:
        if cit.verified:
            assert _stored_file(cit), f"{where}: verified, but there is no stored copy of {cit.doc} {cit.annex}"
        else:
            assert cit.note is not None and CJK.search(cit.note.zh) and cit.note.en.strip(), \
                f"{where}: `verified: false` needs a short `note` saying why"
    assert sum(c.verified for _, c in cits) >= 35, "most clauses quote a stored copy"


def test_no_clause_keeps_the_wording_the_citation_check_found_wrong():
    """The citation check of issue 8 (30 mismatches against the official texts): words that were paraphrased in, items that were invented."""
    texts = {where: cit for where, cit in _book_citations()}
    for where, cit in texts.items():
        assert "项号待核对" not in cit.item, where
        assert "受让取得" not in cit.clause, where
        if cit.doc == "工信部企业〔2026〕2号":
            assert "股权融资" not in cit.clause, f"{where}: 2026 says 股权投资"
            assert "不含港澳台" not in cit.clause and "较大及以上" not in cit.clause, where
        if cit.doc == "国科发政〔2017〕115号":
            assert not cit.item.startswith("第五条"), f"{where}: 第五条 is about policy support, not conditions"
    s26 = _book().rulesets["specialized@2026"].criterion("S26.ip")
    assert "权利人中排名前三" not in s26.citation.clause and "转入" not in s26.citation.clause
    assert any("转入" in c.clause and c.annex.startswith("附件3") and not c.verified for c in s26.see_also)
    l22 = _book().rulesets["little_giant@2022"].criterion("L22.field")
    assert "产业技术基础" in l22.citation.clause and "数据安全" in l22.citation.clause
    assert "数字经济" not in l22.citation.clause


def _official_dir_or_skip() -> None:
    if OFFICIAL_DIR.is_dir():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must have the stored official texts at {OFFICIAL_DIR}")
    pytest.skip(f"the stored official texts are not at {OFFICIAL_DIR} (set ZJTX_OFFICIAL_DIR)")


@pytest.mark.parametrize("where,cit", [(w, c) for w, c in _book_citations() if c.verified],
                         ids=[w for w, c in _book_citations() if c.verified])
def test_every_verified_clause_is_word_for_word_in_the_stored_official_text(where, cit):
    _official_dir_or_skip()
    text = _official_body(_stored_file(cit))
    pieces = [_norm(p) for p in cit.all_clauses()]
    segments = _segments(text, cit.item)
    pos = 0
    for piece in pieces:
        assert any(piece in seg for seg in segments), \
            f"{where}: {piece!r} is not word for word in {cit.doc} {cit.annex} {cit.item}"
        at = text.find(piece, pos)
        assert at >= 0, f"{where}: the pieces of a shortened quote must keep their order ({piece!r})"
        pos = at + len(piece)


def test_the_official_text_check_would_catch_a_changed_word():
    """The comparison must not be too lenient: one changed character fails, Ι/Ⅰ and spaces do not."""
    _official_dir_or_skip()
    text = _official_body(OFFICIAL_FILES[("工信部企业〔2026〕2号", "附件1")])
    assert _norm("拥有1项以上与主导产品相关的Ⅰ类知识产权") in text
    assert _norm("拥有 1 项以上与主导产品相关的Ι类知识产权") in text
    assert _norm("拥有1项以上与主导产品相关的Ⅱ类知识产权") not in text
    assert _norm("上年度营业收入总额达1500万元以上或近两年新增股权融资") not in text
    seg = _segments(text, "（四）")[0]
    assert _norm("不考察本项指标") in seg and _norm("占有率较为靠前") not in seg


def test_selection_and_size_table_are_cited_too():
    book = _book()
    cits = [book.size.citation] + [r.citation for r in (*book.selection.rules, *book.selection.fixed)]
    for cit in cits:
        assert cit.doc.strip() and cit.annex.strip() and cit.item.strip() and cit.clause.strip()
    for ind in book.size.industries:
        assert ind.clause.strip() and ind.label.zh.strip() and ind.label.en.strip()


def test_every_scorecard_item_and_group_is_labelled():
    for rs in _book().rulesets.values():
        for card in rs.scorecards:
            for x in (card, *card.groups, *card.items):
                assert CJK.search(x.label.zh) and x.label.en.strip() and not CJK.search(x.label.en), x.id


# -------------------------------------------------------------------------------- the ids

def test_every_id_of_the_law_exists_in_the_right_rule_set():
    book = _book()
    for rid, ids in {**DOC_IDS, **BASE_IDS}.items():
        have = [c.id for c in book.rulesets[rid].criteria]
        assert set(ids) <= set(have), f"{rid}: missing {sorted(set(ids) - set(have))}"


def test_the_data_has_no_criterion_the_id_list_does_not_know():
    data = {c.id for _, c in _criteria()}
    extra = data - ALL_DOC_IDS - {i for ids in BASE_IDS.values() for i in ids}
    assert not extra, f"criteria not in the law's id list above: {sorted(extra)}"


def test_every_criterion_id_is_unique_across_the_book():
    ids = [c.id for _, c in _criteria()]
    assert len(ids) == len(set(ids))


# -------------------------------------------------------------------------- interpretations

def test_the_cagr_reading_is_flagged_and_states_its_formula():
    c = _book().rulesets["little_giant@2026"].criterion("L26.growth")
    assert c.interpretation is not None
    assert "1/2" in c.interpretation.zh and "前三年度" in c.interpretation.zh
    assert "1/2" in c.interpretation.en


def test_the_l22_innovation_band_edges_are_flagged():
    c = _book().rulesets["little_giant@2022"].criterion("L22.innovation")
    assert c.interpretation is not None
    assert "边界" in c.interpretation.zh or "较高一档" in c.interpretation.zh
    assert "edge" in c.interpretation.en


def test_the_average_growth_reading_is_flagged_wherever_it_is_used():
    l22 = _book().rulesets["little_giant@2022"].criterion("L22.main_growth")
    assert l22.interpretation is not None and "平均" in l22.interpretation.zh
    card = _book().rulesets["specialized@2022"].scorecard("S22.score")
    item = next(i for i in card.items if i.id == "main_growth")
    assert item.measure is not None and item.measure.indicator == "main_growth_avg_2y"
    assert item.interpretation is not None and "平均" in item.interpretation.zh


def _s22_texts() -> list[str]:
    rs = _book().rulesets["specialized@2022"]
    out = [c.interpretation.zh for c in rs.criteria if c.interpretation]
    out += [i.interpretation.zh for card in rs.scorecards for i in card.items if i.interpretation]
    return out


def test_the_s22_score_band_edge_reading_is_shown():
    assert any("边界" in t or "较高一档" in t or "含本数" in t for t in _s22_texts()), _s22_texts()


# ----------------------------------------------------------------------- strict rule files

def _copy(tmp_path: Path) -> Path:
    d = tmp_path / "criteria"
    shutil.copytree(CRITERIA_DIR, d)
    return d


def _edit(d: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` in file `name`; return the 1-based line where the text changed."""
    p = d / name
    text = p.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer contains {old!r}; update the test"
    changed = text.replace(old, new, 1)
    p.write_text(changed, encoding="utf-8")
    for i, (a, b) in enumerate(zip(text.splitlines(), changed.splitlines()), start=1):
        if a != b:
            return i
    raise AssertionError("nothing changed")  # pragma: no cover


def _block_start(d: Path, name: str, cid: str) -> int:
    for i, line in enumerate((d / name).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() == f"- id: {cid}":
            return i
    raise AssertionError(cid)


def _line(msg: str) -> int:
    m = re.search(r"\bline (\d+)\b", msg)
    assert m, f"no line number in {msg!r}"
    return int(m.group(1))


def test_the_real_criteria_directory_loads():
    book = load_rulebook(CRITERIA_DIR)
    assert set(book.rulesets) == {*DOC_IDS, *BASE_IDS}


def test_a_duplicate_key_is_rejected_with_file_and_line(tmp_path):
    d = _copy(tmp_path)
    ln = _edit(d, "specialized_2026.yaml", "    self_declared: true\n    period: to_year_end\n",
               "    self_declared: true\n    self_declared: false\n    period: to_year_end\n")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    msg = str(e.value)
    assert "specialized_2026.yaml" in msg and "duplicate" in msg and "self_declared" in msg
    assert _line(msg) == ln


def test_a_duplicate_top_level_key_is_rejected(tmp_path):
    d = _copy(tmp_path)
    ln = _edit(d, "little_giant_2022.yaml", "tier: little_giant\n", "tier: little_giant\ntier: specialized\n")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "little_giant_2022.yaml" in str(e.value) and _line(str(e.value)) == ln


def test_an_unknown_key_typo_is_rejected_with_file_and_line(tmp_path):
    d = _copy(tmp_path)
    start = _block_start(d, "little_giant_2026.yaml", "L26.growth")
    ln = _edit(d, "little_giant_2026.yaml", "    interpretation:\n      zh: 附件2 未给出", "    interpretaton:\n      zh: 附件2 未给出")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    msg = str(e.value)
    assert "little_giant_2026.yaml" in msg and "interpretaton" in msg
    assert start <= _line(msg) <= ln + 1, (start, ln, msg)


def test_a_typo_in_a_scalar_key_is_rejected(tmp_path):
    d = _copy(tmp_path)
    start = _block_start(d, "specialized_2026.yaml", "S26.main_share")
    ln = _edit(d, "specialized_2026.yaml", "    self_declared: false\n    period: y1\n",
               "    self_declared: false\n    periood: y1\n    period: y1\n")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    msg = str(e.value)
    assert "specialized_2026.yaml" in msg and "periood" in msg
    assert start <= _line(msg) <= ln


def test_a_typo_is_reported_on_its_own_line(tmp_path):
    d = _copy(tmp_path)
    ln = _edit(d, "specialized_2026.yaml", "    self_declared: false\n    period: y1\n",
               "    self_declared: false\n    periood: y1\n    period: y1\n")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert _line(str(e.value)) == ln


def test_a_wrong_unit_is_rejected_with_file_and_line(tmp_path):
    d = _copy(tmp_path)
    ln = _edit(d, "specialized_2026.yaml", 'test: {field: segment_years, op: ">=", threshold: 3, unit: 年}',
               'test: {field: segment_years, op: ">=", threshold: 3, unit: 万元}')
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    msg = str(e.value)
    assert "specialized_2026.yaml" in msg and "万元" in msg and _line(msg) == ln


def test_a_wrong_unit_on_a_ratio_is_rejected(tmp_path):
    d = _copy(tmp_path)
    ln = _edit(d, "little_giant_2026.yaml", 'test: {indicator: debt_ratio, op: "<=", threshold: 75, unit: "%"}',
               'test: {indicator: debt_ratio, op: "<=", threshold: 75, unit: 万元}')
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "little_giant_2026.yaml" in str(e.value) and _line(str(e.value)) == ln


def test_an_unknown_field_name_is_rejected_with_file_and_line(tmp_path):
    d = _copy(tmp_path)
    ln = _edit(d, "specialized_2026.yaml", "test: {field: class1_ip, op", "test: {field: class1_ipp, op")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    msg = str(e.value)
    assert "specialized_2026.yaml" in msg and "class1_ipp" in msg and _line(msg) == ln


def test_an_unknown_yes_no_field_is_rejected(tmp_path):
    d = _copy(tmp_path)
    start = _block_start(d, "gate.yaml", "gate.credit")
    ln = _edit(d, "gate.yaml", "test: {field: gate_credit_ok, is: true}", "test: {field: gate_credit_okay, is: true}")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "gate.yaml" in str(e.value) and "gate_credit_okay" in str(e.value)
    assert start <= _line(str(e.value)) <= ln


def test_an_unknown_option_is_rejected(tmp_path):
    d = _copy(tmp_path)
    _edit(d, "little_giant_2026.yaml", "in: [national]}", "in: [nationall]}")
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "little_giant_2026.yaml" in str(e.value) and "nationall" in str(e.value) and _line(str(e.value))


@pytest.mark.parametrize("name,old,new", [
    ("gate.yaml", "  - id: gate.credit\n", "  - id: gate.credit\n   bad: [unclosed\n"),
    ("selection.yaml", "  - tier: tech_sme\n", "  - tier: tech_sme\n\t  x: 1\n"),
    ("tech_sme_2017.yaml", "    unit: 人\n", "    unit: 人\n  : : :\n"),
], ids=["bad-indent", "tab", "stray-colons"])
def test_invalid_yaml_is_rejected_with_file_and_line(tmp_path, name, old, new):
    d = _copy(tmp_path)
    ln = _edit(d, name, old, new)
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    msg = str(e.value)
    assert name in msg and _line(msg) == ln


def test_a_python_tag_is_not_executed(tmp_path):
    d = _copy(tmp_path)
    marker = tmp_path / "pwned"
    ln = _edit(d, "gate.yaml", "id: gate\n", f'id: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "gate.yaml" in str(e.value) and _line(str(e.value)) == ln
    assert not marker.exists()


def test_an_expression_in_place_of_a_threshold_is_rejected(tmp_path):
    d = _copy(tmp_path)
    _edit(d, "specialized_2026.yaml", "threshold: 1500", 'threshold: "lambda p: p.revenue_y1 * 0.8"')
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "specialized_2026.yaml" in str(e.value) and _line(str(e.value))


def test_an_empty_clause_is_rejected(tmp_path):
    d = _copy(tmp_path)
    _edit(d, "gate.yaml", "      clause: 在中华人民共和国境内依法设立\n", '      clause: ""\n')
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "gate.yaml" in str(e.value) and "clause" in str(e.value)


def test_a_missing_rule_file_is_a_rule_file_error(tmp_path):
    d = _copy(tmp_path)
    (d / "tech_sme_2017.yaml").unlink()
    with pytest.raises(RuleFileError) as e:
        load_rulebook(d)
    assert "tech_sme_2017.yaml" in str(e.value)


@pytest.mark.parametrize("path", sorted(CRITERIA_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_no_rule_file_holds_an_expression(path):
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line.split("#", 1)[0] if line.lstrip().startswith("#") else line for line in text.splitlines())
    for bad in ("lambda", "eval(", "exec(", "__", "import ", "!!python", "${", "{{"):
        assert bad not in body, f"{path.name} contains {bad!r}"


# --------------------------------------------------------------------------------- frozen

def test_the_rule_book_is_frozen():
    book = _book()
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.size = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        book.rulesets["gate"] = book.rulesets["gate"]  # type: ignore[index]
    rs = book.rulesets["specialized@2026"]
    with pytest.raises(ValidationError):
        rs.title = rs.title  # type: ignore[misc]
    c = rs.criterion("S26.rd_ratio")
    with pytest.raises(ValidationError):
        c.citation.doc = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        c.test.threshold = 0  # type: ignore[union-attr, misc]
    with pytest.raises((TypeError, AttributeError)):
        rs.criteria.append(c)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        book.selection.rules[0].standard = "2022"  # type: ignore[misc]
    assert rulebook() is book, "the book is loaded once and shared read-only"
    assert str(c.test.threshold) == "3"


# -------------------------------------------------------------------------- purity, layering

def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


LOGIC = sorted(p for p in PKG.glob("*.py"))
PURE = ("engine.py", "rulelang.py", "indicators.py", "fmt.py", "fields.py")


@pytest.mark.parametrize("path", LOGIC, ids=lambda p: p.name)
def test_only_zjtx_ui_imports_streamlit(path):
    assert "streamlit" not in _imports(path), f"{path.name} imports streamlit; only zjtx/ui may"


@pytest.mark.parametrize("name", PURE)
def test_the_engine_modules_do_no_io(name):
    path = PKG / name
    imports = _imports(path)
    for mod in ("streamlit", "pathlib", "os", "io", "sys", "shutil", "subprocess", "yaml", "json", "random",
                "requests", "urllib", "socket", "pandas", "openpyxl", "time"):
        assert mod not in imports, f"{name} imports {mod}"
    calls = _calls(path)
    for fn in ("open", "print", "input", "eval", "exec", "__import__"):
        assert fn not in calls, f"{name} calls {fn}()"
    text = path.read_text(encoding="utf-8")
    for io_call in ("read_text", "write_text", "read_bytes", "write_bytes", ".open("):
        assert io_call not in text, f"{name} uses {io_call}"


def test_importing_the_logic_does_not_load_streamlit():
    code = ("import sys; import zjtx.engine, zjtx.serialize, zjtx.profile, zjtx.rules, zjtx.dataio.read, zjtx.dataio.cells, zjtx.dataio.write, zjtx.screen, "
            "zjtx.text; import zjtx.__main__; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_engine_reads_nothing_but_its_arguments():
    """evaluate() is given the book: it must not reach for the shared one or the disk."""
    tree = ast.parse((PKG / "engine.py").read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert "rulebook" not in names and "load_rulebook" not in names
    assert "CRITERIA_DIR" not in names
    assert not {"today", "now"} & attrs, "the engine must not read the clock"


# ------------------------------------------------------------------ the law's numbers, as data

# The thresholds each criterion must contain (op, value), read off the official clauses (quoted word for
# word in criteria/ and docs/rules.md) and kept here by hand, so a changed number in the data fails.
LAW_THRESHOLDS: dict[str, set[tuple[str, int]]] = {
    "S26.segment_years": {(">=", 3)}, "S26.revenue": {(">=", 1500), (">=", 2000)},
    "S26.main_share": {(">=", 80)}, "S26.debt_ratio": {("<=", 80)}, "S26.rd_amount": {(">=", 100)},
    "S26.rd_ratio": {(">=", 3)}, "S26.ip": {(">=", 1), ("<=", 3)}, "S26.score": {(">=", 50)},
    "L26.segment_years": {(">=", 3)}, "L26.revenue": {(">=", 5000)}, "L26.main_share": {(">=", 90)},
    "L26.growth": {(">=", 5)}, "L26.debt_ratio": {("<=", 75)}, "L26.rd_total": {(">=", 1200)},
    "L26.rd_ratio": {(">=", 3)}, "L26.ip": {(">=", 4), ("<=", 3)}, "L26.market": {(">=", 10), ("<=", 3)},
    "L26.score": {(">=", 60)},
    "S22.segment_years": {(">=", 2)}, "S22.rd": {(">=", 100), (">=", 3)},
    "S22.revenue": {(">=", 1000), (">=", 2000)},
    "S22.score_or_direct": {(">=", 60), ("<=", 3), ("<=", 5), (">=", 1000), (">=", 6000)},
    "L22.segment_years": {(">=", 3)}, "L22.main_share": {(">=", 70)}, "L22.main_growth": {(">=", 5)},
    "L22.debt_ratio": {("<=", 70)}, "L22.market": {(">=", 10)}, "L22.revenue_2025": {(">=", 5000)},
    "L22.innovation": {(">=", 10000), (">=", 5000), (">=", 3), (">=", 6), (">=", 8000), (">=", 3000),
                       (">=", 50), (">=", 2), ("<=", 3)},
    "I22.direct_or_score": {(">=", 60), (">=", 20), (">=", 15), (">=", 500)},
    "T17.size": {("<=", 500), ("<=", 20000)}, "T17.direct_or_score": {(">=", 60), (">", 0), ("<=", 3)},
}


def _thresholds(c) -> set[tuple[str, int]]:
    from zjtx.rules import Switch, walk
    out = set()
    for node in walk(c.test, c.review_test, c.exempt_if):
        if hasattr(node, "threshold") and hasattr(node, "op"):
            out.add((node.op, node.threshold))
        if isinstance(node, Switch):
            out |= {(case.op, case.threshold) for case in node.cases}
    return out


@pytest.mark.parametrize("cid", sorted(LAW_THRESHOLDS))
def test_the_thresholds_of_the_law_are_in_the_data(cid):
    c = next(c for _, c in _criteria() if c.id == cid)
    have = _thresholds(c)
    assert LAW_THRESHOLDS[cid] <= have, f"{cid}: missing {LAW_THRESHOLDS[cid] - have}; data has {have}"


# 300号 第四条: SME if below ANY of these upper bounds (万元 / persons), kept by hand (docs/rules.md, 中小企业划型).
SME_BOUNDS = {
    "agriculture": {"revenue": 20000}, "industry": {"employees": 1000, "revenue": 40000},
    "construction": {"revenue": 80000, "assets": 80000}, "wholesale": {"employees": 200, "revenue": 40000},
    "retail": {"employees": 300, "revenue": 20000}, "transport": {"employees": 1000, "revenue": 30000},
    "warehousing": {"employees": 200, "revenue": 30000}, "postal": {"employees": 1000, "revenue": 30000},
    "accommodation": {"employees": 300, "revenue": 10000}, "catering": {"employees": 300, "revenue": 10000},
    "telecom": {"employees": 2000, "revenue": 100000}, "software": {"employees": 300, "revenue": 10000},
    "real_estate": {"revenue": 200000, "assets": 10000}, "property_mgmt": {"employees": 1000, "revenue": 5000},
    "leasing_business": {"employees": 300, "assets": 120000}, "other": {"employees": 300},
}


def test_the_sme_size_table_matches_the_300_bounds():
    size = _book().size
    assert {i.key for i in size.industries} == set(SME_BOUNDS)
    for ind in size.industries:
        assert {b.measure: b.value for b in ind.sme_if_below_any} == SME_BOUNDS[ind.key], ind.key
    industry = size.industry("industry")
    assert {b.measure: b.value for b in industry.medium.all_of} == {"employees": 300, "revenue": 2000}
    assert {b.measure: b.value for b in industry.small.all_of} == {"employees": 20, "revenue": 300}


@pytest.mark.parametrize("app,year,specialized,little_giant", [
    ("new", 2026, "2026", "2026"), ("review", 2026, "2026", "2022"), ("new", 2027, "2026", "2026"),
    ("new", 2025, "2022", "2022"), ("review", 2025, "2022", "2022"), ("review", 2027, "2026", "2026"),
    ("review", 2030, "2026", "2026"), ("new", 2024, "2022", "2022"),
])
def test_the_selection_table_follows_the_decided_readings(app, year, specialized, little_giant):
    sel = _book().selection
    assert sel.pick("specialized", app, year).standard == specialized
    assert sel.pick("little_giant", app, year).standard == little_giant
    assert sel.fixed_for("innovative").standard == "2022"
    assert sel.fixed_for("tech_sme").standard == "2017"


# ------------------------------------------------- one rule language, two evaluators (issue 12)

def _cond_types() -> set[type]:
    """Every condition type of the rule language: the members of zjtx.rules.Cond."""
    import typing

    from zjtx.rules import Cond
    union = typing.get_args(Cond)[0]
    return {typing.get_args(member)[0] for member in typing.get_args(union)}


def test_every_condition_type_is_handled_by_batch_or_routed_to_the_engine():
    from zjtx import batch
    types = _cond_types()
    assert len(types) >= 8, types      # the union was read (compare, flag, member, score, any/all_of, switch, size)
    vector, engine = set(batch.VECTOR_NODES), set(batch.ENGINE_NODES)
    assert not vector & engine, f"both evaluated column-wise and routed to the engine: {vector & engine}"
    forgotten = types - vector - engine
    assert not forgotten, (f"condition types neither evaluated by zjtx.batch nor listed in batch.ENGINE_NODES: "
                           f"{sorted(t.__name__ for t in forgotten)}")
    assert not (vector | engine) - types, "batch lists condition types the rule language does not have"
    for t, method in batch.VECTOR_NODES.items():
        assert callable(getattr(batch._Eval, method, None)), f"{t.__name__}: batch._Eval has no {method}"


def test_every_indicator_declares_a_form_batch_evaluates_or_routes_to_the_engine():
    from zjtx import batch
    from zjtx.indicators import FIELD_INDICATORS, FORMS, INDICATORS
    for ind in (*INDICATORS.values(), *FIELD_INDICATORS.values()):
        assert ind.form in FORMS, f"indicator {ind.name} declares no known form ({ind.form!r})"
        assert ind.compute is FORMS[ind.form], f"indicator {ind.name}: its formula is not its form's"
    forgotten = set(FORMS) - batch.VECTOR_FORMS - batch.ENGINE_FORMS
    assert not forgotten, f"indicator forms neither evaluated by zjtx.batch nor in batch.ENGINE_FORMS: {forgotten}"
    assert not batch.VECTOR_FORMS & batch.ENGINE_FORMS


def _private_uses(path: Path) -> list[str]:
    """Private names (`_x`, not dunders) `path` takes from other zjtx modules: imported by name, or read
    as an attribute of an imported zjtx module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, out = set(), []

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("zjtx")):
            for a in node.names:
                if private(a.name):
                    out.append(f"from {'.' * node.level}{node.module or ''} import {a.name}")
                elif node.module in (None, "zjtx") or (node.level and not node.module):
                    modules.add(a.asname or a.name)       # `from . import indicators as x`: x is a module
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("zjtx"):
                    modules.add(a.asname or a.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in modules:
                out.append(f"{ast.unparse(node)}")
    return out


def test_batch_does_not_import_private_names_from_other_zjtx_modules():
    used = _private_uses(PKG / "batch.py")
    assert not used, f"zjtx/batch.py reaches into private names of other modules: {used}"


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: p.relative_to(PKG).as_posix())
def test_no_module_reaches_into_another_modules_private_names(path):
    """A name another module needs is public (ui/inputs.py read profile._BOUNDS through an alias,
    clients.py read ui.loading._decode): a newcomer can trust `_x` to be used only where it is defined."""
    used = _private_uses(path)
    assert not used, f"zjtx/{path.relative_to(PKG).as_posix()} reaches into private names of other modules: {used}"


def test_the_private_import_check_would_catch_one(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("from .profile import _BOUNDS\nfrom . import indicators as ind\nx = ind._plain\n"
                   "from .fmt import gap_unit\nimport zjtx.engine\ny = zjtx.engine._headline\n", encoding="utf-8")
    assert _private_uses(src) == ["from .profile import _BOUNDS", "ind._plain", "zjtx.engine._headline"]


# ------------------------------------------------------------- sentences in one place (issue 12)

def _cjk_literals(path: Path, pattern: re.Pattern = CJK) -> list[str]:
    """Chinese string literals of a module, outside docstrings, other than units (分, 万元 …)."""
    from zjtx.fmt import UNIT_EN
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs:
            if pattern.search(n.value) and n.value not in UNIT_EN:
                out.append(n.value)
    return out


def test_the_evaluator_writes_no_sentences():
    """Reasons, phrases, period labels and fixed words live in zjtx/explain.py; the engine decides."""
    found = _cjk_literals(PKG / "engine.py")
    assert not found, f"zjtx/engine.py holds Chinese text (move it to zjtx/explain.py): {found}"


def test_the_sentence_check_would_catch_one(tmp_path):
    src = tmp_path / "m.py"
    src.write_text('"""模块说明"""\nx = "分"\ny = f"缺少{x}"\n', encoding="utf-8")
    assert _cjk_literals(src) == ["缺少"]


# ------------------------------------------------------ bilingual text in one place (issue 12 item 6)

# Chinese in a literal: ideographs, CJK punctuation (、。「」) and full-width forms (：，（）？)
CJK_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
UI_TEXT_FILES = sorted((PKG / "ui").glob("*.py")) + [PKG / "charts.py", PKG / "charts_plan.py"]


@pytest.mark.parametrize("path", UI_TEXT_FILES, ids=lambda p: p.relative_to(PKG).as_posix())
def test_ui_and_chart_code_holds_no_chinese_text(path):
    """What a user reads is in zjtx/i18n.py (a key for t(), or a Text); the UI and the figures only lay it
    out. Docstrings and comments may be in Chinese; unit names (分, 万元) are data keys, not text."""
    rel = path.relative_to(PKG).as_posix()
    found = _cjk_literals(path, CJK_TEXT)
    assert not found, f"zjtx/{rel} holds Chinese text (move it to zjtx/i18n.py): {found}"


def test_the_ui_text_check_would_catch_chinese_words_and_punctuation(tmp_path):
    src = tmp_path / "m.py"
    src.write_text('"""页面说明"""\n# 注释\nx = "万元"\ny = f"{x}（自报）"\nsep = "：" if x else ": "\nok = "✔ —"\n',
                   encoding="utf-8")
    assert _cjk_literals(src, CJK_TEXT) == ["（自报）", "："]


def test_the_ui_text_check_covers_every_ui_module():
    names = {p.relative_to(PKG).as_posix() for p in UI_TEXT_FILES}
    assert {"ui/inputs.py", "ui/shell.py", "ui/views.py", "charts.py", "charts_plan.py"} <= names and len(names) >= 16


def test_there_is_one_bilingual_text_type():
    """rules.Text (rule data) is i18n.Text; the UI strings are Text; frozen, hashable, .get(lang)."""
    from zjtx import i18n, rules
    from zjtx.i18n import STRINGS, Text, t, text
    assert rules.Text is Text and i18n.Text is Text
    x = Text("达标", "Meets")
    assert x == Text(zh="达标", en="Meets") and hash(x) == hash(Text(zh="达标", en="Meets"))
    assert (x.get("zh"), x.get("en"), x.get()) == ("达标", "Meets", "达标")
    with pytest.raises(ValidationError):
        x.zh = "未达标"                                   # frozen
    with pytest.raises(ValidationError):
        Text.model_validate({"zh": "达标", "en": "Meets", "fr": "Atteint"})   # strict, as rule data is read
    with pytest.raises(ValidationError):
        Text("", "Meets")
    assert all(isinstance(v, Text) for v in STRINGS.values())
    assert text("verdict_meets") == Text("达标", "Meets") and t("verdict_meets", "en") == "Meets"
    assert text("missing_n").format(n=2) == Text("2 项信息不足", "2 missing")


def test_pairs_of_zh_en_fields_read_as_one_text():
    """Results keep their `*_zh` / `*_en` fields (the JSON contract's keys) and give each pair as one
    Text (`i18n.bilingual`); objects with `.zh` / `.en` read with `.get(lang)` (`i18n.Bilingual`)."""
    from zjtx.fields import FIELD
    from zjtx.i18n import Bilingual, Text, bilingual, pair
    from zjtx.plan import Action
    from zjtx.project import PlanInputError

    assert pair("", "").get("en") == "" and pair("甲", "A").get("en") == "A" and pair("甲", "A") == Text("甲", "A")

    @dataclasses.dataclass(frozen=True, slots=True)
    class Row(Bilingual):
        zh: str
        en: str
        note_zh: str = ""
        note_en: str = ""
        note = bilingual("note")

    r = Row("行", "row", "注", "note")
    assert (r.get("zh"), r.get("en"), r.get()) == ("行", "row", "行")
    assert r.note == Text("注", "note") and Row("a", "b").note.get("en") == ""
    a = Action("repay", 1, "万元", 2025, "偿还", "repay", "假定", "assumed")
    assert (a.text.get("zh"), a.text.get("en"), a.assumption.get("en")) == ("偿还", "repay", "assumed")
    assert (a.to_dict()["text"], a.to_dict()["text_en"]) == ("偿还", "repay")      # the contract's keys stay
    spec = FIELD["revenue_y1"]
    assert (spec.get("en"), spec.short.get("zh"), spec.unit_text.get("en")) == (spec.en, "营业收入", "×10k CNY")
    assert PlanInputError("年份不对", "bad year").get("en") == "bad year"


def test_result_objects_give_their_text_pairs_as_text():
    """Every `x_zh` / `x_en` pair of the engine's and the planner's results has its Text accessor `x`."""
    from zjtx import engine, ladder, plan, scenarios
    for cls in (engine.Part, engine.ItemScore, engine.GroupScore, engine.ScoreResult, engine.CriterionResult,
                engine.TierResult, plan.Action, plan.Requirement, plan.Route, plan.Plan, ladder.Rung,
                scenarios.Scenario):
        stems = {f.name[:-3] for f in dataclasses.fields(cls) if f.name.endswith("_zh")}
        assert stems, cls
        for stem in stems:
            assert isinstance(getattr(cls, stem, None), property), f"{cls.__name__}.{stem}: no Text accessor"


# a language chosen by branching on it, in any spelling: `a if zh else b`, `a if lang == "zh" else b` …
LANG_BRANCH = re.compile(r"""\bif\s+(?:not\s+)?(?:zh|en|lang\s*[!=]=\s*["'](?:zh|en)["'])\s+else\b""")
# The count reached by issue 12 item 6 (113 when filed; 95 before its last step). Lower it when you
# remove one; never raise it: say the text with a Text or an i18n key instead. What is left is mostly
# layout (wrap widths, CSS), `Text.get` itself, and three separators in zjtx/dataio/cells.py.
LANG_BRANCH_CAP = 8


def _lang_branches() -> list[str]:
    out = []
    for p in sorted(PKG.rglob("*.py")):
        src = p.read_text(encoding="utf-8")
        out += [f"{p.relative_to(PKG).as_posix()}:{src.count(chr(10), 0, m.start()) + 1}"
                for m in LANG_BRANCH.finditer(src)]
    return out


def test_language_branches_do_not_grow_back():
    found = _lang_branches()
    assert len(found) <= LANG_BRANCH_CAP, (f"{len(found)} language branches (the cap is {LANG_BRANCH_CAP}); "
                                           f"say it with a Text or an i18n key instead: {found}")


def test_the_branch_count_sees_every_spelling():
    src = ('a = x if zh else y\nb = x if lang == "zh" else y\nc = x if lang == \'en\' else y\n'
           'd = x if lang != "en" else y\ne = (x if zh\n     else y)\nf = "zh" if zhx else 1\n')
    assert len(LANG_BRANCH.findall(src)) == 5


# full-width punctuation that Chinese uses and English must not (English text uses ": , ( ) ;")
FULL_WIDTH = re.compile("[：，（）；]")


def _texts_in(x, where: str, out: dict, depth: int = 0) -> None:
    from pydantic import BaseModel

    from zjtx.i18n import Text
    if depth > 30:
        return
    if isinstance(x, Text):
        out.setdefault(x.en, where)
    elif isinstance(x, BaseModel):
        for k in type(x).model_fields:
            _texts_in(getattr(x, k), f"{where}.{k}", out, depth + 1)
    elif isinstance(x, (dict, MappingProxyType)):
        for k, v in x.items():
            _texts_in(v, f"{where}[{k!r}]", out, depth + 1)
    elif isinstance(x, (tuple, list)):
        for i, v in enumerate(x):
            _texts_in(v, f"{where}[{i}]", out, depth + 1)
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        for f in dataclasses.fields(x):
            _texts_in(getattr(x, f.name), f"{where}.{f.name}", out, depth + 1)


def _english_texts() -> dict[str, str]:
    """The English half of every Text the program holds in a table (i18n's UI strings, the engine's,
    the planner's and the report's words …) and in the rule data: English text → where it is."""
    import importlib
    import types

    from zjtx.rules import rulebook
    out: dict[str, str] = {}
    for p in sorted(PKG.rglob("*.py")):
        name = ".".join(("zjtx", *p.relative_to(PKG).with_suffix("").parts)).removesuffix(".__init__")
        if name == "zjtx.__main__":
            continue
        for k, v in vars(importlib.import_module(name)).items():
            if not isinstance(v, (types.ModuleType, type, types.FunctionType)):
                _texts_in(v, f"{name}.{k}", out)
    book = rulebook()
    for rid, rs in book.rulesets.items():
        _texts_in(rs, rid, out)
    _texts_in(book.size, "size", out)
    _texts_in(book.selection, "selection", out)
    return out


def _english_literals(path: Path) -> list[str]:
    """The literal parts of the English argument of each `Text(zh, en)` / `pair(zh, en)` written in a module."""
    out = []
    for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("Text", "pair"):
            en = n.args[1] if len(n.args) > 1 else next((k.value for k in n.keywords if k.arg == "en"), None)
            for c in (ast.walk(en) if en is not None else ()):
                if isinstance(c, ast.Constant) and isinstance(c.value, str):
                    out.append(c.value)
    return out


def test_english_text_has_no_full_width_punctuation():
    texts = _english_texts()
    assert len(texts) > 500                         # the walk reaches the UI strings and the rule data
    assert texts["Does not meet"].startswith("zjtx.i18n") and "Holds the Specialized SME title" in texts
    bad = {en: where for en, where in texts.items() if FULL_WIDTH.search(en)}
    assert not bad, f"English text with full-width punctuation (use ': , ( ) ;'): {bad}"
    written = [(p.relative_to(PKG).as_posix(), s) for p in sorted(PKG.rglob("*.py")) for s in _english_literals(p)
               if FULL_WIDTH.search(s)]
    assert not written, f"Text(…, en) written with full-width punctuation: {written}"


def test_the_full_width_check_would_catch_one(tmp_path):
    from zjtx.i18n import Text
    out: dict = {}
    _texts_in({"a": (Text("甲：乙", "a: b"), Text("甲：乙", "a：b"))}, "T", out)
    assert [en for en in out if FULL_WIDTH.search(en)] == ["a：b"]
    src = tmp_path / "m.py"
    src.write_text('x = Text("甲（乙）", f"a（{b}）")\ny = Text(zh="甲", en="a, b")\n', encoding="utf-8")
    assert [s for s in _english_literals(src) if FULL_WIDTH.search(s)] == ["a（", "）"]


def test_every_period_has_one_label_in_one_table():
    import typing

    from zjtx import docgen, rulesdoc
    from zjtx.fields import Period
    from zjtx.periods import PERIODS, period_text
    from zjtx.rules import PeriodName
    field_periods, criterion_periods = set(typing.get_args(Period)), set(typing.get_args(PeriodName))
    assert not (field_periods | criterion_periods) - set(PERIODS), "a period without a label in explain.PERIODS"
    for p in criterion_periods:
        zh, en = period_text(p, 2026)
        assert zh and en, p
        assert rulesdoc.PERIOD_TEXT[p] == (PERIODS[p].zh, PERIODS[p].en)
    for p in field_periods:
        assert docgen.FIELD_PERIOD[p].startswith(PERIODS[p].zh)
    assert period_text("y1_y3", 2026) == ("2023–2025年度", "FY2023–2025")
    assert docgen.FIELD_PERIOD["y2"] == "上上年度（A−2）" and docgen.FIELD_PERIOD["none"] == "—"
    for path in LOGIC:        # the labels are written nowhere else in the logic package
        if path.name != "periods.py":
            text = path.read_text(encoding="utf-8")
            assert '"上上年度"' not in text and '"截至上年末"' not in text and '"last fiscal year"' not in text, \
                f"{path.name} writes period labels"


# -------------------------------------------------- standards and tiers come from the data (issue 12)

def _code_files() -> list[Path]:
    return sorted([*PKG.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"])


def _standard_literals(path: Path, standards: set[str], ruleset_ids: set[str]) -> list[str]:
    """String constants naming a standard ("2026") or a rule set ("specialized@2026"), and literal tuples,
    lists or sets of two or more tier names, in a module (docstrings aside)."""
    from zjtx.rules import rulebook
    tiers = set(rulebook().tiers)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and (n.value in standards or n.value in ruleset_ids):
            out.append(f"line {n.lineno}: {n.value!r}")
        elif isinstance(n, (ast.Tuple, ast.List, ast.Set)):
            names = [e.value for e in n.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(set(names) & tiers) >= 2:
                out.append(f"line {n.lineno}: {names}")
    return out


# Tier-name lists that are presentation choices (a subset, or an order of their own), not the book's list.
# rules.py is the RuleBook loader: its types name the tiers the rule language knows.
TIER_LIST_ALLOWED = {"report/model.py", "charts_plan.py", "ladder.py", "ui/live.py", "ui/compare_view.py",
                     "ui/plan_view.py", "ui/batch_view.py", "engine.py", "rules.py"}


def test_standards_and_rule_sets_are_named_only_in_the_data():
    """A new standard (2027) is a data change: criteria/<tier>_<standard>.yaml and selection.yaml. No module
    lists standards or rule set ids; tiers are listed only where a page chooses a subset or an order."""
    from zjtx.rules import rulebook
    book = rulebook()
    standards = {rs.standard for rs in book.rulesets.values()}
    assert {"2026", "2022", "2017"} <= standards
    found = {}
    for path in _code_files():
        rel = path.relative_to(PKG).as_posix() if PKG in path.parents else path.name
        hits = [h for h in _standard_literals(path, standards, set(book.rulesets) - {"gate"})
                if not (h.split(": ", 1)[1].startswith("[") and rel in TIER_LIST_ALLOWED)]
        if hits:
            found[rel] = hits
    assert not found, f"standards, rule set ids or tier lists written in code (derive them from the RuleBook): {found}"


def test_the_standard_check_would_catch_a_literal_tuple(tmp_path):
    src = tmp_path / "m.py"
    src.write_text('"""2026 standard."""\nCHOICES = ("auto", "2026", "2022")\nx = "specialized@2026"\n'
                   'T = ("specialized", "little_giant")\nname = "standard_2026"\n', encoding="utf-8")
    hits = _standard_literals(src, {"2026", "2022"}, {"specialized@2026"})
    assert sorted(hits) == ["line 2: '2022'", "line 2: '2026'", "line 3: 'specialized@2026'",
                            "line 4: ['specialized', 'little_giant']"]


def test_the_engines_tier_list_is_the_books():
    from zjtx import engine, plan, rank
    from zjtx.rules import rulebook
    book = rulebook()
    assert engine.TIERS == book.tiers == rank.RANK_TIERS == plan.PLAN_TIERS
    assert book.standard_choices == ("auto", *book.choosable_standards) and book.choosable_standards[0] == "2026"
    assert book.page_order[0] == "gate" and set(book.page_order) == set(book.rulesets)


def _copy_rules_as_2027(tmp_path: Path) -> Path:
    """criteria/ copied, its 2026 rule sets copied again as a "2027" standard chosen from 2027 on."""
    import yaml
    d = tmp_path / "criteria"
    shutil.copytree(CRITERIA_DIR, d)
    for tier, letter in (("specialized", "S"), ("little_giant", "L")):
        text = (d / f"{tier}_2026.yaml").read_text(encoding="utf-8")
        text = text.replace(f"id: {tier}@2026", f"id: {tier}@2027").replace('standard: "2026"', 'standard: "2027"')
        text = re.sub(rf"\b{letter}26\.", f"{letter}27.", text)
        (d / f"{tier}_2027.yaml").write_text(text, encoding="utf-8")
    sel = (d / "selection.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(sel)
    extra = []
    for r in data["rules"]:
        if r["standard"] == "2026" and r.get("from_year") is not None:
            extra.append(dict(r, standard="2027", from_year=2027))
            r["to_year"] = 2026
    data["rules"] = extra + data["rules"]
    (d / "selection.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return d


def test_a_new_standard_is_a_data_change(tmp_path):
    """Copy the 2026 rule sets as a "2027" standard, add selection rules for it: the book, the standard
    choices, the engine's explicit choice and the page order follow without a code change."""
    from zjtx.engine import evaluate
    from zjtx.examples import example_profile
    from zjtx.profile import parse_profile
    from zjtx.rules import load_rulebook
    book = load_rulebook(_copy_rules_as_2027(tmp_path))
    assert book.choosable_standards == ("2027", "2026", "2022")
    assert book.standard_choices == ("auto", "2027", "2026", "2022")
    assert book.page_order[:3] == ("gate", "specialized@2027", "little_giant@2027")
    assert list(book.rulesets)[:3] == ["gate", "specialized@2027", "little_giant@2027"]
    a = evaluate(parse_profile(example_profile("c_near_miss") | {"assessment_year": 2027}), book, "2027")
    assert a.tiers["specialized"].ruleset == "specialized@2027"
    assert a.tiers["specialized"].criteria[0].id.startswith("S27.")
    from zjtx.i18n import t             # the sidebar's and the report's name for it
    assert (t("standard_2027"), t("standard_2027", "en")) == ("2027 年标准", "2027 standard")
    assert t("standard_2026") == "2026 年标准"
    with pytest.raises(KeyError):
        t("standard_x")


def test_the_compare_page_names_the_standards_it_compares(tmp_path):
    """新旧标准对比 compares the two newest standards of the book: with a 2027 standard added, every label
    says 2026 and 2027 (the title, the intro, the columns, what is new or dropped); today 2022 and 2026."""
    from zjtx import compare
    from zjtx.engine import evaluate
    from zjtx.examples import example_profile
    from zjtx.i18n import t
    from zjtx.profile import parse_profile
    from zjtx.rules import load_rulebook
    today = rulebook()
    assert t("nav_compare", "en", **compare.names(today)) == "2022 vs 2026"
    assert compare.column(today, "old") == "2022 年标准" and compare.column(today, "new", "en") == "2026 standard"
    book = load_rulebook(_copy_rules_as_2027(tmp_path))
    names = compare.names(book)
    assert names == {"old": "2026", "new": "2027"}
    assert (t("nav_compare", "zh", **names), t("nav_compare", "en", **names)) == ("新旧标准对比", "2026 vs 2027")
    assert "按 2026 年和 2027 年标准评估" in t("compare_intro", "zh", **names)
    assert [compare.column(book, w, lang) for w in ("old", "new") for lang in ("zh", "en")] == \
        ["2026 年标准", "2026 standard", "2027 年标准", "2027 standard"]
    p = parse_profile(example_profile("c_near_miss") | {"assessment_year": 2027})
    a_old, a_new = evaluate(p, book, "2026"), evaluate(p, book, "2027")
    rows = compare.rows(book, "specialized", a_old, a_new, "en")
    assert rows and all(r.change == "same" for r in rows)          # a copy: nothing changed
    assert rows[0].rule_new.id.startswith("S27.") and rows[0].rule_old.id.startswith("S26.")
    assert compare.change_cell(rows[0], book, "en") == f"unchanged: {rows[0].text_new}"
    new, dropped = (dataclasses.replace(rows[0], change=c) for c in ("new", "dropped"))
    assert (compare.change_cell(new, book), compare.change_cell(dropped, book, "en")) == ("2027 年新增", "dropped in 2027")
    changed = dataclasses.replace(rows[0], change="changed", text_old="≥ 2 年", text_new="≥ 3 年")
    assert compare.change_cell(changed, book) == "2026：≥ 2 年\n→ 2027：≥ 3 年"


# ------------------------------------------------------------------- I/O in one place (issue 12)

# Reading and writing a user's files happens in zjtx/dataio/ only. Outside it, a module may read the
# package's own data (named here, with what it reads); nothing else opens, reads or writes a file,
# and no module imports a file-format reader or writer.
IO_IMPORTS = ("csv", "zipfile", "tempfile", "python_calamine", "pyarrow.csv", "pyarrow.ipc", "pyarrow.parquet",
              "pyarrow.feather", "openpyxl.reader", "xlsxwriter")
IO_CALLS = ("open", "read_bytes", "write_bytes", "read_text", "write_text", "to_csv", "read_csv", "read_excel",
            "to_excel", "to_parquet", "read_parquet", "mkstemp", "TemporaryDirectory", "NamedTemporaryFile")
PACKAGE_DATA_READERS = {
    "rules.py": "the rule files of criteria/",
    "examples.py": "the example companies of assets/examples/",
    "report/html.py": "the report's stylesheet (zjtx/report/templates/)",
    "report/model.py": "a hash of the rule files (the report's rule-data version)",
    "docgen.py": "docs/ (make docs: a developer's command, not the app's)",
}
PRINTER = {"report/pdf.py": "tempfile: Chromium's own throwaway profile folder while it prints a PDF"}


def _io_uses(path: Path) -> list[str]:
    """File-format imports and file calls of a module (any receiver: Path, pandas, builtins)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for n in names:
            if any(n == m or n.startswith(m + ".") for m in IO_IMPORTS):
                out.append(f"import {n}")
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name in IO_CALLS:
                out.append(f"{name}()")
    return sorted(set(out))


def _outside_dataio() -> list[Path]:
    return sorted([*(p for p in PKG.rglob("*.py") if "dataio" not in p.relative_to(PKG).parts),
                   *(ROOT / "pages").glob("*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("path", _outside_dataio(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_files_are_read_and_written_in_zjtx_dataio_only(path):
    rel = path.relative_to(PKG).as_posix() if PKG in path.parents else path.name
    used = _io_uses(path)
    if rel in PACKAGE_DATA_READERS:       # reading its own files; docgen also writes docs/
        allowed = {"read_text()", "read_bytes()"} | ({"write_text()"} if rel == "docgen.py" else set())
        used = [u for u in used if u not in allowed]
    if rel in PRINTER:
        used = [u for u in used if u not in ("import tempfile", "TemporaryDirectory()")]
    assert not used, f"{rel} does file I/O outside zjtx/dataio/: {used}"


def test_the_io_check_would_catch_one(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("import csv\nfrom python_calamine import CalamineWorkbook\nimport pyarrow.csv as pacsv\n"
                   "from pathlib import Path\nPath('x').write_bytes(b'')\nwith open('y') as f: pass\n"
                   "import pandas as pd\npd.read_csv('z')\nimport pyarrow as pa\n", encoding="utf-8")
    assert _io_uses(src) == ["import csv", "import pyarrow.csv", "import python_calamine",
                             "import python_calamine.CalamineWorkbook", "open()", "read_csv()", "write_bytes()"]


def test_batch_evaluates_and_imports_no_io():
    """zjtx/batch.py is given typed columns (zjtx.dataio.cells); it reads and writes nothing."""
    tree = ast.parse((PKG / "batch.py").read_text(encoding="utf-8"))
    zjtx_mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = (node.module or "")
            zjtx_mods |= {base} if base else {a.name for a in node.names}
            if base == "dataio":
                zjtx_mods |= {f"dataio.{a.name}" for a in node.names}
    assert not {m for m in zjtx_mods if m.startswith("dataio") and m != "dataio.cells"}, zjtx_mods
    assert "screen" not in zjtx_mods and "people" not in zjtx_mods
    assert not _io_uses(PKG / "batch.py")
    assert not {"pyarrow", "io", "pathlib", "tempfile"} & _imports(PKG / "batch.py")
    assert "def parse_frame" not in (PKG / "batch.py").read_text(encoding="utf-8"), "cells are typed in dataio/cells.py"


def test_the_batch_page_reads_lists_with_the_reader_of_screen():
    """One row reader: the page imports zjtx.dataio's reader and types cells with dataio.cells."""
    text = (PKG / "ui" / "batch_view.py").read_text(encoding="utf-8")
    assert "from ..dataio.lines import" in text and "read_list" in text
    assert "field_for_header" not in text and "calamine" not in text and "iter_chunks" not in text
    lines = PKG / "dataio" / "lines.py"        # the page's list reader goes through read.py for both formats
    assert "from .read import" in lines.read_text(encoding="utf-8")
    assert not {"read_xlsx", "CalamineWorkbook", "open_csv", "read_csv"} & _called(lines)
    assert "python_calamine" not in _imports(lines)


def _called(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.func.id if isinstance(n.func, ast.Name) else n.func.attr for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute))}
