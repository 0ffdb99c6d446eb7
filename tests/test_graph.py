"""The referral graph: nodes and edges from the vault, chains, analyses, exports."""

from __future__ import annotations

import io
import json
from itertools import pairwise

import networkx as nx
import pytest
from conftest import EXAMPLE_VAULT, write_vault
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview import load_vault
from infoview.graph import (
    OWNER,
    bridges,
    build_graph,
    connectors,
    dead_ends,
    export_graph,
    find_targets,
    public_graph,
    referral_chain,
    referral_cycles,
    referral_depth,
    referral_parents,
    referral_yield,
    to_mermaid,
    to_node_link,
    unreachable,
    warm_paths,
)
from infoview.referrals import chain_parents, reach_counts

CAMPAIGN = {
    "infoview.yml": "owner: Sam Okafor\nsite:\n  private_fields: [role]\n",
    "companies/acme-talent.md": "---\nname: Acme Talent\n---\n",
    "contacts/maria-lopez.md": """
        ---
        name: Maria Lopez
        company: "[[Acme Talent]]"
        role: Senior Recruiter
        field: Agency recruiting
        email: maria@example.com
        phone: 555-0100
        met_via: SHRM mixer
        tags: [agency]
        ---
    """,
    "contacts/dev-patel.md": """
        ---
        name: Dev Patel
        company: "[[Acme Talent]]"
        field: Sourcing
        referred_by: "[[Maria Lopez]]"
        outreach:
          - {date: 2026-11-02, via: email}
        ---
    """,
    "contacts/lee-wong.md": """
        ---
        name: Lee Wong
        company: Wong Search LLC
        referred_by: "[[Dev Patel]]"
        tags: [rpo]
        ---
    """,
    "contacts/secret-sam.md": """
        ---
        name: Secret Sam
        private: true
        referred_by: "[[Maria Lopez]]"
        ---
    """,
    "interviews/2026-10-01-maria.md": """
        ---
        contact: "[[Maria Lopez]]"
        date: 2026-10-01
        status: done
        referrals: ["[[Dev Patel]]", "[[Priya Natarajan]]"]
        ---
    """,
    "interviews/2026-10-20-maria.md": """
        ---
        contact: "[[Maria Lopez]]"
        date: 2026-10-20
        status: done
        private: true
        referrals: ["[[Hidden Person]]"]
        ---
    """,
}

M, D, L, S = "contacts/maria-lopez.md", "contacts/dev-patel.md", "contacts/lee-wong.md", "contacts/secret-sam.md"


@pytest.fixture
def G(make_vault):
    vault = make_vault(CAMPAIGN)
    assert vault.findings == []
    return build_graph(vault)


def edges(G, kind):
    return sorted((u, v, d.get("source")) for u, v, d in G.edges(data=True) if d["kind"] == kind)


def test_nodes_carry_the_contract_attributes(G):
    assert G.graph["owner"] == "Sam Okafor"
    assert G.nodes[OWNER]["kind"] == "owner" and G.nodes[OWNER]["name"] == "Sam Okafor"
    dev = G.nodes[D]
    assert dev["kind"] == "contact" and dev["name"] == "Dev Patel" and dev["status"] == "contacted"
    assert dev["company"] == "Acme Talent" and dev["company_id"] == "companies/acme-talent.md"
    assert G.nodes[L]["company"] == "Wong Search LLC" and G.nodes[L]["company_id"] is None
    assert G.nodes[M]["names_given"] == 4  # Dev, Priya, the private Hidden Person and Secret Sam
    assert G.nodes["prospect:priya natarajan"]["kind"] == "prospect"
    assert G.nodes["prospect:priya natarajan"]["status"] == "prospect"
    assert G.nodes["companies/acme-talent.md"]["kind"] == "company"
    for _, d in G.nodes(data=True):
        assert not {"email", "phone", "address"} & set(d)


