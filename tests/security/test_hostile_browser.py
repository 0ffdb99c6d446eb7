"""Issue 14 in a real browser: Debian's Chromium opens every page of a hostile site, focuses, hovers and
clicks every link and button in the content, opens every ``<details>``, presses "Show all", types into the
filters and moves over the referral graph; any dialog (``alert``...), script error or request leaving the
site fails the test.

The corpus is :mod:`.corpus` as written (its other spellings are the HTML scanner's work, in
``test_hostile_site.py``), so the site stays near 150 pages and the test near a minute. The harness is ``tests/browser/conftest.py``'s: Chromium through Playwright's
``executable_path`` (never a downloaded browser), the local static server, the offline route. Playwright's
sync API cannot run twice in one thread, and ``tests/browser``'s session-wide ``browser`` fixture may be
running when these tests run, so each test drives its own Chromium from a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser.conftest import CHROMIUM_ARGS, _missing, chromium_path, keep_on_origin, serve_folder
from test_site_build import mkdocs_build

from .corpus import hostile_config, hostile_vault, spellings

#: What the page does to every control in the content. Links to http(s), mailto and tel addresses are
#: stopped before they navigate (those pages are visited on their own); a ``javascript:`` or ``data:`` link,
#: and every handler on the element, runs as it would for a reader.
EXERCISE = """
async (payload) => {
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  addEventListener("click", (e) => {
    const a = e.target && e.target.closest && e.target.closest("a[href]");
    if (a && /^(https?|mailto|tel):$/.test(a.protocol)) e.preventDefault();
  }, true);
  const content = document.querySelector(".md-content") || document.body;
  let touched = 0;
  for (const b of content.querySelectorAll("button")) { b.focus(); b.click(); touched++; }
  if (touched) await wait(300);  // "Show all" fetches its rows
  for (const d of content.querySelectorAll("details")) { d.open = true; touched++; }
  for (const input of content.querySelectorAll("input[type=search]")) {
    input.value = payload; input.dispatchEvent(new Event("input", {bubbles: true})); touched++;
  }
  for (const el of content.querySelectorAll("a, button, summary, input, select, [tabindex]")) {
    el.focus();
    el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    if (el.tagName === "A" || el.tagName === "SUMMARY") el.click();
    touched++;
  }
  await wait(50);
  return touched;
}
"""


@dataclass
class Report:
    """What the pages did that they must not."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    pages: int = 0
    touched: int = 0

    def failures(self) -> list[str]:
        return [*self.dialogs, *self.errors, *(f"request left the site: {u}" for u in self.blocked[:10])]


def in_chromium(work: Callable[[Any], Any]) -> Any:
    """Run ``work(browser)`` with a headless Chromium of its own, in a worker thread; return its result."""
    try:
        from playwright import sync_api
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        _missing("Chromium is not installed (apt-get install chromium, or set INFOVIEW_CHROMIUM)")
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            with sync_api.sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                try:
                    outcome["result"] = work(browser)
                finally:
                    browser.close()
        except BaseException as exc:  # handed to the test's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="hostile chromium")
    thread.start()
    thread.join(timeout=600)
    assert not thread.is_alive(), "the browser did not finish within 10 minutes"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def visit(browser: Any, origin: str, paths: list[str], report: Report, *, graph: bool = False) -> None:
    """Open each page, exercise its content, and record dialogs, script errors and requests leaving the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    keep_on_origin(context, origin, report.blocked)
    page = context.new_page()
    here = {"path": ""}

    def dialog(d: Any) -> None:
        report.dialogs.append(f"{here['path']}: {d.type} dialog {d.message!r}")
        d.dismiss()

    def console(m: Any) -> None:
        # A missing picture a note names (y.png) is the note's problem, not a script's.
        if m.type == "error" and not m.text.startswith("Failed to load resource"):
            report.errors.append(f"{here['path']}: console error: {m.text}")

    page.on("dialog", dialog)
    page.on("console", console)
    page.on("pageerror", lambda e: report.errors.append(f"{here['path']}: page error: {e}"))
    for path in paths:
        here["path"] = path
        page.goto(f"{origin}/{path}", wait_until="load")
        report.touched += page.evaluate(EXERCISE, '<img src=x onerror=alert("filter")>')
        report.pages += 1
        if graph and path.startswith("graph/"):
            hover_graph(page)
    context.close()


def hover_graph(page: Any) -> None:
    """Move over the whole referral graph: every node's tooltip is drawn as HTML by the graph library."""
    page.wait_for_selector("#infoview-graph canvas", timeout=20_000)
    page.wait_for_timeout(1500)  # the layout settles
    box = page.locator("#infoview-graph canvas").first.bounding_box()
    assert box is not None
    for row in range(12):
        for col in range(20):
            page.mouse.move(box["x"] + box["width"] * (col + 0.5) / 20, box["y"] + box["height"] * (row + 0.5) / 12)
    page.wait_for_timeout(100)


def pages_of(site: Path) -> list[str]:
    """Every generated page of a built site, as a URL path (``people/ana/``), the home page first."""
    out = []
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        out.append("" if rel == "." else rel + "/")
    return sorted(out, key=lambda p: (p != "", p))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    picked = [(i, p) for i, p in spellings() if i.endswith("/as-written")]
    proc, site = mkdocs_build(tmp_path_factory.mktemp("browser-hostile"), hostile_vault(picked), strict=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return site


def test_the_harness_sees_a_script_run(tmp_path):
    """The test can fail: a page with the payloads left live makes dialogs and a blocked request."""
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "index.html").write_text(
        '<div class="md-content"><a href="javascript:alert(1)">a</a><details ontoggle="alert(2)"><summary>s</summary></details>'
        '<button onfocus="alert(3)">b</button><img src="https://example.com/x.png"></div>',
        encoding="utf-8",
    )
    served = serve_folder(tmp_path)
    report = Report()
    try:
        in_chromium(lambda browser: visit(browser, served.origin, ["bad/"], report))
    finally:
        served.close()
    assert len(report.dialogs) >= 3 and report.blocked


def test_no_page_of_the_hostile_site_runs_a_script(hostile_site):
    paths = pages_of(hostile_site)
    assert len(paths) > 120 and "graph/" in paths
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "data-iv-more" in home  # a "Show all" list of hostile rows is on the page
    served = serve_folder(hostile_site)
    report = Report()
    try:
        in_chromium(lambda browser: visit(browser, served.origin, paths, report, graph=True))
    finally:
        served.close()
    assert report.pages == len(paths) and report.touched > 10 * len(paths)
    assert report.failures() == []


def test_the_site_title_runs_no_script(tmp_path):
    proc, site = mkdocs_build(tmp_path, {"infoview.yml": hostile_config(title=True), "contacts/ana.md": "---\nname: Ana Diaz\n---\n"}, strict=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    served = serve_folder(site)
    report = Report()
    try:
        in_chromium(lambda browser: visit(browser, served.origin, ["", "people/ana/"], report))
    finally:
        served.close()
    assert report.failures() == []
