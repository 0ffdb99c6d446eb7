"""Files a published note embeds or links (``![[photo.jpg]]``, ``[[brochure.pdf]]``).

Vault files that are not notes are never published, except those a published
note points at: those are copied to ``attachments/`` under an ASCII name.
Templates, the config, hidden folders, Markdown files and files reached
through a symlink leading out of the vault are never candidates. SVG is not
published: opened directly, it could run script on the site's origin.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..links import Link, claim, fold, slugify

__all__ = ["FILE_TYPES", "IMAGE_TYPES", "Attachments"]

IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif", "bmp"})
FILE_TYPES = IMAGE_TYPES | frozenset({"pdf", "txt", "csv", "docx", "xlsx", "pptx", "odt", "mp3", "mp4", "m4a", "webm"})


class Attachments:
    """Finds a vault's attachable files by name, and the site path each would be published at."""

    def __init__(self, root: Path, files: Iterable[str]) -> None:
        """``files``: the vault's other files as the loader found them (``Vault.files``)."""
        self.root = Path(root).resolve()
        self._files = files
        self._by_name: dict[str, list[str]] | None = None
        self._dests: dict[str, str] | None = None

    def _index(self) -> dict[str, list[str]]:
        if self._by_name is None:
            index: dict[str, list[str]] = {}
            for rel in sorted(self._files):
                name = rel.rsplit("/", 1)[-1]
                ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
                if ext in FILE_TYPES:
                    index.setdefault(fold(name), []).append(rel)
            self._by_name = index
        return self._by_name

    def _dest_of(self, rel: str) -> str:
        """The site path of an attachable file: its ASCII name, numbered when two fold to one.

        Numbered in path order over every attachable file, so a file's address
        does not depend on which pages happen to use it, or in what order.
        """
        if self._dests is None:
            dests: dict[str, str] = {}
            taken: set[str] = set()
            for rel_ in sorted(r for found in self._index().values() for r in found):
                *folders, name = rel_.split("/")
                stem, ext = name.rsplit(".", 1)
                base = "/".join(["attachments", *(slugify(f) for f in folders), slugify(stem)])
                dests[rel_] = claim(base, taken, f".{ext.lower()}")  # "a b.png" and "a-b.png" fold to one name
            self._dests = dests
        return self._dests[rel]

    @staticmethod
    def looks_like_file(link: Link) -> bool:
        """Whether a link names a file (``x.pdf``) rather than a note."""
        return "." in link.target and link.target.rsplit(".", 1)[-1].lower() in FILE_TYPES

    def find(self, link: Link) -> tuple[str, Path] | None:
        """The site path and vault file of the one file ``link`` names, or None (nothing recorded)."""
        return self._publishable(self._index().get(fold(link.target), []))

    def _publishable(self, found: list[str]) -> tuple[str, Path] | None:
        if len(found) != 1:
            return None
        rel = found[0]
        source = (self.root / rel).resolve()
        if self.root not in source.parents or not source.is_file():
            return None  # a symlink out of the vault, or gone since the walk
        return self._dest_of(rel), source

    @staticmethod
    def is_image(dest: str) -> bool:
        return dest.rsplit(".", 1)[-1] in IMAGE_TYPES
