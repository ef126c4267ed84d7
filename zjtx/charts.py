"""Plotly figures built from engine results. Pure: take results, return figures; never call st.*,
never recompute a rule (shares and gaps are read off CriterionResult)."""

from __future__ import annotations

import html as _html
import math

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Mapping, Sequence

import plotly.graph_objects as go

from . import fmt, present
from .engine import CriterionResult, TierResult
from .i18n import colon, t, text

CAP = 150          # radar values are capped at 150 % of the threshold
NEAR = 10          # a pass within 10 % of its threshold is a near miss
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
COLOURS = {"specialized": "#C8102E", "little_giant": "#1F5AA6", "innovative": "#2E8B57", "tech_sme": "#8A5CB8"}
STATUS_COLOUR = {"fail": "#D62728", "near": "#F0A500", "pass": "#2CA02C"}


def share(c: CriterionResult) -> float | None:
    """How much of the threshold is met, in % (100 = exactly met; ≤ rules inverted so outward
    is better), capped at CAP. None when unknown."""
    if c.status == "exempt":
        return 100.0
    if c.actual is None or c.threshold is None:
        return None
    op = c.op or ">="
    a, th = Fraction(c.actual), Fraction(c.threshold)
    if op in (">=", ">"):
        if th <= 0:
            return float(CAP) if a >= th else 0.0
        v = a / th * 100
    else:
        v = Fraction(CAP) if a <= 0 else th / a * 100
    return float(min(max(v, Fraction(0)), Fraction(CAP)))


def _hover(c: CriterionResult, lang: str) -> str:
    st = present.status_text(c.status, lang)
    act = present.actual_cell(c, lang)
    req = present.threshold_cell(c, lang)
    gap = present.gap_cell(c, lang)
    lines = [f"<b>{present.label(c, lang)}</b>", f"{t('col_status', lang)}: {st}",
             f"{t('col_actual', lang)}: {act}", f"{t('col_required', lang)}: {req}"]
    if gap != "—":
        lines.append(f"{t('col_gap', lang)}: {gap}")
    return "<br>".join(lines)


@dataclass(frozen=True)
class Spoke:
    id: str
    topic: str
    label: str
    value: float | None
    status: str
    hover: str


def spokes(tier: TierResult, lang: str = "zh") -> list[Spoke]:
    out = []
    for c in tier.criteria:
        if not c.quantitative or c.status == "not_applicable":
            continue
        v = share(c)
        label = c.short.get(lang)
        if v is None:
            label = t("chart_spoke_missing", lang, label=label)
        elif c.status == "exempt":
            label = t("chart_spoke_exempt", lang, label=label)
        out.append(Spoke(c.id, c.topic, label, v, c.status, _hover(c, lang)))
    return out


def _base_layout(title: str, height: int) -> dict:
    return dict(title=dict(text=title, x=0.02, xanchor="left"), height=height,
                font=dict(family=FONT, size=13), margin=dict(l=60, r=60, t=60, b=40),
                legend=dict(orientation="h", yanchor="bottom", y=-0.15, x=0.5, xanchor="center"),
                paper_bgcolor="white")


@dataclass(frozen=True)
class RadarSeries:
    """One tier's outline on the radar's spokes (None where the tier lacks the spoke or does not
    know its value)."""
    tier: str
    name: str
    colour: str
    values: tuple[float | None, ...]
    status: tuple[str, ...]          # the criterion's status per spoke; "" where the tier lacks it
    hover: tuple[str, ...]


@dataclass(frozen=True)
class RadarData:
    """What a radar shows, before any drawing: the plotly figure and the live panel's SVG are
    both drawn from it, so they never disagree."""
    keys: tuple[str, ...]            # one per spoke: the topic (several tiers) or criterion id
    labels: tuple[str, ...]
    series: tuple[RadarSeries, ...]

    @property
    def any_fail(self) -> bool:
        return any(x == "fail" for s in self.series for x in s.status)

    def missing(self, s: RadarSeries) -> list[str]:
        """The spokes this tier has but does not know (信息不足)."""
        return [self.labels[i] for i, st_ in enumerate(s.status) if st_ and s.values[i] is None]


