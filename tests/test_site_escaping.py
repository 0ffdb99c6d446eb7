"""HTML and JavaScript payloads in every field render as text, never as markup or script."""

from __future__ import annotations

import json
import re

import pytest
from test_site_build import mkdocs_build

IMG = "<img src=x onerror=alert(1)>"
BREAK = '"><script>alert(2)</script>'
TITLE = "</title><script>alert(3)</script>"
JS = "javascript:alert(4)"
TAB_JS = "java\tscript:alert(5)"


def q(value: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(value)


VAULT = {
    "infoview.yml": f"owner: {q(IMG)}\ngoal: {q(BREAK)}\nsite:\n  title: {q(TITLE)}\n",
    "contacts/payload.md": f"""
        ---
        name: {q(TITLE + IMG)}
        aliases: [{q(BREAK)}]
        company: {q(IMG + " Corp")}
        role: {q(BREAK)}
        field: {q(IMG)}
        linkedin: {q(JS)}
        website: {q(TAB_JS)}
        met_via: {q(IMG)}
        status: met
        tags: [{q(IMG)}, "<b>"]
        custom_key: {q(BREAK)}
        {IMG.replace("<", "").replace(">", "").replace(" ", "_").replace("=", "_")}: {q(IMG)}
        nested: {{inner: {q(IMG)}}}
        outreach:
          - {{date: 2026-11-01, via: email, note: {q(IMG)}}}
        ---
        Body with {IMG} and {BREAK} and [click](javascript:alert(6)) and [[{TITLE}]].
        <a href="javascript:alert(7)">raw link</a>
        ](<img src=x onerror=alert(8)>) and [b](<javascript:alert(9)>)
        """,
    "contacts/<img src=x>.md": f"---\nrole: {q(IMG)}\n---\n",
    "companies/evil.md": f"---\nname: {q(IMG + ' Inc')}\nindustry: {q(BREAK)}\nwebsite: {q(JS)}\n---\n# Research\n{IMG}\n",
    "interviews/2026-11-10-payload.md": f"""
        ---
        contact: {q("[[" + TITLE + IMG + "]]")}
        date: 2026-11-10
        medium: phone
        status: done
        questions: [{q(IMG)}, {q(BREAK)}]
        research: {q(IMG)}
        referrals: [{q("[[" + BREAK + "]]")}]
        extra_note: {q(IMG)}
        ---
        ## Notes
        {IMG}
        """,
}

_DANGER = [
    re.compile(r"<img src=x", re.IGNORECASE),
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"""<[a-z][^<>]*\s(?:href|src)\s*=\s*["']?\s*(?:java|vb)\s*script:""", re.IGNORECASE),
    re.compile(r"onerror=alert\(1\)>"),
    re.compile(r"<b>"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("escaping")
    proc, site = mkdocs_build(tmp, VAULT, strict=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return site


def test_no_payload_survives_as_markup_in_any_page(built):
    found = []
    for f in built.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        found += [(f.relative_to(built).as_posix(), p.pattern) for p in _DANGER if p.search(text)]
    assert found == []


def test_payloads_render_as_visible_text(built):
    pages = [p for p in (built / "people").iterdir() if p.is_dir()]
    assert len(pages) == 2 and all(p.name.isascii() for p in pages)
    person = next(p for p in pages if p.name != "img-src-x")
    html = (person / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    # The unsafe LinkedIn URL is shown as text, not linked.
    assert ">javascript:alert(4)<" in html and not _DANGER[2].search(html)
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    assert "<" not in title and "\u2039/title\u203a" in title


def test_search_index_holds_no_markup_from_the_vault(built):
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            value = doc.get(key, "")
            assert "<img src=x" not in value and "<script>alert" not in value, (doc["location"], key)


def test_graph_json_is_valid_json_with_the_raw_names(built):
    data = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    names = {n.get("name") for n in data["nodes"]}
    assert any(name and IMG in name for name in names)  # data stays data: the script escapes it
