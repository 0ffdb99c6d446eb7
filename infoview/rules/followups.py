"""The follow-ups a meeting or a message calls for: thank-yous, names, resumes, replies.

Each rule is one function making the tasks it checks. Adding a rule is
writing one more, registered with :func:`~infoview.rules.followup` (or
:func:`~infoview.rules.rule` for a check that is not a task)::

    @followup("coffee-follow-up", "info", "a done meeting with no `coffee_sent` after `days`",
              "Why it matters...", "How to fix it...", days=5)
    def coffee_follow_up(vault, settings):
        return [overdue_task(...) for iv in vault.interviews if ...]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ..finding import Finding
from ..links import Link
from ..model import Contact, Interview, Vault
from . import Task, add_days, deadline, followup, line_of, overdue_task, rule

__all__ = ["who"]


def who(vault: Vault, iv: Interview) -> tuple[str, Contact | None]:
    """The person met (the first, in a group meeting): display name and contact note."""
    contact = vault.contact(iv.contact)
    if contact is not None:
        return contact.name, contact
    return (iv.contact.text if iv.contact else "(nobody named)"), None


def met(vault: Vault, iv: Interview) -> list[tuple[str, Contact | None, Link]]:
    """Everyone a meeting names: (display name, contact note or None, the link written)."""
    return [(c.name if c else link.text, c, link) for link in iv.contacts for c in [vault.contact(link)]]


@followup(
    "thank-you-overdue",
    "error",
    "a `done` meeting with no `thank_you_sent` more than `days` after it",
    "A thank-you within a day or two is the one follow-up every guide insists on: the person gave you their time "
    "for nothing, and a prompt note is what makes them glad to send you onward. Late thanks reads as an afterthought.",
    "Send the note (a card, an email, a message), then add `thank_you_sent: <date>` to the interview note. "
    "Offer to be of help in return.",
    days=2,
)
def thank_you_overdue(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Done meetings without a thank-you, one per person met; due ``days`` after the meeting."""
    out = []
    for iv in vault.interviews:
        if iv.status != "done" or iv.date is None or iv.thank_you_sent is not None:
            continue
        people = met(vault, iv)
        group = len(people) > 1
        for person, contact, link in people or [(*who(vault, iv), None)]:
            if link is not None and link.key in iv.thanked:
                continue
            to = f" to {person}" if group else ""
            out.append(
                overdue_task(
                    "thank-you-overdue",
                    "thank-you",
                    "Send a thank-you note",
                    iv,
                    line_of(iv, "thank_you_sent"),
                    deadline(iv.date, settings),
                    person,
                    contact,
                    f"no thank-you logged{to} for the meeting with {person if not group else 'the group'} on {iv.date}",
                    f"send {person} a thank-you note, then add `thank_you_sent: <date>`",
                )
            )
    return out


