"""The campaign as an iCalendar feed (RFC 5545), through icalendar: meetings and follow-ups as VEVENTs.

Cancelled and rescheduled meetings stay in the feed as CANCELLED, so a subscribed calendar drops them.
Follow-ups are all-day events, not VTODOs: Google Calendar and Outlook ignore tasks in subscribed feeds.
UIDs come from the note, the kind of item and the person, so a refresh updates entries instead of adding
copies; DTSTAMP is ``today`` at midnight UTC, so the same vault and day give the same bytes. The feed may
be published: private notes, contact details and what ``site.hides`` are left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar

from .. import __version__
from ..agenda import agenda
from ..links import fold
from ..model import Interview, Vault
from ..rules import add_days

__all__ = ["FOLLOW_UP_DAYS", "MEETING_LENGTH", "calendar", "event_uid", "ics_feed"]

#: Informational interviews are short by design: ask for twenty to thirty minutes.
MEETING_LENGTH = dt.timedelta(minutes=30)
#: How far ahead follow-ups are listed by default.
FOLLOW_UP_DAYS = 30
#: Agenda kinds that are not follow-ups: meetings come from the interviews
#: themselves, and the weekly outreach nudge is about no one in particular.
_NOT_FOLLOW_UPS = {"meeting", "outreach"}
_STATUS = {"requested": "TENTATIVE", "cancelled": "CANCELLED", "rescheduled": "CANCELLED"}  # else CONFIRMED
_HOW = {"phone": "Phone call with", "video": "Video call with", "in-person": "Meeting with"}


def event_uid(path: str, kind: str, person: str = "") -> str:
    """A UID stable for the same note, kind of item and person."""
    digest = hashlib.sha256(f"{path}\n{kind}\n{fold(person)}".encode()).hexdigest()[:24]
    return f"{digest}-{kind}@infoview"


def _who(vault: Vault, iv: Interview) -> tuple[str, str]:
    """(names, description) of the people a meeting names, without what the site hides."""
    hides = vault.config.site.hides
    people = vault.people(iv)
    if not people:
        return (iv.contact.text if iv.contact else "someone"), ""
    abouts = []
    for contact in people:
        role = contact.role if not hides("role") else None
        known = vault.company(contact.company)
        shown = contact.company is not None and not hides("company") and not (known and known.private)
        company = (known.name if known else contact.company.text) if shown else None
        about = " at ".join(x for x in (role, company) if x)
        abouts.append(f"{contact.name}, {about}" if about else contact.name)
    return ", ".join(c.name for c in people), "; ".join(abouts)


def _meeting(vault: Vault, iv: Interview, stamp: dt.datetime) -> icalendar.Event | None:
    if iv.date is None or not vault.public(iv):
        return None
    person, about = _who(vault, iv)
    event = icalendar.Event()
    event.add("uid", event_uid(iv.path, "meeting"))
    event.add("dtstamp", stamp)
    if iv.start is not None:
        tz = vault.config.tz
        start = iv.start.replace(tzinfo=tz) if iv.start.tzinfo is None else iv.start.astimezone(tz)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH if start.date() < dt.date.max else start)
    else:
        event.add("dtstart", iv.date)
        event.add("dtend", add_days(iv.date, 1))
        event.add("transp", "TRANSPARENT")
    summary = f"{_HOW.get(iv.medium or '', 'Informational interview with')} {person}"
    if iv.status in ("cancelled", "rescheduled"):
        summary = f"{iv.status.capitalize()}: {summary}"
    elif iv.status == "requested":
        summary += " (not confirmed yet)"
    event.add("summary", summary)
    event.add("status", _STATUS.get(iv.status, "CONFIRMED"))
    lines = [f"Informational interview with {about or person}."]
    if iv.status in ("scheduled", "requested"):
        lines.append(
            "Questions and research prepared."
            if iv.prepared
            else "Not prepared yet: write questions and research in the note."
        )
    lines.append(f"Note: {iv.path}")
    event.add("description", "\n".join(lines))
    event.add("categories", ["infoview", "meeting"])
    return event


def _private(vault: Vault, path: str | None) -> bool:
    """Whether the note at ``path``, or anyone an interview note names, is private."""
    note = vault.get(path) if path else None
    if isinstance(note, Interview):
        return not vault.public(note)
    return note is not None and note.private


def calendar(vault: Vault, today: dt.date, *, days: int = FOLLOW_UP_DAYS) -> icalendar.Calendar:
    """The vault's meetings and follow-ups; raises what :func:`infoview.agenda.agenda` raises for bad ``rules:``."""
    stamp = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//infoview//infoview {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    title = vault.config.site.title or "infoview campaign"
    cal.add("x-wr-calname", title)
    cal.add("name", title)
    cal.add("x-wr-timezone", vault.config.tz.key)
    events = [event for iv in vault.interviews if (event := _meeting(vault, iv, stamp)) is not None]
    seen: dict[str, int] = {}
    for item in agenda(vault, today, days=days):
        if item.kind in _NOT_FOLLOW_UPS or _private(vault, item.path) or _private(vault, item.person_path):
            continue
        uid = event_uid(item.path, item.kind, item.person)
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:  # the same kind of task twice for one person in one note
            uid = uid.replace("@", f"-{seen[uid]}@", 1)
        day = max(item.due, today)
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", add_days(day, 1))
        event.add("transp", "TRANSPARENT")
        overdue = item.due < today
        event.add("summary", ("Overdue: " if overdue else "") + f"{item.person}: {item.what}")
        due = f"Due {'since ' if overdue else ''}{item.due.isoformat()}."
        event.add("description", f"{item.what} ({item.person}).\n{due}\nNote: {item.path}")
        event.add("categories", ["infoview", "follow-up", item.kind])
        events.append(event)
    for event in sorted(events, key=lambda e: (e.decoded("dtstart").isoformat(), str(e["uid"]))):
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def ics_feed(vault: Vault, today: dt.date, *, days: int = FOLLOW_UP_DAYS) -> bytes:
    """The calendar as ``.ics`` bytes: what ``infoview export ics`` writes and the site serves at ``/calendar.ics``."""
    return calendar(vault, today, days=days).to_ical()
