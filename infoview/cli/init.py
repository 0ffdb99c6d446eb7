"""``infoview init [DIR]``: a new campaign repository, ready to use; never overwrites."""

from __future__ import annotations

from pathlib import Path

import click

from ..edit import write_new
from ..scaffold import skeleton
from .common import UsageFailure

__all__ = ["init"]


@click.command()
@click.argument("directory", default=".", metavar="[DIR]")
@click.option("--owner", default="Me", show_default=True, help="Your name: the root of the referral graph.")
@click.option(
    "--timezone", default="UTC", show_default=True, help="An IANA timezone such as Europe/Paris: what 'today' means."
)
@click.option("--title", help="The site's title (default: <owner>'s networking campaign).")
def init(directory: str, owner: str, timezone: str, title: str | None) -> None:
    """Create a vault, its templates, mkdocs.yml, CI workflow and pre-commit config in DIR.

    Refuses to overwrite anything: when one of the files already exists,
    nothing is written.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageFailure(f"unknown timezone {timezone!r}; use an IANA name such as Europe/Paris") from None
    if not owner.strip():
        raise UsageFailure("--owner is empty")
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise UsageFailure(f"{directory} exists and is not a folder")
    files = skeleton(owner.strip(), timezone, title)
    if taken := [rel for rel in files if (root / rel).exists() or (root / rel).is_symlink()]:
        shown = ", ".join(taken[:4]) + (f" and {len(taken) - 4} more" if len(taken) > 4 else "")
        raise UsageFailure(f"{directory} already has {shown}; nothing was written (use an empty folder)")
    for written, (rel, text) in enumerate(files.items()):
        try:
            write_new(root / rel, text)
        except FileExistsError:
            raise UsageFailure(
                f"{(root / rel).as_posix()} appeared while writing; stopped after {written} files"
            ) from None
        except OSError as exc:
            raise UsageFailure(f"cannot write {(root / rel).as_posix()}: {exc.strerror}") from None
    click.echo(f"Created a campaign in {root.as_posix()}:")
    click.echo("\n".join(f"  {rel}" for rel in files if not rel.endswith(".gitkeep")))
    click.echo('Next: cd into it, `git init`, then `infoview new contact "Jane Doe"`; `mkdocs serve` shows the site.')
