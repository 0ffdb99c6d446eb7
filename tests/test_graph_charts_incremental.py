"""The referral graph, its public data and the charts of a reloaded vault: updated, and equal to a fresh computation.

Under ``mkdocs serve`` a frontmatter edit gives a new vault recorded as made
from the last one (:mod:`infoview.lineage`); the graph, the node-link data,
the referral chains and the charts are then updated from the last vault's
results. Every test here makes realistic edits to an inline vault, loads it
again through the parse cache (unchanged notes are the same objects), and
checks that every result equals, value for value, in order and type, what a
fresh load computes, and that the update really reused what it could.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_VAULT, write_vault
from hypothesis import given, settings
from hypothesis import strategies as st
from test_graph_shared import answers
from test_site_incremental import edit, write

from infoview import lineage, load_vault
from infoview.charts import dashboard_charts_html
from infoview.graph import OWNER, build_graph, referral_chain, referral_parents, to_node_link
from infoview.referrals import referral_rows, referrals
from infoview.site import Memo, build_site
from infoview.stats import campaign_stats

TODAY = dt.date(2026, 11, 25)
HIDDEN = ("role",)

FILES = {
    "infoview.yml": "owner: Olive Owner\n",
    "companies/acme.md": "---\ntype: company\nname: Acme Talent\ntags: [agency]\n---\n",
    "companies/birch.md": "---\ntype: company\nname: Birch Labs\n---\n",
    "contacts/ann-lee.md": "---\ntype: contact\nname: Ann Lee\ncompany: \"[[Acme Talent]]\"\nrole: Recruiter\ntags: [warm]\n"
    "outreach:\n  - {date: 2026-11-02, via: email}\n  - {date: 2026-11-04, via: email, direction: in}\n---\n",
    "contacts/bea-park.md": "---\ntype: contact\nname: Bea Park\nreferred_by: \"[[Ann Lee]]\"\ncompany: \"[[Birch Labs]]\"\n"
    "outreach:\n  - {date: 2026-11-10, via: linkedin}\n---\n",
    "contacts/cy-diaz.md": "---\ntype: contact\nname: Cy Diaz\nstatus: contacted\ncompany: Somewhere Else\n---\n",
    "contacts/dee-ito.md": "---\ntype: contact\nname: Dee Ito\nreferred_by: \"[[Gil Moss]]\"\n---\n",
    "interviews/ann-1.md": "---\ntype: interview\ncontact: \"[[Ann Lee]]\"\ndate: 2026-11-05\nstatus: done\n"
    "referrals: [\"[[Bea Park]]\", \"[[Gil Moss]]\"]\n---\n",
    "interviews/bea-1.md": "---\ntype: interview\ncontact: \"[[Bea Park]]\"\ndate: 2026-11-20\nstatus: scheduled\n---\n",
}

def strict(value):
    """A value with its types spelled out: ``1 == True`` and ``[] == ()`` must not pass for equal."""
    return repr(value)


def graph_facts(G) -> dict:
    return {
        "graph": strict(G.graph),
        "nodes": strict(list(G.nodes(data=True))),
        "edges": strict(list(G.edges(keys=True, data=True))),
    }


def facts(vault, today: dt.date = TODAY) -> dict:
    """What the site computes from a bodiless vault, in the order World asks for it, plus the other analyses."""
    G = build_graph(vault)
    parents = referral_parents(G)
    data = to_node_link(G, public=True, hidden_fields=HIDDEN)
    return {
        **graph_facts(G),
        "parents": strict(list(parents.items())),
        "chains": strict({n: referral_chain(G, n, parents) for n in G}),
        "node_link": json.dumps(data, ensure_ascii=False),
        "node_link types": strict(data),
        "all node_link": strict(to_node_link(G, public=False)),
        "charts": dashboard_charts_html(vault, today),
        "stats": strict(campaign_stats(vault, today)),
        "private stats": strict(campaign_stats(vault, today, include_private=True)),
        "referrals": strict(referrals(vault)),
        "rows": strict(referral_rows(vault)),
        "answers": strict(answers(G)),
    }


class Reloads:
    """Loads a vault again after each edit, as ``mkdocs serve`` does, and records the lineage."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict = {}
        self.vault = load_vault(root, cache=self.cache)
        self.G = build_graph(self.vault)
        self.data = to_node_link(self.G, public=True, hidden_fields=HIDDEN)
        referral_parents(self.G)
        dashboard_charts_html(self.vault, TODAY)

    def reload(self, today: dt.date = TODAY) -> tuple:
        """(incremental facts, fresh facts, old graph, new graph, old data, new data)."""
        old, old_G, old_data = self.vault, self.G, self.data
        before = graph_facts(old_G), strict(old_data)
        new = load_vault(self.root, cache=self.cache)
        lineage.record(new, old)
        got = facts(new, today)
        want = facts(load_vault(self.root), today)
        # The old vault's graph and data are another holder's: nothing of theirs changed.
        assert (graph_facts(old_G), strict(old_data)) == before
        self.vault, self.G = new, build_graph(new)
        self.data = to_node_link(self.G, public=True, hidden_fields=HIDDEN)
        return got, want, old_G, self.G, old_data, self.data


