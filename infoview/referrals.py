"""Who led to whom, as plain facts: the referral links of a vault, their chains and loops.

Pure Python (no NetworkX), so the rules, ``infoview stats`` and the site's dashboard use it cheaply;
:mod:`infoview.graph` builds its ``referred`` edges and chains from it, with the same node ids.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from .links import Link, fold
from .model import Vault

__all__ = [
    "OWNER",
    "PROSPECT_PREFIX",
    "Referral",
    "chain_from",
    "chain_parents",
    "loops",
    "rank",
    "reach_counts",
    "referrals",
]

#: The node id of the vault's owner, the root of every referral chain.
OWNER = "@owner"
#: The node id of a name given that has no note yet is this prefix and the folded name.
PROSPECT_PREFIX = "prospect:"


@dataclass(frozen=True)
class Referral:
    """One ``referred`` fact: ``referrer`` led you to ``referred``, from a ``source``: ``"referred_by"`` (the
    contact note says who), ``"referrals"`` (an interview lists the name) or ``"self"`` (the owner found them)."""

    referrer: str
    referred: str
    name: str  #: display name of the person referred
    referrer_name: str  #: display name of the referrer
    source: str
    interview: str | None = None
    date: str | None = None  #: ISO date of the interview
    private: bool = False


def rank(ref: Referral) -> tuple:
    """How strongly a fact says who the referrer is, lower wins: the contact's own ``referred_by``, then an
    interview's list of names (earliest interview first), then "found them yourself"."""
    if ref.source == "referred_by":
        return (0, "", "")
    if ref.source == "referrals":
        return (1, ref.date or "", ref.interview or "")
    return (2, "", "")


def _place(vault: Vault, link: Link) -> tuple[str, str] | None:
    """(node id, display name) a referral link points at, or None when it cannot be placed."""
    if not vault.candidates(link):
        if link.key == fold(vault.config.owner):
            return OWNER, vault.config.owner
        return PROSPECT_PREFIX + fold(link.target), link.target
    contact = vault.contact(link)
    if contact is None:  # ambiguous, or a company: the data checks report the link
        return None
    return contact.path, contact.name


def referrals(vault: Vault) -> list[Referral]:
    """Every referral fact in the vault, in a stable order.

    One fact per name in an interview's ``referrals`` (whatever became of the meeting), one per resolvable
    ``referred_by``, and one ``"self"`` fact for each contact that nothing else refers. An interview naming its
    own contact is dropped; a contact whose ``referred_by`` names themselves is kept (a loop).
    """
    out: list[Referral] = []
    for iv in vault.interviews:
        for giver in vault.people(iv)[:1]:  # names given in a group meeting count once, from the first named
            seen: set[str] = set()
            for link in iv.referrals:
                hit = _place(vault, link)
                if hit is None or hit[0] in (giver.path, OWNER) or hit[0] in seen:
                    continue
                seen.add(hit[0])
                date = iv.date.isoformat() if iv.date else None
                out.append(
                    Referral(giver.path, hit[0], hit[1], giver.name, "referrals", iv.path, date, not vault.public(iv))
                )
    named = {r.referred for r in out}
    owner = vault.config.owner
    for contact in vault.contacts:
        if contact.referred_by is None:
            if contact.path not in named:
                out.append(Referral(OWNER, contact.path, contact.name, owner, "self", private=contact.private))
            continue
        hit = _place(vault, contact.referred_by)
        if hit is not None:
            out.append(Referral(hit[0], contact.path, contact.name, hit[1], "referred_by", private=contact.private))
    return out


def chain_parents(
    edges: Iterable[tuple[Hashable, Hashable, tuple]], root: Hashable = OWNER
) -> dict[Hashable, Hashable | None]:
    """``{node: parent}`` for every node reachable from ``root`` (which maps to None), from
    ``(referrer, referred, rank)`` edges; the lowest :func:`rank` is a person's preferred referrer.

    A chain follows preferred referrers when they lead back to the root; when bad data breaks that (a loop,
    a referrer nobody reaches) it uses as few other facts as possible, then as few steps as possible. Loops
    never hang: this is a Dijkstra search on (facts overridden, depth), O(E log E).
    """
    out_edges: dict[Hashable, list[tuple[Hashable, tuple]]] = defaultdict(list)
    best_rank: dict[Hashable, tuple] = {}
    for u, v, r in edges:
        if u == v:
            continue
        out_edges[u].append((v, r))
        best_rank[v] = min(r, best_rank.get(v, r))
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


def chain_from(parents: Mapping[Hashable, Hashable | None], node: Hashable) -> list[Hashable]:
    """The chain root -> ... -> node in a :func:`chain_parents` tree; [] when absent."""
    if node not in parents:
        return []
    chain = [node]
    step = parents[node]
    while step is not None:
        if len(chain) > len(parents):  # a hand-made map going round a loop
            return []
        chain.append(step)
        step = parents.get(step)
    return chain[::-1]


def reach_counts(parents: Mapping[Hashable, Hashable | None]) -> dict[Hashable, int]:
    """How many people each node's names led to, directly or further down its chains (descendants), in O(n)."""
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    for child, par in parents.items():
        if par is not None:
            children[par].append(child)
    counts = dict.fromkeys(parents, 0)
    order = [n for n, p in parents.items() if p is None]
    for node in order:  # the list grows as it is read: breadth first, every parent before its children
        order.extend(children.get(node, ()))
    for node in reversed(order):
        if parents[node] is not None:
            counts[parents[node]] += counts[node] + 1
    return counts


def loops(referrer_of: Mapping[Hashable, Hashable]) -> list[list[Hashable]]:
    """Every loop of a "who referred whom" map (each node has at most one referrer), each listed once,
    starting from its smallest member (as a string) and following referrers, e.g. ``[['a', 'b']]`` for
    ``{"a": "b", "b": "a", "c": "a"}``. Linear time."""
    found: list[list[Hashable]] = []
    settled: set[Hashable] = set()
    for start in referrer_of:
        on_chain: dict[Hashable, int] = {}  # node -> its place on the walk so far
        node: Hashable | None = start
        while node is not None and node not in settled:
            if node in on_chain:
                cycle = list(on_chain)[on_chain[node] :]
                first = min(range(len(cycle)), key=lambda i: str(cycle[i]))
                found.append(cycle[first:] + cycle[:first])
                break
            on_chain[node] = len(on_chain)
            node = referrer_of.get(node)
        settled.update(on_chain)
    return sorted(found, key=lambda c: str(c[0]))
