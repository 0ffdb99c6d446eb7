"""Issue 14: no script from any note, import or setting. The hostile corpus (:mod:`.corpus`) is written into a
vault and imported through LinkedIn and vCard files; the site is built by MkDocs and exported with
``infoview site export`` (then built again by plain MkDocs, as another generator would); the contacts, the
calendar and the graph are exported in every format. Every output file is read back by :mod:`.scan`.
"""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner
from conftest import write_vault
from test_site_build import mkdocs_build, run_build

from infoview.cli import main

from .corpus import PAYLOADS, hostile_config, hostile_vault, linkedin_csv, spellings, vcards
from .scan import scan_graph, scan_html, scan_ics, scan_tree, scan_vcard, theme_scripts, url_is_unsafe

TODAY = "2026-11-25"


def cli(*args: str) -> tuple[int, str]:
    """Run an infoview command in-process; any exception but a clean exit fails the test with its traceback."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def theme(tmp_path_factory):
    """The theme's inline scripts, from a build of a harmless vault."""
    proc, site = mkdocs_build(tmp_path_factory.mktemp("harmless"), {"contacts/ana.md": "---\nname: Ana Diaz\n---\nHello.\n"})
    assert proc.returncode == 0, proc.stderr
    return theme_scripts(site)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile vault, with the LinkedIn and vCard files imported into it."""
    tmp = tmp_path_factory.mktemp("hostile")
    root = write_vault(tmp / "vault", hostile_vault())
    (tmp / "Connections.csv").write_bytes(linkedin_csv())
    (tmp / "contacts.vcf").write_bytes(vcards())
    imported = {}
    for kind, name in (("linkedin", "Connections.csv"), ("vcard", "contacts.vcf")):
        code, out = cli("import", kind, str(tmp / name), "--vault", str(root))
        assert code in (0, 1), out
        imported[kind] = out
    return tmp, root, imported


@pytest.fixture(scope="module")
def built(hostile):
    tmp, root, _ = hostile
    proc, site = mkdocs_build(tmp / "build", root, strict=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return site


@pytest.fixture(scope="module")
def exported(hostile):
    tmp, root, _ = hostile
    code, out = cli("site", "export", str(tmp / "export"), "--vault", str(root), "--today", TODAY)
    assert code == 0, out
    return tmp / "export"


# -- the scanner finds what it must ------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<p><img src="x" onerror="alert(1)"></p>',
        '<p><a href="java&#9;script:alert(1)">x</a></p>',
        '<p><a href="&#106;avascript:alert(1)">x</a></p>',
        '<p><a href="JAVASCRIPT&colon;alert(1)">x</a></p>',
        '<p><a href=" data:text/html,x">x</a></p>',
        '<p><a xlink:href="vbscript:x">x</a></p>',
        '<p><button formaction="x">x</button></p>',
        '<p style="color:red">x</p>',
        '<iframe srcdoc="x"></iframe>',
        "<form></form>",
        "<svg></svg>",
        "<math></math>",
        "<script>alert(1)</script>",
        '<details open ontoggle="alert(1)"></details>',
        '<a href="../x/" id="note-a">a</a><a href="../y/" id="note-a">b</a>',
        '<div data-iv-more="https://evil.example/x.json"></div>',
        '<input autofocus onfocus="x">',
    ],
)
def test_the_scanner_finds_each_kind_of_script(html):
    assert scan_html(html, "fragment", fragment=True) != []


def test_the_scanner_passes_what_infoview_writes():
    ok = '<p>Fine <a class="infoview-link" href="../a/">A</a> <img class="infoview-embed" src="../x.png" alt="x"></p><ul class="task-list"><li><input type="checkbox" disabled checked> done</li></ul>'
    assert scan_html(ok, "fragment", fragment=True) == []
    assert url_is_unsafe("\x01 JaVa\tScRiPt:x") and not url_is_unsafe("https://example.com/javascript:")


def test_the_scanner_finds_the_theme_header_broken_by_a_quote(theme):
    """What the theme prints when a setting holds ``"`` unescaped: an attribute of the author's choosing."""
    page = '<html><head><title>x</title></head><body><a href="." aria-label="x" autofocus onfocus="alert(1)" x=""></a><article class="md-content__inner md-typeset"></article></body></html>'
    assert any("onfocus" in p for p in scan_html(page, "index.html", theme=theme))


# -- the site ----------------------------------------------------------------------------------


