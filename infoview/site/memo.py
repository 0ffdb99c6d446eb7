"""Pages kept across ``mkdocs serve`` rebuilds, each with the answers it was built from.

A page (or a fragment of one, such as a row of an index) is a deterministic
function of its arguments and of the answers to the *reads* it makes through
its :class:`~infoview.site.context.SiteContext` (``ctx.note(path)``,
``ctx.is_published(path)``, ``ctx.backlinks(path)``, ``ctx.today``...): a
page cannot reach the vault any other way while it is built (the context
refuses). So a page is recorded with every read it made and the answer it
got, and on the next build it is reused only when its arguments are the same
and asking every one of those reads again, of the new vault, gives the same
answers. Nothing lists what invalidates what: a note made private changes
``is_published``, a renamed person changes what ``resolve`` returns, a new
day changes ``today``, and every page that asked is rebuilt.

"The same" is strict (:func:`same`): the very same object, or a value of the
same type that renders identically (``1`` is not ``True`` nor ``1.0``);
anything it does not know how to compare counts as changed. The worst a
conservative comparison costs is a page rebuilt for nothing.

Why a reused page is identical to a fresh one: a fresh build would start
with the same first read (the arguments are the same); given the same answer
it would make the same second read, and so on; with every answer the same it
makes exactly the recorded reads and computes the same text. Reads have no
effects; the files a page publishes are recorded with it and published again
when it is reused.

Asking every read again still costs time, so a build first looks at the
:class:`~infoview.site.world.World` that answers reads: when all of its parts
are the same as the last build's, it is the last build's World itself, its
answers are the recorded ones, and pages whose arguments are the same are
reused without asking anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import operator
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from ..model import Note

__all__ = ["Entry", "Memo", "MemoStats", "fragment_key", "same"]

_PLAIN = frozenset({str, int, bool, type(None), bytes, dt.date, dt.time, dt.timedelta})
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _frozen_fields(t: type) -> tuple[str, ...] | None:
    """The field names of a frozen dataclass type, else None (remembered per type)."""
    try:
        return _FIELDS[t]
    except KeyError:
        params = getattr(t, "__dataclass_params__", None)
        names = tuple(f.name for f in dataclasses.fields(t)) if params is not None and params.frozen else None
        _FIELDS[t] = names
        return names


#: Answers of :func:`same` for pairs of objects by ``id``, each kept with both objects (so neither id is reused).
Known = dict[tuple[int, int], tuple[bool, Any, Any]]


def same(a: Any, b: Any, known: Known | None = None) -> bool:
    """Whether ``a`` and ``b`` would render identically: identical, or equal values of exactly the same types.

    Stricter than ``==``: ``1 == 1.0 == True`` and ``{"x": 1} == {"x": True}``
    are equal but print differently; aware datetimes in different zones may
    be equal instants but show different clocks. Containers are compared
    element by element in order (a page iterates them in that order).
    Frozen dataclasses (notes, findings) and named tuples (links) field by field. Any other
    type is the same only when it is the same object.

    ``known`` remembers the answer for pairs of frozen dataclasses by ``id``
    (holding on to both, so an id cannot come back as another object): a
    note compared on many pages is compared once per build.
    """
    if a is b:
        return True
    t = type(a)
    if t is not type(b):
        return False
    if t in _PLAIN:
        return a == b
    if t is tuple or t is list:
        if len(a) != len(b):
            return False
        return all(map(operator.is_, a, b)) or all(same(x, y, known) for x, y in zip(a, b, strict=True))
    if t is dict:
        return len(a) == len(b) and all(
            same(ka, kb, known) and same(va, vb, known) for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    if t is float:
        return (a == b and math.copysign(1.0, a) == math.copysign(1.0, b)) or (a != a and b != b)
    if t is dt.datetime:
        return a.tzinfo is b.tzinfo and a.fold == b.fold and a == b
    if t is frozenset or t is set:
        # Membership is all a set is used for; only plain strings, so equal means identical.
        return a == b and all(type(x) is str for x in a)
    if isinstance(a, tuple) and hasattr(t, "_fields"):  # a named tuple (links): field by field
        return len(a) == len(b) and all(same(x, y, known) for x, y in zip(a, b, strict=True))
    names = _frozen_fields(t)
    if names is None:
        return False
    if known is None:
        return all(same(getattr(a, n), getattr(b, n)) for n in names)
    pair = (id(a), id(b))
    hit = known.get(pair)
    if hit is None:
        hit = known[pair] = (all(same(getattr(a, n), getattr(b, n), known) for n in names), a, b)
    return hit[0]


#: How a fragment is found again: its function and its arguments, notes by path.
Key = tuple[Hashable, ...]


@dataclass
class Entry:
    """One built page or fragment: what it was built from and what it gave."""

    args: tuple[Any, ...]
    #: (read name, *read arguments) -> the answer, in the order first read.
    reads: dict[tuple[Any, ...], Any]
    value: Any
    #: Vault files it publishes (site path -> file), its fragments' included: registered again when reused.
    files: dict[str, str]
    #: The World whose answers ``reads`` are (built or last checked in it): in it, no read needs asking.
    world: Any = None
    #: Whether, in another World, asking its reads again is worth it (else it is built again).
    recheck: bool = True
    #: The kinds of reads it made (``"note"``, ``"slug"``..., ``"fragment"``).
    kinds: frozenset[str] = frozenset()
    #: Its ``("fragment", key)`` reads: the fragments it holds, checked on their own.
    subs: tuple[tuple[Any, ...], ...] = ()
    #: With fragments: (every read kind, every read, every (key, entry)) of the fragments it holds, all
    #: the way down, as they were when it was built: while none of those reads changed and each of
    #: those entries is still the memo's, they are all unchanged at once.
    deep: tuple[frozenset[str], frozenset[tuple[Any, ...]], tuple[tuple[Any, Entry], ...]] | None = None


@dataclass
class MemoStats:
    """What the last build did: pages and fragments (rows of an index...) built again, and reused.

    ``Site.built`` names the pages built again.
    """

    fragments_built: int = 0
    fragments_reused: int = 0
    #: Of those reused from another World: found unchanged from what changed since (no read asked)...
    settled: int = 0
    #: ...and by asking their reads again.
    asked: int = 0


class Memo:
    """Built pages and fragments kept between builds (one per site, e.g. for the life of ``mkdocs serve``).

    Entries a build in a new World did not use are dropped at its end, so a
    deleted note's page does not stay in memory.
    """

    def __init__(self) -> None:
        self.entries: dict[Key, Entry] = {}
        self.stats = MemoStats()
        self._touched: set[Key] = set()
        #: Comparisons made during this build (forgotten at its end).
        self.known: Known = {}
        #: path -> (note, the same note without its body), from the last build.
        self.bare: dict[str, tuple[Any, Any]] = {}
        #: The last build's :class:`~infoview.site.world.World` (what its pages could read).
        self.world: Any = None
        #: note path -> the name lookups (``("resolve", link, type)``...) whose recorded answer held that note.
        self.answered: dict[str, set[tuple[Any, ...]]] = {}

    def begin(self) -> None:
        """Start a build: fresh statistics."""
        self.stats = MemoStats()
        self._touched = set()
        self.known = {}

    def end(self, *, same_world: bool = False) -> None:
        """End a build: forget what it did not use, and the comparisons (their ids may be reused).

        After a build in the last build's World (``same_world``) nothing is
        forgotten: the notes were the same, so were the pages, and pages
        reused whole did not ask for the fragments they hold.
        """
        if not same_world:
            for key in set(self.entries) - self._touched:
                del self.entries[key]
        self._touched = set()
        self.known = {}

    def get(self, key: Key) -> Entry | None:
        self._touched.add(key)
        return self.entries.get(key)

    def touch(self, keys: Any) -> None:
        """Mark entries as used by this build (kept at its end) without looking them up."""
        self._touched.update(keys)

    def put(self, key: Key, entry: Entry) -> None:
        self._touched.add(key)
        self.entries[key] = entry

    def clear(self) -> None:
        self.entries.clear()
        self._touched = set()
        self.known = {}
        self.bare = {}
        self.world = None
        self.answered = {}


def fragment_key(fn: Callable[..., Any], args: tuple[Any, ...]) -> Key:
    """The memo key of ``fn(ctx, *args)``: notes stand for themselves by path (they are not hashable)."""
    if len(args) == 1 and isinstance(args[0], Note):  # a row of an index: thousands per build
        return (fn, ("note", args[0].path))
    return (fn, *(("note", a.path) if isinstance(a, Note) else a for a in args))
