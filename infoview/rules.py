"""The follow-up rules: the campaign's discipline as checks against a given day.

Each rule is a plain function ``(vault, today, settings) -> list[Finding]``
registered in :data:`RULES` (catalogue order). ``settings`` is the rule's
defaults merged with the vault's ``rules:`` entry in ``infoview.yml``, plus
``severity`` and ``business_days``. The registry also feeds the rules
reference (``infoview rules`` and the site), so the docs cannot drift.

Most follow-up rules are built from *tasks*: an outstanding action with the
date it is due (``due``: the last day it is on time) and the days on which a
finding fires. The agenda reads the same tasks to say what is coming due, so
``check`` and ``agenda`` always agree.

A task source is written for one *subject* at a time (a meeting, a contact,
a name given in referrals) and asks its lookups of a view of the vault. Under
``mkdocs serve`` a reloaded vault's tasks are then updated from the vault it
was made from (:mod:`infoview.lineage`): only the subjects whose lookups the
changed notes can answer differently run again (see
:mod:`infoview.rules_incremental`); the result is what a run from scratch gives.

The clock is never read here: ``today`` is always passed in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import lineage
from . import rules_incremental as incremental
from .finding import SEVERITIES, Finding
from .load import future_done
from .model import Contact, Interview, Note, Vault
from .rules_incremental import Index, Lookups, Recorder

if TYPE_CHECKING:
    from typing import TypeAlias

    from .config import Config

    #: What a rule asks its lookups of: the vault, or a view answering the same (see :mod:`infoview.rules_incremental`).
    View: TypeAlias = Vault | Lookups | Recorder

__all__ = [
    "LOADER_RULES",
    "OFF",
    "RULES",
    "Rule",
    "RuleConfigError",
    "Task",
    "UnknownRule",
    "add_days",
    "helpers",
    "known_rules",
    "rule_settings",
    "rules_reference_markdown",
    "run_rules",
    "tasks",
    "week_activity",
]

#: The severity that switches a rule off.
OFF = "off"
#: Where findings that belong to no note (the campaign as a whole) point.
CONFIG_PATH = "infoview.yml"

#: Findings the loader reports about the data itself: name -> (severity, what).
#: They take a ``severity`` override in the config like any rule.
LOADER_RULES: dict[str, tuple[str, str]] = {
    "yaml-error": ("error", "the frontmatter is not valid YAML, never closed, too deep, or uses a `!!python/...` tag"),
    "invalid-frontmatter": ("error", "the frontmatter is a list or a single value, not keys and values"),
    "invalid-field": ("error", "a wrong type, an unknown value, an unreadable date, a missing required key"),
    "unfilled-placeholder": ("error", "a template placeholder like `{{date}}` left in a note"),
    "duplicate-key": ("warning", "a key written twice (the last one wins)"),
    "unquoted-link": ("warning", "`[[Link]]` without quotes, which YAML reads as a nested list"),
    "broken-link": ("error", "a link that matches no note (a warning in the body)"),
    "ambiguous-link": ("error", "a link that matches several notes"),
    "duplicate-contact": ("warning", "two contacts share a name, alias or email"),
    "inconsistent-dates": ("error", "a thank-you before the meeting, a `done` meeting dated after today, and the like"),
    "encoding-error": ("warning", "bytes that are not UTF-8"),
    "not-text": ("error", "a `.md` file holding binary data"),
    "unreadable-file": ("error", "a file that cannot be read"),
    "config-error": ("error", "a bad value in `infoview.yml`"),
    "no-vault": ("error", "the vault folder does not exist"),
}


class UnknownRule(ValueError):
    """A rule name that is neither a follow-up rule nor a loader finding."""

    def __init__(self, name: str, where: str = "") -> None:
        self.name = name
        close = difflib.get_close_matches(name, known_rules(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else " (`infoview rules` lists them)"
        super().__init__(f"{where}unknown rule {name!r}{hint}")


class RuleConfigError(ValueError):
    """A bad threshold or severity under ``rules:`` in ``infoview.yml``."""


@dataclass(frozen=True)
class Rule:
    """A follow-up rule and everything its reference page says about it."""

    name: str
    severity: str
    defaults: dict[str, Any]
    why: str
    fix: str
    func: Callable[[Vault, dt.date, dict[str, Any]], list[Finding]]
    #: One line: when the rule fires (the reference table's "what").
    summary: str = ""


RULES: dict[str, Rule] = {}


def known_rules() -> list[str]:
    """Every name ``select``, ``ignore`` and the config accept."""
    return [*RULES, *LOADER_RULES]


# -- dates ----------------------------------------------------------------


def add_days(date: dt.date, n: int, business_days: bool = False) -> dt.date:
    """``date`` moved by ``n`` days; with ``business_days`` Saturdays and Sundays are not counted.

    >>> add_days(dt.date(2026, 11, 20), 2, True)  # a Friday
    datetime.date(2026, 11, 24)
    """
    if not business_days:
        return date + dt.timedelta(days=n)
    step = 1 if n >= 0 else -1
    day = date
    left = abs(n)
    while left:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


# -- tasks ----------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """An outstanding follow-up: what to do, for whom, in which file, by when.

    The rule's finding fires from ``start`` to ``end`` (``None``: until done);
    ``due`` is the last day the action is on time.
    """

    rule: str
    kind: str
    what: str
    note: Note
    line: int
    due: dt.date
    start: dt.date
    person: str
    person_path: str | None
    message: str
    hint: str
    end: dt.date | None = None

    def fires(self, today: dt.date) -> bool:
        return self.start <= today and (self.end is None or today <= self.end)

    def finding(self, severity: str) -> Finding:
        return Finding(self.note.path, self.line, severity, self.rule, self.message, self.hint, self.due)


TaskSource = Callable[[Vault, dict[str, Any]], list[Task]]
#: Rule name -> the tasks it checks (the agenda reads these too).
_TASKS: dict[str, TaskSource] = {}


def _line(note: Note, *keys: str) -> int:
    """The line of the first key the note has, else its ``status:``/``date:``/``name:`` line."""
    for key in (*keys, "status", "date", "name"):
        if (key,) in note.lines:
            return note.lines[(key,)]
    firsts = [line for path, line in note.lines.items() if len(path) == 1]
    return min(firsts) if firsts else 1


def _who(vault: View, iv: Interview) -> tuple[str, Contact | None]:
    """The interviewed person's display name and contact note."""
    contact = vault.contact(iv.contact)
    if contact is not None:
        return contact.name, contact
    return (iv.contact.text if iv.contact else "(nobody named)"), None


