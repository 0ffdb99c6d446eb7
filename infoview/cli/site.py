"""``infoview site export DIR``: the site's pages as Markdown files any generator builds (Zensical, MkDocs...)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
import yaml

from ..load import load_vault
from .common import UsageFailure, cannot_write, find_vault, resolve_today, today_option, vault_option


@click.group(name="site")
def site() -> None:
    """The networking site (served by `mkdocs serve` with the infoview plugin, or exported for Zensical)."""


@site.command(name="export")
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@vault_option
@today_option
@click.option(
    "--html-urls",
    is_flag=True,
    help="Link pages as page.html instead of page/ (for generators without directory URLs).",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of templates replacing the built-in ones of the same name.",
)
@click.option(
    "--watch", is_flag=True, help="Export again whenever a note changes (for `zensical serve`); Ctrl-C stops."
)
def export_site(
    out_dir: Path, vault_path: str | None, today: str | None, html_urls: bool, templates: Path | None, watch: bool
) -> None:
    """Write every generated page, graph.json, the lists, the calendar and the site's CSS/JS under DIR.

    Private notes and hidden fields are left out exactly as on the site. DIR
    must be empty (dotfiles such as .gitkeep are kept), or a folder this
    command wrote before; it may be the docs_dir of mkdocs.yml (the plugin
    then ignores what it finds there), never a folder inside it or the vault.
    """
    root = find_vault(vault_path)
    refuse = tuple(p for p in _docs_dirs(out_dir) if p.resolve() != out_dir.resolve())
    last = None
    while True:
        if (stamp := _stamp(root)) != last:
            last = stamp
            _export(root, out_dir, today, html_urls, templates, refuse)
        if not watch:
            return
        try:
            time.sleep(1)
        except KeyboardInterrupt:
            return


def _export(
    root: Path, out_dir: Path, today: str | None, html_urls: bool, templates: Path | None, refuse: tuple[Path, ...]
) -> None:
    from ..rules import RuleConfigError, UnknownRule
    from ..site import export

    vault = load_vault(root)
    day = resolve_today(today, vault)
    try:
        written = export(vault, day, out_dir, directory_urls=not html_urls, templates=templates, refuse=refuse)
    except (FileExistsError, ValueError, RuleConfigError, UnknownRule) as exc:
        raise UsageFailure(str(exc)) from None
    except OSError as exc:
        raise cannot_write(out_dir, exc) from None
    pages = sum(1 for p in written if p.suffix == ".md")
    click.echo(f"wrote {pages} pages and {len(written) - pages} other files to {out_dir}")


def _docs_dirs(out_dir: Path) -> list[Path]:
    """The docs_dir of the mkdocs.yml beside DIR's parent or the current folder: DIR may be it, not inside it."""
    found = []
    for config in {Path("mkdocs.yml").resolve(), (out_dir.absolute().parent / "mkdocs.yml").resolve()}:
        try:
            data = yaml.load(config.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # !ENV and the like: as text
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        docs = data.get("docs_dir", "docs") if isinstance(data, dict) else "docs"
        found.append(config.parent / str(docs))
    return found


def _stamp(root: Path) -> frozenset[tuple[str, int, int]]:
    """Every file under the vault with its modification time and size: what a change changes."""
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            out.add((os.path.join(dirpath, name), st.st_mtime_ns, st.st_size))
    return frozenset(out)
