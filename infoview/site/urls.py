"""Page addresses: relative URLs between pages, for both of MkDocs' URL styles.

Pages are named by their Markdown source (``people/keiko-tanaka.md``); the
URL a reader bookmarks is ``/people/keiko-tanaka/``. Generated pages are
HTML, which MkDocs does not rewrite, so the URLs are computed here.
"""

from __future__ import annotations

__all__ = ["RESERVED", "page_url", "relative_url"]

#: Slugs a note may not take: they would shadow a section's own pages.
RESERVED = frozenset({"index", "assets", "search", "graph", "tags", "rules", "review"})


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL path (no leading slash) MkDocs gives the page built from ``src_uri``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return "" if directory_urls else "index.html"
    if stem.endswith("/index"):
        return stem[:-5] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def relative_url(from_src: str, to: str, directory_urls: bool = True, *, to_is_page: bool = True) -> str:
    """A link from the page built from ``from_src`` to a page source (or, with ``to_is_page=False``, a file)."""
    here = page_url(from_src, directory_urls).split("/")[:-1]  # the folder the page is served from
    parts = (page_url(to, directory_urls) if to_is_page else to).split("/")
    common = 0
    limit = min(len(here), len(parts) - 1)
    while common < limit and here[common] == parts[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(parts[common:]) or "./"
