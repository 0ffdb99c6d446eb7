"""Page addresses: ASCII slugs per section and relative URLs between pages.

Pages are named by their Markdown source (``people/keiko-tanaka.md``); the
URL a reader bookmarks is ``/people/keiko-tanaka/``. Generated pages put
links inside HTML, which MkDocs does not rewrite, so the URLs are computed
here for both of MkDocs' URL styles.
"""

from __future__ import annotations

from ..links import slugify
from ..model import Company, Contact, Interview, Note, Vault
from .privacy import is_published

__all__ = ["RESERVED", "SECTIONS", "page_url", "relative_url", "section_of", "slugs"]

#: note type -> site section (folder of its pages)
SECTIONS = {"contact": "people", "company": "companies", "interview": "meetings"}
#: Slugs a note may not take: they would shadow a section's own pages.
RESERVED = frozenset({"index", "assets", "search", "graph", "tags", "rules"})


def section_of(note: Note) -> str | None:
    """The section a note's page lives in, or ``None`` (plain notes get no page)."""
    if isinstance(note, Contact):
        return "people"
    if isinstance(note, Company):
        return "companies"
    if isinstance(note, Interview):
        return "meetings"
    return None


def slugs(vault: Vault, *, public_only: bool = True) -> dict[str, str]:
    """Note path -> slug, for every note that gets a page.

    The slug is the file name folded to ASCII (``José Núñez.md`` ->
    ``jose-nunez``), so a page keeps its URL while the person's name changes;
    collisions within a section are numbered ``-2``, ``-3`` in path order.
    Unpublished notes (private, or a meeting with a private person) get no
    slug when ``public_only``.
    """
    taken: dict[str, set[str]] = {s: set(RESERVED) for s in SECTIONS.values()}
    out: dict[str, str] = {}
    for note in vault.notes:  # sorted by path: numbering is stable
        section = section_of(note)
        if section is None or (public_only and not is_published(vault, note)):
            continue
        base = slugify(note.stem)
        slug, n = base, 1
        while slug in taken[section]:
            n += 1
            slug = f"{base}-{n}"
        taken[section].add(slug)
        out[note.path] = slug
    return out


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL path (no leading slash) MkDocs gives the page built from ``src_uri``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return "" if directory_urls else "index.html"
    if stem.endswith("/index"):
        return stem[:-5] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def relative_url(from_src: str, to: str, directory_urls: bool = True, *, to_is_page: bool = True) -> str:
    """A link from the page built from ``from_src`` to a page source (or, with ``to_is_page=False``, a file).

    Plain string work (no ``os.path``): a large site computes tens of thousands.
    """
    here = page_url(from_src, directory_urls).split("/")[:-1]  # the folder the page is served from
    target = page_url(to, directory_urls) if to_is_page else to
    parts = target.split("/")
    common = 0
    limit = min(len(here), len(parts) - 1)
    while common < limit and here[common] == parts[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(parts[common:])
    return rel or "./"