def radar_data(tiers: Sequence[TierResult], lang: str = "zh") -> RadarData:
    """One spoke per quantitative criterion; value = share of the threshold met (capped at 150 %).
    Several tiers overlay on the union of their topics."""
    per_tier = [(tr, spokes(tr, lang)) for tr in tiers]
    keys: list[str] = []
    label_of: dict[str, str] = {}
    for tr, sp in per_tier:
        for s in sp:
            k = s.topic if len(tiers) > 1 else s.id
            if k not in label_of:
                label_of[k] = s.label
                keys.append(k)
    series = []
    for tr, sp in per_tier:
        by = {(s.topic if len(tiers) > 1 else s.id): s for s in sp}
        got = [by.get(k) for k in keys]
        series.append(RadarSeries(tr.tier, t(tr.tier, lang), COLOURS.get(tr.tier, "#333"),
                                  tuple(s.value if s else None for s in got),
                                  tuple(s.status if s else "" for s in got),
                                  tuple(s.hover if s else "" for s in got)))
    return RadarData(tuple(keys), tuple(label_of[k] for k in keys), tuple(series))


def radar(tiers: Sequence[TierResult], lang: str = "zh", height: int = 460, compact: bool = False,
          legend: bool = True) -> go.Figure:
    """One spoke per quantitative criterion; r = share of the threshold met (capped at 150 %).
    Several tiers overlay on the union of their topics; a spoke a tier lacks, or does not know,
    is a gap in its outline (never a zero). The 100 % ring is the pass line.

    Built as plain dicts and turned into a Figure once: plotly's per-call validation in
    add_trace/update_layout cost ~10 ms per figure."""
    data = radar_data(tiers, lang)
    labels = list(data.labels)
    theta = data.keys
    closed = labels + labels[:1]
    traces: list[dict] = []
    if theta:
        traces.append(dict(type="scatterpolar", r=[100] * len(closed), theta=closed, mode="lines",
                           name=t("chart_pass_line", lang),
                           line=dict(color="#444", dash="dash", width=1.5), hoverinfo="skip"))
    for i, se in enumerate(data.series):
        r, hover = list(se.values), list(se.hover)
        own = se.colour
        # a failing point is a cross in the tier's own colour (never another tier's red)
        colours = ["#999" if v is None else own for v in r]
        symbols = ["x" if x == "fail" else "circle" for x in se.status]
        trace = dict(type="scatterpolar", r=r + r[:1], theta=closed, mode="lines+markers", name=se.name,
                     connectgaps=False, line=dict(color=own, width=2),
                     marker=dict(size=[12 if x == "x" else 8 for x in symbols + symbols[:1]],
                                 color=colours + colours[:1], symbol=symbols + symbols[:1],
                                 line=dict(width=0)), hovertext=hover + hover[:1],
                     hoverinfo="text",
                     fillcolor="rgba(200,16,46,0.12)" if se.tier == "specialized" else "rgba(31,90,166,0.12)")
        if len(tiers) == 1:
            trace["fill"] = "toself"
        traces.append(trace)
        missing = data.missing(se)
        if missing:
            traces.append(dict(type="scatterpolar", r=[0] * len(missing), theta=missing, mode="markers",
                               name=t("chart_missing", lang),
                               marker=dict(symbol="x-open", size=11, color="#999"),
                               hoverinfo="skip", showlegend=i == 0))
    any_fail = data.any_fail
    if any_fail:        # the legend says what a cross means
        traces.append(dict(type="scatterpolar", r=[None], theta=[closed[0]] if closed else [None], mode="markers",
                           name=t("chart_cross_fails", lang), hoverinfo="skip",
                           marker=dict(symbol="x", size=11, color="#444")))
    title = t("chart_radar_title", lang)
    between = 90 - 180 / max(len(theta), 1)     # radial tick labels between two spokes
    layout = _base_layout("" if compact else title, height)
    layout.update(
        polar=dict(radialaxis=dict(range=[0, CAP], tickvals=[0, 50, 100], ticksuffix="%", angle=between, tickangle=between,
                                   tickfont=dict(size=10, color="#666")),
                   angularaxis=dict(tickfont=dict(size=12), direction="clockwise")),
        showlegend=True, margin=dict(l=100, r=100, t=70, b=110))
    layout["legend"].update(y=-0.12, yanchor="top")
    if compact:         # a narrow panel: long spoke names on two lines, room on both sides
        wrapped = [_two_lines(x, 6 if lang == "zh" else 14) for x in closed]
        for tr_ in traces:
            if tr_.get("theta") is closed:
                tr_["theta"] = wrapped
        traces[-1]["theta"] = [wrapped[0]] if any_fail and wrapped else traces[-1]["theta"]
        for tr_ in traces:       # the missing-marker traces name spokes too
            if tr_.get("name") in text("chart_missing").both:
                tr_["theta"] = [wrapped[labels.index(x)] if x in labels else x for x in tr_["theta"]]
        layout.update(margin=dict(l=78, r=78, t=30, b=80 if legend else 50), font=dict(family=FONT, size=11))
        layout["legend"]["font"] = dict(size=11)
    if not legend:
        layout["showlegend"] = False
    # built unvalidated: plotly's property checks took longer than the engine's whole evaluation;
    # tests/test_charts.py validates the radars it makes
    return go.Figure(data=traces, layout=layout, _validate=False)


