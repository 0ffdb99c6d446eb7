"""The graph script on its own: a static page like /graph/, a graph.json written by hand, real Chromium.

These tests need no MkDocs build, so a failure here is the script's, not the site's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "site_plugins" / "assets"
EVIL = '<img src=x onerror="window.__pwned=1">Eve & "Co"'

GRAPH = {
    "directed": True,
    "multigraph": True,
    "graph": {},
    "nodes": [
        {"id": "@owner", "kind": "owner", "name": "Sam Okafor", "tags": [], "names_given": 0},
        {"id": "contacts/bea.md", "kind": "contact", "name": "Bea Calloway", "status": "met", "company": "Acme",
         "tags": ["rpo"], "names_given": 2, "url": "people/bea/"},
        {"id": "contacts/dev.md", "kind": "contact", "name": "Dev Achebe", "status": "met", "company": "Acme",
         "tags": [], "names_given": 2, "url": "people/dev/"},
        {"id": "contacts/kim.md", "kind": "contact", "name": "Kim Reyes", "status": "contacted", "company": "Beta",
         "tags": ["rpo"], "names_given": 0, "url": "people/kim/"},
        {"id": "prospect:lee wong", "kind": "prospect", "name": "Lee Wong", "status": "prospect", "tags": [], "names_given": 0},
        {"id": "contacts/zed.md", "kind": "contact", "name": "Zed Moss", "status": "dormant", "company": None,
         "tags": [], "names_given": 0, "url": "people/zed/"},
        {"id": "contacts/eve.md", "kind": "contact", "name": EVIL, "status": "scheduled", "company": "Beta",
         "tags": [], "names_given": 0, "url": "people/eve/"},
        {"id": "companies/acme.md", "kind": "company", "name": "Acme", "tags": [], "names_given": 0, "url": "companies/acme/"},
        {"id": "companies/beta.md", "kind": "company", "name": "Beta", "tags": [], "names_given": 0, "url": "companies/beta/"},
    ],
    "edges": [
        {"source": "@owner", "target": "contacts/bea.md", "kind": "referred"},
        {"source": "@owner", "target": "contacts/zed.md", "kind": "referred"},
        {"source": "@owner", "target": "contacts/bea.md", "kind": "met", "date": "2026-09-15"},
        {"source": "@owner", "target": "contacts/dev.md", "kind": "met", "date": "2026-09-29"},
        {"source": "contacts/bea.md", "target": "contacts/dev.md", "kind": "referred", "date": "2026-09-15"},
        {"source": "contacts/bea.md", "target": "contacts/eve.md", "kind": "referred", "date": "2026-09-15"},
        {"source": "contacts/dev.md", "target": "contacts/kim.md", "kind": "referred", "date": "2026-09-29"},
        {"source": "contacts/dev.md", "target": "prospect:lee wong", "kind": "referred", "date": "2026-09-29"},
        {"source": "contacts/bea.md", "target": "companies/acme.md", "kind": "works_at"},
        {"source": "contacts/dev.md", "target": "companies/acme.md", "kind": "works_at"},
        {"source": "contacts/kim.md", "target": "companies/beta.md", "kind": "works_at"},
    ],
}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Referral graph</title>
<link rel="stylesheet" href="{root}assets/infoview/infoview-graph.css"></head>
<body><article class="md-content md-typeset"><h1>Referral graph</h1>
{container}
<h2>People in the graph</h2>
<ul id="infoview-graph-list">{items}</ul>
</article>
<script src="{root}assets/infoview/infoview-graph.js"></script></body></html>
"""


