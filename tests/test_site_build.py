"""The site as MkDocs builds it: ``mkdocs build --strict`` on real vaults, then the HTML read back."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLE_VAULT, REPO, write_vault

TODAY = "2026-11-25"


def mkdocs_build(
    tmp_path: Path,
    vault: Path | dict[str, str],
    *,
    strict: bool = True,
    options: str = "",
    docs: dict[str, str] | None = None,
    docs_dir: str = "docs",
    extra_yml: str = "",
    command: str = "mkdocs",
    plugins: tuple[str, ...] = ("search",),
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build a site for ``vault`` (a folder, or files to write) in ``tmp_path``; returns (process, site dir)."""
    if isinstance(vault, dict):
        vault = write_vault(tmp_path / "vault", vault)
    project = tmp_path / "project"
    (project / docs_dir).mkdir(parents=True, exist_ok=True)
    for rel, text in (docs or {}).items():
        target = project / docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    config = "\n".join(
        [
            "site_name: Test campaign",
            f"docs_dir: {docs_dir}",
            "theme: {name: material, font: false}",
            "plugins:",
            *(f"  - {name}" for name in plugins),
            "  - infoview:",
            f"      vault: {json.dumps(os.path.relpath(vault, project))}",
            "",
        ]
    )
    if options:
        config += textwrap.indent(textwrap.dedent(options), " " * 6)
    config += textwrap.dedent(extra_yml)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    return run_build(project / "mkdocs.yml", site, strict=strict, command=command), site


