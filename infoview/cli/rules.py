"""``infoview rules``: the rules reference, generated from the registry."""

from __future__ import annotations

import click

from ..rules import LOADER_RULES, RULES, rules_reference_markdown
from .common import UsageFailure

__all__ = ["rules"]


@click.command()
@click.argument("name", required=False)
def rules(name: str | None) -> None:
    """Print every rule (name, severity, thresholds, why, how to fix) as Markdown, or just rule NAME."""
    text = rules_reference_markdown()
    if name is None:
        click.echo(text, nl=False)
        return
    if name in LOADER_RULES:
        severity, what = LOADER_RULES[name]
        click.echo(f"## {name}\n\n**Severity:** {severity}\n\nA data finding from the loader: {what}.")
        return
    if name not in RULES:
        from ..rules import UnknownRule

        raise UsageFailure(str(UnknownRule(name)))
    section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
    click.echo(f"## {name}\n{section.rstrip()}")
