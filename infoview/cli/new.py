"""``infoview new contact|company|interview``: a new note from the vault's template, never overwriting.

The template is ``<vault>/templates/<type>.md``, else the built-in one (:mod:`infoview.scaffold`); the values
given on the command line always end up in the note's frontmatter, whatever the template holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from .. import fields as F
from ..config import load_config
from ..edit import EditError, set_in_text, unique_path, write_new
from ..load import load_vault
from ..model import INTERVIEW_STATUSES, MEDIUMS, Note, Vault
from ..parse import parse_yaml, split_note
from ..questions import question_items
from ..scaffold import Fill, TemplateError, builtin_template, fill_template
from .common import UsageFailure, cannot_write, find_vault, resolve_today, today_option, vault_option
from .log import find_contact

__all__ = ["new"]


def _link_name(vault: Vault, note: Note) -> str:
    """How to link to a note: its name when that is unambiguous, else its file name."""
    return note.name if len(vault.candidates(note.name)) == 1 else note.stem


def _create(root: Path, kind: str, stem_name: str, fills: dict[str, Fill], keys: dict[str, Any], edit: bool) -> None:
    """Fill the vault's template (else the built-in one), make sure the given keys hold the given values, write."""
    path = root / "templates" / f"{kind}.md"
    text, where = builtin_template(kind), f"built-in {kind} template"
    if path.is_file():
        try:
            text, where = path.read_text(encoding="utf-8-sig"), path.as_posix()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageFailure(f"cannot read the template {path.as_posix()}: {exc}") from None
    try:
        text, unfilled = fill_template(text, fills, where)
    except TemplateError as exc:
        raise UsageFailure(str(exc)) from None
    parts = split_note(text.lstrip("\ufeff"))
    data = parse_yaml(parts.frontmatter, parts.fm_first_line).data or {}
    for key, value in keys.items():
        if value is None or (key in data and data[key] == value and type(data[key]) is type(value)):
            continue
        try:
            text = set_in_text(text, key, value, where)
        except EditError as exc:
            raise UsageFailure(f"{exc} (in {where})") from None
    path = unique_path(root / load_config(root)[0].folder_for(kind), stem_name)
    try:
        write_new(path, text)
    except FileExistsError:  # someone created it between our look and our write
        raise UsageFailure(f"{path.as_posix()} appeared meanwhile; run the command again") from None
    except OSError as exc:
        raise cannot_write(path, exc) from None
    click.echo(path.as_posix())
    if unfilled and not where.startswith("built-in"):
        # Your own template's placeholders with no value: frontmatter lines left out, body prompts now %% comments.
        click.echo(f"  no value for {', '.join('{{' + u + '}}' for u in unfilled)} in {where}", err=True)
    if edit:
        click.edit(filename=str(path))


def _named(
    name: str, kind: str, opts: dict[str, Any], given: tuple[str, ...]
) -> tuple[str, Path, Vault, dict[str, Fill], dict[str, Any]]:
    """The start of a contact or company: a fresh name, the vault, and the fills for the plain text options."""
    name = name.strip()
    if not name:
        raise UsageFailure("the name is empty")
    root = find_vault(opts["vault_path"])  # never scatters contacts/ folders wherever the command happens to run
    vault = load_vault(root)
    if same := [n for n in vault.candidates(name) if n.type == kind]:
        raise UsageFailure(f"a {kind} named {name!r} already exists: {same[0].path}; edit that note instead")
    day = resolve_today(opts["today"], vault)
    fills: dict[str, Fill] = {"name": Fill(name), "title": Fill(name), "date": Fill(day.isoformat(), day)}
    keys: dict[str, Any] = {"name": name}
    for key in given:  # in this order, whatever the command line's
        if opts[key]:
            fills[key] = Fill(opts[key])
            keys[key] = opts[key]
    return name, root, vault, fills, keys


