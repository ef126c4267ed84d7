"""Plotly figures for the plan page: the projection timeline (years × tiers) and the scenario radar.
Pure: take results, return figures; never call st.*, never recompute a rule."""

from __future__ import annotations

from typing import Sequence

import plotly.graph_objects as go

from .charts import CAP, FONT, STATUS_COLOUR, spokes
from .engine import TierResult
from .i18n import t, text
from .present import VERDICT_ICON
from .project import Projection

TIMELINE_TIERS = ("tech_sme", "innovative", "specialized", "little_giant")     # bottom → top, as the ladder
CELL = {"meets": ("#B7E1C1", 1.0), "incomplete": ("#FBE3B0", 0.5), "fails": ("#F4C7C3", 0.0)}
SCENARIO_COLOURS = ("#444444", "#1F5AA6", "#2E8B57", "#8A5CB8", "#B8860B")    # no red: red marks a failing point


def _verdict(v: str, lang: str) -> str:
    return f"{VERDICT_ICON[v]} {t('verdict_' + v, lang)}"


def timeline_chart(pr: Projection, lang: str = "zh", labels: dict[str, str] | None = None) -> go.Figure:
    """Years × tiers: met / not met / incomplete; the first qualifying year of each tier is starred and
    framed. Hover lists what fails that year. `labels` maps criterion ids to names."""
    labels = labels or {}
    years = [str(y.assessment_year) for y in pr.years]
    rows = [t(f"tier_short_{tier}", lang) for tier in TIMELINE_TIERS]
    z, text, hover = [], [], []
    shapes = []
    for i, tier in enumerate(TIMELINE_TIERS):
        zr, tr, hr = [], [], []
        for j, y in enumerate(pr.years):
            v = y.verdict(tier)
            zr.append(CELL[v][1])
            first = pr.first_year.get(tier) == y.assessment_year
            tr.append(("★" if first else "") + VERDICT_ICON[v])
            fails = [labels.get(c, c) for c in (y.failing(tier) or y.missing(tier))]
            head = t("chart_failing" if v == "fails" else "chart_missing_list", lang)
            what = head + t("list_sep", lang).join(fails) if fails else ""
            hr.append(f"<b>{rows[i]} · {y.assessment_year}</b><br>{_verdict(v, lang)}" + (f"<br>{what}" if what else ""))
            if first:
                shapes.append(dict(type="rect", x0=j - 0.48, x1=j + 0.48, y0=i - 0.46, y1=i + 0.46, xref="x", yref="y",
                                   line=dict(color="#1a7f37", width=3)))
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    trace = dict(type="heatmap", z=z, x=years, y=rows, text=text, texttemplate="%{text}", hovertext=hover,
                 hoverinfo="text", showscale=False, xgap=4, ygap=4, zmin=0, zmax=1,
                 colorscale=[[0, CELL["fails"][0]], [0.5, CELL["incomplete"][0]], [1, CELL["meets"][0]]],
                 textfont=dict(size=17))
    title = t("chart_timeline_title", lang)
    layout = dict(title=dict(text=title, x=0.02, xanchor="left"), height=300, font=dict(family=FONT, size=13),
                  margin=dict(l=10, r=10, t=48, b=40), paper_bgcolor="white", plot_bgcolor="white",
                  xaxis=dict(type="category", title=dict(text=t("chart_assessment_year", lang)),
                             side="bottom"),
                  yaxis=dict(type="category", automargin=True), shapes=shapes)
    return go.Figure(data=[trace], layout=layout)


def scenario_radar(named: Sequence[tuple[str, TierResult]], lang: str = "zh", height: int = 480) -> go.Figure:
    """One outline per scenario for the same tier (spokes keyed by topic, so scenarios on different
    standards still line up); the 100 % ring is the pass line; failing points are red."""
    per = [(name, {s.topic: s for s in spokes(tr, lang)}) for name, tr in named]
    theta: list[str] = []
    label: dict[str, str] = {}
    for _, sp in per:
        for k, s in sp.items():
            if k not in label:
                zh_open, en_open = text("chart_bracket").both
                label[k] = s.label.split(zh_open)[0].split(en_open)[0]
                theta.append(k)
    names = [label[k] for k in theta]
    closed = names + names[:1]
    traces: list[dict] = []
    if theta:
        traces.append(dict(type="scatterpolar", r=[100] * len(closed), theta=closed, mode="lines",
                           name=t("chart_pass_line", lang),
                           line=dict(color="#888", dash="dash", width=1.5), hoverinfo="skip"))
    for i, (name, sp) in enumerate(per):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        r = [sp[k].value if k in sp else None for k in theta]
        hover = [f"<b>{name}</b><br>{sp[k].hover}" if k in sp else "" for k in theta]
        marks = [STATUS_COLOUR["fail"] if k in sp and sp[k].status == "fail" else colour for k in theta]
        traces.append(dict(type="scatterpolar", r=r + r[:1], theta=closed, mode="lines+markers", name=name,
                           connectgaps=False, line=dict(color=colour, width=2.5 if i == 0 else 2,
                                                        dash="solid" if i == 0 else "dot" if i > 2 else "solid"),
                           marker=dict(size=8, color=marks + marks[:1]), hovertext=hover + hover[:1], hoverinfo="text"))
    between = 90 - 180 / max(len(theta), 1)
    title = t("chart_scenarios_title", lang)
    layout = dict(title=dict(text=title, x=0.02, xanchor="left"), height=height, font=dict(family=FONT, size=12),
                  paper_bgcolor="white", showlegend=True, margin=dict(l=70, r=70, t=60, b=90),
                  legend=dict(orientation="h", yanchor="top", y=-0.1, x=0.5, xanchor="center"),
                  polar=dict(radialaxis=dict(range=[0, CAP], tickvals=[0, 50, 100], ticksuffix="%", angle=between,
                                             tickangle=between, tickfont=dict(size=10, color="#666")),
                             angularaxis=dict(tickfont=dict(size=11), direction="clockwise")))
    return go.Figure(data=traces, layout=layout)
