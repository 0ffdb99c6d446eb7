"""The site kept across ``mkdocs serve`` rebuilds: only pages whose reads changed are built again, and the
result is always byte for byte what a build from scratch gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT, REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview import load_vault
from infoview.links import Link
from infoview.site import INDEX_PAGES, Memo, build_site
from infoview.site.context import SiteContext
from infoview.site.memo import same

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402 - the benchmarks' vault generator


class Serve:
    """What ``mkdocs serve`` keeps between rebuilds: the parse cache and the memo of built pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict = {}
        self.memo = Memo()

    def build(self, today: dt.date = EXAMPLE_TODAY, *, directory_urls: bool = True):
        return build_site(load_vault(self.root, cache=self.cache), today, directory_urls=directory_urls, memo=self.memo)


def fresh(root: Path, today: dt.date = EXAMPLE_TODAY, *, directory_urls: bool = True):
    """A build from scratch: no parse cache, no memo."""
    return build_site(load_vault(root), today, directory_urls=directory_urls)


def output(site) -> tuple:
    """Everything a build publishes."""
    return (site.pages, site.graph, {k: str(v) for k, v in site.files.items()}, site.feeds, site.errors)


_tick = [0]


def write(root: Path, rel: str, text: str) -> None:
    """Write a note as an editor would, with a newer mtime each time (the parse cache keys on it)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _tick[0] += 1
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + _tick[0] * 1_000_000))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    write(root, rel, text.replace(old, new, 1))


@pytest.fixture(autouse=True)
def verify_the_short_way(monkeypatch):
    """Every kept page taken as unchanged from what changed since the last build is also checked the long way
    (asking each of its reads again): a page the short way keeps wrongly fails the test where it happens."""
    monkeypatch.setattr(SiteContext, "VERIFY", True)


@pytest.fixture
def example(tmp_path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, root)
    return root


def test_nothing_changed_builds_nothing(example):
    serve = Serve(example)
    first = serve.build()
    assert len(first.built) == len(first.pages) and not first.errors
    again = serve.build()
    assert again.built == []
    assert output(again) == output(first)
    assert serve.memo.stats.fragments_built == 0 and serve.memo.stats.fragments_reused >= len(first.pages)


def test_a_body_edit_builds_only_the_pages_that_show_the_note(example):
    serve = Serve(example)
    first = serve.build()
    edit(example, "contacts/carmen-reyes.md", "met_via:", "coffee: black\nmet_via:")
    write(example, "contacts/carmen-reyes.md", (example / "contacts/carmen-reyes.md").read_text() + "\nA new line.\n")
    site = serve.build()
    assert output(site) == output(fresh(example))
    assert "people/carmen-reyes.md" in site.built
    # Every page built again shows Carmen (her page's address or her name), or is a section index.
    for src in site.built:
        page = first.pages[src]
        assert src in INDEX_PAGES or "carmen-reyes" in page or "Carmen Reyes" in page, src
    assert len(site.built) < len(site.pages) // 4
    assert "people/keiko-tanaka.md" not in site.built and "meetings/2026-10-20-keiko-tanaka.md" not in site.built


def test_writing_in_a_body_builds_that_page_and_those_it_links_to(example):
    serve = Serve(example)
    serve.build()
    path = example / "contacts/carmen-reyes.md"
    write(example, "contacts/carmen-reyes.md", path.read_text() + "\nAsked about data roles.\n")
    site = serve.build()
    assert site.built == ["people/carmen-reyes.md"]
    assert "Asked about data roles." in site.pages["people/carmen-reyes.md"]
    # A new link in the body: the note linked to now lists her under "Mentioned in".
    write(example, "contacts/carmen-reyes.md", path.read_text() + "\nIntroduced by [[Keiko Tanaka]].\n")
    site = serve.build()
    assert site.built == ["people/carmen-reyes.md", "people/keiko-tanaka.md"]
    assert "carmen-reyes" in site.pages["people/keiko-tanaka.md"].split("## Mentioned in")[1]
    assert output(site) == output(fresh(example))


def test_a_name_shown_on_other_pages_is_updated_there(example):
    serve = Serve(example)
    serve.build()
    edit(example, "contacts/beatriz-calloway.md", "name: Beatriz Calloway", "name: Beatrix Calloway-Ng")
    site = serve.build()
    assert output(site) == output(fresh(example))
    # Devon was referred by her: his kept page had to be built again to show the new name.
    assert "people/devon-achebe.md" in site.built
    assert "Beatrix Calloway-Ng" in site.pages["people/devon-achebe.md"]
    assert "Beatriz Calloway" not in site.pages["people/devon-achebe.md"]


def test_a_series_of_edits_matches_a_build_from_scratch(example):
    serve, other_style = Serve(example), Serve(example)
    serve.build()
    other_style.build(directory_urls=False)
    zoe = (
        '---\nname: Zoe Park\nreferred_by: "[[Andre Mills]]"\ncompany: "[[Cedarline RPO]]"\ntags: [new]\n---\n'
        "Met through [[Jasper Quinn]] and [[Keiko Tanaka]].\n"
    )
    later = dt.date(2026, 12, 10)
    thanked = "interviews/2026-11-20-simone-adeyemi.md"
    steps = [
        ("nothing", lambda: None, EXAMPLE_TODAY),
        (
            "thank-you logged",
            lambda: edit(example, thanked, "may_use_name:", "thank_you_sent: 2026-11-21\nmay_use_name:"),
            EXAMPLE_TODAY,
        ),
        (
            "a tag",
            lambda: edit(example, "contacts/carmen-reyes.md", "  - agency\n", "  - agency\n  - warm\n"),
            EXAMPLE_TODAY,
        ),
        ("rename", lambda: edit(example, "contacts/beatriz-calloway.md", "Beatriz", "Bea"), EXAMPLE_TODAY),
        (
            "referral",
            lambda: edit(example, "contacts/devon-achebe.md", "referred_by:", 'referred_by: "[[Keiko Tanaka]]"\nwas:'),
            EXAMPLE_TODAY,
        ),
        ("private", lambda: edit(example, "contacts/keiko-tanaka.md", "---\n", "---\nprivate: true\n"), EXAMPLE_TODAY),
        ("delete", lambda: (example / "companies/riverbend-health.md").unlink(), EXAMPLE_TODAY),
        ("add", lambda: write(example, "contacts/zoe-park.md", zoe), EXAMPLE_TODAY),
        ("today", lambda: None, later),
        ("hidden field", lambda: edit(example, "infoview.yml", "[home_address]", "[home_address, role]"), later),
        ("public again", lambda: edit(example, "contacts/keiko-tanaka.md", "private: true\n", ""), later),
        ("delete a meeting", lambda: (example / "interviews/2026-11-20-simone-adeyemi.md").unlink(), later),
    ]
    for label, change, today in steps:
        change()
        for server, style in ((serve, True), (other_style, False)):
            site = server.build(today, directory_urls=style)
            assert output(site) == output(fresh(example, today, directory_urls=style)), label
        if label == "private":
            # Her page, every link to it and her graph node are gone (words others wrote about her stay, unlinked).
            assert not any("keiko-tanaka" in src for src in site.pages)
            assert "keiko-tanaka" not in "\n".join(site.pages.values()) + repr(site.graph)
        if label == "hidden field":
            assert "Senior Technical Recruiter" not in "\n".join(site.pages.values())
        if label == "nothing":
            assert site.built == []
        if label == "thank-you logged":
            # Most kept pages are settled from what changed (the short way), not by asking their reads again.
            assert serve.memo.stats.settled > len(site.pages) // 2, serve.memo.stats


def test_one_memo_across_url_styles(example):
    serve = Serve(example)
    for style in (True, False, True):
        assert output(serve.build(directory_urls=style)) == output(fresh(example, directory_urls=style))


def test_pages_cannot_read_around_their_reads(example):
    ctx = SiteContext(load_vault(example), EXAMPLE_TODAY, memo=Memo())
    for what in ("vault", "graph", "findings"):
        with pytest.raises(RuntimeError, match="read ctx"):
            ctx.fragment(lambda c, what=what: getattr(c, what))
    assert ctx.vault is not None  # outside a page it is fine


def test_a_kept_fragment_is_built_again_when_a_read_answers_differently(example):
    vault = load_vault(example)
    memo = Memo()
    calls = []

    def shown(ctx, path):
        calls.append(path)
        note = ctx.note(path)
        return note.name if note is not None and ctx.is_published(path) else "-"

    for _ in range(2):
        memo.begin()
        ctx = SiteContext(vault, EXAMPLE_TODAY, memo=memo)
        assert ctx.fragment(shown, "contacts/keiko-tanaka.md") == "Keiko Tanaka"
        memo.end()
    assert calls == ["contacts/keiko-tanaka.md"]  # the second build reused it
    edit(example, "contacts/keiko-tanaka.md", "---\n", "---\nprivate: true\n")
    memo.begin()
    assert SiteContext(load_vault(example), EXAMPLE_TODAY, memo=memo).fragment(shown, "contacts/keiko-tanaka.md") == "-"
    memo.end()
    assert len(calls) == 2


# -- same(): strict enough that a reused page is never stale ------------------------------------------------------


def test_same_tells_apart_values_that_print_differently():
    assert same(1, 1) and same("a", "a") and same(None, None) and same(dt.date(2026, 1, 2), dt.date(2026, 1, 2))
    assert not same(1, True) and not same(1, 1.0) and not same(0.0, -0.0)
    assert not same({"x": 1}, {"x": True}) and not same([1], (1,)) and not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same(dt.date(2026, 1, 2), dt.datetime(2026, 1, 2))
    utc = dt.timezone.utc
    plus_one = dt.timezone(dt.timedelta(hours=1))
    assert not same(dt.datetime(2026, 1, 2, 10, tzinfo=utc), dt.datetime(2026, 1, 2, 11, tzinfo=plus_one))
    assert same(Link("Ana", "A"), Link("Ana", "A")) and not same(Link("Ana", "A"), Link("Ana", "B"))
    assert same(float("nan"), float("nan"))

    class Opaque:
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

    assert not same(Opaque(), Opaque())  # unknown types: only the very same object


def test_same_compares_notes_field_by_field(example):
    a, b = load_vault(example), load_vault(example)
    note_a, note_b = a.get("contacts/keiko-tanaka.md"), b.get("contacts/keiko-tanaka.md")
    assert same(note_a, note_b)
    assert not same(note_a, dataclasses.replace(note_b, body=note_b.body + " "))
    assert not same(note_a, dataclasses.replace(note_b, data={**note_b.data, "role": 1}))


# -- a random series of edits ------------------------------------------------------------------------------------

PEOPLE = ["contacts/ana.md", "contacts/bo.md", "contacts/cy.md", "contacts/di.md"]
NAMES = ["Ana Diaz", "Bo Chen", "Cy Park", "Di Ruiz", "Ana", "Bo Chen"]
MEETINGS = ["interviews/m1.md", "interviews/m2.md"]
COMPANY = "companies/acme.md"


def _person(name: str, *, private: bool, referrer: str | None, company: bool, body: str, role: str) -> str:
    lines = ["---", f"name: {name}", f"role: {role}", "tags: [t1]"]
    if private:
        lines.append("private: true")
    if referrer:
        lines.append(f'referred_by: "[[{referrer}]]"')
    if company:
        lines.append('company: "[[Acme]]"')
    return "\n".join([*lines, "---", body, ""])


def _meeting(contact: str, day: int, status: str, referral: str | None, body: str) -> str:
    lines = ["---", f'contact: "[[{contact}]]"', f"date: 2026-11-{day:02d}", f"status: {status}", "medium: phone"]
    if referral:
        lines += ["referrals:", f'  - "[[{referral}]]"']
    return "\n".join([*lines, "---", body, ""])


person_edit = st.fixed_dictionaries(
    {
        "kind": st.just("person"),
        "which": st.integers(0, len(PEOPLE) - 1),
        "name": st.sampled_from(NAMES),
        "private": st.booleans(),
        "referrer": st.none() | st.sampled_from(NAMES),
        "company": st.booleans(),
        "body": st.sampled_from(
            [
                "",
                "Plain text.",
                "See [[Bo Chen]].",
                "About [[Acme]] and ![[cv.pdf]].",
                "# Heading\n[[Cy Park|Cy]]",
                "![[a b.png]] [[a-b.png]]",
            ]
        ),
        "role": st.sampled_from(["Recruiter", "Lead", "<b>Boss</b>"]),
    }
)
meeting_edit = st.fixed_dictionaries(
    {
        "kind": st.just("meeting"),
        "which": st.integers(0, len(MEETINGS) - 1),
        "contact": st.sampled_from(NAMES),
        "day": st.integers(18, 30),
        "status": st.sampled_from(["done", "scheduled", "cancelled"]),
        "referral": st.none() | st.sampled_from([*NAMES, "Someone New"]),
        "body": st.sampled_from(["", "Notes on [[Ana Diaz]]."]),
    }
)
other_edit = st.one_of(
    st.fixed_dictionaries({"kind": st.just("delete"), "path": st.sampled_from([*PEOPLE, *MEETINGS, COMPANY])}),
    st.fixed_dictionaries({"kind": st.just("today"), "day": st.integers(20, 30)}),
    st.fixed_dictionaries(
        {"kind": st.just("hide"), "fields": st.sampled_from(["[]", "[role]", "[company, referred_by]"])}
    ),
    st.fixed_dictionaries(
        {"kind": st.just("company"), "private": st.booleans(), "name": st.sampled_from(["Acme", "Acme Corp"])}
    ),
    # Two files whose names fold to one site path, each there or not.
    st.fixed_dictionaries(
        {"kind": st.just("file"), "name": st.sampled_from(["a b.png", "a-b.png", "cv.pdf"]), "there": st.booleans()}
    ),
)


def _apply(root: Path, change: dict, state: dict) -> None:
    kind = change["kind"]
    fields = {k: v for k, v in change.items() if k not in ("kind", "which")}
    if kind == "person":
        write(root, PEOPLE[change["which"]], _person(**fields))
    elif kind == "meeting":
        write(root, MEETINGS[change["which"]], _meeting(**fields))
    elif kind == "delete":
        (root / change["path"]).unlink(missing_ok=True)
    elif kind == "today":
        state["today"] = dt.date(2026, 11, change["day"])
    elif kind == "hide":
        write(root, "infoview.yml", f"owner: Me\nsite:\n  private_fields: {change['fields']}\n")
    elif kind == "company":
        write(root, COMPANY, f"---\nname: {change['name']}\nprivate: {str(change['private']).lower()}\n---\n")
    elif kind == "file":
        if change["there"]:
            (root / change["name"]).write_bytes(change["name"].encode())
        else:
            (root / change["name"]).unlink(missing_ok=True)


# -- what changed since the last build: every read that answers differently is listed ----------------------------


def _rebuild_listing_changes(serve: Serve, today: dt.date):
    """Rebuild; give the site and every read kept pages made that answers differently now but that
    ``World.changes_since`` did not list (it must list a superset)."""
    from infoview.site.world import SETTLED

    before = serve.memo.world
    reads = {r for e in serve.memo.entries.values() if e.world is before for r in e.reads if r[0] in SETTLED}
    answered = {p: set(keys) for p, keys in serve.memo.answered.items()}
    site = serve.build(today)
    now = site.context.world
    changes = now.changes_since(before, answered)
    if changes is None:
        return site, []
    missed = []
    for read_ in reads:
        if read_[0] in changes.kinds or read_ in changes.keys:
            continue
        if not same(getattr(before, read_[0])(*read_[1:]), getattr(now, read_[0])(*read_[1:])):
            missed.append(read_)
    return site, missed


def _seed(root: Path) -> None:
    """The small vault the random edits start from: four people in a chain, two meetings, a company, three files."""
    for i, path in enumerate(PEOPLE):
        referrer = NAMES[i - 1] if i else None
        person = _person(NAMES[i], private=False, referrer=referrer, company=i % 2 == 0, body="", role="Recruiter")
        write(root, path, person)
    for i, path in enumerate(MEETINGS):
        write(root, path, _meeting(NAMES[i], 20 + i, "done", NAMES[2], ""))
    write(root, COMPANY, "---\nname: Acme\n---\n")
    for name in ("cv.pdf", "a b.png", "a-b.png"):
        (root / name).write_bytes(name.encode())


@settings(max_examples=100)
@given(st.lists(st.one_of(person_edit, meeting_edit, other_edit), min_size=1, max_size=5))
def test_any_series_of_edits_matches_a_build_from_scratch(tmp_path_factory, changes):
    root = tmp_path_factory.mktemp("vault")
    _seed(root)
    state = {"today": dt.date(2026, 11, 25)}
    serve = Serve(root)
    serve.build(state["today"])
    for change in changes:
        _apply(root, change, state)
        site, missed = _rebuild_listing_changes(serve, state["today"])
        assert output(site) == output(fresh(root, state["today"])), change
        assert missed == [], change  # every read that answers differently was listed as changed


# -- the facts kept while only bodies change --------------------------------------------------------------------


def _derived_outputs(vault, today):
    """What the site computes from the bodiless vault: findings, agenda, graph data, charts, calendar."""
    from infoview import agenda, charts, graph, rules
    from infoview.interop.ics import ics_feed

    G = graph.build_graph(vault)
    return (
        [f.format() + f.hint for f in rules.run_rules(vault, today)],
        [i.to_json() for i in agenda.agenda(vault, today, days=3660)],
        graph.to_node_link(G, public=True, hidden_fields=tuple(sorted(vault.config.site.hidden_fields))),
        graph.referral_parents(G),
        charts.dashboard_charts_html(vault, today),
        ics_feed(vault, today),
    )


@pytest.mark.parametrize("which", ["example", "generated"])
def test_what_is_computed_without_bodies_is_what_check_computes_with_them(which, tmp_path):
    """The rules, agenda, graph, charts and calendar do not read note bodies: the site may keep them across body edits.

    If one of them starts reading bodies, this fails: then it must not be computed from ``World.basis``.
    """
    if which == "example":
        root = EXAMPLE_VAULT
    else:
        root = tmp_path / "generated"
        generate(root, 150, seed=2)
    vault = load_vault(root)
    basis = SiteContext(vault, EXAMPLE_TODAY).world.basis
    assert all(n.body == "" and n.links == () for n in basis.notes) and any(n.body for n in vault.notes)
    assert _derived_outputs(basis, EXAMPLE_TODAY) == _derived_outputs(vault, EXAMPLE_TODAY)


def test_a_body_edit_keeps_the_facts_a_frontmatter_edit_recomputes_them(example):
    serve = Serve(example)
    serve.build()
    world = serve.memo.world
    kept = dict(world.derived)
    assert {"findings", "agenda", "graph"} <= set(kept)
    write(example, "contacts/carmen-reyes.md", (example / "contacts/carmen-reyes.md").read_text() + "\nMore.\n")
    serve.build()
    assert serve.memo.world is world  # nothing a page reads changed: the World itself is kept
    carmen = example / "contacts/carmen-reyes.md"
    write(example, "contacts/carmen-reyes.md", carmen.read_text() + "\n[[Keiko Tanaka]]\n")
    serve.build()
    assert serve.memo.world is not world  # a new body link: a new World, the facts from the bodiless vault kept
    assert all(serve.memo.world.derived[k] is v for k, v in kept.items())
    edit(example, "contacts/carmen-reyes.md", "name: Carmen Reyes", "name: Carmen Reyes-Lee")
    serve.build()
    assert all(serve.memo.world.derived[k] is not v for k, v in kept.items() if k in serve.memo.world.derived)


def test_a_deleted_note_leaves_the_memo(example):
    serve = Serve(example)
    serve.build()
    gone = ("note", "contacts/carmen-reyes.md")
    assert any(gone in key for key in serve.memo.entries)
    serve.build()  # the same World: nothing is dropped
    assert any(gone in key for key in serve.memo.entries)
    (example / "contacts/carmen-reyes.md").unlink()
    serve.build()
    assert not any(gone in key for key in serve.memo.entries)


def test_what_changed_after_a_thank_you_is_logged_in_the_example(example):
    serve = Serve(example)
    serve.build()
    edit(
        example, "interviews/2026-11-20-simone-adeyemi.md", "may_use_name:", "thank_you_sent: 2026-11-21\nmay_use_name:"
    )
    assert _rebuild_listing_changes(serve, EXAMPLE_TODAY)[1] == []
    edit(example, "contacts/devon-achebe.md", "referred_by:", 'referred_by: "[[Keiko Tanaka]]"\nwas:')
    assert _rebuild_listing_changes(serve, EXAMPLE_TODAY)[1] == []


def test_a_body_link_follows_a_renamed_note(tmp_path):
    """Ana's note is untouched, but the name her body links to moves from Bo to Cy: both pages change."""
    root = tmp_path / "vault"
    write(root, "contacts/ana.md", "---\nname: Ana Diaz\n---\nLunch with [[Bo Chen]].\n")
    write(root, "contacts/bo.md", "---\nname: Bo Chen\n---\n")
    write(root, "contacts/cy.md", "---\nname: Cy Park\n---\n")
    serve = Serve(root)
    first = serve.build()
    assert "Ana Diaz" in first.pages["people/bo.md"]  # "Mentioned in"
    write(root, "contacts/bo.md", "---\nname: Bo Li\n---\n")
    write(root, "contacts/cy.md", "---\nname: Cy Park\naliases: [Bo Chen]\n---\n")
    site = serve.build()
    assert output(site) == output(fresh(root))
    assert "Ana Diaz" not in site.pages["people/bo.md"] and "Ana Diaz" in site.pages["people/cy.md"]


