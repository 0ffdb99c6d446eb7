"""The ``infoview`` command line: a thin shell over the library.

Subcommands live in their own modules and are imported only when run, so
``infoview --help`` and ``infoview check`` never import NetworkX or MkDocs.
To add a command, write ``infoview/cli/<name>.py`` with a click command and
list it in ``COMMANDS``.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

__all__ = ["COMMANDS", "main"]

#: command name -> (module, attribute, one-line help shown by --help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("infoview.cli.check", "check", "Check the vault's data and follow-up rules; exit 1 on errors."),
    "graph": ("infoview.cli.graph", "graph", "Export the referral graph (json, graphml, gexf, dot, mermaid)."),
    "path": ("infoview.cli.path", "path", "Who can introduce you to a person, company, tag or field."),
    "stats": ("infoview.cli.stats", "stats", "Campaign funnel, weekly cadence, response rate, referral yield."),
    "agenda": ("infoview.cli.agenda", "agenda", "What to do now: overdue follow-ups, then the next days."),
    "rules": ("infoview.cli.rules", "rules", "Print the rules reference: severity, thresholds, why, how to fix."),
    "import": (
        "infoview.cli.importer",
        "import_group",
        "Import contacts from LinkedIn's Connections.csv or a vCard file.",
    ),
    "export": (
        "infoview.cli.export",
        "export_group",
        "Export contacts as vCards, meetings and follow-ups as iCalendar.",
    ),
    "site": ("infoview.cli.site", "site", "Export the networking site's generated Markdown pages to a folder."),
    "init": (
        "infoview.cli.init",
        "init",
        "Create a new campaign: vault, templates, mkdocs.yml, CI workflow, pre-commit.",
    ),
    "new": ("infoview.cli.new", "new", "Create a contact, company or interview note from the vault's template."),
    "log": ("infoview.cli.log", "log", "Record a follow-up (thank-you, outreach, reply, met...) by editing one line."),
    "questions": ("infoview.cli.questions", "questions", "Print the question bank for informational interviews."),
    "draft": ("infoview.cli.draft", "draft", "Draft the letter a follow-up calls for, written from the notes."),
    "review": (
        "infoview.cli.review",
        "review",
        "The week in review: pace, replies, names, what slipped, on-time rates.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        spec = COMMANDS.get(name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        return getattr(module, spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="infoview")
def main() -> None:
    """Run an informational-interview networking campaign from plain-text notes.

    The vault is a folder of Markdown notes (contacts/, companies/,
    interviews/) with YAML frontmatter. Every command takes --vault PATH
    (default: ./vault when it exists, else the current folder).
    """