def test_edges_referred_met_and_works_at(G):
    assert edges(G, "referred") == [
        (OWNER, M, "self"),
        (D, L, "referred_by"),
        (M, D, "referrals"),
        (M, D, "referred_by"),
        (M, S, "referred_by"),
        (M, "prospect:hidden person", "referrals"),
        (M, "prospect:priya natarajan", "referrals"),
    ]
    given = G.get_edge_data(M, "prospect:priya natarajan")
    assert list(given.values()) == [
        {"kind": "referred", "source": "referrals", "interview": "interviews/2026-10-01-maria.md", "date": "2026-10-01", "private": False}
    ]
    met = sorted((d["date"], d["private"]) for _, _, d in G.out_edges(OWNER, data=True) if d["kind"] == "met")
    assert met == [("2026-10-01", False), ("2026-10-20", True)]
    assert edges(G, "works_at") == [(D, "companies/acme-talent.md", None), (M, "companies/acme-talent.md", None)]


def test_referral_chain_and_depth(G):
    assert referral_chain(G, L) == [OWNER, M, D, L]
    assert referral_depth(G, L) == 3
    assert referral_chain(G, M) == [OWNER, M]
    assert referral_chain(G, OWNER) == [OWNER]
    assert referral_chain(G, "contacts/nobody.md") == []
    assert referral_depth(G, "contacts/nobody.md") is None


def test_example_vault_chain_to_tomasz():
    G = build_graph(load_vault(EXAMPLE_VAULT))
    names = [G.nodes[n]["name"] for n in referral_chain(G, "contacts/tomasz-wojcik.md")]
    assert names == ["Tessa Lindqvist", "Beatriz Calloway", "Devon Achebe", "Ruth Kimani", "Tomasz Wojcik"]
    parents = referral_parents(G)
    for node in parents:
        assert referral_chain(G, node, parents=parents) == referral_chain(G, node)
    assert unreachable(G) == [] and referral_cycles(G) == []
    assert connectors(G, top=1)[0]["name"] == "Beatriz Calloway"


def test_private_notes_stay_locally_and_never_reach_the_public_graph(G):
    assert G.nodes[S]["private"] is True
    assert G.nodes["prospect:hidden person"]["private"] is True  # only a private interview names them
    H = public_graph(G)
    assert S not in H and "prospect:hidden person" not in H
    assert all(not d["private"] for _, _, d in H.edges(data=True))
    assert H.nodes[M]["names_given"] == 2  # Dev and Priya: the private names are not even counted
    data = to_node_link(G, hidden_fields={"role", "email"})
    text = json.dumps(data)
    for secret in ("Secret Sam", "secret-sam", "Hidden Person", "hidden person", "2026-10-20", "Senior Recruiter", "role"):
        assert secret not in text
    assert "Dev Patel" in text
    back = nx.node_link_graph(data)
    assert set(back) == set(H) and back.number_of_edges() == H.number_of_edges()
    local = to_node_link(G, public=False)
    assert any(n["id"] == S for n in local["nodes"])


def test_a_private_company_is_not_named_through_its_employees(make_vault):
    G = build_graph(
        make_vault(
            {
                "companies/stealth.md": "---\nname: Stealth Startup\nprivate: true\n---\n",
                "contacts/ann.md": '---\nname: Ann\ncompany: "[[Stealth Startup]]"\n---\n',
            }
        )
    )
    assert G.nodes["contacts/ann.md"]["company"] == "Stealth Startup"
    assert "Stealth" not in json.dumps(to_node_link(G))
    assert "Stealth" not in export_graph(G, "graphml", public=True)


def test_unreachable_and_cycles_never_loop(make_vault):
    G = build_graph(
        make_vault(
            {
                "contacts/a.md": '---\nreferred_by: "[[b]]"\n---\n',
                "contacts/b.md": '---\nreferred_by: "[[c]]"\n---\n',
                "contacts/c.md": '---\nreferred_by: "[[a]]"\n---\n',
                "contacts/d.md": '---\nreferred_by: "[[a]]"\n---\n',
                "contacts/e.md": '---\nreferred_by: "[[e]]"\n---\n',
                "contacts/f.md": '---\nreferred_by: "[[Nobody Gave This]]"\n---\n',
                "contacts/g.md": "---\nname: G\n---\n",
            }
        )
    )
    # a says b referred them, b says c, c says a: in referral order a -> c -> b -> a.
    assert referral_cycles(G) == [["contacts/a.md", "contacts/c.md", "contacts/b.md"], ["contacts/e.md"]]
    lost = ["contacts/a.md", "contacts/b.md", "contacts/c.md", "contacts/d.md", "contacts/e.md", "contacts/f.md", "prospect:nobody gave this"]
    assert unreachable(G) == lost
    assert [referral_chain(G, n) for n in lost] == [[]] * len(lost)
    assert G.nodes["contacts/e.md"]["names_given"] == 0
    assert referral_chain(G, "contacts/g.md") == [OWNER, "contacts/g.md"]


