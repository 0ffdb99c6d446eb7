"""``infoview check``: every finding on a given day; exit 1 on errors, 2 on usage or config errors."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..config import CONFIG_NAME
from ..model import Vault
from ..report import format_github, format_json, format_text, github_error, github_step_summary, repo_prefix, summary
from ..rules import run_rules
from .common import UsageFailure, find_vault, format_option, load_for_command, resolve_today, today_option, vault_option

__all__ = ["check", "open_vault", "rule_names", "use_colour"]


def open_vault(path: str | None, vault_path: str | None, today: str | None) -> tuple[Path, Vault, dt.date]:
    """Find and load the vault and fix the day; a config that cannot be used is a usage error (exit 2)."""
    if path and vault_path and Path(path) != Path(vault_path):
        raise UsageFailure(f"two vaults given: {path} and --vault {vault_path}")
    root = find_vault(path or vault_path)
    vault = load_for_command(root)
    if broken := [f for f in vault.findings if f.path == CONFIG_NAME and f.severity == "error"]:
        f = broken[0]
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        hint = f"; {f.hint}" if f.hint else ""
        raise UsageFailure(f"{(root / CONFIG_NAME).as_posix()}:{f.line}: {f.message}{hint}{more}")
    return root, vault, resolve_today(today, vault)


def rule_names(values: tuple[str, ...]) -> list[str] | None:
    """``--select a,b --select c`` -> ['a', 'b', 'c']; None when not given."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    return names or None  # `--select ""` (an empty CI variable) selects nothing in particular, not nothing at all


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.command()
@click.argument("path", required=False)
@vault_option
@today_option
@click.option("--select", multiple=True, metavar="RULES", help="Report only these rules (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Leave out these rules (comma-separated; repeatable).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@format_option("text", "json", "github", help="text for people, json for tools, github for workflow annotations.")
def check(path: str | None, strict: bool, fmt: str, **opts: Any) -> None:
    """Check the vault at PATH against today's date and print every finding.

    Exit status: 0 when there is no error, 1 when there is one (or, with
    --strict, a warning), 2 on a usage or configuration error. `infoview rules`
    explains every rule.
    """
    try:
        root, vault, day = open_vault(path, opts["vault_path"], opts["today"])
        try:
            findings = run_rules(vault, day, select=rule_names(opts["select"]), ignore=rule_names(opts["ignore"]))
        except ValueError as exc:  # UnknownRule, RuleConfigError: the user's mistake, one line
            raise UsageFailure(str(exc)) from None
    except UsageFailure as exc:
        if fmt == "github":  # also as an annotation, so the failed run says why on its page
            click.echo(github_error(exc.format_message()))
        raise
    if fmt == "json":
        click.echo(format_json(findings, today=day, vault=root.as_posix()))
    elif fmt == "github":
        prefix = repo_prefix(root)
        if text := format_github(findings, prefix=prefix):
            click.echo(text)
        click.echo(summary(findings, today=day, notes=len(vault.notes)))
        # GitHub's per-run Markdown file, meant to be appended to
        if step_summary := os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(step_summary, "a", encoding="utf-8") as out:
                out.write(github_step_summary(findings, today=day, notes=len(vault.notes), prefix=prefix))
    else:
        click.echo(format_text(findings, today=day, notes=len(vault.notes), color=use_colour()), color=use_colour())
    failing = {"error", "warning"} if strict else {"error"}
    raise SystemExit(1 if any(f.severity in failing for f in findings) else 0)