@pytest.fixture
def serve(tmp_path):
    return Reloads(write_vault(tmp_path / "vault", FILES))


def check(got: dict, want: dict) -> None:
    for key, value in want.items():
        assert got[key] == value, key


def row_of(data, node):
    return next(r for r in data["nodes"] if r["id"] == node)


def edge_row(data, u, v, k):
    return next(r for r in data["edges"] if (r["source"], r["target"], r["key"]) == (u, v, k))


# -- realistic edits ---------------------------------------------------------------


def test_a_thank_you_logged_reuses_every_row(serve):
    edit(serve.root, "interviews/ann-1.md", "status: done\n", "status: done\nthank_you_sent: 2026-11-06\n")
    old_data = serve.data
    got, want, old_G, G, _, data = serve.reload()
    check(got, want)
    assert G is not old_G
    # Nothing the graph shows changed: every row is the last build's very object.
    assert all(a is b for a, b in zip(data["nodes"], old_data["nodes"]))
    assert all(a is b for a, b in zip(data["edges"], old_data["edges"]))
    assert len(data["nodes"]) == len(old_data["nodes"])


def test_outreach_logged(serve):
    edit(serve.root, "contacts/bea-park.md", "  - {date: 2026-11-10, via: linkedin}\n", "  - {date: 2026-11-10, via: linkedin}\n"
         "  - {date: 2026-11-24, via: email}\n  - {date: 2026-11-25, via: email, direction: in}\n")
    got, want, *_ = serve.reload()
    check(got, want)
    edit(serve.root, "contacts/cy-diaz.md", "status: contacted\n", "status: contacted\noutreach: [{date: 2026-11-26, via: phone}]\n")
    check(*serve.reload()[:2])
    check(*serve.reload(TODAY + dt.timedelta(days=2))[:2])  # the call is on the next week's numbers now


def test_a_status_change_rebuilds_that_row_only(serve):
    edit(serve.root, "contacts/cy-diaz.md", "status: contacted", "status: dormant")
    old_data = serve.data
    got, want, *_, data = serve.reload()
    check(got, want)
    assert row_of(data, "contacts/cy-diaz.md")["status"] == "dormant"
    assert row_of(data, "contacts/cy-diaz.md") is not row_of(old_data, "contacts/cy-diaz.md")
    assert row_of(data, "contacts/bea-park.md") is row_of(old_data, "contacts/bea-park.md")


