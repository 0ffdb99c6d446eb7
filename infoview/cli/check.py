"""``infoview check``: report every finding; exit 1 when there is an error."""

from __future__ import annotations

import json

import click

from ..load import load_vault
from .common import find_vault, resolve_today, today_option, vault_option


@click.command()
@click.argument("path", required=False)
@vault_option
@today_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check(path: str | None, vault_path: str | None, today: str | None, fmt: str) -> None:
    """Check the vault at PATH and print every finding."""
    root = find_vault(path or vault_path)
    vault = load_vault(root)
    day = resolve_today(today, vault)
    findings = vault.findings
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    if fmt == "json":
        click.echo(
            json.dumps(
                {"today": day.isoformat(), "vault": root.as_posix(), "findings": [f.to_json() for f in findings], "counts": counts},
                indent=2,
            )
        )
    else:
        for f in findings:
            click.echo(f.format())
            if f.hint:
                click.echo(f"    hint: {f.hint}")
        click.echo(f"{len(vault.notes)} notes, {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info")
    raise SystemExit(1 if counts["error"] else 0)
