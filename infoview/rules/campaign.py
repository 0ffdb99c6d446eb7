"""The campaign as a whole: its weekly pace, keeping in touch, closing the loop, sound referrals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..finding import Finding
from ..model import Contact, Vault
from ..referrals import loops
from . import CONFIG_PATH, Task, deadline, followup, line_of, overdue_task, rule

__all__ = ["ACTIVE_STATUSES", "activity", "campaign_start", "helpers", "last_touch", "week_activity"]


def _met(vault: Vault, contact: Contact) -> bool:
    return any(iv.status == "done" for iv in vault.interviews_of(contact))


def _helped(vault: Vault, contact: Contact) -> bool:
    """Met in a done meeting, the referrer of someone met, or gave the name of someone met."""
    if _met(vault, contact) or any(_met(vault, c) for c in vault.referred(contact)):
        return True
    return any(
        (named := vault.contact(link)) is not None and _met(vault, named)
        for iv in vault.interviews_of(contact)
        for link in iv.referrals
    )


def helpers(vault: Vault) -> list[Contact]:
    """Everyone who helped: met in a `done` meeting, or referred someone you met, in path order.

    A referral counts both ways it can be written: the met contact's
    ``referred_by``, and a name in the ``referrals`` of someone's meeting.
    """
    return [c for c in vault.contacts if _helped(vault, c)]


@followup(
    "landing-not-shared",
    "warning",
    "`landed` is set in the config and someone who helped has no `landed_notice` after `days`",
    "Closing the loop: when you land, tell everyone who helped where you landed and thank them again. It is the "
    "news they have been waiting for, and these people are your network in the new job.",
    "Write to each of them, then add `landed_notice: <date>` to their contact note.",
    days=7,
)
def landing_not_shared(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Helpers not yet told where you landed; only once ``landed`` is set."""
    landed = vault.config.landed
    if landed is None:
        return []
    where = f" at {landed.company.text}" if landed.company else ""
    return [
        overdue_task(
            "landing-not-shared",
            "landing-notice",
            "Tell them where you landed",
            contact,
            line_of(contact, "landed_notice"),
            deadline(landed.date, settings),
            contact.name,
            contact,
            f"you landed{where} on {landed.date}; {contact.name}, who helped, has not been told",
            f"tell {contact.name} where you landed and thank them again, then add `landed_notice: <date>`",
        )
        for contact in helpers(vault)
        if contact.landed_notice is None
    ]


def last_touch(vault: Vault, contact: Contact) -> dt.date | None:
    """The latest outreach, meeting or landing notice with a contact (a future meeting counts)."""
    dates = [e.date for e in contact.outreach]
    dates += [iv.date for iv in vault.interviews_of(contact) if iv.date is not None and iv.status != "cancelled"]
    if contact.landed_notice is not None:
        dates.append(contact.landed_notice)
    return max(dates, default=None)


