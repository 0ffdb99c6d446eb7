"""The ``infoview`` command line: a thin shell over the library.

Subcommands are imported only when run (``infoview --help`` and ``infoview check`` never import NetworkX or
MkDocs): to add one, write ``infoview/cli/<name>.py`` with a click command and list it in ``COMMANDS``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys

import click

from .. import __version__

__all__ = ["COMMANDS", "main", "run"]

#: command name -> (its module in infoview.cli, the click command's name there, one-line help shown by --help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("check", "check", "Check the vault's data and follow-up rules; exit 1 on errors."),
    "graph": ("graph", "graph", "Export the referral graph (json, graphml, gexf, dot, mermaid)."),
    "path": ("path", "path", "Who can introduce you to a person, company, tag or field."),
    "stats": ("stats", "stats", "Campaign funnel, weekly cadence, response rate, referral yield."),
    "agenda": ("agenda", "agenda", "What to do now: overdue follow-ups, then the next days."),
    "rules": ("rules", "rules", "Print the rules reference: severity, thresholds, why, how to fix."),
    "import": ("importer", "import_group", "Import contacts from LinkedIn's Connections.csv or a vCard file."),
    "export": ("export", "export_group", "Export contacts as vCards, meetings and follow-ups as iCalendar."),
    "site": ("site", "site", "Export the networking site's generated Markdown pages to a folder."),
    "init": ("init", "init", "Create a new campaign: vault, templates, mkdocs.yml, CI workflow, pre-commit."),
    "new": ("new", "new", "Create a contact, company or interview note from the vault's template."),
    "log": ("log", "log", "Record a follow-up (thank-you, outreach, reply, met...) by editing one line."),
    "questions": ("questions", "questions", "Print the question bank for informational interviews."),
    "draft": ("draft", "draft", "Draft the letter a follow-up calls for, written from the notes."),
    "review": ("review", "review", "The week in review: pace, replies, names, what slipped, on-time rates."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if (spec := COMMANDS.get(name)) is None:
            return None
        return getattr(importlib.import_module(f"{__name__}.{spec[0]}"), spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="infoview")
def main() -> None:
    """Run an informational-interview networking campaign from plain-text notes.

    The vault is a folder of Markdown notes (contacts/, companies/,
    interviews/) with YAML frontmatter. Every command takes --vault PATH
    (default: ./vault when it exists, else the current folder).
    """


def run() -> None:
    """The console script: :func:`main`, then an exit that skips freeing the vault object by object (0.1 s at
    10,000 notes), as mypy's ``--fast-exit`` does; every file is written and closed by then."""
    try:
        main()
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise
        with contextlib.suppress(OSError):  # a closed pipe: nothing more can reach it anyway
            sys.stdout.flush(), sys.stderr.flush()  # type: ignore[func-returns-value]
        os._exit(exc.code or 0)
