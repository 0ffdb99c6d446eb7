"""Campaign charts for the dashboard: static, themed, accessible SVG, each with its numbers as a table.

Outreach and meetings per week against the weekly goal, the funnel, and referral yield month by month. Drawn
at build time (no JavaScript needed), coloured by Material's CSS variables (light and dark palettes). The
numbers are :func:`infoview.stats.campaign_stats`'s, so the site and ``infoview stats`` agree, and come from
the published part of the vault only: a private note never counts, because the dashboard is published.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape
from typing import Any

from .model import Vault
from .report import plural
from .stats import MONTHS, campaign_stats

__all__ = [
    "DEFAULT_PER_WEEK",
    "Month",
    "Stage",
    "Week",
    "dashboard_charts_html",
    "funnel",
    "referral_yield_by_month",
    "weekly_activity",
    "weekly_goal",
]

#: The campaign-stalled rule's default: outreach plus meetings each week.
DEFAULT_PER_WEEK = 3


@dataclass(frozen=True)
class Week:
    """One Monday-to-Sunday week of the campaign."""

    start: dt.date
    outreach: int  #: letters, emails, calls and messages you sent
    meetings: int  #: interviews held (status done)

    @property
    def total(self) -> int:
        return self.outreach + self.meetings


@dataclass(frozen=True)
class Stage:
    """One step of the funnel."""

    label: str
    count: int
    explain: str


@dataclass(frozen=True)
class Month:
    """Meetings held and names gained in one calendar month, with running totals."""

    start: dt.date
    meetings: int
    names: int
    total_meetings: int
    total_names: int

    @property
    def running_yield(self) -> float | None:
        return self.total_names / self.total_meetings if self.total_meetings else None


def weekly_goal(vault: Vault) -> int:
    """``rules.campaign-stalled.per_week`` from the config; the default when absent or unusable."""
    value = vault.config.rules.get("campaign-stalled", {}).get("per_week", DEFAULT_PER_WEEK)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return DEFAULT_PER_WEEK
    return math.ceil(value)


def _stats(vault: Vault, today: dt.date, stats: dict[str, Any] | None) -> dict[str, Any]:
    return stats if stats is not None else campaign_stats(vault, today)


def weekly_activity(vault: Vault, today: dt.date, stats: dict[str, Any] | None = None) -> list[Week]:
    """Outreach sent and meetings held per Monday-based week, oldest first, ending with today's week."""
    return [
        Week(dt.date.fromisoformat(w["start"]), w["outreach"], w["meetings"])
        for w in _stats(vault, today, stats)["weeks"]
    ]


_STAGES = {
    "prospects": ("Prospects", "everyone on your list, including names given that have no note yet"),
    "contacted": ("Contacted", "their status is past prospect"),
    "met": ("Met", "at least one meeting held"),
    "gave names": ("Gave names", "met, and gave you at least one name"),
}


def funnel(vault: Vault, today: dt.date, stats: dict[str, Any] | None = None) -> list[Stage]:
    """Prospects -> contacted -> met -> gave names, counted over people."""
    out = []
    for row in _stats(vault, today, stats)["funnel"]:
        label, explain = _STAGES.get(row["stage"], (row["stage"].capitalize(), ""))
        out.append(Stage(label, row["count"], explain))
    return out


def referral_yield_by_month(
    vault: Vault, today: dt.date, months: int = MONTHS, stats: dict[str, Any] | None = None
) -> list[Month]:
    """Meetings held and names gained per month, from the first of either to today's month (at most the last
    ``months``; the running totals still count from the campaign's start). Empty before the first."""
    return [
        Month(dt.date.fromisoformat(m["month"]), m["meetings"], m["names"], m["total_meetings"], m["total_names"])
        for m in _stats(vault, today, stats)["months"][-months:]
    ]


