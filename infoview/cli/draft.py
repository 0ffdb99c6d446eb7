"""``infoview draft [KIND] PERSON``: the letter a follow-up calls for, written from the notes."""

from __future__ import annotations

import contextlib
import datetime as dt

import click

from ..drafts import KINDS, Draft, DraftError, due_drafts, recipient
from ..drafts import draft as write
from ..load import load_vault
from ..model import VIAS, Contact, Vault
from . import common
from .log import EVENTS, find_contact

__all__ = ["draft"]


def _person(vault: Vault, name: str) -> Contact | str:
    try:
        return find_contact(vault, name)  # its errors list the names you may have meant
    except common.UsageFailure as unknown:
        try:
            return recipient(vault, name)  # a name given in a meeting, with no note yet
        except DraftError:
            raise unknown from None


def _log(vault: Vault, letter: Draft, when: dt.date, via: str) -> str:
    """Record the letter as sent with ``infoview log``'s own one-line edit; what it did."""
    event, path, note = letter.log
    contact = vault.get(path) if path else None
    if not isinstance(contact, Contact):
        raise common.UsageFailure(f'{letter.to} has no note to log it on: `infoview new contact "{letter.to}"` first')
    done = EVENTS[event](vault, contact, when, {"via": via, "note": note})
    return f"{(vault.root / done.path).as_posix()}:{done.line}: {'' if done.changed else 'nothing changed: '}{done.message}"


@click.command()
@click.argument("words", nargs=-1, required=True, metavar="[KIND] PERSON")
@click.option("--about", metavar="PERSON", help="referrer-thanks: the person you met through them.")
@common.format_option("text", "mailto", "eml")
@click.option("--log", "log_it", is_flag=True, help="Record the letter as sent, as `infoview log` does.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="With --log: when it was sent (default: today).")
@click.option("--via", type=click.Choice(VIAS), help="With --log: how an outreach entry went (default: email).")
@common.vault_option
@common.today_option
def draft(words: tuple[str, ...], about: str | None, fmt: str, log_it: bool, **opts: str | None) -> None:
    """Draft the letter KIND to PERSON from the notes; with no KIND, every letter due for PERSON this
    week, most urgent first. KIND: request, thank-you, referrer-thanks (PERSON is the referrer, --about
    the person met), resume-offer, resume-questions, names, keep-in-touch, landed. PERSON is a name,
    alias, file name or path, or a name given in a meeting with no note yet. What to check before
    sending goes to standard error. vault/templates/letters/KIND.md replaces a built-in letter.
    --log records it as sent (thank_you_sent, referrer_thanked, resume_sent, landed_notice, outreach)."""
    kind = words[0] if len(words) > 1 and words[0] in KINDS else None
    name = " ".join(words[1:] if kind else words)
    if (opts["date_text"] or opts["via"]) and not log_it:
        raise common.UsageFailure("--date and --via go with --log")
    root = common.find_vault(opts["vault_path"])
    common.given_today(opts["today"])  # usage errors before the vault is read
    when = common.parse_day(opts["date_text"], "--date") if opts["date_text"] else None
    with common.locked(root) if log_it else contextlib.nullcontext():
        vault = load_vault(root)
        day = common.resolve_today(opts["today"], vault)
        if when is not None and when > day:
            raise common.UsageFailure(f"--date {when} is after today ({day}): log a letter once it is sent")
        person, seen = _person(vault, name), find_contact(vault, about) if about else None
        try:
            letters = [write(vault, kind, person, day, about=seen)] if kind else due_drafts(vault, person, day)
        except DraftError as exc:
            raise common.UsageFailure(str(exc)) from None
        if not letters:
            click.echo(f"no letter is due for {name} this week; name a KIND: {', '.join(KINDS)}", err=True)
            return
        if len(letters) > 1 and (log_it or fmt == "eml"):
            listed = ", ".join(d.kind for d in letters)
            raise common.UsageFailure(f"{len(letters)} letters are due for {name} ({listed}); name the KIND")
        logged = _log(vault, letters[0], when or day, opts["via"] or "email") if log_it else ""
    if fmt == "eml":
        common.write_stdout(letters[0].eml())
    elif fmt == "mailto":
        common.write_stdout("".join(f"{d.mailto()}\n" for d in letters).encode())
    else:
        common.write_stdout(("-" * 72 + "\n\n").join(d.text() for d in letters).encode())
    for letter in letters:
        for note in letter.notes:
            click.echo(f"note ({letter.kind} to {letter.to}): {note}", err=True)
    if logged:
        click.echo(logged, err=True)
