"""Who led to whom, as plain facts: the referral links of a vault and their chains.

This module is pure Python (no NetworkX) so that ``infoview stats`` and the
site dashboard can use it cheaply; :mod:`infoview.graph` builds its
``referred`` edges from :func:`referrals` and its chains from
:func:`chain_parents`.

Node ids are shared with the graph: ``OWNER`` for the vault's owner, a note's
vault-relative path for a contact, ``"prospect:" + fold(name)`` for a name
given that has no note yet.

The rows are kept per vault (:func:`vault_rows`): the graph, the stats and
the charts of one vault read them once. For a vault reloaded under
``mkdocs serve`` (:mod:`infoview.lineage`) they, and what link targets
resolved to (:func:`known_paths`), are updated from the parent vault's as
long as no note was added, removed or renamed (:func:`reusable`).
"""

from __future__ import annotations

import functools
import gc
import heapq
import weakref
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from . import lineage
from .links import Link, fold
from .model import Contact, Interview, Vault

__all__ = [
    "OWNER",
    "PROSPECT_PREFIX",
    "Referral",
    "ReferralRow",
    "chain_from",
    "chain_parents",
    "contact_lookup",
    "known_paths",
    "prospect_id",
    "rank",
    "rank_of",
    "reach_counts",
    "referral_rows",
    "referrals",
    "reusable",
    "vault_rows",
    "without_gc",
]

F = TypeVar("F", bound=Callable[..., Any])


def without_gc(func: F) -> F:
    """Run ``func`` with the cyclic garbage collector paused.

    Building a graph of a big vault allocates hundreds of thousands of small
    acyclic objects while millions of the vault's objects are alive; each
    automatic full collection rescans them all and frees nothing, which made
    a 100,000-contact build several times slower than linear. Collection
    resumes (if it was on) when ``func`` returns.
    """

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return run  # type: ignore[return-value]

#: The node id of the vault's owner, the root of every referral chain.
OWNER = "@owner"
PROSPECT_PREFIX = "prospect:"


def prospect_id(name: str) -> str:
    """The node id of a name given that has no note yet."""
    return PROSPECT_PREFIX + fold(name)


@dataclass(frozen=True)
class Referral:
    """One ``referred`` fact: ``referrer`` led you to ``referred``.

    ``source`` is ``"referred_by"`` (the contact note says who referred them),
    ``"referrals"`` (an interview lists the name; ``interview`` and ``date``
    say which) or ``"self"`` (nobody referred them: you found them yourself,
    so the owner is the referrer). ``private`` is true when the note the fact
    comes from is private.
    """

    referrer: str
    referred: str
    name: str  #: display name of the person referred
    referrer_name: str  #: display name of the referrer
    source: str
    interview: str | None = None
    date: str | None = None  #: ISO date of the interview
    private: bool = False


def rank_of(source: str | None, date: str | None = None, interview: str | None = None) -> tuple:
    """How strongly a fact says who the referrer is: lower wins.

    The contact's own ``referred_by`` beats an interview's list of names
    (earliest interview first), which beats "found them yourself".
    """
    if source == "referred_by":
        return (0, "", "")
    if source == "referrals":
        return (1, date or "", interview or "")
    return (2, "", "")


def rank(ref: Referral) -> tuple:
    """:func:`rank_of` a fact."""
    return rank_of(ref.source, ref.date, ref.interview)


def _target(vault: Vault, link: Link, owner_key: str, contact_of: Callable[[Link | None], Contact | None]) -> tuple[str, str] | None:
    """(node id, display name) a referral link points at, or None when it cannot be placed.

    ``contact_of`` is ``vault.contact``, remembered (see :func:`contact_lookup`).
    """
    found = vault.candidates(link)
    if not found:
        if link.key == owner_key:
            return OWNER, vault.config.owner
        return prospect_id(link.target), link.target
    contact = contact_of(link)
    if contact is None:
        # Ambiguous, or a company: the loader already reported the link.
        return None
    return contact.path, contact.name


def contact_lookup(vault: Vault) -> Callable[[Link | None], Contact | None]:
    """``vault.contact`` remembered per link target (see :func:`known_paths`).

    A big vault names most people several times (their own interviews, the
    ``referred_by`` of each person they referred, the interview that gave
    their name); resolving a name is the costly part of :func:`referrals`.
    What a link resolves to depends only on its target.
    """
    known = known_paths(vault, "contact")
    get = vault.get

    def lookup(link: Link | None) -> Contact | None:
        if link is None:
            return None
        target = link.target
        try:
            path = known[target]
        except KeyError:
            found = vault.contact(link)
            path = known[target] = found.path if found is not None else None
        return None if path is None else get(path)  # type: ignore[return-value]

    return lookup


