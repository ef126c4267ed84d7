"""规划 / Plan page: the ladder, the minimal-change plan, the multi-year projection and scenarios.

Render only: plans come from zjtx.plan, projections from zjtx.project, the ladder from
zjtx.ladder, figures from zjtx.charts_plan. Results are memoised in the user's own session on the
profile's content (never module-level). Scenarios live in the session only and never touch the
baseline profile.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

from .. import charts_plan, fmt, present
from .. import scenarios as sc
from ..engine import TIERS, evaluate
from ..fields import FIELD
from ..limits import markdown_literal
from ..i18n import Text, colon, pair, t
from ..ladder import ladder
from ..plan import LEVER, LEVER_TEXT, Plan, PlanError, plan
from ..profile import ProfileError, parse_profile
from ..project import MAX_YEARS, AssumptionError, YearAssumptions, assumption_text, project
from ..rules import rulebook
from . import inputs, state, views

PLAN_TIERS = ("specialized", "little_giant", "innovative", "tech_sme")
LOCK_CHOICES = ("revenue_y1", "main_revenue_y1", "rd_expense_y1", "rd_expense_y2", "equity_y1", "equity_y2",
                "total_assets", "total_liabilities", "repay", "convert")
KEY_FIGURES = ("revenue_y1", "main_revenue_y1", "revenue_y2", "revenue_y3", "rd_expense_y1", "rd_expense_y2",
               "equity_y1", "equity_y2", "total_assets", "total_liabilities", "segment_years", "class1_ip",
               "dev_score_current", "market_share_domestic")
CACHE_SIZE = 32

_CSS = """
<style>
.st-key-rung-next { border: 2px solid #1F5AA6 !important; background: #F3F7FD; }
[class*="st-key-rung-"] p { margin-bottom: 0.25rem; }
.st-key-plan-actions ol li { margin-bottom: 0.2rem; }
</style>
"""


# ------------------------------------------------------------------------------ memo

def _memo(kind: str, key: Any, fn):
    cache = st.session_state.setdefault(state.PLAN_CACHE, {})
    k = (kind, key)
    if k in cache:
        return cache[k]
    v = fn()
    cache[k] = v
    while len(cache) > CACHE_SIZE:
        cache.pop(next(iter(cache)))
    return v


def _sig(profile: Any) -> str:
    return profile.model_dump_json()


def _tier_name(tier: str, lang: str) -> str:
    return t(tier, lang)


def _lock_label(x: str, lang: str, year: int) -> str:
    if x in LEVER and x not in FIELD:
        name = LEVER_TEXT[LEVER[x].kind].name.get(lang)
        return name[:1].upper() + name[1:]            # (an English name starts a label; Chinese has no case)
    spec = FIELD[x]
    off = {"y1": 1, "y2": 2, "y3": 3}.get(spec.period)
    base = spec.short.get(lang)
    if off:
        return t("with_fy", lang, base=base, year=year - off)
    return base


# ------------------------------------------------------------------------------ assumptions

def _assumptions(lang: str) -> tuple[int, list[YearAssumptions], bool]:
    """(years, one YearAssumptions per projected year, titles follow the ladder) from the session."""
    o = state.page_opts(state.PROJ_OPTS)
    years = int(o.get("years", MAX_YEARS))

    def d(v):
        return None if v is None or (isinstance(v, float) and v != v) else Decimal(str(v))
    base = YearAssumptions(revenue_growth=d(o.get("growth")), main_share=d(o.get("share")),
                           rd_ratio=d(o.get("rd_value")) if o.get("rd_mode", "ratio") == "ratio" else None,
                           rd_amount=d(o.get("rd_value")) if o.get("rd_mode") == "amount" else None,
                           debt_ratio=d(o.get("debt")), new_ip=int(o["ip"]) if o.get("ip") is not None else None,
                           score=d(o.get("score")), new_equity=d(o.get("equity")))
    per = [base] * years
    table = o.get("table") if o.get("per_year") else None
    if table:
        per = []
        for i in range(years):
            r = table[min(i, len(table) - 1)]
            per.append(YearAssumptions(revenue_growth=d(r.get("growth")), main_share=d(r.get("share")),
                                       rd_ratio=d(r.get("rd_ratio")), rd_amount=d(r.get("rd_amount")),
                                       debt_ratio=d(r.get("debt")),
                                       new_ip=int(r["ip"]) if r.get("ip") not in (None, "") and r.get("ip") == r.get("ip") else None,
                                       score=d(r.get("score")), new_equity=d(r.get("equity"))))
    return years, per, bool(o.get("ladder", True))


def _projection(profile: Any, lang: str):
    years, per, titles = _assumptions(lang)
    key = (_sig(profile), state.standard(), years, tuple(per), titles)
    try:
        return _memo("project", key, lambda: project(profile, rulebook(), years, per, state.standard(), titles))
    except AssumptionError as exc:
        st.error(t("proj_bad", lang, msg=exc.get(lang)))
        return _memo("project", key[:2] + (years,), lambda: project(profile, rulebook(), years, None, state.standard()))


def _plan(profile: Any, tier: str, locks: tuple[str, ...] = (), for_year: int | None = None,
          alternatives: bool = True) -> Plan | None:
    per = None
    if for_year is not None:
        _, per, _ = _assumptions("zh")
    key = (_sig(profile), tier, state.standard(), locks, for_year, tuple(per or ()), alternatives)
    try:
        return _memo("plan", key, lambda: plan(profile, rulebook(), tier, state.standard(), locks, for_year, per,
                                               alternatives=alternatives))
    except (PlanError, AssumptionError):
        return None


# ------------------------------------------------------------------------------ ladder

def ladder_section(profile: Any, a, lang: str) -> None:
    st.subheader(t("ladder_title", lang), anchor="ladder")
    pr = _projection(profile, lang)
    rungs = ladder(profile, a, lambda tier: _plan(profile, tier, alternatives=False), pr)
    cols = st.columns(len(rungs))
    years = len(pr.years) - 1
    for i, (col, r) in enumerate(zip(cols, rungs)):
        with col:
            key = "rung-next" if r.next_target else f"rung-{r.id}"
            with st.container(border=True, key=key):
                badge = f" :blue-background[{t('ladder_next', lang)}]" if r.next_target else ""
                st.markdown(f"**{'①②③'[i]} {r.title.get(lang)}**{badge}")
                held = t("ladder_held", lang) if r.held else t("ladder_not_held", lang)
                st.markdown(f"{t('ladder_now', lang)}{colon(lang)}{views.verdict_badge(r.verdict, lang)} · {held}")
                first = (t("ladder_first_year", lang, year=r.first_year) if r.first_year is not None
                         else t("ladder_not_within", lang, years=years))
                st.markdown(f"{t('ladder_plan', lang)}{colon(lang)}{r.headline.get(lang)}")
                st.markdown(f"{t('ladder_first', lang)}{colon(lang)}**{first}**")
                st.caption(f"{t('ladder_prereq', lang)}{colon(lang)}{r.prerequisite.get(lang)}")
    st.caption(t("ladder_caption", lang))
    return rungs


# ------------------------------------------------------------------------------ plan tab

def _labels(a) -> dict[str, Text]:
    return {c.id: c.label for c in a.all_criteria()}


def _route_block(route, a_labels, lang: str, tier: str, key: str) -> None:
    if route.actions:
        lines = []
        for i, act in enumerate(route.actions, 1):
            buys = [a_labels[b].get(lang) if b in a_labels else b for b in act.buys]
            tail = f" → {t('list_sep', lang).join(buys)}" if buys else ""
            lines.append(f"{i}. **{act.text.get(lang)}**{tail}  \n"
                         f"<small>{t('plan_assumes', lang)}{colon(lang)}"
                         f"{act.assumption.get(lang)}</small>")
        with st.container(key=f"plan-actions-{key}"):
            st.markdown("\n".join(lines), unsafe_allow_html=True)
    if route.requirements:
        st.markdown(f"**{t('plan_requirements', lang)}**")
        st.markdown("\n".join(f"- {q.text.get(lang)}" for q in route.requirements))
    if route.actions and not route.requirements:
        st.markdown(t("plan_all_done", lang, tier=_tier_name(tier, lang),
                      verdict=views.verdict_badge(route.verdict_after, lang)))
    elif route.actions:
        st.markdown(t("plan_after_money", lang, verdict=views.verdict_badge(route.verdict_after, lang),
                      n=len(route.requirements)))


def _apply(route, tier: str, lang_: str, baseline_raw: dict) -> None:
    """Callback: a new scenario from a route (the baseline is copied, never changed)."""
    items = state.scenarios()
    name = sc.unique_name(items, t("scen_plan_name", lang_, tier=t(f"{tier}_short", lang_) if tier in
                                   ("specialized", "little_giant") else t(tier, lang_)))
    raw = sc.raw_from_profile(route.profile_after, baseline_raw)
    note = tuple(t("scen_note_plan", lg, tier=t(tier, lg)) + colon(lg) + label
                 for lg, label in (("zh", route.label_zh), ("en", route.label_en)))
    try:
        state.set_scenarios(sc.add(items, name, raw, note))
    except sc.ScenarioError as exc:
        _say("error", exc.zh, exc.en)
        return
    v = route.verdict_after
    _say("success", t("plan_applied", "zh", name=name, tier=t(tier, "zh"), verdict=t(f"verdict_{v}", "zh")),
         t("plan_applied", "en", name=name, tier=t(tier, "en"), verdict=t(f"verdict_{v}", "en")))


def _say(kind: str, zh: str, en: str) -> None:
    st.session_state[state.PLAN_MSG] = (kind, zh, en)


def _said(lang: str) -> None:
    msg = st.session_state.pop(state.PLAN_MSG, None)
    if msg:
        kind, zh, en = msg
        getattr(st, kind)(pair(zh, en).get(lang))


def plan_tab(profile: Any, a, lang: str, default_tier: str) -> None:
    o = state.page_opts(state.PLAN_OPTS)
    year = int(profile.assessment_year)
    c1, c2 = st.columns([3, 2])
    with c1:
        tk = state.lang_key("zjtx:plan:tier")
        if tk not in st.session_state:
            st.session_state[tk] = o.get("tier", default_tier)
        tier = st.segmented_control(t("plan_tier", lang), PLAN_TIERS, key=tk, required=True,
                                    format_func=lambda v: t(f"tier_short_{v}", lang)) or default_tier
        o["tier"] = tier
    with c2:
        yk = state.lang_key("zjtx:plan:year")
        options = [year + k for k in range(0, MAX_YEARS + 1)]     # A = this application, later = plan ahead
        if yk not in st.session_state or st.session_state[yk] not in options:
            st.session_state[yk] = o.get("year") if o.get("year") in options else year
        chosen = st.selectbox(t("plan_year", lang), options, key=yk,
                              format_func=lambda v: t("plan_year_now", lang, year=year) if v == year
                              else t("plan_year_ahead", lang, year=v))
        o["year"] = chosen
        for_year = None if chosen == year else chosen
    lk = state.lang_key("zjtx:plan:locks")
    if lk not in st.session_state:
        st.session_state[lk] = [x for x in o.get("locks", []) if x in LOCK_CHOICES]
    locks = st.multiselect(t("plan_locks", lang), LOCK_CHOICES, key=lk, help=t("plan_locks_help", lang),
                           format_func=lambda x: _lock_label(x, lang, year), placeholder=t("plan_no_locks", lang))
    o["locks"] = list(locks)
    tier_obj = a.tiers[tier]
    st.caption(t("plan_standard", lang, std=tier_obj.standard))
    p = _plan(profile, tier, tuple(locks), for_year)
    if p is None:
        st.error(t("plan_none", lang))
        return
    if for_year is not None:
        st.info(t("plan_forward_note", lang, last=year - 1, first=year, end=for_year - 1))
    labels = _labels(p.best.assessment_after or a)
    with st.container(border=True, key="plan-headline"):
        st.markdown(f"{t('plan_now', lang)}{colon(lang)}{views.verdict_badge(p.verdict_before, lang)} → "
                    f"{t('plan_after', lang)}{colon(lang)}{views.verdict_badge(p.best.verdict_after, lang)} · "
                    f"{t('plan_cost', lang)}{colon(lang)}**{fmt.with_unit(p.best.cost, '万元', lang)}** · "
                    f"{t('plan_reqs', lang)}{colon(lang)}**{len(p.requirements)}**")
    name = _tier_name(tier, lang)
    if p.verdict_before == "meets" and not p.changes:
        st.success(t("plan_meets_now", lang, tier=name))
    elif p.reachable:
        st.success(t("plan_reachable", lang, tier=name))
    elif p.requirements:
        st.warning(t("plan_not_reachable", lang, n=len(p.requirements)))
    if p.best.actions or p.requirements:
        st.markdown(f"#### {t('plan_actions', lang)}" if p.best.actions else "")
        _route_block(p.best, labels, lang, tier, "best")
    baseline_raw = state.raw_profile()
    if p.best.actions:
        st.button(t("plan_apply", lang), key="plan-apply-best", type="primary", icon=":material/add_circle:",
                  on_click=_apply, args=(p.best, tier, lang, baseline_raw))
    _said(lang)
    if p.alternatives:
        st.markdown(f"#### {t('plan_alternatives', lang)}")
        for i, r in enumerate(p.alternatives):
            head = f"{r.label.get(lang)} · {t('plan_alt_line', lang, cost=fmt.with_unit(r.cost, '万元', lang))}"
            if r.requirements:
                head += f" · {t('plan_alt_reqs', lang, n=len(r.requirements))}"
            with st.expander(head):
                _route_block(r, labels, lang, tier, f"alt{i}")
                st.button(t("plan_apply", lang), key=f"plan-apply-alt-{i}", on_click=_apply,
                          args=(r, tier, lang, baseline_raw))
    with st.expander(t("plan_assumptions", lang)):
        st.markdown("\n".join(f"- {pair(z, e).get(lang)}" for z, e in p.assumptions))


# ------------------------------------------------------------------------------ projection tab

def _num_input(label: str, o: dict, name: str, lo: float, hi: float, step: float, lang: str,
               blank: str = "proj_keep", integer: bool = False) -> None:
    """A clearable number box whose value outlives the page (copied into the session dict `o`)."""
    k = f"zjtx:proj:{name}"
    if k not in st.session_state:
        st.session_state[k] = o.get(name)
    v = st.number_input(label, value=None, key=k, min_value=int(lo) if integer else lo,
                        max_value=int(hi) if integer else hi, step=int(step) if integer else step,
                        placeholder=t(blank, lang), format="%d" if integer else "%.2f")
    o[name] = v


def projection_tab(lang: str) -> None:
    o = state.page_opts(state.PROJ_OPTS)
    items = state.scenarios()
    names = [None] + [s.name for s in items]
    sk = "zjtx:proj:subject"
    if st.session_state.get(sk) not in names:
        st.session_state[sk] = None
    subject = st.selectbox(t("proj_subject", lang), names, key=sk,
                           format_func=lambda v: t("scen_baseline", lang) if v is None else v)
    profile = _scenario_profile(subject) if subject else state.parsed()[0]
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        yk = "zjtx:proj:years"
        if yk not in st.session_state:
            st.session_state[yk] = int(o.get("years", MAX_YEARS))
        o["years"] = st.slider(t("proj_years", lang), 1, MAX_YEARS, key=yk)
    with c2:
        _num_input(t("proj_growth", lang), o, "growth", -99.0, 1000.0, 1.0, lang, "proj_zero")
    with c3:
        _num_input(t("proj_share", lang), o, "share", 0.0, 100.0, 1.0, lang)
    with c4:
        _num_input(t("proj_debt", lang), o, "debt", 0.0, 1000.0, 1.0, lang)
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        mk = state.lang_key("zjtx:proj:rd_mode")
        if mk not in st.session_state:
            st.session_state[mk] = o.get("rd_mode", "ratio")
        o["rd_mode"] = st.radio(t("proj_rd_mode", lang), ("ratio", "amount"), key=mk, horizontal=True,
                                format_func=lambda v: t(f"proj_rd_{v}_short", lang)) or "ratio"
        _num_input(t(f"proj_rd_{o['rd_mode']}", lang), o, "rd_value", 0.0,
                   100.0 if o["rd_mode"] == "ratio" else 1e12, 0.1 if o["rd_mode"] == "ratio" else 10.0, lang)
    with c2:
        _num_input(t("proj_ip", lang), o, "ip", 0, 10000, 1, lang, "proj_zero", integer=True)
    with c3:
        _num_input(t("proj_score", lang), o, "score", 0.0, 100.0, 1.0, lang, "proj_unchanged")
    with c4:
        _num_input(t("proj_equity", lang), o, "equity", 0.0, 1e12, 100.0, lang, "proj_zero")
    lk = "zjtx:proj:ladder"
    if lk not in st.session_state:
        st.session_state[lk] = bool(o.get("ladder", True))
    o["ladder"] = st.checkbox(t("proj_ladder", lang), key=lk)
    pk = "zjtx:proj:per_year"
    if pk not in st.session_state:
        st.session_state[pk] = bool(o.get("per_year", False))
    o["per_year"] = st.toggle(t("proj_per_year", lang), key=pk)
    year = int(profile.assessment_year)
    if o["per_year"]:
        _per_year_editor(o, year, lang)
    pr = _projection(profile, lang)
    labels = {c.id: c.label.get(lang) for y in pr.years for c in y.assessment.all_criteria()}
    st.plotly_chart(charts_plan.timeline_chart(pr, lang, labels), key="plan-timeline", config=views.CHART_CONFIG)
    st.caption(t("timeline_legend", lang))
    st.markdown(f"**{t('proj_first', lang)}**")
    lines = []
    sep = t("list_sep", lang)
    for tier in TIERS:
        fy = pr.first_year[tier]
        if fy is not None:
            lines.append("- " + t("proj_first_line", lang, tier=t(tier, lang), year=fy))
        else:
            what = sep.join(labels.get(c, c) for c in pr.binding.get(tier, ()))
            lines.append("- " + t("proj_never", lang, tier=t(tier, lang), what=what))
    st.markdown("\n".join(lines))
    with st.expander(t("proj_assumptions", lang)):
        st.markdown("\n".join(f"- {y.assessment_year - 1}{colon(lang)}{assumption_text(y.assumptions, lang)}"
                              for y in pr.years[1:]))


def _per_year_editor(o: dict, year: int, lang: str) -> None:
    n = int(o.get("years", MAX_YEARS))
    cols = ("growth", "share", "rd_ratio", "rd_amount", "debt", "ip", "score", "equity")
    default = {"growth": o.get("growth"), "share": o.get("share"),
               "rd_ratio": o.get("rd_value") if o.get("rd_mode", "ratio") == "ratio" else None,
               "rd_amount": o.get("rd_value") if o.get("rd_mode") == "amount" else None,
               "debt": o.get("debt"), "ip": o.get("ip"), "score": o.get("score"), "equity": o.get("equity")}
    table = list(o.get("table") or [])
    rows = [{**default, **(table[i] if i < len(table) else {})} for i in range(n)]
    df = pd.DataFrame(rows, columns=cols, index=[str(year - 1 + i) for i in range(n)], dtype="float64")
    labels = {"growth": t("proj_growth", lang), "share": t("proj_share", lang), "rd_ratio": t("proj_rd_ratio", lang),
              "rd_amount": t("proj_rd_amount", lang), "debt": t("proj_debt", lang), "ip": t("proj_ip", lang),
              "score": t("proj_score", lang), "equity": t("proj_equity", lang)}
    limits = {"growth": (-99, 1000), "share": (0, 100), "rd_ratio": (0, 100), "rd_amount": (0, 1e12),
              "debt": (0, 1000), "ip": (0, 10000), "score": (0, 100), "equity": (0, 1e12)}
    cfg = {c: st.column_config.NumberColumn(labels[c], min_value=limits[c][0], max_value=limits[c][1],
                                            step=1 if c == "ip" else 0.01) for c in cols}
    edited = st.data_editor(df, key=f"zjtx:proj:table:{n}", column_config=cfg, num_rows="fixed",
                            width="stretch")
    o["table"] = [{c: (None if pd.isna(v) else float(v)) for c, v in r.items()} for r in edited.to_dict("records")]


# ------------------------------------------------------------------------------ scenarios tab

def _scenario_profile(name: str):
    s = sc.get(state.scenarios(), name)
    if s is None:
        return state.parsed()[0]
    key = tuple(sorted((k, str(v)) for k, v in s.raw.items()))
    return _memo("scenario", key, lambda: parse_profile(s.data()))


def _new_scenario(lang_: str) -> None:
    items = state.scenarios()
    name = sc.unique_name(items, t("scen_default_name", lang_) + f" {len(items) + 1}")
    try:
        state.set_scenarios(sc.add(items, name, state.raw_profile()))
    except sc.ScenarioError as exc:
        _say("error", exc.zh, exc.en)


def _delete(name: str) -> None:
    state.set_scenarios(sc.remove(state.scenarios(), name))


def _rename(old: str, key: str) -> None:
    try:
        state.set_scenarios(sc.rename(state.scenarios(), old, st.session_state.get(key, "")))
    except sc.ScenarioError as exc:
        _say("error", exc.zh, exc.en)


def _to_cell(v: Any) -> float | None:
    if v is None or v == "":
        return None
    try:
        return float(Decimal(str(v)))
    except Exception:
        return None


def scenarios_tab(lang: str) -> None:
    items = state.scenarios()
    st.button(t("scen_new", lang), key="scen-new", icon=":material/content_copy:", on_click=_new_scenario,
              args=(lang,), disabled=len(items) >= sc.MAX_SCENARIOS)
    _said(lang)
    if not items:
        st.info(t("scen_none", lang))
    for i, s in enumerate(items):
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        with c1:
            key = f"zjtx:scen:name:{i}:{s.name}"
            st.text_input(t("scen_name", lang), value=s.name, key=key, max_chars=sc.MAX_NAME,
                          on_change=_rename, args=(s.name, key))
            if s.note_zh:
                st.caption(s.note.get(lang))
        with c2:
            st.button(t("scen_delete", lang), key=f"scen-del-{i}-{s.name}", icon=":material/delete:",
                      on_click=_delete, args=(s.name,))
    base_profile, _ = state.parsed()
    named = [(t("scen_baseline", lang), base_profile)] + [(s.name, _scenario_profile(s.name)) for s in items]
    if items:
        _figures_editor(items, base_profile, lang)
        named = [(t("scen_baseline", lang), base_profile)] + [(s.name, _scenario_profile(s.name))
                                                               for s in state.scenarios()]
    std = state.standard()
    results = [(n, _memo("eval", (_sig(p), std), lambda p=p: evaluate(p, rulebook(), std))) for n, p in named]
    st.markdown(f"#### {t('scen_verdicts', lang)}")
    rows = []
    for tier in ("gate", *TIERS):
        row = {t("col_tier", lang): t(tier, lang)}
        for n, a in results:
            tr = a.gate if tier == "gate" else a.tiers[tier]
            std_txt = t("paren_after", lang, x=tr.standard) if tier != "gate" else ""
            row[n] = f"{present.VERDICT_ICON[tr.verdict]} {present.verdict_text(tr.verdict, lang)}{std_txt}"
        rows.append(row)
    views.static_table(pd.DataFrame(rows), "scen-verdicts")
    tk = state.lang_key("zjtx:scen:tier")
    if tk not in st.session_state:
        st.session_state[tk] = "specialized"
    tier = st.segmented_control(t("scen_tier", lang), PLAN_TIERS, key=tk, required=True,
                                format_func=lambda v: t(f"tier_short_{v}", lang)) or "specialized"
    st.plotly_chart(charts_plan.scenario_radar([(n, a.tiers[tier]) for n, a in results], lang),
                    key="scen-radar", config=views.CHART_CONFIG)
    st.markdown(f"#### {t('scen_criteria', lang)}")
    ids: list[str] = []
    label: dict[str, str] = {}
    for _, a in results:
        for c in (*a.gate.criteria, *a.tiers[tier].criteria):
            if c.id not in label:
                ids.append(c.id)
                label[c.id] = present.label(c, lang)
    crit_rows = []
    for cid in ids:
        row = {t("col_criterion", lang): label[cid]}
        for n, a in results:
            c = next((x for x in (*a.gate.criteria, *a.tiers[tier].criteria) if x.id == cid), None)
            if c is None:
                row[n] = "—"
                continue
            cell = f"{present.STATUS_ICON[c.status]} {present.status_text(c.status, lang)}"
            if c.actual is not None:
                cell += f" · {present.actual_cell(c, lang)}"
            row[n] = cell
        crit_rows.append(row)
    views.static_table(pd.DataFrame(crit_rows), "scen-criteria")


def _figures_editor(items, base_profile, lang: str) -> None:
    st.markdown(f"#### {t('scen_edit', lang)}")
    year = int(base_profile.assessment_year)
    base_raw = state.raw_profile()
    data = {"base": [_to_cell(base_raw.get(k)) for k in KEY_FIGURES]}
    for i, s in enumerate(items):
        data[f"s{i}"] = [_to_cell(s.raw.get(k)) for k in KEY_FIGURES]
    idx = [_lock_label(k, lang, year) + t("paren_after", lang, x=FIELD[k].unit_text.get(lang))
           for k in KEY_FIGURES]
    df = pd.DataFrame(data, index=idx, dtype="float64")
    cfg = {"base": st.column_config.NumberColumn(t("scen_baseline", lang), disabled=True, format="%.2f")}
    for i, s in enumerate(items):
        cfg[f"s{i}"] = st.column_config.NumberColumn(s.name, format="%.2f")
    sig = "|".join(s.name for s in items)
    edited = st.data_editor(df, key=f"zjtx:scen:figures:{sig}", column_config=cfg, num_rows="fixed", width="stretch")
    current = state.scenarios()
    for i, s in enumerate(items):
        col = f"s{i}"
        changes = {}
        for k, old, new in zip(KEY_FIGURES, df[col], edited[col]):
            o_ = None if pd.isna(old) else float(old)
            n_ = None if pd.isna(new) else float(new)
            if o_ != n_:
                changes[k] = n_
        if not changes:
            continue
        trial = {**s.data(), **{k: v for k, v in changes.items()}}
        trial = {k: v for k, v in trial.items() if v is not None}
        try:
            parse_profile(trial)
        except ProfileError as exc:
            st.error(t("scen_bad_value", lang, name=markdown_literal(s.name), msg=markdown_literal(exc.text(lang))))
            continue
        current = sc.set_fields(current, s.name, changes)
    if current != state.scenarios():
        state.set_scenarios(current)


# ------------------------------------------------------------------------------ the page

def render(lang: str) -> None:
    st.markdown(_CSS, unsafe_allow_html=True)
    profile, errors = state.parsed()
    a, _ = state.assessment()
    st.title(t("nav_plan", lang))
    st.markdown(f"**{markdown_literal(state.shown_name(profile.company_name, lang))}**")
    st.caption(t("plan_intro", lang))
    if errors:
        views.errors_box(errors, lang, profile.assessment_year)
    rungs = ladder_section(profile, a, lang)
    nxt = next((r for r in rungs if r.next_target), None)
    default_tier = nxt.tier if nxt is not None and nxt.id != "base" else "specialized"
    if nxt is not None and nxt.id == "base":
        default_tier = nxt.tier
    tab_plan, tab_proj, tab_scen = st.tabs([t("tab_plan", lang), t("tab_project", lang), t("tab_scen", lang)])
    with tab_plan:
        plan_tab(profile, a, lang, default_tier)
    with tab_proj:
        projection_tab(lang)
    with tab_scen:
        scenarios_tab(lang)
    st.caption(t("disclaimer", lang))

