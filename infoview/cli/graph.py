"""``infoview graph``: export the referral graph for Gephi, Graphviz, Mermaid or the web."""

from __future__ import annotations

from pathlib import Path

import click

from ..files import atomic_write
from .common import UsageFailure, cannot_write, find_vault, load_for_command, vault_option, write_stdout

#: File extension -> format, so ``--output referrals.gexf`` needs no ``--format``.
_BY_SUFFIX = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}
_FORMATS = ("json", "graphml", "gexf", "dot", "mermaid")


def write_output(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` atomically; an existing file is replaced only with ``force``."""
    if path.is_dir():
        raise UsageFailure(f"--output {path} is a folder; name a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Without --force the file is linked into place: never replaces one, even one created a moment ago.
        atomic_write(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise UsageFailure(f"{path} already exists; pass --force to replace it") from None
    except OSError as exc:
        raise cannot_write(path, exc) from None


@click.command()
@vault_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    help="Output format (default: from the --output extension, else json).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of standard output."
)
@click.option(
    "--public", is_flag=True, help="Leave out private notes and the site's hidden fields, as the published site does."
)
@click.option("--force", is_flag=True, help="Replace --output if it exists.")
def graph(vault_path: str | None, fmt: str | None, output: Path | None, public: bool, force: bool) -> None:
    """Export the referral graph: you, your contacts, the names they gave, their companies.

    Node labels are names. GraphML and GEXF open in Gephi and read back with
    NetworkX; JSON is NetworkX node-link data (what the site serves as
    /graph.json); DOT is for Graphviz; Mermaid renders on GitHub and in
    MkDocs Material. Exports include private notes (this is your machine);
    pass --public for what the site would show.
    """
    from ..graph import build_graph, export_graph

    fmt = fmt or (_BY_SUFFIX.get(output.suffix.lower(), "json") if output is not None else "json")
    vault = load_for_command(find_vault(vault_path))
    hidden = vault.config.site.hides if public else ()
    text = export_graph(build_graph(vault), fmt, public=public, hidden_fields=hidden)
    if output is None:
        return write_stdout(text.encode("utf-8"))
    write_output(output, text, force=force)
    click.echo(f"wrote {output} ({fmt})", err=True)
