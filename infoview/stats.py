"""Campaign numbers: the funnel, the weekly cadence, response rate, referral yield.

``campaign_stats(vault, today)`` is pure (nothing is read from the clock or the disk) and does not import
NetworkX, so the site dashboard and the charts can call it cheaply. ``infoview stats`` prints it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from .links import fold
from .model import Contact, Interview, Vault
from .referrals import OWNER, PROSPECT_PREFIX, chain_parents, rank, reach_counts, referrals
from .report import plural

__all__ = ["FUNNEL", "MONTHS", "WEEKS", "campaign_stats", "format_stats"]

#: The funnel's stages, widest first; each stage counts people who reached at least it.
FUNNEL = ("prospects", "contacted", "met", "gave names")
#: How many weeks of cadence to report, this week included.
WEEKS = 12
#: How many months of referral yield to report, this month included.
MONTHS = 12
_TOP = 5


def campaign_stats(vault: Vault, today: dt.date, *, include_private: bool = False) -> dict[str, Any]:
    """The campaign's numbers on ``today`` (the last week reported holds it; nothing after it counts), JSON-ready.

    ``include_private`` counts private contacts and interviews too; the default leaves them out entirely, so
    the result is safe to publish (``infoview stats`` passes True: it is the owner's own terminal).

    Funnel: *prospects* is everyone on your list (contacts, and names given that have no note yet);
    *contacted* those whose status is past prospect; *met* those with a done meeting (or ``status: met``);
    *gave names* those met who gave you at least one name. Weeks count done meetings, outreach you sent and
    messages you received. A person responded when they wrote back (an incoming outreach entry) or a meeting
    was arranged; the rate is over everyone you wrote to. Referral yield is distinct names given per done meeting.
    """
    contacts = [c for c in vault.contacts if include_private or not c.private]
    shown = {c.path for c in contacts}
    interviews = [iv for iv in vault.interviews if include_private or vault.public(iv)]
    interviews = [iv for iv in interviews if any(c.path in shown for c in vault.people(iv))]
    refs = [
        r
        for r in referrals(vault)
        if (include_private or not r.private)
        and (r.referrer == OWNER or r.referrer.startswith(PROSPECT_PREFIX) or r.referrer in shown)
        and (r.referred.startswith(PROSPECT_PREFIX) or r.referred in shown)
        and (r.interview is None or r.date is None or r.date <= today.isoformat())
    ]
    done = [iv for iv in interviews if iv.status == "done" and iv.date is not None and iv.date <= today]
    met_paths = {c.path for iv in done for c in vault.people(iv) if c.path in shown}
    met_paths |= {c.path for c in contacts if c.status == "met"}
    named = [r for r in refs if r.source != "self" and r.referrer not in (OWNER, r.referred)]
    given: dict[str, set[str]] = {}
    for r in named:
        given.setdefault(r.referrer, set()).add(r.referred)
    prospect_names = {r.referred for r in refs if r.referred.startswith(PROSPECT_PREFIX)}
    sent = {c.path: [o for o in c.outreach if o.direction == "out" and o.date <= today] for c in contacts}
    arranged = {c.path for iv in interviews if iv.status != "requested" for c in vault.people(iv)}
    reached = [c for c in contacts if sent[c.path]]
    responded = sum(
        1 for c in reached if c.path in arranged or any(o.direction == "in" and o.date <= today for o in c.outreach)
    )
    funnel_counts = (
        len(contacts) + len(prospect_names),
        sum(1 for c in contacts if c.status != "prospect" or c.path in met_paths),
        len(met_paths),
        sum(1 for p in met_paths if given.get(p)),
    )
    names_total = sum(len(v) for v in given.values())
    reach = reach_counts(chain_parents([(r.referrer, r.referred, rank(r)) for r in refs], OWNER))
    names_by_path = {c.path: c.name for c in contacts}
    shown_names = {r.referrer: r.referrer_name for r in refs}
    top = sorted(given, key=lambda p: (-len(given[p]), -reach.get(p, 0), fold(names_by_path.get(p, p)), p))[:_TOP]
    return {
        "today": today.isoformat(),
        "funnel": [{"stage": s, "count": n} for s, n in zip(FUNNEL, funnel_counts)],
        "weeks": _weeks(contacts, done, today),
        "response_rate": {
            "reached_out": len(reached),
            "responded": responded,
            "rate": round(responded / len(reached), 3) if reached else None,
        },
        "referral_yield": {
            "meetings": len(done),
            "names": names_total,
            "yield": round(names_total / len(done), 3) if done else None,
        },
        "months": _months(named, done, vault, today),
        "top_connectors": [
            {
                "name": names_by_path.get(p, shown_names.get(p, p)),
                "path": p if p in names_by_path else None,
                "names_given": len(given[p]),
                "reach": reach.get(p, 0),
            }
            for p in top
        ],
        "totals": {
            "contacts": len(contacts),
            "companies": sum(1 for c in vault.companies if include_private or not c.private),
            "interviews": len(interviews),
            "meetings": len(done),
            "outreach": sum(len(v) for v in sent.values()),
            "prospect_names": len(prospect_names),
        },
        "left_out": 0
        if include_private
        else sum(1 for n in vault.notes if n.private)
        + sum(1 for iv in vault.interviews if not iv.private and not vault.public(iv)),
    }


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weeks(contacts: list[Contact], done: list[Interview], today: dt.date) -> list[dict[str, Any]]:
    first = _week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    meetings = Counter(_week_start(iv.date) for iv in done if iv.date >= first)  # type: ignore[operator]
    messages = Counter(  # (sent by you, week) -> how many
        (o.direction == "out", _week_start(o.date)) for c in contacts for o in c.outreach if first <= o.date <= today
    )
    weeks = [first + dt.timedelta(weeks=i) for i in range(WEEKS)]
    return [
        {"start": w.isoformat(), "meetings": meetings[w], "outreach": messages[True, w], "replies": messages[False, w]}
        for w in weeks
    ]


def _months(named: list, done: list[Interview], vault: Vault, today: dt.date) -> list[dict[str, Any]]:
    """Meetings held and names gained per month, with running totals from the campaign's start (at most the
    last :data:`MONTHS`). A name (a distinct referrer, person pair) is dated by the first meeting that lists it;
    a ``referred_by`` with no such meeting by the referrer's first meeting held, else today."""
    first_met: dict[str, dt.date] = {}
    for iv in sorted(done, key=lambda iv: iv.date):  # type: ignore[arg-type,return-value]
        for c in vault.people(iv):
            first_met.setdefault(c.path, iv.date)  # type: ignore[arg-type]
    dated: dict[tuple[str, str], dt.date] = {}
    for r in named:
        day = dt.date.fromisoformat(r.date) if r.source == "referrals" and r.date else first_met.get(r.referrer, today)
        key = (r.referrer, r.referred)
        dated[key] = min(day, dated.get(key, day))
    met = Counter(iv.date.replace(day=1) for iv in done)  # type: ignore[union-attr]
    gained = Counter(day.replace(day=1) for day in dated.values())
    if not met and not gained:
        return []
    month, current = min([*met, *gained]), today.replace(day=1)
    out: list[dict[str, Any]] = []
    total_m = total_n = 0
    while month <= current:
        total_m += met[month]
        total_n += gained[month]
        out.append(
            {
                "month": month.isoformat(),
                "meetings": met[month],
                "names": gained[month],
                "total_meetings": total_m,
                "total_names": total_n,
            }
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out[-MONTHS:]


def format_stats(stats: dict[str, Any]) -> str:
    """``campaign_stats`` as a plain-text report."""
    lines = [f"Campaign on {stats['today']}", "", "Funnel"]
    widest = max((row["count"] for row in stats["funnel"]), default=0) or 1
    previous = None
    for row in stats["funnel"]:
        share = f"  ({row['count'] / previous:.0%} of the {previous} above)" if previous else ""
        bar = "#" * round(20 * row["count"] / widest)
        lines.append(f"  {row['stage']:<11} {row['count']:>5}  {bar}{share}")
        previous = row["count"] or None
    lines += ["", f"  {'Week of':<12}{'meetings':>10}{'outreach':>10}{'replies':>9}"]
    lines += [f"  {w['start']:<12}{w['meetings']:>10}{w['outreach']:>10}{w['replies']:>9}" for w in stats["weeks"]]
    rr = stats["response_rate"]
    rate = f"{rr['rate']:.0%}" if rr["rate"] is not None else "n/a"
    lines += [
        "",
        f"Response rate: {rate} ({rr['responded']} of {plural(rr['reached_out'], 'person', 'people')} you wrote to answered)",
    ]
    ry = stats["referral_yield"]
    ylds = f"{ry['yield']:.2f}" if ry["yield"] is not None else "n/a"
    lines.append(
        f"Referral yield: {ylds} names per meeting ({plural(ry['names'], 'name')} from {plural(ry['meetings'], 'meeting')})"
    )
    if stats["top_connectors"]:
        lines += ["", "Top connectors   names  reach"]
        lines += [f"  {c['name']:<24} {c['names_given']:>3}  {c['reach']:>5}" for c in stats["top_connectors"]]
    return "\n".join(lines) + "\n"
