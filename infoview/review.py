"""The week in review: outreach and meetings against the pace, replies, names gained, next week's
meetings, what slipped, each follow-up's on-time rate, the trend. ``weekly_review`` is pure and
JSON-ready, ``format_review`` makes Markdown. Counts are ``campaign_stats``'s (outreach sent, replies
received, done meetings, none after ``today``); the pace adds them up, as ``campaign-stalled`` does.
Private notes count unless ``public``, which also leaves out outreach notes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .agenda import agenda
from .model import Vault
from .report import plural
from .rules import OFF, deadline, rule_settings
from .rules.followups import who

__all__ = ["STILL_OPEN_SHOWN", "format_review", "weekly_review"]

#: The report lists this many of the follow-ups still open, the most overdue first; the data holds them all.
STILL_OPEN_SHOWN = 20

_BARS = "▁▂▃▄▅▆▇█"
#: Each on-time rate: the rule whose deadline it keeps, and what it divides by.
_RATES = {
    "thank-you": ("thank-you-overdue", "done meetings whose thank-you was due or sent by then"),
    "referrer thanks": ("referrer-thanks-overdue", "first meetings with referred people, the thanks due or sent"),
    "resume offer": ("resume-not-offered", "done phone meetings whose resume offer was due or made by then"),
    "reply": ("reply-overdue", "messages received whose reply was due or sent by then"),
    "names asked for": ("no-referrals-asked", "done meetings: names given, or `referrals_asked: true`"),
}


def weekly_review(vault: Vault, week_start: dt.date, today: dt.date, *, weeks: int = 8, public: bool = False) -> dict:
    """The week holding ``week_start`` (Monday to Sunday) as of ``today``, and ``weeks`` weeks of trend to it.
    Raises :class:`infoview.rules.RuleConfigError` or :class:`~infoview.rules.UnknownRule` on a bad ``rules:``."""
    start = week_start - dt.timedelta(days=week_start.weekday())
    end = start + dt.timedelta(days=6)
    cutoff, first = min(end, today), start - dt.timedelta(weeks=max(weeks, 1) - 1)
    settings = rule_settings(vault.config)

    def hidden(path: str | None) -> bool:
        """Whether the public review leaves a note out: private, or a meeting naming someone private."""
        note = vault.get(path) if public and path else None
        return note is not None and not vault.public(note)

    contacts = [c for c in vault.contacts if not hidden(c.path)]
    shown = {c.path for c in contacts}
    ivs = [iv for iv in vault.interviews if any(c.path in shown for c in vault.people(iv)) and not hidden(iv.path)]
    done = [iv for iv in ivs if iv.status == "done" and iv.date and iv.date <= today]
    entries = sorted(((c, o) for c in contacts for o in c.outreach if o.date <= today), key=lambda e: e[1].date)

    def week(monday: dt.date) -> dict[str, Any]:
        sunday = monday + dt.timedelta(days=6)
        sent = sum(1 for _, o in entries if monday <= o.date <= sunday and o.direction == "out")
        got = sum(1 for _, o in entries if monday <= o.date <= sunday and o.direction == "in")
        held = sum(1 for iv in done if monday <= iv.date <= sunday)  # type: ignore[operator]
        row = {"start": monday.isoformat(), "outreach": sent, "replies": got}
        return row | {"meetings": held, "total": sent + got + held}

    def due(rule: str, day: Any) -> dt.date:
        return deadline(day, settings[rule])

    # Every follow-up a meeting or a message called for: (duty, whom, note, the day it came from, due, done).
    duties: list[tuple] = []
    for iv in done:
        person, asked = who(vault, iv)[0], iv.date if iv.referrals or iv.referrals_asked else None
        sent = iv.thank_you_sent or max(iv.thanked.values(), default=None)
        duties += [("thank-you", f"to {person}", iv, iv.date, due("thank-you-overdue", iv.date), sent)]
        duties += [("names asked for", f"of {person}", iv, iv.date, iv.date, asked)]
        if iv.medium == "phone":
            by = due("resume-not-offered", iv.date)
            duties += [("resume offer", f"to {person}", iv, iv.date, by, iv.resume_sent)]
    held_paths = {iv.path for iv in done}
    for c in contacts:
        held = [iv for iv in vault.interviews_of(c) if iv.path in held_paths]
        if c.referred_by and held and not hidden(getattr(vault.referrer(c), "path", None)):
            thanked = min((iv.referrer_thanked for iv in vault.interviews_of(c) if iv.referrer_thanked), default=None)
            whom, day = f"to {c.referred_by.text} for {c.name}", held[0].date
            duties += [("referrer thanks", whom, held[0], day, due("referrer-thanks-overdue", day), thanked)]
        replies = [o for o in c.outreach if o.direction == "in" and o.date <= today]
        duties += [("reply", f"to {c.name}", c, o.date, due("reply-overdue", o.date), o.answered) for o in replies]
    duties = [d for d in duties if settings[_RATES[d[0]][0]]["severity"] != OFF and _RATES[d[0]][0] not in d[2].ignore]
    late = []
    for duty, whom, note, _, by, on in duties:
        if on and start <= on <= end and on > by:
            late.append({"duty": duty, "whom": whom, "path": note.path, "due": by.isoformat(), "done": on.isoformat()})
            late[-1]["days_late"] = (on - by).days
    rates = []
    for name, (_, over) in _RATES.items():
        counted = [(by, on) for d, _, _, day, by, on in duties if d == name and first <= day <= cutoff]
        counted = [(by, on) for by, on in counted if by < cutoff or (on and on <= cutoff)]  # due, or done, by then
        on_time = sum(1 for by, on in counted if on and on <= min(by, cutoff))
        rates.append({"duty": name, "on_time": on_time, "of": len(counted), "over": over})
    still = [
        item.to_json() | {"days_late": (cutoff - item.due).days}
        for item in agenda(vault, cutoff, days=0)
        if item.overdue and not hidden(item.path) and not hidden(item.person_path)
    ]

    def entry(c: Any, o: Any) -> dict[str, Any]:
        answered = o.answered.isoformat() if o.answered else None
        row = {"date": o.date.isoformat(), "person": c.name, "path": c.path, "via": o.via}
        return row | {"note": "" if public else o.note, "answered": answered}

    def meeting(iv: Any) -> dict[str, Any]:
        names = [x.text for x in iv.referrals if not hidden(getattr(vault.contact(x), "path", None))]
        row = {"date": iv.date.isoformat(), "person": who(vault, iv)[0], "path": iv.path, "medium": iv.medium}
        row |= {"status": iv.status, "names": names}
        return row | {"questions": len(iv.questions), "research": bool(iv.research)}

    soon = [iv for iv in ivs if iv.status in ("scheduled", "requested") and iv.date]
    upcoming = [iv for iv in soon if end < iv.date <= end + dt.timedelta(days=7)]  # type: ignore[operator]
    return {
        "week": "{}-W{:02d}".format(*start.isocalendar()[:2]),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "today": today.isoformat(),
        "public": public,
        "per_week": int(settings["campaign-stalled"]["per_week"]),
        "counts": week(start),
        "outreach": [entry(c, o) for c, o in entries if o.direction == "out" and start <= o.date <= end],
        "replies": [entry(c, o) for c, o in entries if o.direction == "in" and start <= o.date <= end],
        "meetings": [meeting(iv) for iv in done if start <= iv.date <= end],  # type: ignore[operator]
        "next_week": [
            meeting(iv)
            for iv in sorted(
                upcoming, key=lambda iv: (iv.date, iv.start or dt.datetime.combine(iv.date, dt.time()), iv.path)
            )
        ],  # type: ignore[arg-type,return-value]
        "late": late,
        "still_open": still,
        "rates": rates,
        "rates_since": first.isoformat(),
        "weeks": [week(first + dt.timedelta(weeks=i)) for i in range(max(weeks, 1))],
    }


def format_review(review: dict[str, Any]) -> str:
    """``weekly_review``'s data as a Markdown report."""
    r, n = review, review["counts"]
    start, end = dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"])
    pace = "on pace" if n["total"] >= r["per_week"] else f"{r['per_week'] - n['total']} short of it"
    so_far = f" so far ({r['today']})" if r["today"] < r["end"] else ""
    counts = f"{plural(n['outreach'], 'message')} sent, {plural(n['replies'], 'reply', 'replies')} received, "
    out = [f"# Week {r['week']}: {start:%B} {start.day} to {end:%B} {end.day}, {end.year}", ""]
    out.append(
        f"**{n['total']}** this week{so_far} against a pace of {r['per_week']} ({pace}): {counts}{plural(n['meetings'], 'meeting')} held."
    )

    def section(title: str, lines: list[str], empty: str = "") -> None:
        if lines or empty:
            out.extend(["", f"## {title}", "", *(lines or [empty])])

    def msg(e: dict[str, Any], word: str) -> str:
        return f"- {e['date']} {e['via']} {word} **{e['person']}**" + (f": {e['note']}" if e["note"] else "")

    def met(m: dict[str, Any]) -> str:
        return f"- {m['date']} **{m['person']}** ({m['medium'] or 'meeting'}, {m['status']})"

    section("Outreach", [msg(e, "to") for e in r["outreach"]], "Nothing sent this week.")
    section("Replies", [msg(e, "from") + ("" if e["answered"] else " (not answered yet)") for e in r["replies"]])
    section("Meetings held", [f"{met(m)}, `{m['path']}`" for m in r["meetings"]])
    section(
        "Names gained",
        [f"- from **{m['person']}** ({m['date']}): {', '.join(m['names'])}" for m in r["meetings"] if m["names"]],
    )
    prep = [
        f"{met(m)}: {plural(m['questions'], 'question')}, research {'done' if m['research'] else 'missing'}"
        for m in r["next_week"]
    ]
    section("Coming next week", prep, "No meeting yet.")
    slipped = [
        f"- {x['duty']} {x['whom']}: {plural(x['days_late'], 'day')} late (done {x['done']}, due {x['due']})"
        for x in r["late"]
    ]
    slipped += [
        f"- still open: {t['what']} ({t['person']}), {plural(t['days_late'], 'day')} late, `{t['path']}:{t['line']}`"
        for t in r["still_open"][:STILL_OPEN_SHOWN]
    ]
    if len(r["still_open"]) > STILL_OPEN_SHOWN:
        more = len(r["still_open"]) - STILL_OPEN_SHOWN
        slipped.append(f"- and {more} more still open: `infoview agenda` lists them all")
    section("What slipped", slipped, "Nothing: every follow-up was on time.")
    rates = [f"- {x['duty']}: {x['on_time']} of {x['of']} ({x['over']})" for x in r["rates"] if x["of"]]
    section(f"On time since {r['rates_since']}", rates, "Nothing was due yet.")
    peak = max((w["total"] for w in r["weeks"]), default=0) or 1
    spark = "".join(_BARS[round(w["total"] * (len(_BARS) - 1) / peak)] for w in r["weeks"])
    rows = [f"| {w['start']} | {w['outreach']} | {w['replies']} | {w['meetings']} | {w['total']} |" for w in r["weeks"]]
    head = ["| week of | sent | replies | meetings | total |", "| --- | ---: | ---: | ---: | ---: |"]
    section(
        f"The last {len(r['weeks'])} weeks",
        [f"`{spark}` (messages and meetings a week; pace {r['per_week']})", "", *head, *rows],
    )
    return "\n".join(out) + "\n"
