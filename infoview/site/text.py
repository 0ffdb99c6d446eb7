"""Escaping and body rendering: every value that reaches a page goes through here.

The pages are Markdown with HTML blocks inside. Values are escaped with
:func:`html.escape` and only placed inside HTML (where Markdown does not look),
so a name like ``<img onerror=...>`` or ``*bold*`` renders as the text it is.
Note bodies stay Markdown (the user's own prose) but lose what a public page
must not carry: Obsidian and HTML comments, raw HTML, and links whose scheme
could run code.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from ..links import Link, _from_inner

__all__ = [
    "anchor",
    "esc",
    "external_link",
    "render_body",
    "safe_url",
    "sanitize_html",
    "strip_comments",
    "title_text",
]

SAFE_SCHEMES = ("http", "https", "mailto")


def esc(value: object) -> str:
    """Text as HTML: ``<``, ``&`` and both quotes escaped (safe in attributes too)."""
    return html.escape("" if value is None else str(value), quote=True)


_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_url(value: object) -> str | None:
    """The URL when it is an ``http(s)`` or ``mailto`` URL, else ``None``.

    Whitespace or control characters anywhere make it unsafe: browsers strip
    them, which is how ``java\\tscript:`` tricks get past naive checks.
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return None
    return url


def external_link(value: object, text: object | None = None) -> str:
    """An ``<a>`` to a safe URL (opened without referrer), else the value as text."""
    url = safe_url(value)
    shown = esc(text if text is not None else value)
    if url is None:
        return shown
    return f'<a class="infoview-link" href="{esc(url)}" rel="noopener noreferrer nofollow">{shown}</a>'


def title_text(value: object) -> str:
    """A page title: escaped, with angle brackets replaced by look-alikes.

    MkDocs themes print titles unescaped, and Material runs ``striptags`` on
    the ``<title>`` (which unescapes entities), so an escaped ``&lt;/title&gt;``
    would come back to life there. Look-alike brackets cannot.
    """
    text = "" if value is None else str(value)
    text = text.replace("<", "\u2039").replace(">", "\u203a")
    return " ".join(esc(text).split())


_COMMENT = re.compile(r"%%.*?(?:%%|\Z)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def strip_comments(text: str) -> str:
    """Obsidian ``%% ... %%`` and HTML ``<!-- ... -->`` comments removed (unclosed: to the end)."""
    if "%%" in text:
        text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if "<!--" in text:
        text = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return text


def anchor(heading: str) -> str:
    """The id Python-Markdown's ``toc`` gives a heading (its default slugify)."""
    value = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


#: A function that turns a wiki link into HTML (a link or plain text).
LinkRenderer = Callable[[Link, bool], str]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_INLINE = re.compile(
    r"(?P<wiki>!?\[\[[^\[\]\n]+?\]\])"
    r"|(?P<auto><(?:https?://|mailto:)[^<>\s]+>)"
    r"|(?P<lt><)"
    # An angle-bracket destination ``](<...>)`` is not honoured: its ``<`` is escaped like any other.
    r"|(?P<dest>\]\((?P<pad>\s*)(?P<angle><)?(?P<url>[^)\s<>]*))"
)
_REFDEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(\S+?)((?:\s.*)?)$")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_ATX = re.compile(r"^ {0,3}#{1,5}\s")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def _safe_destination(url: str) -> str:
    """A Markdown link target kept when relative or a safe scheme, else neutralised."""
    if _CONTROL.search(url):
        return "#"
    m = _URL_SCHEME.match(url)
    if m is None:
        return url
    return url if safe_url(url) else "#"


def _render_text(segment: str, link: LinkRenderer) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group("wiki"):
            token = m.group("wiki")
            embed = token.startswith("!")
            target = _from_inner(token[3:-2] if embed else token[2:-2], 0)
            return "" if target is None else link(target, embed)
        if m.group("auto"):
            inner = m.group("auto")[1:-1]
            return external_link(inner) if safe_url(inner) else esc(m.group("auto"))
        if m.group("lt"):
            return "&lt;"
        angle = "&lt;" if m.group("angle") else ""
        return "](" + m.group("pad") + angle + _safe_destination(m.group("url"))

    return _INLINE.sub(sub, segment)


def render_body(body: str, link: LinkRenderer, *, title: str | None = None, shift_headings: int = 0) -> str:
    """A note body ready for a public page.

    Comments are removed, ``[[links]]`` become what ``link`` returns, raw HTML
    is escaped, unsafe link schemes are neutralised, and a leading ``# Title``
    equal to ``title`` is dropped (the page prints its own). Headings move
    ``shift_headings`` levels down (to nest under the page's own). Code blocks and
    code spans are kept as written: Markdown escapes them itself.
    """
    text = strip_comments(body)
    out: list[str] = []
    fence: str | None = None
    first_content = True
    for line in text.splitlines():
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and set(line.strip()) <= set(fence[0]):
                fence = None
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            out.append(line)
            first_content = False
            continue
        if first_content and line.strip():
            first_content = False
            h1 = _H1.match(line)
            if h1 and title is not None and _same(h1.group(1), title):
                continue
        if shift_headings and _ATX.match(line):
            line = "#" * shift_headings + line.lstrip(" ")
        ref = _REFDEF.match(line)
        if ref:
            # Like inline links, an angle-bracket destination is not honoured: every ``<`` on the line is
            # text (a definition Markdown does not take, such as ``[x]: <img onerror=...>``, stays a paragraph).
            line = ref.group(1) + _safe_destination(ref.group(2)) + ref.group(3)
            out.append(line.replace("<", "&lt;"))
            continue
        pieces: list[str] = []
        pos = 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append(_render_text(line[pos : span.start()], link))
            pieces.append(span.group(0))
            pos = span.end()
        pieces.append(_render_text(line[pos:], link))
        out.append("".join(pieces))
    return "\n".join(out).strip("\n")


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


_DANGEROUS_TAG = re.compile(
    r"<(/?)(script|iframe|object|embed|applet|base|form|meta|link|frame|frameset)\b", re.IGNORECASE
)
_EVENT_ATTR = re.compile(r"""(<[a-zA-Z][^<>]*?)\s+on[a-zA-Z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""")
_URL_ATTR = re.compile(
    r"""(\s(?:href|src|action|formaction|xlink:href|poster)\s*=\s*)(["']?)\s*(?:javascript|vbscript|data)\s*:[^"'\s>]*""",
    re.IGNORECASE,
)


def sanitize_html(html_text: str) -> str:
    """A second net over a rendered page: no script, no event handler, no script URL.

    The pages never produce these themselves (every value is escaped), so this
    only matters if an escape is ever missed; it leaves ordinary markup alone.
    """
    out = _DANGEROUS_TAG.sub(lambda m: "&lt;" + m.group(1) + m.group(2), html_text)
    previous = None
    while previous != out:  # a tag may carry several handlers
        previous = out
        out = _EVENT_ATTR.sub(r"\1", out)
    return _URL_ATTR.sub(lambda m: m.group(1) + m.group(2) + "#", out)