def test_every_payload_was_published_and_imported(hostile, built):
    """The test can fail: the hostile notes are public and have pages, and the imports wrote notes."""
    _, root, imported = hostile
    people = [p for p in (built / "people").iterdir() if p.is_dir()]
    assert len(people) >= 3 * len(spellings())  # hand-written, LinkedIn and vCard contacts
    assert "new contacts" in imported["linkedin"] and "new contacts" in imported["vcard"]
    assert (built / "calendar.ics").is_file() and (built / "graph.json").is_file()
    assert (built / "people" / "people.json").is_file()  # a "Show all" list
    page = (built / "people" / "000-img-src-x-onerror-alert-1" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_mkdocs_build_publishes_no_script_from_any_note_import_or_setting(built, theme):
    count, problems = scan_tree(built, theme=theme)
    assert count > 1000
    assert problems == []


def test_site_export_publishes_no_script(exported):
    count, problems = scan_tree(exported, exported=True)
    assert count > 1000
    assert problems == []


def test_the_export_built_by_plain_mkdocs_publishes_no_script(exported, theme, tmp_path):
    """Another generator builds the exported Markdown with the extensions sites commonly turn on: attr_list
    and md_in_html would make attributes of any ``{: ...}`` or ``markdown="1"`` left in the text. (The nav
    lists the home page only: a nav of every page makes the theme's build quadratic.)"""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""\
            site_name: Exported
            docs_dir: {json.dumps(str(exported))}
            theme: {{name: material, font: false}}
            plugins: [search]
            markdown_extensions: [attr_list, md_in_html, tables, admonition, pymdownx.details, pymdownx.tasklist, {{toc: {{permalink: true}}}}]
            nav: [index.md]
            """
        ),
        encoding="utf-8",
    )
    proc = run_build(config, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    count, problems = scan_tree(tmp_path / "site", theme=theme, built_export=True)
    assert count > 1000
    assert problems == []


def test_the_cli_exports_carry_no_injected_line_or_markup(hostile, tmp_path):
    _, root, _ = hostile
    code, out = cli("export", "ics", "--vault", str(root), "--today", TODAY, "-o", str(tmp_path / "x.ics"))
    assert code == 0, out
    assert scan_ics((tmp_path / "x.ics").read_bytes(), "x.ics") == []
    code, out = cli("export", "vcard", "--vault", str(root), "-o", str(tmp_path / "all.vcf"))
    assert code == 0, out
    problems = [p for p in scan_vcard((tmp_path / "all.vcf").read_text(encoding="utf-8"), "all.vcf") if "not http(s)" not in p]
    assert problems == []  # URLs: see test_a_public_vcard_export_writes_only_web_urls
    for fmt in ("json", "graphml", "gexf", "dot", "mermaid"):
        for public in (["--public"], []):
            code, out = cli("graph", *public, "--format", fmt, "--vault", str(root), "-o", str(tmp_path / f"g{len(public)}.{fmt}"))
            assert code == 0, out
            assert scan_graph((tmp_path / f"g{len(public)}.{fmt}").read_text(encoding="utf-8"), fmt, fmt) == []


def test_check_and_agenda_read_the_hostile_vault_without_crashing(hostile):
    _, root, _ = hostile
    for args in (["check"], ["check", "--format", "json"], ["agenda", "--days", "60"], ["stats"], ["stats", "--public"]):
        code, out = cli(*args, "--vault", str(root), "--today", TODAY)
        assert code in (0, 1), (args, out[-2000:])


def test_a_public_vcard_export_writes_only_web_urls(vault_dir):
    root = vault_dir({"contacts/ana.md": f"---\nname: Ana Diaz\nwebsite: {json.dumps('javascript:alert(1)')}\nlinkedin: {json.dumps(PAYLOADS['data-html'])}\n---\n"})
    code, out = cli("export", "vcard", "--public", "--vault", str(root))
    assert code == 0
    assert scan_vcard(out, "public.vcf") == []


# -- the site's title: printed by the theme ------------------------------------------------------


def test_the_site_title_holds_no_attribute_of_its_own(tmp_path, theme):
    files = {"infoview.yml": hostile_config(title=True), "contacts/ana.md": "---\nname: Ana Diaz\n---\n"}
    proc, site = mkdocs_build(tmp_path, files, strict=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    _, problems = scan_tree(site, theme=theme)
    assert problems == []