def _deadline(start: dt.date, settings: Mapping[str, Any]) -> dt.date:
    return add_days(start, int(settings["days"]), bool(settings.get("business_days")))


def _overdue_task(
    rule: str,
    kind: str,
    what: str,
    note: Note,
    line: int,
    due: dt.date,
    person: str,
    contact: Contact | None,
    message: str,
    hint: str,
) -> Task:
    """A task whose finding fires the day after it is due, until it is done."""
    return Task(
        rule,
        kind,
        what,
        note,
        line,
        due,
        due + dt.timedelta(days=1),
        person,
        contact.path if contact else None,
        message,
        hint,
    )


#: Per vault: (task source, its settings) -> its tasks. A vault does not change once loaded, and the
#: findings and the agenda both start from the tasks (the site shows both), so each source runs once.
_TASKS_OF: weakref.WeakKeyDictionary[Vault, dict[tuple[Any, ...], list[Task]]] = weakref.WeakKeyDictionary()


def _source_key(source: TaskSource, settings: dict[str, Any]) -> tuple[Any, ...] | None:
    try:
        key = (source, *sorted(settings.items()))
        hash(key)
    except TypeError:  # a setting that cannot be a key
        return None
    return key


def _tasks_of(source: TaskSource, vault: Vault, settings: dict[str, Any]) -> list[Task]:
    """``source(vault, settings)``, computed once per vault and settings; the list is shared: never change it.

    A per-subject source (see :func:`task_source`) on a vault reloaded from one already checked
    (:mod:`infoview.lineage`) is updated: only the subjects the changed notes can affect run again.
    """
    key = _source_key(source, settings)
    if key is None:  # compute every time
        return source(vault, settings)
    kept = _TASKS_OF.get(vault)
    if kept is None:
        kept = _TASKS_OF[vault] = {}
    found = kept.get(key)
    if found is None:
        if getattr(source, "each", None) is not None:
            found = kept[key] = incremental.run(source, vault, settings, key).flat
        else:
            found = kept[key] = source(vault, settings)
    return found


def _firing(source: TaskSource) -> Callable[[Vault, dt.date, dict[str, Any]], list[Finding]]:
    """The rule function of a task source: the findings of the tasks that fire on ``today``."""

    def check(vault: Vault, today: dt.date, settings: dict[str, Any]) -> list[Finding]:
        severity = settings["severity"]
        firing = [t for t in _tasks_of(source, vault, settings) if t.fires(today)]
        key = _source_key(source, settings)
        state = incremental.state_of(vault, key) if key is not None else None
        if state is None or not state.recorded:  # a run from scratch: nothing to hand on
            made = [t.finding(severity) for t in firing]
            if state is not None:
                state.made = made  # what a reload's first, recorded run hands back when equal
            return made
        return incremental.findings_of(state, firing, severity)

    check.__name__ = source.__name__
    check.__doc__ = source.__doc__
    return check


def rule(name: str, severity: str, summary: str, why: str, fix: str, **defaults: Any) -> Callable:
    """Register a rule function, or a task source whose firing tasks are the findings."""

    def register(func: Callable) -> Callable:
        if name in RULES:
            raise ValueError(f"rule {name} registered twice")
        check = func
        if getattr(func, "_is_task_source", False):
            _TASKS[name] = func
            check = _firing(func)
        RULES[name] = Rule(name, severity, dict(defaults), why, fix, check, summary)
        return func

    return register


def _interviews(vault: Vault, index: Index | None) -> Sequence[Interview]:
    return vault.interviews


def _contacts(vault: Vault, index: Index | None) -> Sequence[Contact]:
    return vault.contacts