def _svg_title(hover: str) -> str:
    """A plotly hover text (<b>, <br>) as the plain lines of an SVG <title> tooltip."""
    plain = hover.replace("<br>", "\n").replace("<b>", "").replace("</b>", "")
    return _html.escape(plain)


def radar_svg(data: RadarData, lang: str = "zh", width: int = 400, height: int = 330) -> str:
    """The live panel's radar as one inline SVG: the same drawing as `radar` (spokes clockwise from
    12 o'clock, rings at 50 %, 100 % (the pass line, dashed) and 150 %, a cross in the tier's colour
    where it fails, a gap in the outline where a value is unknown) with each point's details as
    its tooltip. Drawn by the browser as one element: plotly's redraw of a polar chart was most of
    what a slider step cost in the browser (bench/README, "Issue 9")."""
    n = len(data.keys)
    cx, cy, rad = width / 2, height / 2, min(width / 2 - 86, height / 2 - 36)

    def angle(i: float) -> float:                  # spoke i, clockwise from 12 o'clock
        return 2 * math.pi * i / max(n, 1) - math.pi / 2

    def xy(i: float, v: float) -> tuple[float, float]:
        a = angle(i)
        return cx + rad * v / CAP * math.cos(a), cy + rad * v / CAP * math.sin(a)

    out = [f'<svg class="zjtx-radar" viewBox="0 0 {width} {height}" width="100%" '
           f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{_html.escape(t("chart_radar_title", lang))}" '
           f'style="max-width:{width}px;display:block;margin:auto;font-family:{FONT}">']
    for ring, style in ((50, 'stroke="#e5e5e5"'), (CAP, 'stroke="#ccc"'),
                        (100, 'stroke="#444" stroke-width="1.5" stroke-dasharray="5 4"')):
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{rad * ring / CAP:.1f}" fill="none" {style}/>')
    if n:
        for v in (50, 100):      # radial ticks between the first two spokes (no 0 %: the centre holds the 信息不足 mark)
            x, y = xy(0.5, v)
            out.append(f'<text x="{x + 3:.1f}" y="{y + 3:.1f}" font-size="10" fill="#888">{v}%</text>')
    for i, label in enumerate(data.labels):
        x, y = xy(i, CAP)
        out.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        c, s_ = math.cos(angle(i)), math.sin(angle(i))
        lx, ly = cx + (rad + 10) * c, cy + (rad + 10) * s_
        anchor = "start" if c > 0.3 else "end" if c < -0.3 else "middle"
        lines = _two_lines(label, 6 if lang == "zh" else 14).split("<br>")
        top = ly + 4 - (7 * (len(lines) - 1) if abs(s_) <= 0.5 else 0) \
            - (14 * len(lines) - 4 if s_ < -0.5 else 0) + (9 if s_ > 0.5 else 0)
        spans = "".join(f'<tspan x="{lx:.1f}" dy="{0 if j == 0 else 14}">{_html.escape(w)}</tspan>'
                        for j, w in enumerate(lines))
        out.append(f'<text x="{lx:.1f}" y="{top:.1f}" font-size="12" fill="#333" text-anchor="{anchor}">{spans}</text>')
    missing_marks = []
    for se in data.series:
        pts = [xy(i, v) if v is not None else None for i, v in enumerate(se.values)]
        segs, cur = [], []
        for p in pts + pts[:1]:                    # closed, broken where a value is unknown
            if p is None:
                if len(cur) > 1:
                    segs.append(cur)
                cur = []
            else:
                cur.append(p)
        if len(cur) > 1:
            segs.append(cur)
        for seg in segs:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            out.append(f'<polyline points="{d}" fill="none" stroke="{se.colour}" stroke-width="2"/>')
        if len(data.series) == 1 and all(p is not None for p in pts) and pts:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            out.append(f'<polygon points="{d}" fill="{se.colour}" fill-opacity="0.12" stroke="none"/>')
        for i, p in enumerate(pts):
            if p is None:
                continue
            x, y = p
            tip = f"<title>{_svg_title(se.hover[i])}</title>"
            if se.status[i] == "fail":
                mark = (f'<path d="M{x - 4.5:.1f},{y - 4.5:.1f}L{x + 4.5:.1f},{y + 4.5:.1f}M{x - 4.5:.1f},{y + 4.5:.1f}'
                        f'L{x + 4.5:.1f},{y - 4.5:.1f}" stroke="{se.colour}" stroke-width="2.5"/>')
            else:
                mark = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{se.colour}"/>'
            out.append(f'<g data-tier="{se.tier}" data-spoke="{_html.escape(data.labels[i])}" data-value="{se.values[i]:.4f}">'
                       f'{tip}<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="transparent"/>{mark}</g>')
        missing_marks += data.missing(se)
    if missing_marks:                              # unknown values: an open cross at the centre
        names = _html.escape(t("chart_missing", lang) + colon(lang) + t("list_sep", lang).join(dict.fromkeys(missing_marks)))
        out.append(f'<g><title>{names}</title><path d="M{cx - 5:.1f},{cy - 5:.1f}L{cx + 5:.1f},{cy + 5:.1f}'
                   f'M{cx - 5:.1f},{cy + 5:.1f}L{cx + 5:.1f},{cy - 5:.1f}" stroke="#999" stroke-width="1.5"/></g>')
    out.append("</svg>")
    return "".join(out)


