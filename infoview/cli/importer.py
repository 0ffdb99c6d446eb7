"""``infoview import linkedin|vcard FILE``: new contact notes for people not yet in the vault."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..interop.contacts import Batch, InteropError, import_people
from ..load import load_vault
from .common import UsageFailure, find_vault, vault_option

__all__ = ["import_group"]


def _run(
    reader: Callable[[bytes], Batch], file: str, source: str, vault_path: str | None, dry_run: bool, verbose: bool
) -> None:
    root = find_vault(vault_path)
    try:
        data = Path(file).read_bytes()
    except OSError as exc:
        raise UsageFailure(f"cannot read {file}: {exc.strerror}") from None
    try:
        batch = reader(data)
    except InteropError as exc:
        raise UsageFailure(f"{file}: {exc}") from None
    report = import_people(load_vault(root), batch, source=f"{source} {Path(file).name}", dry_run=dry_run)
    click.echo("\n".join(report.lines(verbose=verbose)))
    # Records that could not be read (or written) make a non-zero exit for scripts; the others are imported.
    raise SystemExit(1 if report.bad else 0)


_dry_run = click.option("--dry-run", is_flag=True, help="Write nothing; report what would be created.")
_verbose = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list the people already in the vault, the skipped rows and the values left out (unsafe URLs).",
)


@click.group(name="import")
def import_group() -> None:
    """Bring contacts in from LinkedIn or an address book.

    A person already in the vault (same LinkedIn profile, an email in common,
    or the same name) is left untouched, so importing the same file again
    changes nothing. One bad record never stops the others: each is reported
    with its line. Exit 1 when some records could not be read or written.
    """


@import_group.command()
@click.argument("file", metavar="CONNECTIONS.CSV")
@vault_option
@_dry_run
@_verbose
def linkedin(file: str, vault_path: str | None, dry_run: bool, verbose: bool) -> None:
    """Import LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data).

    The file may also be the whole export archive (.zip) LinkedIn sends.

    Each person becomes a contact note with name, company (a link when the
    vault has a note for that company), role, LinkedIn profile, email when
    shared, `met_via: LinkedIn connection` and the `connected_on` date (also
    as a spreadsheet saves it again: 3/12/24, 12-Mar-24). A row with no name
    is named after its profile URL (jane-doe-123) or email address. Hidden
    profiles (rows holding only a date) are skipped and counted.
    """
    from ..interop.linkedin import read_connections

    _run(read_connections, file, "LinkedIn", vault_path, dry_run, verbose)


@import_group.command()
@click.argument("file", metavar="FILE.VCF")
@vault_option
@_dry_run
@_verbose
def vcard(file: str, vault_path: str | None, dry_run: bool, verbose: bool) -> None:
    """Import a vCard file (2.1, 3.0 or 4.0; several cards per file).

    FN, ORG, TITLE, EMAIL, TEL, URL, CATEGORIES and NOTE become the contact's
    name, company, role, email/phone (more in other_emails/other_phones),
    linkedin/website (http and https only), tags and body. A card with only
    an email address is named after it. A card without END:VCARD ends at the
    next BEGIN:VCARD; a line that cannot be read costs only that line.
    """
    from ..interop.vcard import read_vcards

    _run(read_vcards, file, "vCard", vault_path, dry_run, verbose)
