"""Options and helpers shared by the commands: where the vault is, what day it is."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .. import config

__all__ = [
    "UsageFailure",
    "cannot_write",
    "find_vault",
    "format_option",
    "given_today",
    "locked",
    "parse_day",
    "resolve_today",
    "today_option",
    "vault_option",
    "write_stdout",
]


class UsageFailure(click.ClickException):
    """A usage or configuration mistake: one line, exit code 2, no traceback."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"infoview: error: {self.format_message()}", err=True)


def find_vault(given: str | None) -> Path:
    """The vault folder: ``given``, else ``./vault`` when it exists, else ``.``; one that does not look like a
    vault is a usage error, so ``check .`` never passes "All clear" while ``vault/`` holds overdue thank-yous."""
    if given:
        path = Path(given)
        if not path.is_dir():
            raise UsageFailure(f"no vault folder at {given}")
    else:
        path = Path("vault") if Path("vault").is_dir() else Path(".")
    if not is_vault(path):
        below = [p for p in sorted(path.iterdir()) if p.is_dir() and is_vault(p)]
        hint = f"; did you mean {below[0].as_posix()}/?" if below else "; run `infoview init` or pass --vault PATH"
        raise UsageFailure(
            f"{path.as_posix()} does not look like a vault (no infoview.yml, no contacts/, companies/ or interviews/){hint}"
        )
    return path


def is_vault(path: Path) -> bool:
    return (path / config.CONFIG_NAME).exists() or any(
        (path / folder).is_dir() for folder in ("contacts", "companies", "interviews")
    )


def load_for_command(root: Path) -> Any:
    """Load the vault for a command (imported here: ``infoview --help`` loads nothing)."""
    from ..load import load_vault

    return load_vault(root)


vault_option = click.option(
    "--vault",
    "vault_path",
    metavar="PATH",
    envvar="INFOVIEW_VAULT",
    help="The vault folder (default: ./vault when it exists, else .).",
)
today_option = click.option(
    "--today",
    metavar="YYYY-MM-DD",
    envvar="INFOVIEW_TODAY",
    help="The day to check against (default: today in the vault's timezone; env INFOVIEW_TODAY).",
)


def format_option(*choices: str, **kw: Any) -> Any:
    """``--format`` (as ``fmt``) among ``choices``, the first being the default."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True, **kw)


def parse_day(text: str, what: str = "--today") -> dt.date:
    """A day given by the user, between ``config.EARLIEST`` and ``config.LATEST``; a UsageFailure otherwise."""
    try:
        return config.parse_day(text, what)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None


def given_today(given: str | None) -> dt.date | None:
    """The day set by the --today flag or else INFOVIEW_TODAY; None when neither is set."""
    if given:
        return parse_day(given)
    if env := os.environ.get("INFOVIEW_TODAY"):
        return parse_day(env, "INFOVIEW_TODAY")
    return None


def resolve_today(given: str | None, vault: Any) -> dt.date:
    """The one place the clock is read: flag, then INFOVIEW_TODAY, then the vault's timezone."""
    return given_today(given) or vault.config.today()


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def cannot_write(path: Path | str, exc: OSError) -> UsageFailure:
    """An OSError while writing ``path`` as one line (a full disk, no permission...): exit 2."""
    return UsageFailure(f"cannot write {Path(path).as_posix()}: {_reason(exc)}")


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the vault's edit lock (see :func:`infoview.files.edit_lock`) while the block reads and edits notes."""
    from filelock import Timeout

    from ..files import LOCK_FOLDER, edit_lock

    where = (root / LOCK_FOLDER).as_posix()
    try:
        held = edit_lock(root).acquire()  # released when the with block below ends
    except Timeout:
        raise UsageFailure(
            f"another command has been editing the vault for minutes (its lock is in {where}); "
            "nothing was written, run the command again once it is done"
        ) from None
    except OSError as exc:
        raise UsageFailure(f"cannot lock the vault for editing in {where}: {_reason(exc)}") from None
    with held:
        yield


def write_stdout(data: bytes) -> None:
    """Write to standard output; a failure (a full disk, a closed pipe) is one line and exit 2."""
    try:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are, then it is flushed
    except OSError as exc:
        _drop_stdout(sys.stdout)
        raise UsageFailure(f"cannot write to standard output: {_reason(exc)}") from None


def _drop_stdout(stream: Any) -> None:
    """Point standard output at the null device, whose buffered rest Python's flush at exit would fail on again."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