def legend_html(data: RadarData, lang: str = "zh") -> str:
    """The legend of the live radar as one short line of HTML (each tier's colour and short name,
    the pass line, the marks), built from the radar's own data so it never disagrees with it."""
    items = [f"<span style='color:{se.colour}'>━ {_html.escape(t(f'tier_short_{se.tier}', lang))}</span>"
             for se in data.series]
    if data.keys:
        items.insert(0, f"<span style='color:#444'>┄ {_html.escape(t('chart_pass_line', lang))}</span>")
    if any(data.missing(se) for se in data.series):
        items.append(f"<span style='color:#999'>× {_html.escape(t('chart_missing', lang))}</span>")
    if data.any_fail:
        items.append(f"<span style='color:#666'>{_html.escape(t('chart_cross_fails', lang))}</span>")
    return " · ".join(items)


@dataclass(frozen=True)
class GapBar:
    id: str
    label: str
    kind: str           # fail | near
    size: float         # shortfall (fail) or margin (near) in % of the threshold
    text: str
    required: str = ""  # "≥ 90.00%"


def gap_text(c: CriterionResult, lang: str = "zh") -> str:
    """'研发费用占比 2.60% → 3.00%，差 0.40 个百分点（约 48 万元）'."""
    name = present.label(c, lang)
    a = fmt.with_unit(c.actual, c.unit, lang, versus=c.threshold if c.status == "fail" else None)
    if c.actual_bound is not None:      # a score known only as an interval: say it is the bound
        a = t("chart_at_most" if c.actual_bound == "max" else "chart_at_least", lang, a=a)
    th = fmt.with_unit(c.threshold, c.unit, lang)
    if c.status == "fail":
        g = present.gap_cell(c, lang)
        return t("chart_gap_fail", lang, name=name, a=a, th=th, g=g)
    return t("chart_gap_near", lang, name=name, a=a, th=th)