def test_a_fact_that_fails_fails_only_the_pages_that_read_it(example, monkeypatch):
    """A bug in the rules after an edit: the kept build reports the same pages broken as a build from scratch."""
    from infoview import rules

    serve = Serve(example)
    serve.build()
    edit(
        example, "interviews/2026-11-20-simone-adeyemi.md", "may_use_name:", "thank_you_sent: 2026-11-21\nmay_use_name:"
    )

    def broken(*args, **kwargs):
        raise ValueError("a rule's bug")

    monkeypatch.setattr(rules, "run_rules", broken)
    site = serve.build()
    scratch = fresh(example)
    assert scratch.errors and len(scratch.errors) < len(scratch.pages)
    assert output(site) == output(scratch)


def test_an_edit_looks_at_the_rows_of_its_block_only(tmp_path, monkeypatch):
    """Long lists are kept a block of rows at a time: after one person's edit, the people index looks at
    the rows of that person's block, not at every row (and the page is still the page built from scratch)."""
    from infoview.site import pages

    root = tmp_path / "vault"
    generate(root, 300, seed=3)
    serve = Serve(root)
    first = serve.build()
    rows = first.pages["people/index.md"].count("<tr") - 1
    assert rows > 200
    looked: list[str] = []
    real = SiteContext._fragment

    def counting(self, fn, args, memo, recheck=True, key=None):
        if fn is pages._person_row:
            looked.append(args[0].path)
        return real(self, fn, args, memo, recheck, key)

    monkeypatch.setattr(SiteContext, "_fragment", counting)
    monkeypatch.setattr(SiteContext, "VERIFY", False)  # checking the long way looks at every row: not here
    person = sorted((root / "contacts").glob("*.md"))[150]
    edit(root, f"contacts/{person.name}", "---\n", "---\nrole: Sourcing Lead\n")
    site = serve.build()
    assert output(site) == output(fresh(root))
    assert "people/index.md" in site.built
    assert f"contacts/{person.name}" in looked
    assert len(looked) < rows // 4, len(looked)