@followup(
    "keep-in-touch",
    "info",
    "someone who helped has had no outreach, meeting or landing notice for `days`",
    "The people who helped are the network you are building, not a list you used once. A short note every few "
    "months (news from your search, an article they would like, an offer to help) keeps the relationship warm.",
    "Send a short note and log it under `outreach:`; set `status: dormant` on the contact to stop the reminders.",
    days=90,
)
def keep_in_touch(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Helpers untouched for ``days``; contacts marked ``status: dormant`` are left alone."""
    return [
        overdue_task(
            "keep-in-touch",
            "keep-in-touch",
            "Get back in touch",
            contact,
            line_of(contact, "outreach"),
            deadline(last, settings),
            contact.name,
            contact,
            f"no outreach to or meeting with {contact.name} since {last}",
            f"send {contact.name} a short note (news, an article, an offer to help) and log it under `outreach:`",
        )
        for contact in helpers(vault)
        for last in [last_touch(vault, contact)]
        if last is not None and (contact.status_derived or contact.status != "dormant")
    ]


#: Interview statuses that count as campaign activity on their date: a
#: request is logged as outreach, and a cancelled or moved meeting did not happen.
ACTIVE_STATUSES = ("done", "scheduled")


def activity(vault: Vault, start: dt.date, end: dt.date) -> int:
    """Outreach entries (out and in) plus meetings held or scheduled, dated ``start..end``."""
    n = sum(1 for c in vault.contacts for e in c.outreach if start <= e.date <= end)
    n += sum(1 for iv in vault.interviews if iv.status in ACTIVE_STATUSES and iv.date and start <= iv.date <= end)
    return n


def campaign_start(vault: Vault) -> dt.date | None:
    """The first logged outreach or meeting."""
    dates = [e.date for c in vault.contacts for e in c.outreach] + [iv.date for iv in vault.interviews if iv.date]
    return min(dates, default=None)


def week_activity(vault: Vault, today: dt.date, goal: int) -> int | None:
    """The week's activity when it falls short of ``goal``; ``None`` when on pace or not active.

    The campaign is active from its first logged outreach or meeting (a full
    week of it is needed before a week can be slow) until ``landed`` is set.
    """
    started = campaign_start(vault)
    if today < dt.date.min + dt.timedelta(days=6):
        return None
    week_start = today - dt.timedelta(days=6)
    if vault.config.landed is not None or started is None or started > week_start:
        return None
    n = activity(vault, week_start, today)
    return n if n < goal else None


@rule(
    "campaign-stalled",
    "warning",
    "fewer than `per_week` outreach entries plus meetings in the 7 days up to today, while the campaign is active",
    "The campaign is active and routine: letters, calls and meetings, a steady number every week. The more "
    "contacts, the more information, advice and leads; a quiet week is how campaigns die.",
    "Write to, call or meet someone new or someone who helped, and log it under the contact's `outreach:`. The "
    "rule stops once `landed` is set in `infoview.yml`.",
    per_week=3,
)
def campaign_stalled(vault: Vault, today: dt.date, settings: dict[str, Any]) -> list[Finding]:
    """A slow week. Silent once landed, and during the campaign's first week."""
    goal = int(settings["per_week"])
    n = week_activity(vault, today, goal)
    if n is None:
        return []
    week_start = today - dt.timedelta(days=6)
    message = f"{n} outreach {'entry' if n == 1 else 'entries'} and meetings from {week_start} to {today}; the campaign's pace is {goal} a week"
    hint = f"write to, call or meet {goal - n} more {'person' if goal - n == 1 else 'people'} this week and log it under the contact's `outreach:`"
    return [Finding(CONFIG_PATH, 1, settings["severity"], "campaign-stalled", message, hint)]


@rule(
    "referral-cycle",
    "error",
    "`referred_by` links that go round in a loop",
    "Referrals form a tree rooted at you: everyone was reached through someone else or directly. A loop means a "
    "`referred_by` is wrong, and the referral chain (who to thank, who opened which door) cannot be traced.",
    "Fix the `referred_by` that is wrong; for someone you found yourself, replace it with `met_via:`.",
)
def referral_cycle(vault: Vault, today: dt.date, settings: dict[str, Any]) -> list[Finding]:
    """Every contact on a loop of ``referred_by`` links, with the loop spelled out from them."""
    referrer_of = {c.path: r.path for c in vault.contacts if (r := vault.referrer(c)) is not None}
    out = []
    for cycle in loops(referrer_of):
        members = [vault.get(path) for path in cycle]
        for i, member in enumerate(members):
            names = [m.name for m in members[i:] + members[:i]] + [member.name]  # type: ignore[union-attr]
            message = "referred_by goes round in a loop: " + " ← ".join(names)
            hint = "fix the `referred_by` that is wrong; for someone you found yourself, use `met_via:` instead"
            line = member.line_of("referred_by")  # type: ignore[union-attr]
            out.append(Finding(member.path, line, settings["severity"], "referral-cycle", message, hint))  # type: ignore[union-attr]
    return out
