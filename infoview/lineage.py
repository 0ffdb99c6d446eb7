"""Which vault a vault was made from, and which notes differ: what lets a fact be updated, not recomputed.

``mkdocs serve`` loads the vault again after every edit. The new vault is
the old one with a few notes changed; the facts computed from it (the
rules' tasks, the graph, the charts) need only look again at what those
notes touch. :func:`record` states that relation, and a module keeping its
own results per vault (weakly) asks :func:`parent` for the old vault and the
changed paths, then reuses what they cannot have changed.

The promise :func:`record` makes, and every user may rely on:

- every note of ``new`` whose path is not in ``changed`` is the *very same
  object* as the note at that path in ``old`` (and the other way round);
- ``changed`` holds every other path: notes added, removed or changed;
- both vaults have the same root and an equal config (checked here);
  their loader findings may differ.

When no changed note was added, removed, renamed or retyped
(:func:`names_changed`), ``new`` also takes over the name lookups ``old``
already made: a link resolves to the same path in both.

Only a weak reference to the old vault is kept: a chain of vaults never
stays in memory because of this module, and a caller that let the old
vault go simply gets None (and computes from scratch).
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

from .model import Vault

__all__ = ["Lineage", "changed_paths", "names_changed", "parent", "record"]


class Lineage(NamedTuple):
    old: Vault
    changed: frozenset[str]


_PARENTS: weakref.WeakKeyDictionary[Vault, tuple[weakref.ReferenceType[Vault], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def changed_paths(old: Vault, new: Vault) -> frozenset[str]:
    """Paths whose note is not the same object in both vaults (added, removed or changed)."""
    before, after = old._by_path, new._by_path
    out = {p for p, n in after.items() if before.get(p) is not n}
    out.update(p for p in before if p not in after)
    return frozenset(out)


def names_changed(old: Vault, new: Vault, changed: frozenset[str]) -> bool:
    """Whether a name lookup (``resolve``, ``candidates``...) may answer differently in ``new``:
    a changed note was added, removed, renamed (name, aliases) or given another type.

    While it is False, every link resolves to a note at the same path in both vaults.
    """
    for path in changed:
        a, b = old.get(path), new.get(path)
        if a is None or b is None or type(a) is not type(b) or a.type != b.type or a.names != b.names:
            return True
    return False


def _same_config(a: Vault, b: Vault) -> bool:
    # Equal *and* written alike: ``days: 1`` and ``days: true`` compare equal but are not the same setting.
    return a.config is b.config or (a.config == b.config and repr(a.config) == repr(b.config))


def record(new: Vault, old: Vault, changed: frozenset[str] | None = None) -> Lineage | None:
    """Remember that ``new`` is ``old`` with the notes at ``changed`` different (computed when not given).

    Nothing is recorded (None) when the two cannot be related: another root
    or another config.
    """
    if new is old or new.root != old.root or not _same_config(new, old):
        return None
    if changed is None:
        changed = changed_paths(old, new)
    _PARENTS[new] = (weakref.ref(old), changed)
    if not names_changed(old, new, changed):
        new._adopt_lookups(old)  # the same names: every link old looked up leads to the same path in new
    return Lineage(old, changed)


def parent(vault: Vault) -> Lineage | None:
    """The vault ``vault`` was recorded as made from, and the changed paths; None when unknown or gone."""
    found = _PARENTS.get(vault)
    if found is None:
        return None
    old = found[0]()
    return None if old is None else Lineage(old, found[1])