#: viewBox width: drawn for a phone's column, so 12-unit text reads at 11 px or more on a 390 px screen
#: (the stylesheet caps how wide a chart grows on a desktop).
W = 360
LEFT, RIGHT, TOP = 30, 8, 16
#: Room right of the plot for the label of a reference line.
LABEL_W = 56


def _num(x: float) -> str:
    """Coordinates with at most one decimal: small, stable output."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


#: Round steps for an axis, smallest first.
_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def _nice_max(value: float) -> int:
    """A round axis maximum at or above value, with integer ticks."""
    if value <= 4:
        return 4
    for step in _STEPS:
        top = math.ceil(value / step) * step
        if top / step <= 6:
            return top
    magnitude = 10 ** math.floor(math.log10(value))
    return math.ceil(value / magnitude) * magnitude


def _ticks(top: int) -> list[int]:
    step = max(1, top // 4) if top <= 8 else next(s for s in (*_STEPS, top) if top / s <= 6)
    return list(range(0, top + 1, step))


def _svg_open(key: str, height: int, title: str, desc: str) -> list[str]:
    return [
        (
            f'<svg viewBox="0 0 {W} {height}" role="img" aria-labelledby="iv-{key}-title iv-{key}-desc" '
            f'xmlns="http://www.w3.org/2000/svg" class="iv-chart iv-chart-{key}">'
        ),
        f'<title id="iv-{key}-title">{escape(title)}</title>',
        f'<desc id="iv-{key}-desc">{escape(desc)}</desc>',
    ]


#: The two column charts: 230 high, 36 of it below the plot for the labels, the plot ending left of ``LABEL_W``.
Y0, PLOT_H, X_END = 230 - 36, 230 - 36 - TOP, W - LABEL_W


def _columns(key: str, title: str, desc: str, top: int) -> list[str]:
    """A column chart's opening: the SVG, its grid and y-axis labels."""
    parts = _svg_open(key, 230, title, desc)
    for t in _ticks(top):
        y = Y0 - PLOT_H * t / top
        parts.append(f'<line class="iv-grid" x1="{LEFT}" x2="{X_END}" y1="{_num(y)}" y2="{_num(y)}"/>')
        parts.append(f'<text class="iv-muted" x="{LEFT - 6}" y="{_num(y + 4)}" text-anchor="end">{t}</text>')
    parts.append(f'<line class="iv-axis" x1="{LEFT}" x2="{X_END}" y1="{Y0}" y2="{Y0}"/>')
    return parts


def _reference(parts: list[str], y: float, label: str) -> None:
    """A dashed reference line across the plot, labelled in the margin right of it."""
    parts.append(f'<line class="iv-goal" x1="{LEFT}" x2="{X_END}" y1="{_num(y)}" y2="{_num(y)}"/>')
    parts.append(f'<text x="{X_END + 6}" y="{_num(y + 4)}">{escape(label)}</text>')


def _figure(parts: list[str], legend: str, caption: str, head: list[str], rows: list[list[Any]]) -> str:
    """The closed SVG and its legend as a figure, then its numbers as a table (stacked into cards on a phone)."""
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join(
        f'<tr><th scope="row">{escape(r[0])}</th>'
        + "".join(f'<td data-label="{escape(h)}">{escape(str(c))}</td>' for h, c in zip(head[1:], r[1:]))
        + "</tr>"
        for r in rows
    )
    table = f'<details class="iv-chart-data"><summary>{escape(caption)} as a table</summary><table class="iv-table"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></details>'
    return "<figure>" + "".join(parts) + "</svg>" + legend + "</figure>" + table


def _day(d: dt.date) -> str:
    return f"{d:%b} {d.day}"


