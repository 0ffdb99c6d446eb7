"""``infoview site export DIR``: the site's generated Markdown, for any static site generator."""

from __future__ import annotations

from pathlib import Path

import click

from ..load import load_vault
from .common import UsageFailure, find_vault, resolve_today, today_option, vault_option


@click.group(name="site")
def site() -> None:
    """The networking site (served by `mkdocs serve` with the infoview plugin)."""


@site.command(name="export")
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@vault_option
@today_option
@click.option(
    "--html-urls",
    is_flag=True,
    help="Link pages as page.html instead of page/ (for generators without directory URLs).",
)
def export_site(out_dir: Path, vault_path: str | None, today: str | None, html_urls: bool) -> None:
    """Write every generated page, graph.json and the site's CSS/JS under DIR.

    Private notes and hidden fields are left out exactly as on the site. DIR
    must be empty or a folder this command wrote before.
    """
    from ..site import export

    root = find_vault(vault_path)
    vault = load_vault(root)
    day = resolve_today(today, vault)
    try:
        written = export(vault, day, out_dir, directory_urls=not html_urls)
    except FileExistsError as exc:
        raise UsageFailure(str(exc)) from None
    pages = sum(1 for p in written if p.suffix == ".md")  # assets hold no Markdown
    click.echo(f"wrote {pages} pages and {len(written) - pages} other files to {out_dir}")