#: Per vault and lookup: link target -> what it resolved to (see :func:`known_paths`).
_KNOWN: weakref.WeakKeyDictionary[Vault, dict[str, dict[str, Any]]] = weakref.WeakKeyDictionary()


def known_paths(vault: Vault, kind: str) -> dict[str, Any]:
    """A memo, per vault and per kind of lookup, of link target -> the path (or place) it resolves to.

    Filled by its users (:func:`contact_lookup`, where a referral points,
    the graph's employers). Answers depend only on every note's names, type
    and path, so a reloaded vault whose parent had the memo and kept every
    name (:func:`reusable`) starts from a copy of it: a name resolved last
    time is not looked up again (the first miss by name builds the vault's
    slug index, a pass over every note).
    """
    memos = _KNOWN.get(vault)
    if memos is None:
        found = reusable(vault)
        before = _KNOWN.get(found[0]) if found is not None else None
        memos = _KNOWN[vault] = {k: dict(v) for k, v in before.items()} if before is not None else {}
    memo = memos.get(kind)
    if memo is None:
        memo = memos[kind] = {}
    return memo


@without_gc
def referrals(vault: Vault) -> list[Referral]:
    """Every referral fact in the vault, in a stable order.

    Parameters
    ----------
    vault : Vault
        A loaded vault.

    Returns
    -------
    list of Referral
        One fact per resolvable ``referred_by``, one per name in a done or
        any other interview's ``referrals`` (the names were given whatever
        became of the meeting), and one ``"self"`` fact for each contact that
        nothing else refers. An interview naming its own contact is dropped;
        a contact whose ``referred_by`` names themselves is kept (a cycle).

    Examples
    --------
    >>> [(r.referrer, r.referred, r.source) for r in referrals(vault)]  # doctest: +SKIP
    [('@owner', 'contacts/bea.md', 'self'), ('contacts/bea.md', 'contacts/dev.md', 'referred_by')]
    """
    return list(_referral_facts(vault))


#: Per vault: its rows and the :class:`Referral` made of each (the stats and the charts both ask).
_FACTS: weakref.WeakKeyDictionary[Vault, tuple[tuple[ReferralRow, ...], tuple[Referral, ...]]] = weakref.WeakKeyDictionary()


def _referral_facts(vault: Vault) -> tuple[Referral, ...]:
    """:func:`referrals`, kept per vault; a row the parent vault had keeps its :class:`Referral` (frozen) object."""
    kept = _FACTS.get(vault)
    if kept is not None:
        return kept[1]
    rows = vault_rows(vault)
    found = lineage.parent(vault)
    before = _FACTS.get(found.old) if found is not None else None
    if before is not None:
        made = dict(zip(*before))
        facts = tuple(made.get(row) or Referral(*row) for row in rows)
    else:
        facts = tuple(Referral(*row) for row in rows)
    _FACTS[vault] = (rows, facts)
    return facts


#: A :class:`Referral`'s fields, in order, as a plain tuple.
ReferralRow = tuple[str, str, str, str, str, str | None, str | None, bool]


def referral_rows(vault: Vault, contact_of: Callable[[Link | None], Contact | None] | None = None) -> list[ReferralRow]:
    """:func:`referrals` as tuples of the fields.

    :func:`infoview.graph.build_graph` reads these directly (building a
    frozen dataclass per fact was a tenth of building a big graph). The rows
    are kept per vault (the graph, the stats and the charts of one vault all
    read them) and, for a vault reloaded under ``mkdocs serve``, updated from
    the vault it came from (see :func:`vault_rows`). ``contact_of`` (see
    :func:`contact_lookup`) is used when the rows have to be computed.
    """
    return list(vault_rows(vault, contact_of))


#: Per vault: its referral rows (plain tuples of strings: nothing for the garbage collector to scan).
_ROWS: weakref.WeakKeyDictionary[Vault, tuple[ReferralRow, ...]] = weakref.WeakKeyDictionary()


def reusable(vault: Vault) -> tuple[Vault, frozenset[str]] | None:
    """``(old, changed)`` when ``vault`` was recorded as made from ``old`` (:mod:`infoview.lineage`) and
    :func:`~infoview.lineage.names_changed` says no name changed, so what an unchanged note contributed through its
    links is still true."""
    found = lineage.parent(vault)
    if found is None or lineage.names_changed(found.old, vault, found.changed):
        return None
    return found.old, found.changed


