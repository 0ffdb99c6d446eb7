"""The hostile corpus of issue 14: every payload, in every spelling, in every place a vault, a setting or an
import file can hold text.

A payload is written in six spellings (as written, lower case, UPPER CASE, mIxEd case, letters as decimal
entities, letters as hex entities, and the whole text entity-escaped). :func:`hostile_vault` puts each
spelling in every frontmatter field, in every body construct and in the settings;
:func:`linkedin_csv` and :func:`vcards` put them in the import formats. Nothing here asserts: the tests
build from these files and :mod:`tests.security.scan` judges the output.
"""

from __future__ import annotations

import html
import json

#: The payloads of issue 14, by a short name. Each must end up inert wherever it is written.
PAYLOADS: dict[str, str] = {
    "img-onerror": "<img src=x onerror=alert(1)>",
    "attr-list-image": '![x](y.png){: ONERROR="alert(1)" }',
    "attr-list-focus": "{: autofocus tabindex=1 ONFOCUS=alert(1) }",
    "svg-onload": "<svg onload=alert(1)>",
    "a-javascript": '<a href="javascript:alert(1)">',
    "js-dec-colon": "javascript&#58;alert(1)",
    "js-dec-j": "&#106;avascript:alert(1)",
    "js-named-colon": "javascript&colon;alert(1)",
    "js-entity-tab": "java&#9;script:alert(1)",
    "js-tab": "java\tscript:alert(1)",
    "data-html": "data:text/html,<script>alert(1)</script>",
    "vbscript": "vbscript:msgbox(1)",
    "title-break": "</title><script>alert(1)</script>",
    "attr-break": '"><script>alert(1)</script>',
    "details-toggle": "<details open ontoggle=alert(1)>",
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>">',
    "form-action": "<form><button formaction=javascript:alert(1)>x</button></form>",
    "mxss-math": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "css-url": '<p style="background:url(javascript:alert(1))">x</p>',
    # Beyond the list: quotes that end an attribute the value is printed in, unescaped,
    "quote-break": '" autofocus onfocus="alert(1)" x="',
    "apostrophe-break": "' autofocus onfocus='alert(1)' x='",
    # and line breaks that could start a new header line in an ICS or vCard export.
    "crlf-inject": "x\r\nURL:javascript:alert(1)\r\nX-ALT-DESC;FMTTYPE=text/html:<img src=x onerror=alert(1)>",
}


def _mixed(text: str) -> str:
    return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(text))


def _entities(text: str, fmt: str) -> str:
    """Every ASCII letter as a numeric character reference, the rest as written."""
    return "".join(fmt.format(ord(c)) if c.isascii() and c.isalpha() else c for c in text)


#: The spellings every payload is written in.
SPELLINGS = {
    "as-written": lambda p: p,
    "lower": str.lower,
    "upper": str.upper,
    "mixed": _mixed,
    "dec-entities": lambda p: _entities(p, "&#{};"),
    "hex-entities": lambda p: _entities(p, "&#x{:x};"),
    "escaped": lambda p: html.escape(p, quote=True),
}


def spellings() -> list[tuple[str, str]]:
    """``(id, text)`` of every payload in every spelling, duplicates dropped."""
    seen: dict[str, str] = {}
    for name, payload in PAYLOADS.items():
        for how, spell in SPELLINGS.items():
            seen.setdefault(spell(payload), f"{name}/{how}")
    return [(ident, text) for text, ident in seen.items()]


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(value)


#: Tags are written whole (a very long one is a test of its own in test_fail_closed.py).
TAG_LIMIT = None

#: Frontmatter places, per note type: what :func:`hostile_vault` fills with a payload.
CONTACT_FIELDS = (
    "name", "aliases", "company", "role", "field", "met_via", "linkedin", "website", "tags", "referred_by",
    "custom", "custom-key-name", "custom-nested-3", "custom-list", "custom-link", "outreach-note",
)  # fmt: skip
COMPANY_FIELDS = ("name", "aliases", "industry", "website", "tags", "custom")
INTERVIEW_FIELDS = ("contact-display", "questions", "research", "referrals", "medium-invalid", "custom", "changed_by-invalid")
CONFIG_FIELDS = ("owner", "goal", "site.title")
#: Body places: Markdown and Obsidian constructs that hold the payload.
BODY_PLACES = (
    "paragraph", "heading", "heading-attr-list", "heading-link-title", "heading-image-alt", "heading-code", "image-attr-list", "link", "link-angle", "link-title", "image",
    "reference-definition", "raw-html-block", "raw-html-inline", "raw-a-href", "raw-img-src", "callout-title",
    "callout-body", "admonition-title", "details-title", "wiki-link", "wiki-display", "wiki-embed", "wiki-heading",
    "tag", "dataview-line", "dataview-inline", "table-cell", "task-item", "block-id-line", "html-comment-break",
    "obsidian-comment-break",
)  # fmt: skip