def test_a_referral_added_and_removed(serve):
    edit(serve.root, "interviews/ann-1.md", '"[[Gil Moss]]"]', '"[[Gil Moss]]", "[[Cy Diaz]]"]')
    old_data = serve.data
    got, want, *_, data = serve.reload()
    check(got, want)
    assert edge_row(data, "contacts/ann-lee.md", "contacts/cy-diaz.md", "referrals:interviews/ann-1.md")["origin"] == "referrals"
    # Ann gave one more name: her row changes; Bea's (untouched) stays.
    assert row_of(data, "contacts/ann-lee.md")["names_given"] == 3
    assert row_of(data, "contacts/bea-park.md") is row_of(old_data, "contacts/bea-park.md")
    edit(serve.root, "interviews/ann-1.md", ', "[[Gil Moss]]", "[[Cy Diaz]]"]', "]")
    got, want, *_, data = serve.reload()
    check(got, want)
    assert not any(r["source"] == "contacts/ann-lee.md" and r["target"] == "prospect:gil moss" for r in data["edges"])
    assert any(r["id"] == "prospect:gil moss" for r in data["nodes"])  # Dee's referred_by still names him


def test_a_referred_by_edited_changes_the_chain(serve):
    edit(serve.root, "contacts/dee-ito.md", '"[[Gil Moss]]"', '"[[Bea Park]]"')
    got, want, _, G, _, _ = serve.reload()
    check(got, want)
    assert referral_chain(G, "contacts/dee-ito.md") == [OWNER, "contacts/ann-lee.md", "contacts/bea-park.md", "contacts/dee-ito.md"]


def test_a_contact_renamed(serve):
    edit(serve.root, "contacts/ann-lee.md", "name: Ann Lee", "name: Ann Lee-Hart\naliases: [Ann Lee]")
    check(*serve.reload()[:2])
    # Without the alias "[[Ann Lee]]" still reaches her file by its slug; a new name everywhere.
    edit(serve.root, "contacts/ann-lee.md", "aliases: [Ann Lee]", "aliases: []")
    got, want, _, G, _, data = serve.reload()
    check(got, want)
    assert G.nodes["contacts/ann-lee.md"]["name"] == "Ann Lee-Hart"
    assert edge_row(data, "contacts/ann-lee.md", "contacts/bea-park.md", "referred_by")["source"] == "contacts/ann-lee.md"
    # A name nobody's link reaches any more: Dee's referrer, now a note of its own.
    edit(serve.root, "contacts/cy-diaz.md", "name: Cy Diaz", "name: Gil Moss")
    got, want, _, G, _, _ = serve.reload()
    check(got, want)
    assert "prospect:gil moss" not in G


def test_a_company_changed(serve):
    edit(serve.root, "contacts/cy-diaz.md", "company: Somewhere Else", 'company: "[[Birch Labs]]"')
    got, want, _, G, _, _ = serve.reload()
    check(got, want)
    assert G.has_edge("contacts/cy-diaz.md", "companies/birch.md", "works_at")
    edit(serve.root, "companies/birch.md", "name: Birch Labs", "name: Birch Labs\nindustry: Biotech\nprivate: true")
    got, want, _, _, _, data = serve.reload()
    check(got, want)
    assert row_of(data, "contacts/cy-diaz.md")["company"] is None  # a private employer's name is not published


def test_a_meeting_marked_done(serve):
    edit(serve.root, "interviews/bea-1.md", "status: scheduled", "status: done\nreferrals: [\"[[Cy Diaz]]\"]")
    got, want, _, G, _, _ = serve.reload()
    check(got, want)
    assert G.has_edge(OWNER, "contacts/bea-park.md", "met:interviews/bea-1.md")


def test_notes_made_private(serve):
    edit(serve.root, "contacts/bea-park.md", "name: Bea Park", "name: Bea Park\nprivate: true")
    got, want, *_, data = serve.reload()
    check(got, want)
    assert not any(r["id"] == "contacts/bea-park.md" for r in data["nodes"])
    edit(serve.root, "interviews/ann-1.md", "status: done", "status: done\nprivate: true")
    check(*serve.reload()[:2])
    edit(serve.root, "contacts/bea-park.md", "private: true\n", "")
    check(*serve.reload()[:2])