def _per_subject(
    over: Callable[[Vault, Index | None], Sequence[Any]],
    key: Callable[[Any], str],
    same: Callable[[Any, Any], bool],
) -> Callable[[Callable[..., list[Any]]], Callable[[Vault, dict[str, Any]], list[Any]]]:
    """``each(view, subject, settings) -> list`` made a whole-vault ``(vault, settings) -> list`` that
    :func:`_tasks_of` runs subject by subject (see :func:`task_source`)."""

    def wrap(each: Callable[..., list[Any]]) -> Callable[[Vault, dict[str, Any]], list[Any]]:
        @functools.wraps(each)
        def source(vault: Vault, settings: dict[str, Any]) -> list[Any]:
            view = Lookups(vault)
            return [x for subject in over(vault, None) for x in each(view, subject, settings)]

        source.each = each  # type: ignore[attr-defined]
        source.subjects = over  # type: ignore[attr-defined]
        source.key_of = key  # type: ignore[attr-defined]
        source.same = same  # type: ignore[attr-defined]
        return source

    return wrap


def task_source(
    over: Callable[[Vault, Index | None], Sequence[Any]] = _interviews,
    key: Callable[[Any], str] = incremental.note_path,
    same: Callable[[Any, Any], bool] = incremental.same_object,
) -> Callable[[Callable[..., list[Task]]], TaskSource]:
    """Make ``each(view, subject, settings) -> list[Task]`` the tasks behind a rule, one subject at a time.

    The rule's tasks are every subject's, in the order ``over(vault, index)``
    lists the subjects (the vault's meetings by default). ``view`` offers the
    vault's lookups (:class:`infoview.rules_incremental.Recorder`) and notes
    what each answer depended on, so a vault reloaded with a few notes
    changed runs ``each`` again only for the subjects those notes can affect
    (``key`` names a subject across vaults, a string; ``same`` says it is unchanged).
    """

    def wrap(each: Callable[..., list[Task]]) -> TaskSource:
        source = _per_subject(over, key, same)(each)
        source._is_task_source = True  # type: ignore[attr-defined]
        return source

    return wrap


def finding_source(
    fires: Callable[[Finding, dt.date], bool] | None = None,
) -> Callable[[Callable[..., list[Finding]]], Callable[[Vault, dt.date, dict[str, Any]], list[Finding]]]:
    """Make ``each(view, meeting, settings) -> list[Finding]`` a rule function, one meeting at a time like a
    task source; ``fires(finding, today)`` keeps the findings that hold on the day."""

    def wrap(each: Callable[..., list[Finding]]) -> Callable[[Vault, dt.date, dict[str, Any]], list[Finding]]:
        source = _per_subject(_interviews, incremental.note_path, incremental.same_object)(each)

        @functools.wraps(each)
        def check(vault: Vault, today: dt.date, settings: dict[str, Any]) -> list[Finding]:
            found = _tasks_of(source, vault, settings)
            return [f for f in found if fires(f, today)] if fires is not None else list(found)

        check.source = source  # type: ignore[attr-defined]
        return check

    return wrap


# -- the catalogue ----------------------------------------------------------


@rule(
    "thank-you-overdue",
    "error",
    "a `done` meeting with no `thank_you_sent` more than `days` after it",
    "A thank-you within a day or two is the one follow-up every guide insists on: the person gave you their time "
    "for nothing, and a prompt note is what makes them glad to send you onward. Late thanks reads as an afterthought.",
    "Send the note (a card, an email, a message), then add `thank_you_sent: <date>` to the interview note. "
    "Offer to be of help in return.",
    days=2,
)
@task_source()
def thank_you_overdue(vault: View, iv: Interview, settings: dict[str, Any]) -> list[Task]:
    """Done meetings without a thank-you; due ``days`` after the meeting."""
    if iv.status != "done" or iv.date is None or iv.thank_you_sent is not None:
        return []
    person, contact = _who(vault, iv)
    return [
        _overdue_task(
            "thank-you-overdue",
            "thank-you",
            "Send a thank-you note",
            iv,
            _line(iv, "thank_you_sent"),
            _deadline(iv.date, settings),
            person,
            contact,
            f"no thank-you logged for the meeting with {person} on {iv.date}",
            f"send {person} a thank-you note, then add `thank_you_sent: <date>`",
        )
    ]


@rule(
    "referrer-thanks-overdue",
    "error",
    "the contact has `referred_by`, the meeting is `done`, and no `referrer_thanked` after `days`",
    "Whoever referred you lent you their name. Thank them as soon as the meeting has happened and tell them how it "
    "went: they learn their introduction worked, and they are far more likely to introduce you again.",
    "Thank the referrer for the introduction, then add `referrer_thanked: <date>` to the interview note.",
    days=2,
)
@task_source(over=_contacts)
def referrer_thanks_overdue(vault: View, contact: Contact, settings: dict[str, Any]) -> list[Task]:
    """The first done meeting with a referred contact, until the referrer is thanked.

    Meeting the same person again does not call for thanking the referrer
    again, so a thank-you logged on any of the contact's meetings counts.
    """
    if contact.referred_by is None:
        return []
    ivs = vault.interviews_of(contact)
    met = [iv for iv in ivs if iv.status == "done" and iv.date is not None]
    if not met or any(iv.referrer_thanked for iv in ivs):
        return []
    iv = met[0]
    referrer = vault.referrer(contact)
    name = referrer.name if referrer else contact.referred_by.text
    return [
        _overdue_task(
            "referrer-thanks-overdue",
            "referrer-thanks",
            f"Thank them for introducing you to {contact.name}",
            iv,
            _line(iv, "referrer_thanked"),
            _deadline(iv.date, settings),
            name,
            referrer,
            f"{name} referred you to {contact.name}; no thanks to {name} logged after the meeting on {iv.date}",
            f"thank {name} for the introduction and say how it went, then add `referrer_thanked: <date>`",
        )
    ]