def gap_bars(criteria: Iterable[CriterionResult], lang: str = "zh") -> list[GapBar]:
    """Failing criteria, and passes within NEAR % of the threshold, sorted by size."""
    out = []
    for c in criteria:
        if c.threshold is None or c.actual is None or c.status not in ("fail", "pass"):
            continue
        s = share(c)
        if s is None:
            continue
        if c.status == "fail":
            out.append(GapBar(c.id, present.label(c, lang), "fail", round(100 - s, 2) if s < 100 else 0.01,
                              gap_text(c, lang), present.threshold_cell(c, lang)))
        elif s < 100 + NEAR:
            out.append(GapBar(c.id, present.label(c, lang), "near", round(s - 100, 2), gap_text(c, lang),
                              present.threshold_cell(c, lang)))
    fails = sorted((b for b in out if b.kind == "fail"), key=lambda b: -b.size)
    nears = sorted((b for b in out if b.kind == "near"), key=lambda b: b.size)
    return fails + nears


@dataclass(frozen=True)
class GapGroup:
    """One tier's gaps, as a list says them: every failing criterion (numeric ones with their
    amounts, the others in words) and the criteria that lack information."""
    tier: str
    verdict: str
    fails: tuple[str, ...]
    missing: tuple[str, ...]


def _in_words(c: CriterionResult, lang: str) -> str:
    why = present.reason(c, lang)
    for head in text("reason_fails_head").both:
        why = why.removeprefix(head)
    stops = "".join(text("full_stop").both)
    return f"{present.label(c, lang)}{colon(lang)}{why.rstrip(stops)}"


def gap_groups(tiers: Sequence[TierResult], lang: str = "zh") -> list[GapGroup]:
    """Every failing criterion of each tier, grouped by tier (never only the numeric ones, never
    cut at six): first those said in words (often the blockers: 持有专精特新中小企业称号：否), then
    those with a threshold and an actual value as in the gap chart (largest first, with amounts)."""
    out = []
    for tr in tiers:
        bars = [b for b in gap_bars(tr.criteria, lang) if b.kind == "fail"]
        numeric = {b.id for b in bars}
        words = [_in_words(c, lang) for c in tr.criteria if c.status == "fail" and c.id not in numeric]
        missing = tuple(present.label(c, lang) for c in tr.criteria if c.status == "missing")
        out.append(GapGroup(tr.tier, tr.verdict, tuple(words) + tuple(b.text for b in bars), missing))
    return out


def _break(gap: str) -> str:
    """A gap sentence on short lines (a phone-wide chart cuts long axis labels): the figures, then
    the shortfall, then the money in brackets."""
    breaks = zip((*text("chart_short_by").both, *text("chart_bracket").both),
                 (*text("chart_short_by_br").both, *text("chart_bracket_br").both))
    for a, b in breaks:
        gap = gap.replace(a, b, 1)
    return gap


def _two_lines(s: str, width: int) -> str:
    """A spoke name longer than `width` on two lines (at a space or a bracket if there is one,
    else in the middle)."""
    if len(s) <= width or "<br>" in s:
        return s
    for sep in text("chart_bracket").both:
        if sep in s:
            i = s.index(sep)
            return s[:i] + "<br>" + s[i:]
    if " " in s:
        words, first = s.split(" "), ""
        while words and len(first) + len(words[0]) <= len(s) / 2 + 2:
            first = (first + " " + words.pop(0)).strip()
        return first + "<br>" + " ".join(words) if words and first else s
    mid = (len(s) + 1) // 2
    return s[:mid] + "<br>" + s[mid:]


