"""``infoview export vcard|ics``: the contacts for an address book, the follow-ups for a calendar."""

from __future__ import annotations

from pathlib import Path

import click

from ..files import atomic_write
from .common import (
    UsageFailure,
    cannot_write,
    find_vault,
    load_for_command,
    resolve_today,
    today_option,
    vault_option,
    write_stdout,
)

__all__ = ["export_group"]


def _emit(data: bytes, output: str | None) -> None:
    """Write to stdout, or replace ``output`` atomically (an export is regenerated, not edited)."""
    if not output:
        write_stdout(data)
        return
    target = Path(output)
    if target.is_dir():
        raise UsageFailure(f"--output {output} is a folder; name a file")
    if not target.parent.is_dir():
        raise UsageFailure(f"--output {output}: the folder {target.parent} does not exist")
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise cannot_write(output, exc) from None
    click.echo(f"wrote {output}", err=True)


_output = click.option(
    "-o", "--output", metavar="FILE", help="Write to FILE (replaced if it exists) instead of standard output."
)


@click.group(name="export")
def export_group() -> None:
    """Take the campaign with you: contacts as vCards, follow-ups as a calendar."""


@export_group.command()
@vault_option
@_output
@click.option(
    "--public",
    is_flag=True,
    help="Apply the site's privacy: leave out private notes, hidden fields (email and phone unless "
    "site.show_contact_details) and note bodies.",
)
def vcard(vault_path: str | None, output: str | None, public: bool) -> None:
    """Every contact as a vCard 4.0, for your phone or address book.

    This is your own address book, so by default every contact is written,
    private notes included, with email, phone and the note's text; use
    --public before handing the file to anyone else. Who referred each person
    is in X-INFOVIEW-REFERRED-BY, and `infoview import vcard` reads it back.
    """
    from ..interop.vcard import export_vcards

    vault = load_for_command(find_vault(vault_path))
    _emit(export_vcards(vault, public=public).encode("utf-8"), output)


@export_group.command()
@vault_option
@today_option
@_output
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    default=30,
    show_default=True,
    help="List follow-ups due up to this many days ahead.",
)
def ics(vault_path: str | None, today: str | None, output: str | None, days: int) -> None:
    """Meetings and due follow-ups as an iCalendar (.ics) file.

    Meetings are events at their time (all day when the note gives no time);
    follow-ups are all-day entries on their due date (overdue ones on today).
    UIDs are stable, so importing again updates entries instead of adding
    copies. Private notes and contact details are left out.
    """
    from ..interop.ics import ics_feed
    from ..rules import RuleConfigError, UnknownRule

    vault = load_for_command(find_vault(vault_path))
    day = resolve_today(today, vault)
    try:
        data = ics_feed(vault, day, days=days)
    except (UnknownRule, RuleConfigError) as exc:
        raise UsageFailure(f"infoview.yml: {exc}") from None
    _emit(data, output)
