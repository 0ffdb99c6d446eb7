"""Campaign numbers: the funnel, the weekly cadence, response rate, referral yield.

``campaign_stats(vault, today)`` is pure (the day is passed in, nothing is
read from the clock or the disk) and does not import NetworkX, so the site
dashboard and the charts can call it cheaply. ``infoview stats`` prints it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import Counter
from typing import Any, NamedTuple

from . import lineage
from .links import fold
from .model import Contact, Vault
from .referrals import OWNER, PROSPECT_PREFIX, chain_parents, contact_lookup, rank, reach_counts, referrals, without_gc

__all__ = ["FUNNEL", "WEEKS", "OutreachSummary", "campaign_stats", "format_stats", "outreach_summaries"]

#: The funnel's stages, widest first; each stage counts people who reached at least it.
FUNNEL = ("prospects", "contacted", "met", "gave names")
#: How many weeks of cadence to report, this week included.
WEEKS = 12
_TOP = 5


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@without_gc
def campaign_stats(vault: Vault, today: dt.date, *, include_private: bool = False) -> dict[str, Any]:
    """The campaign's numbers on ``today``.

    Parameters
    ----------
    vault : Vault
        A loaded vault.
    today : datetime.date
        The day the numbers are for: the last week reported is the
        (Monday-based) week holding it; nothing after it is counted.
    include_private : bool, default False
        Count private contacts and interviews too. The default leaves them
        out entirely, so the result is safe to publish; ``infoview stats``
        passes True (it is the owner's own terminal).

    Returns
    -------
    dict
        JSON-ready::

            {"today": "2026-11-25",
             "funnel": [{"stage": "prospects", "count": 24}, ...],
             "weeks": [{"start": "2026-09-07", "meetings": 2, "outreach": 5, "replies": 3}, ...],
             "response_rate": {"reached_out": 18, "responded": 15, "rate": 0.833},
             "referral_yield": {"meetings": 13, "names": 14, "yield": 1.077},
             "top_connectors": [{"name": ..., "path": ..., "names_given": 4, "reach": 9}, ...],
             "totals": {"contacts": 20, "companies": 7, "interviews": 19, "meetings": 13,
                        "outreach": 60, "prospect_names": 2}}

        Funnel: *prospects* is everyone on your list (contacts, and names
        given that have no note yet); *contacted* those whose status is past
        prospect; *met* those with a done meeting (or ``status: met``);
        *gave names* those met who gave you at least one name. Weeks count
        done meetings, outreach you sent and messages you received. A person
        responded when they wrote back (an incoming outreach entry) or a
        meeting was arranged; the rate is over everyone you wrote to.
        Referral yield is distinct names given per done meeting.

    Examples
    --------
    >>> campaign_stats(load_vault("vault"), dt.date(2026, 11, 25))["funnel"][2]  # doctest: +SKIP
    {'stage': 'met', 'count': 13}
    """
    contacts = [c for c in vault.contacts if include_private or not c.private]
    shown = {c.path for c in contacts}
    contact_of = contact_lookup(vault)
    interviews = [
        iv for iv in vault.interviews
        if (include_private or not iv.private) and (who := contact_of(iv.contact)) is not None and who.path in shown
    ]
    refs = [
        r for r in referrals(vault)
        if (include_private or not r.private)
        and (r.referrer == OWNER or r.referrer.startswith(PROSPECT_PREFIX) or r.referrer in shown)
        and (r.referred.startswith(PROSPECT_PREFIX) or r.referred in shown)
        and (r.interview is None or r.date is None or r.date <= today.isoformat())
    ]
    done = [iv for iv in interviews if iv.status == "done" and iv.date is not None and iv.date <= today]
    met_paths = {contact_of(iv.contact).path for iv in done}  # type: ignore[union-attr]
    met_paths |= {c.path for c in contacts if c.status == "met"}
    given: dict[str, set[str]] = {}
    for r in refs:
        if r.source != "self" and r.referrer not in (OWNER, r.referred):
            given.setdefault(r.referrer, set()).add(r.referred)
    prospect_names = {r.referred for r in refs if r.referred.startswith(PROSPECT_PREFIX)}

    funnel_counts = (
        len(contacts) + len(prospect_names),
        sum(1 for c in contacts if c.status != "prospect" or c.path in met_paths),
        len(met_paths),
        sum(1 for p in met_paths if given.get(p)),
    )
    sums = outreach_summaries(vault, today)
    weeks = _weeks(contacts, done, today, sums)
    names_total = sum(len(v) for v in given.values())
    reach = _reach(vault, [(r.referrer, r.referred, rank(r)) for r in refs])
    names_by_path = {c.path: c.name for c in contacts}
    shown_names = {r.referrer: r.referrer_name for r in refs}
    top = sorted(given, key=lambda p: (-len(given[p]), -reach.get(p, 0), fold(names_by_path.get(p, p)), p))[:_TOP]
    return {
        "today": today.isoformat(),
        "funnel": [{"stage": s, "count": n} for s, n in zip(FUNNEL, funnel_counts)],
        "weeks": weeks,
        "response_rate": _response(contacts, interviews, sums),
        "referral_yield": {
            "meetings": len(done),
            "names": names_total,
            "yield": round(names_total / len(done), 3) if done else None,
        },
        "top_connectors": [
            {"name": names_by_path.get(p, shown_names.get(p, p)), "path": p if p in names_by_path else None,
             "names_given": len(given[p]), "reach": reach.get(p, 0)}
            for p in top
        ],
        "totals": {
            "contacts": len(contacts),
            "companies": sum(1 for c in vault.companies if include_private or not c.private),
            "interviews": len(interviews),
            "meetings": len(done),
            "outreach": sum(sums[c.path].sent for c in contacts),
            "prospect_names": len(prospect_names),
        },
    }


#: Per vault: (the referral facts a chain search read, how far each person's names reached), a few at most.
_REACH: weakref.WeakKeyDictionary[Vault, list[tuple[list[tuple[str, str, tuple]], dict[str, int]]]] = weakref.WeakKeyDictionary()


def _reach(vault: Vault, facts: list[tuple[str, str, tuple]]) -> dict[str, int]:
    """:func:`reach_counts` of the chains over ``facts`` (read-only): the search again only when the facts differ.

    The search reads nothing but the facts (in order) and the owner, so the
    answer for equal facts, kept for this vault or the vault it was reloaded
    from (:mod:`infoview.lineage`), is the same: after most edits (a status,
    a thank-you) nobody's referrer changed.
    """
    kept = _REACH.get(vault)
    if kept is None:
        kept = _REACH[vault] = []
    found = lineage.parent(vault)
    for facts_then, reach in (*kept, *(_REACH.get(found.old, ()) if found is not None else ())):
        if facts_then == facts:
            break
    else:
        reach = reach_counts(chain_parents(facts, OWNER))
    kept.insert(0, (facts, reach))
    del kept[4:]  # the public and the private numbers, a day or two
    return reach


class OutreachSummary(NamedTuple):
    """What one contact's outreach log says on a day (see :func:`outreach_summaries`)."""

    sent: int  #: entries you sent, up to the day
    first_sent: dt.date | None  #: the first of them
    wrote_back: bool  #: an incoming entry up to the day
    #: (week start, entries) per Monday-based week of the last :data:`WEEKS`, sent and received
    sent_weeks: tuple[tuple[dt.date, int], ...]
    received_weeks: tuple[tuple[dt.date, int], ...]
    names: frozenset[str]  #: the contact's names, folded


#: Per vault: the day, and per contact path (the contact, its summary on that day).
_OUTREACH: weakref.WeakKeyDictionary[Vault, tuple[dt.date, dict[str, tuple[Contact, OutreachSummary]]]] = weakref.WeakKeyDictionary()


def outreach_summaries(vault: Vault, today: dt.date) -> dict[str, OutreachSummary]:
    """Every contact's :class:`OutreachSummary` on ``today``, by path (private contacts too).

    A summary reads the contact note and the day alone, so for a vault
    reloaded under ``mkdocs serve`` (:mod:`infoview.lineage`) an unchanged
    contact (the very same object) keeps the summary its parent vault had
    for the same day: only the edited contacts' logs are read again.
    """
    kept = _OUTREACH.get(vault)
    if kept is not None and kept[0] == today:
        return {path: summary for path, (_, summary) in kept[1].items()}
    found = lineage.parent(vault)
    before = _OUTREACH.get(found.old) if found is not None else None
    old = before[1] if before is not None and before[0] == today else {}
    first = _week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    mine: dict[str, tuple[Contact, OutreachSummary]] = {}
    for c in vault.contacts:
        hit = old.get(c.path)
        mine[c.path] = hit if hit is not None and hit[0] is c else (c, _summary(c, today, first))
    _OUTREACH[vault] = (today, mine)
    return {path: summary for path, (_, summary) in mine.items()}


def _summary(c: Contact, today: dt.date, first: dt.date) -> OutreachSummary:
    sent: list[dt.date] = []
    wrote_back = False
    weeks: tuple[Counter[dt.date], Counter[dt.date]] = (Counter(), Counter())
    for o in c.outreach:
        if o.date > today:
            continue
        out = o.direction == "out"
        if out:
            sent.append(o.date)
        elif o.direction == "in":
            wrote_back = True
        if o.date >= first:
            weeks[0 if out else 1][_week_start(o.date)] += 1
    return OutreachSummary(
        len(sent), min(sent) if sent else None, wrote_back, tuple(weeks[0].items()), tuple(weeks[1].items()),
        frozenset(fold(n) for n in c.names),
    )


def _weeks(contacts: list[Contact], done: list, today: dt.date, sums: dict[str, OutreachSummary]) -> list[dict[str, Any]]:
    first = _week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    meetings: Counter[dt.date] = Counter(_week_start(iv.date) for iv in done if iv.date >= first)
    sent: Counter[dt.date] = Counter()
    received: Counter[dt.date] = Counter()
    for c in contacts:
        s = sums[c.path]
        for week, n in s.sent_weeks:
            sent[week] += n
        for week, n in s.received_weeks:
            received[week] += n
    out = []
    for i in range(WEEKS):
        start = first + dt.timedelta(weeks=i)
        out.append({"start": start.isoformat(), "meetings": meetings[start], "outreach": sent[start], "replies": received[start]})
    return out


def _response(contacts: list[Contact], interviews: list, sums: dict[str, OutreachSummary]) -> dict[str, Any]:
    arranged = {iv.contact.key for iv in interviews if iv.status != "requested" and iv.contact is not None}
    reached = responded = 0
    for c in contacts:
        s = sums[c.path]
        if not s.sent:
            continue
        reached += 1
        if s.wrote_back or not arranged.isdisjoint(s.names):
            responded += 1
    return {"reached_out": reached, "responded": responded, "rate": round(responded / reached, 3) if reached else None}


def format_stats(stats: dict[str, Any]) -> str:
    """``campaign_stats`` as a plain-text report."""
    lines = [f"Campaign on {stats['today']}", "", "Funnel"]
    widest = max((row["count"] for row in stats["funnel"]), default=0) or 1
    previous = None
    for row in stats["funnel"]:
        share = f"  ({row['count'] / previous:.0%} of the stage above)" if previous else ""
        bar = "#" * round(20 * row["count"] / widest)
        lines.append(f"  {row['stage']:<11} {row['count']:>5}  {bar}{share}")
        previous = row["count"] or None
    lines += ["", f"  {'Week of':<12}{'meetings':>10}{'outreach':>10}{'replies':>9}"]
    for w in stats["weeks"]:
        lines.append(f"  {w['start']:<12}{w['meetings']:>10}{w['outreach']:>10}{w['replies']:>9}")
    rr = stats["response_rate"]
    rate = f"{rr['rate']:.0%}" if rr["rate"] is not None else "n/a"
    lines += ["", f"Response rate: {rate} ({rr['responded']} of {rr['reached_out']} people you wrote to answered)"]
    ry = stats["referral_yield"]
    ylds = f"{ry['yield']:.2f}" if ry["yield"] is not None else "n/a"
    lines.append(f"Referral yield: {ylds} names per meeting ({ry['names']} names from {ry['meetings']} meetings)")
    if stats["top_connectors"]:
        lines += ["", "Top connectors   names  reach"]
        for c in stats["top_connectors"]:
            lines.append(f"  {c['name']:<24} {c['names_given']:>3}  {c['reach']:>5}")
    return "\n".join(lines) + "\n"