def vault_rows(vault: Vault, contact_of: Callable[[Link | None], Contact | None] | None = None) -> tuple[ReferralRow, ...]:
    """:func:`referral_rows`, kept per vault (read-only); updated from the parent vault's when it can be.

    Incremental when the vault's parent (:func:`reusable`) has its rows kept:
    an unchanged interview's rows and an unchanged contact's own row are the
    parent's (the same tuples); only the changed notes are read again. A
    note added, removed or renamed (or a type changed) recomputes them all.
    """
    rows = _ROWS.get(vault)
    if rows is None:
        found = reusable(vault)
        before = _ROWS.get(found[0]) if found is not None else None
        if contact_of is None:
            contact_of = contact_lookup(vault)
        if before is not None and found is not None:
            rows = _rows_from(vault, contact_of, before, found[1])
        else:
            rows = _rows(vault, contact_of)
        _ROWS[vault] = rows
    return rows


def _placer(vault: Vault, contact_of: Callable[[Link | None], Contact | None]) -> Callable[[Link], tuple[str, str] | None]:
    """Where a referral link points (see :func:`_target`), remembered per link target (:func:`known_paths`)."""
    owner_key = fold(vault.config.owner)
    placed = known_paths(vault, "referral")

    def target(link: Link) -> tuple[str, str] | None:
        # Same reasoning as contact_lookup: the place (a path and that note's name) depends on the link's target alone.
        key = link.target
        try:
            return placed[key]
        except KeyError:
            hit = placed[key] = _target(vault, link, owner_key, contact_of)
            return hit

    return target


def _interview_rows(
    iv: Interview, contact_of: Callable[[Link | None], Contact | None], target: Callable[[Link], tuple[str, str] | None]
) -> list[ReferralRow]:
    giver = contact_of(iv.contact)
    if giver is None:
        return []
    out: list[ReferralRow] = []
    seen: set[str] = set()
    for link in iv.referrals:
        hit = target(link)
        if hit is None or hit[0] in (giver.path, OWNER) or hit[0] in seen:
            continue
        seen.add(hit[0])
        date = iv.date.isoformat() if iv.date else None
        out.append((giver.path, hit[0], hit[1], giver.name, "referrals", iv.path, date, iv.private))
    return out


def _contact_row(
    contact: Contact, owner: str, named: set[str], target: Callable[[Link], tuple[str, str] | None]
) -> ReferralRow | None:
    link = contact.referred_by
    if link is None:
        if contact.path in named:
            return None
        return (OWNER, contact.path, contact.name, owner, "self", None, None, contact.private)
    hit = target(link)
    if hit is None:
        return None
    # A contact naming themselves is kept: it is a one-person cycle for the referral-cycle rule.
    return (hit[0], contact.path, contact.name, hit[1], "referred_by", None, None, contact.private)


def _rows(vault: Vault, contact_of: Callable[[Link | None], Contact | None]) -> tuple[ReferralRow, ...]:
    target = _placer(vault, contact_of)
    out: list[ReferralRow] = []
    for iv in vault.interviews:
        out.extend(_interview_rows(iv, contact_of, target))
    named = {row[1] for row in out}
    owner = vault.config.owner
    for contact in vault.contacts:
        row = _contact_row(contact, owner, named, target)
        if row is not None:
            out.append(row)
    return tuple(out)


def _rows_from(
    vault: Vault, contact_of: Callable[[Link | None], Contact | None], before: tuple[ReferralRow, ...], changed: frozenset[str]
) -> tuple[ReferralRow, ...]:
    """:func:`_rows` for a vault whose notes outside ``changed`` are its parent's, names unchanged.

    An unchanged interview's rows read only the interview and what its links
    resolve to (the same paths and names, by :func:`reusable`); an
    unchanged contact's row reads the contact, its referrer link and whether
    some interview names them, which is checked again here.
    """
    of_interview: dict[str, list[ReferralRow]] = defaultdict(list)
    of_contact: dict[str, ReferralRow] = {}
    for row in before:
        if row[4] == "referrals":
            of_interview[row[5]].append(row)  # type: ignore[index]
        else:
            of_contact[row[1]] = row
    target = _placer(vault, contact_of)
    out: list[ReferralRow] = []
    for iv in vault.interviews:
        if iv.path in changed:
            out.extend(_interview_rows(iv, contact_of, target))
        else:
            out.extend(of_interview.get(iv.path, ()))
    named = {row[1] for row in out}
    owner = vault.config.owner
    for contact in vault.contacts:
        path = contact.path
        if path in changed:
            row = _contact_row(contact, owner, named, target)
        elif contact.referred_by is not None:
            row = of_contact.get(path)
        elif path in named:
            row = None
        else:
            # The same self row as last time, or one made now that an interview no longer names them.
            row = of_contact.get(path) or (OWNER, path, contact.name, owner, "self", None, None, contact.private)
        if row is not None:
            out.append(row)
    return tuple(out)


