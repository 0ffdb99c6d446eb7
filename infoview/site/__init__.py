"""The networking site as plain data: Markdown pages and ``graph.json`` from a vault.

Pure functions, no MkDocs import: the MkDocs plugin (``site_plugins``) only
adapts them, and ``infoview site export DIR`` writes the same pages to a
folder any static site generator can build.

A long-lived caller (``mkdocs serve``) passes the same :class:`Memo` to every
build: pages whose reads still answer the same are reused, and the site is
the same as a build from scratch (:mod:`infoview.site.memo`).

>>> site = build_site(vault, today)              # doctest: +SKIP
>>> site.pages["people/keiko-tanaka.md"][:40]     # doctest: +SKIP
>>> memo = Memo()                                 # doctest: +SKIP
>>> build_site(vault, today, memo=memo).built     # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Vault
from ..referrals import without_gc
from . import pages as P
from .context import SiteContext
from .memo import Memo, MemoStats
from .privacy import hidden_fields, is_published, published
from .text import esc, render_body, safe_url, sanitize_html, strip_comments, title_text
from .urls import page_url, relative_url, section_of, slugs

__all__ = [
    "ASSETS_DIR",
    "Memo",
    "MemoStats",
    "NAV",
    "Site",
    "SiteContext",
    "build_site",
    "esc",
    "export",
    "graph_data",
    "hidden_fields",
    "is_published",
    "page_url",
    "published",
    "relative_url",
    "render_body",
    "safe_url",
    "sanitize_html",
    "section_of",
    "slugs",
    "strip_comments",
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
    {"Rules": "rules/index.md"},
]
#: Section index pages (in the nav); every other page is reached from them.
INDEX_PAGES = tuple(next(iter(entry.values())) for entry in NAV)
#: Where the subscribable calendar of meetings and follow-ups is published.
CALENDAR_FEED = "calendar.ics"
#: The shipped CSS and JavaScript (vendored, no CDN).
ASSETS_DIR = Path(__file__).resolve().parent.parent.parent / "site_plugins" / "assets"


@dataclass
class Site:
    """Every generated page (source URI -> Markdown) and the graph data."""

    pages: dict[str, str] = field(default_factory=dict)
    graph: dict[str, Any] | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  #: (page, message) for pages that failed
    context: SiteContext | None = None  #: what the pages were built from (findings, slugs...)
    files: dict[str, Path] = field(default_factory=dict)  #: site path -> vault file a published page uses
    #: site path -> bytes of a feed (``calendar.ics`` when ``site.calendar_feed`` is on)
    feeds: dict[str, bytes] = field(default_factory=dict)
    #: Page sources built by this build (the others were reused from the memo), in build order.
    built: list[str] = field(default_factory=list)


@without_gc
def build_site(
    vault: Vault, today: dt.date, *, directory_urls: bool = True, graph: Any = None, memo: Memo | None = None
) -> Site:
    """All pages of the site for ``vault`` as of ``today``.

    One note whose page cannot be built never stops the others: its error is
    recorded in ``Site.errors`` and the page is left out.

    ``memo``, kept by the caller from one build to the next (``mkdocs
    serve``), lets this build reuse every page whose reads still give the
    same answers (see :mod:`infoview.site.memo`); the pages are the same as
    without it. ``Site.built`` lists the pages built again.
    """
    if memo is not None:
        memo.begin()
    ctx = SiteContext(vault, today, directory_urls=directory_urls, graph=graph, memo=memo)
    site = Site(context=ctx)

    def add(src: str, make: Any, *args: Any) -> None:
        try:
            site.pages[src] = ctx.fragment(make, *args)
        except Exception as exc:  # noqa: BLE001 - a bug on one page must not take the site down; the caller reports it
            site.errors.append((src, f"{type(exc).__name__}: {exc}"))
            site.built.append(src)
            return
        if not ctx.reused:
            site.built.append(src)

    add("index.md", P.home_page)
    add("people/index.md", P.people_index)
    add("companies/index.md", P.companies_index)
    add("meetings/index.md", P.meetings_index)
    add("rules/index.md", P.rules_page)
    add("tags/index.md", P.tags_page)
    add("graph/index.md", P.graph_page, relative_url("graph/index.md", "graph.json", directory_urls, to_is_page=False))
    makers = {"people": P.person_page, "companies": P.company_page, "meetings": P.meeting_page}
    for note in vault.notes:
        src = ctx.src(note)
        if src is not None:
            add(src, makers[src.split("/", 1)[0]], note)
    site.files = dict(sorted(ctx.used.items()))
    try:
        site.graph = ctx.fragment(graph_data, recheck=False)
    except Exception as exc:  # noqa: BLE001 - same as pages: reported, the rest is built
        site.errors.append(("graph.json", f"{type(exc).__name__}: {exc}"))
    if vault.config.site.calendar_feed:
        # Opt-in: the site may be public, and a calendar reveals whom you meet when.
        try:
            site.feeds[CALENDAR_FEED] = ctx.calendar_feed()
        except Exception as exc:  # noqa: BLE001 - same as pages: reported, the rest is built
            site.errors.append((CALENDAR_FEED, f"{type(exc).__name__}: {exc}"))
    if memo is not None:
        memo.end(same_world=ctx.same_world)
    return site


def graph_data(ctx: SiteContext) -> dict[str, Any] | None:
    """``graph.json``: the public node-link data with each node's page URL (site-relative).

    Belt and braces over the graph module's own filtering: a node or edge
    that touches an unpublished note is dropped here too.
    """
    data = ctx.node_link()  # shared with other builds: copied, never changed
    if data is None:
        return None
    known = {n.path for n in ctx.notes()}
    kept_ids = set()
    nodes = []
    for node in data.get("nodes", []):
        path = node.get("path") or (node.get("id") if node.get("id") in known else None)
        if path is not None and not ctx.is_published(path):
            continue
        note = ctx.note(path) if path else None
        if note is not None:
            src = ctx.src(note)
            if src is not None:
                node = {**node, "url": page_url(src, ctx.directory_urls)}
        kept_ids.add(node.get("id"))
        nodes.append(node)
    key = "links" if "links" in data else "edges"
    edges = []
    for edge in data.get(key, []):
        if edge.get("source") not in kept_ids or edge.get("target") not in kept_ids:
            continue
        interview = edge.get("interview")
        if interview is not None and not ctx.is_published(interview):
            continue
        edges.append(edge)
    linked = {e.get("source") for e in edges} | {e.get("target") for e in edges}
    # A name given only in an unpublished meeting would otherwise float alone.
    nodes = [n for n in nodes if not str(n.get("id", "")).startswith("prospect:") or n.get("id") in linked]
    return {**data, "nodes": nodes, key: edges}


def export(vault: Vault, today: dt.date, out_dir: str | os.PathLike[str], *, directory_urls: bool = True) -> list[Path]:
    """Write every generated page, ``graph.json`` and the shipped assets under ``out_dir``.

    Refuses a non-empty folder without the ``.infoview-export`` marker, so it
    never overwrites someone's files; in its own folder it removes the pages
    it wrote last time that no longer exist (a note made private, say).
    Returns the files written.
    """
    out = Path(out_dir)
    marker = out / ".infoview-export"
    if out.exists() and any(out.iterdir()) and not marker.is_file():
        raise FileExistsError(f"{out} is not empty and was not written by `infoview site export`")
    before = set(marker.read_text(encoding="utf-8").splitlines()[1:]) if marker.is_file() else set()
    site = build_site(vault, today, directory_urls=directory_urls)
    files: dict[str, bytes] = {src: text.encode("utf-8") for src, text in site.pages.items()}
    if site.graph is not None:
        files["graph.json"] = json.dumps(site.graph, ensure_ascii=False, indent=1).encode("utf-8")
    files.update(site.feeds)
    for dest, source in site.files.items():
        files[dest] = source.read_bytes()
    for asset in sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file() and p.suffix != ".md"):
        files["assets/infoview/" + asset.relative_to(ASSETS_DIR).as_posix()] = asset.read_bytes()
    out.mkdir(parents=True, exist_ok=True)
    written = [_atomic_write(out / rel, data) for rel, data in sorted(files.items())]
    for stale in sorted(before - set(files)):
        target = (out / stale).resolve()
        if out.resolve() in target.parents and target.is_file():
            target.unlink()
    listing = "written by infoview site export; the folder is safe to delete\n" + "\n".join(sorted(files)) + "\n"
    _atomic_write(marker, listing.encode("utf-8"))
    return written


def _atomic_write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
