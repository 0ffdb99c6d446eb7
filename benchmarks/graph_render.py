"""Benchmark: the /graph/ page of a large campaign in headless Chromium (no GPU).

    python3 benchmarks/graph_render.py --contacts 2000 [--contacts 500 ...] [--keep DIR] [--json]

For each size: writes a synthetic vault (``benchmarks/generate.py``), builds
the site with ``mkdocs build`` (the repository's mkdocs.yml, vault swapped),
serves it on 127.0.0.1 and opens /graph/ in Debian's Chromium, then measures

- time to the first drawn frame (navigation start -> canvas has pixels),
- frames per second while the layout is still moving, and while zooming
  once it has settled (the page's own requestAnimationFrame cadence),
- main-thread long tasks (> 50 ms) while loading, and the longest,
- latency of a filter change (select -> two frames later) and of hover
  (pointer over a node -> tooltip shown),
- JS heap in use.

Headless Chromium without a GPU draws canvas in software, so these numbers
are a floor for a reader's laptop. Nothing here asserts a time: it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from generate import TODAY, generate  # noqa: E402

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, serve_folder  # noqa: E402

LONG_TASKS = """
window.__longTasks = [];
try {
  new PerformanceObserver(list => list.getEntries().forEach(e => window.__longTasks.push(e.duration)))
    .observe({type: 'longtask', buffered: true});
} catch (e) {}
"""
PAINTED = """() => { const c = document.querySelector('#infoview-graph canvas'); if (!c) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 4 * 97) if (d[i] > 0) return true; return false; }"""
FPS = """ms => new Promise(done => { let frames = 0; const t0 = performance.now();
  function tick() { frames++; if (performance.now() - t0 < ms) requestAnimationFrame(tick);
                    else done(frames * 1000 / (performance.now() - t0)); }
  requestAnimationFrame(tick); })"""
FILTER = """value => new Promise(done => { const s = document.querySelector('select[name=status]');
  const t0 = performance.now(); s.value = value; s.dispatchEvent(new Event('change'));
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0))); })"""
NODE_XY = """id => { const box = document.querySelector('#infoview-graph'); const fg = box.infoviewGraph.graph;
  const n = fg.graphData().nodes.find(n => n.id === id); const p = fg.graph2ScreenCoords(n.x, n.y);
  const r = box.querySelector('canvas').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }"""


def build(vault: Path, out: Path, site_dir: Path) -> float:
    """``mkdocs build`` of the repository's site with ``vault``; returns seconds."""
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    config = out / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {json.dumps(str(REPO / 'mkdocs.yml'))}\n"
        f"docs_dir: {json.dumps(str(docs))}\n"
        f"plugins:\n  - search\n  - infoview:\n      vault: {json.dumps(str(vault))}\n",
        encoding="utf-8",
    )
    env = dict(os.environ, INFOVIEW_TODAY=TODAY.isoformat(), NO_MKDOCS_2_WARNING="1")
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site_dir)],
        env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - t0


def measure(browser, origin: str) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin + "/") else (blocked.append(r.request.url), r.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(LONG_TASKS)
    t0 = time.perf_counter()
    page.goto(origin + "/graph/")
    page.wait_for_function(PAINTED, polling=20, timeout=120_000)
    first = time.perf_counter() - t0
    box = page.locator("#infoview-graph")
    nodes = int(box.get_attribute("data-nodes"))
    data = json.loads(page.evaluate("() => fetch('../graph.json').then(r => r.text())"))
    edges = len(data.get("edges", data.get("links", [])))
    moving_fps = page.evaluate(FPS, 3000)
    page.wait_for_selector("#infoview-graph[data-settled]", timeout=120_000)
    settled = time.perf_counter() - t0
    long_tasks = page.evaluate("window.__longTasks")
    # Zoom in and out around the centre with the wheel, measuring the frame rate meanwhile.
    canvas = box.locator("canvas").bounding_box()
    page.mouse.move(canvas["x"] + canvas["width"] / 2, canvas["y"] + canvas["height"] / 2)
    fps_promise = page.evaluate_handle(f"({FPS})(2000)")
    for i in range(20):
        page.mouse.wheel(0, -120 if i < 10 else 120)
        page.wait_for_timeout(80)
    zoom_fps = fps_promise.json_value()
    filters = [page.evaluate(FILTER, v) for v in ("met", "contacted", "", "met", "")]
    # Hover ten people spread through the data (one may sit under another; those are not counted).
    tip = page.locator(".float-tooltip-kap")
    page.evaluate("() => { document.querySelector('#infoview-graph').infoviewGraph.graph.zoomToFit(0, 30); }")
    page.wait_for_timeout(1000)  # the library repaints the canvas it hit-tests at most every 800 ms
    people = [n["id"] for n in data["nodes"] if n.get("kind") == "contact"]
    hovers = []
    for node_id in people[:: max(1, len(people) // 10)][:10]:
        page.mouse.move(5, 5)
        page.wait_for_timeout(100)
        x, y = page.evaluate(NODE_XY, node_id)
        h0 = time.perf_counter()
        page.mouse.move(x, y)
        try:
            tip.wait_for(state="visible", timeout=2_000)
        except PlaywrightTimeout:
            continue
        hovers.append((time.perf_counter() - h0) * 1000)
    heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : null")
    context.close()
    return {
        "nodes": nodes,
        "edges": edges,
        "graph_json_kb": round(len(json.dumps(data)) / 1024),
        "first_draw_s": round(first, 2),
        "settled_s": round(settled, 2),
        "fps_while_moving": round(moving_fps, 1),
        "fps_while_zooming": round(zoom_fps, 1),
        "long_tasks": len(long_tasks),
        "longest_task_ms": round(max(long_tasks, default=0)),
        "filter_ms_median": round(statistics.median(filters), 1),
        "hover_ms_median": round(statistics.median(hovers)) if hovers else None,
        "hovered": f"{len(hovers)}/10",
        "js_heap_mb": round(heap / 1e6, 1) if heap else None,
        "blocked_requests": len(blocked),
        "console_errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", "-n", type=int, action="append", help="vault size (repeatable); default 2000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the vaults and sites in this folder")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    executable = chromium_path()
    if executable is None:
        print("graph_render: Chromium not found (apt-get install chromium, or set INFOVIEW_CHROMIUM)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    sizes = args.contacts or [2000]
    work = args.keep or Path(tempfile.mkdtemp(prefix="infoview-graph-bench-"))
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for n in sizes:
            root = work / f"n{n}"
            vault = root / "vault"
            if not vault.exists():
                generate(vault, n, seed=args.seed)
            site_dir = root / "site"
            build_s = build(vault, root, site_dir)
            served = serve_folder(site_dir)
            try:
                row = {"contacts": n, "build_s": round(build_s, 1), **measure(browser, served.origin)}
            finally:
                served.close()
            results.append(row)
            if not args.json:
                print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        browser.close()
    if args.json:
        print(json.dumps(results, indent=1))
    if not args.keep:
        print(f"(work files in {work}; delete at will)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