def test_a_chain_caught_in_a_cycle_falls_back_to_an_interview_referral(make_vault):
    G = build_graph(
        make_vault(
            {
                "contacts/a.md": '---\nreferred_by: "[[b]]"\n---\n',
                "contacts/b.md": '---\nreferred_by: "[[a]]"\n---\n',
                "contacts/c.md": "---\nstatus: met\n---\n",
                "interviews/c.md": '---\ncontact: "[[c]]"\ndate: 2026-11-01\nstatus: done\nreferrals: ["[[b]]"]\n---\n',
            }
        )
    )
    assert referral_cycles(G) == [["contacts/a.md", "contacts/b.md"]]
    assert referral_chain(G, "contacts/b.md") == [OWNER, "contacts/c.md", "contacts/b.md"]
    assert referral_chain(G, "contacts/a.md") == [OWNER, "contacts/c.md", "contacts/b.md", "contacts/a.md"]
    assert unreachable(G) == []


def test_referred_by_the_owner_links_to_the_owner(make_vault):
    G = build_graph(make_vault({"infoview.yml": "owner: Sam Okafor\n", "contacts/a.md": '---\nreferred_by: "[[Sam Okafor]]"\n---\n'}))
    assert referral_chain(G, "contacts/a.md") == [OWNER, "contacts/a.md"]
    assert not [n for n in G if str(n).startswith("prospect:")]


def test_connectors_yield_and_dead_ends(G):
    rows = connectors(G)
    assert [(r["name"], r["names_given"], r["reach"], r["depth"]) for r in rows] == [("Maria Lopez", 4, 5, 1), ("Dev Patel", 1, 1, 2)]
    assert rows[0]["betweenness"] > 0
    assert bridges(G)[0]["name"] == "Maria Lopez"
    y = referral_yield(G)
    assert (y["meetings"], y["names"], y["yield"]) == (2, 5, 2.5)
    assert y["people"][M] == {"name": "Maria Lopez", "meetings": 2, "names": 4, "yield": 2.0}
    assert dead_ends(G) == []


def test_dead_ends_are_people_met_who_gave_no_names(make_vault):
    G = build_graph(
        make_vault(
            {
                "contacts/a.md": "---\nname: Ann\n---\n",
                "contacts/b.md": "---\nname: Bo\n---\n",
                "interviews/a.md": '---\ncontact: "[[Ann]]"\ndate: 2026-11-01\nstatus: done\n---\n',
                "interviews/b.md": '---\ncontact: "[[Bo]]"\ndate: 2026-11-05\nstatus: done\nreferrals: ["[[Cy]]"]\n---\n',
            }
        )
    )
    assert dead_ends(G) == ["contacts/a.md"]


def test_find_targets_by_person_company_tag_and_field(G):
    assert find_targets(G, "dev patel") == ("person", [D])
    assert find_targets(G, "Acme Talent") == ("company", [D, M])
    assert find_targets(G, "wong search llc") == ("company", [L])
    assert find_targets(G, "#rpo") == ("tag", [L])
    assert find_targets(G, "sourc") == ("field", [D])
    assert find_targets(G, "astronaut") == ("none", [])