def write_site(root: Path, graph: dict) -> Path:
    """A static site shaped like the built one: /graph/, a page per person, /graph.json, the assets."""
    shutil.copytree(ASSETS, root / "assets" / "infoview", ignore=shutil.ignore_patterns("*.md"))
    (root / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    people = [n for n in graph["nodes"] if n["kind"] == "contact"]
    items = "".join(f'<li data-node="{n["id"]}"><a href="../{n["url"]}">{_esc(n["name"])}</a></li>' for n in people)
    container = (
        '<div id="infoview-graph" class="infoview-graph" data-src="../graph.json" role="img" '
        'aria-label="Referral graph: the same people as the list below">'
        "<noscript><p>The interactive graph needs JavaScript.</p></noscript></div>"
    )
    (root / "graph").mkdir()
    (root / "graph" / "index.html").write_text(PAGE.format(root="../", container=container, items=items), encoding="utf-8")
    for n in graph["nodes"]:
        if n.get("url"):
            page = root / n["url"] / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            hood = f'<div class="infoview-neighbourhood" data-node="{n["id"]}" data-src="../../graph.json" data-hops="1"></div>'
            page.write_text(PAGE.format(root="../../", container=hood, items="").replace("Referral graph</h1>", f"{_esc(n['name'])}</h1>"))
    return root


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@pytest.fixture
def static_site(tmp_path, serve):
    return serve(write_site(tmp_path / "site", GRAPH))


def drawn_pixels(page, selector: str = "#infoview-graph canvas") -> int:
    """How many pixels of the graph canvas are painted (its background is transparent)."""
    return page.eval_on_selector(
        selector,
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""",
    )


def assert_graph_draws(page, served) -> None:
    """The referral graph page of ``served`` lays out its people and paints them."""
    page.goto(served.url("graph/"))
    page.wait_for_selector("#infoview-graph canvas")
    page.wait_for_function("document.querySelector('#infoview-graph').getAttribute('data-nodes') > 0")
    page.wait_for_timeout(800)
    assert drawn_pixels(page) > 1000


def open_graph(page, served, path: str = "graph/"):
    page.goto(served.url(path))
    page.wait_for_selector("#infoview-graph[data-nodes]")
    page.wait_for_function("document.querySelector('#infoview-graph').infoviewGraph !== undefined")
    page.wait_for_timeout(600)  # a few animation frames


def screen_xy(page, node_id: str) -> tuple[float, float]:
    """Page coordinates of a node's centre, from the library's own transform."""
    xy = page.evaluate(
        """id => { const box = document.querySelector('#infoview-graph');
                   const fg = box.infoviewGraph.graph;
                   const n = fg.graphData().nodes.find(n => n.id === id);
                   const p = fg.graph2ScreenCoords(n.x, n.y);
                   const r = box.querySelector('canvas').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )
    return xy[0], xy[1]


def test_the_graph_draws_every_node_and_the_controls(page_at, static_site):
    page, _ = page_at(static_site.origin)
    open_graph(page, static_site)
    box = page.locator("#infoview-graph")
    assert box.get_attribute("data-nodes") == str(len(GRAPH["nodes"]))
    assert drawn_pixels(page) > 500
    assert page.locator(".iv-graph-status").inner_text() == "6 of 6 people shown"
    # The picture role moved from the container to the canvas, so the controls stay reachable.
    assert box.get_attribute("role") is None
    assert page.locator(".iv-graph-canvas").get_attribute("role") == "img"
    for name in ("color", "tag", "company", "status", "chain"):
        assert page.locator(f"select[name={name}]").count() == 1
    legend = page.locator(".iv-graph-legend li").all_inner_texts()
    assert legend == ["prospect", "contacted", "scheduled", "met", "dormant", "you"]


def hover(page, node_id: str):
    """Point at a node until the library reports it hovered (it moves while the layout settles)."""
    tip = page.locator(".float-tooltip-kap")
    for _ in range(20):
        page.mouse.move(*screen_xy(page, node_id))
        page.wait_for_timeout(100)
        if tip.is_visible():
            return tip
    raise AssertionError(f"no tooltip over {node_id}")


def test_tooltip_shows_name_company_status_as_text(page_at, static_site):
    page, _ = page_at(static_site.origin)
    open_graph(page, static_site)
    tip = hover(page, "contacts/eve.md")
    assert tip.inner_text().splitlines() == [EVIL, "Beta \u00b7 scheduled"]
    assert tip.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_clicking_a_node_opens_the_persons_page(page_at, static_site):
    page, _ = page_at(static_site.origin)
    open_graph(page, static_site)
    assert "Kim Reyes" in hover(page, "contacts/kim.md").inner_text()
    page.mouse.down()
    page.mouse.up()
    page.wait_for_url(static_site.url("people/kim/"))
    assert page.locator("h1").inner_text() == "Kim Reyes"


def test_chain_from_you_to_a_person_is_highlighted_and_spelled_out(page_at, static_site):
    page, _ = page_at(static_site.origin)
    open_graph(page, static_site)
    page.select_option("select[name=chain]", label="Kim Reyes")
    assert page.locator(".iv-graph-chain").inner_text() == "Chain: you \u2192 Bea Calloway \u2192 Dev Achebe \u2192 Kim Reyes"
    # A name given that has no note yet has a chain too; someone you found yourself is one step away.
    page.select_option("select[name=chain]", label="Lee Wong")
    assert page.locator(".iv-graph-chain").inner_text().endswith("Dev Achebe \u2192 Lee Wong")
    page.select_option("select[name=chain]", label="Zed Moss")
    assert page.locator(".iv-graph-chain").inner_text() == "Chain: you \u2192 Zed Moss"
    page.select_option("select[name=chain]", value="")
    assert page.locator(".iv-graph-chain").inner_text() == ""


def test_filters_hide_people_in_the_canvas_and_in_the_list(page_at, static_site):
    page, _ = page_at(static_site.origin)
    open_graph(page, static_site)
    visible = "() => [...document.querySelectorAll('#infoview-graph-list li')].filter(li => !li.hidden).map(li => li.innerText)"
    page.select_option("select[name=tag]", "rpo")
    assert page.evaluate(visible) == ["Bea Calloway", "Kim Reyes"]
    page.select_option("select[name=company]", "Beta")
    assert page.evaluate(visible) == ["Kim Reyes"]
    page.select_option("select[name=tag]", "")
    page.select_option("select[name=status]", "scheduled")
    assert page.evaluate(visible) == [EVIL]
    assert page.locator(".iv-graph-status").inner_text() == "1 of 6 people shown"
    shown = page.evaluate(
        """() => { const fg = document.querySelector('#infoview-graph').infoviewGraph.graph;
                   const vis = fg.nodeVisibility(); return fg.graphData().nodes.filter(vis).map(n => n.id); }"""
    )
    assert shown == ["@owner", "contacts/eve.md"]


def test_colour_by_company_and_dark_palette(page_at, static_site):
    page, _ = page_at(static_site.origin)
    open_graph(page, static_site)
    page.select_option("select[name=color]", "company")
    legend = page.locator(".iv-graph-legend li").all_inner_texts()
    assert legend == ["Acme", "Beta", "no company", "you"]
    swatch = "() => getComputedStyle(document.querySelector('.iv-graph-legend .iv-graph-swatch')).backgroundColor"
    light = page.evaluate(swatch)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_function(f"({swatch})() !== {json.dumps(light)}")
    assert drawn_pixels(page) > 500


def test_companies_can_be_shown(page_at, static_site):
    page, _ = page_at(static_site.origin)
    open_graph(page, static_site)
    count = """() => { const fg = document.querySelector('#infoview-graph').infoviewGraph.graph;
                       return fg.graphData().nodes.filter(fg.nodeVisibility()).length; }"""
    assert page.evaluate(count) == 7
    page.check("#iv-graph-companies")
    assert page.evaluate(count) == 9


def test_person_page_neighbourhood(page_at, static_site):
    page, _ = page_at(static_site.origin)
    page.goto(static_site.url("people/dev/"))
    box = page.locator(".infoview-neighbourhood")
    page.wait_for_selector(".infoview-neighbourhood[data-nodes]")
    # One step from Dev: Bea (referred Dev), you (met), Kim and Lee (names Dev gave); not Zed or Eve.
    # You are drawn but not counted among the people.
    assert box.get_attribute("data-nodes") == "5"
    assert page.locator(".infoview-neighbourhood .iv-graph-status").inner_text() == "3 people within 1 step"
    page.wait_for_timeout(400)
    assert drawn_pixels(page, ".infoview-neighbourhood canvas") > 200


def test_links_key_and_unknown_endpoints_are_tolerated(page_at, tmp_path, serve):
    graph = dict(GRAPH)
    graph["links"] = graph.pop("edges") + [{"source": "contacts/gone.md", "target": "contacts/bea.md", "kind": "referred"}]
    served = serve(write_site(tmp_path / "site", graph))
    page, _ = page_at(served.origin)
    open_graph(page, served)
    page.select_option("select[name=chain]", label="Dev Achebe")
    assert page.locator(".iv-graph-chain").inner_text() == "Chain: you \u2192 Bea Calloway \u2192 Dev Achebe"


def test_missing_graph_json_leaves_the_list_and_says_so(page_at, tmp_path, serve):
    root = write_site(tmp_path / "site", GRAPH)
    (root / "graph.json").unlink()
    served = serve(root)
    page, watch = page_at(served.origin)
    page.goto(served.url("graph/"))
    page.wait_for_selector("#infoview-graph[data-error]")
    assert "could not be loaded" in page.locator(".iv-graph-status").inner_text()
    assert page.locator("#infoview-graph-list a").count() == 5
    # The 404 itself is the one console error this test expects.
    assert all("404" in e for e in watch.errors)
    watch.errors.clear()


def big_graph(people: int) -> dict:
    """A referral tree of ``people`` contacts (each referred by an earlier one) across 100 companies."""
    nodes = [{"id": "@owner", "kind": "owner", "name": "Owner", "tags": [], "names_given": 0}]
    edges = []
    statuses = ["prospect", "contacted", "scheduled", "met", "dormant"]
    for i in range(people):
        parent = "@owner" if i < 20 else f"contacts/p{(i - 20) // 3}.md"
        nodes.append({"id": f"contacts/p{i}.md", "kind": "contact", "name": f"Person {i}", "status": statuses[i % 5],
                      "company": f"Company {i % 100}", "tags": [f"t{i % 7}"], "names_given": 3 if i < (people - 20) // 3 else 0,
                      "url": f"people/p{i}/"})
        edges.append({"source": parent, "target": f"contacts/p{i}.md", "kind": "referred"})
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def test_two_thousand_people_draw_and_respond(page_at, tmp_path, serve):
    """Scale, not speed: benchmarks/graph_render.py measures the times."""
    graph = big_graph(2000)
    root = tmp_path / "site"
    shutil.copytree(ASSETS, root / "assets" / "infoview", ignore=shutil.ignore_patterns("*.md"))
    (root / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    items = "".join(f'<li data-node="{n["id"]}"><a href="../{n["url"]}">{n["name"]}</a></li>' for n in graph["nodes"][1:])
    container = '<div id="infoview-graph" data-src="../graph.json"></div>'
    (root / "graph").mkdir()
    (root / "graph" / "index.html").write_text(PAGE.format(root="../", container=container, items=items), encoding="utf-8")
    served = serve(root)
    page, _ = page_at(served.origin)
    open_graph(page, served)
    assert page.locator("#infoview-graph").get_attribute("data-nodes") == "2001"
    assert drawn_pixels(page) > 5000
    page.select_option("select[name=status]", "met")
    assert page.locator(".iv-graph-status").inner_text() == "400 of 2000 people shown"
    assert page.locator("#infoview-graph-list li:not([hidden])").count() == 400
    page.select_option("select[name=chain]", label="Person 1999")
    chain = page.locator(".iv-graph-chain").inner_text()
    assert chain.startswith("Chain: you \u2192 Person ") and chain.endswith("Person 1999") and chain.count("\u2192") >= 5


def test_reduced_motion_shows_the_layout_still(page_at, static_site):
    page, _ = page_at(static_site.origin, reduced_motion="reduce")
    page.goto(static_site.url("graph/"))
    # Laid out before the first frame: the engine stops at once instead of animating.
    page.wait_for_selector("#infoview-graph[data-settled]", timeout=5000)
    assert page.evaluate("document.querySelector('#infoview-graph').infoviewGraph.graph.cooldownTicks()") == 0
    page.wait_for_timeout(300)
    assert drawn_pixels(page) > 500


def test_only_pages_of_the_site_open_from_the_graph(page_at, tmp_path, serve):
    graph = json.loads(json.dumps(GRAPH))
    by_id = {n["id"]: n for n in graph["nodes"]}
    by_id["prospect:lee wong"]["url"] = "javascript:window.__pwned=1"
    by_id["companies/acme.md"]["url"] = "https://elsewhere.example/acme/"
    served = serve(write_site(tmp_path / "site", graph))
    page, _ = page_at(served.origin)
    open_graph(page, served)
    hrefs = page.evaluate(
        """() => Object.fromEntries(document.querySelector('#infoview-graph').infoviewGraph.graph
                 .graphData().nodes.map(n => [n.id, n.href]))"""
    )
    assert hrefs["contacts/bea.md"] == served.url("people/bea/")
    assert hrefs["prospect:lee wong"] is None
    page.check("#iv-graph-companies")
    acme = page.evaluate(
        """() => document.querySelector('#infoview-graph').infoviewGraph.graph.graphData().nodes
                 .find(n => n.id === 'companies/acme.md').href"""
    )
    assert acme is None
