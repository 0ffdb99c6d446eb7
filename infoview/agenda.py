"""What to do now: overdue and due-today follow-ups first, then the coming days.

The agenda reads the same tasks the rules check (:func:`infoview.rules.tasks`), adds the meetings coming up
and, when the week is slow, a nudge to reach out. Private notes are included (the owner's local view):
callers that publish it must drop the items whose note is private.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from .model import Interview, Vault
from .rules import CONFIG_PATH, OFF, add_days, rule_settings, tasks
from .rules.campaign import week_activity

__all__ = ["KINDS", "AgendaItem", "agenda"]

#: The kinds of item, in the order items due the same day are listed (any other kind comes after them).
KINDS = (
    "reply",
    "log-outcome",
    "thank-you",
    "referrer-thanks",
    "names",
    "prepare",
    "meeting",
    "resume-offer",
    "resume-feedback",
    "contact-referral",
    "landing-notice",
    "keep-in-touch",
    "outreach",
)


@dataclass(frozen=True)
class AgendaItem:
    """One thing to do, for one person, by one day, in one file."""

    due: dt.date
    what: str
    person: str
    person_path: str | None
    path: str
    line: int
    rule: str | None
    kind: str
    overdue: bool

    def sort_key(self) -> tuple:
        rank = KINDS.index(self.kind) if self.kind in KINDS else len(KINDS)
        return (self.due, self.person.casefold(), rank, self.path, self.line)

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"due": self.due.isoformat()}


_HOW = {"phone": "Phone call", "video": "Video call", "in-person": "Meeting in person"}


def _meeting(vault: Vault, iv: Interview) -> AgendaItem:
    contact = vault.contact(iv.contact)
    person = contact.name if contact else (iv.contact.text if iv.contact else "(nobody named)")
    what = _HOW.get(iv.medium or "", "Meeting") + (f" at {iv.start:%H:%M}" if iv.start else "")
    if iv.status == "requested":
        what += " (not confirmed yet)"
    return AgendaItem(
        iv.date, what, person, contact.path if contact else None, iv.path, iv.line_of("date"), None, "meeting", False
    )


def agenda(vault: Vault, today: dt.date, days: int = 7) -> list[AgendaItem]:
    """Overdue and due-today items, then those due in the next ``days`` days, sorted by (due, person). Raises
    :class:`infoview.rules.UnknownRule` or :class:`infoview.rules.RuleConfigError` on a bad ``rules:``."""
    horizon = add_days(today, max(days, 0))
    items = [
        AgendaItem(t.due, t.what, t.person, t.person_path, t.note.path, t.line, t.rule, t.kind, t.due < today)
        for t in tasks(vault)
        # A preparation window closes with the meeting; everything else stays until done.
        if t.due <= horizon and (t.end is None or t.end >= today) and (t.shown is None or t.shown <= today)
    ]
    items += [
        _meeting(vault, iv)
        for iv in vault.interviews
        if iv.status in ("scheduled", "requested") and iv.date is not None and today <= iv.date <= horizon
    ]
    settings = rule_settings(vault.config)["campaign-stalled"]
    if settings["severity"] != OFF:
        goal = int(settings["per_week"])
        n = week_activity(vault, today, goal)
        if n is not None:
            what = f"Reach out to {goal - n} more {'person' if goal - n == 1 else 'people'} this week ({n} of {goal} so far)"
            items.append(
                AgendaItem(today, what, "the campaign", None, CONFIG_PATH, 1, "campaign-stalled", "outreach", False)
            )
    return sorted(items, key=AgendaItem.sort_key)
