"""The browser-test harness: the built example site, served locally, in headless Chromium.

- ``built_site``: ``mkdocs build`` of the repository's mkdocs.yml (the example
  vault, pinned to EXAMPLE_TODAY) into a temp folder, once per session. Needs
  no browser, so the link checker runs everywhere.
- ``serve(folder)``: a static HTTP server on 127.0.0.1 and a free port, in a
  thread, for the session.
- ``browser``: Debian's Chromium through Playwright's ``executable_path``;
  never a downloaded browser. Tests skip, saying why, when Playwright or
  Chromium is missing (CI installs both, so there they always run).
- ``page_at(origin)``: a fresh page whose every request is routed: requests to
  the local origin go through, every other one is aborted and recorded. The
  fixture fails the test on any blocked request, console error or page error.

Where the browser tests must not skip (CI), ``INFOVIEW_REQUIRE_BROWSER=1``
turns a missing Playwright or Chromium into a failure.

This folder is a package (``__init__.py``) so this conftest does not shadow
``tests/conftest.py``, which test modules import as ``conftest``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_TODAY = "2026-11-25"

#: Flags for a quiet, offline, GPU-less headless Chromium.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """``INFOVIEW_CHROMIUM``, else Debian's /usr/bin/chromium, else ``chromium`` on PATH."""
    for candidate in (os.environ.get("INFOVIEW_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class Served:
    """A folder served over HTTP on the loopback interface."""

    root: Path
    origin: str
    _server: _Server = field(repr=False)

    def url(self, path: str = "/") -> str:
        return self.origin + "/" + path.lstrip("/")

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def serve_folder(root: Path) -> Served:
    """Serve ``root`` on 127.0.0.1 and a free port (port 0: the OS picks) from a daemon thread."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name=f"http {root}", daemon=True).start()
    host, port = server.server_address[:2]
    return Served(root, f"http://{host}:{port}", server)


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], Served]]:
    servers: list[Served] = []

    def start(root: Path) -> Served:
        served = serve_folder(root)
        servers.append(served)
        return served

    yield start
    for s in servers:
        s.close()


def build_example_site(out: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build`` of the repository's site into ``out`` (never into the repository).

    With ``site_url``, the build goes through a config beside ``out`` that
    inherits the repository's and sets it: Material's instant navigation
    only works with a ``site_url`` (``mkdocs serve`` sets one itself).
    """
    env = dict(os.environ, INFOVIEW_TODAY=EXAMPLE_TODAY, NO_MKDOCS_2_WARNING="1")
    config = REPO / "mkdocs.yml"
    if site_url is not None:
        child = out.parent / f"{out.name}-mkdocs.yml"
        child.write_text(
            f"INHERIT: {json.dumps(str(config))}\n"
            f"site_url: {json.dumps(site_url)}\n"
            f"docs_dir: {json.dumps(str(REPO / 'docs'))}\n"
            f"plugins:\n  - search\n  - infoview:\n      vault: {json.dumps(str(REPO / 'vault'))}\n",
            encoding="utf-8",
        )
        config = child
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The example site, built once per session."""
    out = tmp_path_factory.mktemp("site")
    done = build_example_site(out)
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    assert (out / "index.html").is_file()
    return out


@pytest.fixture(scope="session")
def site(built_site, serve) -> Served:
    return serve(built_site)


@pytest.fixture(scope="session")
def instant_site(tmp_path_factory, serve) -> Served:
    """The example site built with a ``site_url``, so Material's instant navigation is on."""
    out = tmp_path_factory.mktemp("instant") / "site"
    out.mkdir()
    # Material matches links against the sitemap by protocol, host *and port*: serve first, then
    # build with the served origin as the site_url.
    served = serve(out)
    done = build_example_site(out, site_url=served.origin + "/")
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return served


def _missing(reason: str):
    """Skip, except where the browser tests must run (CI sets INFOVIEW_REQUIRE_BROWSER=1)."""
    if os.environ.get("INFOVIEW_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, and INFOVIEW_REQUIRE_BROWSER is set")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium, shared by the session."""
    try:
        from playwright import sync_api
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        _missing("Chromium is not installed (apt-get install chromium, or set INFOVIEW_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a page did that a test may not allow: requests leaving the origin, console errors."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def keep_on_origin(context, origin: str, blocked: list[str]) -> None:
    """Let the pages of ``context`` load only from ``origin``; every other request is aborted and noted."""

    def route(r) -> None:
        url = r.request.url
        if url == origin or url.startswith(origin + "/"):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)


@pytest.fixture
def page_at(browser):
    """``page_at(origin)`` -> (page, watch); fails the test on blocked requests or console errors."""
    opened = []

    def open_page(origin: str, **context_args):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_args})
        watch = Watch()
        keep_on_origin(context, origin, watch.blocked)
        page = context.new_page()
        page.on("console", lambda m: watch.errors.append(f"console {m.type}: {m.text} ({m.location.get('url', '')})") if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
        opened.append((context, watch))
        return page, watch

    yield open_page
    failures = []
    for context, watch in opened:
        context.close()
        if watch.blocked:
            failures.append(f"{len(watch.blocked)} request(s) left the local server and were blocked: {watch.blocked[:5]}")
        failures.extend(watch.errors)
    if failures:
        pytest.fail("\n".join(failures))
