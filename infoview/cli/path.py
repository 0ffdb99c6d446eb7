"""``infoview path``: the warmest chains of people you know to a person, company, tag or field."""

from __future__ import annotations

import json
from typing import Any

import click

from .common import UsageFailure, find_vault, format_option, load_for_command, vault_option


def _resolve(vault: Any, G: Any, query: str) -> tuple[str, list]:
    """Use the vault's own lookups first, so aliases and file names work too."""
    from ..graph import find_targets

    for kind in ("contact", "company"):
        for note in vault.candidates(query):
            if note.path in G and G.nodes[note.path].get("kind") == kind:
                return ("person", [note.path]) if kind == "contact" else find_targets(G, note.path)
    return find_targets(G, query)


@click.command()
@click.argument("target")
@vault_option
@click.option(
    "--limit", "-n", type=click.IntRange(min=1), default=5, show_default=True, help="How many chains to show."
)
@format_option("text", "json")
def path(target: str, vault_path: str | None, limit: int, fmt: str) -> None:
    """Who can introduce you to TARGET: a person, a company, a tag or a field.

    Chains go through people you know (contacted, met) and the referrals
    between them, warmest first: people you have met beat people you have
    only written to, and shorter chains beat longer ones. For a person,
    their referral chain (how you came to their name) is shown too.
    Exits 1 when no chain reaches the target.
    """
    from ..graph import OWNER, build_graph, referral_chain, warm_paths

    vault = load_for_command(find_vault(vault_path))
    G = build_graph(vault)
    kind, targets = _resolve(vault, G, target)
    if kind == "company" and not targets:
        raise UsageFailure(f"nobody in the vault works at {target!r} yet")
    if not targets:
        raise UsageFailure(f"no person, company, tag or field in the vault matches {target!r}")
    paths = warm_paths(G, targets, limit=limit)

    def name(n: Any) -> str:
        return "you" if n == OWNER else G.nodes[n]["name"]

    def people(nodes: Any) -> list[dict[str, Any]]:
        return [{"id": n, "name": G.nodes[n]["name"]} for n in nodes]

    def met_on(n: Any) -> str | None:
        dates = sorted(d.get("date") or "" for _, _, d in G.in_edges(n, data=True) if d.get("kind") == "met")
        return dates[-1] if dates else None

    def advice(p: Any) -> str:
        who = G.nodes[p.target]
        if p.ask is None:
            last = met_on(p.target)
            how = f"you met on {last}" if last else f"status: {who.get('status')}"
            return f"you already know {who['name']} ({how}): get in touch directly"
        first, ask = p.path[1], p.ask
        first_met = met_on(first)
        via = f" ({'met ' + first_met if first_met else G.nodes[first].get('status')})"
        if first == ask:
            return f"ask {name(ask)}{via} to introduce you to {who['name']}"
        middle = " -> ".join(name(n) for n in p.path[2:-1])
        return f"start with {name(first)}{via}, who can introduce you to {middle}; ask {name(ask)} to introduce you to {who['name']}"

    chain = referral_chain(G, targets[0]) if kind == "person" and len(targets) == 1 else []
    if fmt == "json":
        payload = {
            "target": target,
            "matched": kind,
            "people": people(targets),
            "referral_chain": people(chain),
            "paths": [
                {"target": p.target, "cost": p.cost, "ask": p.ask, "advice": advice(p), "path": people(p.path)}
                for p in paths
            ],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        raise SystemExit(0 if paths else 1)
    more = f" and {len(targets) - 8} more" if len(targets) > 8 else ""
    who = ", ".join(G.nodes[t]["name"] for t in targets[:8]) + more
    click.echo(f"Warm paths to {who}" if kind == "person" else f"Warm paths to {target} ({kind}): {who}")
    if chain:
        click.echo(f"Referral chain: {' -> '.join(G.nodes[n]['name'] for n in chain)} (depth {len(chain) - 1})")
    elif kind == "person":
        click.echo("Referral chain: none reaches them (check their referred_by)")
    if not paths:
        click.echo("No chain of people you know reaches them yet: ask the people you meet for names in this direction.")
        raise SystemExit(1)
    for i, p in enumerate(paths, 1):
        click.echo(f"{i}. {' -> '.join(G.nodes[n]['name'] for n in p.path)}")
        click.echo(f"   {advice(p)}")