def run_build(
    config: Path, site: Path, *, strict: bool = True, command: str = "mkdocs"
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` (or ``properdocs build``) of ``config`` into ``site``, pinned to the test day."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INFOVIEW_TODAY": TODAY}
    args = [sys.executable, "-m", command, "build", "-f", str(config), "-d", str(site)]
    if strict:
        args.append("--strict")
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=False)


def article(html: str) -> str:
    """The page's own content (Material's <article>), without the theme around it."""
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL)
    assert m, "no article in the page"
    return m.group(1)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("example")
    proc, site = mkdocs_build(tmp, EXAMPLE_VAULT)
    assert proc.returncode == 0, proc.stderr
    return proc, site


def test_example_vault_builds_strictly(example_site):
    proc, site = example_site
    for page in (
        "index.html",
        "people/index.html",
        "people/keiko-tanaka/index.html",
        "companies/cedarline-rpo/index.html",
        "meetings/2026-11-20-simone-adeyemi/index.html",
        "rules/index.html",
        "graph/index.html",
        "tags/index.html",
    ):
        assert (site / page).is_file(), page
    assert (site / "assets/infoview/infoview.js").is_file()
    # Follow-up findings are logged at info with the file and line to edit.
    assert "vault/interviews/2026-11-20-simone-adeyemi.md:5: error thank-you-overdue" in proc.stderr


def test_browser_tabs_name_the_page_then_the_campaign_once(example_site):
    _, site = example_site
    title = lambda page: re.search(r"<title>([^<]*)</title>", (site / page).read_text(encoding="utf-8")).group(1)
    assert title("index.html") == "Tessa’s recruiting campaign"  # not "X - X"
    assert title("people/keiko-tanaka/index.html") == "Keiko Tanaka - Tessa’s recruiting campaign"


def test_calendar_feed_is_published_when_the_vault_opts_in(example_site, tmp_path):
    _, site = example_site
    feed = (site / "calendar.ics").read_text(encoding="utf-8")
    assert feed.startswith("BEGIN:VCALENDAR") and "Tomasz Wojcik" in feed
    assert "Lena" not in feed  # a private contact
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="calendar.ics"' in home
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, vault)
    config = vault / "infoview.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("calendar_feed: true", "calendar_feed: false"), encoding="utf-8"
    )
    proc, off = mkdocs_build(tmp_path / "off", vault)
    assert proc.returncode == 0, proc.stderr
    assert not (off / "calendar.ics").exists()


def test_person_page_in_the_built_site(example_site):
    _, site = example_site
    page = article((site / "people/keiko-tanaka/index.html").read_text(encoding="utf-8"))
    assert (
        '<dt>Company</dt><dd><a class="infoview-link" href="../../companies/cedarline-rpo/">Cedarline RPO</a></dd>'
        in page
    )
    assert 'aria-label="Referral chain from you"' in page
    assert '<a class="infoview-link" href="../beatriz-calloway/">Beatriz Calloway</a>' in page
    assert 'id="mentioned-in"' in page
    assert "keiko.tanaka@example.com" not in page


def test_nav_lists_sections_not_people(example_site):
    _, site = example_site
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = set(re.findall(r'<a href="([^"]*)" class="md-(?:nav|tabs)__link', home))
    assert {"people/", "companies/", "meetings/", "graph/", "rules/"} <= nav
    assert not any(re.match(r"(people|companies|meetings)/.+/", href) for href in nav)


def test_internal_links_all_resolve(example_site):
    _, site = example_site
    assert _broken_links(site) == []


def test_links_resolve_without_directory_urls(tmp_path):
    proc, site = mkdocs_build(tmp_path, EXAMPLE_VAULT, extra_yml="use_directory_urls: false\n")
    assert proc.returncode == 0, proc.stderr
    assert (site / "people" / "keiko-tanaka.html").is_file()
    assert _broken_links(site) == []


def _broken_links(site: Path) -> list[str]:
    broken = []
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":  # served from anywhere, so MkDocs writes it with root-absolute URLs
            continue
        for href in re.findall(r'href="([^"#?]+)', html_file.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            target = (html_file.parent / href).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html_file.relative_to(site)} -> {href}")
    return broken


def test_site_makes_no_request_outside_itself(example_site):
    """Scripts, styles, fonts and images are all local: only links the user wrote leave the site."""
    _, site = example_site
    external = []
    for f in [*site.rglob("*.html"), *site.rglob("*.css"), *site.rglob("*.js")]:
        text = f.read_text(encoding="utf-8", errors="replace")
        external += [
            (f.name, u) for u in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', text) if True
        ]
        external += [(f.name, u) for u in re.findall(r"@import\s+url\((?:'|\")?https?://[^)]+", text)]
    assert external == []
    assert "fonts.googleapis.com" not in (site / "index.html").read_text(encoding="utf-8")


def test_data_errors_fail_the_strict_build_but_every_other_page_is_built(tmp_path):
    proc, site = mkdocs_build(
        tmp_path,
        {
            "contacts/good.md": "---\nname: Good Person\nrole: Recruiter\n---\n",
            "contacts/broken.md": "---\nname: [unclosed\n---\n",
            "contacts/badfield.md": "---\nname: Bad Field\nstatus: sleeping\n---\n",
        },
    )
    assert proc.returncode != 0
    assert re.search(r"WARNING +- +infoview: \.\./vault/contacts/broken\.md:\d+: error yaml-error", proc.stderr)
    assert "../vault/contacts/badfield.md:3: error invalid-field" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc, site = mkdocs_build(tmp_path / "lenient", tmp_path / "vault", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert (site / "people/good/index.html").is_file()


_OVERDUE = {
    "contacts/ana.md": "---\nname: Ana Diaz\n---\n",
    "interviews/2026-11-10-ana.md": '---\ncontact: "[[Ana Diaz]]"\ndate: 2026-11-10\nmedium: video\nstatus: done\nreferrals_asked: true\nquestions: [What is a day like?]\nresearch: yes\n---\n',
}


def test_followups_are_info_unless_strict_rules(tmp_path):
    proc, site = mkdocs_build(tmp_path / "a", _OVERDUE)
    assert proc.returncode == 0, proc.stderr
    assert "thank-you-overdue" in proc.stderr
    home = article((site / "index.html").read_text(encoding="utf-8"))
    assert "thank-you-overdue" in home and "Ana Diaz" in home
    proc, _ = mkdocs_build(tmp_path / "b", _OVERDUE, options="strict_rules: true\n")
    assert proc.returncode != 0
    assert "WARNING" in proc.stderr and "thank-you-overdue" in proc.stderr


def test_a_page_the_user_writes_wins(tmp_path):
    proc, site = mkdocs_build(
        tmp_path,
        {"contacts/ana.md": "---\nname: Ana Diaz\n---\n"},
        docs={"people/index.md": "# My own people page\n\nHand written.\n", "about.md": "# About\n\nMe.\n"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Hand written." in (site / "people/index.html").read_text(encoding="utf-8")
    assert (site / "people/ana/index.html").is_file()
    assert "replaces the generated one" in proc.stderr
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "about/" in nav  # the user's own top-level pages join the nav


def test_a_vault_inside_docs_dir_is_refused(tmp_path):
    project_docs = tmp_path / "project" / "docs"
    write_vault(project_docs / "vault", {"contacts/ana.md": "---\nname: Ana\nprivate: true\n---\n"})
    proc, _ = mkdocs_build(tmp_path, project_docs / "vault")
    assert proc.returncode != 0
    assert "is inside docs_dir" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.html"))


def test_a_vault_repository_may_keep_its_docs_dir_inside(tmp_path):
    """mkdocs.yml at the vault's root with docs/ inside it: the notes are published only as generated pages."""
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": "---\nname: Ana Diaz\nemail: ana@example.com\n---\n"})
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Vault repo\ntheme: {name: material, font: false}\nplugins:\n  - search\n  - infoview:\n      vault: .\n",
        encoding="utf-8",
    )
    proc = run_build(root / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site/people/ana/index.html").is_file()
    assert not (tmp_path / "site/contacts").exists()
    assert "ana@example.com" not in (tmp_path / "site/people/ana/index.html").read_text(encoding="utf-8")


def test_properdocs_builds_the_example_when_installed(tmp_path):
    pytest.importorskip("properdocs", reason="ProperDocs is not installed (CI installs it)")
    proc, site = mkdocs_build(tmp_path, EXAMPLE_VAULT, command="properdocs")
    assert proc.returncode == 0, proc.stderr
    assert (site / "people/keiko-tanaka/index.html").is_file()


def test_repository_mkdocs_yml_builds(tmp_path):
    proc = run_build(REPO / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert not any((REPO / "docs").glob("*.md")), "the build must never write into docs_dir"


def test_material_tags_plugin_shows_the_vault_tags(tmp_path):
    """With Material's tags plugin on, note tags become its tag chips (plain tags only: it prints them unescaped)."""
    proc, site = mkdocs_build(
        tmp_path, {"contacts/ana.md": '---\nname: Ana Diaz\ntags: [rpo, "<b>x</b>"]\n---\n'}, plugins=("search", "tags")
    )
    assert proc.returncode == 0, proc.stderr
    page = (site / "people/ana/index.html").read_text(encoding="utf-8")
    assert '<span class="md-tag">rpo</span>' in page
    assert "<b>x</b>" not in page
