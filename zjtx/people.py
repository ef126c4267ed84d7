"""Screening results for people: Chinese (or English) headers and values, a summary sheet.

The machine columns of docs/cli.md (`S26.rd_ratio.status` = `fail`) stay the CLI default and
the contract; this module turns that frame into what an advisor hands to a client:

    行号 · 企业名称 · 读取错误 · 申报条件·结论 · 企业规模 · 专精特新·结论 · 专精特新·标准 · 专精特新·未达标项数 ·
    专精特新·接近程度名次 … · 专精特新·营业收入或股权融资·状态 · 专精特新·营业收入或股权融资·差距（万元） …

Values are 达标 / 未达标 / 信息不足 / 豁免 / 不适用. Only the rule sets some row was assessed under get
criterion columns (a list of new applications has no 2022 小巨人 columns). 行号 is the line a
spreadsheet shows (header = line 1). The XLSX adds a 汇总 sheet (companies per tier and verdict;
the criteria failed most often, by name and tier), a frozen header, a filter and column widths;
text is written as text cells, so a name like "=HYPERLINK(…)" is shown as typed and never run,
with no apostrophe. CSV has no cell types: there a formula-like cell keeps its leading apostrophe.
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from .dataio import InputError
from .dataio.write import csv_text_bytes, neutralise_series, save_bytes
from .engine import SIZE_CLASS_TEXT
from .fmt import UNIT_EN, gap_unit
from . import i18n
from .i18n import Text, pair
from .rank import RANK_TIERS, primary_thresholds
from .rules import RuleBook

TIERS = ("gate", *RANK_TIERS)
SHORT = {"gate": Text("申报条件", "Eligibility"), "specialized": Text("专精特新", "Specialized SME"),
         "little_giant": Text("小巨人", "Little Giant"), "innovative": Text("创新型", "Innovative SME"),
         "tech_sme": Text("科技型", "Tech-based SME")}
STATUS = {"pass": Text("达标", "Pass"), "fail": Text("未达标", "Fail"), "missing": Text("信息不足", "Missing"),
          "exempt": Text("豁免", "Exempt"), "not_applicable": Text("不适用", "N/A")}
VERDICT = {"meets": Text("达标", "Meets"), "fails": Text("未达标", "Does not meet"),
           "incomplete": Text("信息不足", "Incomplete")}
SEP = "·"
MAX_XLSX_ROWS = 1_048_575


def _h(lang: str, zh: str, en: str) -> str:
    return pair(zh, en).get(lang)


def _unit_text(unit: str, lang: str) -> str:
    g = gap_unit(unit)
    return pair(g, UNIT_EN.get(unit, g) if unit != "%" else "pp").get(lang)


@dataclass(frozen=True)
class _Col:
    source: str          # machine column
    header: str
    kind: str            # text | int | number | status | verdict | size | standard


def _ruleset_in_use(frame: pd.DataFrame, rs) -> bool:
    col = f"{rs.criteria[0].id}.status"
    return col in frame and bool((frame[col].astype(str) != "").any())


def columns(frame: pd.DataFrame, book: RuleBook, lang: str = "zh") -> list[_Col]:
    """The people columns for this screened frame, in order."""
    cols = [_Col("row", _h(lang, "行号", "Line"), "line"),
            _Col("company_name", _h(lang, "企业名称", "Company"), "text"),
            _Col("error", _h(lang, "读取错误", "Could not read"), "text"),
            _Col("gate.verdict", f"{SHORT['gate'].get(lang)}{SEP}{_h(lang, '结论', 'verdict')}", "verdict"),
            _Col("gate.size_class", _h(lang, "企业规模", "Size class"), "size")]
    for t in RANK_TIERS:
        name = SHORT[t].get(lang)
        cols += [_Col(f"{t}.verdict", f"{name}{SEP}{_h(lang, '结论', 'verdict')}", "verdict"),
                 _Col(f"{t}.standard", f"{name}{SEP}{_h(lang, '标准', 'standard')}", "standard"),
                 _Col(f"{t}.fails", f"{name}{SEP}{_h(lang, '未达标项数', 'failing criteria')}", "int"),
                 _Col(f"{t}.shortfall", f"{name}{SEP}{_h(lang, '差距合计', 'total shortfall')}", "number"),
                 _Col(f"{t}.rank", f"{name}{SEP}{_h(lang, '接近程度名次', 'closeness rank')}", "int")]
    quantitative = primary_thresholds(book)
    used = [rs for rs in book.rulesets.values() if _ruleset_in_use(frame, rs)]
    per_tier: dict[str, int] = {}
    for rs in used:
        per_tier[rs.tier] = per_tier.get(rs.tier, 0) + 1
    seen: set[str] = set()
    for rs in used:
        tier = SHORT[rs.tier].get(lang) + i18n.t("paren_after", lang, x=rs.standard) \
            if per_tier[rs.tier] > 1 else SHORT[rs.tier].get(lang)
        for c in rs.criteria:
            label = c.label.get(lang)
            base = f"{tier}{SEP}{label}"
            if base in seen:
                base = f"{base}（{c.id}）"
            seen.add(base)
            cols.append(_Col(f"{c.id}.status", f"{base}{SEP}{_h(lang, '状态', 'status')}", "status"))
            if c.id in quantitative:
                u = _unit_text(c.unit, lang)
                gap = _h(lang, f"差距（{u}）" if u else "差距", f"gap ({u})" if u else "gap")
                cols.append(_Col(f"{c.id}.gap", f"{base}{SEP}{gap}", "number"))
    return [c for c in cols if c.source in frame]


def _mapped(s: pd.Series, table: Mapping[str, Text], lang: str) -> pd.Series:
    text = s.astype(str)
    return text.map(lambda v: table[v].get(lang) if v in table else v).astype("category")


def people_frame(frame: pd.DataFrame, book: RuleBook, lang: str = "zh") -> pd.DataFrame:
    """The machine frame (zjtx.screen) → headers and values for people. Text is left as typed (the
    writers decide how to keep a formula-like cell inert)."""
    out: dict[str, Any] = {}
    for c in columns(frame, book, lang):
        s = frame[c.source]
        if c.kind == "line":
            out[c.header] = pd.to_numeric(s, errors="coerce").astype("Int64") + 1   # header = line 1
        elif c.kind == "status":
            out[c.header] = _mapped(s, STATUS, lang)
        elif c.kind == "verdict":
            out[c.header] = _mapped(s, VERDICT, lang)
        elif c.kind == "size":
            out[c.header] = _mapped(s, SIZE_CLASS_TEXT, lang)
        elif c.kind == "int":
            out[c.header] = pd.to_numeric(s, errors="coerce").astype("Int64")
        elif c.kind == "number":
            out[c.header] = pd.to_numeric(s, errors="coerce")
        else:
            out[c.header] = s.astype(str).where(s.notna(), "") if c.kind == "text" else s
    return pd.DataFrame(out)


# ------------------------------------------------------------------------------ summary

def tier_of(book: RuleBook) -> dict[str, tuple[str, str]]:
    """criterion id → (tier, standard)."""
    return {c.id: (rs.tier, rs.standard) for rs in book.rulesets.values() for c in rs.criteria}


def verdict_counts(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    readable = frame["error"].astype(str) == ""
    rows = []
    for t in TIERS:
        v = frame[f"{t}.verdict"].astype(str)[readable]
        rows.append({_h(lang, "层级", "Tier"): SHORT[t].get(lang),
                     **{VERDICT[k].get(lang): int((v == k).sum()) for k in ("meets", "fails", "incomplete")},
                     _h(lang, "无法读取", "Unreadable"): int((~readable).sum()),
                     _h(lang, "合计", "Total"): len(frame)})
    return pd.DataFrame(rows)


def most_failed(frame: pd.DataFrame, book: RuleBook, lang: str = "zh", top: int = 15) -> pd.DataFrame:
    """The criteria failed most often: tier (and standard), name, companies failing, share."""
    where = tier_of(book)
    n = max(len(frame), 1)
    rows = []
    for c in book.all_criteria():
        col = f"{c.id}.status"
        if col not in frame:
            continue
        k = int((frame[col].astype(str) == "fail").sum())
        if k:
            tier, std = where[c.id]
            rows.append((SHORT[tier].get(lang), std, c.label.get(lang), k, round(k / n * 100, 1),
                         c.id))
    rows.sort(key=lambda r: (-r[3], r[5]))
    cols = [_h(lang, "层级", "Tier"), _h(lang, "标准", "Standard"), _h(lang, "指标", "Criterion"),
            _h(lang, "未达标企业数（家）", "Companies failing"), _h(lang, "占全部企业（%）", "Share of companies (%)"),
            _h(lang, "指标编号", "Criterion id")]
    return pd.DataFrame(rows[:top], columns=cols)


def fail_labels(frame: pd.DataFrame, book: RuleBook, lang: str = "zh", top: int = 12) -> list[tuple[str, str, int]]:
    """(criterion id, "name · tier (standard)", companies failing) — for the batch page's chart."""
    df = most_failed(frame, book, lang, top)
    out = []
    for r in df.itertuples(index=False):
        tier, std, name, k, _, cid = r
        out.append((cid, pair(f"{name}{SEP}{tier}", f"{name} · {tier}").get(lang) + i18n.t("paren_after", lang, x=std),
                    int(k)))
    return out