@rule(
    "no-referrals-asked",
    "warning",
    "a `done` meeting with no `referrals` and not `referrals_asked: true`",
    'Every meeting should end with "Is there anyone else you would recommend I speak with, and may I use your '
    'name?". The names are how the campaign grows: one or two per meeting keeps the network expanding.',
    "Write back and ask for one or two names. Add them under `referrals:` (a name may have no note yet), or set "
    "`referrals_asked: true` if you asked and none were given.",
)
@finding_source(fires=lambda finding, today: finding.due <= today)  # a meeting dated later is not held yet
def no_referrals_asked(vault: View, iv: Interview, settings: dict[str, Any]) -> list[Finding]:
    """Done meetings that yielded no names and where asking is not recorded."""
    if iv.status != "done" or iv.date is None or iv.referrals or iv.referrals_asked:
        return []
    person, _ = _who(vault, iv)
    return [
        Finding(
            iv.path,
            _line(iv, "referrals", "referrals_asked"),
            settings["severity"],
            "no-referrals-asked",
            f"no names asked for at the meeting with {person} on {iv.date}",
            f"ask {person} for one or two people to talk to; list them under `referrals:`, "
            "or set `referrals_asked: true` if none were given",
            iv.date,
        )
    ]


@rule(
    "unprepared-meeting",
    "warning",
    "a `scheduled` meeting within `days` with no questions or no research",
    "Strategy comes before contact: know what you want to learn, research the person and their firm, and write "
    "specific questions down. The person is giving you their time; arriving unprepared wastes it.",
    "Write questions under a `## Questions` heading (or `questions:`) and what you found out about them and their "
    "firm under `## Research` (or `research:`).",
    days=2,
)
@task_source()
def unprepared_meeting(vault: View, iv: Interview, settings: dict[str, Any]) -> list[Task]:
    """Scheduled meetings lacking questions or research; fires ``days`` before, until the day."""
    if iv.status != "scheduled" or iv.date is None or iv.prepared:
        return []
    missing = [k for k, v in (("questions", iv.questions), ("research", iv.research)) if not v]
    person, contact = _who(vault, iv)
    start = add_days(iv.date, -int(settings["days"]), bool(settings.get("business_days")))
    return [
        Task(
            "unprepared-meeting",
            "prepare",
            f"Prepare {' and '.join(missing)} for the meeting",
            iv,
            _line(iv, *missing),
            iv.date,
            start,
            person,
            contact.path if contact else None,
            f"the meeting with {person} on {iv.date} has no {' and no '.join(missing)} yet",
            "write questions under `## Questions` and what you know about them and their firm under `## Research`",
            end=iv.date,
        )
    ]


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
@finding_source()
def cancelled_by_me(vault: View, iv: Interview, settings: dict[str, Any]) -> list[Finding]:
    """Cancellations and reschedules not made by the other person."""
    if iv.status not in ("cancelled", "rescheduled") or iv.changed_by == "them":
        return []
    person, _ = _who(vault, iv)
    when = f" on {iv.date}" if iv.date else ""
    if iv.changed_by == "me":
        message = f"you {iv.status} the meeting with {person}{when}"
    else:
        message = f"the meeting with {person}{when} was {iv.status} and `changed_by:` does not say who changed it"
    return [
        Finding(
            iv.path,
            _line(iv, "changed_by"),
            settings["severity"],
            "cancelled-by-me",
            message,
            f"apologise to {person} and keep the new date; write `changed_by: them` if they changed it, "
            "or `ignore: [cancelled-by-me]` once you have made amends",
        )
    ]


@rule(
    "resume-not-offered",
    "info",
    "a `done` phone meeting with no `resume_sent` after `days`",
    "After a phone conversation, ask whether you may send your resume for constructive criticism: the person now "
    "knows your story and can tell you what the resume fails to say.",
    "Ask, send it, and add `resume_sent: <date>`; if it does not apply, add `ignore: [resume-not-offered]`.",
    days=3,
)
@task_source()
def resume_not_offered(vault: View, iv: Interview, settings: dict[str, Any]) -> list[Task]:
    """Phone meetings with no resume sent afterwards."""
    if iv.status != "done" or iv.date is None or iv.medium != "phone" or iv.resume_sent is not None:
        return []
    person, contact = _who(vault, iv)
    return [
        _overdue_task(
            "resume-not-offered",
            "resume-offer",
            "Offer your resume for feedback",
            iv,
            _line(iv, "resume_sent"),
            _deadline(iv.date, settings),
            person,
            contact,
            f"no resume sent after the phone meeting with {person} on {iv.date}",
            f"ask {person} whether you may send your resume for constructive criticism, then add `resume_sent: <date>`",
        )
    ]