_edit_option = click.option("--edit", is_flag=True, help="Open the new note in $EDITOR.")


@click.group()
def new() -> None:
    """Create a contact, company or interview note from the vault's template.

    Prints the new file's path. File names are ASCII slugs of the name
    (José Núñez -> contacts/jose-nunez.md), numbered when taken; an existing
    file is never overwritten.
    """


@new.command()
@click.argument("name")
@click.option("--company", help="Their firm (a link when the vault has a note for it).")
@click.option("--role")
@click.option("--field")
@click.option("--referred-by", "referred_by", metavar="CONTACT", help="The contact who referred you to them.")
@click.option("--email")
@click.option("--met-via", "met_via", help="How you found them, when nobody referred you.")
@_edit_option
@vault_option
@today_option
def contact(name: str, company: str | None, referred_by: str | None, edit: bool, **opts: str | None) -> None:
    """Create contacts/<name>.md."""
    name, root, vault, fills, keys = _named(name, "contact", opts, ("role", "field", "email", "met_via"))
    if company:
        firm = vault.company(company)
        shown = _link_name(vault, firm) if firm else company.strip()
        # A link to a firm with no note would be a broken link: plain text until the note exists.
        fills["company"] = Fill(shown, f"[[{shown}]]" if firm else shown)
        keys["company"] = fills["company"].value
        if firm is None:
            click.echo(
                f"  no note for the company {company!r} yet: `infoview new company {company!r}` to add one", err=True
            )
    if referred_by:
        shown = _link_name(vault, find_contact(vault, referred_by))
        fills["referred_by"] = Fill(shown, f"[[{shown}]]")
        keys["referred_by"] = f"[[{shown}]]"
    _create(root, "contact", name, fills, keys, edit)


@new.command()
@click.argument("name")
@click.option("--website")
@click.option("--industry")
@_edit_option
@vault_option
@today_option
def company(name: str, edit: bool, **opts: str | None) -> None:
    """Create companies/<name>.md."""
    name, root, _, fills, keys = _named(name, "company", opts, ("website", "industry"))
    _create(root, "company", name, fills, keys, edit)


@new.command()
@click.argument("contact_name", metavar="CONTACT")
@click.option(
    "--date", "date_text", required=True, metavar="YYYY-MM-DD[THH:MM]", help="When you meet (a time is optional)."
)
@click.option("--medium", type=click.Choice(MEDIUMS))
@click.option("--status", type=click.Choice(INTERVIEW_STATUSES), default="scheduled", show_default=True)
@_edit_option
@vault_option
def interview(contact_name: str, date_text: str, medium: str | None, status: str, **opts: Any) -> None:
    """Create interviews/<date>-<contact>.md with prepared questions and a research section."""
    root = find_vault(opts["vault_path"])
    vault = load_vault(root)
    try:
        when: dt.date | dt.datetime | None = F.datetime_or_date(date_text, date_text, 0)
    except F.Invalid as exc:
        raise UsageFailure(f"--date: {exc.message}") from None
    if when is None:
        raise UsageFailure("--date is empty")
    who = find_contact(vault, contact_name)
    shown = _link_name(vault, who)
    day = when.date() if isinstance(when, dt.datetime) else when
    text_when = when.isoformat(timespec="minutes") if isinstance(when, dt.datetime) else when.isoformat()
    fills = {
        "name": Fill(who.name),
        "title": Fill(f"{day.isoformat()} {who.name}"),
        "contact": Fill(shown, f"[[{shown}]]"),
        "date": Fill(text_when, when),
        "status": Fill(status),
        "questions": Fill("\n".join(question_items())),
    }
    keys: dict[str, Any] = {"contact": f"[[{shown}]]", "date": when, "status": status}
    if medium:
        fills["medium"] = Fill(medium)
        keys["medium"] = medium
    _create(root, "interview", f"{day.isoformat()}-{who.stem}", fills, keys, opts["edit"])
