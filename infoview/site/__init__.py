"""The networking site as plain data: HTML pages, ``graph.json`` and a search index from a vault.

One pipeline computed from scratch on each build: the published view of the
vault (:mod:`.published`), pages from Jinja2 templates (:mod:`.pages`), note
bodies rendered once and sanitised (:mod:`.render`). No MkDocs import: the
MkDocs plugin (``site_plugins``) hands the pages to MkDocs as they are, and
``infoview site export DIR`` writes the same pages for any generator.

>>> site = build_site(vault, today)          # doctest: +SKIP
>>> site.pages["people/keiko-tanaka.md"].html  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import atomic_write
from ..finding import Finding
from ..interop.ics import ics_feed
from ..model import Vault
from .pages import Page, build_pages
from .published import Published
from .render import esc, title_text
from .urls import relative_url

__all__ = [
    "ASSETS_DIR",
    "CALENDAR_FEED",
    "INDEX_PAGES",
    "NAV",
    "Page",
    "Published",
    "Site",
    "build_site",
    "export",
    "exported_files",
    "overlaps",
    "relative_url",
    "title_text",
]

#: The sections the navigation lists (never one entry per note).
NAV = [
    {"Dashboard": "index.md"},
    {"People": "people/index.md"},
    {"Companies": "companies/index.md"},
    {"Meetings": "meetings/index.md"},
    {"Graph": "graph/index.md"},
    {"Tags": "tags/index.md"},
    {"Review": "review/index.md"},
    {"Rules": "rules/index.md"},
]
#: Section index pages (in the nav); every other page is reached from them.
INDEX_PAGES = tuple(next(iter(entry.values())) for entry in NAV)
#: Where the subscribable calendar of meetings and follow-ups is published.
CALENDAR_FEED = "calendar.ics"
#: The shipped CSS and JavaScript (vendored, no CDN).
ASSETS_DIR = Path(__file__).resolve().parent.parent.parent / "site_plugins" / "assets"
#: Where the assets go in a site.
ASSET_PREFIX = "assets/infoview"
#: The file ``site export`` leaves in its folder, listing what it wrote.
EXPORT_MARKER = ".infoview-export"


@dataclass
class Site:
    """Every generated page, and the files that go with them."""

    pages: dict[str, Page] = field(default_factory=dict)
    #: site path -> text of the JSON files long lists load on "Show all"
    data: dict[str, str] = field(default_factory=dict)
    graph: dict[str, Any] | None = None
    #: site path -> vault file, for every attachment a published note uses
    files: dict[str, Path] = field(default_factory=dict)
    #: site path -> bytes of a feed (``calendar.ics`` when ``site.calendar_feed`` is on)
    feeds: dict[str, bytes] = field(default_factory=dict)
    #: (page, message) for pages that failed; every other page is built
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: everything ``infoview check`` reports today (private notes included: the plugin logs them)
    findings: list[Finding] = field(default_factory=list)

    @property
    def search(self) -> list[dict[str, Any]]:
        """One lean search entry per person, company and meeting (none for list pages)."""
        return [p.search for p in self.pages.values() if p.search is not None]


def build_site(
    vault: Vault, today: dt.date, *, directory_urls: bool = True, templates: str | Path | None = None
) -> Site:
    """All pages of the site for ``vault`` as of ``today``.

    One note whose page cannot be built never stops the others: its error is
    recorded in ``Site.errors`` and the page is left out. A bad ``rules:``
    setting raises (:class:`~infoview.rules.RuleConfigError`), as ``check`` does.
    """
    pub = Published(vault, today, directory_urls=directory_urls)
    site = Site(findings=pub.findings)
    built = build_pages(pub, templates, site.errors)
    site.pages, site.data = built.pages, built.data
    site.graph = pub.graph_data
    site.files = dict(sorted(pub.used.items()))
    if vault.config.site.calendar_feed:  # opt-in: the site may be public, and a calendar tells whom you meet when
        site.feeds[CALENDAR_FEED] = ics_feed(vault, today)
    return site


def assets() -> dict[str, Path]:
    """site path -> shipped file, for every asset (not the vendor README, which would become a page)."""
    return {
        f"{ASSET_PREFIX}/{p.relative_to(ASSETS_DIR).as_posix()}": p
        for p in sorted(ASSETS_DIR.rglob("*"))
        if p.is_file() and p.suffix != ".md"
    }


def page_markdown(page: Page, directory_urls: bool = True) -> str:
    """A generated page as a Markdown file any generator builds: its title and the pre-rendered HTML, which
    Markdown passes through as a raw block; headings stay Markdown so the table of contents works; the page
    links the shipped CSS and JavaScript itself, as no plugin adds them there."""
    meta = {
        "title": page.title,
        **{k: v for k, v in page.meta.items() if k != "title"},
        "search": {"exclude": page.search is None},
    }
    front = "\n".join(f"{k}: {json.dumps(v)}" for k, v in meta.items())
    here = page.src
    links = "".join(
        f'<link rel="stylesheet" href="{esc(relative_url(here, uri, directory_urls, to_is_page=False))}">'
        if uri.endswith(".css")
        else f'<script src="{esc(relative_url(here, uri, directory_urls, to_is_page=False))}" defer></script>'
        for uri in assets()
        if uri.endswith((".css", ".js")) and uri.count("/") == 2
    )
    parts = [f"---\n{front}\n---\n", links, "\n\n"]
    at = 0
    html = page.html.replace("{", "&#123;")  # no attr_list or other syntax survives in what was text
    for m in re.finditer(r'<h([23])[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', html, re.DOTALL):
        parts += [
            _html_block(html[at : m.start()]),
            f"\n{'#' * int(m.group(1))} {_md_text(m.group(3))} {{#{m.group(2)}}}\n\n",
        ]
        at = m.end()
    parts.append(_html_block(html[at:]))
    return "".join(parts)


def _html_block(html: str) -> str:
    """HTML Markdown leaves alone: wrapped in a div, with no blank line inside."""
    lines = [line for line in html.splitlines() if line.strip()]
    return f'<div class="infoview-block" markdown="0">\n{chr(10).join(lines)}\n</div>\n\n' if lines else ""


def _md_text(html: str) -> str:
    """Escaped HTML text as Markdown heading text that reads the same."""
    text = re.sub(r"<[^>]+>", "", html)
    return re.sub(r"([\\`*_\[\]<>#!|~])", r"\\\1", text)


def export(
    vault: Vault,
    today: dt.date,
    out_dir: str | os.PathLike[str],
    *,
    directory_urls: bool = True,
    templates: str | Path | None = None,
    refuse: tuple[Path, ...] = (),
) -> list[Path]:
    """Write every generated page (as Markdown holding its HTML), the JSON lists, ``graph.json``, the feeds, the
    attachments used and the shipped assets under ``out_dir``, for any static site generator (Zensical...).

    Refuses a folder inside the vault (or one holding it, or one of ``refuse``), and a folder holding files
    it did not write (its own marker lists them; dotfiles such as ``.gitkeep`` are kept). Everything is
    written to a new folder beside it first, then put in place, so a failure leaves the last export whole.
    Returns the files written.
    """
    out = Path(out_dir).absolute()
    for place in (vault.root, *refuse):
        if overlaps(out.resolve(), place.resolve()):
            raise ValueError(
                f"{out} is inside {place.resolve()} (or holds it): the pages would become notes or publish raw notes; export to a separate folder"
            )
    ours = exported_files(out)
    if out.exists():
        if not out.is_dir():
            raise FileExistsError(f"{out} is a file, not a folder")
        foreign = [
            p
            for p in out.rglob("*")
            if p.is_file() and not _hidden(p.relative_to(out)) and p.relative_to(out).as_posix() not in ours
        ]
        if foreign:
            raise FileExistsError(
                f"{out} is not empty: it holds files `infoview site export` did not write (e.g. {foreign[0].relative_to(out)})"
            )
    site = build_site(vault, today, directory_urls=directory_urls, templates=templates)
    files: dict[str, bytes] = {
        src: page_markdown(page, directory_urls).encode("utf-8") for src, page in site.pages.items()
    }
    files.update((path, text.encode("utf-8")) for path, text in site.data.items())
    files.update(site.feeds)
    if site.graph is not None:
        files["graph.json"] = json.dumps(site.graph, ensure_ascii=False).encode("utf-8")
    files["search-entries.json"] = json.dumps(site.search, ensure_ascii=False).encode("utf-8")
    for dest, source in {**site.files, **assets()}.items():
        files[dest] = Path(source).read_bytes()
    listing = "written by infoview site export; the folder is safe to delete\n" + "\n".join(sorted(files)) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, data in sorted(files.items()):
            (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
            atomic_write(fresh / rel, data)
        atomic_write(fresh / EXPORT_MARKER, listing.encode("utf-8"))
        if out.exists():
            for kept in (p for p in out.iterdir() if _hidden(Path(p.name)) and p.name != EXPORT_MARKER):
                shutil.move(str(kept), str(fresh / kept.name))  # the user's .gitkeep and the like stay
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / out.name)
            os.replace(fresh, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(fresh, out)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return [out / rel for rel in sorted(files)]


def overlaps(a: Path, b: Path) -> bool:
    """Whether one of two resolved paths is the other or inside it."""
    return a == b or a in b.parents or b in a.parents


def exported_files(folder: Path) -> set[str]:
    """The files the last ``site export`` into ``folder`` wrote (its marker lists them), else none."""
    try:
        return set((folder / EXPORT_MARKER).read_text(encoding="utf-8").splitlines()[1:])
    except OSError:
        return set()


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)