@without_gc
def chain_parents(edges: Iterable[tuple[Hashable, Hashable, tuple]], root: Hashable = OWNER) -> dict[Hashable, Hashable | None]:
    """Each reachable node's referrer on its chain from ``root``.

    Parameters
    ----------
    edges : iterable of (referrer, referred, rank)
        ``rank`` orders the facts about one person (see :func:`rank`); the
        lowest is that person's preferred referrer.
    root : node
        Where every chain starts.

    Returns
    -------
    dict
        ``{node: parent}`` for every node reachable from ``root`` (the root
        maps to ``None``). A node's chain follows preferred referrers when
        they lead back to the root; when bad data breaks that (a cycle, a
        referrer nobody reaches) the chain uses as few other facts as
        possible, then as few steps as possible. Cycles never loop: this is a
        Dijkstra search on (facts overridden, depth), O(E log E).

    Examples
    --------
    >>> chain_parents([("@owner", "a", (2,)), ("a", "b", (0,))])
    {'@owner': None, 'a': '@owner', 'b': 'a'}
    """
    out_edges: dict[Hashable, list[tuple[Hashable, tuple]]] = defaultdict(list)
    best_rank: dict[Hashable, tuple] = {}
    preferred: dict[Hashable, Hashable | None] = {}  # None: two referrers tie
    for u, v, r in edges:
        if u == v:
            continue
        out_edges[u].append((v, r))
        if v not in best_rank or r < best_rank[v]:
            best_rank[v] = r
            preferred[v] = u
        elif r == best_rank[v] and preferred[v] != u:
            preferred[v] = None
    quick = _preferred_tree(out_edges, preferred, root)
    if quick is not None:
        return quick
    parent: dict[Hashable, Hashable | None] = {root: None}
    best: dict[Hashable, tuple] = {root: ((0, 0), ())}
    done: set[Hashable] = set()
    # Ids are compared only to break exact ties, as strings, so mixed types never clash.
    heap: list[tuple] = [((0, 0), (), "", root)]
    while heap:
        cost, _, _, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        for v, r in out_edges.get(u, ()):
            if v in done or v == root:
                continue
            new = (cost[0] + (r != best_rank[v]), cost[1] + 1)
            key = (new, r)
            if v not in best or key < best[v]:
                best[v] = key
                parent[v] = u
                heapq.heappush(heap, (new, r, str(v), v))
    return parent


def _preferred_tree(
    out_edges: Mapping[Hashable, list[tuple[Hashable, tuple]]], preferred: Mapping[Hashable, Hashable | None], root: Hashable
) -> dict[Hashable, Hashable | None] | None:
    """The tree of preferred referrers when it already reaches everyone reachable, else None.

    The usual case, in O(E) without a heap: then every chain uses preferred
    referrers only, which is exactly what the full search would choose.
    """
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    for v, u in preferred.items():
        if u is None:
            return None
        children[u].append(v)
    parent: dict[Hashable, Hashable | None] = {root: None}
    stack = [root]
    while stack:
        u = stack.pop()
        for v in children.get(u, ()):
            if v not in parent:
                parent[v] = u
                stack.append(v)
    for u in parent:
        for v, _ in out_edges.get(u, ()):
            if v not in parent:
                return None  # someone is reachable only through a non-preferred fact
    return parent


def chain_from(parents: Mapping[Hashable, Hashable | None], node: Hashable) -> list[Hashable]:
    """The chain root -> ... -> node in a ``chain_parents`` tree; [] when absent."""
    if node not in parents:
        return []
    chain = [node]
    step = parents[node]
    # A walk with no repeats holds at most every key and one node outside the map: a longer walk
    # is going round a loop (impossible in chain_parents output; guards hand-made maps). A bound
    # instead of a set of visited nodes: this runs once per contact on big vaults.
    limit = len(parents)
    while step is not None:
        if len(chain) > limit:
            return []
        chain.append(step)
        step = parents.get(step)
    chain.reverse()
    return chain


def reach_counts(parents: Mapping[Hashable, Hashable | None]) -> dict[Hashable, int]:
    """How many people each node's names led to, directly or further down its chains.

    The count of a node's descendants in the chain tree, in O(n).
    """
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    for child, par in parents.items():
        if par is not None:
            children[par].append(child)
    counts = dict.fromkeys(parents, 0)
    roots = [n for n, p in parents.items() if p is None]
    order: list[Hashable] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(children.get(node, ()))
    for node in reversed(order):
        par = parents[node]
        if par is not None:
            counts[par] += counts[node] + 1
    return counts