@followup(
    "referrer-thanks-overdue",
    "error",
    "the contact has `referred_by`, the meeting is `done`, and no `referrer_thanked` after `days`",
    "Whoever referred you lent you their name. Thank them as soon as the meeting has happened and tell them how it "
    "went: they learn their introduction worked, and they are far more likely to introduce you again.",
    "Thank the referrer for the introduction, then add `referrer_thanked: <date>` to the interview note.",
    days=2,
)
def referrer_thanks_overdue(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """The first done meeting with a referred contact, until the referrer is thanked.

    Meeting the same person again does not call for thanking the referrer
    again, so a thank-you logged on any of the contact's meetings counts.
    """
    out = []
    for contact in vault.contacts:
        if contact.referred_by is None:
            continue
        ivs = vault.interviews_of(contact)
        held = [iv for iv in ivs if iv.status == "done" and iv.date is not None]
        if not held or any(iv.referrer_thanked for iv in ivs):
            continue
        iv = held[0]
        referrer = vault.referrer(contact)
        name = referrer.name if referrer else contact.referred_by.text
        out.append(
            overdue_task(
                "referrer-thanks-overdue",
                "referrer-thanks",
                f"Thank them for introducing you to {contact.name}",
                iv,
                line_of(iv, "referrer_thanked"),
                deadline(iv.date, settings),
                name,
                referrer,
                f"{name} referred you to {contact.name}; no thanks to {name} logged after the meeting on {iv.date}",
                f"thank {name} for the introduction and say how it went, then add `referrer_thanked: <date>`",
            )
        )
    return out


@followup(
    "no-referrals-asked",
    "warning",
    "a `done` meeting with no `referrals` and not `referrals_asked: true`",
    'Every meeting should end with "Is there anyone else you would recommend I speak with, and may I use your '
    'name?". The names are how the campaign grows: one or two per meeting keeps the network expanding.',
    "Write back and ask for one or two names. Add them under `referrals:` (a name may have no note yet), or set "
    "`referrals_asked: true` if you asked and none were given.",
)
def no_referrals_asked(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Done meetings that yielded no names and where asking is not recorded.

    Names are asked for at the meeting, so it fires from the day itself; the
    thank-you (two days) is the last good moment to ask in writing.
    """
    return [
        Task(
            "no-referrals-asked",
            "names",
            "Ask for one or two names",
            iv,
            line_of(iv, "referrals", "referrals_asked"),
            add_days(iv.date, 2),
            iv.date,
            person,
            contact.path if contact else None,
            f"no names asked for at the meeting with {person} on {iv.date}",
            f"ask {person} for one or two people to talk to; list them under `referrals:`, "
            "or set `referrals_asked: true` if none were given",
        )
        for iv in vault.interviews
        if iv.status == "done" and iv.date is not None and not iv.referrals and not iv.referrals_asked
        for person, contact in [who(vault, iv)]
    ]


@followup(
    "outcome-not-logged",
    "error",
    "a meeting still `requested` or `scheduled` more than `days` after its date",
    "A meeting whose outcome is not logged silently switches off every follow-up it calls for: no thank-you, no "
    "thanks to the referrer, no resume offer, no names. The day after a meeting is when you write it down.",
    "Log what happened: `infoview log met NAME` (or set `status: done`), or `status: cancelled` / `rescheduled` "
    "with `changed_by:`.",
    days=1,
)
def outcome_not_logged(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Meetings whose day has passed and whose status still says they are to come (on the agenda once it is over)."""
    return [
        replace(
            overdue_task(
                "outcome-not-logged",
                "log-outcome",
                "Log how the meeting went",
                iv,
                line_of(iv, "status", "date"),
                deadline(iv.date, settings),
                person,
                contact,
                f"the meeting with {person} on {iv.date} is still {iv.status}: did it happen?",
                f'log it: `infoview log met "{person}"` if it took place, else set `status: cancelled` or `rescheduled`',
            ),
            shown=add_days(iv.date, 1),
        )
        for iv in vault.interviews
        if iv.status in ("requested", "scheduled") and iv.date is not None
        for person, contact in [who(vault, iv)]
    ]


@followup(
    "unprepared-meeting",
    "warning",
    "a `scheduled` meeting within `days` with no questions or no research",
    "Strategy comes before contact: know what you want to learn, research the person and their firm, and write "
    "specific questions down. The person is giving you their time; arriving unprepared wastes it.",
    "Write questions under a `## Questions` heading (or `questions:`) and what you found out about them and their "
    "firm under `## Research` (or `research:`).",
    days=2,
)
def unprepared_meeting(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Scheduled meetings lacking questions or research; fires ``days`` before, until the day."""
    out = []
    for iv in vault.interviews:
        if iv.status != "scheduled" or iv.date is None or iv.prepared:
            continue
        missing = [k for k, v in (("questions", iv.questions), ("research", iv.research)) if not v]
        person, contact = who(vault, iv)
        out.append(
            Task(
                "unprepared-meeting",
                "prepare",
                f"Prepare {' and '.join(missing)} for the meeting",
                iv,
                line_of(iv, *missing),
                iv.date,
                add_days(iv.date, -int(settings["days"]), bool(settings.get("business_days"))),
                person,
                contact.path if contact else None,
                f"the meeting with {person} on {iv.date} has no {' and no '.join(missing)} yet",
                "write questions under `## Questions` and what you know about them and their firm under `## Research`",
                end=iv.date,
            )
        )
    return out


@rule(
    "cancelled-by-me",
    "warning",
    "a `cancelled` or `rescheduled` meeting with `changed_by: me` or no `changed_by`",
    "Reliability is the point of an informational interview: the person is doing you a favour. Cancelling or "
    "moving it is the quickest way to lose a contact, so every change on your side deserves an apology and a "
    "firm new date.",
    "Apologise and keep the next date. Write `changed_by: them` if they moved it; once you have made amends, "
    "silence it with `ignore: [cancelled-by-me]` in the note.",
)
def cancelled_by_me(vault: Vault, today: dt.date, settings: dict[str, Any]) -> list[Finding]:
    """Cancellations and reschedules not made by the other person; they stand until amends are made."""
    out = []
    for iv in vault.interviews:
        if iv.status not in ("cancelled", "rescheduled") or iv.changed_by == "them":
            continue
        person, _ = who(vault, iv)
        when = f" on {iv.date}" if iv.date else ""
        if iv.changed_by == "me":
            message = f"you {iv.status} the meeting with {person}{when}"
        else:
            message = f"the meeting with {person}{when} was {iv.status} and `changed_by:` does not say who changed it"
        hint = (
            f"apologise to {person} and keep the new date; write `changed_by: them` if they changed it, "
            "or `ignore: [cancelled-by-me]` once you have made amends"
        )
        out.append(Finding(iv.path, line_of(iv, "changed_by"), settings["severity"], "cancelled-by-me", message, hint))
    return out


@followup(
    "resume-not-offered",
    "info",
    "a `done` phone meeting with no `resume_sent` after `days`",
    "After a phone conversation, ask whether you may send your resume for constructive criticism: the person now "
    "knows your story and can tell you what the resume fails to say.",
    "Ask, send it, and add `resume_sent: <date>`; if it does not apply, add `ignore: [resume-not-offered]`.",
    days=3,
)
def resume_not_offered(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Phone meetings with no resume sent afterwards."""
    return [
        overdue_task(
            "resume-not-offered",
            "resume-offer",
            "Offer your resume for feedback",
            iv,
            line_of(iv, "resume_sent"),
            deadline(iv.date, settings),
            person,
            contact,
            f"no resume sent after the phone meeting with {person} on {iv.date}",
            f"ask {person} whether you may send your resume for constructive criticism, then add `resume_sent: <date>`",
        )
        for iv in vault.interviews
        if iv.status == "done" and iv.date is not None and iv.medium == "phone" and iv.resume_sent is None
        for person, contact in [who(vault, iv)]
    ]


@followup(
    "resume-feedback-pending",
    "warning",
    "`resume_sent` more than `days` ago and no `resume_feedback`",
    "A resume sent for critique is only useful once you hear back. A specific question (fit for the roles you "
    "discussed, weak areas, format, length, layout, content) gets a far better answer than waiting.",
    "Ask for specific feedback, then add `resume_feedback: <date>` when it arrives.",
    days=7,
)
def resume_feedback_pending(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Resumes sent for critique with no feedback logged."""
    return [
        overdue_task(
            "resume-feedback-pending",
            "resume-feedback",
            "Ask for feedback on your resume",
            iv,
            line_of(iv, "resume_sent"),
            deadline(iv.resume_sent, settings),
            person,
            contact,
            f"no feedback logged on the resume sent to {person} on {iv.resume_sent}",
            f"ask {person} one specific question about the resume, then add `resume_feedback: <date>`",
        )
        for iv in vault.interviews
        if iv.resume_sent is not None and iv.resume_feedback is None
        for person, contact in [who(vault, iv)]
    ]


_REPLY = {
    "letter": "Answer the letter",
    "email": "Reply to the email",
    "phone": "Return the call",
    "linkedin": "Reply on LinkedIn to the message",
    "in-person": "Follow up on the conversation",
}


@followup(
    "reply-overdue",
    "error",
    "an inbound `outreach` entry with no `answered` after `days`",
    "Reply to their calls and messages promptly: someone who offered you time and got no answer will not offer "
    "it again.",
    "Reply, then add `answered: <date>` to that outreach entry.",
    days=1,
)
def reply_overdue(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Messages and calls from contacts that were never answered."""
    return [
        overdue_task(
            "reply-overdue",
            "reply",
            f"{_REPLY.get(entry.via, 'Reply to the message')} of {entry.date}",
            contact,
            entry.line,
            deadline(entry.date, settings),
            contact.name,
            contact,
            f"{contact.name} wrote to you on {entry.date} ({entry.via}) and it is not answered",
            "reply, then add `answered: <date>` to this outreach entry",
        )
        for contact in vault.contacts
        for entry in contact.outreach
        if entry.direction == "in" and entry.answered is None
    ]


def touched(vault: Vault, contact: Contact) -> bool:
    """Whether the campaign has reached this contact at all."""
    reached = bool(contact.outreach or vault.interviews_of(contact))
    return reached or (not contact.status_derived and contact.status != "prospect")


def first_mentions(vault: Vault) -> list[tuple[Interview, Link]]:
    """Each name given in a dated meeting's ``referrals``, at its earliest mention (by date, then path)."""
    first: dict[str, tuple[Interview, Link]] = {}
    for iv in sorted((iv for iv in vault.interviews if iv.date is not None), key=lambda iv: (iv.date, iv.path)):
        for link in iv.referrals:
            first.setdefault(link.key, (iv, link))
    return list(first.values())


@followup(
    "referral-not-contacted",
    "info",
    "a name given in `referrals` that has no note, or no outreach, `days` after the meeting",
    "Every name is a door someone opened for you, often with permission to use their name. Names left waiting "
    "go cold, and the person who gave them will ask how it went.",
    'Create a note for the person (`infoview new contact "Name"`), reach out, and log it under `outreach:`; '
    "set `status: dormant` on their note if you decide not to.",
    days=7,
)
def referral_not_contacted(vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """Names given in meetings that the campaign has not reached; the earliest mention counts."""
    out = []
    for iv, link in first_mentions(vault):
        known = bool(vault.candidates(link))  # a name reaching notes but no single contact is for the link checks
        contact = vault.contact(link) if known else None
        if known and (contact is None or touched(vault, contact) or contact.status == "dormant"):
            continue
        if contact is not None and "referral-not-contacted" in contact.ignore:
            continue
        giver, _ = who(vault, iv)
        name_use = f", using {giver}'s name" if iv.may_use_name else ""
        if contact is None:
            name = link.target
            message = f"{giver} gave you the name {name} on {iv.date}; there is no note or outreach for them yet"
            hint = f'create a note (`infoview new contact "{name}"`) and reach out{name_use}'
        else:
            name = contact.name
            message = f"{giver} suggested {name} on {iv.date}; no outreach to {name} is logged"
            hint = f"reach out{name_use} and log it under `outreach:` in {contact.path}"
        out.append(
            overdue_task(
                "referral-not-contacted",
                "contact-referral",
                f"Get in touch (a name from {giver})",
                iv,
                iv.lines.get(("referrals", iv.referrals.index(link)), line_of(iv, "referrals")),
                deadline(iv.date, settings),  # type: ignore[arg-type]
                name,
                contact,
                message,
                hint,
            )
        )
    return out
