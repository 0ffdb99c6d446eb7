"""The referral graph: who led to whom, who you met, who works where.

``build_graph(vault)`` returns a :class:`networkx.MultiDiGraph` (one pair of people can be linked by several
facts). Nodes (``kind``): the ``owner`` (``"@owner"``), root of every chain; a ``contact`` or ``company`` note's
vault-relative path; ``"prospect:" + fold(name)`` for a ``prospect``, a name given that has no note yet. Contact
details (email, phone, address) never go in the graph.

Edges (attribute ``kind``): ``referred`` (referrer -> person; ``source`` is ``referred_by``, ``referrals`` with
``interview`` and ``date``, or ``self`` for owner -> a contact nobody referred), ``met`` (owner -> contact, one
per person in each done interview) and ``works_at`` (contact -> company note). Every edge has ``private``.
Private notes stay in the graph for local analysis; :func:`public_graph` is the one place that leaves them out,
for the site's ``/graph.json`` and every ``--public`` export.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .links import fold
from .model import Vault
from .referrals import OWNER, PROSPECT_PREFIX, Referral, chain_from, chain_parents, loops, rank, reach_counts, referrals

__all__ = [
    "EXACT_BETWEENNESS_MAX",
    "FORMATS",
    "OWNER",
    "PROSPECT_PREFIX",
    "WarmPath",
    "bridges",
    "build_graph",
    "connectors",
    "dead_ends",
    "export_graph",
    "find_targets",
    "public_graph",
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
#: Edge attributes renamed in node-link data, where ``source`` names the edge's tail.
_JSON_EDGE_NAMES = {"source": "origin"}
Hides = Callable[[str], bool] | Iterable[str]


def _node(kind: str, name: str, note: Any = None, **attrs: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": kind, "name": name, "private": False, "status": None, "company": None, "company_id": None,
        "role": None, "field": None, "tags": [], "path": None, "names_given": 0,
    }  # fmt: skip
    if note is not None:
        base.update(private=note.private, path=note.path, tags=list(note.tags))
    return base | attrs


def build_graph(vault: Vault) -> nx.MultiDiGraph:
    """The referral graph of a loaded vault, as described above; ``G.graph["owner"]`` is the owner's name."""
    owner = vault.config.owner
    G = nx.MultiDiGraph(owner=owner)
    G.add_node(OWNER, **_node("owner", owner))
    G.add_nodes_from((company.path, _node("company", company.name, company)) for company in vault.companies)
    for contact in vault.contacts:
        firm = vault.company(contact.company)
        company = firm.name if firm else (contact.company.text if contact.company else None)
        own = {k: getattr(contact, k) for k in ("status", "role", "field")}
        ids = {"company": company, "company_id": firm.path if firm else None}
        G.add_node(contact.path, **_node("contact", contact.name, contact, **ids, **own))
        if firm is not None:
            G.add_edge(contact.path, firm.path, key="works_at", kind="works_at", private=contact.private)
    for r in referrals(vault):
        for node, shown in ((r.referrer, r.referrer_name), (r.referred, r.name)):
            if node.startswith(PROSPECT_PREFIX):
                if node not in G:
                    G.add_node(node, **_node("prospect", shown, private=True, status="prospect"))
                if not r.private:  # a name is public once any public note gives or mentions it
                    G.nodes[node]["private"] = False
        extra = {"interview": r.interview, "date": r.date} if r.interview is not None else {}
        key = f"referrals:{r.interview}" if r.interview is not None else r.source
        G.add_edge(r.referrer, r.referred, key=key, kind="referred", source=r.source, private=r.private, **extra)
    for iv in vault.interviews:
        if iv.status != "done":
            continue
        date = iv.date.isoformat() if iv.date else None
        for who in vault.people(iv):
            attrs = {"kind": "met", "interview": iv.path, "date": date, "private": not vault.public(iv)}
            G.add_edge(OWNER, who.path, key=f"met:{iv.path}", **attrs)
    nx.set_node_attributes(G, _names_given(G.edges(data=True)), "names_given")
    return G


def _names_given(edges: Iterable[tuple[Hashable, Hashable, dict[str, Any]]]) -> dict[Hashable, int]:
    """How many distinct people each person's names led to (finding someone yourself is not giving a name)."""
    pairs = {(u, v) for u, v, d in edges if d.get("kind") == "referred" and d.get("source") != "self" and u != v}
    return Counter(u for u, _ in pairs)