# ------------------------------------------------------------------------------ writers

NOTE = Text("本表为自测筛查结果，不是认定结论；“自报”项以企业填报为准；发展评价得分以官方平台为准。"
            "接近程度名次：1 = 最接近达标。", "A self-check screening, not a recognition; self-declared items are "
            "taken as given; the development score comes from the official platform. Closeness rank 1 = closest to "
            "meeting.")


def people_xlsx_bytes(frame: pd.DataFrame, book: RuleBook, lang: str = "zh", meta: dict[str, Any] | None = None
                      ) -> bytes:
    from .dataio.write import Sheet, write_book
    if len(frame) > MAX_XLSX_ROWS:
        raise InputError(f"结果有 {len(frame)} 行，超过 Excel 的上限（1,048,575 行），请输出为 .csv",
                         f"{len(frame)} rows exceed Excel's limit; write a .csv instead")
    people = people_frame(frame, book, lang)
    counts, fails = verdict_counts(frame, lang), most_failed(frame, book, lang)
    info = [(k, str(v)) for k, v in (meta or {}).items()] + [(_h(lang, "说明", "Note"), NOTE.get(lang))]
    head = pd.DataFrame(info, columns=[_h(lang, "项目", "Item"), _h(lang, "内容", "Value")])
    buf = io.BytesIO()
    write_book(buf, [
        Sheet(_h(lang, "筛查结果", "Results"), people, freeze_rows=1, freeze_cols=2, autofilter=True),
        Sheet(_h(lang, "汇总", "Summary"), [
            (_h(lang, "各层级结论（家）", "Companies per tier and verdict"), counts),
            (_h(lang, "最常见的未达标指标", "Criteria failed most often"), fails),
            (_h(lang, "关于本表", "About this file"), head)]),
    ])
    return buf.getvalue()


