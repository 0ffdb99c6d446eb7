"""The built example site in headless Chromium, used the way a reader uses it.

Every test runs under the harness's watch (conftest.py): a request that leaves
the local server, a console error or an uncaught page error fails it.
"""

from __future__ import annotations

import json

import pytest

from .conftest import _missing
from .test_graph_script import assert_graph_draws, drawn_pixels

#: Pages a reader lands on first, by what they are.
PAGES = {
    "dashboard": "",
    "people index": "people/",
    "person": "people/keiko-tanaka/",
    "graph": "graph/",
}
#: axe-core impacts that fail the build.
BLOCKING = {"serious", "critical"}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_renders(page_at, site, path):
    page, _ = page_at(site.origin)
    response = page.goto(site.url(path))
    assert response is not None and response.ok
    assert page.locator(".md-content h1").first.inner_text().strip()
    page.wait_for_load_state("networkidle")


def test_dashboard_shows_the_campaign_charts(page_at, site):
    page, _ = page_at(site.origin)
    page.goto(site.url(""))
    charts = page.locator(".md-content .iv-charts svg[role=img]")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
    # The numbers are readable as a table too.
    page.locator(".iv-chart-data summary").first.click()
    assert page.locator(".iv-chart-data table").first.is_visible()


def test_the_graph_draws(page_at, site):
    page, _ = page_at(site.origin)
    assert_graph_draws(page, site)
    people = page.locator("#infoview-graph-list li").count()
    assert page.locator(".iv-graph-status").inner_text().endswith(" people shown")
    assert people > 10


def test_graph_data_carries_the_referral_chains(page_at, site):
    """Highlighting a chain needs the `referred` edges in /graph.json."""
    data = json.loads((site.root / "graph.json").read_text(encoding="utf-8"))
    edges = data.get("edges", data.get("links", []))
    ids = {n["id"] for n in data["nodes"]}
    referred = [e for e in edges if e.get("kind") == "referred"]
    assert referred, "graph.json has no referral edges"
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    page, _ = page_at(site.origin)
    page.goto(site.url("graph/"))
    page.wait_for_selector("select[name=chain]")
    page.select_option("select[name=chain]", label="Andre Mills")
    assert page.locator(".iv-graph-chain").inner_text() == "Chain: you \u2192 Beatriz Calloway \u2192 Keiko Tanaka \u2192 Andre Mills"


def test_clicking_a_person_in_the_list_opens_their_page(page_at, site):
    page, _ = page_at(site.origin)
    page.goto(site.url("graph/"))
    link = page.locator("#infoview-graph-list li a").first
    name = link.inner_text().strip()
    link.click()
    page.wait_for_url("**/people/**")
    assert page.locator(".md-content h1").first.inner_text().strip() == name


def test_person_page_shows_their_neighbourhood(page_at, site):
    page, _ = page_at(site.origin)
    page.goto(site.url("people/keiko-tanaka/"))
    page.wait_for_selector(".infoview-neighbourhood[data-nodes]")
    status = page.locator(".infoview-neighbourhood .iv-graph-status").inner_text()
    assert status.endswith("people within 2 steps") and int(status.split()[0]) >= 3
    page.wait_for_timeout(500)
    assert drawn_pixels(page, ".infoview-neighbourhood canvas") > 200
    # The same page by its file name.
    page.goto(site.url("people/keiko-tanaka/index.html"))
    page.wait_for_selector(".infoview-neighbourhood[data-nodes]")


def test_copy_puts_the_drafted_letter_on_the_clipboard(page_at, site):
    page, _ = page_at(site.origin, permissions=["clipboard-read", "clipboard-write"])
    page.goto(site.url("people/simone-adeyemi/"))
    letter = page.locator(".iv-letter").first
    href = letter.locator("a").get_attribute("href")
    letter.locator("button.iv-copy").click()
    page.wait_for_function("document.querySelector('.iv-letter button').textContent === 'Copied'")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("Subject: Thank you for your time on November 20\n\nDear Simone,")
    assert "\r" not in text and "%20" not in text and len(text) > 200 and href.startswith("mailto:?subject=")


def test_instant_navigation_reinitialises_the_graph(page_at, instant_site):
    """Material swaps pages without reloading scripts: the graph must come back each time."""
    site = instant_site
    page, _ = page_at(site.origin)
    page.goto(site.url(""))
    page.wait_for_load_state("networkidle")  # Material intercepts only the links of the sitemap it has fetched
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-tabs a[href$='graph/']").first.click()
    page.wait_for_selector("#infoview-graph canvas")
    page.locator("#infoview-graph-list li a").first.click()
    page.wait_for_url("**/people/**")
    page.wait_for_selector(".infoview-neighbourhood canvas")
    page.go_back()
    page.wait_for_selector("#infoview-graph canvas")
    assert page.locator("#infoview-graph canvas").count() == 1
    # Same document all along: the pages were swapped in place, not reloaded.
    assert page.evaluate("window.__sameDocument") is True


def test_dark_palette_recolours_charts_and_graph(page_at, site):
    page, _ = page_at(site.origin)
    page.goto(site.url("graph/"))
    page.wait_for_selector(".iv-graph-legend li")
    swatch = "() => getComputedStyle(document.querySelector('.iv-graph-legend .iv-graph-swatch')).backgroundColor"
    light = page.evaluate(swatch)
    toggle = page.locator("form[data-md-component=palette] label:visible").first
    toggle.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_function(f"({swatch})() !== {json.dumps(light)}")
    page.goto(site.url(""))
    fill = page.evaluate("getComputedStyle(document.querySelector('.iv-charts svg text')).fill")
    assert fill not in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 0.87)")


@pytest.mark.parametrize(
    ("path", "scheme"),
    [*((p, "light") for p in PAGES.values()), ("", "dark"), ("graph/", "dark")],
    ids=[*PAGES.keys(), "dashboard-dark", "graph-dark"],
)
def test_no_serious_accessibility_violation_in_our_content(page_at, site, path, scheme):
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        _missing("axe-playwright-python is not installed (pip install -e '.[test]')")
    # The palette follows the reader's system setting: "dark" selects Material's slate scheme.
    page, _ = page_at(site.origin, color_scheme=scheme)
    page.goto(site.url(path))
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    if path == "graph/":
        page.wait_for_selector(".iv-graph-legend li")
    if path.startswith("people/") and path != "people/":
        page.wait_for_selector(".infoview-neighbourhood canvas")
    results = Axe().run(page, context=".md-content", options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, report


def test_without_javascript_charts_and_people_list_remain(page_at, site):
    page, _ = page_at(site.origin, java_script_enabled=False)
    page.goto(site.url(""))
    assert page.locator(".iv-charts svg[role=img]").count() == 3
    assert page.locator(".iv-charts svg").first.bounding_box()["width"] > 300
    page.goto(site.url("graph/"))
    assert page.locator("#infoview-graph noscript").count() == 1
    assert page.locator("#infoview-graph canvas").count() == 0
    links = page.locator("#infoview-graph-list li a")
    assert links.count() > 10
    name = links.first.inner_text().strip()
    links.first.click()
    page.wait_for_url("**/people/**")
    assert page.locator(".md-content h1").first.inner_text().strip() == name
