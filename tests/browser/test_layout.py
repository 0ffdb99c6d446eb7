"""The site on a phone (390 x 844) and a desktop (1280 x 900), light and dark: laid out for reading.

On every kind of page: nothing scrolls sideways, no word of a link is cut
across two lines, no raw Markdown backtick shows outside code, and axe finds
no serious or critical issue in our content. The dashboard lists the most
severe follow-up first, and a person with an overdue follow-up shows it.
"""

from __future__ import annotations

import pytest

from .conftest import _missing

PAGES = {
    "dashboard": "",
    "people": "people/",
    "person": "people/simone-adeyemi/",
    "companies": "companies/",
    "company": "companies/cedarline-rpo/",
    "meetings": "meetings/",
    "meeting": "meetings/2026-11-20-simone-adeyemi/",
    "rules": "rules/",
    "tags": "tags/",
    "graph": "graph/",
    "review": "review/",
}
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

LAYOUT = """() => {
  const content = document.querySelector('.md-content');
  const limit = document.documentElement.clientWidth;
  // What a reader sees: not inside a closed <details>, not cut off by an ancestor that hides its overflow.
  const hidden = el => !!el.closest('details:not([open]) > :not(summary)');
  const clipped = el => {
    for (let a = el.parentElement; a && a !== content; a = a.parentElement) {
      if (['hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const wide = [];
  content.querySelectorAll('*').forEach(el => {
    if (hidden(el) || el.closest('.iv-graph-canvas, canvas')) return;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit + 1 && !clipped(el)) wide.push(el.tagName + '.' + el.className);
    const o = getComputedStyle(el).overflowX;
    if (['auto', 'scroll'].includes(o) && el.scrollWidth > el.clientWidth + 1) wide.push('scrolls: ' + el.tagName + '.' + el.className);
  });
  const broken = [];
  content.querySelectorAll('a').forEach(a => {
    if (hidden(a) || a.getClientRects().length < 2) return;
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  });
  const ticks = [];
  const text = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  for (let node = text.nextNode(); node; node = text.nextNode()) {
    if (node.data.includes('`') && !node.parentElement.closest('code, pre, script, style')) ticks.push(node.data.trim().slice(0, 60));
  }
  return {scroll: document.documentElement.scrollWidth - limit, content: content.scrollWidth - content.clientWidth, wide: wide.slice(0, 5), broken, ticks};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES, ids=SIZES.keys())
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_laid_out_for_reading(page_at, site, path, size, scheme):
    page, _ = page_at(site.origin, viewport=SIZES[size], color_scheme=scheme)
    page.goto(site.url(path))
    page.wait_for_load_state("networkidle")
    found = page.evaluate(LAYOUT)
    assert found["scroll"] <= 0 and found["content"] <= 0 and not found["wide"], f"scrolls sideways: {found}"
    assert not found["broken"], f"link words cut across lines: {found['broken']}"
    assert not found["ticks"], f"raw backticks: {found['ticks']}"
    if size == "phone" or scheme == "dark":
        return
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        _missing("axe-playwright-python is not installed (pip install -e '.[test]')")
    results = Axe().run(page, context=".md-content", options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not blocking, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in blocking]


@pytest.mark.parametrize("size", SIZES, ids=SIZES.keys())
def test_the_dashboard_lists_the_most_severe_first(page_at, site, size):
    page, _ = page_at(site.origin, viewport=SIZES[size])
    page.goto(site.url(""))
    severities = page.eval_on_selector_all("[data-severity]", "els => els.map(e => e.dataset.severity)")
    rank = {"error": 0, "warning": 1, "info": 2}
    assert severities and rank[severities[0]] == min(rank[s] for s in severities)
    overdue = page.eval_on_selector_all("#overdue-list > li", "els => els.map(e => [e.dataset.severity, e.dataset.due])")
    ranked = [(rank[s], due or "") for s, due in overdue]
    assert ranked == sorted(ranked)  # errors, then warnings, then info; the oldest first within each
    first = page.locator("#overdue-list > li").first
    assert first.locator("details").get_attribute("open") is None  # the details fold away
    first.locator("summary").click()
    assert "interviews/" in first.locator(".iv-where").inner_text()


def test_a_person_with_an_overdue_follow_up_shows_it_at_the_top(page_at, site):
    page, _ = page_at(site.origin)
    page.goto(site.url("people/simone-adeyemi/"))
    headings = page.eval_on_selector_all(".md-content h2", "els => els.map(e => e.id)")
    assert headings[0] == "follow-ups"
    item = page.locator("#follow-ups + ul.iv-items > li[data-severity=error]").first
    assert "Send a thank-you note" in item.inner_text() and item.get_attribute("data-due") == "2026-11-22"