def test_warm_path_prefers_people_you_met(make_vault):
    # Two ways to Tia: through Kim (met, two steps) or Jo (only written to, one step).
    G = build_graph(
        make_vault(
            {
                "contacts/kim.md": "---\nname: Kim\n---\n",
                "contacts/jo.md": "---\nname: Jo\noutreach: [{date: 2026-11-01}]\n---\n",
                "contacts/max.md": '---\nname: Max\nreferred_by: "[[Kim]]"\nstatus: met\n---\n',
                "contacts/tia.md": '---\nname: Tia\nreferred_by: "[[Jo]]"\n---\n',
                "interviews/kim.md": '---\ncontact: "[[Kim]]"\ndate: 2026-10-01\nstatus: done\n---\n',
                "interviews/max.md": '---\ncontact: "[[Max]]"\ndate: 2026-10-09\nstatus: done\nreferrals: ["[[Tia]]"]\n---\n',
            }
        )
    )
    [best] = warm_paths(G, "Tia")
    assert best.path == (OWNER, "contacts/max.md", "contacts/tia.md") and best.ask == "contacts/max.md"
    assert best.cost == 1 + 3
    assert warm_paths(G, "Kim")[0].ask is None  # you already know Kim


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_networkx(G, fmt):
    text = export_graph(G, fmt)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    back = read(io.BytesIO(text.encode("utf-8")))
    assert set(back) == set(G)
    assert back.number_of_edges() == G.number_of_edges()
    assert back.nodes[D]["label"] == "Dev Patel" and back.nodes[D]["kind"] == "contact"
    assert back.nodes[M]["tags"] == "agency"
    public = read(io.BytesIO(export_graph(G, fmt, public=True, hidden_fields={"role"}).encode("utf-8")))
    assert S not in public and "role" not in public.nodes[M]


def test_json_export_is_node_link(G):
    data = json.loads(export_graph(G, "json"))
    assert data == json.loads(json.dumps(to_node_link(G, public=False)))
    back = nx.node_link_graph(data)
    assert isinstance(back, nx.MultiDiGraph) and back.number_of_edges() == G.number_of_edges()


def test_dot_and_mermaid_escape_labels(make_vault):
    G = build_graph(make_vault({"contacts/x.md": '---\nname: "Ann \\"The #1\\" <O\'Neil> | `x`"\n---\n'}))
    dot = export_graph(G, "dot")
    assert 'label="Ann \\"The #1\\" <O\'Neil> | `x`"' in dot
    mer = to_mermaid(G)
    assert mer.startswith("flowchart LR\n")
    assert '("Ann #quot;The #35;1#quot; #lt;O\'Neil#gt; #124; #96;x#96;")' in mer
    assert "n0 --> n1" in mer


# -- properties on random campaigns, checked against brute force ---------------------------


STATUSES = [None, "prospect", "contacted", "met", "dormant"]
POOL = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus"]  # the first n have notes; the rest are names given


@st.composite
def campaigns(draw):
    n = draw(st.integers(1, 6))
    contacts = [
        {
            "referred_by": draw(st.one_of(st.none(), st.sampled_from(POOL))),
            "status": draw(st.sampled_from(STATUSES)),
            "private": draw(st.booleans()),
            "tag": draw(st.sampled_from(["", "x", "y"])),
        }
        for _ in range(n)
    ]
    interviews = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.sampled_from(["done", "scheduled", "cancelled"]), st.lists(st.sampled_from(POOL), max_size=3), st.booleans()),
            max_size=5,
        )
    )
    return n, contacts, interviews


def campaign_files(n, contacts, interviews):
    files = {"infoview.yml": "owner: Olive Owner\n"}
    for i, c in enumerate(contacts):
        lines = [f"name: {POOL[i]}"]
        if c["referred_by"]:
            lines.append(f'referred_by: "[[{c["referred_by"]}]]"')
        if c["status"]:
            lines.append(f"status: {c['status']}")
        if c["private"]:
            lines.append("private: true")
        if c["tag"]:
            lines.append(f"tags: [{c['tag']}]")
        files[f"contacts/{POOL[i].lower()}.md"] = "---\n" + "\n".join(lines) + "\n---\n"
    for j, (who, status, names, private) in enumerate(interviews):
        refs = ", ".join(f'"[[{x}]]"' for x in names)
        files[f"interviews/i{j}.md"] = (
            f'---\ncontact: "[[{POOL[who]}]]"\ndate: 2026-10-{j + 10}\nstatus: {status}\nreferrals: [{refs}]\nprivate: {str(private).lower()}\n---\n'
        )
    return files