def people_csv_bytes(frame: pd.DataFrame, book: RuleBook, lang: str = "zh") -> bytes:
    """CSV for people (UTF-8 with BOM for Excel). CSV has no text type, so a formula-like cell keeps a
    leading apostrophe here."""
    people = people_frame(frame, book, lang)
    for c in (_h(lang, "企业名称", "Company"), _h(lang, "读取错误", "Could not read")):
        if c in people:
            people[c] = neutralise_series(people[c].astype(str).str.replace(r"[\r\n]+", " ", regex=True))
    return csv_text_bytes(people)


def screen_people_file(src: str, dst: str, standard: str = "auto", lang: str = "zh") -> str:
    """`python -m zjtx screen IN -o OUT --format people`: screen in memory (a list for people is at
    most Excel-sized), then write CSV or XLSX for people."""
    from .dataio.cells import check_headers, ignored_text
    from .dataio.lines import read_list, renumber
    from .rules import rulebook
    from .screen import screen_table
    src_p, dst_p = Path(src), Path(dst)
    suffix = dst_p.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(f"输出文件须为 .csv 或 .xlsx：{dst_p.name}", f"output must be .csv or .xlsx: {dst_p.name}")
    if not dst_p.parent.exists():
        raise InputError(f"输出目录不存在：{dst_p.parent}", f"output folder does not exist: {dst_p.parent}")
    book = rulebook()
    listed = read_list(str(src_p))                  # blank rows skipped; rows keep their spreadsheet line
    ignored = check_headers(src_p.name, listed.headers)
    frame = renumber(screen_table(listed.headers, iter(listed.parts), standard, book, neutralise=False),
                     listed.lines, listed.records)
    if len(frame) > MAX_XLSX_ROWS:
        raise InputError(f"{src_p.name} 有 {len(frame)} 行，超过“people”格式的上限（{MAX_XLSX_ROWS:,} 行）；"
                         "请用默认的 machine 格式", f"{len(frame)} rows: too many for --format people; use machine")
    meta = {_h(lang, "输入文件", "Input file"): src_p.name,
            _h(lang, "标准选择", "Standard choice"): standard,
            _h(lang, "企业数", "Companies"): len(frame),
            _h(lang, "生成时间", "Generated"): _dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    data = people_xlsx_bytes(frame, book, lang, meta) if suffix == ".xlsx" else people_csv_bytes(frame, book, lang)
    save_bytes(dst_p, data)
    errors = int((frame["error"].astype(str) != "").sum())
    msg = f"已筛查 {len(frame)} 行，其中 {errors} 行有错误；结果（中文表头）已写入 {dst_p}"
    if ignored:
        msg += f"；已忽略未知列：{ignored_text(ignored)}"
    return msg
