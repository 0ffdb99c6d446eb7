"""Everything that turns vault text into HTML for a public page goes through here.

- :func:`esc` for every value placed in a template by hand (the templates
  themselves autoescape); :func:`safe_url` and :func:`external_link` for URLs.
- :func:`render_body` renders a note's body once with Python-Markdown, as
  Obsidian writes it (wiki links and embeds, ``#tags``, callouts, block ids,
  ``[[#Heading]]``, Dataview fields), then sanitises the HTML with nh3 (the
  Ammonia binding): allowed tags, attributes and classes only, URL schemes
  ``http``, ``https``, ``mailto``, ``tel`` and relative ones. Nothing from a
  body reaches a page without passing the sanitiser.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup
from mkdocs_callouts.utils import CalloutParser

from .. import body as B
from ..links import LINK_RE, Link, _from_inner

__all__ = ["Rendered", "anchor", "esc", "external_link", "render_body", "safe_url", "sanitize", "title_text"]

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def esc(value: object) -> Markup:
    """Text as HTML: ``<``, ``&`` and both quotes escaped (safe in attributes too)."""
    return Markup(html.escape("" if value is None else str(value), quote=True))


def safe_url(value: object) -> str | None:
    """The URL when it is an ``http(s)``, ``mailto`` or ``tel`` URL, else ``None``.

    Whitespace, control characters or entities anywhere make it unsafe:
    browsers strip the first and decode the last, which is how
    ``java\\tscript:`` and ``javascript&colon;`` get past naive checks.
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or _CONTROL.search(url) or "&" in url.split("?", 1)[0] or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES or (scheme in ("http", "https") and not parts.netloc):
        return None
    return url


def external_link(value: object, text: object | None = None) -> Markup:
    """An ``<a>`` to a safe URL (opened without referrer) showing ``text``; anything else is the value, as text."""
    url = safe_url(value)
    if url is None:
        return esc(value)
    return Markup(
        f'<a class="infoview-link" href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(text if text is not None else value)}</a>'
    )


def title_text(value: object) -> str:
    """A page or site title: angle brackets and quotes replaced by look-alikes, whitespace squeezed.

    Themes print titles in places where an escaped ``&lt;/title&gt;`` comes
    back to life (Material's ``striptags`` unescapes), and the site name
    unescaped in an attribute (``aria-label="{{ config.site_name }}"``), where
    a quote would end it; look-alikes cannot do either.
    """
    text = "" if value is None else str(value)
    return " ".join(text.translate(_TITLE_LOOKALIKES).split())


_TITLE_LOOKALIKES = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d", "'": "\u2019", "`": "\u2018"})


def anchor(heading: str) -> str:
    """The id a heading of a note's body gets (prefixed, so no body heading can take a page's own id)."""
    value = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return "note-" + (re.sub(r"[-\s]+", "-", value) or "section")


# -- sanitising ------------------------------------------------------------------------

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "input", "kbd", "label", "li", "mark", "ol", "p", "pre", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "abbr": {"title"},
    "details": {"open"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "span": {"id"},
    "input": {"type", "checked", "disabled"},
}  # fmt: skip
_CLASSES = {
    "div": {"admonition", "admonition-title", "note", "abstract", "info", "tip", "success", "question", "warning",
            "failure", "danger", "bug", "example", "quote", "infoview-fields"},
    "details": {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug",
                "example", "quote"},
    "p": {"admonition-title"},
    "a": {"infoview-link", "infoview-tag", "infoview-file", "infoview-missing"},
    "span": {"infoview-block", "infoview-missing"},
    "img": {"infoview-embed"},
    "li": {"task-list-item"},
    "ul": {"task-list"},
    "label": {"task-list-control"},
    "input": set(),
    "code": set(),
    "dl": {"infoview-fields"},
}  # fmt: skip
_SAFE_ID = re.compile(r"(?:note-|\^)[A-Za-z0-9_-]{1,80}")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return value if _SAFE_ID.fullmatch(value) else None
    if tag == "img" and name == "src" and urlsplit(value).scheme:
        return None  # a picture from elsewhere would make every reader's browser fetch it: never
    if tag == "input" and name == "type":
        return value if value == "checkbox" else None
    return value


def sanitize(text: str) -> str:
    """HTML reduced to the allowed tags, attributes, classes and URL schemes (nh3, an allow-list)."""
    return nh3.clean(
        text,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=set(SAFE_SCHEMES),
        allowed_classes=_CLASSES,
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "svg", "math", "noscript"},
    )


# -- note bodies -----------------------------------------------------------------------

#: A function that renders a wiki link: (link, is_embed) -> HTML (a link, an image, or text).
LinkRenderer = Callable[[Link, bool], str]
#: ``#tag`` -> the URL of the tag's page.
TagRenderer = Callable[[str], str | None]

_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "admonition", "pymdownx.details", "pymdownx.tasklist", "toc"]
_CHECKBOX = re.compile(r"<input[^>]*type=\"checkbox\"[^>]*>\s*")
_H1 = re.compile(r"\A\s*#[ \t]+(.+?)[ \t]*#*[ \t]*(?:\n|\Z)")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]", re.MULTILINE)


@dataclass
class Rendered:
    """A rendered body: its sanitised HTML and the headings in it (level, id, text)."""

    html: Markup
    headings: list[tuple[int, str, str]]


