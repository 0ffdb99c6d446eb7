"""What the public site may show: private notes, private fields, private findings.

A note is published unless it says ``private: true``; a meeting is also kept
back when the person met is private (its page would name them). Fields in
``site.hidden_fields`` (email, phone, address and ``site.private_fields``,
unless ``show_contact_details``) never reach a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..finding import Finding
from ..model import Interview, Note, Vault

__all__ = ["hidden_fields", "is_published", "public_findings", "published", "visible_extra"]


def is_published(vault: Vault, note: Note | None) -> bool:
    """Whether ``note`` may appear on the site (as a page, a link, a count)."""
    if note is None or note.private:
        return False
    if isinstance(note, Interview):
        who = vault.contact(note.contact)
        if who is not None and who.private:
            return False
    return True


def published(vault: Vault) -> set[str]:
    """Paths of every note the site may show."""
    return {n.path for n in vault.notes if is_published(vault, n)}


def hidden_fields(vault: Vault) -> frozenset[str]:
    """Frontmatter keys never shown, case-folded for comparison."""
    return frozenset(k.casefold() for k in vault.config.site.hidden_fields)


def visible_extra(note: Note, hidden: Iterable[str]) -> dict[str, Any]:
    """The note's unknown keys the site may show (hidden fields removed)."""
    hide = {h.casefold() for h in hidden}
    extra: Mapping[str, Any] = note.extra
    return {k: v for k, v in extra.items() if str(k).casefold() not in hide and str(k).casefold() != "type"}


def public_findings(vault: Vault, findings: Iterable[Finding]) -> list[Finding]:
    """Findings about published notes (and the config), never about private ones."""
    keep: list[Finding] = []
    for f in findings:
        note = vault.get(f.path)
        if note is not None and not is_published(vault, note):
            continue
        keep.append(f)
    return keep