@rule(
    "resume-feedback-pending",
    "warning",
    "`resume_sent` more than `days` ago and no `resume_feedback`",
    "A resume sent for critique is only useful once you hear back. A specific question (fit for the roles you "
    "discussed, weak areas, format, length, layout, content) gets a far better answer than waiting.",
    "Ask for specific feedback, then add `resume_feedback: <date>` when it arrives.",
    days=7,
)
@task_source()
def resume_feedback_pending(vault: View, iv: Interview, settings: dict[str, Any]) -> list[Task]:
    """Resumes sent for critique with no feedback logged."""
    if iv.resume_sent is None or iv.resume_feedback is not None:
        return []
    person, contact = _who(vault, iv)
    return [
        _overdue_task(
            "resume-feedback-pending",
            "resume-feedback",
            "Ask for feedback on your resume",
            iv,
            _line(iv, "resume_sent"),
            _deadline(iv.resume_sent, settings),
            person,
            contact,
            f"no feedback logged on the resume sent to {person} on {iv.resume_sent}",
            f"ask {person} one specific question about the resume, then add `resume_feedback: <date>`",
        )
    ]


_REPLY = {
    "letter": "Answer the letter",
    "email": "Reply to the email",
    "phone": "Return the call",
    "linkedin": "Reply on LinkedIn to the message",
    "in-person": "Follow up on the conversation",
}


@rule(
    "reply-overdue",
    "error",
    "an inbound `outreach` entry with no `answered` after `days`",
    "Reply to their calls and messages promptly: someone who offered you time and got no answer will not offer "
    "it again.",
    "Reply, then add `answered: <date>` to that outreach entry.",
    days=1,
)
@task_source(over=_contacts)
def reply_overdue(vault: View, contact: Contact, settings: dict[str, Any]) -> list[Task]:
    """Messages and calls from contacts that were never answered."""
    return [
        _overdue_task(
            "reply-overdue",
            "reply",
            f"{_REPLY.get(entry.via, 'Reply to the message')} of {entry.date}",
            contact,
            entry.line,
            _deadline(entry.date, settings),
            contact.name,
            contact,
            f"{contact.name} wrote to you on {entry.date} ({entry.via}) and it is not answered",
            "reply, then add `answered: <date>` to this outreach entry",
        )
        for entry in contact.outreach
        if entry.direction == "in" and entry.answered is None
    ]


def _touched(contact: Contact, vault: View) -> bool:
    """Whether the campaign has reached this contact at all."""
    if contact.outreach or vault.interviews_of(contact):
        return True
    return not contact.status_derived and contact.status != "prospect"


#: A name given in referrals, with its earliest dated mention: (folded name, meeting, line, link, every
#: target written for that name in any meeting).
Referral = tuple[str, Interview, int, Any, tuple[str, ...]]


def _first_mentions(vault: Vault, index: Index | None) -> list[Referral]:
    """Each name given in a dated meeting's ``referrals``, at its earliest mention (by date, then path)."""
    return incremental.from_mentions(vault, index, "first-mentions", _earliest)


def _earliest(entries: Iterable[tuple[Any, Interview, tuple[tuple[str, int, Any], ...]]]) -> list[Referral]:
    first: dict[str, tuple[Interview, int, Any]] = {}
    targets: dict[str, dict[str, None]] = {}
    for _, iv, mentions in sorted(entries, key=_by_date):
        if iv.date is not None:
            for link_key, line, link in mentions:
                first.setdefault(link_key, (iv, line, link))
        for link in iv.referrals:
            targets.setdefault(link.key, {})[link.target] = None
    return [(k, iv, line, link, tuple(targets[k])) for k, (iv, line, link) in first.items()]


def _by_date(entry: tuple) -> Any:
    return entry[0]


def _referral_name(referral: Referral) -> str:
    return referral[0]


def _same_referral(a: Referral, b: Referral) -> bool:
    return a[1] is b[1] and a[2:] == b[2:]


@rule(
    "referral-not-contacted",
    "info",
    "a name given in `referrals` that has no note, or no outreach, `days` after the meeting",
    "Every name is a door someone opened for you, often with permission to use their name. Names left waiting "
    "go cold, and the person who gave them will ask how it went.",
    'Create a note for the person (`infoview new contact "Name"`), reach out, and log it under `outreach:`; '
    "set `status: dormant` on their note if you decide not to.",
    days=7,
)
@task_source(over=_first_mentions, key=_referral_name, same=_same_referral)
def referral_not_contacted(vault: View, referral: Referral, settings: dict[str, Any]) -> list[Task]:
    """Names given in meetings that the campaign has not reached; the earliest mention counts."""
    _, iv, line, link, targets = referral
    contact = None
    # A prospect: some meeting wrote this name in a way that matches no note.
    if all(vault.candidates(target) for target in targets):
        contact = vault.contact(link)
        if contact is None or _touched(contact, vault) or contact.status == "dormant":
            return []
        if "referral-not-contacted" in contact.ignore:
            return []
    giver, _ = _who(vault, iv)
    name_use = f", using {giver}'s name" if iv.may_use_name else ""
    if contact is None:
        name = link.target
        message = f"{giver} gave you the name {name} on {iv.date}; there is no note or outreach for them yet"
        hint = f'create a note (`infoview new contact "{name}"`) and reach out{name_use}'
    else:
        name = contact.name
        message = f"{giver} suggested {name} on {iv.date}; no outreach to {name} is logged"
        hint = f"reach out{name_use} and log it under `outreach:` in {contact.path}"
    return [
        _overdue_task(
            "referral-not-contacted",
            "contact-referral",
            f"Get in touch (a name from {giver})",
            iv,
            line,
            _deadline(iv.date, settings),
            name,
            contact,
            message,
            hint,
        )
    ]