def body(p: str, i: int) -> str:
    """A note body holding ``p`` in every place of :data:`BODY_PLACES` (``i`` keeps reference names unique)."""
    one = " ".join(p.split("\n"))  # constructs that must stay on one line
    return "\n".join(
        [
            f"Paragraph {p} end.",
            "",
            f"## Heading {one}",
            "",
            f"## Attr heading {{: {one} }}",
            "",
            f"## Linked [t](https://example.com/ {q(one)}) and ![{one}](a.png) and `{one}`",
            "",
            f"![x](y.png){{: {one} }}",
            "",
            f"[link]({one}) and [angle](<{one}>) and [titled](https://example.com/ {q(one)}) and ![image]({one})",
            "",
            f"[y][ref{i}] and [ref{i}][]",
            "",
            f"[ref{i}]: {one}",
            "",
            f"<div>{p}</div>",
            "",
            f"Inline <span>{one}</span> and <a href=\"{one}\">raw a</a> and <img src=\"{one}\">",
            "",
            f"> [!info] {one}",
            f"> {one}",
            "",
            f'!!! note "{one}"',
            f"    {one}",
            "",
            f'??? note "{one}"',
            f"    {one}",
            "",
            f"Wiki [[{one}]] and [[Target|{one}]] and ![[{one}]] and [[#{one}]]",
            "",
            f"Tagged #tag{i}{one} here",
            "",
            f"field{i}:: {one}",
            f"Inline [dv{i}:: {one}] field.",
            "",
            "| head |",
            "| --- |",
            f"| {one} |",
            "",
            f"- [ ] task {one}",
            f"- item {one} ^block{i}",
            "",
            f"<!-- {one} --> after an HTML comment: {one}",
            f"%% {one} %% after an Obsidian comment: {one}",
            "",
        ]
    )


def _cut(text: str, limit: int = 120) -> str:
    """A file-name part: no slash, no NUL, not too long for a file system."""
    out = text.replace("/", "\u2215").replace("\x00", "").replace("\r", " ").replace("\n", " ")
    while len(out.encode("utf-8")) > limit:
        out = out[:-1]
    return out.strip() or "x"


def everything(payloads: list[tuple[str, str]] | None = None) -> str:
    """Every payload in every spelling, in one line of text (for the settings)."""
    return " ".join(" ".join(p.split()) for _, p in (payloads if payloads is not None else spellings()))


def hostile_config(*, title: bool = False) -> str:
    """``infoview.yml`` with every payload in ``owner`` and ``goal`` (and, with ``title``, ``site.title``)."""
    lines = [f"owner: {q(everything())}", f"goal: {q(everything())}", "site:", "  calendar_feed: true"]
    if title:
        lines.append(f"  title: {q(everything())}")
    return "\n".join(lines) + "\n"


