"""The rules' tasks updated, not recomputed, when a vault is a reload of one already checked.

A per-subject task source (see :func:`infoview.rules.task_source`) is a list of
*subjects* (the vault's meetings, its contacts, or the names given in
referrals) and a function giving one subject's tasks. On a vault with a
parent (:func:`infoview.lineage.parent`: a reload under ``mkdocs serve``)
each subject's function runs through a :class:`Recorder`, a view of the
vault offering the lookups the rules use and noting what every answer
depended on:

- ``("p", path)``: the note at ``path`` (an answer of a lookup);
- ``("n", method, name)``: which note a name means (``contact``) or could mean (``candidates``);
- ``("i", path)``: the meetings of the contact at ``path`` (``interviews_of``);
- ``("r", path)``: the contacts whose ``referred_by`` means the one at ``path`` (``referred``).

When the parent's results are still held, a subject's tasks are reused (the
very same Task objects) when the subject is the same object (or, for a
name, the same first mention) and none of its reads can have changed:

- a ``p`` read: its path is not among the changed paths;
- an ``i`` or ``r`` read: no meeting or contact placed again (changed, or
  whose link may now mean another note) was, before or after, one of that
  contact's meetings or referred contacts (:class:`Index` keeps these lists);
- an ``n`` read: no changed note was added, removed, renamed or retyped;
  when one was, a name its names or file name could answer to (see
  :class:`_Names`) is looked up in both vaults and the answers compared.

Everything else (the list of subjects, their order) is computed again from
the new vault, so the output order and values are those of a run from
scratch. The states are kept weakly per vault, and an old vault's state is
*moved* into its child's: a second child of the same vault is computed afresh.

A vault with no parent (``infoview check``, a first build) is computed plainly
through :class:`Lookups`, with no bookkeeping; so under ``mkdocs serve`` the
first reload records every subject and the later ones update. That first
recorded run hands back the plain run's equal findings (:func:`intern`), so a
caller that keeps the first of equal values it saw gets the same objects.

:func:`whole` keeps a fact of the whole vault (referral loops, the week's
activity) from the parent's while no changed note reads differently for it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import chain
from operator import attrgetter
from typing import Any

from . import lineage
from .links import Link, fold, slugify
from .model import Contact, Interview, Note, Vault

__all__ = [
    "Index",
    "Lookups",
    "Recorder",
    "State",
    "findings_of",
    "from_mentions",
    "index_of",
    "note_path",
    "run",
    "same_object",
    "state_of",
    "whole",
]

Read = tuple
#: A name given in a meeting's ``referrals``: (its folded name, its line, the link).
Mention = tuple[str, int, Link]


class Index:
    """Reverse lookups the rules need, kept per vault and updated from the parent's.

    ``ivs``: contact path -> its meetings, in ``Vault.interviews_of`` order;
    ``referred``: contact path -> the contacts whose ``referred_by`` means it, in path order;
    ``mentions``: meeting path -> (date order key, meeting, its mentions), for meetings naming someone.
    """

    __slots__ = (
        "_answers",
        "ivs",
        "memo",
        "mentions",
        "names",
        "old",
        "referred",
        "touched_ivs",
        "touched_referred",
    )

    def __init__(self) -> None:
        # Notes, not paths: an entry no changed note touched holds notes at unchanged paths, which are the
        # very same objects in the reloaded vault (lineage's promise), so it is handed over as it is.
        self.ivs: dict[str, tuple[Interview, ...]] = {}
        self.referred: dict[str, tuple[Contact, ...]] = {}
        self.mentions: dict[str, tuple[Any, Interview, tuple[Mention, ...]]] = {}
        #: What callers computed from ``mentions`` alone: name -> (the ``mentions`` dict it came from, result).
        #: Kept from the parent's index while ``mentions`` is the parent's very dict (no meeting naming anyone changed).
        self.memo: dict[str, tuple[Any, Any]] = {}
        #: Filled when updated from a parent: what a kept subject must be checked against.
        self.touched_ivs: set[str] = set()
        self.touched_referred: set[str] = set()
        #: When names changed: which names may mean another note now.
        self.names: _Names | None = None
        self._answers: dict[tuple[str, str], bool] = {}
        #: The vault this index was updated from, held weakly (or a chain of reloads would stay in memory).
        self.old: weakref.ReferenceType[Vault] | None = None


_INDEXES: weakref.WeakKeyDictionary[Vault, Index] = weakref.WeakKeyDictionary()


def referral_lines(iv: Interview) -> list[int]:
    """The line of each link in ``referrals``, in order (the key's line for a one-line list)."""
    raw = iv.data.get("referrals")
    if isinstance(raw, list):
        return [iv.line_of("referrals", i) for i, item in enumerate(raw) if item is not None]
    return [iv.line_of("referrals")] * len(iv.referrals)


def _mention_entry(iv: Interview) -> tuple[Any, Interview, tuple[Mention, ...]]:
    """A meeting naming people: its place in date order and its (name, line, link)s as the rule pairs them."""
    firsts = tuple((link.key, line, link) for link, line in zip(iv.referrals, referral_lines(iv)))
    return ((iv.date or dt.date.max, iv.path), iv, firsts)


def _fresh_index(vault: Vault) -> Index:
    index = Index()
    contacts = vault.contacts
    if contacts:
        vault.interviews_of(contacts[0])  # the vault indexes every contact's meetings (by path) at once
    get = vault.get
    index.ivs = {path: tuple(map(get, paths)) for path, paths in (vault._interviews_of or {}).items()}  # type: ignore[misc]
    index.referred = _referred_table(vault)
    index.mentions = {iv.path: _mention_entry(iv) for iv in vault.interviews if iv.referrals}
    return index


def _renamed(old: Vault, new: Vault, changed: Iterable[str]) -> list[Note]:
    """The changed notes that may answer a name lookup differently (both versions): added, removed,
    renamed, or retyped (as :func:`infoview.lineage.names_changed` tells, note by note)."""
    out: list[Note] = []
    for path in changed:
        a, b = old.get(path), new.get(path)
        if a is None or b is None or type(a) is not type(b) or a.type != b.type or a.names != b.names:
            out += [n for n in (a, b) if n is not None]
    return out


class _Names:
    """Which names may mean another note after a reload: a lookup of any other name answers as before.

    A lookup goes by the folded name, and by the slug only when no note
    answers to the folded name. So a name whose fold no changed note
    answers to, before or after, and that either some note answers to or
    whose slug is no changed note's stem's, finds the same notes.
    """

    def __init__(self, old: Vault, renamed: list[Note]) -> None:
        self.folds = {fold(n) for note in renamed for n in note.names} - {""}
        self.slugs = {slugify(note.stem) for note in renamed}
        self._by_name = old._by_name  # unchanged for every fold outside ``folds``

    def may_move(self, name: str) -> bool:
        key = fold(name)
        return key in self.folds or (not self._by_name.get(key) and slugify(name) in self.slugs)


def _update_index(old_index: Index, old: Vault, new: Vault, changed: frozenset[str]) -> Index:
    """``new``'s index from ``old``'s, and which contacts' meetings or referred contacts may read differently.

    A meeting is placed again when it changed or its ``contact`` may mean
    another note now; a contact likewise for its ``referred_by``. Every other
    one resolves as before and stays where it was.
    """
    renamed = _renamed(old, new, changed)
    names = _Names(old, renamed) if renamed else None
    again_ivs = {p for p in changed if isinstance(old.get(p), Interview) or isinstance(new.get(p), Interview)}
    again_contacts = {p for p in changed if isinstance(old.get(p), Contact) or isinstance(new.get(p), Contact)}
    if names is not None:
        again_ivs.update(iv.path for iv in new.interviews if iv.contact and names.may_move(iv.contact.target))
        again_contacts.update(c.path for c in new.contacts if c.referred_by and names.may_move(c.referred_by.target))
    # The contacts such a meeting or contact belonged to, before and after: their lists differ or hold new objects.
    touched_ivs: set[str] = set()
    touched_referred: set[str] = set()
    for vault in (old, new):
        for path in again_ivs:
            note = vault.get(path)
            if isinstance(note, Interview) and (who := vault.contact(note.contact)) is not None:
                touched_ivs.add(who.path)
        for path in again_contacts:
            note = vault.get(path)
            if isinstance(note, Contact) and (who := vault.referrer(note)) is not None:
                touched_referred.add(who.path)
    index = Index()
    index.names = names
    index.ivs = dict(old_index.ivs)
    index.referred = dict(old_index.referred)
    index.memo = dict(old_index.memo)
    moved_ivs = [n for p in again_ivs if isinstance(n := new.get(p), Interview)]
    moved_contacts = [n for p in again_contacts if isinstance(n := new.get(p), Contact)]
    for path in touched_ivs:
        ivs = [iv for iv in index.ivs.get(path, ()) if iv.path not in again_ivs]
        ivs += [iv for iv in moved_ivs if (who := new.contact(iv.contact)) is not None and who.path == path]
        ivs.sort(key=lambda iv: (iv.date or dt.date.min, iv.path))
        _put(index.ivs, path, tuple(ivs))
    for path in touched_referred:
        referred = [c for c in index.referred.get(path, ()) if c.path not in again_contacts]
        referred += [c for c in moved_contacts if (r := new.referrer(c)) is not None and r.path == path]
        referred.sort(key=note_path)
        _put(index.referred, path, tuple(referred))
    index.mentions = old_index.mentions
    if any(p in old_index.mentions or _names_someone(new.get(p)) for p in changed):
        index.mentions = dict(old_index.mentions)
        for path in changed:
            index.mentions.pop(path, None)
            note = new.get(path)
            if _names_someone(note):
                index.mentions[path] = _mention_entry(note)  # type: ignore[arg-type]
    index.touched_ivs, index.touched_referred, index.old = touched_ivs, touched_referred, weakref.ref(old)
    return index


def _names_someone(note: Note | None) -> bool:
    return isinstance(note, Interview) and bool(note.referrals)


def _put(table: dict[str, tuple[Any, ...]], key: str, value: tuple[Any, ...]) -> None:
    if value:
        table[key] = value
    else:
        table.pop(key, None)


def index_of(vault: Vault) -> Index:
    """The vault's index: updated from its parent's when lineage knows the parent, else built."""
    index = _INDEXES.get(vault)
    if index is None:
        line = lineage.parent(vault)
        old_index = _INDEXES.get(line.old) if line is not None else None
        if line is not None and old_index is not None:
            index = _update_index(old_index, line.old, vault, line.changed)
        else:
            index = _fresh_index(vault)
        _INDEXES[vault] = index
    return index


def _answer(vault: Vault, method: str, name: str) -> Any:
    found = getattr(vault, method)(name)
    if isinstance(found, list):
        return tuple(n.path for n in found)
    return None if found is None else found.path


def _same_answer(index: Index, new: Vault, read: Read) -> bool:
    key = (read[1], read[2])
    same = index._answers.get(key)
    if same is None:
        old = index.old() if index.old is not None else None
        same = index._answers[key] = old is not None and _answer(old, *key) == _answer(new, *key)
    return same


_REFERRED: weakref.WeakKeyDictionary[Vault, dict[str, tuple[Contact, ...]]] = weakref.WeakKeyDictionary()


def _referred_table(vault: Vault) -> dict[str, tuple[Contact, ...]]:
    referred: dict[str, list[Contact]] = {}
    for contact in vault.contacts:
        referrer = vault.referrer(contact)
        if referrer is not None:
            referred.setdefault(referrer.path, []).append(contact)
    return {path: tuple(contacts) for path, contacts in referred.items()}


class Lookups:
    """The lookups the rules make, answered by the vault: a :class:`Recorder` that notes nothing.

    What a run from scratch uses (``infoview check``, a first build): no
    bookkeeping, as quick as asking the vault.
    """

    __slots__ = ("candidates", "config", "contact", "interviews_of", "vault")

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.config = vault.config
        self.contact = vault.contact
        self.candidates = vault.candidates
        self.interviews_of = vault.interviews_of

    def referrer(self, contact: Contact) -> Contact | None:
        return self.vault.contact(contact.referred_by)

    def referred(self, contact: Contact) -> Sequence[Contact]:
        """The contacts whose ``referred_by`` means this one, in path order."""
        table = _REFERRED.get(self.vault)
        if table is None:
            table = _REFERRED[self.vault] = _referred_table(self.vault)
        return table.get(contact.path, ())


class Recorder:
    """The lookups the rules make, answered by the vault, each noted with what its answer depended on."""

    __slots__ = ("config", "index", "reads", "vault")

    def __init__(self, vault: Vault, index: Index) -> None:
        self.vault = vault
        self.config = vault.config
        self.index = index
        self.reads: list[Read] = []

    def contact(self, target: str | Link | None) -> Contact | None:
        if target is None:
            return None
        name = target.target if isinstance(target, Link) else target
        self.reads.append(("n", "contact", name))
        found = self.vault.contact(name)
        if found is not None:
            self.reads.append(("p", found.path))
        return found

    def referrer(self, contact: Contact) -> Contact | None:
        return self.contact(contact.referred_by)

    def candidates(self, target: str | Link) -> list[Note]:
        name = target.target if isinstance(target, Link) else target
        self.reads.append(("n", "candidates", name))
        found = self.vault.candidates(name)
        self.reads.extend(("p", n.path) for n in found)
        return found

    def interviews_of(self, contact: Contact) -> Sequence[Interview]:
        self.reads.append(("i", contact.path))
        return self.index.ivs.get(contact.path, ())

    def referred(self, contact: Contact) -> Sequence[Contact]:
        """The contacts whose ``referred_by`` means this one, in path order."""
        self.reads.append(("r", contact.path))
        return self.index.referred.get(contact.path, ())


def from_mentions(vault: Vault, index: Index | None, name: str, compute: Callable[[Iterable[Any]], Any]) -> Any:
    """``compute(entries)`` over every meeting naming people, (date order key, meeting, its mentions); with an
    index, computed once per ``mentions`` dict (so a reload that changed no such meeting reuses it)."""
    if index is None:
        return compute([_mention_entry(iv) for iv in vault.interviews if iv.referrals])
    hit = index.memo.get(name)
    if hit is None or hit[0] is not index.mentions:
        hit = index.memo[name] = (index.mentions, compute(index.mentions.values()))
    return hit[1]


def same_object(a: Any, b: Any) -> bool:
    """Subjects that are notes: the same only when the very same object (lineage's promise for unchanged paths)."""
    return a is b


#: A note's path: the key of a subject that is a note.
note_path: Callable[[Note], str] = attrgetter("path")


class State:
    """One task source's results on one vault: per subject when recorded, with what each subject read."""

    __slots__ = (
        "findings",
        "flat",
        "keys",
        "made",
        "moved",
        "names",
        "readers",
        "reads",
        "recomputed",
        "recorded",
        "results",
        "seed",
        "subjects",
    )

    def __init__(self, recorded: bool) -> None:
        #: Subjects by key (a note's path, a folded name), in order.
        self.keys: list[str] = []
        self.subjects: dict[str, Any] = {}
        self.results: dict[str, Sequence[Any]] = {}
        self.reads: dict[str, tuple[Read, ...]] = {}
        #: read -> the subject that made it, or the set of them (name reads apart: they are checked only when
        #: names change).
        self.readers: dict[Read, str | set[str]] = {}
        self.names: dict[Read, str | set[str]] = {}
        #: id(task) -> (task, its finding): an unchanged task hands back the same Finding.
        self.findings: dict[int, tuple[Any, Any]] = {}
        self.flat: list[Any] = []
        #: Whether the subjects' results and reads are kept (a vault with a parent): only then can a child update.
        self.recorded = recorded
        #: The first recorded state after a run from scratch: that run's state, whose equal values are handed
        #: back instead of new ones (see :func:`intern`), so the chain of reused objects starts where the
        #: caller's (the site's, which keeps the first equal object it saw) does.
        self.seed: State | None = None
        #: A run from scratch: the findings last made from its tasks (what a seeded child interns against).
        self.made: list[Any] = []
        self.moved = False
        #: How many subjects were computed for this vault (the rest were reused): for tests and measures.
        self.recomputed = 0

    def _forget(self, key: str) -> None:
        for read in self.reads.pop(key, ()):
            table = self.names if read[0] == "n" else self.readers
            users = table.get(read)
            if users == key:
                del table[read]
            elif isinstance(users, set):
                users.discard(key)
                if not users:
                    del table[read]
        for task in self.results.pop(key, ()):
            self.findings.pop(id(task), None)

    def _compute(self, each: Callable[..., list[Any]], view: Recorder, key: str, subject: Any, settings: dict) -> None:
        reads = view.reads
        reads.clear()
        # Few containers per subject: most have no task (a shared empty tuple), most reads one reader (the
        # key itself, not a set); the garbage collector walks every container kept, on every reload.
        self.results[key] = each(view, subject, settings) or ()
        self.recomputed += 1
        if reads:
            kept = self.reads[key] = tuple(reads)
            for read in kept:
                table = self.names if read[0] == "n" else self.readers
                users = table.get(read)
                if users is None:
                    table[read] = key
                elif isinstance(users, set):
                    users.add(key)
                elif users != key:
                    table[read] = {users, key}


_STATES: weakref.WeakKeyDictionary[Vault, dict[Hashable, State]] = weakref.WeakKeyDictionary()


def _dirty(state: State, index: Index, new: Vault, changed: frozenset[str]) -> set[str]:
    """The kept subjects that read something the changes may have changed."""
    dirty: set[str] = set()

    def add(users: str | set[str] | None) -> None:
        if isinstance(users, set):
            dirty.update(users)
        elif users is not None:
            dirty.add(users)

    readers = state.readers
    for kind, paths in (("p", changed), ("i", index.touched_ivs), ("r", index.touched_referred)):
        for path in paths:
            add(readers.get((kind, path)))
    names = index.names
    if names is not None:
        for read, users in state.names.items():
            if names.may_move(read[2]) and not _same_answer(index, new, read):
                add(users)
    return dirty


def run(source: Any, vault: Vault, settings: dict[str, Any], key: Hashable) -> State:
    """The source's state on ``vault``, kept per vault.

    A vault with no parent (``infoview check``, a first build) is computed
    plainly. A vault with one is recorded subject by subject, and updated
    from the parent's state when that was recorded too: so under ``mkdocs
    serve`` the first reload computes every subject, the next ones only
    those the changed notes can affect.
    """
    kept = _STATES.get(vault)
    if kept is None:
        kept = _STATES[vault] = {}
    state = kept.get(key)
    if state is not None:
        return state
    line = lineage.parent(vault)
    each, key_of = source.each, source.key_of
    if line is None:
        state = State(recorded=False)
        view: Any = Lookups(vault)
        subjects = source.subjects(vault, None)
        state.flat = [t for subject in subjects for t in each(view, subject, settings)]
        state.recomputed = len(subjects)
        kept[key] = state
        return state
    index = index_of(vault)
    subjects = source.subjects(vault, index)
    recorder = Recorder(vault, index)
    old = _STATES.get(line.old, {}).get(key)
    if old is not None and old.recorded and not old.moved and index.old is not None and index.old() is line.old:
        state, old.moved, old.seed = State(recorded=True), True, None
        # The old vault keeps its own answer (``old.flat``); the per-subject tables move here.
        for name in ("subjects", "results", "reads", "readers", "names", "findings"):
            setattr(state, name, getattr(old, name))
            setattr(old, name, {})
        dirty = _dirty(state, index, vault, line.changed)
        before, same = state.subjects, source.same
        keys = list(map(key_of, subjects))
        if same is same_object and key_of is note_path:
            # Notes at unchanged paths are the same objects: only the changed paths and the dirty subjects
            # need a look, not every subject.
            present = before if keys == old.keys else set(keys)
            todo = {k for k in chain(dirty, line.changed) if k in present}
            if present is not before:
                todo.update(k for k in keys if k not in before)
            get = vault.get
            for k in todo:
                state._forget(k)
                subject = before[k] = get(k)
                state._compute(each, recorder, k, subject, settings)
        else:
            for k, subject in zip(keys, subjects):
                was = before.get(k, _MISSING)
                if k in dirty or was is _MISSING or not same(was, subject):
                    state._forget(k)
                    before[k] = subject
                    state._compute(each, recorder, k, subject, settings)
        if len(before) != len(keys):
            for k in before.keys() - set(keys):
                state._forget(k)
                del before[k]
    else:
        state = State(recorded=True)
        keys = list(map(key_of, subjects))
        for k, subject in zip(keys, subjects):
            state.subjects[k] = subject
            state._compute(each, recorder, k, subject, settings)
        if old is not None and not old.recorded:
            state.seed = old
            pool = _pool(old.flat)
            if pool:  # results that are values (findings), not tasks
                for k in keys:
                    if state.results[k]:
                        state.results[k] = intern(state.results[k], pool)
    state.keys = keys
    state.flat = list(chain.from_iterable(map(state.results.__getitem__, keys)))
    kept[key] = state
    return state


_MISSING = object()


def _pool(values: Iterable[Any]) -> dict[Any, Any]:
    """Values by value (empty when they cannot be hashed: tasks hold their note's frontmatter)."""
    try:
        return {v: v for v in values}
    except TypeError:
        return {}


def intern(values: list[Any], pool: dict[Any, Any]) -> list[Any]:
    """``values`` with each one equal to a value of ``pool`` (and of its very type) replaced by that one."""
    out = []
    for v in values:
        w = pool.get(v, v)
        out.append(w if type(w) is type(v) else v)
    return out


def findings_of(state: State, tasks: Iterable[Any], severity: str) -> list[Any]:
    """Each task's finding at ``severity``; a task kept from the last vault hands back its Finding."""
    memo = state.findings
    out = []
    missed: list[tuple[int, Any]] = []
    for task in tasks:
        hit = memo.get(id(task))
        if hit is None or hit[0] is not task or hit[1].severity != severity:
            hit = memo[id(task)] = (task, task.finding(severity))
            missed.append((len(out), task))
        out.append(hit[1])
    seed = state.seed
    if seed is not None and missed and seed.made:
        # Made anew after a run from scratch: hand back that run's equal findings instead.
        pool = _pool(seed.made)
        for i, task in missed:
            found = pool.get(out[i])
            if found is not None and type(found) is type(out[i]):
                out[i] = found
                memo[id(task)] = (task, found)
    return out


_WHOLE: weakref.WeakKeyDictionary[Vault, dict[Hashable, Any]] = weakref.WeakKeyDictionary()


def whole(
    vault: Vault, key: Hashable, compute: Callable[[], Any], reads: Callable[[Note | None], Any], names: bool = False
) -> Any:
    """``compute()`` (a fact of the whole vault), once per vault and ``key``.

    ``reads(note)`` is all the fact reads of a note (None for no note). A
    reloaded vault reuses its parent's result when every changed path's note
    reads the same before and after the change (and, with ``names``, no
    note's names or type changed, none was added or removed: the fact
    resolves links). Otherwise it is computed again, from scratch.
    """
    kept = _WHOLE.get(vault)
    if kept is None:
        kept = _WHOLE[vault] = {}
    if key in kept:
        return kept[key]
    line = lineage.parent(vault)
    before = _WHOLE.get(line.old) if line is not None else None
    if line is not None and before is not None and key in before:
        old, changed = line.old, line.changed
        if not (names and lineage.names_changed(old, vault, changed)) and all(
            reads(old.get(path)) == reads(vault.get(path)) for path in changed
        ):
            kept[key] = before[key]
            return kept[key]
    kept[key] = compute()
    return kept[key]


def state_of(vault: Vault, key: Hashable) -> State | None:
    kept = _STATES.get(vault)
    return None if kept is None else kept.get(key)
