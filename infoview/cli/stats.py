"""``infoview stats``: the campaign's funnel, weekly cadence, response rate and best connectors."""

from __future__ import annotations

import json

import click

from ..load import load_vault
from ..stats import campaign_stats, format_stats
from .common import find_vault, resolve_today, today_option, vault_option


@click.command()
@vault_option
@today_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--public", is_flag=True, help="Leave out private notes, as the published site does.")
def stats(vault_path: str | None, today: str | None, fmt: str, public: bool) -> None:
    """Funnel (prospects -> contacted -> met -> gave names), meetings and outreach
    per week for the last 12 weeks, response rate, referral yield, top connectors."""
    vault = load_vault(find_vault(vault_path))
    day = resolve_today(today, vault)
    numbers = campaign_stats(vault, day, include_private=not public)
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
    else:
        click.echo(format_stats(numbers), nl=False)