def hostile_vault(payloads: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """A vault whose every field and body construct, the owner, the goal and the site's title hold a payload."""
    payloads = payloads if payloads is not None else spellings()
    files: dict[str, str] = {
        "infoview.yml": hostile_config(title=True),
        "contacts/target.md": "---\nname: Target\nstatus: met\n---\n",
    }
    for i, (_, p) in enumerate(payloads):
        one = " ".join(p.split())
        company = f"{one} Co {i}"
        files[f"companies/{i:03d} {_cut(p)}.md"] = "\n".join(
            [
                "---",
                f"name: {q(company)}",
                f"aliases: [{q(p)}]",
                f"industry: {q(p)}",
                f"website: {q(one)}",
                f"tags: [{q(one[:TAG_LIMIT])}, ok{i}]",
                f"notes_{i}: {q(p)}",
                "---",
                body(p, i),
            ]
        )
        contact = f"{one} {i}"
        files[f"contacts/{i:03d} {_cut(p)}.md"] = "\n".join(
            [
                "---",
                f"name: {q(contact)}",
                f"aliases: [{q(p + ' alias')}]",
                f'company: {q("[[" + company + "]]")}',
                f"role: {q(p)}",
                f"field: {q(p)}",
                f"met_via: {q(p)}",
                f"linkedin: {q(one)}",
                f"website: {q(one)}",
                f"tags: [{q(one[:TAG_LIMIT])}, ok{i}]",
                f'referred_by: {q("[[Target|" + one + "]]")}',
                f"custom_{i}: {q(p)}",
                f"{q(p)}: {q(p)}",
                f"deep_{i}: {{level1: {{level2: {{level3: {q(p)}}}}}}}",
                f"list_{i}: [{q(p)}, {q(one)}]",
                f'link_{i}: {q("[[" + one + "]]")}',
                "outreach:",
                f"  - {{date: 2026-11-01, via: email, note: {q(p)}}}",
                "---",
                body(p, i),
            ]
        )
        files[f"contacts/{i:03d} noteless.md"] = "\n".join(
            ["---", f"name: Noteless {i}", f"company: {q(one)}", "status: met", "---", ""]
        )
        files[f"interviews/2026-11-{1 + i % 28:02d} {i:03d}.md"] = "\n".join(
            [
                "---",
                f'contact: {q("[[" + contact + "|" + one + "]]")}',
                f"date: 2026-11-{1 + i % 28:02d}",
                "medium: phone",
                "status: done",
                f"questions: [{q(p)}, {q(one)}]",
                f"research: {q(p)}",
                f'referrals: [{q("[[" + one + " ref]]")}, {q(one)}]',
                f"extra_{i}: {q(p)}",
                "---",
                body(p, i),
            ]
        )
        files[f"interviews/2026-12-{1 + i % 28:02d} {i:03d} bad.md"] = "\n".join(
            [
                "---",
                'contact: "[[Target]]"',
                f"date: 2026-12-{1 + i % 28:02d}",
                f"medium: {q(one)}",
                f"changed_by: {q(one)}",
                "status: scheduled",
                "---",
                "",
            ]
        )
    return files


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def linkedin_csv(payloads: list[tuple[str, str]] | None = None) -> bytes:
    """LinkedIn's ``Connections.csv`` with a payload in first and last name, URL, email, company and position."""
    payloads = payloads if payloads is not None else spellings()
    rows = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i, (_, p) in enumerate(payloads):
        cells = [p, f"Li{i}", p, f"{p}@example.com", p, p, "12 Mar 2024"]
        rows.append(",".join(_csv_cell(c) for c in cells))
        rows.append(",".join(_csv_cell(c) for c in [f"Li{i}", p, f"https://www.linkedin.com/in/li{i}", "", f"{p} Inc", "", "12 Mar 2024"]))
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def _vcard_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "").replace(",", "\\,").replace(";", "\\;")


def vcards(payloads: list[tuple[str, str]] | None = None) -> bytes:
    """A vCard 3.0 file: one card per payload with it in FN, N, ORG, TITLE, NOTE (a whole hostile body), URL,
    EMAIL and CATEGORIES, escaped as vCard escapes; and one card per payload written raw, unescaped."""
    payloads = payloads if payloads is not None else spellings()
    cards = []
    for i, (_, p) in enumerate(payloads):
        e = _vcard_text
        cards.append(
            "\r\n".join(
                [
                    "BEGIN:VCARD",
                    "VERSION:3.0",
                    f"FN:{e(p)} Vc{i}",
                    f"N:Vc{i};{e(p)};;;",
                    f"ORG:{e(p)};{e(p)}",
                    f"TITLE:{e(p)}",
                    f"NOTE:{e(body(p, 1000 + i))}",
                    f"URL:{e(p)}",
                    f"URL:https://example.com/{e(p)}",
                    f"EMAIL:{e(p)}@example.com",
                    f"CATEGORIES:{e(p[:TAG_LIMIT])},ok{i}",
                    "END:VCARD",
                ]
            )
        )
        raw = " ".join(p.split())
        cards.append(
            "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"FN:Raw{i} {raw}", f"ORG:{raw}", f"NOTE:{raw}", f"URL:{raw}", "END:VCARD"])
        )
    return ("\r\n".join(cards) + "\r\n").encode("utf-8")
