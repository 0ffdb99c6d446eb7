"""What to do now: overdue and due-today follow-ups first, then the coming days.

The agenda reads the same tasks the rules check (see :func:`infoview.rules.tasks`),
so a thank-you that ``infoview check`` will call overdue on Thursday is on the
agenda from the day of the meeting. It adds the meetings coming up and, when
the week is slow, a nudge to reach out.

Private notes are included: the agenda is the owner's local view. Callers that
publish it must drop the items whose note is private.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass
from typing import Any

from . import lineage
from .model import Interview, Vault
from .rules import CONFIG_PATH, OFF, Task, rule_settings, tasks, week_activity

__all__ = ["KINDS", "AgendaItem", "agenda"]

#: Every kind of item, in the order items due the same day are listed.
KINDS = (
    "reply",
    "thank-you",
    "referrer-thanks",
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
        return (self.due, self.person.casefold(), KINDS.index(self.kind), self.path, self.line)

    def to_json(self) -> dict:
        return {
            "due": self.due.isoformat(),
            "what": self.what,
            "person": self.person,
            "person_path": self.person_path,
            "path": self.path,
            "line": self.line,
            "rule": self.rule,
            "kind": self.kind,
            "overdue": self.overdue,
        }


def _meeting(vault: Vault, iv: Interview) -> AgendaItem:
    contact = vault.contact(iv.contact)
    person = contact.name if contact else (iv.contact.text if iv.contact else "(nobody named)")
    how = {"phone": "Phone call", "video": "Video call", "in-person": "Meeting in person"}.get(
        iv.medium or "", "Meeting"
    )
    what = how + (f" at {iv.start:%H:%M}" if iv.start else "")
    if iv.status == "requested":
        what += " (not confirmed yet)"
    return AgendaItem(
        iv.date, what, person, contact.path if contact else None, iv.path, iv.line_of("date"), None, "meeting", False
    )


#: Per vault and day: id(task) -> (the task, its item, the item's sort key). A vault reloaded under
#: ``mkdocs serve`` shares its parent's: the tasks kept from it (:mod:`infoview.rules_incremental`) are the
#: same objects, so their items are made and their keys computed once, and the site's comparisons hit ``is``.
_ITEMS: weakref.WeakKeyDictionary[Vault, dict[dt.date, dict[int, tuple[Task, AgendaItem, Any]]]] = (
    weakref.WeakKeyDictionary()
)


def _items_memo(vault: Vault, today: dt.date) -> dict[int, tuple[Task, AgendaItem, Any]]:
    kept = _ITEMS.get(vault)
    if kept is None:
        kept = _ITEMS[vault] = {}
    memo = kept.get(today)
    if memo is None:
        line = lineage.parent(vault)
        before = _ITEMS.get(line.old) if line is not None else None
        memo = kept[today] = (before or {}).get(today) or {}
    return memo


def _task_item(task: Task, today: dt.date) -> AgendaItem:
    t = task
    return AgendaItem(t.due, t.what, t.person, t.person_path, t.note.path, t.line, t.rule, t.kind, t.due < today)


def agenda(vault: Vault, today: dt.date, days: int = 7) -> list[AgendaItem]:
    """Overdue and due-today items, then those due in the next ``days`` days, sorted by (due, person).

    Raises :class:`infoview.rules.UnknownRule` or :class:`infoview.rules.RuleConfigError`
    when the config's ``rules:`` is wrong, like ``run_rules``.
    """
    horizon = today + dt.timedelta(days=max(days, 0))
    memo = _items_memo(vault, today)
    items: list[AgendaItem] = []
    keys: list[Any] = []
    missed: list[tuple[int, Task]] = []
    outstanding = tasks(vault)
    for t in outstanding:
        # A preparation window closes with the meeting; everything else stays until done.
        if t.due > horizon or (t.end is not None and t.end < today):
            continue
        hit = memo.get(id(t))
        if hit is None or hit[0] is not t:
            item = _task_item(t, today)
            hit = memo[id(t)] = (t, item, item.sort_key())
            missed.append((len(items), t))
        items.append(hit[1])
        keys.append(hit[2])
    if len(missed) > 64 or 2 * len(missed) > len(items):
        # Many new tasks for the same items (the first recorded run after a run from scratch makes every
        # task anew): hand back the items already made, so callers comparing with ``is`` still hit.
        pool: dict[AgendaItem, AgendaItem] = {}
        for entry in memo.values():  # the parent's entries first: the first item made of a value wins
            pool.setdefault(entry[1], entry[1])
        for i, t in missed:
            found = pool.get(items[i])
            if found is not None and found is not items[i]:
                items[i] = found
                memo[id(t)] = (t, found, keys[i])
    if len(memo) > 2 * len(outstanding) + 64:  # tasks gone since the parent's: let them go
        live = {id(t) for t in outstanding}
        for gone in [k for k in memo if k not in live]:
            del memo[gone]
    for iv in vault.interviews:
        if iv.status in ("scheduled", "requested") and iv.date is not None and today <= iv.date <= horizon:
            item = _meeting(vault, iv)
            items.append(item)
            keys.append(item.sort_key())
    settings = rule_settings(vault.config)["campaign-stalled"]
    if settings["severity"] != OFF:
        goal = int(settings["per_week"])
        n = week_activity(vault, today, goal)
        if n is not None:
            what = f"Reach out to {goal - n} more {'person' if goal - n == 1 else 'people'} this week ({n} of {goal} so far)"
            item = AgendaItem(
                today, what, "(the campaign)", None, CONFIG_PATH, 1, "campaign-stalled", "outreach", False
            )
            items.append(item)
            keys.append(item.sort_key())
    # Sorted by the keys kept with the items (a stable sort, as sorting the items by their keys would be).
    return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__)]
