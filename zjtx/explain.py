"""The sentences: every reason, period label and phrase the evaluator's results carry, in one place.

`zjtx.engine` decides (statuses, figures, gaps) and calls this module for the words: the one-sentence
reason of each criterion ("未达标：研发费用占营业收入比重（2025年）为 2.50%，低于要求的 3%，
差 0.50 个百分点…"),
the phrase of each part, a remedy in words, how an undecided score was counted, the not-applicable and
caveat sentences, the size classes' names — and the period labels, from one table (PERIODS) that the rules
document, the profile document, the batch template and the reasons all read.

Pure: no I/O; the engine's result types are only read (duck-typed), never imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping

from . import fmt
from .fields import FIELD
from .i18n import Text
from .indicators import Remedy
# the period labels: one table, zjtx.periods (fields.py needs it too, and this module imports fields.py)
from .periods import PERIODS, YEAR_OFFSET, fiscal_year, period_text  # noqa: F401  (re-exported)

if TYPE_CHECKING:       # pragma: no cover
    from .engine import ItemScore, Outcome, Part
    from .rules import Citation, Criterion


# ---------------------------------------------------------------------- other fixed words

SIZE_CLASS_TEXT = MappingProxyType({"large": Text("大型", "large"), "medium": Text("中型", "medium"),
                                    "small": Text("小型", "small"), "micro": Text("微型", "micro")})
ANY_OF_HINT = ("以上条件满足其一即可", "meeting any one of these would suffice")
YES_NO = MappingProxyType({True: ("是", "yes"), False: ("否", "no")})
INDUSTRY = ("所属行业", "Industry")


def sector(zh: str, en: str) -> tuple[str, str]:
    """The SME-size part's label: the industry the size table's bounds come from."""
    return f"行业：{zh}", f"Sector: {en}"


def chosen_by_hand(standard: str) -> tuple[str, str]:
    """Why a standard applies when the user picked it."""
    return f"已手动指定 {standard} 年标准", f"The {standard} standard was chosen by hand"


def not_applicable_reason(text: "Text", basis: "Citation | None") -> tuple[str, str]:
    """Why a criterion is not assessed, with the waiving notice when there is one."""
    src_zh, src_en = (f"（{basis.doc}）", f" ({basis.doc})") if basis is not None else ("", "")
    return f"不适用：{text.zh}{src_zh}。", f"Not applicable: {text.en}{src_en}."


def with_caveat(zh: str, en: str, caveat: "Text | None") -> tuple[str, str]:
    """A reason with the doubt the law leaves for this assessment appended."""
    if caveat is None:
        return zh, en
    return f"{zh}注意：{caveat.zh}", f"{en} Note: {caveat.en}"


# ------------------------------------------------------------------------ undecided scores

def bound_text(items: Iterable[ItemScore], best: bool, year: int) -> tuple[str, str]:
    """How the undecided items were counted: "未填写的地方特色指标按满分 15 分计" (best case) or
    "…按 0 分计" (worst case)."""
    zh, en = [], []
    for i in items:
        if i.lo == i.hi:
            continue
        name_zh = i.label_zh if i.label_zh.endswith("指标") else f"{i.label_zh}指标"
        short = FIELD[i.missing[0]].short_zh if len(i.missing) == 1 else ""
        own = bool(short) and (short in i.label_zh or i.label_zh in short)     # the item's own input
        if i.missing and own:
            dz, de = f"未填写的{name_zh}", f"the blank {i.label_en}"
        elif i.missing:
            fz, fe = field_list(i.missing, year)
            dz, de = f"{name_zh}（缺少{fz}）", f"{i.label_en} (missing {fe})"
        else:
            pz = "；".join(z for z, _ in i.problems) or "无法计算"
            pe = "; ".join(e for _, e in i.problems) or "cannot be computed"
            dz, de = f"无法计算的{name_zh}（{pz}）", f"{i.label_en}, which cannot be computed ({pe})"
        pts = i.hi if best else i.lo
        pz_ = fmt.with_unit(pts, "分")
        pe_ = fmt.with_unit(pts, "分", "en")
        if best:
            how_zh = f"按满分 {pz_}计" if i.hi == i.max else f"按最高可得的 {pz_}计"
            how_en = f"at its full {pe_}" if i.hi == i.max else f"at the most it could score, {pe_}"
        else:
            how_zh = "按 0 分计" if i.lo == 0 else f"按最低可得的 {pz_}计"
            how_en = "at 0 points" if i.lo == 0 else f"at the least it could score, {pe_}"
        zh.append(f"{dz}{how_zh}")
        en.append(f"counting {de} {how_en}")
    return "、".join(zh), "; ".join(en)


# ------------------------------------------------------------------------------ reasons

_OK = {">=": ("不低于", "at least"), "<=": ("不高于", "at most"), ">": ("高于", "above"), "<": ("低于", "below")}
_NOT = {">=": ("低于", "below"), "<=": ("高于", "above"), ">": ("未高于", "not above"), "<": ("未低于", "not below")}


def _year_zh(p: Part) -> str:
    return f"（{p.year}年）" if p.year else ""


def _year_en(p: Part) -> str:
    return f" (FY{p.year})" if p.year else ""


def field_list(names: Iterable[str], year: int) -> tuple[str, str]:
    zh, en = [], []
    for n in dict.fromkeys(names):
        f = FIELD[n]
        fy = year - YEAR_OFFSET[f.period] if f.period in YEAR_OFFSET else None
        zh.append(f.short_zh + (f"（{fy}年）" if fy else ""))
        en.append(f.short_en + (f" (FY{fy})" if fy else ""))
    return "、".join(zh), ", ".join(en)


def remedy_text(r: Remedy, year: int) -> tuple[str, str]:
    f = FIELD[r.field]
    amt = fmt.round_gap(r.amount, r.unit)
    fy = year - YEAR_OFFSET[f.period] if f.period in YEAR_OFFSET else None
    yz, ye = (f"{fy}年", f" in FY{fy}") if fy else ("", "")
    how_zh = f"{r.how_zh}时，" if r.how_zh else ""
    how_en = f" ({r.how_en})" if r.how_en else ""
    if r.direction == "decrease" and r.field == "total_liabilities":
        if r.routes:                # every possible balance-sheet move, each named (its assumption)
            zh = "，或".join(f"{x.label_zh}约 {fmt.with_unit(fmt.round_gap(x.amount, '万元'), '万元')}" for x in r.routes)
            en = ", or ".join(f"{x.label_en} about {fmt.with_unit(fmt.round_gap(x.amount, '万元'), '万元', 'en')}"
                              for x in r.routes)
            return (zh.replace("以现金偿还负债约", "需以现金偿还负债约", 1) if r.routes[0].move == "repay" else f"可{zh}"), en
        return (f"{how_zh}需偿还负债约 {fmt.with_unit(amt, r.unit)}",
                f"repay about {fmt.with_unit(amt, r.unit, 'en')} of liabilities{how_en}")
    verb_zh, verb_en = ("增加", "raise") if r.direction == "increase" else ("减少", "cut")
    return (f"{how_zh}需{verb_zh}{yz}{f.short_zh}约 {fmt.with_unit(amt, r.unit)}",
            f"{verb_en} {f.short_en.lower()}{ye} by about {fmt.with_unit(amt, r.unit, 'en')}{how_en}")


def phrase(p: Part, year: int) -> tuple[str, str]:
    if p.kind in ("flag", "member", "size") and p.status != "missing":
        if p.kind == "size":
            cls = f"（{p.value_zh}）" if p.value_zh else ""
            cls_en = f" ({p.value_en})" if p.value_en else ""
            return (f"{p.label_zh}，{'属于' if p.status == 'pass' else '不属于'}中小企业{cls}",
                    f"{p.label_en}: {'an SME' if p.status == 'pass' else 'not an SME'}{cls_en}")
        if p.status == "pass":
            return f"{p.label_zh}：{p.value_zh}", f"{p.label_en}: {p.value_en}"
        want = f"（须为：{p.expect_zh}）" if p.kind == "member" else ""
        want_en = f" (needs: {p.expect_en})" if p.kind == "member" else ""
        return f"{p.label_zh}：{p.value_zh}{want}", f"{p.label_en}: {p.value_en}{want_en}"
    if p.status == "missing":
        if p.problem:
            return p.problem
        fz, fe = field_list(p.missing, year)
        return f"缺少{fz}", f"missing {fe}"
    if p.kind == "band":
        return (f"{p.label_zh}（{fmt.with_unit(p.actual, p.unit)}）",
                f"{p.label_en} ({fmt.with_unit(p.actual, p.unit, 'en')})")
    a, t = fmt.with_unit(p.actual, p.unit), fmt.with_unit(p.threshold, p.unit)
    ae, te = fmt.with_unit(p.actual, p.unit, "en"), fmt.with_unit(p.threshold, p.unit, "en")
    if p.kind == "score" and p.bound_zh:
        return _bound_phrase(p, a, t, ae, te)
    if p.unit == "名" and p.op == "<=":      # ranks: 1 = first, "≤ 3" means "in the top 3"
        top = fmt.num(p.threshold, "名")
        if p.status == "pass":
            return f"{p.label_zh}{_year_zh(p)}为{a}，在前 {top} 名以内", f"{p.label_en}{_year_en(p)} {ae}, within the top {top}"
        return f"{p.label_zh}{_year_zh(p)}为{a}，未进入前 {top} 名", f"{p.label_en}{_year_en(p)} {ae}, outside the top {top}"
    if p.status == "pass":
        return (f"{p.label_zh}{_year_zh(p)}为 {a}，{_OK[p.op][0]} {t}",
                f"{p.label_en}{_year_en(p)} {ae}, {_OK[p.op][1]} {te}")
    a = fmt.with_unit(p.actual, p.unit, versus=p.threshold)
    ae = fmt.with_unit(p.actual, p.unit, "en", versus=p.threshold)
    if p.gap is None:      # a classification bound (SME size): no gap to close
        return (f"{p.label_zh}{_year_zh(p)}为 {a}，{_NOT[p.op][0]} {t}",
                f"{p.label_en}{_year_en(p)} {ae}, {_NOT[p.op][1]} {te}")
    g = fmt.round_gap(p.gap, fmt.gap_unit(p.unit))
    return (f"{p.label_zh}{_year_zh(p)}为 {a}，{_NOT[p.op][0]}要求的 {t}，差 {fmt.gap_text(g, p.unit)}",
            f"{p.label_en}{_year_en(p)} {ae}, {_NOT[p.op][1]} the required {te}, short by {fmt.gap_text(g, p.unit, 'en')}")


def _bound_phrase(p: Part, a: str, t: str, ae: str, te: str) -> tuple[str, str]:
    """A score known only as an interval that still decides the criterion: the bound is not the
    company's score ("未填写的地方特色指标按满分 15 分计，最高 59 分，仍低于 60 分")."""
    upper = (p.status == "fail") == (p.op in (">=", ">"))
    word_zh, word_en = ("最高", "at most") if upper else ("最低", "at least")
    if p.status == "fail":
        g = fmt.round_gap(p.gap, fmt.gap_unit(p.unit))
        return (f"{p.label_zh}：{p.bound_zh}，{word_zh} {a}，仍{_NOT[p.op][0]} {t}（至少差 {fmt.gap_text(g, p.unit)}）",
                f"{p.label_en}: {p.bound_en}, {word_en} {ae}, still {_NOT[p.op][1]} {te} "
                f"(short by at least {fmt.gap_text(g, p.unit, 'en')})")
    return (f"{p.label_zh}：{p.bound_zh}，{word_zh}也有 {a}，已{_OK[p.op][0]} {t}",
            f"{p.label_en}: {p.bound_en}, {word_en} {ae}, already {_OK[p.op][1]} {te}")