def _copy(G: nx.MultiDiGraph, hidden: Callable[[str], bool], nodes: Iterable, edges: Iterable, fixed: set[str]):
    """A graph of these nodes and edges with the hidden attributes left out (but never those ``fixed``)."""
    H = nx.MultiDiGraph(**{k: v for k, v in G.graph.items() if not hidden(k)})
    H.add_nodes_from((n, {k: v for k, v in d.items() if k in fixed or not hidden(k)}) for n, d in nodes)
    H.add_edges_from((u, v, k, {a: x for a, x in d.items() if a in fixed or not hidden(a)}) for u, v, k, d in edges)
    return H


def _hider(hides: Hides) -> Callable[[str], bool]:
    return hides if callable(hides) else set(hides).__contains__


def public_graph(G: nx.MultiDiGraph, hides: Hides = ()) -> nx.MultiDiGraph:
    """The graph a stranger may see: what the site's ``/graph.json`` and every ``--public`` export are made of.

    Leaves out private nodes, their edges and edges from private notes; ``names_given`` is recounted so it
    reveals nothing about the people left out; a contact whose company note is private loses ``company`` and
    ``company_id``. ``hides`` (the config's ``site.hides``, or names) removes attributes, and the edges read
    from a hidden field (``referred_by``, ``referrals``, ``company``). A prospect left with no edge goes too.
    """
    hidden = _hider(hides)
    keep = {n for n, d in G.nodes(data=True) if not d.get("private")}
    edges = [
        (u, v, k, d)
        for u, v, k, d in G.edges(keys=True, data=True)
        if u in keep
        and v in keep
        and not d.get("private")
        and not hidden(str(d.get("source", "")))
        and not (d.get("kind") == "works_at" and hidden("company"))
    ]
    linked = {n for u, v, _, _ in edges for n in (u, v)}
    nodes = [(n, d) for n, d in G.nodes(data=True) if n in keep and (d.get("kind") != "prospect" or n in linked)]
    H = _copy(G, hidden, nodes, edges, {"kind", "name", "private", "names_given"})
    given = _names_given((u, v, d) for u, v, _, d in edges)
    for n, d in H.nodes(data=True):
        if d.get("company_id") is not None and d["company_id"] not in keep:
            d["company"] = d["company_id"] = None  # the employer's note is private: its name goes with it
        d["names_given"] = given.get(n, 0)
    return H


def _view(G: nx.MultiDiGraph, public: bool, hides: Hides) -> nx.MultiDiGraph:
    """:func:`public_graph`, or (the owner's own export) ``G`` with private notes kept and hidden attributes out."""
    if public:
        return public_graph(G, hides)
    return _copy(G, _hider(hides), G.nodes(data=True), G.edges(keys=True, data=True), {"kind", "name"})


def to_node_link(G: nx.MultiDiGraph, public: bool = True, hidden_fields: Hides = ()) -> dict[str, Any]:
    """JSON-ready NetworkX node-link data of the graph (the site's ``/graph.json``), private notes left out when
    ``public``; lists become lists of strings. The edge attribute ``source`` is written as ``origin``."""
    H = _view(G, public, hidden_fields)
    nodes = [{"id": n, **{k: _json_value(v) for k, v in d.items()}} for n, d in H.nodes(data=True)]
    edges = [
        {"source": u, "target": v, "key": k, **{_JSON_EDGE_NAMES.get(a, a): _json_value(x) for a, x in d.items()}}
        for u, v, k, d in H.edges(keys=True, data=True)
    ]
    graph = {k: _json_value(v) for k, v in H.graph.items()}
    return {"directed": True, "multigraph": True, "graph": graph, "nodes": nodes, "edges": edges}


def _json_value(value: Any) -> Any:
    return [str(x) for x in value] if isinstance(value, (list, tuple, set, frozenset)) else value


def _referred(G: nx.MultiDiGraph) -> list[tuple[Hashable, Hashable, tuple]]:
    return [
        (u, v, rank(Referral(str(u), str(v), "", "", d.get("source", ""), d.get("interview"), d.get("date"))))
        for u, v, d in G.edges(data=True)
        if d.get("kind") == "referred"
    ]


def referral_parents(G: nx.MultiDiGraph) -> dict[Hashable, Hashable | None]:
    """Each reachable node's referrer on its chain from the owner (the owner maps to None; see
    :func:`infoview.referrals.chain_parents`). Nodes absent from the dict have no chain."""
    return chain_parents(_referred(G), OWNER) if OWNER in G else {}