def acquaintance_costs(G, targets):
    """Brute force: every simple path of acquaintances from the owner; the cheapest per target.

    The acquaintance graph itself is returned under the key "graph".
    """
    people = {n for n, d in G.nodes(data=True) if d["kind"] in ("contact", "prospect")}
    met = {v for _, v, d in G.out_edges(OWNER, data=True) if d["kind"] == "met"}

    def step(v):
        status = G.nodes[v]["status"]
        if v in met or status == "met":
            return 1
        return 2 if status in ("contacted", "scheduled", "dormant") else 3

    A = nx.Graph()
    A.add_nodes_from(people | {OWNER})
    A.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d["kind"] == "referred" and u in people and v in people and u != v)
    A.add_edges_from((OWNER, v) for v in people if step(v) < 3)
    best = {"graph": A}
    for t in targets:
        for path in nx.all_simple_paths(A, OWNER, t):
            if any(x in targets for x in path[1:-1]):
                continue
            cost = sum(step(v) for v in path[1:])
            best[t] = min(best.get(t, cost), cost)
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns())
def test_graph_properties_against_brute_force(tmp_path_factory, campaign):
    n, contacts, interviews = campaign
    vault = load_vault(write_vault(tmp_path_factory.mktemp("v"), campaign_files(n, contacts, interviews)))
    G = build_graph(vault)
    # One node per contact, one referred_by edge per referred_by.
    assert sorted(n for n, d in G.nodes(data=True) if d["kind"] == "contact") == sorted(c.path for c in vault.contacts)
    expected = sum(1 for c in contacts if c["referred_by"])
    assert sum(1 for _, _, d in G.edges(data=True) if d.get("source") == "referred_by") == expected

    R = nx.DiGraph((u, v) for u, v, d in G.edges(data=True) if d["kind"] == "referred")
    R.add_node(OWNER)
    reachable = nx.descendants(R, OWNER) | {OWNER}
    lost = set(unreachable(G))
    tree = referral_parents(G)
    for node, d in G.nodes(data=True):
        if d["kind"] not in ("contact", "prospect"):
            continue
        chain = referral_chain(G, node)
        # The quick walk up preferred referrers and the full search agree.
        assert referral_chain(G, node, parents=tree) == chain
        assert bool(chain) == (node in reachable) == (node not in lost)
        if chain:
            assert chain[0] == OWNER and chain[-1] == node and len(set(chain)) == len(chain)
            assert all(R.has_edge(a, b) for a, b in pairwise(chain))

    # Reach is the number of descendants in the tree of chains.
    parents = chain_parents((u, v, (0,)) for u, v in R.edges())
    tree = nx.DiGraph((p, c) for c, p in parents.items() if p is not None)
    for node, count in reach_counts(parents).items():
        assert count == (len(nx.descendants(tree, node)) if node in tree else 0)

    # Cycles are exactly the simple cycles of the referred_by keys.
    K = nx.DiGraph((u, v) for u, v, d in G.edges(data=True) if d.get("source") == "referred_by")
    found = {tuple(c) for c in referral_cycles(G)}
    brute = set()
    for c in nx.simple_cycles(K):
        i = c.index(min(c))
        brute.add(tuple(c[i:] + c[:i]))
    assert found == brute

    # Warm paths: Dijkstra's costs match exhaustive search; every path is made of acquaintances.
    for query in ["x", "y", POOL[0]]:
        _, targets = find_targets(G, query)
        paths = warm_paths(G, targets, limit=None)
        brute = acquaintance_costs(G, set(targets))
        A = brute.pop("graph")
        assert {p.target: p.cost for p in paths} == brute
        for p in paths:
            assert p.path[0] == OWNER and p.path[-1] == p.target
            assert all(A.has_edge(a, b) for a, b in pairwise(p.path))
            assert p.ask == (p.path[-2] if p.hops > 1 else None)

    # Exports: nothing private is published, and every format reads back.
    public = to_node_link(G)
    private_ids = {n for n, d in G.nodes(data=True) if d["private"]}
    assert not private_ids & {x["id"] for x in public["nodes"]}
    assert all(not e["private"] for e in public["edges"])
    assert set(nx.node_link_graph(to_node_link(G, public=False))) == set(G)
    assert set(nx.read_graphml(io.BytesIO(export_graph(G, "graphml").encode()))) == set(G)