def _met(vault: View, contact: Contact) -> bool:
    return any(iv.status == "done" for iv in vault.interviews_of(contact))


def _helped(vault: View, contact: Contact) -> bool:
    """Whether the contact helped: met in a done meeting, the referrer of someone met, or gave the name of
    someone met in one of their meetings' ``referrals``."""
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
    view = Lookups(vault)
    return [c for c in vault.contacts if _helped(view, c)]


def _contacts_once_landed(vault: Vault, index: Index | None) -> Sequence[Contact]:
    return vault.contacts if vault.config.landed is not None else ()


@rule(
    "landing-not-shared",
    "warning",
    "`landed` is set in the config and someone who helped has no `landed_notice` after `days`",
    "Closing the loop: when you land, tell everyone who helped where you landed and thank them again. It is the "
    "news they have been waiting for, and these people are your network in the new job.",
    "Write to each of them, then add `landed_notice: <date>` to their contact note.",
    days=7,
)
@task_source(over=_contacts_once_landed)
def landing_not_shared(vault: View, contact: Contact, settings: dict[str, Any]) -> list[Task]:
    """Helpers not yet told where you landed; only once ``landed`` is set."""
    landed = vault.config.landed
    if landed is None or contact.landed_notice is not None or not _helped(vault, contact):
        return []
    where = f" at {landed.company.text}" if landed.company else ""
    return [
        _overdue_task(
            "landing-not-shared",
            "landing-notice",
            "Tell them where you landed",
            contact,
            _line(contact, "landed_notice"),
            _deadline(landed.date, settings),
            contact.name,
            contact,
            f"you landed{where} on {landed.date}; {contact.name}, who helped, has not been told",
            f"tell {contact.name} where you landed and thank them again, then add `landed_notice: <date>`",
        )
    ]


def last_touch(vault: View, contact: Contact) -> dt.date | None:
    """The latest outreach, meeting or landing notice with a contact (a future meeting counts)."""
    dates = [e.date for e in contact.outreach]
    dates += [iv.date for iv in vault.interviews_of(contact) if iv.date is not None and iv.status != "cancelled"]
    if contact.landed_notice is not None:
        dates.append(contact.landed_notice)
    return max(dates, default=None)