def referral_chain(G: nx.MultiDiGraph, node: Hashable, parents: dict | None = None) -> list[Hashable]:
    """The referral chain ``[OWNER, ..., node]`` (``[]`` when none reaches it); ``parents`` from
    :func:`referral_parents` answers many chains in O(depth) each."""
    if node not in G:
        return []
    return chain_from(parents if parents is not None else referral_parents(G), node)


def _depth(chain: list[Hashable]) -> int | None:
    return len(chain) - 1 if chain else None


def referral_depth(G: nx.MultiDiGraph, node: Hashable) -> int | None:
    """How many referrals separate the owner from ``node`` (None when unreachable)."""
    return _depth(referral_chain(G, node))


def unreachable(G: nx.MultiDiGraph) -> list[Hashable]:
    """People no referral chain from the owner reaches (usually a ``referred_by`` loop), sorted by name."""
    parents = referral_parents(G)
    return sorted(
        (n for n, d in G.nodes(data=True) if d.get("kind") in _PEOPLE and n not in parents),
        key=lambda n: (fold(G.nodes[n]["name"]), str(n)),
    )


def referral_cycles(G: nx.MultiDiGraph) -> list[list[Hashable]]:
    """Circular ``referred_by`` keys (A says B referred them, B says A did), each in referral order; a contact
    naming themselves is a loop of one. The same detection as the ``referral-cycle`` rule."""
    referrer = {
        v: u for u, v, d in G.edges(data=True) if d.get("kind") == "referred" and d.get("source") == "referred_by"
    }
    # loops() starts each cycle at its smallest member and follows referrers; here each node referred the next.
    return sorted(([c[0], *c[:0:-1]] for c in loops(referrer)), key=lambda c: [str(n) for n in c])


