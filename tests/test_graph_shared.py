"""What the analyses share per graph: never stale, and the same answers as a fresh computation.

``build_graph`` returns a ``ReferralGraph`` whose dicts tick a clock on every
change; the analyses keep the referral chains, the betweenness, the edge
lists and who was met per graph while the clock stands still. Each test here
edits a graph in one of the ways NetworkX allows and checks every analysis
against the same graph copied into a plain ``MultiDiGraph`` (nothing kept
for it, so computed from scratch). A kept result that missed an edit would
differ, and the edits are chosen so that the answers do change.
"""

from __future__ import annotations

import copy
import pickle

import networkx as nx
import pytest
from conftest import EXAMPLE_VAULT, write_vault
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_graph import campaign_files, campaigns

from infoview import load_vault
from infoview.graph import (
    OWNER,
    ReferralGraph,
    bridges,
    build_graph,
    connectors,
    dead_ends,
    public_view,
    referral_chain,
    referral_cycles,
    referral_parents,
    referral_yield,
    to_node_link,
    unreachable,
    warm_paths,
)
from infoview.referrals import chain_from

B, D, R, T = "contacts/beatriz-calloway.md", "contacts/devon-achebe.md", "contacts/ruth-kimani.md", "contacts/tomasz-wojcik.md"
#: Simone gave Grace's name, and nothing else links them: every edit to that edge shows.
S, GRACE = "contacts/simone-adeyemi.md", "prospect:grace holloway"


def answers(G):
    """Every analysis that reads something kept per graph."""
    parents = referral_parents(G)
    return {
        "parents": parents,
        "chains": {n: referral_chain(G, n) for n in G},
        "unreachable": unreachable(G),
        "cycles": referral_cycles(G),
        "connectors": connectors(G, top=None),
        "bridges": bridges(G, top=None),
        "bridges seed 3": bridges(G, top=None, seed=3),
        "yield": referral_yield(G),
        "dead ends": dead_ends(G),
        "warm": [(p.target, p.path, p.cost) for p in warm_paths(G, [n for n in G if n != OWNER], limit=None)],
    }


def fresh(G):
    """The answers for a plain copy of ``G``: nothing is kept for a plain graph."""
    plain = nx.MultiDiGraph(G)
    assert type(plain) is nx.MultiDiGraph
    return answers(plain)


@pytest.fixture(scope="module")
def example():
    return build_graph(load_vault(EXAMPLE_VAULT))


def edited(example, edit, prepare=None):
    G = example.copy()
    assert type(G) is ReferralGraph
    if prepare is not None:
        prepare(G)
    before = answers(G)
    assert before == fresh(G)
    answers(G)  # everything is kept now
    edit(G)
    after = answers(G)
    assert after == fresh(G)
    return before, after


def referral(G):
    """The attributes of Simone's referral of Grace."""
    [attrs] = G[S][GRACE].values()
    return attrs


def add_bare_edge(G):
    G.add_edge(T, B, key="bare")