@rule(
    "keep-in-touch",
    "info",
    "someone who helped has had no outreach, meeting or landing notice for `days`",
    "The people who helped are the network you are building, not a list you used once. A short note every few "
    "months (news from your search, an article they would like, an offer to help) keeps the relationship warm.",
    "Send a short note and log it under `outreach:`; set `status: dormant` on the contact to stop the reminders.",
    days=90,
)
@task_source(over=_contacts)
def keep_in_touch(vault: View, contact: Contact, settings: dict[str, Any]) -> list[Task]:
    """Helpers untouched for ``days``; contacts marked ``status: dormant`` are left alone."""
    if not contact.status_derived and contact.status == "dormant":
        return []
    last = last_touch(vault, contact) if _helped(vault, contact) else None
    if last is None:
        return []
    return [
        _overdue_task(
            "keep-in-touch",
            "keep-in-touch",
            "Get back in touch",
            contact,
            _line(contact, "outreach"),
            _deadline(last, settings),
            contact.name,
            contact,
            f"no outreach to or meeting with {contact.name} since {last}",
            f"send {contact.name} a short note (news, an article, an offer to help) and log it under `outreach:`",
        )
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
    Computed once per vault and day (the findings and the agenda both ask).
    """
    return incremental.whole(
        vault, ("week-activity", today, goal), lambda: _week_activity(vault, today, goal), _activity_reads
    )


def _activity_reads(note: Note | None) -> Any:
    """What the campaign's activity reads of a note: a contact's outreach dates, a meeting's status and date."""
    if isinstance(note, Contact):
        return tuple(e.date for e in note.outreach)
    if isinstance(note, Interview):
        return note.status, note.date
    return None


def _week_activity(vault: Vault, today: dt.date, goal: int) -> int | None:
    started = campaign_start(vault)
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
    return [
        Finding(
            CONFIG_PATH,
            1,
            settings["severity"],
            "campaign-stalled",
            f"{n} outreach {'entry' if n == 1 else 'entries'} and meetings from {week_start} to {today}; "
            f"the campaign's pace is {goal} a week",
            f"write to, call or meet {goal - n} more {'person' if goal - n == 1 else 'people'} this week "
            "and log it under the contact's `outreach:`",
        )
    ]


@rule(
    "referral-cycle",
    "error",
    "`referred_by` links that go round in a loop",
    "Referrals form a tree rooted at you: everyone was reached through someone else or directly. A loop means a "
    "`referred_by` is wrong, and the referral chain (who to thank, who opened which door) cannot be traced.",
    "Fix the `referred_by` that is wrong; for someone you found yourself, replace it with `met_via:`.",
)
def referral_cycle(vault: Vault, today: dt.date, settings: dict[str, Any]) -> list[Finding]:
    """Every contact on a loop of ``referred_by`` links, with the loop spelled out."""
    # Only contacts and how names resolve matter: a reload that changed neither finds the same loops.
    severity = settings["severity"]
    return incremental.whole(
        vault, ("referral-cycle", severity), lambda: _referral_cycles(vault, severity), _cycle_reads, names=True
    )


def _cycle_reads(note: Note | None) -> Any:
    """What the loops read of a contact besides its names: who it says referred it, and on which line."""
    if isinstance(note, Contact):
        return note.referred_by, note.line_of("referred_by")
    return None


def _referral_cycles(vault: Vault, severity: str) -> list[Finding]:
    cycles: list[list[Contact]] = []
    settled: set[str] = set()  # contacts whose chain has been fully walked
    for contact in vault.contacts:
        chain: list[Contact] = []
        on_chain: dict[str, int] = {}
        node: Contact | None = contact
        while node is not None and node.path not in settled:
            if node.path in on_chain:
                cycles.append(chain[on_chain[node.path] :])
                break
            on_chain[node.path] = len(chain)
            chain.append(node)
            node = vault.referrer(node)
        settled.update(on_chain)
    out = []
    for cycle in cycles:
        for i, member in enumerate(cycle):
            # Spell the loop from this member, following referred_by.
            names = [c.name for c in cycle[i:] + cycle[:i]] + [member.name]
            out.append(
                Finding(
                    member.path,
                    member.line_of("referred_by"),
                    severity,
                    "referral-cycle",
                    "referred_by goes round in a loop: " + " ← ".join(names),
                    "fix the `referred_by` that is wrong; for someone you found yourself, use `met_via:` instead",
                )
            )
    return out


# -- settings and the pipeline ---------------------------------------------


def _check_value(rule_name: str, key: str, value: Any) -> Any:
    where = f"{CONFIG_PATH}: rules: {rule_name}: {key}"
    if key == "severity":
        text = str(value).strip().lower() if isinstance(value, str) else value
        if value is False:  # YAML 1.1 habit: `severity: off` unquoted
            text = OFF
        if text not in (*SEVERITIES, OFF):
            raise RuleConfigError(f"{where} must be one of error, warning, info, off (not {value!r})")
        return text
    if key == "business_days":
        if not isinstance(value, bool):
            raise RuleConfigError(f"{where} must be true or false (not {value!r})")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleConfigError(f"{where} must be a whole number, 0 or more (not {value!r})")
    return value


def rule_settings(config: Config) -> dict[str, dict[str, Any]]:
    """Each rule's settings: defaults, then ``business_days``, then the config's ``rules:`` entry.

    Loader findings appear with just a ``severity`` when the config sets one.
    Raises :class:`UnknownRule` or :class:`RuleConfigError`.
    """
    out: dict[str, dict[str, Any]] = {}
    for name, r in RULES.items():
        settings = {"severity": r.severity, **r.defaults}
        if "days" in r.defaults:
            settings["business_days"] = bool(config.business_days)
        out[name] = settings
    for name, given in config.rules.items():
        if name in RULES:
            allowed = set(out[name])
        elif name in LOADER_RULES:
            allowed = {"severity"}
            out[name] = {}
        else:
            raise UnknownRule(name, f"{CONFIG_PATH}: rules: ")
        for key, value in given.items():
            if key not in allowed:
                raise RuleConfigError(
                    f"{CONFIG_PATH}: rules: {name}: unknown setting {key!r}; it takes {', '.join(sorted(allowed))}"
                )
            out[name][key] = _check_value(name, key, value)
    return out


def _names(given: Iterable[str] | None) -> set[str] | None:
    if given is None:
        return None
    names = {n.strip() for n in given if n and n.strip()}
    known = set(known_rules())
    for name in sorted(names):
        if name not in known:
            raise UnknownRule(name)
    return names


def _future_done(vault: Vault, today: dt.date) -> list[Finding]:
    """:func:`infoview.load.future_done`, kept while no done meeting dated after today changed."""

    def reads(note: Note | None) -> Any:
        if isinstance(note, Interview) and note.status == "done" and note.date is not None and note.date > today:
            return note.date, note.line_of("date")
        return None

    return incremental.whole(vault, ("future-done", today), lambda: future_done(vault, today), reads)


def _ignore_problems(vault: Vault) -> list[Finding]:
    """A typo in a note's ``ignore:`` would silently silence nothing: say so."""
    known = set(known_rules())

    def reads(note: Note | None) -> Any:
        unknown = note.ignore - known if note is not None else None
        return (unknown, note.line_of("ignore")) if unknown else None  # type: ignore[union-attr]

    return incremental.whole(vault, "ignore-problems", lambda: _unknown_ignores(vault, known), reads)


def _unknown_ignores(vault: Vault, known: set[str]) -> list[Finding]:
    out = []
    for note in vault.notes:
        for name in sorted(note.ignore - known):
            out.append(
                Finding(
                    note.path,
                    note.line_of("ignore"),
                    "warning",
                    "invalid-field",
                    f"ignore: unknown rule {name!r}",
                    "use a rule name listed by `infoview rules`",
                )
            )
    return out


def run_rules(
    vault: Vault,
    today: dt.date,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """Every finding about the vault on ``today``, sorted.

    The loader's findings, done meetings dated after today, and every enabled
    rule; config severities applied; notes' ``ignore:`` honoured; ``select``
    keeps only the named rules and ``ignore`` drops them (loader findings
    included). Raises :class:`UnknownRule` or :class:`RuleConfigError`.
    """
    chosen = _names(select)
    dropped = _names(ignore) or set()
    settings = rule_settings(vault.config)

    def wanted(name: str) -> bool:
        return (chosen is None or name in chosen) and name not in dropped

    findings = [*vault.findings, *_future_done(vault, today), *_ignore_problems(vault)]
    for name, r in RULES.items():
        if settings[name]["severity"] != OFF and wanted(name):
            findings.extend(r.func(vault, today, settings[name]))
    # Per rule, once: dropped (None), else the config's severity ("" when it sets none).
    verdicts: dict[str, str | None] = {}
    get = vault.get
    out = []
    for f in findings:
        rule = f.rule
        if rule in verdicts:
            verdict = verdicts[rule]
        else:
            severity = settings.get(rule, {}).get("severity", "")
            verdict = verdicts[rule] = severity if wanted(rule) and severity != OFF else None
        if verdict is None:
            continue
        note = get(f.path)
        if note is not None and rule in note.ignore:
            continue
        out.append(f if not verdict or verdict == f.severity else f.with_severity(verdict))
    return _sorted(vault, out)


#: Per vault: id(finding) -> (the finding, its sort key), handed to a reloaded vault (its kept findings are
#: the same objects), so their keys are made once.
_SORT_KEYS: weakref.WeakKeyDictionary[Vault, dict[int, tuple[Finding, tuple]]] = weakref.WeakKeyDictionary()


def _sorted(vault: Vault, findings: list[Finding]) -> list[Finding]:
    line = lineage.parent(vault)
    if line is None:  # a run from scratch (`infoview check`): nothing to share
        return sorted(findings, key=Finding.sort_key)
    memo = _SORT_KEYS.get(vault)
    if memo is None:
        memo = _SORT_KEYS[vault] = _SORT_KEYS.get(line.old) or {}
    keys = []
    for f in findings:
        hit = memo.get(id(f))
        if hit is None or hit[0] is not f:
            hit = memo[id(f)] = (f, f.sort_key())
        keys.append(hit[1])
    if len(memo) > 2 * len(findings) + 64:  # findings gone since the parent's: let them go
        live = {id(f) for f in findings}
        for gone in [k for k in memo if k not in live]:
            del memo[gone]
    return [findings[i] for i in sorted(range(len(findings)), key=keys.__getitem__)]


def tasks(vault: Vault) -> list[Task]:
    """Every outstanding follow-up of the enabled rules, whatever the day; notes' ``ignore:`` honoured."""
    settings = rule_settings(vault.config)
    out = []
    for name, source in _TASKS.items():
        if settings[name]["severity"] == OFF:
            continue
        out.extend(t for t in _tasks_of(source, vault, settings[name]) if name not in t.note.ignore)
    return out


# -- the reference ----------------------------------------------------------


def _thresholds(r: Rule) -> str:
    return ", ".join(f"`{k}: {v}`" for k, v in r.defaults.items()) or "none"


def rules_reference_markdown() -> str:
    """The rules reference, generated from the registry: what ``infoview rules`` prints and the site publishes."""
    lines = [
        "# Rules",
        "",
        (
            "`infoview check` reports every rule below against a given day (`--today`, default: today in the vault's "
            "timezone) and exits 1 when an error is found (`--strict`: a warning too). Set a rule's thresholds or "
            'severity in `infoview.yml`, switch it off with `severity: "off"`, and silence it for one note with '
            "`ignore: [rule-name]` in that note's frontmatter. Deadlines count calendar days; `business_days: true` "
            "skips weekends."
        ),
        "",
        "```yaml",
        "rules:",
        "  thank-you-overdue: {days: 3}",
        '  no-referrals-asked: {severity: "off"}',
        "business_days: true",
        "```",
        "",
        "| rule | severity | thresholds | fires when |",
        "| --- | --- | --- | --- |",
    ]
    for r in RULES.values():
        lines.append(f"| [`{r.name}`](#{r.name}) | {r.severity} | {_thresholds(r)} | {r.summary} |")
    for r in RULES.values():
        lines += [
            "",
            f"## {r.name}",
            "",
            f"**Severity:** {r.severity} · **Thresholds:** {_thresholds(r)}",
            "",
            f"Fires when {r.summary}.",
            "",
            f"**Why.** {r.why}",
            "",
            f"**Fix.** {r.fix}",
        ]
    lines += [
        "",
        "## Data findings",
        "",
        (
            "The loader reports problems in the notes themselves; they take a `severity` in `infoview.yml` and "
            "`ignore:` in a note like any rule."
        ),
        "",
        "| rule | severity | what |",
        "| --- | --- | --- |",
    ]
    for name, (severity, what) in LOADER_RULES.items():
        lines.append(f"| `{name}` | {severity} | {what} |")
    return "\n".join(lines) + "\n"
