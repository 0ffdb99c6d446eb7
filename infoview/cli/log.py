"""``infoview log EVENT PERSON``: record a follow-up by a minimal edit of the note the practice keeps it on.

Logging what is already logged changes nothing and says so.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..edit import ConcurrentEdit, EditError, append_list_item, set_nested
from ..links import fold, slugify
from ..load import load_vault
from ..model import DIRECTIONS, VIAS, Contact, Interview, Vault
from . import common
from .common import UsageFailure

__all__ = ["EVENTS", "EditFailed", "find_contact", "log"]


class EditFailed(UsageFailure):
    """The note could not be edited safely (or changed meanwhile): exit 1, one line."""

    exit_code = 1


@dataclass(frozen=True)
class Logged:
    """What an event did: the file and line, whether it changed, and a sentence."""

    path: str
    line: int
    changed: bool
    message: str


def find_contact(vault: Vault, query: str) -> Contact:
    """The one contact a name, alias, file name or path means; a clear UsageFailure otherwise."""
    text = query.strip()
    if text.endswith(".md") or "/" in text:
        rel = text if "/" in text else f"contacts/{text}"
        note = vault.get(rel if rel.endswith(".md") else rel + ".md")
        if isinstance(note, Contact):
            return note
    found = [n for n in vault.candidates(text) if isinstance(n, Contact)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(f"{c.name} ({c.path})" for c in found)
        raise UsageFailure(
            f"{query!r} could mean {len(found)} contacts: {listed}; name one by its file, e.g. {found[0].path}"
        )
    names: dict[str, Contact] = {}
    for c in vault.contacts:
        for name in c.names:
            names.setdefault(fold(name), c)
    key = fold(text)
    close = [names[n] for n in difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)]
    close += [c for n, c in names.items() if key and key in n]
    unique = list({c.path: c for c in close}.values())[:5]
    hint = f"; did you mean: {', '.join(f'{c.name} ({c.path})' for c in unique)}" if unique else ""
    skipped = [f for f in vault.findings if f.rule == "skipped-file" and slugify(Path(f.path).stem) == slugify(text)]
    if skipped:  # the loader would not read it (a link out of the vault...): say so rather than "no contact"
        raise UsageFailure(
            f"{skipped[0].path} is not read ({skipped[0].message.removeprefix('not read: ')}); nothing was written"
        )
    raise UsageFailure(f"no contact named {query!r} in {vault.root}{hint}")


def _edit(vault: Vault, rel: str, keypath: tuple, value: Any, message: str, *, append: bool = False) -> Logged:
    """Set ``keypath`` (or append to the list ``keypath[0]``) under the key as the note writes it, and say so."""
    written = [k for k in getattr(vault.get(rel), "data", ()) if vault.config.key_of(k) == keypath[0]]  # `Status:`
    path, keypath = vault.root / rel, (written[-1], *keypath[1:]) if written else keypath
    try:
        if append:
            line = append_list_item(path, keypath[0], value, vault=vault.root).line
        else:
            line = set_nested(path, keypath, value, vault=vault.root).line
    except (ConcurrentEdit, EditError) as exc:
        raise EditFailed(str(exc)) from None
    except OSError as exc:
        raise common.cannot_write(path, exc) from None
    return Logged(rel, line, True, message)


def _not_before(when: dt.date, earlier: dt.date | None, what: str) -> None:
    if earlier is not None and when < earlier:
        raise UsageFailure(f"--date {when} is before {what} ({earlier}); pass the real date with --date")


def _meetings(vault: Vault, who: Contact) -> list[Interview]:
    meetings = vault.interviews_of(who)
    if not meetings:
        raise UsageFailure(
            f"no meeting with {who.name} in the vault; create one with `infoview new interview {who.stem} --date YYYY-MM-DD`"
        )
    return meetings


def _follow_up(vault: Vault, who: Contact, when: dt.date, key: str, what: str, pool: list[Interview]) -> Logged:
    """Set ``key`` on the most recent meeting in ``pool`` that lacks it."""
    pending = [iv for iv in pool if getattr(iv, key) is None]
    if not pending:
        last = pool[-1]
        already = f"{what} already logged on {getattr(last, key)} for the meeting on {last.date}"
        return Logged(last.path, last.line_of(key), False, already)
    target = pending[-1]
    _not_before(when, target.date, f"the meeting on {target.date}")
    return _edit(vault, target.path, (key,), when, f"{key}: {when} ({what}, meeting on {target.date})")


def _done(vault: Vault, who: Contact) -> list[Interview]:
    done = [iv for iv in _meetings(vault, who) if iv.status == "done"]
    if not done:
        raise UsageFailure(
            f"no meeting with {who.name} is marked done; mark it first with `infoview log met {who.stem}`"
        )
    return done


def thank_you(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    return _follow_up(vault, who, when, "thank_you_sent", f"thank-you to {who.name}", _done(vault, who))


def referrer_thanks(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    if who.referred_by is None:
        raise UsageFailure(
            f"{who.name} has no referred_by, so there is no referrer to thank (PERSON is the one you met)"
        )
    referrer = vault.contact(who.referred_by)
    what = f"thanks to {referrer.name if referrer else who.referred_by.text} for the introduction to {who.name}"
    return _follow_up(vault, who, when, "referrer_thanked", what, _done(vault, who))


def resume_sent(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    meetings = [iv for iv in _meetings(vault, who) if iv.status != "cancelled"]
    pool = [iv for iv in meetings if iv.status == "done"] or meetings
    if not pool:
        raise UsageFailure(f"every meeting with {who.name} was cancelled; the resume is logged on a meeting note")
    return _follow_up(vault, who, when, "resume_sent", f"resume sent to {who.name}", pool)


def resume_feedback(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    pool = [iv for iv in _meetings(vault, who) if iv.resume_sent is not None]
    if not pool:
        raise UsageFailure(
            f"no resume sent to {who.name} is logged; log it first with `infoview log resume-sent {who.stem}`"
        )
    if pending := [iv for iv in pool if iv.resume_feedback is None]:
        _not_before(when, pending[-1].resume_sent, "the resume was sent")
    return _follow_up(vault, who, when, "resume_feedback", f"resume feedback from {who.name}", pool)


def landed_notice(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    if who.landed_notice is not None:
        already = f"{who.name} was already told where you landed, on {who.landed_notice}"
        return Logged(who.path, who.line_of("landed_notice"), False, already)
    return _edit(vault, who.path, ("landed_notice",), when, f"landed_notice: {when} (told {who.name} where you landed)")


_WHAT = {
    "letter": "letter",
    "email": "email",
    "phone": "call",
    "linkedin": "LinkedIn message",
    "in-person": "conversation",
    "other": "message",
}


def outreach(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    via, direction, note = opts.get("via"), opts.get("direction") or "out", opts.get("note")
    if not via:
        raise UsageFailure(f"log outreach needs --via ({', '.join(VIAS)})")
    arrow = "from" if direction == "in" else "to"
    for o in who.outreach:
        if (o.date, o.via, o.direction, o.note) == (when, via, direction, note or ""):
            return Logged(who.path, o.line, False, f"this {_WHAT[via]} {arrow} {who.name} on {when} is already logged")
    entry = {"date": when, "via": via, "direction": "in" if direction == "in" else None, "note": note or None}
    said = f"outreach: {when}, {_WHAT[via]} {arrow} {who.name}" + (f": {note}" if note else "")
    return _edit(vault, who.path, ("outreach",), entry, said, append=True)


def reply(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    inbound = [o for o in who.outreach if o.direction == "in"]
    if not inbound:
        raise UsageFailure(
            f"no message from {who.name} is logged; log it with `infoview log outreach {who.stem} --direction in --via ...`"
        )
    waiting = sorted((o for o in inbound if o.answered is None), key=lambda o: (o.date, o.index))
    if not waiting:
        last = max(inbound, key=lambda o: (o.date, o.index))
        already = f"every message from {who.name} is already answered (the latest, of {last.date}, on {last.answered})"
        return Logged(who.path, last.line, False, already)
    oldest = waiting[0]
    _not_before(when, oldest.date, f"their message of {oldest.date}")
    said = f"answered: {when} (reply to {who.name}'s {_WHAT[oldest.via]} of {oldest.date})"
    return _edit(vault, who.path, ("outreach", oldest.index, "answered"), when, said)


def met(vault: Vault, who: Contact, when: dt.date, opts: dict[str, Any]) -> Logged:
    meetings = _meetings(vault, who)
    scheduled = [iv for iv in meetings if iv.status == "scheduled"]
    past = [iv for iv in scheduled if iv.date is not None and iv.date <= when]
    if not past:
        if scheduled:
            nxt = scheduled[0]
            raise UsageFailure(
                f"the meeting with {who.name} is on {nxt.date}, after {when}; log it once it has happened"
            )
        done = [iv for iv in meetings if iv.status == "done"]
        if done:
            already = f"the meeting with {who.name} on {done[-1].date} is already marked done"
            return Logged(done[-1].path, done[-1].line_of("status"), False, already)
        raise UsageFailure(
            f"no scheduled meeting with {who.name}; create one with `infoview new interview {who.stem} --date YYYY-MM-DD`"
        )
    target = past[-1]
    return _edit(vault, target.path, ("status",), "done", f"status: done (met {who.name} on {target.date})")


#: event name -> its handler, named alike (``thank-you`` -> :func:`thank_you`)
EVENTS: dict[str, Callable[[Vault, Contact, dt.date, dict[str, Any]], Logged]] = {
    handler.__name__.replace("_", "-"): handler
    for handler in (thank_you, referrer_thanks, resume_sent, resume_feedback, landed_notice, outreach, reply, met)
}


@click.command()
@click.argument("event", type=click.Choice(list(EVENTS)), metavar="EVENT")
@click.argument("person")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="When it happened (default: today).")
@click.option("--via", type=click.Choice(VIAS), help="outreach: letter, email, phone, linkedin, in-person or other.")
@click.option(
    "--direction", type=click.Choice(DIRECTIONS), help="outreach: out (you wrote, the default) or in (they did)."
)
@click.option("--note", help="outreach: a few words on what was said.")
@common.vault_option
@common.today_option
def log(event: str, person: str, **opts: str | None) -> None:
    """Record a follow-up for PERSON (a contact's name, alias or file name).

    \b
    EVENT is one of:
      thank-you        thank_you_sent on their latest done meeting without one
      referrer-thanks  referrer_thanked: you thanked whoever referred you to PERSON
      resume-sent      resume_sent on their latest meeting without one
      resume-feedback  resume_feedback on the meeting the resume was sent after
      landed-notice    landed_notice: you told PERSON where you landed
      outreach         a new outreach entry (--via, --direction, --note)
      reply            answered: on their oldest unanswered message
      met              status: done on their latest scheduled meeting up to --date
    """
    given = [f"--{name}" for name in ("via", "direction", "note") if opts[name]]
    if given and event != "outreach":
        raise UsageFailure(f"{', '.join(given)}: only for `infoview log outreach`")
    root = common.find_vault(opts["vault_path"])
    common.given_today(opts["today"])  # usage errors first, before the vault is touched
    when = common.parse_day(opts["date_text"], "--date") if opts["date_text"] else None
    # Held from reading to writing: a command running meanwhile waits, then sees this one's change.
    with common.locked(root):
        vault = load_vault(root)
        day = common.resolve_today(opts["today"], vault)
        when = when or day
        if when > day:
            raise UsageFailure(
                f"--date {when} is after today ({day}): log what has happened; "
                "a meeting ahead is planned with `infoview new interview`"
            )
        who = find_contact(vault, person)
        done = EVENTS[event](vault, who, when, opts)
    where = f"{(Path(root) / done.path).as_posix()}:{done.line}"
    click.echo(f"{where}: {'' if done.changed else 'nothing changed: '}{done.message}")
