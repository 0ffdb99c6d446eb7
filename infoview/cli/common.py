"""Options and helpers shared by the commands: where the vault is, what day it is."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = ["vault_option", "today_option", "find_vault", "resolve_today", "UsageFailure"]

F = TypeVar("F", bound=Callable[..., Any])


class UsageFailure(click.ClickException):
    """A usage or configuration mistake: one line, exit code 2, no traceback."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"infoview: error: {self.format_message()}", err=True)


def find_vault(given: str | None) -> Path:
    """The vault folder: ``given``, else ``./vault`` when it exists, else ``.``."""
    if given:
        path = Path(given)
        if not path.is_dir():
            raise UsageFailure(f"no vault folder at {given}")
        return path
    default = Path("vault")
    return default if default.is_dir() else Path(".")


def load_for_command(root: Path) -> Any:
    """Load the vault for a command that exits once it has answered.

    The vault lives until the process ends, so the cyclic collector can free
    none of its millions of objects: it is kept off during the load (skipping
    the loader's closing full collection too) and the loaded objects are
    frozen out of its sight afterwards, so the rules and the output do not
    rescan them.
    """
    from ..load import load_vault

    collecting = gc.isenabled()
    gc.disable()
    try:
        return load_vault(root)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def vault_option(f: F) -> F:
    return click.option(
        "--vault",
        "vault_path",
        metavar="PATH",
        envvar="INFOVIEW_VAULT",
        help="The vault folder (default: ./vault when it exists, else .).",
    )(f)


def today_option(f: F) -> F:
    return click.option(
        "--today",
        metavar="YYYY-MM-DD",
        envvar="INFOVIEW_TODAY",
        help="The day to check against (default: today in the vault's timezone; env INFOVIEW_TODAY).",
    )(f)


def parse_day(text: str, what: str = "--today") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageFailure(f"{what} must be a date like 2026-11-25, not {text!r}") from None


def resolve_today(given: str | None, vault: Any) -> dt.date:
    """The one place the clock is read: flag, then INFOVIEW_TODAY, then the vault's timezone."""
    if given:
        return parse_day(given)
    env = os.environ.get("INFOVIEW_TODAY")
    if env:
        return parse_day(env, "INFOVIEW_TODAY")
    return vault.config.today()