def weekly_chart(weeks: list[Week], goal: int) -> str:
    """Stacked bars (outreach + meetings) per week with the goal as a dashed line."""
    top = _nice_max(max([goal, *(w.total for w in weeks)]))
    slot = (X_END - LEFT) / max(len(weeks), 1)
    bar = slot * 0.62
    met_goal = sum(1 for w in weeks[:-1] if w.total >= goal)
    this = weeks[-1] if weeks else None
    desc = (
        f"Outreach sent and meetings held in each of the last {len(weeks)} weeks, against a goal of {goal} a week. "
        f"{met_goal} of the {max(len(weeks) - 1, 0)} full weeks met the goal"
        + (f"; this week so far: {this.outreach} outreach and {plural(this.meetings, 'meeting')}." if this else ".")
    )
    parts = _columns("weekly", "Outreach and meetings per week", desc, top)
    for i, w in enumerate(weeks):
        x = LEFT + slot * i + (slot - bar) / 2
        h_out = PLOT_H * w.outreach / top
        h_meet = PLOT_H * w.meetings / top
        label = f"Week of {_day(w.start)}: {w.outreach} outreach, {plural(w.meetings, 'meeting')}"
        parts.append(f"<g><title>{escape(label)}</title>")
        if w.outreach:
            parts.append(
                f'<rect class="iv-a" x="{_num(x)}" y="{_num(Y0 - h_out)}" width="{_num(bar)}" height="{_num(h_out)}"/>'
            )
        if w.meetings:
            parts.append(
                f'<rect class="iv-b" x="{_num(x)}" y="{_num(Y0 - h_out - h_meet)}" width="{_num(bar)}" height="{_num(h_meet)}"/>'
            )
        if w.total:
            parts.append(
                f'<text x="{_num(x + bar / 2)}" y="{_num(Y0 - h_out - h_meet - 4)}" text-anchor="middle">{w.total}</text>'
            )
        parts.append("</g>")
        if (len(weeks) - 1 - i) % math.ceil(44 / slot) == 0:  # 44 units a label: none overlap; this week's always
            text = "now" if i == len(weeks) - 1 else _day(w.start)
            parts.append(
                f'<text class="iv-muted" x="{_num(x + bar / 2)}" y="{Y0 + 16}" text-anchor="middle">{escape(text)}</text>'
            )
    _reference(parts, Y0 - PLOT_H * goal / top, f"goal: {goal}")
    legend = (
        '<figcaption><span class="iv-key iv-a"></span>outreach sent '
        '<span class="iv-key iv-b"></span>meetings held '
        f'<span class="iv-key iv-goal"></span>goal ({goal} a week)</figcaption>'
    )
    head = ["Week of", "Outreach", "Meetings", "Total", f"Goal of {goal} met"]
    rows = [
        [
            str(w.start) + (" (this week)" if w is this else ""),
            w.outreach,
            w.meetings,
            w.total,
            "yes" if w.total >= goal else "no",
        ]
        for w in weeks
    ]
    return _figure(parts, legend, "Outreach and meetings per week", head, rows)


