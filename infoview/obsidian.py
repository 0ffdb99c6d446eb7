"""What an Obsidian vault's own settings say not to read: template folders and excluded files.

Obsidian keeps its settings in ``.obsidian/``. A vault that holds templates
declares their folder in the core Templates plugin (``templates.json``), in
Templater's settings, or names template files in the Daily/Periodic Notes
settings; ``app.json``'s ``userIgnoreFilters`` lists what the user excluded
("Excluded files"). infoview reads none of those notes: templates are full of
placeholders, and excluded files are excluded for a reason.

Settings that cannot be read are ignored: they are the editor's, not ours.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Ignored", "ignored_paths"]

#: Settings files and where in them a template folder or file is named.
_TEMPLATE_SETTINGS = (
    ("templates.json", ("folder",)),
    ("daily-notes.json", ("template",)),
    ("plugins/templater-obsidian/data.json", ("templates_folder",)),
    ("plugins/periodic-notes/data.json", ("daily", "weekly", "monthly", "quarterly", "yearly")),
)


@dataclass
class Ignored:
    """Vault-relative folders and files not to read, and the user's exclusion filters."""

    folders: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    patterns: list[re.Pattern[str]] = field(default_factory=list)

    def folder(self, rel: str) -> bool:
        """Whether a vault-relative folder (POSIX, no trailing slash) is skipped."""
        return rel.casefold() in self.folders or self._filtered(rel + "/")

    def file(self, rel: str) -> bool:
        """Whether a vault-relative file is skipped."""
        key = rel.casefold()
        return key in self.files or key.removesuffix(".md") in self.files or self._filtered(rel)

    def _filtered(self, rel: str) -> bool:
        return any(rel.startswith(p) for p in self.prefixes) or any(p.search(rel) for p in self.patterns)


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().strip("/").replace("\\", "/")
    return text or None


def ignored_paths(root: Path) -> Ignored:
    """What the vault's ``.obsidian`` settings exclude (nothing when there are none)."""
    out = Ignored()
    settings = root / ".obsidian"
    if not settings.is_dir():
        return out
    for name, keys in _TEMPLATE_SETTINGS:
        data = _read(settings / name)
        if not isinstance(data, dict):
            continue
        for key in keys:
            value = data.get(key)
            folder = key in ("folder", "templates_folder") and not isinstance(value, dict)
            if isinstance(value, dict):  # periodic notes: {"daily": {"template": "...", "folder": "..."}}
                value = value.get("template")
            text = _clean(value)
            if text is not None:
                (out.folders if folder else out.files).add(text.casefold())
    app = _read(settings / "app.json")
    filters = app.get("userIgnoreFilters") if isinstance(app, dict) else None
    for item in filters if isinstance(filters, list) else ():
        if not isinstance(item, str) or not item.strip():
            continue
        text = item.strip()
        if len(text) > 2 and text.startswith("/") and text.endswith("/"):
            try:
                out.patterns.append(re.compile(text[1:-1]))
            except re.error:
                continue
        else:
            out.prefixes.append(text.lstrip("/"))
    return out
