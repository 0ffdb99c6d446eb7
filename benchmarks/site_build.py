"""The MkDocs projects the site benchmarks build: the plugin's site of a vault, and its floor.

    python3 benchmarks/site_build.py OUT --contacts 2000 [--pages N]

writes into OUT a generated vault, ``plugin/mkdocs.yml`` (the infoview plugin
over that vault, empty ``docs/``) and ``floor/`` (the floor of issue 19: a
plain Material build of as many simple pages), then prints the commands that
build them. ``bench.py --only site,serve`` uses the same projects.

The floor is what MkDocs and Material cost for a site of that many pages with
nothing of ours in it: the same theme settings, Markdown extensions and search
plugin as the plugin's project, the same nav of 7 section pages, and
``N - 7`` more pages (a title and a short paragraph each) kept out of the nav
as the plugin keeps its generated pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate

#: The repository's mkdocs.yml settings (theme, Markdown extensions), shared by every project.
COMMON = """\
site_name: Bench
theme:
  name: material
  font: false
  features:
    - navigation.tabs
    - navigation.instant
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/brightness-4, name: Switch to light mode}
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - pymdownx.tasklist:
      custom_checkbox: true
"""

#: The plugin's seven section pages, which the floor's nav lists too.
SECTIONS = {
    "Dashboard": "index.md",
    "People": "people/index.md",
    "Companies": "companies/index.md",
    "Meetings": "meetings/index.md",
    "Graph": "graph/index.md",
    "Tags": "tags/index.md",
    "Rules": "rules/index.md",
}
#: Folders the floor's other pages are spread over (as people, companies and meetings are).
FOLDERS = ("people", "companies", "meetings")
FLOOR_MARKER = ".floor-pages"


def plugin_project(root: Path, vault: Path) -> Path:
    """``root/mkdocs.yml``: the infoview plugin over ``vault`` with an empty ``docs_dir``; returns the file."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(
        COMMON + f"plugins:\n  - search\n  - infoview:\n      vault: {json.dumps(vault.resolve().as_posix())}\n",
        encoding="utf-8",
    )
    return config


def floor_project(root: Path, pages: int) -> Path:
    """``root/mkdocs.yml`` and ``pages`` simple Markdown pages (at least the 7 sections); returns the file."""
    pages = max(pages, len(SECTIONS))
    docs = root / "docs"
    marker = docs / FLOOR_MARKER
    if not (marker.is_file() and marker.read_text(encoding="utf-8").strip() == str(pages)):
        if docs.exists():
            for path in sorted(docs.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
        docs.mkdir(parents=True, exist_ok=True)
        for title, src in SECTIONS.items():
            _page(docs / src, title, f"The {title.lower()} section of a site of {pages:,} simple pages.")
        for i in range(1, pages - len(SECTIONS) + 1):
            folder = FOLDERS[i % len(FOLDERS)]
            _page(
                docs / folder / f"p-{i:06d}.md",
                f"Page {i:,}",
                f"A short paragraph for page {i:,}: who this is, where they work, how we met and what comes next.",
            )
        marker.write_text(f"{pages}\n", encoding="utf-8")
    nav = "".join(f"  - {json.dumps(title)}: {src}\n" for title, src in SECTIONS.items())
    hidden = "".join(f"  /{folder}/p-*.md\n" for folder in FOLDERS)
    config = root / "mkdocs.yml"
    config.write_text(COMMON + "plugins:\n  - search\nnav:\n" + nav + "not_in_nav: |\n" + hidden, encoding="utf-8")
    return config


def _page(path: Path, title: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\n{text}\n", encoding="utf-8")


@dataclass
class SiteSize:
    """What a built site weighs: its pages (HTML files but 404.html), their bytes, the largest, the search index."""

    pages: int
    html_bytes: int
    largest: int
    largest_page: str
    search_bytes: int
    search_entries: int
    files: int
    bytes: int

    @property
    def html_per_page(self) -> float:
        return self.html_bytes / self.pages if self.pages else 0.0

    @property
    def search_per_page(self) -> float:
        return self.search_bytes / self.pages if self.pages else 0.0


def measure(site: Path) -> SiteSize:
    """The sizes of a built site folder."""
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html" and p.relative_to(site).as_posix() != "404.html"]
    sizes = {p: p.stat().st_size for p in html}
    largest = max(sizes, key=lambda p: sizes[p]) if sizes else None
    index = site / "search" / "search_index.json"
    entries = len(json.loads(index.read_text(encoding="utf-8"))["docs"]) if index.is_file() else 0
    return SiteSize(
        pages=len(html),
        html_bytes=sum(sizes.values()),
        largest=sizes[largest] if largest else 0,
        largest_page=largest.relative_to(site).as_posix() if largest else "",
        search_bytes=index.stat().st_size if index.is_file() else 0,
        search_entries=entries,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into (the vault is generated once)")
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--pages", type=int, help="floor pages (default: as many as the plugin's site has; build it first)")
    args = parser.parse_args(argv)
    vault = args.out / f"vault-{args.contacts}"
    if not vault.is_dir():
        generate(vault, args.contacts)
    plugin = plugin_project(args.out / "plugin", vault)
    built = args.out / "plugin" / "site"
    pages = args.pages or (measure(built).pages if built.is_dir() else 0)
    print(f"plugin: mkdocs build -f {plugin} -d {built}")
    if not pages:
        print("floor: build the plugin's site first (or give --pages), then run this again")
        return 0
    floor = floor_project(args.out / "floor", pages)
    print(f"floor ({pages:,} pages): mkdocs build -f {floor} -d {args.out / 'floor' / 'site'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
