"""``infoview stats``: the campaign's funnel, weekly cadence, response rate and best connectors."""

from __future__ import annotations

import json

import click

from ..stats import campaign_stats, format_stats
from .common import find_vault, format_option, load_for_command, resolve_today, today_option, vault_option


@click.command()
@vault_option
@today_option
@format_option("text", "json")
@click.option("--public", is_flag=True, help="Leave out private notes, as the published site does.")
@click.option(
    "--bridges/--no-bridges",
    default=True,
    show_default=True,
    help="Also rank the people who bridge parts of your network (betweenness; slower on huge vaults).",
)
def stats(vault_path: str | None, today: str | None, fmt: str, public: bool, bridges: bool) -> None:
    """Funnel (prospects -> contacted -> met -> gave names), meetings and outreach
    per week for the last 12 weeks, response rate, referral yield, top connectors
    and bridges. Private notes count unless --public."""
    vault = load_for_command(find_vault(vault_path))
    numbers = campaign_stats(vault, resolve_today(today, vault), include_private=not public)
    if bridges:
        from ..graph import bridges as find_bridges
        from ..graph import build_graph, public_graph

        G = build_graph(vault)
        numbers["bridges"] = [
            {"name": b["name"], "path": G.nodes[b["id"]]["path"], "betweenness": b["betweenness"]}
            for b in find_bridges(public_graph(G, vault.config.site.hides) if public else G)
        ]
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
        return
    click.echo(format_stats(numbers), nl=False)
    if numbers.get("bridges"):
        click.echo("\nBridges (betweenness: who links separate parts of your network)")
        for b in numbers["bridges"]:
            click.echo(f"  {b['name']:<24} {b['betweenness']:.3f}")