def _wrap(s: str, width: int) -> str:
    """Break a label every `width` characters (CJK has no spaces to break at)."""
    if len(s) <= width or " " in s:
        import textwrap
        return "<br>".join(textwrap.wrap(s, width * 2)) if len(s) > width * 2 else s
    return "<br>".join(s[i:i + width] for i in range(0, len(s), width))


def gap_chart(criteria: Iterable[CriterionResult], lang: str = "zh", title: str | None = None,
              names_only: bool = False, tier_of: Mapping[str, str] | None = None) -> go.Figure:
    """`names_only`: the axis shows only the criterion's name (a narrow chart next to a table that
    carries the gaps in their units, as in the PDF report). `tier_of` (criterion id → tier name):
    several tiers in one chart, each bar says which tier it belongs to."""
    criteria = list(criteria)
    bars = gap_bars(criteria, lang)
    traces: list[dict] = []
    if bars:
        # the full sentence is the axis label (name on the first line, the gap in its unit below)
        tag = (lambda b: f"{tier_of[b.id]} · " if tier_of and b.id in tier_of else "")
        y = [f"<b>{tag(b)}{b.label}</b><br>{_break(b.text.removeprefix(b.label).strip())}" for b in bars][::-1]
        if names_only:
            y = [f"{_wrap(b.label, 12)}<br><span style='color:#666'>{b.required}</span>" for b in bars][::-1]
        x = [(-b.size if b.kind == "near" else b.size) for b in bars][::-1]
        traces.append(dict(type="bar", x=x, y=y, orientation="h",
                           marker=dict(color=[STATUS_COLOUR[b.kind] for b in bars][::-1]),
                           text=[f"{abs(v):.2f}%" for v in x], cliponaxis=False,
                           # a margin bar grows leftwards into the axis labels: its number goes inside
                           textposition=["inside" if v < 0 else "outside" for v in x],
                           hovertext=[b.text for b in bars][::-1], hoverinfo="text", name=""))
    if title is None:
        title = t("chart_gaps_title", lang)
    layout = _base_layout(title, max(220, 90 + (56 if names_only else 72) * len(bars)))
    xt = t("chart_gaps_axis", lang)
    layout.update(showlegend=False, bargap=0.35,
                  xaxis=dict(title=dict(text=xt), ticksuffix="%", zeroline=True, visible=bool(bars)),
                  yaxis=dict(automargin=True, visible=bool(bars)),
                  shapes=[dict(type="line", x0=0, x1=0, y0=0, y1=1, yref="paper", line=dict(width=1, color="#444"))])
    if not bars:
        missing = any(c.status == "missing" for c in criteria)
        empty = t("chart_gaps_missing" if missing else "chart_gaps_none", lang)
        layout["annotations"] = [dict(text=empty,
                                      showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=14))]
    return go.Figure(data=traces, layout=layout)


def fail_counts_chart(counts: Sequence[tuple[str, str, int]], total: int, lang: str = "zh") -> go.Figure:
    """Horizontal bars: how many companies fail each criterion (most failed on top). `counts` holds
    (criterion id, label in words naming the criterion and its tier, companies failing); the id is
    shown on hover only."""
    y = [label for _, label, _ in counts][::-1]
    ids = [cid for cid, _, _ in counts][::-1]
    x = [n for _, _, n in counts][::-1]
    share = [t("chart_share", lang, n=n, p=n / total) if total else str(n) for n in x]
    title = t("chart_fails_title", lang)
    layout = _base_layout(title, max(220, 80 + 30 * len(counts)))
    layout.update(showlegend=False, xaxis=dict(title=dict(text=t("chart_companies", lang))),
                  yaxis=dict(automargin=True), bargap=0.3)
    trace = dict(type="bar", x=x, y=y, orientation="h", text=share, textposition="outside", cliponaxis=False,
                 marker=dict(color=STATUS_COLOUR["fail"]), customdata=ids,
                 hovertemplate="%{y}<br>%{x}" + t("chart_companies_unit", lang) + " · %{customdata}<extra></extra>")
    return go.Figure(data=[trace] if counts else [], layout=layout)