# Each edit changes the answers through exactly one way of writing to the graph's dicts.
EDITS = {
    # Edge attributes, through each door NetworkX opens onto them.
    "edge attribute set": (None, lambda G: G.edges[S, GRACE, next(iter(G[S][GRACE]))].__setitem__("kind", "met")),
    "edge attribute update": (None, lambda G: referral(G).update(kind="works_at")),
    "edge attribute pop": (None, lambda G: referral(G).pop("kind")),
    "edge attribute del": (None, lambda G: referral(G).__delitem__("kind")),
    "edge attribute |=": (None, lambda G: referral(G).__ior__({"kind": "other"})),
    "edge attributes cleared": (None, lambda G: referral(G).clear()),
    "edge attribute setdefault": (add_bare_edge, lambda G: G[T][B]["bare"].setdefault("kind", "referred")),
    "edge attributes with nx.set_edge_attributes": (None, lambda G: nx.set_edge_attributes(G, {(S, GRACE, k): "met" for k in G[S][GRACE]}, "kind")),
    "edge taken out of get_edge_data": (None, lambda G: G.get_edge_data(S, GRACE).popitem()),
    # Node attributes.
    "node attribute set": (None, lambda G: G.nodes[R].__setitem__("names_given", 0)),
    "node attribute update": (None, lambda G: G.nodes[T].update(status="prospect")),
    "node attribute popitem": (None, lambda G: G.nodes[D].popitem()),  # names_given is the last key
    "node attributes with nx.set_node_attributes": (None, lambda G: nx.set_node_attributes(G, {R: 0, B: 0}, "names_given")),
    # Structure.
    "edge added": (None, lambda G: G.add_edge(T, B, key="referred_by", kind="referred", source="referred_by")),
    "edge removed": (None, lambda G: G.remove_edge(S, GRACE)),
    "edges removed": (None, lambda G: G.remove_edges_from(list(G.in_edges(D, keys=True)))),
    "node removed": (None, lambda G: G.remove_node(R)),
    "nodes added with edges": (None, lambda G: G.add_edges_from([(T, "x", {"kind": "referred", "source": "referred_by"})])),
    "edges cleared": (None, lambda G: G.clear_edges()),
    "cleared": (None, lambda G: G.clear()),
    "updated from edge and node lists": (
        None,
        lambda G: G.update(edges=[(T, "z", {"kind": "referred", "source": "referred_by"})], nodes=[("z", {"kind": "contact", "name": "Z"})]),
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_every_kind_of_edit_is_seen(example, name):
    prepare, edit = EDITS[name]
    before, after = edited(example, edit, prepare)
    assert after != before  # the edit mattered: a kept (stale) answer would have failed in edited()


#: dict methods that only read. Everything else a dict can do must tick the clock.
READ_ONLY = {
    "__getitem__", "__contains__", "__len__", "__iter__", "__reversed__", "__eq__", "__ne__", "__lt__", "__le__",
    "__gt__", "__ge__", "__repr__", "__sizeof__", "__or__", "__ror__", "__class_getitem__", "__getattribute__",
    "__hash__", "__doc__", "__new__", "get", "keys", "values", "items", "copy", "fromkeys",
    # Re-running a constructor on a live dict is not a way anyone edits a graph.
    "__init__",
}


def test_every_dict_method_that_writes_ticks_the_clock():
    from infoview.graph import _Clock, _Tracked, _tracked

    writers = set(vars(dict)) - READ_ONLY
    assert writers <= set(vars(_Tracked)), "a dict method that writes is not tracked"
    calls = {
        "__setitem__": lambda d: d.__setitem__("k", 2),
        "__delitem__": lambda d: d.__delitem__("a"),
        "__ior__": lambda d: d.__ior__({"k": 2}),
        "update": lambda d: d.update(k=2),
        "setdefault": lambda d: d.setdefault("k", 2),
        "pop": lambda d: d.pop("a"),
        "popitem": lambda d: d.popitem(),
        "clear": lambda d: d.clear(),
    }
    assert set(calls) == writers
    for name, call in calls.items():
        clock = _Clock()
        d = _tracked(clock, {"a": 1})
        call(d)
        assert clock.tick == 1, name


def test_results_handed_out_are_copies(example):
    G = example.copy()
    parents = referral_parents(G)
    parents.clear()
    assert referral_parents(G) == fresh(G)["parents"] != {}
    chain = referral_chain(G, T, referral_parents(G))
    chain.clear()
    assert referral_chain(G, T) == fresh(G)["chains"][T] != []


def test_views_and_copies_keep_nothing_stale(example):
    G = example.copy()
    view = G.subgraph(list(G))
    assert answers(view) == fresh(G)
    G.nodes[D]["kind"] = "company"  # seen through the view, which shares G's dicts
    assert answers(view) == fresh(G)
    reverse = G.reverse(copy=False)
    assert unreachable(reverse) == unreachable(nx.MultiDiGraph(reverse))
    H = G.copy()
    answers(H)
    H.remove_node(B)
    assert answers(G) == fresh(G) and answers(H) == fresh(H) != fresh(G)


@pytest.mark.parametrize("clone", [lambda G: pickle.loads(pickle.dumps(G)), copy.deepcopy], ids=["pickle", "deepcopy"])
def test_pickled_and_deep_copied_graphs_see_their_own_edits(example, clone):
    G = example.copy()
    answers(G)
    H = clone(G)
    assert type(H) is ReferralGraph and answers(H) == fresh(G)
    H.nodes[D]["kind"] = "company"
    assert answers(H) == fresh(H) != fresh(G)
    assert answers(G) == fresh(G)


def test_public_view_is_tracked_too(example):
    P = public_view(example)
    assert type(P) is ReferralGraph and answers(P) == fresh(P)
    P.remove_node(D)
    assert answers(P) == fresh(P)


@pytest.mark.parametrize("seed", range(5))
def test_fill_lays_out_the_dicts_as_networkx_add_edges_from_does(example, seed):
    """``build_graph`` and ``public_view`` write NetworkX's dicts directly (``_fill``): same graph as the API makes."""
    import random

    from infoview.graph import _fill

    rng = random.Random(seed)
    nodes = [(n, dict(d)) for n, d in example.nodes(data=True)]
    edges = [(u, v, k, dict(d)) for u, v, k, d in example.edges(keys=True, data=True)]
    rng.shuffle(nodes)
    rng.shuffle(edges)
    edges += [(u, v, k, {"kind": "changed", "extra": 1}) for u, v, k, _ in rng.sample(edges, 5)]  # updates an edge
    H = nx.MultiDiGraph(owner="me")
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    G = ReferralGraph(owner="me")
    _fill(G, nodes, edges)
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert G.graph == H.graph
    for n in H:
        assert list(G.in_edges(n, keys=True, data=True)) == list(H.in_edges(n, keys=True, data=True))
        # One key dict per pair, shared by both directions, as add_edge makes it.
        assert all(G._succ[n][v] is G._pred[v][n] for v in G._succ[n])
    assert _clock_is_ticking(G)


def _clock_is_ticking(G):
    from infoview.graph import _clock_of

    clock = _clock_of(G)
    before = clock.tick
    G.nodes[next(iter(G))]["x"] = 1
    return clock.tick > before


def reference_chain_from(parents, node):
    """The earlier ``chain_from``: a set of visited nodes guards against loops."""
    if node not in parents:
        return []
    chain, seen, step = [node], {node}, parents[node]
    while step is not None:
        if step in seen:
            return []
        seen.add(step)
        chain.append(step)
        step = parents.get(step)
    chain.reverse()
    return chain


@settings(max_examples=300)
@given(st.dictionaries(st.integers(0, 8), st.one_of(st.none(), st.integers(0, 10)), max_size=9), st.integers(0, 10))
def test_chain_from_matches_the_walk_with_a_visited_set(parents, node):
    assert chain_from(parents, node) == reference_chain_from(parents, node)


def reference_node_link(G, public, hidden_fields):
    """The earlier ``to_node_link`` rows: one comprehension per row."""
    from infoview.graph import _json_value, _public_parts

    kept_nodes, kept_edges = _public_parts(G) if public else (G.nodes(data=True), G.edges(keys=True, data=True))
    hidden = set(hidden_fields) - {"id", "source", "target", "key", "kind", "name"}
    nodes = [{"id": n, **{k: _json_value(v) for k, v in d.items() if k not in hidden}} for n, d in kept_nodes]
    edges = [
        {"source": u, "target": v, "key": k, **{{"source": "origin"}.get(a, a): _json_value(x) for a, x in d.items() if a not in hidden}}
        for u, v, k, d in kept_edges
    ]
    return nodes, edges


@pytest.mark.parametrize("public", [True, False])
@pytest.mark.parametrize("hidden", [(), ("role", "email"), ("origin", "tags", "date"), ("id", "target", "source", "private")])
def test_node_link_rows_match_the_reference(example, public, hidden):
    G = example.copy()
    # Odd attributes too: lists and sets on edges, an "origin" of its own, an "id" and a "target" key.
    first = next(iter(G.edges(keys=True)))
    G.edges[first].update(origin="own", labels={"b", "a"}, target="t")
    G.nodes[D].update(id="odd", aliases=("Dev", 7))
    data = to_node_link(G, public=public, hidden_fields=hidden)
    nodes, edges = reference_node_link(G, public, hidden)
    assert data["nodes"] == nodes and data["edges"] == edges
    assert [list(r) for r in data["nodes"]] == [list(r) for r in nodes]  # key order too: it is the JSON's
    assert [list(r) for r in data["edges"]] == [list(r) for r in edges]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns(), st.data())
def test_random_campaigns_and_edits_match_a_fresh_computation(tmp_path_factory, campaign, data):
    G = build_graph(load_vault(write_vault(tmp_path_factory.mktemp("v"), campaign_files(*campaign))))
    assert answers(G) == fresh(G)
    people = sorted(n for n in G if n != OWNER)
    edges = sorted(G.edges(keys=True), key=str)
    if people:
        G.nodes[data.draw(st.sampled_from(people))]["status"] = data.draw(st.sampled_from(["met", "contacted", None]))
        assert answers(G) == fresh(G)
    if edges:
        u, v, k = data.draw(st.sampled_from(edges))
        G.edges[u, v, k]["source"] = data.draw(st.sampled_from(["referred_by", "referrals", "self"]))
        assert answers(G) == fresh(G)
        G.remove_edge(u, v, k)
        assert answers(G) == fresh(G)
    if people:
        G.remove_node(data.draw(st.sampled_from(people)))
        assert answers(G) == fresh(G)


def test_every_node_has_the_attributes_in_one_order(example):
    """Contacts' attributes are written out in ``build_graph`` for speed: same keys, same order as ``_node``'s."""
    from infoview.graph import _node

    order = list(_node("contact", "x"))
    assert {tuple(d) for _, d in example.nodes(data=True)} == {tuple(order)}
    assert any(d["kind"] == "contact" for _, d in example.nodes(data=True))
