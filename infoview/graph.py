"""The referral graph: who led to whom, who you met, who works where.

``build_graph(vault)`` returns a :class:`networkx.MultiDiGraph` (a multigraph
because one pair of people can be linked by several facts: a ``referred_by``
key *and* the interview where the name was given, or two meetings). Nodes:

- ``OWNER`` (``"@owner"``), the vault's owner and the root of every chain;
- a contact or company note's vault-relative path, e.g. ``contacts/maria-lopez.md``;
- ``"prospect:" + fold(name)`` for a name given that has no note yet.

Node attributes: ``kind`` (owner|contact|company|prospect), ``name``,
``private``, ``status``, ``company``, ``company_id``, ``role``, ``field``,
``tags`` (list), ``path``, ``names_given``. Contact details (email, phone,
address) are never put in the graph.

Edges (attribute ``kind``):

- ``referred``: referrer -> person, ``source`` = ``referred_by`` (the contact's
  key), ``referrals`` (an interview's list; with ``interview`` and ``date``) or
  ``self`` (owner -> a contact nobody referred: you found them yourself);
- ``met``: owner -> contact, one per done interview, with ``interview`` and ``date``;
- ``works_at``: contact -> company note.

Every edge has ``private`` (it comes from a private note). Private notes stay
in the graph for local analysis; :func:`public_view` and :func:`to_node_link`
leave them out.

Every analysis takes the graph first and runs in near-linear time, so a
100,000-contact vault stays interactive: chains come from one Dijkstra search
over the ``referred`` edges, reach from subtree sizes, and betweenness is
sampled (fixed seed) above :data:`EXACT_BETWEENNESS_MAX` nodes. The graph
``build_graph`` returns is a :class:`ReferralGraph`, which knows when it was
changed: the analyses share what they have in common (one pass over the
edges, the chains, the betweenness, who was met) until it is.

Under ``mkdocs serve`` a reloaded vault records the vault it came from
(:mod:`infoview.lineage`); its graph, the chains and the public node-link
data are then updated from that vault's graph (when it is alive and
unchanged since built) instead of computed again: see :func:`build_graph`,
:func:`_search_parents` and :func:`to_node_link`. Each still returns what a
computation from scratch returns, and a new graph is always a graph of its
own (no dict is shared with another).
"""

from __future__ import annotations

import heapq
import weakref
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, Self, TypeVar

import networkx as nx

from .links import fold
from .model import Vault
from .referrals import (
    OWNER,
    PROSPECT_PREFIX,
    chain_from,
    chain_parents,
    contact_lookup,
    known_paths,
    rank_of,
    reach_counts,
    reusable,
    vault_rows,
    without_gc,
)

__all__ = [
    "EXACT_BETWEENNESS_MAX",
    "FORMATS",
    "OWNER",
    "PROSPECT_PREFIX",
    "ReferralGraph",
    "WarmPath",
    "bridges",
    "build_graph",
    "connectors",
    "dead_ends",
    "export_graph",
    "find_targets",
    "public_view",
    "referral_chain",
    "referral_cycles",
    "referral_depth",
    "referral_parents",
    "referral_yield",
    "to_dot",
    "to_mermaid",
    "to_node_link",
    "unreachable",
    "warm_paths",
]

#: Export formats understood by :func:`export_graph`.
FORMATS = ("json", "graphml", "gexf", "dot", "mermaid")
#: Up to this many nodes, betweenness is exact; above, it is estimated from sampled pivots (fixed seed).
EXACT_BETWEENNESS_MAX = 1000
#: Most pivots sampled; fewer on big graphs so that pivots x (nodes + edges) stays near the budget.
BETWEENNESS_SAMPLES = 64
_BETWEENNESS_BUDGET = 1_500_000
_PEOPLE = ("contact", "prospect")
#: Cost of stepping to a person on a warm path: met beats merely contacted beats unknown.
_STEP_COST = {"met": 1, "known": 2, "unknown": 3}


def _node(kind: str, name: str, **attrs: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": kind, "name": name, "private": False, "status": None, "company": None, "company_id": None,
        "role": None, "field": None, "tags": [], "path": None, "names_given": 0,
    }
    base.update(attrs)
    return base


class _Clock:
    """How many changes one graph's dicts have seen (see :class:`ReferralGraph`)."""

    __slots__ = ("tick",)

    def __init__(self) -> None:
        self.tick = 0


def _tracked(clock: _Clock, items: Iterable = ()) -> _Tracked:
    """A new dict ticking ``clock``."""
    made = _Tracked(items)
    made._clock = clock
    return made


class _Tracked(dict):
    """A dict inside a :class:`ReferralGraph`: every change ticks the graph's clock.

    Reads are the plain dict's (nothing is overridden on the read side), so
    the analyses scan it at dict speed. Made by :func:`_tracked` (no
    ``__init__`` of its own: a graph is a million of these).
    """

    __slots__ = ("_clock",)
    _clock: _Clock

    def __reduce__(self) -> tuple:
        # Pickle and copy restore the items before any slot, so rebuild in one call.
        return (_tracked, (self._clock, dict(self)))

    def __setitem__(self, key: Any, value: Any) -> None:
        self._clock.tick += 1
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Any) -> None:
        self._clock.tick += 1
        dict.__delitem__(self, key)

    def __ior__(self, other: Any) -> Self:
        self._clock.tick += 1
        dict.update(self, other)
        return self

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._clock.tick += 1
        dict.update(self, *args, **kwargs)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._clock.tick += 1
        return dict.setdefault(self, key, default)

    def pop(self, *args: Any) -> Any:
        self._clock.tick += 1
        return dict.pop(self, *args)

    def popitem(self) -> tuple[Any, Any]:
        self._clock.tick += 1
        return dict.popitem(self)

    def clear(self) -> None:
        self._clock.tick += 1
        dict.clear(self)


class ReferralGraph(nx.MultiDiGraph):
    """The :class:`networkx.MultiDiGraph` that :func:`build_graph` returns, which knows when it changed.

    Every dict it is made of (the node and adjacency dicts, each edge's key
    dict, node and edge attributes) ticks one clock when it changes, whether
    through NetworkX's methods or ``G.nodes[n]["status"] = ...``. The
    analyses keep what several of them need (the referral chains, the
    betweenness, who was met...) per graph and reuse it only while the clock
    has not moved, so an edited graph is recomputed, never served stale.
    Otherwise it is a plain MultiDiGraph; copies (``G.copy()``) are
    ReferralGraphs too, with their own clock.

    Values held *inside* attributes (the ``tags`` list) are not watched; no
    kept result depends on them.
    """

    def __init__(self, incoming_graph_data: Any = None, multigraph_input: bool | None = None, **attr: Any) -> None:
        self._clock = _Clock()
        super().__init__(incoming_graph_data, multigraph_input, **attr)

    def _new_dict(self) -> _Tracked:
        return _tracked(self._clock)

    node_dict_factory = node_attr_dict_factory = _new_dict  # type: ignore[assignment]
    adjlist_outer_dict_factory = adjlist_inner_dict_factory = _new_dict  # type: ignore[assignment]
    edge_key_dict_factory = edge_attr_dict_factory = _new_dict  # type: ignore[assignment]


_NodeRows = list[tuple[Hashable, dict[str, Any]]]
_EdgeRows = list[tuple[Hashable, Hashable, Any, dict[str, Any]]]


