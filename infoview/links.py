"""Obsidian-style wiki links: ``[[Target]]``, ``[[target|Shown]]``, ``[[Target#Heading]]``."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from .body import mask_code

__all__ = ["LINK_RE", "Link", "claim", "find_links", "fold", "parse_link", "slugify"]

_WIKI = r"\[\[([^\[\]\n]+?)\]\]"
#: A link, an embed with ``!``; :func:`find_links` scans for the link alone (a literal first: three times faster).
LINK_RE, _LINK = re.compile(r"(!?)" + _WIKI), re.compile(_WIKI)


class Link(NamedTuple):
    """A link as written; resolve it with :meth:`infoview.model.Vault.resolve`. A named tuple, not a dataclass:
    a vault holds several per note, and a tuple is half the memory."""

    target: str
    display: str | None = None
    heading: str | None = None
    line: int = 0
    #: False for plain text such as ``company: Acme Corp`` (a name, not a link).
    wiki: bool = True
    #: The folder path written before the name (``[[People/Jane Doe]]`` -> ``People``), resolved by path first.
    folder: str | None = None

    @property
    def text(self) -> str:
        """What a reader sees: the display text, else the target."""
        return self.display or self.target

    @property
    def key(self) -> str:
        return fold(self.target)

    def __str__(self) -> str:
        heading = f"#{self.heading}" if self.heading else ""
        display = f"|{self.display}" if self.display else ""
        return f"[[{self.target}{heading}{display}]]" if self.wiki else self.target


def _from_inner(inner: str, line: int) -> Link | None:
    inner, _, display = inner.partition("|")
    inner, _, heading = inner.partition("#")
    target = inner.strip().replace("\\", "/")
    if target.lower().endswith(".md"):
        target = target[:-3]
    folder = None
    if "/" in target:  # [[People/Jane Doe]]: by path first, else by name like Obsidian
        folder, target = target.rsplit("/", 1)
        folder = folder.strip("/ ") or None
    if not target and not heading.strip():
        return None
    return Link(target, display.strip() or None, heading.strip() or None, line, folder=folder)


def parse_link(value: str, line: int = 0) -> Link | None:
    """Read a frontmatter value: ``"[[Jane Doe]]"`` is a link, ``"Acme"`` a plain name."""
    text = value.strip()
    if m := LINK_RE.fullmatch(text):
        return _from_inner(m.group(2), line)
    return Link(text, None, None, line, wiki=False) if text else None


#: Line breaks ``str.splitlines`` honours besides ``\n`` (and ``\r\n``).
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def find_links(text: str, first_line: int = 1) -> list[Link]:
    """Every ``[[link]]`` to another note or file in a body (not in code, not ``[[#Heading]]``), with its line."""
    out: list[Link] = []
    if "[[" not in text:
        return out
    text = mask_code(text)
    if _OTHER_BREAKS.search(text):
        text = "\n".join(text.splitlines())  # lines as str.splitlines has them; a link never spans one
    line, at = first_line, 0  # one pass over the text, counting lines between matches
    for m in _LINK.finditer(text):
        line += text.count("\n", at, m.start())
        at = m.start()
        if (link := _from_inner(m.group(1), line)) is not None and link.target:
            out.append(link)
    return out


@functools.lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The form names are compared in: case-folded, spaces squeezed (cached: a vault compares the same names often)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


#: Longest slug: file systems refuse names over 255 bytes, and a longer file name or URL helps nobody.
MAX_SLUG = 80


def slugify(name: str) -> str:
    """An ASCII slug of at most :data:`MAX_SLUG` characters: ``José Núñez`` -> ``jose-nunez``; never empty."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "note"


def claim(base: str, taken: set[str], suffix: str = "") -> str:
    """``base`` + ``suffix``, else ``base-2``, ``base-3``... + ``suffix``: the first not in ``taken``, which it joins."""
    name, n = base + suffix, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}{suffix}"
    taken.add(name)
    return name
