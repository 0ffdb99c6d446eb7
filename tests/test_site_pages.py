"""The site's pure page functions: slugs, URLs, escaping helpers, pages, export."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

import pytest
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.body import strip_comments
from infoview.links import Link
from infoview.rules import run_rules
from infoview.site import Published, build_site, export, relative_url
from infoview.site.pages import SiteBuilder
from infoview.site.render import esc, render_body, safe_url, sanitize, title_text
from infoview.site.urls import page_url


def slugs(vault):
    return Published(vault, EXAMPLE_TODAY).slugs


def body_html(body: str, link=lambda t, e: "LINK", title: str | None = None) -> str:
    return str(render_body(body, link, lambda tag: None, title=title).html)


@pytest.fixture(scope="module")
def example():
    vault = load_vault(EXAMPLE_VAULT)
    return build_site(vault, EXAMPLE_TODAY)


# -- slugs and URLs -------------------------------------------------------------------


def test_slugs_fold_unicode_and_number_collisions(make_vault):
    vault = make_vault(
        {
            "contacts/José Núñez.md": "---\nname: José Núñez\n---\n",
            "contacts/jose-nunez.md": "---\nname: Jose Nunez\n---\n",
            "contacts/index.md": "---\nname: Index Person\n---\n",
            "contacts/李小龍.md": "---\nname: 李小龍\n---\n",
            "contacts/secret.md": "---\nname: Secret\nprivate: true\n---\n",
        }
    )
    got = slugs(vault)
    assert got["contacts/José Núñez.md"] in {"jose-nunez", "jose-nunez-2"}
    assert {got["contacts/José Núñez.md"], got["contacts/jose-nunez.md"]} == {"jose-nunez", "jose-nunez-2"}
    assert got["contacts/index.md"] == "index-2"  # never shadows the section's own page
    assert got["contacts/李小龍.md"] == "note"  # nothing ASCII left: still a safe slug
    assert "contacts/secret.md" not in got
    assert all(s.isascii() and "/" not in s and ".." not in s for s in got.values())


def test_meeting_with_a_private_person_gets_no_page(make_vault):
    vault = make_vault(
        {
            "contacts/hidden.md": "---\nname: Hidden Person\nprivate: true\n---\n",
            "interviews/2026-11-02-hidden.md": '---\ncontact: "[[Hidden Person]]"\ndate: 2026-11-02\nstatus: done\n---\n',
        }
    )
    assert slugs(vault) == {}
    site = build_site(vault, dt.date(2026, 11, 25))
    assert not any(p.startswith(("people/", "meetings/")) and not p.endswith("index.md") for p in site.pages)
    assert "Hidden Person" not in "".join(p.html for p in site.pages.values())


@pytest.mark.parametrize("directory_urls", [True, False])
def test_relative_urls_between_pages(directory_urls):
    assert page_url("people/keiko.md", directory_urls) == ("people/keiko/" if directory_urls else "people/keiko.html")
    assert page_url("index.md", directory_urls) == ("" if directory_urls else "index.html")
    link = relative_url("people/keiko.md", "companies/cedarline.md", directory_urls)
    assert link == ("../../companies/cedarline/" if directory_urls else "../companies/cedarline.html")


_segment = st.text(alphabet="abcxyz-", min_size=1, max_size=6)
_src = st.builds(
    lambda parts, name: "/".join([*parts, name]) + ".md",
    st.lists(_segment, max_size=2),
    st.one_of(_segment, st.just("index")),
)


@given(_src, _src, st.booleans())
def test_relative_url_resolves_to_the_target(from_src, to_src, directory_urls):
    here = "/" + page_url(from_src, directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here)
    rel = relative_url(from_src, to_src, directory_urls)
    resolved = posixpath.normpath(posixpath.join(base, rel))
    want = posixpath.normpath("/" + page_url(to_src, directory_urls))
    assert resolved == want


# -- escaping helpers ------------------------------------------------------------------


@given(st.text())
def test_safe_url_only_lets_http_mailto_and_tel_through(text):
    url = safe_url(text)
    if url is not None:
        assert url.lower().startswith(("http://", "https://", "mailto:", "tel:"))
        assert not any(c.isspace() or ord(c) < 32 for c in url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "//evil.example",
        "javascript&colon;alert(1)",
        "javascript&#58;alert(1)",
        "&#106;avascript:alert(1)",
    ],
)
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None


@given(st.text())
def test_esc_leaves_no_markup(text):
    out = esc(text)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out


@given(st.text())
def test_titles_never_carry_angle_brackets(text):
    out = title_text(text)
    assert "<" not in out and ">" not in out


def test_comments_are_stripped_even_unclosed():
    assert "secret" not in strip_comments("a %% secret %% b")
    assert "secret" not in strip_comments("a %% secret\nmore")
    assert "secret" not in strip_comments("a <!-- secret --> b")
    assert strip_comments("one\n%% x\ny %%\ntwo").count("\n") == 3  # lines still count


def test_render_body_links_escapes_and_neutralises():
    def link(target: Link, embed: bool) -> str:
        return f'<a href="../{target.target}/">{esc(target.display or target.target)}</a>'

    body = (
        "# Jane Doe\n"
        "Met [[Bob|Bobby]] at <script>alert(1)</script>.\n"
        "%% do not publish %%\n"
        "See [x](javascript:alert(1)) and <https://example.com/a> and [y](https://ok.example).\n\n"
        "Code `<b>[[not a link]]</b>` stays.\n"
        "```\n<i>[[Fenced]]</i>\n```\n"
        "[ref]: javascript:alert(2)\n"
    )
    out = body_html(body, link, title="Jane Doe")
    assert "Jane Doe</h" not in out  # the page prints its own title
    assert '<a href="../Bob/" rel="noopener noreferrer nofollow">Bobby</a>' in out
    assert "<script>" not in out and "alert(1)" not in out  # the sanitiser drops script and its content
    assert "do not publish" not in out
    assert "javascript:" not in out
    assert 'href="https://example.com/a"' in out
    assert 'href="https://ok.example"' in out
    assert "<code>&lt;b&gt;[[not a link]]&lt;/b&gt;</code>" in out
    assert "&lt;i&gt;[[Fenced]]&lt;/i&gt;" in out


# -- pages of the example vault ----------------------------------------------------------


def test_example_builds_every_page(example):
    vault = load_vault(EXAMPLE_VAULT)
    assert example.errors == []
    public = [n for n in vault.notes if n.type in ("contact", "company", "interview") and not n.private]
    notes = [p for p in example.pages if p.startswith(("people/", "meetings/")) and not p.endswith("index.md")]
    assert len(notes) <= len(public)
    for section in (
        "index.md",
        "people/index.md",
        "companies/index.md",
        "meetings/index.md",
        "rules/index.md",
        "tags/index.md",
        "graph/index.md",
    ):
        assert section in example.pages


def test_person_page_card_chain_backlinks(example):
    page = example.pages["people/keiko-tanaka.md"].html
    assert "<dt>Role</dt><dd>Client Delivery Lead</dd>" in page
    assert '<a class="infoview-link" href="../../companies/cedarline-rpo/">Cedarline RPO</a>' in page
    chain = page[page.index("Referral chain from you") :]
    chain = chain[: chain.index("</ol>")]
    assert chain.index("Tessa Lindqvist") < chain.index("beatriz-calloway") < chain.index("Keiko Tanaka")
    backlinks = page[page.index('id="mentioned-in"') :]
    assert '<a class="infoview-link" href="../beatriz-calloway/">Beatriz Calloway</a>' in backlinks
    assert "Andre Mills" in page[page.index('id="names-they-gave"') :]
    # Hidden fields never reach the page.
    assert "keiko.tanaka@example.com" not in page and "763-555-0188" not in page


def test_private_contact_has_no_page_and_links_to_it_are_text(example):
    assert not any("lena-sorensen" in p for p in example.pages)
    everything = "\n".join(p.html for p in example.pages.values())
    assert "people/lena-sorensen" not in everything
    assert "15 Aspen Hollow" not in everything  # home_address is a private field
    assert "Her manager is close" not in everything  # an Obsidian comment


def test_meeting_checklist_states():
    vault = load_vault(EXAMPLE_VAULT)
    checklist = SiteBuilder(Published(vault, EXAMPLE_TODAY)).checklist
    simone = checklist(vault.get("interviews/2026-11-20-simone-adeyemi.md"))
    assert (simone[0].label, simone[0].state) == ("Thank-you note", "overdue")
    keiko = {c.label: c for c in checklist(vault.get("interviews/2026-10-20-keiko-tanaka.md"))}
    assert keiko["Thank-you note"].state == "done" and keiko["Thank-you note"].date == dt.date(2026, 10, 21)
    assert keiko["Referrer thanked"].state == "done"
    upcoming = checklist(vault.get("interviews/2026-12-03-jasper-quinn.md"))
    assert (upcoming[0].label, upcoming[0].state) == ("Questions and research", "done")
    assert len(upcoming) > 1 and all(c.state == "later" for c in upcoming[1:])
    forgotten = {c.label: c.state for c in checklist(vault.get("interviews/2026-11-23-yvonne-castillo.md"))}
    assert forgotten["Outcome logged"] == "overdue" and forgotten["Thank-you note"] == "later"


def test_meeting_page_shows_the_checklist(example):
    page = example.pages["meetings/2026-11-20-simone-adeyemi.md"].html
    assert '<h2 id="follow-up-checklist">Follow-up checklist</h2>' in page
    assert "iv-check--overdue" in page and "Thank-you note: <strong>overdue</strong>" in page


def test_dashboard_lists_overdue_followups_and_upcoming_meetings(example):
    home = example.pages["index.md"].html
    assert "thank-you-overdue" in home and "simone-adeyemi" in home
    upcoming = home[home.index('id="upcoming-meetings"') :]
    assert "Tomasz Wojcik" in upcoming and "not prepared" in upcoming
    assert 'id="the-campaign-in-numbers"' in home


def test_people_index_lists_public_people_with_next_action(example):
    index = example.pages["people/index.md"].html
    assert 'id="iv-people"' in index and 'id="iv-people-filter"' in index
    assert "Lena Sorensen" not in index
    row = next(line for line in index.splitlines() if "simone-adeyemi" in line)
    assert "Send a thank-you" in row or "thank-you" in row.lower()


def test_graph_page_has_a_container_and_a_linked_list(example):
    page = example.pages["graph/index.md"].html
    assert '<div id="infoview-graph"' in page and 'data-src="../graph.json"' in page
    assert '<ul id="infoview-graph-list">' in page and 'href="../people/keiko-tanaka/"' in page


def test_graph_data_has_page_urls_and_no_private_nodes(example):
    if example.graph is None:
        pytest.skip("infoview.graph is not in this checkout")
    ids = {n["id"] for n in example.graph["nodes"]}
    assert "contacts/lena-sorensen.md" not in ids
    keiko = next(n for n in example.graph["nodes"] if n["id"] == "contacts/keiko-tanaka.md")
    assert keiko["url"] == "people/keiko-tanaka/"


# -- export --------------------------------------------------------------------------------


def test_export_writes_pages_refuses_foreign_folders_and_drops_stale_pages(tmp_path, vault_dir):
    root = vault_dir(
        {
            "contacts/ana.md": "---\nname: Ana\n---\n",
            "contacts/bo.md": "---\nname: Bo\n---\n",
        }
    )
    out = tmp_path / "out"
    export(load_vault(root), EXAMPLE_TODAY, out)
    assert (out / "people" / "ana.md").is_file() and (out / "index.md").is_file()
    assert (out / "assets" / "infoview" / "infoview.js").is_file()
    (root / "contacts" / "bo.md").write_text("---\nname: Bo\nprivate: true\n---\n", encoding="utf-8")
    export(load_vault(root), EXAMPLE_TODAY, out)
    assert not (out / "people" / "bo.md").exists()  # made private: its old page goes
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(FileExistsError):
        export(load_vault(root), EXAMPLE_TODAY, foreign)
    assert (foreign / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_cli_site_export(tmp_path, vault_dir):
    from click.testing import CliRunner

    from infoview.cli import main

    root = vault_dir({"contacts/ana.md": "---\nname: Ana\n---\n"})
    result = CliRunner().invoke(
        main, ["site", "export", str(tmp_path / "out"), "--vault", str(root), "--today", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "people" / "ana.md").is_file()
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", "export", str(tmp_path / "busy"), "--vault", str(root)])
    assert result.exit_code == 2 and "not empty" in result.output


# -- attachments -------------------------------------------------------------------------


def test_only_files_a_published_note_uses_are_published(tmp_path, vault_dir):
    root = vault_dir(
        {
            "contacts/ana.md": "---\nname: Ana\n---\nPhoto: ![[Ana Photo.png|200]], CV: [[cv.pdf]], logo ![[logo.svg]], gone ![[nope.png]]\n",
            "contacts/secret.md": "---\nname: Secret\nprivate: true\n---\n![[private.png]]\n",
            "files/Ana Photo.png": b"\x89PNG ana",
            "files/cv.pdf": b"%PDF ana",
            "files/logo.svg": b"<svg onload=alert(1)>",
            "files/private.png": b"\x89PNG private",
            "files/unused.pdf": b"%PDF unused",
            "templates/t.png": b"\x89PNG template",
        }
    )
    site = build_site(load_vault(root), EXAMPLE_TODAY)
    assert set(site.files) == {"attachments/files/ana-photo.png", "attachments/files/cv.pdf"}
    page = site.pages["people/ana.md"].html
    assert '<img class="infoview-embed" src="../../attachments/files/ana-photo.png" alt="Ana Photo" width="200"' in page
    assert 'href="../../attachments/files/cv.pdf"' in page
    assert "logo.svg" in page and "<svg" not in page  # named, not published
    out = tmp_path / "out"
    export(load_vault(root), EXAMPLE_TODAY, out)
    assert (out / "attachments/files/ana-photo.png").read_bytes() == b"\x89PNG ana"
    assert not (out / "attachments/files/private.png").exists() and not (out / "attachments/files/unused.pdf").exists()


def test_a_symlink_out_of_the_vault_is_never_published(tmp_path, vault_dir):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF outside")
    root = vault_dir({"contacts/ana.md": "---\nname: Ana\n---\n[[leak.pdf]]\n"})
    (root / "leak.pdf").symlink_to(outside)
    site = build_site(load_vault(root), EXAMPLE_TODAY)
    assert site.files == {}


_PAYLOAD = st.text(alphabet="ab <>[]!%|#-*():\n&;=\"'/{}`\\", max_size=200) | st.sampled_from(
    [
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=x ONERROR=alert(1)>",
        '![x](y.png){: ONERROR="alert(1)" }',
        "<a href='javascript&colon;alert(1)'>a</a>",
        "[a](&#106;avascript:alert(1))",
        "[r][x]\n\n[x]: java&#9;script:alert(1)",
    ]
)


@given(_PAYLOAD, _PAYLOAD)
def test_render_body_never_lets_script_through(before, after):
    """Whatever the body holds, the sanitised HTML carries no script, no handler and no script URL."""
    out = body_html(before + "\n\n" + after).lower()
    assert "<script" not in out and "<iframe" not in out and "<style" not in out
    assert re.search(r"<[^>]*\son[a-z]+\s*=", out) is None
    assert "javascript:" not in out and "vbscript:" not in out


@given(
    st.sampled_from(["javascript", "JavaScript", "vbscript", "data", "file"]), st.text(alphabet="abc():/", max_size=10)
)
def test_render_body_neutralises_unsafe_link_schemes(scheme, rest):
    text = f"[x]({scheme}:{rest}) [w]( {scheme}:{rest}) [v](<{scheme}:{rest}>) ![i]({scheme}:{rest})\n\n[z]: {scheme}:{rest}\n\n[q][z]"
    out = body_html(text)
    assert f'href="{scheme}:' not in out.lower() and f'src="{scheme}:' not in out.lower()


def test_sanitize_is_an_allow_list_that_keeps_ordinary_markup():
    bad = '<a href=" javascript:alert(1)" onclick="x()" onmouseover=y>a</a><SCRIPT>x()</SCRIPT><img src=x onerror=alert(1)><iframe src=//e>'
    out = sanitize(bad)
    assert "javascript:" not in out and "onclick" not in out and "onerror" not in out and "onmouseover" not in out
    assert "<SCRIPT" not in out and "<iframe" not in out and "x()" not in out
    fine = '<p>Set on=true, see <a href="../a/">A</a> and <code>x</code></p>'
    assert sanitize(fine) == fine.replace('href="../a/"', 'href="../a/" rel="noopener noreferrer nofollow"')


def test_due_follow_ups_offer_a_drafted_letter_without_the_address(example):
    from urllib.parse import parse_qs, urlsplit

    page = example.pages["people/simone-adeyemi.md"].html
    href = re.search(r'<a href="(mailto:[^"]+)">Draft</a>', page).group(1).replace("&amp;", "&")
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    assert parts.path == "" and "simone.adeyemi@example.com" not in page  # the reader fills the address in
    assert query["subject"] == ["Thank you for your time on November 20"]
    assert query["body"][0].startswith("Dear Simone,") and "help" in query["body"][0]
    assert '<button type="button" class="iv-copy">Copy</button>' in page  # it copies the Draft link's letter


def test_the_week_in_review_is_published_without_private_notes(example):
    review = example.pages["review/index.md"]
    assert review.title.startswith("Week 2026-W48") and 'id="other-weeks"' in review.html
    assert "review/2026-W47.md" in example.pages
    assert "Lena" not in review.html  # Lena Sorensen is private


def test_small_things_of_a_fresh_campaign_read_right(make_vault):
    # No owner yet, one person met once: issue 16's small things, on every page and in check's message.
    vault = make_vault(
        {
            "infoview.yml": "goal: move into recruiting\n",
            "contacts/jane-doe.md": "---\nname: Jane Doe\ncompany: Acme\n---\n",
            "interviews/m.md": '---\ncontact: "[[Jane Doe]]"\ndate: 2026-11-02\nstatus: done\n---\n',
        }
    )
    site = build_site(vault, dt.date(2026, 11, 25))
    everything = "\n".join(p.html for p in site.pages.values())
    assert site.pages["index.md"].title == "Your networking campaign"
    assert "You's" not in everything and "((" not in everything
    assert not re.search(r"\b1 (meetings|people|contacts|notes|names)\b", everything)
    (names,) = run_rules(vault, dt.date(2026, 11, 25), select=["no-referrals-asked"])
    assert names.due == dt.date(2026, 11, 4) and 'datetime="2026-11-04"' in everything  # not the meeting's day