def _fill(
    G: ReferralGraph,
    nodes: Iterable[tuple[Hashable, dict[str, Any]]],
    edges: Iterable[tuple[Hashable, Hashable, Any, dict[str, Any]]],
    *,
    adopt: bool = False,
) -> None:
    """``G.add_nodes_from(nodes)`` then ``G.add_edges_from(edges)`` on a new graph: same result, less time.

    Writes NetworkX's documented dict-of-dicts layout directly (``_node``,
    ``_succ``, ``_pred``; an edge's key dict is shared by both directions),
    skipping the per-call argument handling that was most of building a
    100,000-contact graph. Every edge has a key and both its ends among
    ``nodes``; an edge whose key already exists between its ends has its
    attributes updated, as ``add_edge`` does. ``G`` must be new: nothing
    NetworkX caches per graph can exist yet. With ``adopt``, the node ids
    are distinct and their attribute dicts are already ``G``'s own
    (:func:`_tracked` with its clock): they are put in as they are.
    """
    clock, node, succ, pred = G._clock, G._node, G._succ, G._pred
    put = dict.__setitem__  # the build is one change: tick once at the end
    tracked = _Tracked
    for n, attrs in nodes:
        if adopt:
            put(node, n, attrs)
            for side in (succ, pred):
                made = tracked()
                made._clock = clock
                put(side, n, made)
            continue
        if n in node:
            dict.update(node[n], attrs)
            continue
        made = tracked(attrs)
        made._clock = clock
        put(node, n, made)
        for side in (succ, pred):
            made = tracked()
            made._clock = clock
            put(side, n, made)
    for u, v, key, attrs in edges:
        keys = succ[u].get(v)
        if keys is None:
            keys = tracked()
            keys._clock = clock
            put(succ[u], v, keys)
            put(pred[v], u, keys)
        old = keys.get(key)
        if old is None:
            made = tracked(attrs)
            made._clock = clock
            put(keys, key, made)
        else:
            dict.update(old, attrs)
    clock.tick += 1


#: Per vault: the graphs built from it (weakly, the newest first, a few) and each one's clock when it was built.
_BUILT: weakref.WeakKeyDictionary[Vault, list[tuple[weakref.ReferenceType[nx.MultiDiGraph], int]]] = weakref.WeakKeyDictionary()
#: Per graph built from a reloaded vault: the vault it came from (weakly), whose graphs it may reuse.
_PREVIOUS: weakref.WeakKeyDictionary[nx.MultiDiGraph, weakref.ReferenceType[Vault]] = weakref.WeakKeyDictionary()
#: Per graph built: its clock when built, and the referral rows its ``referred`` edges were made of.
_ROWS_OF: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, tuple]] = weakref.WeakKeyDictionary()


def _as_built(vault: Vault | None) -> list[ReferralGraph]:
    """The graphs built from ``vault`` that are still alive and that nobody changed since, the newest first.

    All hold the same nodes and edges: each is what :func:`build_graph` gave.
    """
    out = []
    for ref, tick in _BUILT.get(vault, ()) if vault is not None else ():
        G = ref()
        if G is not None and G._clock.tick == tick:
            out.append(G)
    return out


def _earlier(G: nx.MultiDiGraph) -> list[ReferralGraph]:
    """:func:`_as_built` of the vault ``G``'s vault was reloaded from (none when unknown or gone)."""
    found = _PREVIOUS.get(G)
    return _as_built(found() if found is not None else None)


@without_gc
def build_graph(vault: Vault) -> nx.MultiDiGraph:
    """Build the referral graph of a vault.

    Parameters
    ----------
    vault : Vault
        A loaded vault (``infoview.load_vault``).

    Returns
    -------
    ReferralGraph
        A :class:`networkx.MultiDiGraph` as described in this module's
        docstring; ``G.graph["owner"]`` is the owner's name. Always a new
        graph, made of new dicts: changing it changes no other graph.

    Notes
    -----
    For a vault reloaded under ``mkdocs serve`` (:mod:`infoview.lineage`),
    when the graph of the vault it came from is still alive and unchanged
    since it was built, an unchanged contact's or company's attributes
    (and its employer edge), and an unchanged meeting's edge, are copied
    from that graph instead of resolved again; the referral edges come from
    :func:`infoview.referrals.vault_rows`, itself updated. A note added,
    removed or renamed builds from scratch. The result is the same either way.

    Examples
    --------
    >>> G = build_graph(load_vault("vault"))  # doctest: +SKIP
    >>> referral_chain(G, "contacts/devon-achebe.md")  # doctest: +SKIP
    ['@owner', 'contacts/beatriz-calloway.md', 'contacts/devon-achebe.md']
    """
    owner = vault.config.owner
    contact_of = contact_lookup(vault)
    G = ReferralGraph(owner=owner)
    clock = G._clock
    tracked = _Tracked
    put = dict.__setitem__
    found = reusable(vault)
    before = next(iter(_as_built(found[0])), None) if found is not None else None
    changed = found[1] if found is not None else frozenset()
    old_nodes: dict[Hashable, dict[str, Any]] = before._node if before is not None else {}
    # Node attributes (already G's own dicts) in the order the graph lists them; edges in the order they are added.
    nodes: dict[Hashable, _Tracked] = {OWNER: _tracked(clock, _node("owner", owner))}
    edges: list[tuple[Hashable, Hashable, str, dict[str, Any]]] = []
    for company in vault.companies:
        path = company.path
        base = old_nodes.get(path) if path not in changed else None
        made = _tracked(clock, base if base is not None else _node("company", company.name, private=company.private, path=path))
        # A list inside an attribute is not watched by the old graph's clock: made again from the note.
        put(made, "tags", list(company.tags))
        nodes[path] = made
    # Many contacts name the same employer: resolve each name once, not once per contact (nor per reload).
    firms = known_paths(vault, "company")
    get = vault.get
    for contact in vault.contacts:
        path = contact.path
        base = old_nodes.get(path) if path not in changed else None
        if base is not None:
            made = tracked(base)
            made._clock = clock
            put(made, "tags", list(contact.tags))
            nodes[path] = made
            if base["company_id"] is not None:
                edges.append((path, base["company_id"], "works_at", {"kind": "works_at", "private": contact.private}))
            continue
        firm = None
        if contact.company is not None:
            target = contact.company.target
            try:
                firm_path = firms[target]
            except KeyError:
                found_firm = vault.company(contact.company)
                firm_path = firms[target] = found_firm.path if found_firm is not None else None
            firm = get(firm_path) if firm_path is not None else None
        # _node's keys in _node's order, written out: this runs once per contact.
        made = tracked({
            "kind": "contact",
            "name": contact.name,
            "private": contact.private,
            "status": contact.status,
            "company": firm.name if firm else (contact.company.text if contact.company else None),
            "company_id": firm.path if firm else None,
            "role": contact.role,
            "field": contact.field,
            "tags": list(contact.tags),
            "path": path,
            "names_given": 0,
        })
        made._clock = clock
        nodes[path] = made
        if firm is not None:
            edges.append((path, firm.path, "works_at", {"kind": "works_at", "private": contact.private}))
    prospect_public: dict[str, bool] = {}
    given: dict[Hashable, set[Hashable]] = defaultdict(set)
    rows = vault_rows(vault, contact_of)
    for referrer, referred, name, referrer_name, source, interview, date, private in rows:
        for node, shown in ((referrer, referrer_name), (referred, name)):
            if node.startswith(PROSPECT_PREFIX):
                if node not in nodes:
                    nodes[node] = _tracked(clock, _node("prospect", shown, status="prospect"))
                # A name is public once any public note gives or mentions it.
                prospect_public[node] = prospect_public.get(node, False) or not private
        attrs: dict[str, Any] = {"kind": "referred", "source": source, "private": private}
        key = source
        if interview is not None:
            attrs.update(interview=interview, date=date)
            key = f"referrals:{interview}"
        edges.append((referrer, referred, key, attrs))
        # What _names_given would read back from these edges.
        if source != "self" and referrer != referred:
            given[referrer].add(referred)
    for node, public in prospect_public.items():
        put(nodes[node], "private", not public)
    # Who an unchanged meeting was with: the head of its edge in the old graph (no name to resolve again).
    met_with: dict[str, Hashable] = {}
    if before is not None:
        for v, keys in before._succ[OWNER].items():
            for k in keys:
                if k.startswith("met:"):
                    met_with[k] = v
    for iv in vault.interviews:
        if iv.status != "done":
            continue
        key = f"met:{iv.path}"
        if before is not None and iv.path not in changed:
            who_path = met_with.get(key)
        else:
            who = contact_of(iv.contact)
            who_path = who.path if who is not None else None
        if who_path is None:
            continue
        edges.append((OWNER, who_path, key, {
            "kind": "met", "interview": iv.path, "date": iv.date.isoformat() if iv.date else None, "private": iv.private,
        }))
    for node, attrs in nodes.items():
        put(attrs, "names_given", len(given.get(node, ())))
    _fill(G, nodes.items(), edges, adopt=True)
    built = _BUILT.get(vault)
    if built is None:
        built = _BUILT[vault] = []
    built.insert(0, (weakref.ref(G), clock.tick))
    del built[3:]
    _ROWS_OF[G] = (clock.tick, rows)
    if found is not None:
        _PREVIOUS[G] = weakref.ref(found[0])
    return G