def _betweenness(G: nx.MultiDiGraph, seed: int) -> dict[Hashable, float]:
    """Betweenness on the undirected graph of referrals and employers, the owner left out (they touch
    everyone, which would hide every other bridge). Exact up to :data:`EXACT_BETWEENNESS_MAX` nodes, else
    estimated from pivots sampled with ``seed``, as many as keep the work near-linear."""
    U = nx.Graph()
    U.add_nodes_from(n for n in G if n != OWNER)
    U.add_edges_from(
        (u, v)
        for u, v, d in G.edges(data=True)
        if OWNER not in (u, v) and u != v and d.get("kind") in ("referred", "works_at")
    )
    n = U.number_of_nodes()
    if n <= EXACT_BETWEENNESS_MAX:
        return nx.betweenness_centrality(U)
    k = max(4, min(BETWEENNESS_SAMPLES, _BETWEENNESS_BUDGET // (n + U.number_of_edges())))
    return nx.betweenness_centrality(U, k=min(k, n), seed=seed)


def connectors(
    G: nx.MultiDiGraph, top: int | None = 10, *, betweenness: bool = True, seed: int = 0
) -> list[dict[str, Any]]:
    """The people whose names did the most: ``{"id", "name", "names_given", "reach", "depth", "betweenness"}``
    for people who gave a name, most names first, then the widest reach (how many people their names led to,
    down the chains), then name. ``betweenness`` is None when not computed."""
    parents = referral_parents(G)
    reach = reach_counts(parents)
    rows = [
        {
            "id": n,
            "name": d["name"],
            "names_given": d["names_given"],
            "reach": reach.get(n, 0),
            "depth": _depth(chain_from(parents, n)),
            "betweenness": None,
        }
        for n, d in G.nodes(data=True)
        if d.get("kind") in _PEOPLE and d.get("names_given")
    ]
    rows.sort(key=lambda r: (-r["names_given"], -r["reach"], fold(r["name"]), str(r["id"])))
    rows = rows[:top]
    if betweenness and rows:
        scores = _betweenness(G, seed)
        for row in rows:
            row["betweenness"] = round(scores.get(row["id"], 0.0), 6)
    return rows


def bridges(G: nx.MultiDiGraph, top: int | None = 5, *, seed: int = 0) -> list[dict[str, Any]]:
    """The people who link otherwise separate parts of your network: ``{"id", "name", "betweenness"}``
    for people with a non-zero betweenness (see :func:`connectors`), highest first."""
    rows = [
        {"id": n, "name": G.nodes[n]["name"], "betweenness": round(s, 6)}
        for n, s in _betweenness(G, seed).items()
        if s > 0 and G.nodes[n].get("kind") in _PEOPLE
    ]
    rows.sort(key=lambda r: (-r["betweenness"], fold(r["name"]), str(r["id"])))
    return rows[:top]


def _met(G: nx.MultiDiGraph) -> list[tuple[Hashable, dict[str, Any]]]:
    """The owner's ``met`` edges: (person, attributes)."""
    edges = G.out_edges(OWNER, data=True) if OWNER in G else ()
    return [(v, d) for _, v, d in edges if d.get("kind") == "met"]


def _meetings(G: nx.MultiDiGraph) -> dict[Hashable, list[str]]:
    """Who you met: node -> the dates."""
    met: dict[Hashable, list[str]] = defaultdict(list)
    for v, d in _met(G):
        met[v].append(d.get("date") or "")
    return met


def referral_yield(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Names given (distinct people led to) per done meeting, overall and per person (everyone met or who gave
    a name): ``{"meetings", "names", "yield", "people"}``; the yield is None without meetings."""
    met = _meetings(G)
    people: dict[Hashable, dict[str, Any]] = {}
    for n, d in G.nodes(data=True):
        meetings, names = len(met.get(n, ())), d.get("names_given", 0)
        if d.get("kind") in _PEOPLE and (meetings or names):
            people[n] = {"name": d["name"], "meetings": meetings, "names": names, "yield": _ratio(names, meetings)}
    # A group meeting is one meeting, though it is a `met` edge to each person in it.
    total_meetings = len({d.get("interview") for _, d in _met(G)})
    total_names = sum(p["names"] for p in people.values())
    return {
        "meetings": total_meetings,
        "names": total_names,
        "yield": _ratio(total_names, total_meetings),
        "people": people,
    }


def _ratio(names: int, meetings: int) -> float | None:
    return round(names / meetings, 3) if meetings else None


def dead_ends(G: nx.MultiDiGraph) -> list[Hashable]:
    """Contacts you met who gave no names (ask them again, or ask why not), the most recently met first."""
    met = _meetings(G)
    ends = [n for n in met if G.nodes[n].get("kind") == "contact" and not G.nodes[n].get("names_given")]
    return sorted(ends, key=lambda n: (max(met[n]), str(n)), reverse=True)


@dataclass(frozen=True)
class WarmPath:
    """A chain of acquaintances from the owner to ``target``; ``ask`` is who to ask for the introduction
    (None when you already know the target), ``cost`` what :func:`warm_paths` minimised."""

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
    """The people a query means: a node id, a person's or company's name, a tag or part of a field, tried
    in that order. Returns what matched (``person``, ``company``, ``tag``, ``field`` or ``none``) and the people."""
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
    hits = [
        n for n, d in people if d.get("company_id") in companies or (d.get("company") and fold(d["company"]) == key)
    ]
    if companies or hits:
        return "company", sorted(hits)
    tag = key.lstrip("#")
    hits = [n for n, d in people if any(fold(t).lstrip("#") == tag for t in d.get("tags") or ())]
    if hits:
        return "tag", sorted(hits)
    hits = [n for n, d in people if key and d.get("field") and key in fold(d["field"])]
    return ("field", sorted(hits)) if hits else ("none", [])


def warm_paths(
    G: nx.MultiDiGraph, target: str | Hashable | Iterable[Hashable], *, limit: int | None = 5
) -> list[WarmPath]:
    """The warmest chains of people you know to a target (a :func:`find_targets` query or node ids).

    You know someone when their status is contacted, scheduled, met or dormant; a referral links both ways.
    A step costs 1 to someone you met, 2 to someone you only contacted, 3 to a stranger; among equals the
    shorter chain wins. The cheapest path to each reachable target, cheapest first, at most ``limit``.
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
    met = _meetings(G)
    warmth = {n: _warmth(d, n in met) for n, d in G.nodes(data=True) if d.get("kind") in _PEOPLE}
    adj: dict[Hashable, set[Hashable]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("kind") == "referred" and u != v and u in warmth and v in warmth:
            adj[u].add(v)
            adj[v].add(u)
    adj[OWNER] = {n for n, w in warmth.items() if w != "unknown"}
    dist: dict[Hashable, tuple[int, int]] = {OWNER: (0, 0)}
    parent: dict[Hashable, Hashable | None] = {OWNER: None}
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
            if (limit is not None and len(found) >= limit) or len(found) == len(targets):
                break
            continue  # a chain goes *to* a target, not through one
        for v in adj.get(u, ()):
            new = (cost + _STEP_COST[warmth[v]], hops + 1)
            if v not in done and (v not in dist or new < dist[v]):
                dist[v] = new
                parent[v] = u
                heapq.heappush(heap, (new[0], new[1], str(v), v))
    paths = [(t, chain_from(parent, t)) for t in found]
    return [WarmPath(t, tuple(p), dist[t][0], p[-2] if len(p) > 2 else None) for t, p in paths]


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy GraphML/GEXF can store: scalars only, no None, ``label`` = name."""

    def scalar(d: dict[str, Any]) -> dict[str, Any]:
        return {
            k: "; ".join(map(str, v)) if isinstance(v, (list, tuple, set, frozenset)) else v
            for k, v in d.items()
            if v is not None and k != "label"
        }

    H = nx.MultiDiGraph(**{k: v for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((n, {"label": d.get("name", str(n)), **scalar(d)}) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, scalar(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n") + '"'


#: Graphviz attributes added after the label, by kind.
_DOT_NODE = {
    "owner": ', shape=doubleoctagon, style=filled, fillcolor="#fde68a"',
    "contact": ", shape=box, style=rounded",
    "prospect": ", shape=box, style=dashed",
    "company": ", shape=folder",
}
_DOT_EDGE = {"met": ', style=dotted, color="#2563eb"', "works_at": ', style=dashed, color="#6b7280", arrowhead=none'}


def to_dot(G: nx.MultiDiGraph) -> str:
    """Graphviz DOT text of the graph, labelled with names (no Graphviz needed to write it)."""
    lines = ["digraph referrals {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for n, d in G.nodes(data=True):
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(d.get('name', n))}{_DOT_NODE.get(d.get('kind', ''), '')}];")
    for u, v, d in G.edges(data=True):
        kind = d.get("kind", "")
        label = kind if kind != "met" else f"met {d.get('date') or ''}".strip()
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(label)}{_DOT_EDGE.get(kind, '')}];")
    return "\n".join([*lines, "}"]) + "\n"


def _mermaid_label(text: str) -> str:
    # Mermaid reads entity codes inside quoted labels; '#' must go first.
    out = str(text).replace("#", "#35;")
    for ch, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"), ("|", "#124;")):
        out = out.replace(ch, code)
    return '"' + " ".join(out.split()) + '"'


_MERMAID_SHAPE = {"owner": ("((", "))"), "contact": ("(", ")"), "prospect": ("[/", "/]"), "company": ("[(", ")]")}
_MERMAID_ARROW = {"referred": "-->", "met": "-.->", "works_at": "---"}
_MERMAID_CLASS = {"owner": "fill:#fde68a,stroke:#92400e", "prospect": "stroke-dasharray:4 3", "company": "fill:#e5e7eb"}


def to_mermaid(G: nx.MultiDiGraph) -> str:
    """A Mermaid ``flowchart LR`` of the graph (renders on GitHub and in MkDocs Material); node ids are
    ``n0``, ``n1``... (Mermaid ids cannot hold paths), labels the names, escaped; parallel edges drawn once."""
    ids = {n: f"n{i}" for i, n in enumerate(G)}
    lines = ["flowchart LR"]
    for n, d in G.nodes(data=True):
        left, right = _MERMAID_SHAPE.get(d.get("kind", ""), ("[", "]"))
        lines.append(f"  {ids[n]}{left}{_mermaid_label(d.get('name', n))}{right}")
    drawn: set[tuple] = set()
    for u, v, d in G.edges(data=True):
        kind = d.get("kind", "")
        if (u, v, kind) not in drawn:
            drawn.add((u, v, kind))
            lines.append(f"  {ids[u]} {_MERMAID_ARROW.get(kind, '-->')}{'|met|' if kind == 'met' else ''} {ids[v]}")
    for kind in _MERMAID_CLASS:
        members = [ids[n] for n, d in G.nodes(data=True) if d.get("kind") == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    lines += [f"  classDef {kind} {style}" for kind, style in _MERMAID_CLASS.items()]
    return "\n".join(lines) + "\n"


def export_graph(G: nx.MultiDiGraph, fmt: str, *, public: bool = False, hidden_fields: Hides = ()) -> str:
    """The graph as text in one of :data:`FORMATS`; with ``public``, every format is made from
    :func:`public_graph`, the graph the site publishes. GraphML and GEXF read back with NetworkX and open in
    Gephi (``label`` holds the name); JSON is :func:`to_node_link`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        data = to_node_link(G, public=public, hidden_fields=hidden_fields)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    H = _view(G, public, hidden_fields)
    if fmt in ("dot", "mermaid"):
        return (to_dot if fmt == "dot" else to_mermaid)(H)
    return "\n".join((nx.generate_graphml if fmt == "graphml" else nx.generate_gexf)(_flat(H))) + "\n"