def funnel_chart(stages: list[Stage]) -> str:
    """Horizontal bars, one per stage, with the share of the first stage."""
    row_h, label_w = 34, 78
    top = max([s.count for s in stages] + [1])
    base = stages[0].count if stages else 0
    desc = "; ".join(f"{s.label}: {s.count}" for s in stages) + "."
    parts = _svg_open("funnel", TOP + row_h * len(stages) + 4, "The campaign funnel", desc)
    width = W - label_w - RIGHT - 62
    for i, s in enumerate(stages):
        y = TOP + row_h * i
        w = width * s.count / top
        share = f" ({round(100 * s.count / base)}%)" if base and i else ""
        parts.append(f"<g><title>{escape(f'{s.label}: {s.count}, {s.explain}')}</title>")
        parts.append(f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end">{escape(s.label)}</text>')
        if s.count:
            parts.append(
                f'<rect class="iv-a" x="{label_w}" y="{y + 5}" width="{_num(w)}" height="{row_h - 12}" rx="2"/>'
            )
        parts.append(f'<text x="{_num(label_w + w + 6)}" y="{y + 20}">{s.count}{escape(share)}</text>')
        parts.append("</g>")
    rows = [[s.label, s.count, f"{round(100 * s.count / base)}%" if base else "-", s.explain] for s in stages]
    head = ["Stage", "People", "Share of prospects", "Counted"]
    return _figure(parts, "", "The campaign funnel", head, rows)


def yield_chart(months: list[Month]) -> str:
    """Names gained per month (bars) and the running names-per-meeting yield (line)."""
    top = max(2, math.ceil(max([m.running_yield or 0 for m in months] + [0])))
    last = next((m for m in reversed(months) if m.running_yield is not None), None)
    desc = "Names gained per meeting held, running total month by month. " + (
        f"So far {plural(last.total_names, 'name')} from {plural(last.total_meetings, 'meeting')}: {last.running_yield:.2f} a meeting; "
        "the practice aims for one or two."
        if last
        else "No meeting held yet."
    )
    parts = _columns("yield", "Referral yield over time", desc, top)
    slot = (X_END - LEFT) / max(len(months), 1)
    points: list[tuple[float, float, Month]] = []
    for i, m in enumerate(months):
        cx = LEFT + slot * i + slot / 2
        if (len(months) - 1 - i) % math.ceil(46 / slot) == 0:  # "Nov 26" is about 46 units wide
            parts.append(
                f'<text class="iv-muted" x="{_num(cx)}" y="{Y0 + 16}" text-anchor="middle">{m.start:%b %y}</text>'
            )
        if m.running_yield is not None:
            points.append((cx, Y0 - PLOT_H * m.running_yield / top, m))
    _reference(parts, Y0 - PLOT_H / top, "1 each")
    if len(points) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{_num(x)},{_num(y)}" for i, (x, y, _) in enumerate(points))
        parts.append(f'<path class="iv-line" d="{path}"/>')
    for x, y, m in points:
        label = f"{m.start:%B %Y}: {plural(m.meetings, 'meeting')}, {plural(m.names, 'name')}; {m.running_yield:.2f} names per meeting so far"
        parts.append(f'<g><title>{escape(label)}</title><circle class="iv-dot" cx="{_num(x)}" cy="{_num(y)}" r="4"/>')
        parts.append(f'<text x="{_num(x)}" y="{_num(y - 9)}" text-anchor="middle">{m.running_yield:.1f}</text></g>')
    legend = (
        '<figcaption><span class="iv-key iv-a"></span>names gained per meeting held, since the start '
        '<span class="iv-key iv-goal"></span>one name per meeting</figcaption>'
    )
    rows = [
        [f"{m.start:%Y-%m}", m.meetings, m.names, f"{m.running_yield:.2f}" if m.running_yield is not None else "-"]
        for m in months
    ]
    head = ["Month", "Meetings held", "Names gained", "Names per meeting so far"]
    return _figure(parts, legend, "Referral yield by month", head, rows)


def dashboard_charts_html(vault: Vault, today: dt.date, stats: dict[str, Any] | None = None) -> str:
    """The dashboard's campaign charts as one ``<div>`` (inline SVG plus data tables, every text escaped) with no
    blank line inside, so Markdown passes it through as raw HTML. ``stats`` must leave private notes out."""
    stats = _stats(vault, today, stats)
    months = referral_yield_by_month(vault, today, stats=stats)
    sections = [
        ("Outreach and meetings per week", weekly_chart(weekly_activity(vault, today, stats), weekly_goal(vault))),
        ("Funnel", funnel_chart(funnel(vault, today, stats))),
        ("Referral yield", yield_chart(months) if months else "<p>No meeting held and no name gained yet.</p>"),
    ]
    body = "".join(
        f'<section class="iv-chart-section"><h3>{escape(title)}</h3>{html}</section>' for title, html in sections
    )
    return f'<div class="iv-charts">{body}</div>'