def test_notes_added_and_deleted(serve):
    write(serve.root, "contacts/gil-moss.md", "---\ntype: contact\nname: Gil Moss\nstatus: contacted\n---\n")
    got, want, _, G, _, _ = serve.reload()
    check(got, want)
    assert "contacts/gil-moss.md" in G and "prospect:gil moss" not in G
    (serve.root / "contacts/cy-diaz.md").unlink()
    check(*serve.reload()[:2])
    write(serve.root, "interviews/dee-1.md", '---\ntype: interview\ncontact: "[[Dee Ito]]"\ndate: 2026-11-21\nstatus: done\n---\n')
    check(*serve.reload()[:2])


def test_the_next_day(serve):
    edit(serve.root, "contacts/cy-diaz.md", "status: contacted", "status: met")
    check(*serve.reload(TODAY + dt.timedelta(days=1))[:2])
    check(*serve.reload(TODAY + dt.timedelta(days=40))[:2])


def test_an_edited_old_graph_is_not_reused(serve):
    """A holder changed the last graph: the next one is built, and its data made, without it."""
    serve.G.nodes["contacts/bea-park.md"]["status"] = "scribbled"
    serve.G.nodes["contacts/ann-lee.md"]["tags"].append("in place")  # not seen by the clock
    edit(serve.root, "contacts/cy-diaz.md", "status: contacted", "status: dormant")
    got, want, *_ = serve.reload()
    check(got, want)


def test_a_tags_list_changed_in_place_is_not_reused(serve):
    """A list inside an attribute changes without the clock seeing it: the rows compare it."""
    serve.G.nodes["contacts/ann-lee.md"]["tags"].append("in place")
    serve.data = to_node_link(serve.G, public=True, hidden_fields=HIDDEN)
    edit(serve.root, "contacts/cy-diaz.md", "status: contacted", "status: dormant")
    got, want, *_ = serve.reload()
    check(got, want)


def test_the_new_graph_is_its_own(serve):
    """Editing the new graph leaves the old one (another World's) as it was, and the other way round."""
    edit(serve.root, "contacts/cy-diaz.md", "status: contacted", "status: dormant")
    _, _, old_G, G, _, _ = serve.reload()
    G.nodes["contacts/ann-lee.md"]["tags"].append("mine")
    G.nodes["contacts/ann-lee.md"]["name"] = "Changed"
    assert old_G.nodes["contacts/ann-lee.md"]["tags"] == ["warm"]
    assert old_G.nodes["contacts/ann-lee.md"]["name"] == "Ann Lee"


def test_the_example_vault_through_the_site(tmp_path):
    """The real path: the parse cache, the memo, and build_site, against a fresh build each time."""
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, root)
    cache, memo = {}, Memo()

    def served():
        return build_site(load_vault(root, cache=cache), TODAY, memo=memo)

    served()
    contacts = sorted((root / "contacts").glob("*.md"))
    interviews = sorted((root / "interviews").glob("*.md"))
    edits = [
        (contacts[0], "---\n", "---\nthank_you_sent: 2026-11-20\n"),
        (contacts[1], "---\n", "---\nprivate: true\n"),
        (interviews[0], "---\n", "---\nreferrals: [\"[[Zed Quill]]\"]\n"),
    ]
    last = served().context.world.node_link()
    for path, old, new in edits:
        edit(root, str(path.relative_to(root)), old, new)
        site = served()
        basis = site.context.world.basis
        assert lineage.parent(basis) is not None
        data = site.context.world.node_link()
        # The owner's row, at least, is last build's very object: the update ran, not a fresh build.
        assert data["nodes"][0] is last["nodes"][0]
        last = data
        want = build_site(load_vault(root), TODAY)
        assert site.graph == want.graph
        assert site.pages["index.md"] == want.pages["index.md"]
        assert facts(basis) == facts(want.context.world.basis)


# -- random edit sequences ----------------------------------------------------------

POOL = ["Ann Lee", "Bea Park", "Cy Diaz", "Dee Ito", "Eve Roe"]
COMPANIES = ["Acme Talent", "Birch Labs", "Nowhere Inc"]


#: How a contact's field is written, when set.
_FORMS = (("referred_by", 'referred_by: "[[{}]]"'), ("company", 'company: "[[{}]]"'), ("status", "status: {}"), ("tag", "tags: [{}]"))


