"""``infoview rules``: the rules reference, generated from the registry."""

from __future__ import annotations

import re
import shutil
import sys
import textwrap

import click

from ..rules import DATA_RULES, RULES, Rule, UnknownRule, rules_reference_markdown
from .common import UsageFailure

__all__ = ["rules"]


@click.command()
@click.argument("name", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    help="text on a terminal, Markdown otherwise (e.g. `> RULES.md`).",
)
def rules(name: str | None, fmt: str | None) -> None:
    """Print every rule (name, severity, thresholds, why, how to fix), or just rule NAME."""
    markdown = (fmt or ("text" if sys.stdout.isatty() else "markdown")) == "markdown"
    if name is not None and name not in RULES and name not in DATA_RULES:
        raise UsageFailure(str(UnknownRule(name)))
    if markdown:
        text = rules_reference_markdown()
        if name is None:
            click.echo(text, nl=False)
            return
        marker = f"\n## {name}\n" if name in RULES else f"\n### {name}\n"
        section = text.split(marker, 1)[1].split("\n#", 1)[0]
        click.echo(f"## {name}\n{section.rstrip()}")
        return
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    chosen = [(name, (RULES | DATA_RULES)[name])] if name else [*RULES.items(), *DATA_RULES.items()]
    if name is None:
        click.echo("Follow-up rules (infoview check fails on errors; set thresholds in infoview.yml under rules:)\n")
        for rule_name, r in RULES.items():
            click.echo(f"  {rule_name:<26} {r.severity:<8} {_plain(r.summary)}")
        click.echo("\nData rules (what is wrong with the notes themselves)\n")
        for rule_name, r in DATA_RULES.items():
            click.echo(f"  {rule_name:<26} {r.severity:<8} {_plain(r.summary)}")
        click.echo()
    for rule_name, r in chosen:
        click.echo(_section(rule_name, r, width))


def _section(name: str, r: Rule, width: int) -> str:
    thresholds = ", ".join(f"{k}: {v}" for k, v in r.defaults.items()) or "none"
    wrap = lambda label, text: textwrap.fill(f"{label} {_plain(text)}", width, subsequent_indent="  ")
    head = f"{name}\n{'-' * len(name)}\nSeverity: {r.severity}   Thresholds: {thresholds}"
    return "\n".join([head, wrap("Fires when", r.summary + "."), wrap("Why:", r.why), wrap("Fix:", r.fix), ""])


def _plain(text: str) -> str:
    """Markdown's marks off, for a terminal: `code` and **bold** read as their words."""
    return re.sub(r"\*\*|`", "", text)