def _names_given(edges: Iterable[tuple[Hashable, Hashable, dict[str, Any]]]) -> dict[Hashable, set[Hashable]]:
    """Whose names each person gave: the other ends of their referrals.

    Finding someone yourself (``source`` = ``self``) is not giving a name.
    """
    given: dict[Hashable, set[Hashable]] = defaultdict(set)
    for u, v, d in edges:
        if d.get("kind") == "referred" and d.get("source") != "self" and u != v:
            given[u].add(v)
    return given


@without_gc
def public_view(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` without private nodes, their edges, and edges from private notes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from :func:`build_graph`.

    Returns
    -------
    ReferralGraph
        A new graph; ``names_given`` is recounted so it reveals nothing about
        the private people left out, and a contact whose company note is
        private loses ``company`` and ``company_id``.

    Examples
    --------
    >>> all(not d["private"] for _, d in public_view(G).nodes(data=True))  # doctest: +SKIP
    True
    """
    nodes, edges = _public_parts(G)
    H = ReferralGraph(**G.graph)
    _fill(H, nodes, ((u, v, k, dict(d)) for u, v, k, d in edges))
    return H


def _public_edges(G: nx.MultiDiGraph) -> tuple[set[Hashable], _EdgeRows, dict[Hashable, set[Hashable]]]:
    """The public nodes, the public edges (attributes shared with ``G``) and whose names each gave among them."""
    keep = {n for n, d in G.nodes(data=True) if not d.get("private")}
    edges = [(u, v, k, d) for u, v, k, d in _all_edges(G) if u in keep and v in keep and not d.get("private")]
    return keep, edges, _names_given((u, v, d) for u, v, _, d in edges)


def _public_parts(G: nx.MultiDiGraph) -> tuple[_NodeRows, _EdgeRows]:
    """The nodes (attributes copied and adjusted) and edges (attributes shared with ``G``) of :func:`public_view`.

    In ``G``'s iteration order, so :func:`to_node_link` can write the public
    data without building the view's graph first (a third of its time on a
    100,000-contact vault).
    """
    keep, edges, given = _public_edges(G)
    nodes = []
    for n, attrs in G.nodes(data=True):
        if n not in keep:
            continue
        nodes.append((n, _public_attrs(attrs, keep, given.get(n, ()))))
    return nodes, edges


def _public_attrs(attrs: dict[str, Any], keep: set[Hashable], given: Iterable[Hashable]) -> dict[str, Any]:
    """A copy of a public node's attributes as the public view has them."""
    d = dict(attrs)
    if d.get("company_id") is not None and d["company_id"] not in keep:
        # The employer's note is private: its name goes with it.
        d["company"] = d["company_id"] = None
    # Recounted so the count reveals nothing about the private people left out.
    d["names_given"] = len(given)  # type: ignore[arg-type]
    return d


#: Values written as lists of strings in node-link data.
_SEQUENCES = (list, tuple, set, frozenset)


def _json_value(value: Any) -> Any:
    if isinstance(value, _SEQUENCES):
        return [str(x) for x in value]
    return value


def _json_row(row: dict[str, Any], attrs: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    """``row`` then ``attrs`` (sequences as lists of strings), without the ``hidden`` names.

    A C-level copy and a patch of the few sequences, rather than a value at
    a time: this runs once per node and edge of a 100,000-contact graph.
    """
    row.update(attrs)
    for k, v in attrs.items():
        if isinstance(v, _SEQUENCES):
            row[k] = [str(x) for x in v]
    for k in hidden:
        row.pop(k, None)
    return row


#: Edge attributes renamed in node-link data, where ``source`` names the edge's tail.
_JSON_EDGE_NAMES = {"source": "origin"}


@without_gc
def to_node_link(G: nx.MultiDiGraph, public: bool = True, hidden_fields: Iterable[str] = ()) -> dict[str, Any]:
    """JSON-ready node-link data of the graph (the site's ``/graph.json``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from :func:`build_graph`.
    public : bool, default True
        Leave out private notes, their edges and edges from private notes.
    hidden_fields : iterable of str
        Attribute names never to include (the config's ``site.hidden_fields``,
        e.g. ``role``); contact details are never in the graph at all. Hiding
        ``referred_by`` or ``referrals`` also leaves out the referral edges
        read from that field (and prospects named only there); hiding
        ``company`` leaves out the ``works_at`` edges.

    Returns
    -------
    dict
        ``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [...],
        "edges": [...]}``: NetworkX's node-link layout (read it back with
        ``networkx.node_link_graph(data)``); every value is a string, number,
        boolean, null or list of strings. The edge attribute ``source``
        (referred_by, referrals, self) is written as ``origin``, because in
        node-link data ``source`` is the edge's tail.

    Notes
    -----
    The public data of a graph :func:`build_graph` made from a reloaded
    vault (:mod:`infoview.lineage`) is written from the public data of a
    graph of the vault it came from (unchanged since): a node's row, and a
    node's block of out-edge rows, whose inputs are equal there are that
    data's very dicts, so the two results share rows. Treat the result as
    read-only (``json.dumps`` it; copy it before changing it).

    Examples
    --------
    >>> data = to_node_link(G, hidden_fields={"role"})  # doctest: +SKIP
    >>> json.dumps(data)  # doctest: +SKIP
    """
    hidden = set(hidden_fields) - {"id", "source", "target", "key", "kind", "name"}
    clock = _clock_of(G) if public else None
    if clock is None:
        return _node_link(G, public, hidden)
    key = tuple(sorted(hidden))
    data, blocks = _public_node_link(G, hidden, _node_link_before(G, key))
    data._blocks = blocks
    _NODE_LINK[G] = (clock.tick, key, weakref.ref(data))
    return data


#: Where a node's out-edges are in node-link data: (first row, end, how many names it gave, the heads of its rows).
_Block = tuple[int, int, int, tuple[Hashable, ...]]


class _NodeLink(dict):
    """Node-link data (a plain dict to every reader) that can be held weakly, with where each node's edges are.

    Kept for the next graph only while its caller keeps it (the site keeps
    each build's ``graph.json`` data): a big graph's data is not held by a
    cache nobody will read.
    """

    __slots__ = ("__weakref__", "_blocks")
    _blocks: dict[Hashable, _Block]


#: Per graph: its public node-link data (weakly), with the graph's clock then and the hidden names.
_NODE_LINK: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, tuple[str, ...], weakref.ReferenceType[_NodeLink]]] = (
    weakref.WeakKeyDictionary()
)


def _node_link_before(
    G: nx.MultiDiGraph, key: tuple[str, ...]
) -> tuple[nx.MultiDiGraph, dict[str, Any], dict[Hashable, _Block]] | None:
    """The graph ``G`` was built after (a reloaded vault's parent's), its public node-link data and blocks,
    when that data was made with the same hidden names and that graph has not changed since."""
    for old in _earlier(G):
        kept = _NODE_LINK.get(old)
        data = kept[2]() if kept is not None else None
        if data is not None and kept[0] == old._clock.tick and kept[1] == key:  # type: ignore[index]
            return old, data, data._blocks
    return None


def _node_link(G: nx.MultiDiGraph, public: bool, hidden: set[str]) -> dict[str, Any]:
    """:func:`to_node_link` of any graph, from scratch."""
    if public:
        keep, kept_edges, given = _public_edges(G)
    else:
        kept_edges = G.edges(keys=True, data=True)
    # An edge read from a hidden field (who referred whom, where someone works) goes with the field,
    # and so does a prospect only such edges named.
    kept_edges = [
        (u, v, k, d)
        for u, v, k, d in kept_edges
        if d.get("source") not in hidden and not (d.get("kind") == "works_at" and "company" in hidden)
    ]
    linked = {n for u, v, _, _ in kept_edges for n in (u, v)}
    if public:
        nodes = [
            _json_row({"id": n}, _public_attrs(d, keep, given.get(n, ())), hidden)
            for n, d in G.nodes(data=True)
            if n in keep and (d.get("kind") != "prospect" or n in linked)
        ]
    else:
        nodes = [_json_row({"id": n}, d, hidden) for n, d in G.nodes(data=True) if d.get("kind") != "prospect" or n in linked]
    edges = [_json_edge(u, v, k, d, hidden) for u, v, k, d in kept_edges]
    graph = {k: _json_value(v) for k, v in G.graph.items() if k not in hidden}
    return {"directed": True, "multigraph": True, "graph": graph, "nodes": nodes, "edges": edges}


def _public_node_link(
    G: ReferralGraph, hidden: set[str], before: tuple[nx.MultiDiGraph, dict[str, Any], dict[Hashable, _Block]] | None
) -> tuple[_NodeLink, dict[Hashable, _Block]]:
    """The public :func:`to_node_link` of a :class:`ReferralGraph`, a node's out-edges at a time, and their blocks.

    The same rows in the same order as :func:`_node_link` (edges are listed
    by tail in node order, as ``G.edges`` does). With ``before`` (an older
    graph unchanged since its data was made, that data and its blocks), a
    node's block of edge rows is the older data's (the same dicts) when the
    node's out-edges equal the older graph's (ends, keys, attributes) and
    neither it nor any head became public or private: its rows, the names it
    gave and the prospects it links read nothing else. Node rows: see
    :func:`_public_node_rows`.
    """
    node_attrs, succ = G._node, G._succ
    keep = {n for n, d in node_attrs.items() if not d.get("private")}
    drop_works = "company" in hidden
    if before is not None:
        old, data, old_blocks = before
        old_succ, old_edges = old._succ, data["edges"]
        flipped = keep.symmetric_difference(n for n, d in old._node.items() if not d.get("private"))
    edges: list[dict[str, Any]] = []
    blocks: dict[Hashable, _Block] = {}
    given: dict[Hashable, int] = {}
    linked: set[Hashable] = set()
    for u, nbrs in succ.items():
        if u not in keep:
            continue
        hit = old_blocks.get(u) if before is not None else None
        if hit is not None and u not in flipped and flipped.isdisjoint(nbrs) and nbrs == old_succ[u]:
            start, end, count, heads = hit
            blocks[u] = (len(edges), len(edges) + end - start, count, heads)
            edges += old_edges[start:end]
        else:
            start = len(edges)
            gave: set[Hashable] = set()
            shown: dict[Hashable, None] = {}
            for v, keys in nbrs.items():
                if v not in keep:
                    continue
                for k, d in keys.items():
                    if d.get("private"):
                        continue
                    if d.get("kind") == "referred" and d.get("source") != "self" and u != v:
                        gave.add(v)
                    if d.get("source") in hidden or (drop_works and d.get("kind") == "works_at"):
                        continue
                    edges.append(_json_edge(u, v, k, d, hidden))
                    shown[v] = None
            count, heads = len(gave), tuple(shown)
            blocks[u] = (start, len(edges), count, heads)
        if count:
            given[u] = count
        if heads:
            linked.add(u)
            linked.update(heads)
    if before is None:
        nodes = []
        for n, d in node_attrs.items():
            if n in keep and (n in linked or d.get("kind") != "prospect"):
                row = _json_row({"id": n}, _public_attrs(d, keep, ()), hidden)
                if "names_given" not in hidden:
                    row["names_given"] = given.get(n, 0)
                nodes.append(row)
    else:
        nodes = _public_node_rows(G, keep, given, linked, hidden, old, data)
    graph = {k: _json_value(v) for k, v in G.graph.items() if k not in hidden}
    data = _NodeLink(directed=True, multigraph=True, graph=graph, nodes=nodes, edges=edges)
    return data, blocks


def _json_edge(u: Hashable, v: Hashable, k: Any, d: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    if "source" in d:
        # Renamed (see _JSON_EDGE_NAMES); hidden names are matched before renaming.
        row = {"source": u, "target": v, "key": k}
        for a, x in d.items():
            if a not in hidden:
                row[_JSON_EDGE_NAMES.get(a, a)] = _json_value(x)
        return row
    return _json_row({"source": u, "target": v, "key": k}, d, hidden)


def _public_node_rows(
    G: nx.MultiDiGraph,
    keep: set[Hashable],
    given: dict[Hashable, int],
    linked: set[Hashable],
    hidden: set[str],
    old: nx.MultiDiGraph,
    data: dict[str, Any],
) -> list[dict[str, Any]]:
    """The public node rows, ``data``'s (made from ``old``, unchanged since) where the inputs are equal.

    A row is a function of the node's attributes, the public count of the
    names it gave, whether its employer is public, and the hidden names (the
    same for both). Reused when the attributes equal ``old``'s, the count
    equals the old row's, and the employer is public in both graphs or in
    neither. A list inside an attribute can change without ``old``'s clock
    seeing it, so ``tags`` is compared with the old row as well.
    """
    old_node = old._node
    old_rows = {row["id"]: row for row in data["nodes"]}
    check_names, check_tags = "names_given" not in hidden, "tags" not in hidden
    nodes = []
    for n, d in G._node.items():
        if n not in keep or (n not in linked and d.get("kind") == "prospect"):
            continue
        mine = given.get(n, 0)
        row = old_rows.get(n)
        if row is not None and d == old_node.get(n):
            firm = d.get("company_id")
            if (
                (firm is None or (firm in keep) == (firm in old_node and not old_node[firm].get("private")))
                and (not check_names or row["names_given"] == mine)
                and (not check_tags or row.get("tags") == d.get("tags"))
            ):
                nodes.append(row)
                continue
        row = _json_row({"id": n}, _public_attrs(d, keep, ()), hidden)
        if check_names:
            row["names_given"] = mine
        nodes.append(row)
    return nodes


# -- what the analyses share ---------------------------------------------------

T = TypeVar("T")

#: Per ReferralGraph: what the analyses computed, as key -> (the graph's clock then, value).
_SHARED: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[Hashable, tuple[int, Any]]] = weakref.WeakKeyDictionary()


def _clock_of(G: nx.MultiDiGraph) -> _Clock | None:
    """The clock that sees every change to ``G``; None for a plain graph or a view of another graph."""
    clock = getattr(G, "_clock", None)
    nodes = getattr(G, "_node", None)
    # A view (G.subgraph, G.reverse(copy=False)) is made of another graph's dicts, or filters over them.
    if clock is None or type(nodes) is not _Tracked or nodes._clock is not clock:
        return None
    return clock


def _shared(G: nx.MultiDiGraph, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, kept for ``G`` until ``G`` changes (see :class:`ReferralGraph`); always fresh for other graphs.

    The value is shared by every caller: never mutate it, and copy it before
    handing it to a user.
    """
    clock = _clock_of(G)
    if clock is None:
        return compute()
    kept = _SHARED.get(G)
    if kept is None:
        kept = _SHARED[G] = {}
    tick = clock.tick
    hit = kept.get(key)
    if hit is not None and hit[0] == tick:
        return hit[1]
    value = compute()
    kept[key] = (tick, value)
    return value


def _all_edges(G: nx.MultiDiGraph) -> Iterable[tuple[Hashable, Hashable, Any, dict[str, Any]]]:
    """``G.edges(keys=True, data=True)``; straight from the dicts of a :class:`ReferralGraph` (a third faster)."""
    if _clock_of(G) is None:
        return G.edges(keys=True, data=True)
    return ((u, v, k, d) for u, nbrs in G._succ.items() for v, keys in nbrs.items() for k, d in keys.items())


class _Edges(NamedTuple):
    """The edges the analyses read, by kind, in ``G.edges`` order.

    Rows hold only strings and tuples (no attribute dicts), so once kept they
    cost the cyclic garbage collector nothing.
    """

    #: (referrer, referred, source, rank) of each ``referred`` edge; rank as :func:`infoview.referrals.rank_of`.
    referred: list[tuple[Hashable, Hashable, Any, tuple]]
    works_at: list[tuple[Hashable, Hashable]]


def _edges(G: nx.MultiDiGraph) -> _Edges:
    """One pass over the edges for every analysis (on a big graph each pass costs as much as most analyses)."""

    def scan() -> _Edges:
        referred: list[tuple[Hashable, Hashable, Any, tuple]] = []
        works_at: list[tuple[Hashable, Hashable]] = []
        for u, v, _, d in _all_edges(G):
            kind = d.get("kind")
            if kind == "referred":
                source = d.get("source")
                referred.append((u, v, source, rank_of(source, d.get("date"), d.get("interview"))))
            elif kind == "works_at":
                works_at.append((u, v))
        return _Edges(referred, works_at)

    return _shared(G, "edges", scan)


# -- chains --------------------------------------------------------------------


def _parents(G: nx.MultiDiGraph) -> dict[Hashable, Hashable | None]:
    """:func:`referral_parents`, shared (read-only) by the analyses that need the chains."""
    return _shared(G, "parents", lambda: _search_parents(G))


def _search_parents(G: nx.MultiDiGraph) -> dict[Hashable, Hashable | None]:
    """The chains' search, or the older graph's answer when its ``referred`` edges were the same.

    The search reads nothing but the ``referred`` edges (ends and rank, in
    order) and the owner: a graph built from a reloaded vault
    (:data:`_PREVIOUS`) whose list equals that of a graph of the vault it
    came from (unchanged since built), has that graph's parents.
    """
    if OWNER not in G:
        return {}
    mine = _ROWS_OF.get(G)
    for old in _earlier(G):
        kept = _SHARED.get(old, {})
        parents = kept.get("parents")
        if parents is None or parents[0] != old._clock.tick:
            continue
        # Both graphs as built: the referred edges, in order, follow from the node order and the rows
        # (each row one edge, keys distinct from the other kinds'), so equal ones make equal edges.
        theirs = _ROWS_OF.get(old)
        if (
            mine is not None
            and theirs is not None
            and mine[0] == G._clock.tick
            and (mine[1] is theirs[1] or mine[1] == theirs[1])
            and list(G._node) == list(old._node)
        ):
            return parents[1]
        edges = kept.get("edges")
        if edges is not None and edges[0] == old._clock.tick and edges[1].referred == _edges(G).referred:
            return parents[1]
    return chain_parents(((u, v, r) for u, v, _, r in _edges(G).referred), OWNER)


def _edge_rank(d: dict[str, Any]) -> tuple:
    return rank_of(d.get("source"), d.get("date"), d.get("interview"))


def referral_parents(G: nx.MultiDiGraph) -> dict[Hashable, Hashable | None]:
    """Each reachable node's referrer on its chain from the owner (the owner maps to None).

    Parameters
    ----------
    G : networkx.MultiDiGraph

    Returns
    -------
    dict
        See :func:`infoview.referrals.chain_parents`: a person's own
        ``referred_by`` wins, then the earliest interview that gave their
        name, then "found them yourself"; cycles and dangling referrers fall
        back to other facts. Nodes absent from the dict have no chain.

    Examples
    --------
    >>> referral_parents(G)["contacts/devon-achebe.md"]  # doctest: +SKIP
    'contacts/beatriz-calloway.md'
    """
    return dict(_parents(G))


def referral_chain(G: nx.MultiDiGraph, node: Hashable, parents: dict | None = None) -> list[Hashable]:
    """The referral chain from the owner to ``node``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    node : node id
    parents : dict, optional
        A precomputed :func:`referral_parents`, to answer many chains in O(depth) each.

    Returns
    -------
    list
        ``[OWNER, ..., node]``, every step a ``referred`` edge; ``[]`` when no
        chain reaches ``node`` (or it is not in the graph).

    Examples
    --------
    >>> [G.nodes[n]["name"] for n in referral_chain(G, "contacts/tomasz-wojcik.md")]  # doctest: +SKIP
    ['Tessa Lindqvist', 'Beatriz Calloway', 'Devon Achebe', 'Ruth Kimani', 'Tomasz Wojcik']
    """
    if node not in G:
        return []
    if node == OWNER:
        return [OWNER]
    if parents is None:
        quick = _preferred_walk(G, node)
        if quick:
            return quick
        parents = _parents(G)
    return chain_from(parents, node)


def _preferred_walk(G: nx.MultiDiGraph, node: Hashable) -> list[Hashable]:
    """Follow each person's preferred referrer up to the owner: O(depth), the usual case."""
    chain = [node]
    seen = {node}
    while chain[-1] != OWNER:
        best = None
        for u, _, d in G.in_edges(chain[-1], data=True):
            if d.get("kind") == "referred" and u != chain[-1]:
                r = _edge_rank(d)
                if best is None or (r, str(u)) < best[0]:
                    best = ((r, str(u)), u)
        if best is None or best[1] in seen:
            return []  # dangling or circular: let the full search decide
        seen.add(best[1])
        chain.append(best[1])
    chain.reverse()
    return chain


def referral_depth(G: nx.MultiDiGraph, node: Hashable) -> int | None:
    """How many referrals separate the owner from ``node`` (None when unreachable)."""
    chain = referral_chain(G, node)
    return len(chain) - 1 if chain else None


@without_gc
def unreachable(G: nx.MultiDiGraph) -> list[Hashable]:
    """People (contacts and prospects) no referral chain from the owner reaches.

    Parameters
    ----------
    G : networkx.MultiDiGraph

    Returns
    -------
    list
        Node ids sorted by name: usually a ``referred_by`` caught in a cycle
        or pointing at a name nobody gave you.

    Examples
    --------
    >>> unreachable(G)  # doctest: +SKIP
    []
    """
    parents = _parents(G)
    return sorted(
        (n for n, d in G.nodes(data=True) if d.get("kind") in _PEOPLE and n not in parents),
        key=lambda n: (fold(G.nodes[n]["name"]), str(n)),
    )


@without_gc
def referral_cycles(G: nx.MultiDiGraph) -> list[list[Hashable]]:
    """Circular ``referred_by`` keys: A says B referred them, B says A did.

    Only the contacts' own ``referred_by`` keys count: an interview naming
    someone you already know is normal, not circular. A contact naming
    themselves is a cycle of one.

    Parameters
    ----------
    G : networkx.MultiDiGraph

    Returns
    -------
    list of list
        Each cycle once, in referral order (each node referred the next, the
        last referred the first), rotated to start at its smallest id; sorted.
        Each person has at most one ``referred_by``, so this is O(n).

    Examples
    --------
    >>> referral_cycles(G)  # doctest: +SKIP
    [['contacts/a.md', 'contacts/b.md']]
    """
    referrer: dict[Hashable, Hashable] = {}
    for u, v, source, _ in _edges(G).referred:
        if source == "referred_by":
            referrer[v] = u
    state: dict[Hashable, int] = {}  # 1 on the current walk, 2 finished
    cycles: list[list[Hashable]] = []
    for start in referrer:
        walk: list[Hashable] = []
        node: Hashable | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = referrer.get(node)
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node):]
            cycle.reverse()  # walk follows referrer links backwards
            i = min(range(len(cycle)), key=lambda j: str(cycle[j]))
            cycles.append(cycle[i:] + cycle[:i])
        for n in walk:
            state[n] = 2
    return sorted(cycles, key=lambda c: [str(n) for n in c])


# -- connectors and yield --------------------------------------------------------


#: A plain graph's last betweenness, with the inputs it came from (dropped when the graph is).
_BetweennessEntry = tuple[list[int], list[Hashable], list[list[int]], dict[Hashable, float]]
_BETWEENNESS_CACHE: weakref.WeakKeyDictionary[nx.MultiDiGraph, _BetweennessEntry] = weakref.WeakKeyDictionary()


def _betweenness(G: nx.MultiDiGraph, seed: int) -> dict[Hashable, float]:
    """Bridges between clusters: betweenness on the undirected people-and-companies graph.

    The owner is left out (they touch everyone, which would hide every other
    bridge). Normalised as :func:`networkx.betweenness_centrality` does; exact
    up to :data:`EXACT_BETWEENNESS_MAX` nodes, else from sampled pivots.

    :func:`connectors` and :func:`bridges` both need these scores, and the
    search is most of their time, so the result is kept per graph: on a
    :class:`ReferralGraph` until it changes; on another graph while the
    nodes, the undirected adjacency and the pivots are unchanged (rebuilt
    and compared every call). Either way an edited graph is recomputed,
    never served stale scores. Callers must not mutate the returned dict.
    """
    key = ("betweenness", seed, EXACT_BETWEENNESS_MAX, BETWEENNESS_SAMPLES, _BETWEENNESS_BUDGET)
    if _clock_of(G) is not None:
        return _shared(G, key, lambda: _scores(*_betweenness_inputs(G, seed)))
    nodes, adj, sources = _betweenness_inputs(G, seed)
    cached = _BETWEENNESS_CACHE.get(G)
    if cached is not None and cached[0] == sources and cached[1] == nodes and cached[2] == adj:
        return cached[3]
    scores = _scores(nodes, adj, sources)
    _BETWEENNESS_CACHE[G] = (sources, nodes, adj, scores)
    return scores


def _betweenness_inputs(G: nx.MultiDiGraph, seed: int) -> tuple[list[Hashable], list[list[int]], list[int]]:
    """The nodes (owner left out), their sorted undirected neighbours by index, and the pivots."""
    nodes = [n for n in G if n != OWNER]
    index = {n: i for i, n in enumerate(nodes)}
    neighbours: list[set[int]] = [set() for _ in nodes]
    found = _edges(G)
    for u, v, _, _ in found.referred:
        if u != OWNER and v != OWNER and u != v:
            neighbours[index[u]].add(index[v])
            neighbours[index[v]].add(index[u])
    for u, v in found.works_at:
        if u != OWNER and v != OWNER and u != v:
            neighbours[index[u]].add(index[v])
            neighbours[index[v]].add(index[u])
    adj = [sorted(x) for x in neighbours]
    n = len(nodes)
    if n <= EXACT_BETWEENNESS_MAX:
        sources: list[int] = list(range(n))
    else:
        import random

        edges = sum(len(a) for a in adj) // 2
        k = max(4, min(BETWEENNESS_SAMPLES, _BETWEENNESS_BUDGET // (n + edges)))
        sources = random.Random(seed).sample(range(n), min(k, n))
    return nodes, adj, sources


def _scores(nodes: list[Hashable], adj: list[list[int]], sources: list[int]) -> dict[Hashable, float]:
    n = len(nodes)
    raw = _brandes(adj, sources)
    scale = (1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0) * (n / len(sources) if sources else 0.0)
    return {nodes[i]: raw[i] * scale for i in range(n)}


def _brandes(adj: list[list[int]], sources: Iterable[int]) -> list[float]:
    """Brandes' accumulation for an unweighted graph over the given sources.

    Plain lists indexed by int, and predecessors found again from distances
    instead of stored: about three times faster than the general routine,
    which matters when a 100,000-contact graph is sampled.
    """
    n = len(adj)
    score = [0.0] * n
    for s in sources:
        dist = [-1] * n
        sigma = [0] * n
        dist[s] = 0
        sigma[s] = 1
        order = [s]
        i = 0
        while i < len(order):
            v = order[i]
            i += 1
            dv = dist[v] + 1
            sv = sigma[v]
            for w in adj[v]:
                if dist[w] < 0:
                    dist[w] = dv
                    order.append(w)
                if dist[w] == dv:
                    sigma[w] += sv
        delta = [0.0] * n
        for w in reversed(order):
            dw = dist[w] - 1
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in adj[w]:
                if dist[v] == dw:
                    delta[v] += sigma[v] * coeff
            if w != s:
                score[w] += delta[w]
    return score


@without_gc
def connectors(G: nx.MultiDiGraph, top: int | None = 10, *, betweenness: bool = True, seed: int = 0) -> list[dict[str, Any]]:
    """The people whose names did the most for the campaign.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    top : int or None, default 10
        How many to return (None: all who gave a name).
    betweenness : bool, default True
        Also compute betweenness (exact up to :data:`EXACT_BETWEENNESS_MAX`
        nodes, else sampled with ``seed``).
    seed : int

    Returns
    -------
    list of dict
        ``{"id", "name", "names_given", "reach", "depth", "betweenness"}`` for
        people who gave at least one name, most names first, then the widest
        reach (how many people their names led to, directly or further down
        the chains), then name. ``betweenness`` is None when not computed.

    Examples
    --------
    >>> connectors(G, top=1)[0]["name"]  # doctest: +SKIP
    'Beatriz Calloway'
    """
    parents = _parents(G)
    reach = _shared(G, "reach", lambda: reach_counts(parents))
    rows = []
    for n, d in G.nodes(data=True):
        if d.get("kind") not in _PEOPLE or not d.get("names_given"):
            continue
        chain = chain_from(parents, n)
        rows.append(
            {
                "id": n,
                "name": d["name"],
                "names_given": d["names_given"],
                "reach": reach.get(n, 0),
                "depth": len(chain) - 1 if chain else None,
                "betweenness": None,
            }
        )
    rows.sort(key=lambda r: (-r["names_given"], -r["reach"], fold(r["name"]), str(r["id"])))
    if top is not None:
        rows = rows[:top]
    if betweenness and rows:
        scores = _betweenness(G, seed)
        for row in rows:
            row["betweenness"] = round(scores.get(row["id"], 0.0), 6)
    return rows


@without_gc
def bridges(G: nx.MultiDiGraph, top: int | None = 5, *, seed: int = 0) -> list[dict[str, Any]]:
    """The people who link otherwise separate parts of your network.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    top : int or None, default 5
    seed : int
        Seed for the sampled estimate on big graphs.

    Returns
    -------
    list of dict
        ``{"id", "name", "betweenness"}`` for people with a non-zero
        betweenness on the undirected graph of referrals and employers (the
        owner left out), highest first. Exact up to
        :data:`EXACT_BETWEENNESS_MAX` nodes, else estimated from a sample of
        pivots sized so the work stays near-linear.

    Examples
    --------
    >>> bridges(G, top=1)[0]["name"]  # doctest: +SKIP
    'Beatriz Calloway'
    """
    scores = _betweenness(G, seed)
    rows = [
        {"id": n, "name": G.nodes[n]["name"], "betweenness": round(s, 6)}
        for n, s in scores.items()
        if s > 0 and G.nodes[n].get("kind") in _PEOPLE
    ]
    rows.sort(key=lambda r: (-r["betweenness"], fold(r["name"]), str(r["id"])))
    return rows if top is None else rows[:top]


def _meetings(G: nx.MultiDiGraph) -> dict[Hashable, tuple[str, ...]]:
    """Who you met (the owner's ``met`` edges): node -> the dates, shared read-only."""

    def collect() -> dict[Hashable, tuple[str, ...]]:
        met: dict[Hashable, list[str]] = defaultdict(list)
        for _, v, d in G.out_edges(OWNER, data=True) if OWNER in G else ():
            if d.get("kind") == "met":
                met[v].append(d.get("date") or "")
        # Tuples: kept per graph, and tuples of strings cost the garbage collector nothing.
        return {v: tuple(dates) for v, dates in met.items()}

    return _shared(G, "meetings", collect)


@without_gc
def referral_yield(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Names given per done meeting, overall and per person.

    Parameters
    ----------
    G : networkx.MultiDiGraph

    Returns
    -------
    dict
        ``{"meetings", "names", "yield", "people": {id: {"name", "meetings",
        "names", "yield"}}}``. ``names`` counts distinct people each person
        led you to (their interviews' lists and others' ``referred_by``);
        ``yield`` is names / meetings, None without meetings. ``people`` lists
        everyone met or who gave a name.

    Examples
    --------
    >>> referral_yield(G)["yield"]  # doctest: +SKIP
    1.09
    """
    met = _meetings(G)
    people: dict[Hashable, dict[str, Any]] = {}
    for n, d in G.nodes(data=True):
        if d.get("kind") not in _PEOPLE:
            continue
        meetings = len(met.get(n, ()))
        names = d.get("names_given", 0)
        if meetings or names:
            people[n] = {"name": d["name"], "meetings": meetings, "names": names, "yield": round(names / meetings, 3) if meetings else None}
    total_meetings = sum(len(v) for v in met.values())
    total_names = sum(p["names"] for p in people.values())
    return {
        "meetings": total_meetings,
        "names": total_names,
        "yield": round(total_names / total_meetings, 3) if total_meetings else None,
        "people": people,
    }


@without_gc
def dead_ends(G: nx.MultiDiGraph) -> list[Hashable]:
    """Contacts you met who gave no names: ask them again, or ask why not.

    Returns
    -------
    list
        Node ids, the most recently met first.

    Examples
    --------
    >>> [G.nodes[n]["name"] for n in dead_ends(G)]  # doctest: +SKIP
    ['Nadia Farouk', 'Hollis Grant']
    """
    met = _meetings(G)
    ends = [n for n in met if G.nodes[n].get("kind") == "contact" and not G.nodes[n].get("names_given")]
    return sorted(ends, key=lambda n: (max(met[n]), str(n)), reverse=True)


# -- warm paths ------------------------------------------------------------------------


@dataclass(frozen=True)
class WarmPath:
    """A chain of acquaintances from the owner to one target person.

    ``path`` starts at the owner; ``ask`` is who to ask for the introduction
    (the person before the target; None when you already know the target),
    ``cost`` is what :func:`warm_paths` minimised (lower is warmer).
    """

    target: Hashable
    path: tuple[Hashable, ...]
    cost: int
    ask: Hashable | None

    @property
    def hops(self) -> int:
        return len(self.path) - 1


def _warmth(d: dict[str, Any], met: bool) -> str:
    if met or d.get("status") == "met":
        return "met"
    if d.get("status") in ("contacted", "scheduled", "dormant"):
        return "known"
    return "unknown"


def find_targets(G: nx.MultiDiGraph, query: str) -> tuple[str, list[Hashable]]:
    """The people a query means: a person, a company, a tag or a field.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    query : str
        A node id, a person's or company's name (case-insensitive), a tag
        (with or without ``#``) or part of a field (``"recruiting"`` matches
        ``"In-house tech recruiting"``); tried in that order.

    Returns
    -------
    (str, list)
        What matched (``"person"``, ``"company"``, ``"tag"``, ``"field"`` or
        ``"none"``) and the people it means (contacts and prospects).

    Examples
    --------
    >>> find_targets(G, "Cedarline RPO")  # doctest: +SKIP
    ('company', ['contacts/andre-mills.md', 'contacts/ines-moreau.md', 'contacts/keiko-tanaka.md'])
    """
    key = fold(query)
    people = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") in _PEOPLE]
    if query in G and G.nodes[query].get("kind") in _PEOPLE:
        return "person", [query]
    if query in G and G.nodes[query].get("kind") == "company":
        return "company", sorted(u for u, _, d in G.in_edges(query, data=True) if d.get("kind") == "works_at")
    hits = [n for n, d in people if fold(d["name"]) == key]
    if hits:
        return "person", sorted(hits)
    companies = {n for n, d in G.nodes(data=True) if d.get("kind") == "company" and fold(d["name"]) == key}
    # Thousands of people share a few hundred employer names: fold each name once.
    employers = {name: fold(name) == key for name in {d.get("company") for _, d in people} if name}
    hits = [n for n, d in people if d.get("company_id") in companies or (d.get("company") and employers[d["company"]])]
    if companies or hits:
        return "company", sorted(hits)
    tag = key.lstrip("#")
    hits = [n for n, d in people if any(fold(t).lstrip("#") == tag for t in d.get("tags") or ())]
    if hits:
        return "tag", sorted(hits)
    hits = [n for n, d in people if key and d.get("field") and key in fold(d["field"])]
    if hits:
        return "field", sorted(hits)
    return "none", []


def _acquaintances(G: nx.MultiDiGraph) -> tuple[dict[Hashable, set[Hashable]], dict[Hashable, str]]:
    """Who knows whom: a referral links two people both ways; the owner knows everyone contacted.

    Not kept per graph: a set per person would stay for the garbage
    collector to rescan, for one :func:`warm_paths` search.
    """
    met = _meetings(G)
    warmth = {n: _warmth(d, n in met) for n, d in G.nodes(data=True) if d.get("kind") in _PEOPLE}
    adj: dict[Hashable, set[Hashable]] = defaultdict(set)
    for u, v, _, _ in _edges(G).referred:
        if u == v:
            continue
        if u == OWNER or v == OWNER:
            continue  # the owner's links come from warmth alone
        if u in warmth and v in warmth:
            adj[u].add(v)
            adj[v].add(u)
    for n, w in warmth.items():
        if w != "unknown":
            adj[OWNER].add(n)
    return adj, warmth


@without_gc
def warm_paths(G: nx.MultiDiGraph, target: str | Hashable | Iterable[Hashable], *, limit: int | None = 5) -> list[WarmPath]:
    """The warmest chains of people you know to a target.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    target : str, node id or iterable of node ids
        A query for :func:`find_targets`, or the target people themselves.
    limit : int or None, default 5
        How many paths to return (one per target person).

    Returns
    -------
    list of WarmPath
        The cheapest path to each reachable target, cheapest first. You know
        someone when their status is contacted, scheduled, met or dormant;
        a referral links referrer and referred both ways. Each step costs 1
        to someone you have met, 2 to someone you only contacted, 3 to
        someone you do not know yet, so a chain through people you met wins
        over a shorter one through strangers, and among equals the shorter
        chain wins. One Dijkstra search: O(E log V).

    Examples
    --------
    >>> best = warm_paths(G, "Tomasz Wojcik")[0]  # doctest: +SKIP
    >>> G.nodes[best.ask]["name"]  # doctest: +SKIP
    'Ruth Kimani'
    """
    if isinstance(target, str) and (target not in G or G.nodes[target].get("kind") not in _PEOPLE):
        targets = set(find_targets(G, target)[1])
    elif isinstance(target, str) or not isinstance(target, Iterable):
        targets = {target}
    else:
        targets = set(target)
    targets = {t for t in targets if t in G and t != OWNER}
    if not targets or OWNER not in G:
        return []
    adj, warmth = _acquaintances(G)
    # (cost, hops, name): deterministic, and among equal costs fewer hops first.
    dist: dict[Hashable, tuple[int, int]] = {OWNER: (0, 0)}
    parent: dict[Hashable, Hashable] = {}
    heap: list[tuple[int, int, str, Hashable]] = [(0, 0, "", OWNER)]
    done: set[Hashable] = set()
    found: list[Hashable] = []
    while heap:
        cost, hops, _, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        if u in targets:
            found.append(u)
            if limit is not None and len(found) >= limit:
                break
            if len(found) == len(targets):
                break
            continue  # a chain goes *to* a target, not through one
        for v in adj.get(u, ()):
            if v in done:
                continue
            new = (cost + _STEP_COST[warmth[v]], hops + 1)
            if v not in dist or new < dist[v]:
                dist[v] = new
                parent[v] = u
                heapq.heappush(heap, (new[0], new[1], str(v), v))
    out = []
    for t in found:
        path = [t]
        while path[-1] != OWNER:
            path.append(parent[path[-1]])
        path.reverse()
        out.append(WarmPath(t, tuple(path), dist[t][0], path[-2] if len(path) > 2 else None))
    return out


# -- exports ---------------------------------------------------------------------------


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy GraphML/GEXF can store: scalars only, no None, ``label`` = name."""
    H = nx.MultiDiGraph(**{k: v for k, v in G.graph.items() if v is not None})

    def scalar(d: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in d.items():
            if v is None:
                continue
            out[k] = "; ".join(map(str, v)) if isinstance(v, (list, tuple, set, frozenset)) else v
        return out

    for n, d in G.nodes(data=True):
        H.add_node(n, label=d.get("name", str(n)), **scalar({k: v for k, v in d.items() if k != "label"}))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **scalar(d))
    return H


def _strip(G: nx.MultiDiGraph, hidden: Iterable[str]) -> nx.MultiDiGraph:
    hidden = set(hidden) - {"kind", "name"}
    if not hidden:
        return G
    H = nx.MultiDiGraph(**{k: v for k, v in G.graph.items() if k not in hidden})
    H.add_nodes_from((n, {k: v for k, v in d.items() if k not in hidden}) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, {a: x for a, x in d.items() if a not in hidden}) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n") + '"'


_DOT_NODE = {
    "owner": 'shape=doubleoctagon, style=filled, fillcolor="#fde68a"',
    "contact": "shape=box, style=rounded",
    "prospect": "shape=box, style=dashed",
    "company": "shape=folder",
}
_DOT_EDGE = {"referred": "", "met": 'style=dotted, color="#2563eb"', "works_at": 'style=dashed, color="#6b7280", arrowhead=none'}


def to_dot(G: nx.MultiDiGraph) -> str:
    """Graphviz DOT text of the graph, labelled with names (no Graphviz needed to write it).

    Examples
    --------
    >>> print(to_dot(G))  # doctest: +SKIP
    digraph referrals {
    ...
    """
    lines = ["digraph referrals {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for n, d in G.nodes(data=True):
        style = _DOT_NODE.get(d.get("kind", ""), "")
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(d.get('name', n))}{', ' + style if style else ''}];")
    for u, v, d in G.edges(data=True):
        kind = d.get("kind", "")
        label = kind if kind != "met" else f"met {d.get('date') or ''}".strip()
        style = _DOT_EDGE.get(kind, "")
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(label)}{', ' + style if style else ''}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_label(text: str) -> str:
    # Mermaid reads entity codes inside quoted labels; '#' must go first.
    out = str(text).replace("#", "#35;")
    for ch, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"), ("|", "#124;")):
        out = out.replace(ch, code)
    return '"' + " ".join(out.split()) + '"'


_MERMAID_SHAPE = {"owner": ("((", "))"), "contact": ("(", ")"), "prospect": ("[/", "/]"), "company": ("[(", ")]")}
_MERMAID_ARROW = {"referred": "-->", "met": "-.->", "works_at": "---"}


def to_mermaid(G: nx.MultiDiGraph) -> str:
    """A Mermaid ``flowchart LR`` of the graph (renders on GitHub and in MkDocs Material).

    Node ids are ``n0``, ``n1``... (Mermaid ids cannot hold paths); labels
    are the names, escaped. Parallel edges of the same kind are drawn once.

    Examples
    --------
    >>> print(to_mermaid(G).splitlines()[0])  # doctest: +SKIP
    flowchart LR
    """
    ids = {n: f"n{i}" for i, n in enumerate(G)}
    lines = ["flowchart LR"]
    for n, d in G.nodes(data=True):
        left, right = _MERMAID_SHAPE.get(d.get("kind", ""), ("[", "]"))
        lines.append(f"  {ids[n]}{left}{_mermaid_label(d.get('name', n))}{right}")
    drawn: set[tuple] = set()
    for u, v, d in G.edges(data=True):
        kind = d.get("kind", "")
        if (u, v, kind) in drawn:
            continue
        drawn.add((u, v, kind))
        arrow = _MERMAID_ARROW.get(kind, "-->")
        label = "|met|" if kind == "met" else ""
        lines.append(f"  {ids[u]} {arrow}{label} {ids[v]}")
    for kind in ("owner", "prospect", "company"):
        members = [ids[n] for n, d in G.nodes(data=True) if d.get("kind") == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    lines.append("  classDef owner fill:#fde68a,stroke:#92400e")
    lines.append("  classDef prospect stroke-dasharray:4 3")
    lines.append("  classDef company fill:#e5e7eb")
    return "\n".join(lines) + "\n"


@without_gc
def export_graph(G: nx.MultiDiGraph, fmt: str, *, public: bool = False, hidden_fields: Iterable[str] = ()) -> str:
    """The graph as text in one of :data:`FORMATS`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    fmt : {"json", "graphml", "gexf", "dot", "mermaid"}
    public : bool, default False
        Leave out private notes (as the site does).
    hidden_fields : iterable of str
        Attribute names to leave out.

    Returns
    -------
    str
        GraphML and GEXF read back with ``networkx.read_graphml`` /
        ``read_gexf`` and open in Gephi (``label`` holds the name); JSON is
        :func:`to_node_link`.

    Examples
    --------
    >>> text = export_graph(G, "graphml")  # doctest: +SKIP
    """
    import json

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps(to_node_link(G, public=public, hidden_fields=hidden_fields), indent=2, ensure_ascii=False) + "\n"
    H = _strip(public_view(G) if public else G, hidden_fields)
    if fmt == "dot":
        return to_dot(H)
    if fmt == "mermaid":
        return to_mermaid(H)
    flat = _flat(H)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(flat)) + "\n"
    return "\n".join(nx.generate_gexf(flat)) + "\n"