def explain(status: str, o: Outcome, ex: Outcome | None, c: Criterion, y: int) -> tuple[str, str]:
    """The one-sentence reason, in Chinese and English, for a criterion's status."""
    if status == "exempt" and ex is not None:
        zh = [phrase(p, y)[0] for p in ex.why]
        en = [phrase(p, y)[1] for p in ex.why]
        return (f"免于考核：{c.exempt.zh}（{'；'.join(zh)}）。", f"Exempt: {c.exempt.en} ({'; '.join(en)}).")
    why = list(o.why)
    if status == "missing" and ex is not None and ex.status == "missing":
        why += list(ex.why)
    phrases = [phrase(p, y) for p in why]
    extra = list(o.why_text) if status == "fail" else []
    if status == "missing":
        # one "缺少…" line listing every missing input, then any computation problems
        miss = [f for p in why if p.status == "missing" for f in p.missing]
        probs = [p.problem for p in why if p.problem]
        zh, en = [], []
        if miss:
            fz, fe = field_list(miss, y)
            zh.append(f"缺少{fz}")
            en.append(f"missing {fe}")
        for pz, pe in probs:
            zh.append(pz)
            en.append(pe)
        for p in why:
            if p.kind == "score" and p.status == "missing" and p.lo is not None:
                lo, hi = fmt.num(p.lo, "分"), fmt.with_unit(p.hi, "分")
                zh.append(f"{p.label_zh}可能在 {lo}–{hi}之间，要求{_OK[p.op][0]} {fmt.with_unit(p.threshold, '分')}")
                en.append(f"{p.label_en} could be {lo}–{fmt.with_unit(p.hi, '分', 'en')}, "
                          f"against {_OK[p.op][1]} {fmt.with_unit(p.threshold, '分', 'en')}")
        known = [ph for p, ph in zip(why, phrases) if p.status == "fail"]
        for kz, ke in known:
            zh.append(kz)
            en.append(ke)
        if ex is not None and ex.status == "missing":
            zh.append(f"也可能适用豁免（{c.exempt.zh}）")
            en.append(f"an exemption may apply ({c.exempt.en})")
        return f"信息不足：{'；'.join(zh)}。", f"Not enough information: {'; '.join(en)}."
    zh = [ph[0] for ph in phrases]
    en = [ph[1] for ph in phrases]
    if status == "pass":
        lead = [t[0] for t in o.why_text]
        lead_en = [t[1] for t in o.why_text]
        head_zh = f" · {lead[0]}" if lead else ""
        head_en = f" · {lead_en[0]}" if lead_en else ""
        return f"达标{head_zh}：{'；'.join(zh)}。", f"Meets{head_en}: {'; '.join(en)}."
    for p in why:
        if p.status == "fail" and p.remedy is not None:
            rz, re_ = remedy_text(p.remedy, y)
            idx = why.index(p)
            zh[idx] += f"（{rz}）"
            en[idx] += f" ({re_})"
    tail_zh = f"；{extra[0][0]}" if extra else ""
    tail_en = f"; {extra[0][1]}" if extra else ""
    return f"未达标：{'；'.join(zh)}{tail_zh}。", f"Does not meet: {'; '.join(en)}{tail_en}."
