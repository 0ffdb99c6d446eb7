"""A link checker over the built example site: every internal link and anchor resolves.

Needs no browser: it reads the HTML files ``mkdocs build`` wrote.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: (tag, attribute) pairs that point at something the page needs or offers.
LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")}
#: Schemes that leave the site on purpose (a reader follows them; the page never loads them).
EXTERNAL = ("http:", "https:", "mailto:", "tel:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS:
                self.links.append((tag, value.strip()))


def _target_file(site: Path, page: str, url: str) -> tuple[Path, str]:
    """The file a relative URL on ``page`` (site-relative path of the HTML file) points at, and its fragment."""
    parts = urlsplit(url)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return site / page, fragment
    # MkDocs writes 404.html with root-absolute URLs (it is served for any path): those start at the site root.
    base = posixpath.dirname(page)
    path = posixpath.normpath(posixpath.join("/", base, unquote(parts.path)))
    target = site / path.lstrip("/")
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, fragment


def check_links(site: Path) -> tuple[int, list[str]]:
    """(links checked, problems) for every HTML file under ``site``."""
    pages: dict[Path, _Page] = {}
    for html in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(html.read_text(encoding="utf-8"))
        pages[html] = parser
    problems: list[str] = []
    checked = 0
    for html, parsed in pages.items():
        rel = html.relative_to(site).as_posix()
        for tag, url in parsed.links:
            lowered = url.lower()
            if lowered.startswith(("javascript:", "data:text/html", "vbscript:")):
                problems.append(f"{rel}: <{tag}> has an unsafe URL {url!r}")
                continue
            if lowered.startswith(EXTERNAL) or lowered.startswith("data:") or url.startswith("//"):
                continue
            checked += 1
            target, fragment = _target_file(site, rel, url)
            try:
                target.resolve().relative_to(site.resolve())
            except ValueError:
                problems.append(f"{rel}: {url!r} points outside the site")
                continue
            if not target.is_file():
                problems.append(f"{rel}: {url!r} -> {target.relative_to(site).as_posix()} does not exist")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                problems.append(f"{rel}: {url!r} -> no element with id {fragment!r}")
    return checked, problems


def test_no_broken_internal_link(built_site):
    checked, problems = check_links(built_site)
    # The example site links people, companies, meetings, tags and rules to each other: hundreds of links.
    assert checked > 500
    by_page = defaultdict(list)
    for p in problems:
        by_page[p.split(":", 1)[0]].append(p)
    assert not problems, f"{len(problems)} broken link(s) on {len(by_page)} page(s):\n" + "\n".join(problems[:40])


def test_the_checker_finds_what_it_should(tmp_path):
    """A checker that cannot fail proves nothing: plant each kind of breakage."""
    site = tmp_path / "site"
    (site / "people" / "ann").mkdir(parents=True)
    (site / "people" / "ann" / "index.html").write_text('<h1 id="ann">Ann</h1>', encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="people/ann/">ok</a><a href="people/ann/#ann">ok anchor</a><a href="#top" id="top">self</a>'
        '<a href="https://example.com/">external</a><a href="mailto:a@example.com">mail</a>'
        '<a href="people/bob/">missing page</a><a href="people/ann/#nope">missing anchor</a>'
        '<a href="javascript:alert(1)">unsafe</a><a href="../../etc/passwd">outside</a><img src="/logo.png">'
        '<link href="/people/ann/index.html">',
        encoding="utf-8",
    )
    checked, problems = check_links(site)
    assert checked == 8
    assert len(problems) == 5
    joined = "\n".join(problems)
    for planted in ("people/bob/", "#nope", "javascript:", "../../etc/passwd", "/logo.png"):
        assert planted in joined
