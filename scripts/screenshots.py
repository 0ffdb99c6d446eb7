"""Screenshots of the example site: the dashboard, a person, the meetings and the graph, on a phone and a desktop.

    python3 scripts/screenshots.py            # writes docs/screenshots/*.png
    python3 scripts/screenshots.py --out DIR  # somewhere else
    python3 scripts/screenshots.py --dark     # the slate palette too

Builds the example vault's site (pinned to the README's day) into a temporary folder, serves it on
127.0.0.1, and drives Debian's Chromium through Playwright (``INFOVIEW_CHROMIUM`` overrides the path;
no browser is downloaded).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser.conftest import CHROMIUM_ARGS, build_example_site, chromium_path, serve_folder  # noqa: E402

PAGES = {"dashboard": "/", "person": "/people/keiko-tanaka/", "meetings": "/meetings/", "graph": "/graph/"}
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--dark", action="store_true", help="also take each shot in the dark (slate) palette")
    parser.add_argument("--full", action="store_true", help="whole pages, not just the first screen")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        print("Chromium not found: apt-get install chromium, or set INFOVIEW_CHROMIUM", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        done = build_example_site(out)
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        served = serve_folder(out)
        args.out.mkdir(parents=True, exist_ok=True)
        schemes = ["light", "dark"] if args.dark else ["light"]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for scheme in schemes:
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(served.url(path))
                        page.wait_for_load_state("networkidle")
                        if name == "graph":  # the layout settled and framed (a 400 ms zoom), as a reader sees it
                            page.wait_for_selector('[data-settled="true"]', timeout=60_000)
                            page.wait_for_timeout(800)
                        page.wait_for_timeout(200)
                        suffix = "" if scheme == "light" else "-dark"
                        page.screenshot(path=str(args.out / f"{name}-{size}{suffix}.png"), full_page=args.full)
                    context.close()
            browser.close()
        served.close()
    print(f"screenshots written to {os.path.relpath(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