def test_chain_parents_keeps_preferred_referrers_and_falls_back_only_where_needed():
    edges = [
        (OWNER, "a", (2, "", "")),  # found a yourself
        ("a", "b", (0, "", "")),  # b: referred_by a
        ("b", "c", (0, "", "")),  # c: referred_by b ...
        (OWNER, "c", (1, "2026-10-01", "i1")),  # ... though an interview also names c: shorter, not preferred
        ("x", "y", (0, "", "")),  # x and y name each other: a cycle
        ("y", "x", (0, "", "")),
        ("a", "x", (1, "2026-10-02", "i2")),  # only a's interview reaches the cycle
    ]
    parents = chain_parents(edges)
    assert parents == {OWNER: None, "a": OWNER, "b": "a", "c": "b", "x": "a", "y": "x"}
    assert reach_counts(parents) == {OWNER: 5, "a": 4, "b": 1, "c": 0, "x": 1, "y": 0}


def test_betweenness_matches_networkx_exactly_and_when_every_pivot_is_sampled(monkeypatch):
    import random

    import infoview.graph as graph_mod

    rng = random.Random(7)
    for trial in range(20):
        G = nx.MultiDiGraph()
        G.add_node(OWNER, kind="owner", name="me")
        people = [f"contacts/p{i}.md" for i in range(rng.randint(3, 14))]
        for p in people:
            G.add_node(p, kind="contact", name=p, names_given=0)
            G.add_edge(OWNER, p, kind="met")
        for _ in range(rng.randint(0, 25)):
            u, v = rng.sample(people, 2)
            G.add_edge(u, v, kind=rng.choice(["referred", "works_at"]))
        U = nx.Graph((u, v) for u, v, d in G.edges(data=True) if OWNER not in (u, v))
        U.add_nodes_from(people)
        expected = nx.betweenness_centrality(U, normalized=True)
        got = graph_mod._betweenness(G, seed=0)
        assert got == pytest.approx(expected, abs=1e-12)
        # Above the exact limit pivots are sampled; sampling all of them must give the exact answer.
        monkeypatch.setattr(graph_mod, "EXACT_BETWEENNESS_MAX", 0)
        monkeypatch.setattr(graph_mod, "BETWEENNESS_SAMPLES", len(people))
        monkeypatch.setattr(graph_mod, "_BETWEENNESS_BUDGET", 10**9)
        assert graph_mod._betweenness(G, seed=trial) == pytest.approx(expected, abs=1e-12)
        monkeypatch.undo()


def test_hiding_a_field_hides_the_edges_read_from_it(make_vault):
    vault = make_vault(
        {
            "companies/acme.md": "---\nname: Acme\n---\n",
            "contacts/ann.md": '---\nname: Ann\ncompany: "[[Acme]]"\n---\n',
            "contacts/bo.md": '---\nname: Bo\nreferred_by: "[[Ann]]"\n---\n',
            "interviews/ann.md": '---\ncontact: "[[Ann]]"\ndate: 2026-11-02\nstatus: done\nreferrals: ["[[Cy Quiet]]"]\n---\n',
        }
    )
    G = build_graph(vault)

    def edges(hidden):
        data = to_node_link(G, hidden_fields=hidden)
        return {(e["source"], e["target"], e["kind"]) for e in data["edges"]}, {n["id"] for n in data["nodes"]}

    everything, nodes = edges(())
    assert ("contacts/ann.md", "contacts/bo.md", "referred") in everything and "prospect:cy quiet" in nodes
    assert ("contacts/ann.md", "companies/acme.md", "works_at") in everything
    no_referrer, _ = edges({"referred_by"})
    assert ("contacts/ann.md", "contacts/bo.md", "referred") not in no_referrer
    assert ("contacts/ann.md", "prospect:cy quiet", "referred") in no_referrer
    no_names, nodes = edges({"referrals"})
    assert "prospect:cy quiet" not in nodes and all(t != "prospect:cy quiet" for _, t, _ in no_names)
    assert "Cy Quiet" not in json.dumps(to_node_link(G, hidden_fields={"referrals"}))
    no_company, _ = edges({"company"})
    assert all(kind != "works_at" for _, _, kind in no_company)