def contact_text(c: dict) -> str:
    lines = ["type: contact", f"name: {c['name']}", *(form.format(c[key]) for key, form in _FORMS if c.get(key))]
    if c["private"]:
        lines.append("private: true")
    if c.get("outreach"):
        entries = ", ".join(f"{{date: 2026-11-{day:02d}, via: email, direction: {way}}}" for day, way in c["outreach"])
        lines.append(f"outreach: [{entries}]")
    return "---\n" + "\n".join(lines) + "\n---\n"


def interview_text(who: str, day: int, status: str, names: list[str], private: bool) -> str:
    refs = ", ".join(f'"[[{x}]]"' for x in names)
    return (
        f'---\ntype: interview\ncontact: "[[{who}]]"\ndate: 2026-11-{day:02d}\nstatus: {status}\n'
        f"referrals: [{refs}]\nprivate: {str(private).lower()}\n---\n"
    )


contact_edit = st.fixed_dictionaries(
    {
        "name": st.sampled_from(POOL + ["Ann Lea"]),
        "referred_by": st.one_of(st.none(), st.sampled_from(POOL + ["Gil Moss", "Olive Owner"])),
        "company": st.one_of(st.none(), st.sampled_from(COMPANIES)),
        "status": st.sampled_from(["", "contacted", "met"]),
        "private": st.booleans(),
        "tag": st.sampled_from(["", "x"]),
        "outreach": st.lists(st.tuples(st.integers(1, 28), st.sampled_from(["out", "in"])), max_size=3),
    }
)
interview_edit = st.tuples(
    st.sampled_from(POOL),
    st.integers(1, 28),
    st.sampled_from(["done", "scheduled", "cancelled"]),
    st.lists(st.sampled_from(POOL + ["Gil Moss"]), max_size=3),
    st.booleans(),
)
step = st.one_of(
    st.tuples(st.just("contact"), st.integers(0, 4), contact_edit),
    st.tuples(st.just("interview"), st.integers(0, 3), interview_edit),
    st.tuples(st.just("delete"), st.sampled_from(["contacts/c2.md", "interviews/i1.md", "companies/k1.md"]), st.none()),
    st.tuples(st.just("company"), st.integers(0, 1), st.tuples(st.sampled_from(COMPANIES), st.booleans())),
    st.tuples(st.just("day"), st.integers(0, 40), st.none()),
)


@settings(max_examples=100)
@given(st.lists(step, min_size=1, max_size=6))
def test_random_edit_sequences(tmp_path_factory, steps):
    root = tmp_path_factory.mktemp("vault")
    files = {"infoview.yml": "owner: Olive Owner\n"}
    for i, name in enumerate(COMPANIES[:2]):
        files[f"companies/k{i}.md"] = f"---\ntype: company\nname: {name}\n---\n"
    for i, name in enumerate(POOL[:4]):
        c = {"name": name, "referred_by": POOL[i - 1] if i else None, "company": COMPANIES[i % 2], "status": "", "private": False, "tag": ""}
        files[f"contacts/c{i}.md"] = contact_text(c)
    files["interviews/i0.md"] = interview_text("Ann Lee", 3, "done", ["Bea Park"], False)
    files["interviews/i1.md"] = interview_text("Bea Park", 9, "done", ["Gil Moss"], False)
    write_vault(root, files)
    serve = Reloads(root)
    today = TODAY
    for kind, which, what in steps:
        if kind == "contact":
            write(root, f"contacts/c{which}.md", contact_text(what))
        elif kind == "interview":
            write(root, f"interviews/i{which}.md", interview_text(*what))
        elif kind == "delete":
            (root / which).unlink(missing_ok=True)
        elif kind == "company":
            name, private = what
            write(root, f"companies/k{which}.md", f"---\ntype: company\nname: {name}\nprivate: {str(private).lower()}\n---\n")
        else:
            today = TODAY + dt.timedelta(days=which)
        check(*serve.reload(today)[:2])