def _outside_code(text: str, sub: Callable[[str], str]) -> str:
    """``sub`` applied to the prose of a Markdown text only: code blocks and spans are kept as written."""
    out, at = [], 0
    for start, end in B.code_ranges(text):
        out += [sub(text[at:start]), text[start:end]]
        at = end
    out.append(sub(text[at:]))
    return "".join(out)


def render_body(
    body: str,
    link: LinkRenderer,
    tag: TagRenderer,
    *,
    title: str | None = None,
    top: int = 3,
    hides: Callable[[str], bool] = lambda key: False,
) -> Rendered:
    """A note body as sanitised HTML for a public page.

    Comments are removed; a leading ``# Title`` equal to ``title`` is dropped
    (the page prints its own); headings move so the body's highest one is
    ``h{top}``; ``[[links]]`` and ``![[embeds]]`` become what ``link``
    returns and ``#tags`` links to their pages; callouts become admonitions;
    a block id (``^abc``) becomes an anchor; Dataview ``key:: value`` lines
    are left out (the page shows them as fields), and so is an inline ``[key:: value]`` whose key ``hides``. Then Markdown, then the
    sanitiser: raw HTML in the body is kept only as far as the allow-list lets it.
    """
    text = B.strip_comments(body).replace("\r\n", "\n").replace("\r", "\n")
    m = _H1.match(text)
    if m and title is not None and " ".join(m.group(1).casefold().split()) == " ".join(title.casefold().split()):
        text = text[m.end() :]
    if "::" in text:
        text = _outside_code(text, lambda prose: _strip_fields(prose, hides))
    text = _outside_code(text, lambda prose: _inline(prose, link, tag))
    if "[!" in text:
        text = CalloutParser().parse(text)
    levels = [len(h) for h in _ATX.findall(B.mask_code(text))]
    md = _markdown(1 + max(top - min(levels, default=top), 0)).reset()
    raw = _CHECKBOX.sub(
        lambda m: "\u2611 " if "checked" in m.group(0) else "\u2610 ", md.convert(text)
    )  # a task is read, not ticked
    clean = _label_tables(sanitize(raw))
    headings = [(t["level"], t["id"], t["name"]) for t in _flatten(getattr(md, "toc_tokens", []))]
    return Rendered(Markup(clean), [(lvl, hid, name) for lvl, hid, name in headings if _SAFE_ID.fullmatch(hid)])


@functools.cache
def _markdown(baselevel: int) -> markdown.Markdown:
    """The Markdown converter whose highest heading is ``h{baselevel}``: made once, reset before each body."""
    return markdown.Markdown(
        extensions=_EXTENSIONS,
        extension_configs={
            "toc": {"slugify": lambda value, sep: anchor(value), "baselevel": baselevel},
            "pymdownx.tasklist": {"custom_checkbox": False},
        },
        output_format="html",
    )


def _label_tables(html_text: str) -> str:
    """Each body table as the site's tables: every cell labelled with its column's heading, so that on a
    phone the rows become cards (CSS only; the table stays a table for screen readers)."""

    def label(table: re.Match[str]) -> str:
        heads = [
            re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", table.group(0), re.DOTALL)
        ]

        def row(tr: re.Match[str]) -> str:
            cells = iter(heads)
            return re.sub(
                r"<td(?=[\s>])", lambda _: f'<td data-label="{html.escape(next(cells, ""), quote=True)}"', tr.group(0)
            )

        return re.sub(
            r"<tr>.*?</tr>", row, table.group(0).replace("<table>", '<table class="iv-table">', 1), flags=re.DOTALL
        )

    return re.sub(r"<table>.*?</table>", label, html_text, flags=re.DOTALL) if "<table>" in html_text else html_text


def _flatten(tokens: list[dict]) -> list[dict]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(_flatten(t.get("children", [])))
    return out


def _strip_fields(prose: str, hides: Callable[[str], bool]) -> str:
    """Dataview fields out of the prose: whole ``key:: value`` lines go, ``[key:: value]`` reads ``key: value``
    (and goes too when the site hides the key: ``[phone:: …]``)."""
    kept = "".join(
        line
        for line in prose.splitlines(keepends=True)
        if not B.FIELD_LINE.match(line.rstrip("\n")) or B.FIELD_INLINE.search(line)
    )
    return B.FIELD_INLINE.sub(lambda f: "" if hides(f.group(1)) else f"{f.group(1)}: {f.group(2)}", kept)


def _inline(prose: str, link: LinkRenderer, tag: TagRenderer) -> str:
    """Obsidian's inline syntax in a run of prose: wiki links and embeds, ``#tags``, block ids."""

    def wiki(m: re.Match[str]) -> str:
        found = _from_inner(m.group(2).replace("\\|", "|"), 0)
        return "" if found is None else link(found, bool(m.group(1)))

    out = LINK_RE.sub(wiki, prose)
    out = B.TAG.sub(lambda t: _tag(t.group(1), tag), out)
    return B.BLOCK_ID.sub(lambda b: f' <span class="infoview-block" id="^{b.group(1)}"></span>', out)


def _tag(name: str, tag: TagRenderer) -> str:
    url = tag(name)
    text = html.escape("#" + name)
    return f'<a class="infoview-tag" href="{html.escape(url)}">{text}</a>' if url else text
